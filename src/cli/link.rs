//! `vouch link ID --commit REV | --file PATH[:A-B] | --url URL`: pin evidence to an item.

use std::io::Write;
use std::path::Path;

use anyhow::bail;

use super::{Outcome, one_line, open_repo, open_session, resolve_item};
use crate::git::evidence::{pin_file, resolve_commit, split_path_and_lines};
use crate::model::progress::Evidence;

/// Options of `vouch link`: exactly one kind of evidence.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("kind").required(true).args(["commit", "file", "url"])))]
pub struct Args {
    /// The item: a full id like uk-sscop:1.1-C1, or the bare id when one framework has it
    pub id: String,
    /// A commit: any revision git understands (short id, tag, HEAD~2); stored as the full id
    #[arg(long, value_name = "REV")]
    pub commit: Option<String>,
    /// A committed file inside the repository, optionally with lines: docs/sdlc.md:10-20
    #[arg(long, value_name = "PATH[:A-B]")]
    pub file: Option<String>,
    /// A web address
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

/// Resolves and pins the evidence, links it, saves, and prints what was linked.
pub fn run(args: &Args, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let mut session = open_session(start)?;
    let id = resolve_item(&session, &args.id)?;
    let evidence = if let Some(url) = &args.url {
        if !Evidence::is_linkable_url(url) {
            bail!(
                "`{}` is not a full web address; give one like https://example.com/security-policy",
                one_line(url)
            );
        }
        Evidence::Url {
            url: url.trim().to_owned(),
        }
    } else {
        let repo = open_repo(
            &session,
            "link commits and files; only --url evidence works here",
        )?;
        if let Some(rev) = &args.commit {
            Evidence::Commit {
                id: resolve_commit(&repo, rev)?,
            }
        } else if let Some(file) = &args.file {
            let (path, lines) = split_path_and_lines(file)?;
            pin_file(&repo, start, Path::new(path), lines)?
        } else {
            bail!("say what to link: --commit REV, --file PATH[:A-B] or --url URL");
        }
    };
    let stamp = session.stamp();
    let shown = evidence.to_string();
    session.progress.link(&id, evidence, &stamp)?;
    session.save(std::slice::from_ref(&id))?;
    let count = session.progress.get(&id).map_or(0, |e| e.evidence.len());
    writeln!(
        out,
        "{}: linked {} as evidence {count}",
        one_line(&id),
        one_line(&shown)
    )?;
    writeln!(
        out,
        "saved {}",
        session
            .workspace
            .display_path(&session.workspace.progress_path())
    )?;
    Ok(Outcome::Fine)
}
