//! The TUI driven by actions, with no terminal: state changes, effects, and what is drawn
//! into ratatui's `TestBackend`.

// Helpers that cannot set up their repository should fail the test loudly, as `unwrap` does
// in the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tui_input::InputRequest;
use vouch::app::{Action, AppState, Effect, Focus, Mode, update};
use vouch::model::progress::Stamp;
use vouch::model::{Progress, Status};
use vouch::session::Session;
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
    let shown = screen(&state, 100, 70);
    for (keys, what) in state.keymap.help_lines() {
        assert!(shown.contains(&keys), "help lacks {keys}: {shown}");
        assert!(shown.contains(what), "help lacks {what}: {shown}");
    }
    act(&mut state, Action::Cancel);
    assert!(matches!(state.mode, Mode::Normal));
}

#[test]
fn help_wraps_long_descriptions_under_themselves_on_a_narrow_screen() {
    let mut state = state();
    act(&mut state, Action::ToggleHelp);
    let shown = screen(&state, 50, 300);
    for (keys, what) in state.keymap.help_lines() {
        assert!(shown.contains(&keys), "help lacks {keys}: {shown}");
        for word in what.split(' ') {
            assert!(
                shown.contains(word),
                "help cut `{word}` of {what:?}: {shown}"
            );
        }
    }
    // A continuation line starts under the description, not under the keys.
    let (keys, what) = state
        .keymap
        .help_lines()
        .into_iter()
        .find(|(_, what)| what.len() > 40)
        .expect("some description is longer than a 50-column screen allows");
    let first_word = what.split(' ').next().unwrap();
    let line = shown
        .lines()
        .find(|line| line.contains(&format!("{keys}  {first_word}")))
        .unwrap_or_else(|| panic!("no line starts {keys}: {shown}"));
    let column = line.find(&format!("{keys}  ")).unwrap() + keys.len() + 2;
    let next = shown.lines().skip_while(|l| *l != line).nth(1).unwrap();
    assert!(
        next[..column].trim_start_matches(['│', ' ']).is_empty()
            && !next[column..].starts_with(' '),
        "continuation of {keys} is not under its description:\n{line}\n{next}"
    );
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

/// Runs `git ARGS` in `dir` with the developer's own git config shut out and returns what it
/// printed; fails the test if git fails.
fn git_in(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_SYSTEM", "/dev/null")
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// A repository with two commits and a tracked SECURITY.md, built with the git CLI and the
/// developer's own git config shut out.
fn repo_with_history() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| git_in(dir.path(), args);
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
    assert!(
        effects.contains(&Effect::Save(vec!["uk-sscop:1.1-C1".into()])),
        "{effects:?}"
    );
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
        message.is_error
            && message
                .text
                .contains("past the end of SECURITY.md, which has 2 lines"),
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
    let effects = act(&mut state, Action::Submit);
    assert!(
        effects.contains(&Effect::Save(vec!["uk-sscop:1.1-C1".into()])),
        "{effects:?}"
    );
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

#[test]
fn the_user_config_remaps_keys_and_picks_the_high_contrast_theme() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(
        &path,
        "theme = \"high-contrast\"\n[keys]\nCycleStatus = [\"t\"]\nQuit = [\"ctrl-q\"]\n",
    )
    .unwrap();
    let mut state = state();
    vouch::tui::apply_user_config(&mut state, Some(&path), false).unwrap();
    assert_eq!(state.theme, vouch::ui::style::Theme::high_contrast());
    let t = vouch::app::keymap::Key::parse("t").unwrap();
    assert_eq!(state.keymap.action_for(t), Some(Action::CycleStatus));
    let shown = screen(&state, 100, 30);
    assert!(
        shown.contains("t status"),
        "the hint bar follows the key map: {shown}"
    );

    std::fs::write(&path, "[keys]\nFly = [\"f\"]\n").unwrap();
    let mut state = self::state();
    let err = vouch::tui::apply_user_config(&mut state, Some(&path), false).unwrap_err();
    assert!(err.contains("unknown action `Fly`"), "{err}");
    assert_eq!(
        state.keymap,
        vouch::app::keymap::KeyMap::default(),
        "defaults stay"
    );
}

#[test]
fn no_color_wins_over_the_configured_theme() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "theme = \"high-contrast\"\n").unwrap();
    let mut state = state();
    vouch::tui::apply_user_config(&mut state, Some(&path), true).unwrap();
    assert_eq!(state.theme, vouch::ui::style::Theme::no_color());
}

