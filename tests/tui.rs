//! The TUI driven by actions, with no terminal: state changes, effects, and what is drawn
//! into ratatui's `TestBackend`.

// Helpers that build throwaway repositories fail the test loudly, as `unwrap` does in tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tui_input::InputRequest;
use vouch::app::{Action, AppState, Effect, Focus, Mode, update};
use vouch::model::progress::Stamp;
use vouch::model::{Progress, Status};
use vouch::store::load::{Sources, load_catalog};
use vouch::store::progress::ProgressFile;

fn stamp() -> Stamp {
    Stamp {
        by: "Ada Lovelace <ada@example.com>".into(),
        at: "2026-11-27T18:02:11Z".into(),
    }
}

fn state() -> AppState {
    let loaded = load_catalog(&Sources::default(), None, Path::new("."));
    AppState::new(loaded.catalog, Progress::default(), "demo".into())
}

fn act(state: &mut AppState, action: Action) -> Vec<Effect> {
    update(state, action, &stamp())
}

fn type_text(state: &mut AppState, text: &str) {
    for c in text.chars() {
        act(state, Action::Input(InputRequest::InsertChar(c)));
    }
}

fn screen(state: &AppState, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| vouch::ui::render(state, frame))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn opens_on_the_uk_code_with_its_first_item_selected() {
    let state = state();
    assert_eq!(state.selected_id().as_deref(), Some("uk-sscop:1.1-C1"));
    assert_eq!(state.items.len(), 45);
    assert_eq!(state.focus, Focus::Items);
}

#[test]
fn space_cycles_status_saves_each_change_and_undo_walks_back() {
    let mut state = state();
    let effects = act(&mut state, Action::CycleStatus);
    assert_eq!(effects, vec![Effect::Save(vec!["uk-sscop:1.1-C1".into()])]);
    assert_eq!(state.progress.status("uk-sscop:1.1-C1"), Status::InProgress);
    act(&mut state, Action::CycleStatus);
    assert_eq!(state.progress.status("uk-sscop:1.1-C1"), Status::Done);
    let entry = state.progress.get("uk-sscop:1.1-C1").unwrap();
    assert_eq!(entry.by.as_deref(), Some("Ada Lovelace <ada@example.com>"));

    let effects = act(&mut state, Action::Undo);
    assert_eq!(effects, vec![Effect::Save(vec!["uk-sscop:1.1-C1".into()])]);
    assert_eq!(state.progress.status("uk-sscop:1.1-C1"), Status::InProgress);
    act(&mut state, Action::Undo);
    assert!(state.progress.get("uk-sscop:1.1-C1").is_none());
    assert!(
        act(&mut state, Action::Undo).is_empty(),
        "nothing left to undo"
    );
}

#[test]
fn not_applicable_asks_for_a_reason_and_refuses_an_empty_one() {
    let mut state = state();
    assert!(act(&mut state, Action::MarkNotApplicable).is_empty());
    assert!(matches!(state.mode, Mode::Reason { .. }));
    assert!(
        act(&mut state, Action::Submit).is_empty(),
        "empty reason is refused"
    );
    assert!(
        matches!(state.mode, Mode::Reason { .. }),
        "the box stays open"
    );
    assert!(state.message.as_ref().unwrap().is_error);

    type_text(&mut state, "we ship no UI");
    let effects = act(&mut state, Action::Submit);
    assert_eq!(effects.len(), 1);
    let entry = state.progress.get("uk-sscop:1.1-C1").unwrap();
    assert_eq!(entry.status, Status::NotApplicable);
    assert_eq!(entry.reason.as_deref(), Some("we ship no UI"));
    assert!(matches!(state.mode, Mode::Normal));
}

#[test]
fn escape_cancels_a_text_box_without_changing_anything() {
    let mut state = state();
    act(&mut state, Action::EditNote);
    type_text(&mut state, "half a thought");
    assert!(act(&mut state, Action::Cancel).is_empty());
    assert!(state.progress.get("uk-sscop:1.1-C1").is_none());
    assert!(matches!(state.mode, Mode::Normal));
}

#[test]
fn the_note_box_edits_the_existing_note() {
    let mut state = state();
    act(&mut state, Action::EditNote);
    type_text(&mut state, "See docs/sdlc.md");
    act(&mut state, Action::Submit);
    act(&mut state, Action::EditNote);
    act(&mut state, Action::Input(InputRequest::DeletePrevWord));
    type_text(&mut state, "SDLC.md");
    act(&mut state, Action::Submit);
    let note = state.progress.get("uk-sscop:1.1-C1").unwrap().note.clone();
    assert_eq!(note.as_deref(), Some("See docs/SDLC.md"));
}

