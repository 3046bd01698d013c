//! The terminal loop: draw, read an event, turn it into an action, update, run the effects.

mod input;

use std::io::IsTerminal;
use std::path::Path;

use anyhow::Context;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event};

use std::time::Duration;

use crate::app::action::SaveFailure;
use crate::app::{Action, AppState, Effect, update};
use crate::git::worker::{Response, Worker};
use crate::session::Session;
use crate::store::progress::{ProgressError, ProgressFile};

/// Opens the TUI on the workspace holding `start`. Loading errors are returned before the
/// terminal is touched, so they print normally.
pub fn run(start: &Path) -> anyhow::Result<()> {
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
    let result = event_loop(&mut terminal, state, &mut session);
    ratatui::restore();
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
    state.na_valid_for_months = session.config.review.na_valid_for_months;
    let orphans = state
        .progress
        .orphans(|id| state.catalog.lookup(id).is_some())
        .count();
    if !session.problems.is_empty() {
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

fn event_loop(
    terminal: &mut DefaultTerminal,
    mut state: AppState,
    session: &mut Session,
) -> anyhow::Result<()> {
    let size = terminal.size()?;
    update(
        &mut state,
        Action::Resize {
            width: size.width,
            height: size.height,
        },
        &session.stamp(),
    );
    // Git work runs on its own thread so drawing never waits for history or checks.
    let worker = session
        .workspace
        .in_git
        .then(|| Worker::start(session.workspace.root.clone()));
    let mut effects: Vec<Effect> = Vec::new();
    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|frame| crate::ui::render(&state, frame))?;
            dirty = false;
        }
        let action = if let Some(response) = worker.as_ref().and_then(Worker::try_recv) {
            Some(Action::Git(response))
        } else if event::poll(POLL)? {
            read_action(&state)?
        } else {
            None
        };
        let Some(action) = action else { continue };
        dirty = true;
        effects.extend(update(&mut state, action, &session.stamp()));
        while let Some(effect) = effects.pop() {
            match effect {
                Effect::Quit => return Ok(()),
                Effect::Save(ids) => {
                    let result = save(session.progress_file(), &mut state, &ids);
                    effects.extend(update(&mut state, Action::Saved(result), &session.stamp()));
                }
                Effect::Reload => reload(session, &mut state),
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
    }
}

/// How long to wait for a key before checking the git thread again.
const POLL: Duration = Duration::from_millis(30);

fn read_action(state: &AppState) -> anyhow::Result<Option<Action>> {
    Ok(match event::read()? {
        Event::Key(key) if key.kind == event::KeyEventKind::Press => {
            input::action_for_key(state, key)
        }
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        _ => None,
    })
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
    match ProgressFile::load(session.progress_file().path()) {
        Ok((file, progress)) => {
            *session.progress_file() = file;
            state.progress = progress;
            state.undo.clear();
            state.rebuild_tree();
        }
        Err(err) => state.warn(format!("cannot reload: {err}")),
    }
}