fn mouse(
    kind: ratatui::crossterm::event::MouseEventKind,
    column: u16,
    row: u16,
) -> ratatui::crossterm::event::MouseEvent {
    ratatui::crossterm::event::MouseEvent {
        kind,
        column,
        row,
        modifiers: ratatui::crossterm::event::KeyModifiers::NONE,
    }
}

#[test]
fn the_mouse_selects_ticks_scrolls_and_clicks_hints() {
    use ratatui::crossterm::event::{MouseButton, MouseEventKind};
    use vouch::tui::input::action_for_mouse;
    let screen_area = ratatui::layout::Rect::new(0, 0, 80, 24);
    let mut state = state();
    let areas = vouch::ui::layout(screen_area);
    let click = |x, y| mouse(MouseEventKind::Down(MouseButton::Left), x, y);

    // The third item's status mark: one click selects it and cycles its status.
    let third_mark = click(areas.items.x + 2, areas.items.y + 3);
    let action = action_for_mouse(&state, third_mark, screen_area).unwrap();
    assert_eq!(
        action,
        Action::ClickItem {
            row: 2,
            on_mark: true
        }
    );
    act(&mut state, action);
    assert_eq!(state.selected_id().as_deref(), Some("uk-sscop:1.1-C3"));
    assert_eq!(state.progress.status("uk-sscop:1.1-C3"), Status::InProgress);

    // A click on a title only selects.
    let fifth_title = click(areas.items.x + 20, areas.items.y + 5);
    let action = action_for_mouse(&state, fifth_title, screen_area).unwrap();
    act(&mut state, action);
    assert_eq!(state.selected_id().as_deref(), Some("uk-sscop:1.1-C5"));
    assert_eq!(state.progress.status("uk-sscop:1.1-C5"), Status::Todo);

    // The tree: the row for principle 1.2.
    let tree_row = click(areas.tree.x + 5, areas.tree.y + 4);
    let action = action_for_mouse(&state, tree_row, screen_area).unwrap();
    act(&mut state, action);
    assert_eq!(state.focus, Focus::Tree);
    assert_eq!(state.selected_id().as_deref(), Some("uk-sscop:1.2-C1"));

    // The wheel over the detail pane scrolls it and focuses it.
    let wheel = mouse(
        MouseEventKind::ScrollDown,
        areas.detail.x + 5,
        areas.detail.y + 3,
    );
    let action = action_for_mouse(&state, wheel, screen_area).unwrap();
    act(&mut state, action);
    assert_eq!(state.focus, Focus::Detail);
    assert_eq!(state.detail_scroll, 3);

    // The hint bar: "? help" is first.
    let help_hint = click(areas.footer.x, areas.footer.y);
    let action = action_for_mouse(&state, help_hint, screen_area).unwrap();
    assert_eq!(action, Action::ToggleHelp);
    act(&mut state, action);
    assert!(matches!(state.mode, Mode::Help));
    let anywhere = click(1, 1);
    let action = action_for_mouse(&state, anywhere, screen_area).unwrap();
    act(&mut state, action);
    assert!(matches!(state.mode, Mode::Normal), "a click closes help");
}

#[test]
fn owners_are_assigned_in_a_box_and_me_is_the_person_using_vouch() {
    let mut state = state();
    state.who = "Ada Lovelace <ada@example.com>".into();
    act(&mut state, Action::AssignOwner);
    type_text(&mut state, "me");
    assert_eq!(act(&mut state, Action::Submit).len(), 1);
    let entry = state.progress.get("uk-sscop:1.1-C1").unwrap();
    assert_eq!(
        entry.owner.as_deref(),
        Some("Ada Lovelace <ada@example.com>")
    );
    let shown = screen(&state, 160, 50);
    assert!(
        shown.contains("Owner   Ada Lovelace <ada@example.com>"),
        "{shown}"
    );
}

