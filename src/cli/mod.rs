//! The command line: one file per subcommand, all working through [`Session`] and the same
//! model and store functions as the TUI, so both save the same bytes.
//!
//! Every subcommand prints its results to stdout and errors to stderr (starting `error: `), and
//! exits 0 when all is fine, 1 when a check found problems, 2 on bad input or usage.

pub mod adopt;
pub mod assign;
pub mod check;
pub mod crosswalk;
pub mod diff;
pub mod export;
pub mod frameworks;
pub mod history;
pub mod hooks;
pub mod import;
pub mod init;
pub mod link;
pub mod list;
pub mod merge_driver;
pub mod note;
pub mod reconfirm;
pub mod review;
pub mod scan;
pub mod set;
pub mod shell;
pub mod show;
pub mod status;
pub mod suggest;
pub mod unlink;
pub mod validate;
pub mod verify;

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, anyhow};
use clap::{Parser, Subcommand};

use crate::model::{Catalog, Framework, Status};
use crate::session::Session;

/// Track secure-development frameworks item by item, with progress kept as TOML in your git
/// repository. With no command, opens the terminal UI.
#[derive(Debug, Parser)]
#[command(
    name = "vouch",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("VOUCH_COMMIT"), ")"),
    about,
    max_term_width = 100
)]
pub struct Cli {
    /// What to do; none opens the terminal UI.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create .vouch/ with a config and an empty progress file (safe to run again)
    Init(init::Args),
    /// Coverage per framework and section: done, in progress, n/a, todo
    Status(status::Args),
    /// One item a line: id, status, title
    List(list::Args),
    /// Everything about one item: guidance, status, note, evidence, mapped items
    Show(show::Args),
    /// Change an item's status (n/a needs --reason)
    Set(set::Args),
    /// Set an item's note (the argument for why its evidence supports it)
    Note(note::Args),
    /// Give an item an owner (`me` for you, `none` to clear)
    Assign(assign::Args),
    /// Link evidence: a commit, a committed file (optionally lines), or a web address
    Link(link::Args),
    /// Remove evidence number N, as `vouch show` numbers it
    Unlink(unlink::Args),
    /// Vouch again for a changed file: re-pin evidence N to the file at HEAD
    Reconfirm(reconfirm::Args),
    /// List evidence that is stale or missing; exit 1 if any
    Verify(verify::Args),
    /// Link commits whose messages carry `Vouch: <id>` trailers
    Scan(scan::Args),
    /// Git hooks: `vouch hooks install` checks Vouch: trailers when committing
    #[command(subcommand)]
    Hooks(hooks::HooksCommand),
    /// Run a review meeting in the terminal: an agenda, one item per screen, a summary
    Review(review::Args),
    /// Take over a mapped item's done or n/a status, recording where it came from
    Adopt(adopt::Args),
    /// For each item of one framework, what another framework covers (derived, not counted)
    Crosswalk(crosswalk::Args),
    /// Every change to an item (or to all items), newest first, from the git history of
    /// .vouch/progress.toml
    History(history::Args),
    /// What changed in posture between two revisions (the second defaults to the working tree)
    Diff(diff::Args),
    /// Reports for people and tools: markdown, json, csv, oscal, junit, assurance
    Export(export::Args),
    /// CI gate: apply the policy in .vouch/config.toml [check]; exit 1 with one line per failure
    Check(check::Args),
    /// Propose evidence found in the repository; --accept links it, --dismiss sets it aside
    Suggest(suggest::Args),
    /// Check checklist and mapping files, reporting every problem with file, line and column
    Validate(validate::Args),
    /// List loaded frameworks with version, counts and where each came from
    Frameworks,
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(shell::CompletionsArgs),
    /// Print the man page (roff), e.g. `vouch man > vouch.1`
    Man,
    /// Make a team checklist from another format (OWASP ASVS CSV)
    Import(import::Args),
    /// git merge driver for .vouch/progress.toml: merges per item (set up by `init --merge-driver`)
    #[command(long_about = merge_driver::LONG_ABOUT)]
    MergeDriver(merge_driver::Args),
}

