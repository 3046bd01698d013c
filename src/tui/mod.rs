//! The terminal loop: draw, read an event, turn it into an action, update, run the effects.

mod events;
pub mod input;

use std::io::IsTerminal;
use std::path::Path;

use anyhow::Context;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event};

use self::events::{Next, TerminalEvents};

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::app::action::SaveFailure;
use crate::app::{Action, AppState, Effect, update};
use crate::git::worker::{Request, Response, Worker};
use crate::session::Session;
use crate::store::progress::{ProgressError, ProgressFile};
use crate::store::user_config::{UserConfig, user_config_path};
use crate::ui::style::{THEME_NAMES, Theme};

/// How a TUI session ended (with the terminal restored either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// SIGTERM or SIGHUP asked vouch to stop; the number is the signal's. Callers exit with
    /// 128 + it, as a shell reports a process a signal stopped, so a supervisor can tell.
    Stopped(i32),
}

/// Opens the TUI on the workspace holding `start`. Loading errors are returned before the
/// terminal is touched, so they print normally.
pub fn run(start: &Path) -> anyhow::Result<Ended> {
    run_with(start, None)
}

/// Opens the TUI straight into a review meeting, comparing with `since` when given.
pub fn run_review(start: &Path, since: Option<String>) -> anyhow::Result<Ended> {
    run_with(start, Some(Action::StartReview { since }))
}

fn run_with(start: &Path, first: Option<Action>) -> anyhow::Result<Ended> {
    let mut session = Session::open(start)?;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        anyhow::bail!(
            "the vouch TUI needs a terminal; without one, use a subcommand such as `vouch status` or `vouch list` (see `vouch --help`)"
        );
    }
    let state = initial_state(&mut session);
    let mut terminal = match ratatui::try_init() {
        Ok(terminal) => terminal,
        Err(err) => {
            // Raw mode may already be on when entering the alternate screen failed.
            ratatui::restore();
            return Err(err).context("cannot set up the terminal");
        }
    };
    // ratatui's hook restores the screen on a panic; mouse reporting must be switched off too,
    // or the shell receives the mouse's escape sequences.
    let restore_screen = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        capture_mouse(false);
        restore_screen(info);
    }));
    capture_mouse(true);
    let result = event_loop(&mut terminal, state, &mut session, first);
    if std::io::stdout().is_terminal() {
        capture_mouse(false);
        ratatui::restore();
    } else {
        // The terminal went away: there is nothing to restore, and ratatui reports failing to
        // (in `restore` and when the terminal is dropped) with `eprintln!`, which panics on
        // the dead terminal, and a panic in the panic hook aborts.
        std::mem::forget(terminal);
    }
    result
}