#[test]
fn the_view_key_cycles_saved_views_and_back_to_all() {
    let mut state = state();
    state.who = "Ada Lovelace <ada@example.com>".into();
    act(&mut state, Action::MoveDown);
    act(&mut state, Action::AssignOwner);
    type_text(&mut state, "me");
    act(&mut state, Action::Submit);
    act(&mut state, Action::MoveDown);
    act(&mut state, Action::CycleStatus);
    act(&mut state, Action::CycleStatus);

    act(&mut state, Action::NextView); // mine
    assert_eq!(state.items.len(), 1);
    assert_eq!(state.selected_id().as_deref(), Some("uk-sscop:1.1-C2"));
    assert!(screen(&state, 100, 30).contains("view: mine"));
    act(&mut state, Action::NextView); // open: todo and in progress
    assert_eq!(state.items.len(), 44, "the done item is left out");
    act(&mut state, Action::NextView); // stale: nothing is stale
    assert!(state.items.is_empty());
    act(&mut state, Action::NextView); // all again
    assert_eq!(state.items.len(), 45);
    assert!(state.message.clone().unwrap().text.contains("all items"));
}

#[test]
fn a_review_meeting_walks_the_agenda_and_summarises_what_changed() {
    let mut state = state();
    // Two items in progress before the meeting.
    act(&mut state, Action::CycleStatus);
    act(&mut state, Action::MoveDown);
    act(&mut state, Action::MoveDown);
    act(&mut state, Action::CycleStatus);

    let effects = act(&mut state, Action::StartReview { since: None });
    assert!(effects.is_empty(), "no baseline to fetch without --since");
    let review = state.review.as_ref().unwrap();
    assert_eq!(review.agenda.len(), 2);
    let shown = screen(&state, 100, 30);
    assert!(shown.contains("Review meeting · 1 of 2"), "{shown}");
    assert!(shown.contains("On the agenda: in progress"), "{shown}");
    assert!(shown.contains("1.1-C1"), "{shown}");

    // Decide the first: done, with the outcome as the note.
    act(&mut state, Action::CycleStatus);
    act(&mut state, Action::EditNote);
    type_text(&mut state, "Agreed: the SDLC page is current");
    act(&mut state, Action::Submit);
    assert_eq!(state.progress.status("uk-sscop:1.1-C1"), Status::Done);
    assert!(state.review.is_some(), "the meeting goes on after a note");

    act(&mut state, Action::ReviewNext);
    assert!(screen(&state, 100, 30).contains("2 of 2"));
    act(&mut state, Action::ReviewSkip);
    assert!(state.review.as_ref().unwrap().finished);
    let shown = screen(&state, 100, 30);
    assert!(
        shown.contains("1 item changed in this meeting; 1 skipped."),
        "{shown}"
    );
    assert!(
        shown.contains("uk-sscop:1.1-C1 [~] in-progress → [x] done"),
        "{shown}"
    );
    assert!(
        shown.contains("Agreed: the SDLC page is current"),
        "{shown}"
    );

    act(&mut state, Action::EndReview);
    assert!(state.review.is_none());
    assert_eq!(state.items.len(), 45, "the main screen is back");
}

#[test]
fn a_review_since_a_tag_puts_items_changed_since_first() {
    let repo = repo_with_history();
    let git = |args: &[&str]| git_in(repo.path(), args);
    std::fs::create_dir_all(repo.path().join(".vouch")).unwrap();
    std::fs::write(
        repo.path().join(".vouch/progress.toml"),
        "version = 1\n[items.\"uk-sscop:3.2-C1\"]\nstatus = \"done\"\n",
    )
    .unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "progress"]);
    git(&["tag", "last-review"]);

    let worker = vouch::git::worker::Worker::start(repo.path().to_owned());
    let mut state = state();
    state
        .progress
        .set_status("uk-sscop:3.2-C1", Status::Done, None, &stamp())
        .unwrap();
    state
        .progress
        .set_status("uk-sscop:4.1-C1", Status::Done, None, &stamp())
        .unwrap();
    let effects = act(
        &mut state,
        Action::StartReview {
            since: Some("last-review".into()),
        },
    );
    run_git_effects(&mut state, &worker, effects);
    let agenda: Vec<&str> = state
        .review
        .as_ref()
        .unwrap()
        .agenda
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(
        agenda[0], "uk-sscop:3.2-C1",
        "its by/updated changed since the tag: {agenda:?}"
    );
    assert!(agenda.contains(&"uk-sscop:4.1-C1"));
    let shown = screen(&state, 100, 30);
    assert!(shown.contains("since last-review"), "{shown}");
    assert!(shown.contains("changed since last-review"), "{shown}");
    assert!(
        shown.contains("since last-review · 1 of "),
        "the meeting starts at the top: {shown}"
    );
}