/// How a command that ran to the end went, as its exit code tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// All fine: exit 0.
    Fine,
    /// A check found problems: exit 1.
    CheckFailed,
    /// Some input could not be used at all (a file that cannot be read): exit 2.
    BadInput,
    /// The TUI was stopped by this signal (after restoring the terminal): exit 128 + it, as a
    /// shell reports it.
    Stopped(i32),
}

impl From<crate::tui::Ended> for Outcome {
    fn from(ended: crate::tui::Ended) -> Self {
        match ended {
            crate::tui::Ended::Quit => Outcome::Fine,
            crate::tui::Ended::Stopped(signal) => Outcome::Stopped(signal),
        }
    }
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Fine => ExitCode::SUCCESS,
            Outcome::CheckFailed => ExitCode::from(1),
            Outcome::BadInput => ExitCode::from(2),
            Outcome::Stopped(signal) => {
                ExitCode::from(u8::try_from(128 + signal.clamp(0, 127)).unwrap_or(u8::MAX))
            }
        }
    }
}

/// Runs one subcommand in the workspace holding `start`, printing to stdout and stderr.
#[must_use]
pub fn run(command: Command, start: &Path) -> ExitCode {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let result = match command {
        Command::Init(args) => init::run(&args, start, &mut out),
        Command::Status(args) => status::run(&args, start, &mut out),
        Command::List(args) => list::run(&args, start, &mut out),
        Command::Show(args) => show::run(&args, start, &mut out),
        Command::Set(args) => set::run(&args, start, &mut out),
        Command::Note(args) => note::run(&args, start, &mut out),
        Command::Assign(args) => assign::run(&args, start, &mut out),
        Command::Review(args) => review::run(&args, start),
        Command::Link(args) => link::run(&args, start, &mut out),
        Command::Unlink(args) => unlink::run(&args, start, &mut out),
        Command::Reconfirm(args) => reconfirm::run(&args, start, &mut out),
        Command::Verify(args) => verify::run(&args, start, &mut out),
        Command::Scan(args) => scan::run(&args, start, &mut out),
        Command::Hooks(command) => hooks::run(&command, start, &mut out),
        Command::Adopt(args) => adopt::run(&args, start, &mut out),
        Command::Crosswalk(args) => crosswalk::run(&args, start, &mut out),
        Command::History(args) => history::run(&args, start, &mut out),
        Command::Diff(args) => diff::run(&args, start, &mut out),
        Command::Export(args) => export::run(&args, start, &mut out),
        Command::Check(args) => check::run(&args, start, &mut out),
        Command::Suggest(args) => suggest::run(&args, start, &mut out),
        Command::Validate(args) => validate::run(&args, start, &mut out),
        Command::Frameworks => frameworks::run(start, &mut out),
        Command::Import(args) => import::run(&args, start, &mut out),
        Command::Completions(args) => shell::completions(&args),
        Command::Man => shell::man(),
        Command::MergeDriver(args) => merge_driver::run(&args, start, &mut out),
    };
    let result = result.and_then(|outcome| {
        out.flush().context("cannot write the output")?;
        Ok(outcome)
    });
    match result {
        Ok(outcome) => outcome.into(),
        Err(err) => report_error(&err),
    }
}

/// Prints `err` to stderr as `error: ...` and gives exit code 2 (bad input or usage). A closed
/// output pipe (`vouch list | head`) is not an error: the reader has what it wanted.
#[must_use]
pub fn report_error(err: &anyhow::Error) -> ExitCode {
    let broken_pipe = err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    });
    if broken_pipe {
        return ExitCode::SUCCESS;
    }
    // Errors quote what the user typed and what files hold: shown inert, never sent raw. A
    // stderr that is gone (the terminal closed under the TUI) is no reason to panic.
    let _ = writeln!(io::stderr(), "error: {}", visible(&error_text(err)));
    ExitCode::from(2)
}