#[test]
fn search_finds_items_across_frameworks_and_escape_brings_the_tree_back() {
    let mut state = state();
    act(&mut state, Action::Search);
    type_text(&mut state, "PO.1");
    assert!(state.items.len() >= 3);
    assert!(state.selected_id().unwrap().starts_with("nist-ssdf:PO.1"));
    act(&mut state, Action::Submit);
    assert!(matches!(state.mode, Mode::Normal));
    assert!(state.search.is_some(), "Enter keeps the results");
    act(&mut state, Action::Cancel);
    assert!(state.search.is_none());
    assert_eq!(state.items.len(), 45);
}

#[test]
fn moving_in_the_tree_lists_that_sections_items() {
    let mut state = state();
    act(&mut state, Action::FocusLeft);
    assert_eq!(state.focus, Focus::Tree);
    act(&mut state, Action::MoveDown); // T1
    act(&mut state, Action::MoveDown); // 1.1
    act(&mut state, Action::MoveDown); // 1.2
    assert_eq!(state.items.len(), 5, "principle 1.2 has five claims");
    assert_eq!(state.selected_id().as_deref(), Some("uk-sscop:1.2-C1"));
    act(&mut state, Action::Open);
    assert_eq!(state.focus, Focus::Items);
}

#[test]
fn coverage_in_the_tree_follows_ticks() {
    let mut state = state();
    act(&mut state, Action::CycleStatus);
    act(&mut state, Action::CycleStatus);
    let framework_row = &state.tree[0];
    assert_eq!(framework_row.coverage.done, 1);
    assert_eq!(framework_row.coverage.total(), 45);
    let section_11 = state
        .tree
        .iter()
        .find(|n| {
            n.section
                .is_some_and(|si| state.catalog.frameworks[0].sections[si].id == "1.1")
        })
        .unwrap();
    assert_eq!(section_11.coverage.done, 1);
    assert_eq!(section_11.coverage.total(), 6);
}

#[test]
fn the_main_screen_fits_80_by_24_with_tree_items_detail_and_hints() {
    let mut state = state();
    act(&mut state, Action::CycleStatus);
    act(&mut state, Action::CycleStatus);
    let shown = screen(&state, 80, 24);
    assert!(shown.contains("Frameworks"), "{shown}");
    assert!(shown.contains("[x] 1.1-C1"), "{shown}");
    assert!(shown.contains("Status  [x] done"), "{shown}");
    assert!(shown.contains("Space status"), "{shown}");
    assert!(shown.contains("nist-ssdf"), "{shown}");
    insta::assert_snapshot!("main_80x24", shown);
}

#[test]
fn the_detail_pane_lists_mapped_items_with_their_status() {
    let mut state = state();
    // uk-sscop:1.1-C1 maps to nist-ssdf:PO.1.1; tick that one through search.
    act(&mut state, Action::Search);
    type_text(&mut state, "nist-ssdf:PO.1.1");
    act(&mut state, Action::Submit);
    act(&mut state, Action::CycleStatus);
    act(&mut state, Action::CycleStatus);
    act(&mut state, Action::Cancel);
    let shown = screen(&state, 160, 50);
    assert!(
        shown.contains("Mapped items (derived, not counted)"),
        "{shown}"
    );
    assert!(shown.contains("[x] nist-ssdf:PO.1.1 strong"), "{shown}");
    assert!(
        shown.contains("uk-sscop 0/45"),
        "derived coverage is not counted: {shown}"
    );
}

#[test]
fn help_is_generated_from_the_key_map() {
    let mut state = state();
    act(&mut state, Action::ToggleHelp);
    let shown = screen(&state, 100, 40);
    for (keys, what) in state.keymap.help_lines() {
        assert!(shown.contains(&keys), "help lacks {keys}: {shown}");
        assert!(shown.contains(what), "help lacks {what}: {shown}");
    }
    act(&mut state, Action::Cancel);
    assert!(matches!(state.mode, Mode::Normal));
}

#[test]
fn drawing_never_panics_at_any_size_down_to_one_by_one() {
    let mut state = state();
    act(&mut state, Action::EditNote);
    type_text(
        &mut state,
        "a note long enough to need scrolling in a narrow box",
    );
    for width in 1..=90 {
        for height in [1, 2, 3, 5, 8, 13, 24] {
            screen(&state, width, height);
        }
    }
    act(&mut state, Action::Cancel);
    act(&mut state, Action::ToggleHelp);
    for (width, height) in [(1, 1), (10, 4), (30, 10), (80, 24)] {
        screen(&state, width, height);
    }
}