#[test]
fn stale_evidence_is_marked_diffed_and_reconfirmed_from_the_detail_pane() {
    let repo = repo_with_history();
    let commit = |message: &str| {
        git_in(repo.path(), &["add", "."]);
        git_in(repo.path(), &["commit", "-q", "-m", message]);
    };
    let worker = vouch::git::worker::Worker::start(repo.path().to_owned());
    let mut state = state();
    let effects = act(&mut state, Action::LinkFile);
    run_git_effects(&mut state, &worker, effects);
    type_text(&mut state, "SECURITY");
    act(&mut state, Action::Submit);
    type_text(&mut state, "1");
    let effects = act(&mut state, Action::Submit);
    let rest = run_git_effects(&mut state, &worker, effects);
    assert_eq!(rest, vec![Effect::Save(vec!["uk-sscop:1.1-C1".into()])]);
    assert!(state.attention.is_empty(), "fresh after linking");

    std::fs::write(
        repo.path().join("SECURITY.md"),
        "Report to psirt@example.com\nWe reply in 5 days\n",
    )
    .unwrap();
    commit("New contact");
    let items = vec![(
        "uk-sscop:1.1-C1".to_owned(),
        state
            .progress
            .get("uk-sscop:1.1-C1")
            .unwrap()
            .evidence
            .clone(),
    )];
    run_git_effects(
        &mut state,
        &worker,
        vec![Effect::Git(vouch::git::worker::Request::CheckEvidence {
            items,
        })],
    );
    assert!(state.attention.contains("uk-sscop:1.1-C1"));
    act(&mut state, Action::FocusRight);
    let shown = screen(&state, 160, 50);
    assert!(shown.contains("[ ]!1.1-C1"), "the list flags it: {shown}");
    assert!(
        shown.contains("›1. ✗ file SECURITY.md:1  (stale"),
        "{shown}"
    );

    let effects = act(&mut state, Action::ViewDiff);
    run_git_effects(&mut state, &worker, effects);
    let Mode::Diff { lines, .. } = &state.mode else {
        panic!("no diff shown: {:?}", state.message)
    };
    assert!(
        lines.contains(&"+Report to psirt@example.com".to_owned()),
        "{lines:?}"
    );
    act(&mut state, Action::Cancel);

    let effects = act(&mut state, Action::ReconfirmEvidence);
    let rest = run_git_effects(&mut state, &worker, effects);
    assert_eq!(rest, vec![Effect::Save(vec!["uk-sscop:1.1-C1".into()])]);
    let vouch::model::progress::Evidence::File { confirmed, .. } =
        &state.progress.get("uk-sscop:1.1-C1").unwrap().evidence[0]
    else {
        panic!("expected a file")
    };
    assert!(
        confirmed
            .as_deref()
            .unwrap()
            .starts_with("Ada Lovelace <ada@example.com> on ")
    );
    assert!(
        state.attention.is_empty(),
        "fresh again after re-confirming"
    );

    assert_eq!(
        act(&mut state, Action::CopyEvidence),
        vec![Effect::Copy("SECURITY.md:1".into())]
    );
    assert_eq!(
        act(&mut state, Action::OpenEvidence),
        vec![Effect::OpenEditor {
            path: "SECURITY.md".into(),
            line: Some(1)
        }]
    );
}