/// The error with its causes, leaving out a cause its message already quotes.
fn error_text(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let part = cause.to_string();
        if !text.contains(&part) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&part);
        }
    }
    text
}

/// The git repository behind a session, for commands that need one; outside git, says so.
fn open_repo(session: &Session, what: &str) -> anyhow::Result<git2::Repository> {
    if !session.workspace.in_git {
        anyhow::bail!(
            "{} is not in a git repository, so vouch cannot {what}",
            session.workspace.root.display()
        );
    }
    git2::Repository::open(&session.workspace.root).with_context(|| {
        format!(
            "cannot open the git repository at {}",
            session.workspace.root.display()
        )
    })
}

/// Opens the session for a command that reads or changes progress, warning on stderr when some
/// checklist files have problems (the rest still loads).
fn open_session(start: &Path) -> anyhow::Result<Session> {
    let session = Session::open(start)?;
    warn_problems(session.problems.len());
    warn_unsettled_merge(&session);
    Ok(session)
}

/// A merge that `vouch merge-driver` could not settle leaves `progress.toml.theirs` beside the
/// file until someone finishes it; until then their changes are not in what vouch shows.
fn warn_unsettled_merge(session: &Session) {
    let progress = session.workspace.progress_path();
    let mut theirs = progress.clone().into_os_string();
    theirs.push(".theirs");
    if Path::new(&theirs).exists() {
        let shown = session.workspace.display_path(&progress);
        eprintln!(
            "warning: {shown}.theirs is left from a merge that could not be settled, so their changes are not shown; fix it and run `vouch merge-driver {shown}.base {shown} {shown}.theirs`"
        );
    }
}

fn warn_problems(count: usize) {
    if count > 0 {
        eprintln!(
            "warning: {count} problem{} in checklist files; the rest is loaded. Run `vouch validate` to see {}",
            plural(count),
            if count == 1 { "it" } else { "them" }
        );
    }
}

/// The full id of the item the user typed, or an error with the closest ids; when the item is
/// in a framework the config does not enable, the error says that instead.
fn resolve_item(session: &Session, typed: &str) -> anyhow::Result<String> {
    session.resolve(typed).map_err(|unknown| {
        let typed = typed.trim();
        let in_disabled = session.disabled.iter().find_map(|f| {
            let item = match typed.split_once(':') {
                Some((framework, item)) if framework == f.id => item,
                Some(_) => return None,
                None => typed,
            };
            f.items.iter().any(|i| i.id == item).then_some((f, item))
        });
        match in_disabled {
            Some((framework, item)) => anyhow!(
                "item `{}:{}` is in framework `{}`, which is not enabled in {}; add it to `frameworks` there to use it",
                framework.id,
                one_line(item),
                framework.id,
                session
                    .workspace
                    .display_path(&session.workspace.config_path())
            ),
            None => unknown.into(),
        }
    })
}

/// The enabled framework named `id`, or an error with the closest ids (and a hint when the
/// framework is loaded but not enabled in the config).
fn find_framework<'a>(session: &'a Session, id: &str) -> anyhow::Result<&'a Framework> {
    if let Some(framework) = session.catalog.framework(id) {
        return Ok(framework);
    }
    if session.disabled.iter().any(|f| f.id == id) {
        return Err(anyhow!(
            "framework `{id}` is not enabled in {}; add it to `frameworks` there to use it",
            session
                .workspace
                .display_path(&session.workspace.config_path())
        ));
    }
    Err(anyhow!(
        "unknown framework `{id}`{}",
        framework_hint(&session.catalog, id)
    ))
}

/// The progress file's path inside the repository, with `/` separators, as git names it.
fn progress_path_in_repo(session: &Session) -> String {
    session
        .workspace
        .display_path(&session.workspace.progress_path())
        .replace('\\', "/")
}