#[test]
fn control_characters_in_notes_are_drawn_inert() {
    let mut state = state();
    act(&mut state, Action::EditNote);
    type_text(&mut state, "ok\u{1b}]52;c;ZXZpbA==\u{7} done");
    act(&mut state, Action::Submit);
    let shown = screen(&state, 160, 50);
    assert!(shown.contains("ok␛]52;c;ZXZpbA==␇ done"), "{shown}");
    assert!(!shown.chars().any(|c| c.is_control() && c != '\n'));
}

#[test]
fn ticking_three_items_and_saving_writes_exactly_those_three() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".vouch/progress.toml");
    let (mut file, progress) = ProgressFile::load(&path).unwrap();
    let loaded = load_catalog(&Sources::default(), None, Path::new("."));
    let mut state = AppState::new(loaded.catalog, progress, "demo".into());
    for _ in 0..3 {
        for _ in 0..2 {
            for effect in act(&mut state, Action::CycleStatus) {
                let Effect::Save(ids) = effect else {
                    panic!("unexpected {effect:?}")
                };
                let result = vouch::tui::save(&mut file, &mut state, &ids);
                act(&mut state, Action::Saved(result));
            }
        }
        let message = state.message.clone().unwrap();
        assert!(message.text.starts_with("saved: "), "{message:?}");
        act(&mut state, Action::MoveDown);
        assert!(state.message.is_none(), "a key press clears the message");
    }
    let (_, on_disk) = ProgressFile::load(&path).unwrap();
    let ids: Vec<&String> = on_disk.items.keys().collect();
    assert_eq!(
        ids,
        ["uk-sscop:1.1-C1", "uk-sscop:1.1-C2", "uk-sscop:1.1-C3"]
    );
    assert!(on_disk.items.values().all(|e| e.status == Status::Done));
}

#[test]
fn a_failed_save_puts_memory_back_in_line_with_the_disk() {
    let mut state = state();
    act(&mut state, Action::CycleStatus);
    let failure = vouch::app::action::SaveFailure {
        message: "disk full".into(),
        needs_reload: false,
    };
    act(&mut state, Action::Saved(Err(failure)));
    assert!(state.progress.get("uk-sscop:1.1-C1").is_none());
    let message = state.message.clone().unwrap();
    assert!(message.is_error && message.text.contains("not saved: disk full"));
}

#[test]
fn the_tree_shows_the_sections_of_one_framework_at_a_time() {
    let mut state = state();
    assert_eq!(
        state.tree.len(),
        1 + 18 + 5,
        "uk-sscop open, five frameworks folded"
    );
    act(&mut state, Action::FocusLeft);
    for _ in 0..19 {
        act(&mut state, Action::MoveDown);
    }
    let node = state.selected_node().unwrap();
    assert_eq!(state.catalog.frameworks[node.framework].id, "nist-ssdf");
    assert!(node.section.is_none());
    assert_eq!(
        state.tree.len(),
        1 + 1 + 23 + 4,
        "nist-ssdf open now, uk-sscop folded"
    );
    assert_eq!(state.items.len(), 42);
}

/// A repository with two commits and a tracked SECURITY.md, built with the git CLI and the
/// developer's own git config shut out.
fn repo_with_history() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_SYSTEM", "/dev/null")
            .env("HOME", dir.path())
            .output()
            .unwrap();
        assert!(status.status.success(), "git {args:?}: {status:?}");
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["config", "user.name", "Ada Lovelace"]);
    git(&["config", "user.email", "ada@example.com"]);
    std::fs::write(dir.path().join("README.md"), "demo\n").unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "Start the project"]);
    std::fs::write(
        dir.path().join("SECURITY.md"),
        "Report to security@example.com\nWe reply in 5 days\n",
    )
    .unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "Add a security policy"]);
    dir
}

/// Runs git effects through a real worker until the app stops asking.
fn run_git_effects(
    state: &mut AppState,
    worker: &vouch::git::worker::Worker,
    effects: Vec<Effect>,
) -> Vec<Effect> {
    let mut rest = Vec::new();
    let mut queue = effects;
    while let Some(effect) = queue.pop() {
        match effect {
            Effect::Git(request) => {
                worker.send(request);
                let response = worker.recv().unwrap();
                queue.extend(act(state, Action::Git(response)));
            }
            other => rest.push(other),
        }
    }
    rest
}