#[test]
fn the_crosswalk_shows_derived_coverage_apart_and_adopting_is_explicit() {
    let mut state = state();
    state
        .progress
        .set_status("nist-ssdf:PO.1.1", Status::Done, None, &stamp())
        .unwrap();
    state.rebuild_tree();
    act(&mut state, Action::OpenCrosswalk);
    let Mode::Crosswalk(view) = &state.mode else {
        panic!("no crosswalk")
    };
    assert_eq!(view.from, "uk-sscop");
    assert_eq!(
        view.targets[0], "nist-ssdf",
        "the framework with most pairs comes first"
    );
    let shown = screen(&state, 140, 30);
    assert!(
        shown.contains(
            "Crosswalk uk-sscop → nist-ssdf · 0 done on their own · 1 more covered via nist-ssdf"
        ),
        "{shown}"
    );
    assert!(
        shown.contains("1.1-C1  covered via nist-ssdf:PO.1.1, strong, done"),
        "{shown}"
    );
    assert_eq!(
        state.progress.status("uk-sscop:1.1-C1"),
        Status::Todo,
        "derived is not done"
    );

    let effects = act(&mut state, Action::Adopt);
    assert!(effects.contains(&Effect::Save(vec!["uk-sscop:1.1-C1".into()])));
    let entry = state.progress.get("uk-sscop:1.1-C1").unwrap();
    assert_eq!(entry.status, Status::Done);
    assert_eq!(entry.adopted_from.as_deref(), Some("nist-ssdf:PO.1.1"));
    assert!(screen(&state, 140, 30).contains("1.1-C1  adopted from nist-ssdf:PO.1.1"));

    act(&mut state, Action::Undo);
    assert!(
        state.progress.get("uk-sscop:1.1-C1").is_none(),
        "u undoes the adoption"
    );
    act(&mut state, Action::Cancel);
    assert!(matches!(state.mode, Mode::Normal));
}

#[test]
fn suggested_evidence_is_marked_and_accepted_or_dismissed_by_a_person() {
    let repo = repo_with_history();
    let worker = vouch::git::worker::Worker::start(repo.path().to_owned());
    let mut state = state();
    let catalog = std::sync::Arc::new(state.catalog.clone());
    run_git_effects(
        &mut state,
        &worker,
        vec![Effect::Git(vouch::git::worker::Request::Suggest {
            catalog,
        })],
    );
    let pending = state.pending_proposals("uk-sscop:3.2-C1");
    assert!(!pending.is_empty(), "SECURITY.md names a contact");
    act(&mut state, Action::Search);
    type_text(&mut state, "uk-sscop:3.2-C");
    act(&mut state, Action::Submit);
    let shown = screen(&state, 160, 50);
    assert!(shown.contains("[ ]+uk-sscop:3.2-C1"), "{shown}");
    assert!(
        shown.contains("Suggested evidence (found here; nothing is ticked)"),
        "{shown}"
    );

    let effects = act(&mut state, Action::AcceptSuggestion);
    assert!(effects.contains(&Effect::Save(vec!["uk-sscop:3.2-C1".into()])));
    let entry = state.progress.get("uk-sscop:3.2-C1").unwrap();
    assert_eq!(
        entry.status,
        Status::Todo,
        "accepting links evidence and ticks nothing"
    );
    assert_eq!(entry.evidence.len(), 1);

    act(&mut state, Action::MoveDown);
    let before = state.pending_proposals("uk-sscop:3.2-C2").len();
    if before > 0 {
        act(&mut state, Action::DismissSuggestion);
        assert_eq!(state.pending_proposals("uk-sscop:3.2-C2").len(), before - 1);
        assert!(
            state.progress.get("uk-sscop:3.2-C2").unwrap().dismissed[0]
                .by
                .is_some()
        );
    }
}

#[test]
fn the_history_key_lists_every_committed_change_to_the_item() {
    let repo = repo_with_history();
    let git = |args: &[&str]| git_in(repo.path(), args);
    std::fs::create_dir_all(repo.path().join(".vouch")).unwrap();
    for (status, owner) in [("in-progress", ""), ("done", "owner = \"ops\"\n")] {
        std::fs::write(
            repo.path().join(".vouch/progress.toml"),
            format!("version = 1\n[items.\"uk-sscop:1.1-C1\"]\nstatus = \"{status}\"\n{owner}"),
        )
        .unwrap();
        git(&["add", "."]);
        git(&["commit", "-q", "-m", &format!("1.1-C1 {status}")]);
    }
    let worker = vouch::git::worker::Worker::start(repo.path().to_owned());
    let mut state = state();
    let effects = act(&mut state, Action::ShowHistory);
    run_git_effects(&mut state, &worker, effects);
    let Mode::Diff { title, lines, .. } = &state.mode else {
        panic!("no history: {:?}", state.message)
    };
    assert_eq!(title, "history of uk-sscop:1.1-C1 · 2 changes");
    let text = lines.join("\n");
    assert!(
        text.contains("Ada Lovelace <ada@example.com>  1.1-C1 done"),
        "{text}"
    );
    assert!(text.contains("status in-progress -> done"), "{text}");
    assert!(text.contains("owner: ops"), "{text}");
    assert!(text.contains("status todo -> in-progress"), "{text}");
}