/// The state the TUI starts in for an opened session.
#[must_use]
pub fn initial_state(session: &mut Session) -> AppState {
    let title = session.workspace.root.file_name().map_or_else(
        || session.workspace.root.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let progress = std::mem::take(&mut session.progress);
    let mut state = AppState::new(session.catalog.clone(), progress, title);
    state.who.clone_from(&session.who);
    let views = session.config.views();
    if let Ok(views) = &views {
        state.views.clone_from(views);
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let personal = apply_user_config(&mut state, user_config_path().as_deref(), no_color);
    state.na_valid_for_months = session.config.review.na_valid_for_months;
    let orphans = state
        .progress
        .orphans(|id| state.catalog.lookup(id).is_some())
        .count();
    if let Err(problem) = personal {
        state.warn(format!("{problem}; using the defaults"));
    } else if let Err(problem) = &views {
        state.warn(format!("{problem}; using the defaults"));
    } else if !session.problems.is_empty() {
        state.warn(format!(
            "{} problems in checklist files: run `vouch validate` to see them",
            session.problems.len()
        ));
    } else if let Some(notice) = session.notices.first() {
        state.say(notice.clone());
    } else if orphans > 0 {
        state.warn(format!(
            "{orphans} progress entries name items no checklist has; they are kept (see `vouch status`)"
        ));
    }
    state
}

/// Applies the user config (theme, keys) and `NO_COLOR`. On a problem the defaults stay and
/// the problem is returned for the status line.
pub fn apply_user_config(
    state: &mut AppState,
    path: Option<&Path>,
    no_color: bool,
) -> Result<(), String> {
    if no_color {
        state.theme = Theme::no_color();
    }
    let Some(path) = path else {
        return Ok(());
    };
    let config = UserConfig::load(path)?;
    if let Some(name) = &config.theme {
        let theme = Theme::named(name).ok_or_else(|| {
            format!(
                "{}: unknown theme `{name}`; themes are {}",
                path.display(),
                THEME_NAMES.join(", ")
            )
        })?;
        if !no_color {
            state.theme = theme;
        }
    }
    state.keymap = state
        .keymap
        .with_overrides(config.keys.iter().map(|(k, v)| (k.as_str(), v.as_slice())))
        .map_err(|err| format!("{}: {err}", path.display()))?;
    Ok(())
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    mut state: AppState,
    session: &mut Session,
    first: Option<Action>,
) -> anyhow::Result<Ended> {
    let size = terminal.size()?;
    update(
        &mut state,
        Action::Resize {
            width: size.width,
            height: size.height,
        },
        &session.stamp(),
    );
    // Git work runs on its own threads so drawing never waits for history or checks: one
    // answers what a person is waiting for (pickers, pins, diffs), the other the slow
    // whole-repository work (evidence checks walk history, suggestions read many files), so a
    // picker opened at start does not queue behind them.
    let worker = session
        .workspace
        .in_git
        .then(|| Worker::start(session.workspace.root.clone()));
    let background = session
        .workspace
        .in_git
        .then(|| Worker::start(session.workspace.root.clone()));
    let mut effects: Vec<Effect> = Vec::new();
    if let Some(worker) = &background {
        // Check all evidence once at start, off the drawing path, for marks and agendas.
        let items: Vec<_> = state
            .progress
            .items
            .iter()
            .filter(|(_, entry)| !entry.evidence.is_empty())
            .map(|(id, entry)| (id.clone(), entry.evidence.clone()))
            .collect();
        if !items.is_empty() {
            worker.send(Request::CheckEvidence { items });
        }
    }
    if let Some(worker) = &background {
        worker.send(Request::Suggest {
            catalog: std::sync::Arc::new(state.catalog.clone()),
        });
    }
    if let Some(action) = first {
        effects.extend(update(&mut state, action, &session.stamp()));
    }
    let mut dirty = true;
    let mut last_watch = Instant::now();
    let terminal_events = TerminalEvents::start().context("cannot start reading the terminal")?;
    // The signal that asked vouch to stop, 0 until one did.
    let stop = Arc::new(AtomicUsize::new(0));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        // Without the handler the default action kills vouch with the terminal left raw.
        #[allow(clippy::cast_sign_loss)] // signal numbers are small and positive
        let _ = signal_hook::flag::register_usize(signal, Arc::clone(&stop), signal as usize);
    }
    loop {
        // Effects run before drawing, so the screen shows their outcome.
        while let Some(effect) = effects.pop() {
            match effect {
                Effect::Quit => return Ok(Ended::Quit),
                Effect::Save(ids) => {
                    let result = save(session.progress_file(), &mut state, &ids);
                    effects.extend(update(&mut state, Action::Saved(result), &session.stamp()));
                }
                Effect::Reload => reload(session, &mut state),
                Effect::OpenEditor { path, line } => {
                    // The editor reads the terminal now; vouch must not take its keys.
                    terminal_events.pause();
                    let outcome =
                        open_in_editor(terminal, &session.workspace.root.join(&path), line);
                    terminal_events.resume();
                    match outcome {
                        Ok(()) => state.say(format!("back from the editor ({path})")),
                        Err(err) => state.warn(format!("cannot open the editor: {err:#}")),
                    }
                }
                Effect::Copy(text) => copy_to_clipboard(&text),
                // Evidence checks need git; outside a repository there is nothing to check.
                Effect::Git(Request::CheckEvidence { .. }) if worker.is_none() => {}
                Effect::Git(
                    request @ (Request::CheckEvidence { .. } | Request::Suggest { .. }),
                ) => {
                    if let Some(background) = &background {
                        background.send(request);
                    }
                }
                Effect::Git(request) => match &worker {
                    Some(worker) => worker.send(request),
                    None => effects.extend(update(
                        &mut state,
                        Action::Git(Response::Unavailable(
                            "this folder is not in a git repository; only URLs can be linked"
                                .into(),
                        )),
                        &session.stamp(),
                    )),
                },
            }
        }
        let signal = stop.load(Ordering::Relaxed);
        if signal != 0 {
            // SIGTERM or SIGHUP: the effects above saved everything (a key handled as the
            // signal came included); leave so the terminal is restored.
            return Ok(Ended::Stopped(i32::try_from(signal).unwrap_or(i32::MAX)));
        }
        if dirty {
            terminal.draw(|frame| crate::ui::render(&state, frame))?;
            dirty = false;
        }
        let answer = worker
            .as_ref()
            .and_then(Worker::try_recv)
            .or_else(|| background.as_ref().and_then(Worker::try_recv));
        let action = if let Some(response) = answer {
            Some(Action::Git(response))
        } else {
            match terminal_events.next(POLL) {
                Next::Event(event) => {
                    let size = terminal.size()?;
                    action_for_event(
                        &state,
                        &event,
                        ratatui::layout::Rect::new(0, 0, size.width, size.height),
                    )
                }
                // Everything is saved already; there is no screen left to restore.
                Next::Lost(why) => anyhow::bail!("the terminal went away ({why})"),
                Next::Timeout if !std::io::stdout().is_terminal() => {
                    anyhow::bail!("the terminal went away (hung up)")
                }
                Next::Timeout => {
                    if last_watch.elapsed() >= WATCH {
                        last_watch = Instant::now();
                        dirty |= reload_if_changed_on_disk(session, &mut state);
                    }
                    None
                }
            }
        };
        let Some(action) = action else { continue };
        dirty = true;
        effects.extend(update(&mut state, action, &session.stamp()));
    }
}

/// Leaves the screen, runs `$VISUAL` or `$EDITOR` (else `vi`) on `path` at `line`, and comes
/// back. The terminal is restored for the editor and taken again afterwards.
fn open_in_editor(
    terminal: &mut DefaultTerminal,
    path: &Path,
    line: Option<u32>,
) -> anyhow::Result<()> {
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .ok()
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".to_owned());
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let mut command = std::process::Command::new(program);
    command.args(words);
    if let Some(line) = line {
        command.arg(format!("+{line}"));
    }
    command.arg(path);
    capture_mouse(false);
    ratatui::restore();
    let status = command.status();
    *terminal = ratatui::try_init().context("cannot take the terminal back")?;
    capture_mouse(true);
    terminal.clear()?;
    let status = status.with_context(|| format!("cannot run `{editor}` (set $EDITOR)"))?;
    if !status.success() {
        anyhow::bail!("`{editor}` exited with {status}");
    }
    Ok(())
}

/// Puts text on the clipboard through the terminal (OSC 52), which works over SSH too. The
/// text is our own (ids, paths, URLs) and base64-encoded, so it cannot drive the terminal.
fn copy_to_clipboard(text: &str) {
    use base64::Engine as _;
    use std::io::Write as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut stdout = std::io::stdout();
    let _ = write!(stdout, "\x1b]52;c;{encoded}\x07");
    let _ = stdout.flush();
}

/// Turns mouse reporting on or off. Failing to is harmless: the keys still work.
fn capture_mouse(on: bool) {
    use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
    use ratatui::crossterm::execute;
    let mut stdout = std::io::stdout();
    let _ = if on {
        execute!(stdout, EnableMouseCapture)
    } else {
        execute!(stdout, DisableMouseCapture)
    };
}

/// How long to wait for a key before checking the git thread again.
const POLL: Duration = Duration::from_millis(30);

/// The action a terminal event asks for, if any (key releases and focus changes ask none).
fn action_for_event(
    state: &AppState,
    event: &Event,
    screen: ratatui::layout::Rect,
) -> Option<Action> {
    match *event {
        Event::Key(key) if key.kind == event::KeyEventKind::Press => {
            input::action_for_key(state, key)
        }
        Event::Mouse(mouse) => input::action_for_mouse(state, mouse, screen),
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        _ => None,
    }
}

/// Runs the one save path for `ids` and describes the outcome for the status line.
pub fn save(
    file: &mut ProgressFile,
    state: &mut AppState,
    ids: &[String],
) -> Result<String, SaveFailure> {
    match file.save(&mut state.progress, ids) {
        Ok(report) if report.merged_from_disk => {
            Ok(" (merged with changes made on disk meanwhile)".to_owned())
        }
        Ok(_) => Ok(String::new()),
        Err(err) => Err(SaveFailure {
            needs_reload: matches!(err, ProgressError::Conflict { .. }),
            message: err.to_string(),
        }),
    }
}

fn reload(session: &mut Session, state: &mut AppState) {
    // Through the file's own reload, so progress carried over from renamed ids stays carried.
    match session.progress_file().reload() {
        Ok(progress) => {
            state.progress = progress;
            // Undo entries describe the file before someone else changed it; they no longer hold.
            state.undo.clear();
            state.rebuild_tree();
            state.refresh_items();
        }
        Err(err) => state.warn(format!("cannot reload: {err}")),
    }
}

/// Reloads progress when `progress.toml` changed on disk since it was last read or written
/// here, saying so on the status line. Returns whether it reloaded.
pub fn reload_if_changed_on_disk(session: &mut Session, state: &mut AppState) -> bool {
    if !session.progress_file().changed_on_disk().unwrap_or(false) {
        return false;
    }
    reload(session, state);
    state.say("reloaded .vouch/progress.toml: it changed on disk (another vouch, git, an editor)");
    true
}

/// How often the loop looks whether progress.toml changed on disk (another vouch, `git pull`,
/// `git checkout`, an editor). Every change here is saved at once, so there is never unsaved
/// state to lose by reloading.
const WATCH: Duration = Duration::from_secs(1);