#[test]
fn the_commit_picker_lists_history_searches_it_and_links_the_choice() {
    let repo = repo_with_history();
    let worker = vouch::git::worker::Worker::start(repo.path().to_owned());
    let mut state = state();
    let effects = act(&mut state, Action::LinkCommit);
    run_git_effects(&mut state, &worker, effects);
    let Mode::CommitPicker(picker) = &state.mode else {
        panic!("picker not open")
    };
    assert_eq!(picker.rows.len(), 2);
    assert_eq!(
        picker.rows[0].summary, "Add a security policy",
        "newest first"
    );
    let shown = screen(&state, 100, 30);
    assert!(
        shown.contains("Link a commit to uk-sscop:1.1-C1"),
        "{shown}"
    );
    assert!(shown.contains("Add a security policy"), "{shown}");

    let mut effects = Vec::new();
    for c in "start".chars() {
        effects.extend(act(&mut state, Action::Input(InputRequest::InsertChar(c))));
    }
    run_git_effects(&mut state, &worker, effects);
    let Mode::CommitPicker(picker) = &state.mode else {
        panic!("picker closed")
    };
    assert_eq!(picker.rows.len(), 1);
    let wanted = picker.rows[0].id.clone();
    let effects = act(&mut state, Action::Submit);
    assert_eq!(effects, vec![Effect::Save(vec!["uk-sscop:1.1-C1".into()])]);
    let evidence = &state.progress.get("uk-sscop:1.1-C1").unwrap().evidence;
    assert_eq!(
        evidence,
        &vec![vouch::model::progress::Evidence::Commit { id: wanted }]
    );
}

#[test]
fn the_file_picker_matches_fuzzily_and_pins_the_lines_at_head() {
    let repo = repo_with_history();
    let worker = vouch::git::worker::Worker::start(repo.path().to_owned());
    let mut state = state();
    let effects = act(&mut state, Action::LinkFile);
    run_git_effects(&mut state, &worker, effects);
    type_text(&mut state, "secmd");
    let shown = screen(&state, 100, 30);
    assert!(shown.contains("SECURITY.md"), "{shown}");
    assert!(
        !shown.contains("README.md"),
        "fuzzy filter leaves README out: {shown}"
    );
    act(&mut state, Action::Submit);
    type_text(&mut state, "2-9");
    let effects = act(&mut state, Action::Submit);
    run_git_effects(&mut state, &worker, effects);
    let message = state.message.clone().unwrap();
    assert!(
        message.is_error && message.text.contains("has 3 lines"),
        "{message:?}"
    );

    let effects = act(&mut state, Action::LinkFile);
    run_git_effects(&mut state, &worker, effects);
    type_text(&mut state, "SECURITY");
    act(&mut state, Action::Submit);
    type_text(&mut state, "1-2");
    let effects = act(&mut state, Action::Submit);
    let saves = run_git_effects(&mut state, &worker, effects);
    assert_eq!(saves, vec![Effect::Save(vec!["uk-sscop:1.1-C1".into()])]);
    let vouch::model::progress::Evidence::File {
        path,
        lines,
        blob,
        at,
        ..
    } = &state.progress.get("uk-sscop:1.1-C1").unwrap().evidence[0]
    else {
        panic!("expected a file")
    };
    assert_eq!(path, "SECURITY.md");
    assert_eq!(lines.as_deref(), Some("1-2"));
    assert_eq!(blob.as_ref().map(String::len), Some(40));
    assert_eq!(at.as_ref().map(String::len), Some(40));
}

#[test]
fn a_url_must_look_like_one_before_it_is_linked() {
    let mut state = state();
    act(&mut state, Action::LinkUrl);
    type_text(&mut state, "not a url");
    assert!(act(&mut state, Action::Submit).is_empty());
    assert!(matches!(state.mode, Mode::Url { .. }));
    act(&mut state, Action::Input(InputRequest::DeleteLine));
    type_text(&mut state, "https://example.com/security");
    assert_eq!(act(&mut state, Action::Submit).len(), 1);
    act(&mut state, Action::LinkUrl);
    type_text(&mut state, "https://example.com/security");
    assert!(
        act(&mut state, Action::Submit).is_empty(),
        "the same URL twice is refused"
    );
    assert!(
        state
            .message
            .clone()
            .unwrap()
            .text
            .contains("already has this evidence")
    );
}