#[test]
fn long_lines_in_the_diff_and_history_viewer_wrap_with_their_indentation() {
    let mut state = state();
    let long = format!("+    note: {}", "evidence of review ".repeat(6).trim_end());
    state.mode = Mode::Diff {
        title: "history".into(),
        lines: vec!["◆ 2026-11-27".into(), long.clone(), " short".into()],
        scroll: 0,
    };
    let shown = screen(&state, 44, 20);
    // The viewer's inside, row by row: the columns between its borders, found on its first row.
    let rows: Vec<Vec<char>> = shown.lines().map(|line| line.chars().collect()).collect();
    let first = rows
        .iter()
        .find(|row| row.contains(&'◆'))
        .expect("the viewer's first row");
    let left = first.iter().position(|c| *c == '◆').unwrap() - 1;
    let right = left + 1 + first[left + 1..].iter().position(|c| *c == '│').unwrap();
    let inside: Vec<String> = rows
        .iter()
        .filter(|row| row.get(left) == Some(&'│'))
        .map(|row| row[left + 1..right].iter().collect())
        .collect();
    let joined: String = inside.concat();
    assert!(
        joined.contains(&long),
        "the whole line, spaces included, across rows: {inside:#?}"
    );
    assert!(
        inside.iter().any(|row| row.starts_with(" short")),
        "{inside:#?}"
    );
}

#[test]
fn help_is_searchable_and_follows_the_screen_in_use() {
    let mut state = state();
    act(&mut state, Action::ToggleHelp);
    type_text(&mut state, "diff");
    let found = state.help_matches();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].2, "ViewDiff");
    let shown = screen(&state, 100, 30);
    assert!(shown.contains("search: diff  (1 found)"), "{shown}");
    act(&mut state, Action::Cancel);
    assert!(matches!(state.mode, Mode::Normal));
    assert!(state.help_query.is_empty());

    act(&mut state, Action::StartReview { since: None });
    act(&mut state, Action::ToggleHelp);
    let names: Vec<&str> = state.help_matches().iter().map(|m| m.2).collect();
    assert!(
        names.contains(&"ReviewNext"),
        "review keys in a meeting: {names:?}"
    );
    assert!(!names.contains(&"LinkCommit"));
}

#[test]
fn an_n_a_shows_its_review_date_and_says_when_it_expired() {
    let mut state = state();
    act(&mut state, Action::MarkNotApplicable);
    type_text(&mut state, "no UI");
    act(&mut state, Action::Submit);
    let shown = screen(&state, 160, 50);
    assert!(
        shown.contains("Review  by 2027-11-27"),
        "a year after the stamp: {shown}"
    );
    assert!(!shown.contains("expired"), "{shown}");

    let later = Stamp {
        by: "Ada Lovelace <ada@example.com>".into(),
        at: "2028-01-05T09:00:00Z".into(),
    };
    update(&mut state, Action::MoveUp, &later);
    let shown = screen(&state, 160, 50);
    assert!(
        shown.contains("Review  by 2027-11-27  expired: review it"),
        "{shown}"
    );
}