/// The facts a report states: name, forge, HEAD, whether progress has uncommitted changes,
/// who and when.
fn report_context(session: &Session) -> crate::report::Context {
    use crate::git::repo::{committed_text, head_commit, origin_url};
    let repo = session
        .workspace
        .in_git
        .then(|| git2::Repository::open(&session.workspace.root).ok())
        .flatten();
    let head = repo.as_ref().and_then(head_commit);
    let uncommitted = repo.as_ref().is_some_and(|repo| {
        let committed = committed_text(repo, &progress_path_in_repo(session));
        let committed = committed
            .as_deref()
            .map(|text| crate::store::progress::parse_text("HEAD", text).ok());
        match committed {
            Some(Some(progress)) => progress != session.progress,
            Some(None) => true,
            None => !session.progress.items.is_empty(),
        }
    });
    let name = session.workspace.root.file_name().map_or_else(
        || session.workspace.root.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    crate::report::Context {
        name,
        forge: repo
            .as_ref()
            .and_then(origin_url)
            .and_then(|url| crate::report::links::Forge::from_remote(&url)),
        head: head.map(|(id, time)| crate::report::Head { id, time }),
        uncommitted,
        who: session.who.clone(),
        now: session.stamp().at,
        today: crate::model::review::today(),
        terms: session.config.review.terms(),
    }
}

/// "; did you mean ...?" with the closest framework ids, or the list of all of them.
fn framework_hint(catalog: &Catalog, id: &str) -> String {
    let closest = catalog.closest_framework_ids(id, 3);
    if closest.is_empty() {
        let all: Vec<&str> = catalog.frameworks.iter().map(|f| f.id.as_str()).collect();
        format!("; the frameworks are: {}", all.join(", "))
    } else {
        format!("; did you mean {}?", closest.join(", "))
    }
}

/// Parses a status word, or says which words there are.
fn parse_status(word: &str) -> anyhow::Result<Status> {
    Status::parse(word).ok_or_else(|| {
        let words: Vec<&str> = [
            Status::Todo,
            Status::InProgress,
            Status::Done,
            Status::NotApplicable,
        ]
        .iter()
        .map(|s| s.as_str())
        .collect();
        anyhow!(
            "unknown status `{}`; use one of: {}",
            visible(word),
            words.join(", ")
        )
    })
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// Text from files and users, safe to print: control characters are shown as symbols rather
/// than sent to the terminal. Line breaks are kept.
fn visible(text: &str) -> String {
    crate::text::visible(text, true).into_owned()
}

/// Like [`visible`], for one line: line breaks are shown too.
fn one_line(text: &str) -> String {
    crate::text::visible(text, false).into_owned()
}

/// Shortens `text` to `width` characters, marking the cut with `…`.
fn truncate(text: &str, width: usize) -> String {
    crate::text::fit(text, width)
}

/// Wraps `text` at `width` columns, every line starting with `indent`. Single line breaks are
/// reflowed like spaces (checklist files break long sentences); blank lines separate paragraphs.
/// The result ends with a line break.
fn wrap(text: &str, indent: &str, width: usize) -> String {
    let room = width.saturating_sub(indent.len()).max(1);
    let mut out = String::new();
    for (index, paragraph) in text.split("\n\n").enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let flowed = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        for line in crate::text::wrap(&flowed, room, room) {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_sent() {
        assert_eq!(visible("a\u{1b}[2Jb\nc"), "a␛[2Jb\nc");
        assert_eq!(one_line("a\nb"), "a␊b");
    }

    #[test]
    fn wrapping_keeps_words_whole_and_indents_every_line() {
        let wrapped = wrap("one two three\nfour five", "  ", 12);
        assert_eq!(wrapped, "  one two\n  three four\n  five\n");
        assert_eq!(wrap("a\n\nb", "", 80), "a\n\nb\n");
    }

    #[test]
    fn causes_already_quoted_are_not_repeated() {
        let io = io::Error::new(io::ErrorKind::PermissionDenied, "Permission denied");
        let err = anyhow::Error::new(io).context("cannot save x: Permission denied");
        assert_eq!(error_text(&err), "cannot save x: Permission denied");
        let err = anyhow!("inner").context("outer");
        assert_eq!(error_text(&err), "outer: inner");
    }

    #[test]
    fn long_text_is_cut_with_a_mark() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
    }
}