#[test]
fn a_change_made_on_disk_by_another_vouch_is_reloaded_and_never_written_back_stale() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".vouch")).unwrap();
    let mut session = Session::open(dir.path()).unwrap();
    let mut state = vouch::tui::initial_state(&mut session);
    assert!(!vouch::tui::reload_if_changed_on_disk(
        &mut session,
        &mut state
    ));

    // Another vouch (or git pull, or an editor) changes the file while the TUI is open.
    let path = dir.path().join(".vouch/progress.toml");
    let (mut other, mut theirs) = ProgressFile::load(&path).unwrap();
    theirs
        .set_status("uk-sscop:4.1-C1", Status::Done, None, &stamp())
        .unwrap();
    other
        .save(&mut theirs, &["uk-sscop:4.1-C1".into()])
        .unwrap();

    assert!(vouch::tui::reload_if_changed_on_disk(
        &mut session,
        &mut state
    ));
    assert_eq!(state.progress.status("uk-sscop:4.1-C1"), Status::Done);
    assert!(state.message.clone().unwrap().text.starts_with("reloaded"));

    // A change made in the TUI afterwards saves on top of theirs, keeping it.
    act_and_save(&mut session, &mut state, Action::CycleStatus);
    let (_, on_disk) = ProgressFile::load(&path).unwrap();
    assert_eq!(
        on_disk.status("uk-sscop:4.1-C1"),
        Status::Done,
        "theirs kept"
    );
    assert_eq!(
        on_disk.status("uk-sscop:1.1-C1"),
        Status::InProgress,
        "ours saved"
    );
}

/// Acts, then runs the saves the action asks for as the TUI loop does, through the session's
/// file; fails the test if a save does not succeed.
fn act_and_save(session: &mut Session, state: &mut AppState, action: Action) {
    for effect in act(state, action) {
        if let Effect::Save(ids) = effect {
            let result = vouch::tui::save(session.progress_file(), state, &ids);
            assert!(result.is_ok(), "the save failed: {result:?}");
            act(state, Action::Saved(result));
        }
    }
}

/// Writes a note on the selected item through the note box, and saves it.
fn write_note(session: &mut Session, state: &mut AppState, note: &str) {
    act(state, Action::EditNote);
    act(state, Action::Input(InputRequest::DeleteLine));
    type_text(state, note);
    act_and_save(session, state, Action::Submit);
}

#[test]
fn a_git_checkout_under_the_running_app_is_reloaded_and_the_next_tick_saves_on_top_of_it() {
    let repo = repo_with_history();
    let git = |args: &[&str]| git_in(repo.path(), args);
    let path = repo.path().join(".vouch/progress.toml");

    // A branch where the team finished two items; main has no progress yet.
    git(&["checkout", "-q", "-b", "review"]);
    let (mut other, mut theirs) = ProgressFile::load(&path).unwrap();
    for id in ["uk-sscop:1.1-C1", "uk-sscop:4.1-C1"] {
        theirs.set_status(id, Status::Done, None, &stamp()).unwrap();
    }
    other
        .save(
            &mut theirs,
            &["uk-sscop:1.1-C1".into(), "uk-sscop:4.1-C1".into()],
        )
        .unwrap();
    git(&["add", ".vouch"]);
    git(&["commit", "-q", "-m", "Review: two items done"]);
    git(&["checkout", "-q", "main"]);
    assert!(!path.exists(), "main has no progress file");

    // On main, the app ticks one item and notes another; both are saved and committed.
    let mut session = Session::open(repo.path()).unwrap();
    let mut state = vouch::tui::initial_state(&mut session);
    act_and_save(&mut session, &mut state, Action::CycleStatus);
    act(&mut state, Action::MoveDown);
    assert_eq!(state.selected_id().as_deref(), Some("uk-sscop:1.1-C2"));
    write_note(&mut session, &mut state, "only on main");
    git(&["add", ".vouch"]);
    git(&["commit", "-q", "-m", "Main: progress"]);
    assert!(!vouch::tui::reload_if_changed_on_disk(
        &mut session,
        &mut state
    ));

    // `git checkout` replaces the file under the running app.
    git(&["checkout", "-q", "review"]);
    assert!(vouch::tui::reload_if_changed_on_disk(
        &mut session,
        &mut state
    ));
    assert!(state.message.clone().unwrap().text.starts_with("reloaded"));
    assert_eq!(state.progress.status("uk-sscop:1.1-C1"), Status::Done);
    assert_eq!(state.progress.status("uk-sscop:4.1-C1"), Status::Done);
    assert!(
        state.progress.get("uk-sscop:1.1-C2").is_none(),
        "main's note is gone"
    );
    assert!(
        state.undo.is_empty(),
        "undo would put main's entries back over the branch's"
    );
    let shown = screen(&state, 100, 30);
    assert!(
        shown.contains("[x] 1.1-C1"),
        "the branch's tick is shown: {shown}"
    );
    assert!(!shown.contains("only on main"), "{shown}");

    // The next tick is saved on top of the branch's file: one entry added, nothing of main's
    // state written back.
    assert_eq!(state.selected_id().as_deref(), Some("uk-sscop:1.1-C2"));
    act_and_save(&mut session, &mut state, Action::CycleStatus);
    let (_, on_disk) = ProgressFile::load(&path).unwrap();
    assert_eq!(
        ["uk-sscop:1.1-C1", "uk-sscop:4.1-C1"].map(|id| on_disk.status(id)),
        [Status::Done; 2],
        "the branch's ticks, not main's in-progress"
    );
    let ticked = on_disk.get("uk-sscop:1.1-C2").unwrap();
    assert_eq!(ticked.status, Status::InProgress);
    assert_eq!(ticked.note, None, "main's note is not written back");
    let diff = git(&["diff", "-U0", "--", ".vouch/progress.toml"]);
    let changed = |sign: char| -> Vec<&str> {
        diff.lines()
            .filter(|l| l.starts_with(sign) && !l.starts_with(&sign.to_string().repeat(3)))
            .collect()
    };
    assert!(
        changed('-').is_empty(),
        "no line of the branch's file changed:\n{diff}"
    );
    assert_eq!(
        changed('+').first().copied(),
        Some("+[items.\"uk-sscop:1.1-C2\"]"),
        "only the new entry is added:\n{diff}"
    );
}

#[test]
fn an_editor_rewriting_the_file_is_reloaded_and_its_note_and_comments_survive_the_next_save() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".vouch")).unwrap();
    let path = dir.path().join(".vouch/progress.toml");
    let mut session = Session::open(dir.path()).unwrap();
    let mut state = vouch::tui::initial_state(&mut session);
    write_note(&mut session, &mut state, "first draft");

    // An editor saves as most do: the whole text to a new file, renamed over the old one.
    let text = std::fs::read_to_string(&path).unwrap();
    let header = "[items.\"uk-sscop:1.1-C1\"]";
    assert!(
        text.contains(header) && text.contains("note = \"first draft\""),
        "{text}"
    );
    let edited = text
        .replace(
            header,
            &format!("# Reviewed with Bob on Tuesday.\n{header}"),
        )
        .replace(
            "note = \"first draft\"",
            "# The argument, not the evidence list.\nnote = \"The SDLC is docs/sdlc.md, agreed in review.\" # Bob",
        );
    let swap = dir.path().join(".vouch/.progress.toml.swp");
    std::fs::write(&swap, &edited).unwrap();
    std::fs::rename(&swap, &path).unwrap();

    assert!(vouch::tui::reload_if_changed_on_disk(
        &mut session,
        &mut state
    ));
    let note = "The SDLC is docs/sdlc.md, agreed in review.";
    assert_eq!(
        state
            .progress
            .get("uk-sscop:1.1-C1")
            .unwrap()
            .note
            .as_deref(),
        Some(note)
    );
    assert!(screen(&state, 100, 30).contains("agreed in review"));

    // The next change to the same item keeps the editor's note and every comment.
    act_and_save(&mut session, &mut state, Action::CycleStatus);
    let saved = std::fs::read_to_string(&path).unwrap();
    for kept in [
        "# Reviewed with Bob on Tuesday.\n[items.\"uk-sscop:1.1-C1\"]",
        "# The argument, not the evidence list.\nnote = \"The SDLC is docs/sdlc.md, agreed in review.\" # Bob",
    ] {
        assert!(saved.contains(kept), "lost {kept:?}:\n{saved}");
    }
    let (_, on_disk) = ProgressFile::load(&path).unwrap();
    let entry = on_disk.get("uk-sscop:1.1-C1").unwrap();
    assert_eq!(entry.status, Status::InProgress);
    assert_eq!(entry.note.as_deref(), Some(note));

    // Only the lines of the change differ from the editor's text.
    let changed: Vec<&str> = saved
        .lines()
        .filter(|l| !edited.lines().any(|e| e == *l))
        .collect();
    assert!(changed.contains(&"status = \"in-progress\""), "{changed:?}");
    assert!(
        changed
            .iter()
            .all(|l| l.starts_with("status") || l.starts_with("updated") || l.starts_with("by")),
        "{changed:?}"
    );
}
