//! Benchmarks for the speed targets in docs/PERFORMANCE.md:
//!
//! - `load`: all bundled checklists plus a 1,000-item progress file (target 5 ms);
//! - `draw`: one frame of a 1,000-item framework (target 1 ms);
//! - `save`: one change saved to a 1,000-item progress file, fsync included (target 5 ms).
//!
//! Inputs are generated here, deterministically, and written to throwaway folders; nothing
//! is read from the developer's own repository or config. Run with `scripts/bench.sh`, or
//! `cargo bench --bench core -- --measurement-time 3`.

// A benchmark whose setup fails must stop loudly, as a test would; `expect` says where.
#![allow(clippy::expect_used)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;
use vouch::app::AppState;
use vouch::model::progress::{Evidence, Stamp};
use vouch::model::{Catalog, Framework, Item, ItemProgress, Progress, Section, Status};
use vouch::store::load::{Sources, load_catalog};
use vouch::store::progress::{ProgressFile, write_atomically};

/// Items in the synthetic framework and entries in the synthetic progress file.
const ITEMS: usize = 1_000;
/// Top-level sections of the synthetic framework; each holds `SUBSECTIONS` subsections.
const SECTIONS: usize = 4;
const SUBSECTIONS: usize = 5;
/// Id of the synthetic framework.
const FRAMEWORK: &str = "acme";
/// Terminal sizes drawn: the smallest common one and a large one (wide layout, three panes).
const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];

/// The synthetic framework: 4 sections of 5 subsections, 50 items each, with guidance of a
/// few sentences, evidence hints and tags, like the bundled checklists but five times larger.
fn synthetic_framework() -> Framework {
    let per_subsection = ITEMS / (SECTIONS * SUBSECTIONS);
    let mut sections = Vec::new();
    let mut items = Vec::new();
    for s in 0..SECTIONS {
        let top = char::from(b'A' + u8::try_from(s).expect("few sections"));
        sections.push(Section {
            id: top.to_string(),
            title: format!("Practice area {top}: governance, design and delivery"),
            parent: None,
        });
        for sub in 1..=SUBSECTIONS {
            let section = format!("{top}.{sub}");
            sections.push(Section {
                id: section.clone(),
                title: format!("Practice {section} – controls for the software lifecycle"),
                parent: Some(top.to_string()),
            });
            for n in 1..=per_subsection {
                let i = items.len();
                items.push(Item {
                    id: format!("{section}-C{n:02}"),
                    section: section.clone(),
                    title: format!(
                        "Control {i}: keep {} under review{}",
                        ["dependencies", "build scripts", "secrets", "release keys"][i % 4],
                        if i % 3 == 0 {
                            " and record who approved each change to it"
                        } else {
                            ""
                        }
                    ),
                    guidance: format!(
                        "Decide who owns control {i} and write the decision down where the team \
                         will find it. Review it at least once a release and whenever the \
                         threat model changes, so that it reflects how the software is built \
                         today rather than how it was built when the control was first met. \
                         This is done when a reviewer can follow the record from the policy to \
                         the code and the pipeline without asking anyone. Keep the evidence in \
                         the repository, next to the code it describes."
                    ),
                    evidence_hints: vec![
                        "A policy document in the repository naming the owner".to_owned(),
                        "CI configuration that enforces the control on every change".to_owned(),
                        "Review records linked from the release notes".to_owned(),
                    ],
                    tags: vec!["governance".to_owned(), format!("area-{top}")],
                    level: (i % 2 == 0).then(|| format!("L{}", 1 + i % 3)),
                });
            }
        }
    }
    Framework {
        id: FRAMEWORK.to_owned(),
        title: "ACME Secure Delivery Standard".to_owned(),
        publisher: "ACME Ltd".to_owned(),
        version: "2026".to_owned(),
        source: "https://example.com/acme-sds".to_owned(),
        licence: "Synthetic benchmark data".to_owned(),
        sections,
        items,
        origin: "bench".to_owned(),
    }
}

/// A TOML string literal, escaped by `toml_edit` so any text round-trips.
fn toml_string(text: &str) -> String {
    toml_edit::Value::from(text).to_string()
}

/// The synthetic framework as a team checklist file, in the bundled files' format.
fn framework_toml(framework: &Framework) -> String {
    let mut out = String::new();
    let s = toml_string;
    let _ = write!(
        out,
        "[framework]\nid = {}\ntitle = {}\npublisher = {}\nversion = {}\nsource = {}\nlicence = {}\n",
        s(&framework.id),
        s(&framework.title),
        s(&framework.publisher),
        s(&framework.version),
        s(&framework.source),
        s(&framework.licence),
    );
    for section in &framework.sections {
        let _ = write!(
            out,
            "\n[[sections]]\nid = {}\ntitle = {}\n",
            s(&section.id),
            s(&section.title)
        );
        if let Some(parent) = &section.parent {
            let _ = writeln!(out, "parent = {}", s(parent));
        }
    }
    for item in &framework.items {
        let _ = write!(
            out,
            "\n[[items]]\nid = {}\nsection = {}\ntitle = {}\nguidance = {}\n",
            s(&item.id),
            s(&item.section),
            s(&item.title),
            s(&item.guidance),
        );
        if let Some(level) = &item.level {
            let _ = writeln!(out, "level = {}", s(level));
        }
        let list = |values: &[String]| values.iter().map(|v| s(v)).collect::<Vec<_>>().join(", ");
        let _ = write!(
            out,
            "evidence = [{}]\ntags = [{}]\n",
            list(&item.evidence_hints),
            list(&item.tags)
        );
    }
    out
}

/// One entry per item of `framework`, in a realistic mix: mostly done, some in progress, some
/// n/a with a reason, some still todo with a note; notes on a third (some multi-line),
/// commit and file evidence on a quarter, a link on an eighth.
fn synthetic_progress(framework: &Framework) -> Progress {
    let mut progress = Progress::default();
    for (i, item) in framework.items.iter().enumerate() {
        let status = match i % 10 {
            0..=4 => Status::Done,
            5 | 6 => Status::InProgress,
            7 => Status::NotApplicable,
            _ => Status::Todo,
        };
        let note = if i % 3 == 0 || status == Status::Todo {
            Some(if i % 9 == 0 {
                format!(
                    "Reviewed in the release {i} retrospective.\nThe pipeline blocks merges \
                     that skip it; see the linked commit."
                )
            } else {
                format!("Owner: platform team; last checked in review {i}.")
            })
        } else {
            None
        };
        let mut evidence = Vec::new();
        if i % 4 == 0 {
            evidence.push(Evidence::Commit {
                id: format!("{:040x}", 0x9c1e_u128 * (i as u128 + 1)),
            });
            evidence.push(Evidence::File {
                path: format!("docs/security/control-{i}.md"),
                lines: Some(format!("{}-{}", 10 + i % 7, 40 + i % 11)),
                blob: Some(format!("{:040x}", 0xb10b_u128 * (i as u128 + 3))),
                at: Some(format!("{:040x}", 0xcafe_u128 * (i as u128 + 5))),
                confirmed: None,
            });
        }
        if i % 8 == 0 {
            evidence.push(Evidence::Url {
                url: format!("https://ci.example.com/acme/runs/{}", 10_000 + i),
            });
        }
        progress.items.insert(
            framework.full_id(item),
            ItemProgress {
                status,
                updated: Some(format!(
                    "2026-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                    1 + i % 12,
                    1 + i % 28,
                    i % 24,
                    i % 60,
                    (i * 7) % 60
                )),
                by: Some(format!("Developer {} <dev{}@example.com>", i % 7, i % 7)),
                note,
                reason: (status == Status::NotApplicable)
                    .then(|| "We ship no binaries, so there is nothing to sign.".to_owned()),
                evidence,
            },
        );
    }
    progress
}

/// A repository-like folder holding `.vouch/progress.toml` with 1,000 entries, written by
/// vouch's own save path so the bytes are exactly what vouch writes.
struct Workspace {
    /// Kept so the folder lives as long as the benchmark.
    _dir: TempDir,
    root: PathBuf,
    progress_path: PathBuf,
    checklist_path: PathBuf,
}

impl Workspace {
    fn new(parent: &Path) -> Self {
        let dir = tempfile::Builder::new()
            .prefix("vouch-bench-")
            .tempdir_in(parent)
            .expect("create a temporary folder for the benchmark");
        let root = dir.path().to_owned();
        let framework = synthetic_framework();

        let checklist_path = root.join(".vouch/checklists/acme.toml");
        std::fs::create_dir_all(root.join(".vouch/checklists")).expect("create .vouch/checklists");
        std::fs::write(&checklist_path, framework_toml(&framework))
            .expect("write the synthetic checklist");

        let progress_path = root.join(".vouch/progress.toml");
        let (mut file, _) = ProgressFile::load(&progress_path).expect("open a new progress file");
        let mut progress = synthetic_progress(&framework);
        let ids: Vec<String> = progress.items.keys().cloned().collect();
        file.save(&mut progress, &ids)
            .expect("write the synthetic progress file");

        let (_, reread) = ProgressFile::load(&progress_path).expect("read it back");
        assert_eq!(
            reread.items.len(),
            ITEMS,
            "every entry survives the round trip"
        );
        Workspace {
            _dir: dir,
            root,
            progress_path,
            checklist_path,
        }
    }
}

/// The work disk: cargo's scratch folder for benches, under `target/`.
fn work_disk() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
}

/// A memory-backed folder, when the system has one, to tell fsync apart from the rest.
fn memory_disk() -> Option<PathBuf> {
    let shm = Path::new("/dev/shm");
    let writable = shm.is_dir()
        && tempfile::Builder::new()
            .prefix("vouch-bench-probe-")
            .tempfile_in(shm)
            .is_ok();
    writable.then(|| shm.to_owned())
}

fn bench_load(c: &mut Criterion) {
    let workspace = Workspace::new(&work_disk());
    let base = workspace.root.as_path();
    let bundled = load_catalog(&Sources::default(), None, base);
    assert!(
        bundled.problems.is_empty(),
        "bundled checklists load cleanly"
    );
    let team = Sources {
        files: vec![workspace.checklist_path.clone()],
    };
    let with_team = load_catalog(&team, None, base);
    assert!(
        with_team.problems.is_empty(),
        "the synthetic checklist loads cleanly: {:?}",
        with_team.problems.first().map(ToString::to_string)
    );
    assert_eq!(
        with_team
            .catalog
            .framework(FRAMEWORK)
            .map(|f| f.items.len()),
        Some(ITEMS)
    );

    let mut group = c.benchmark_group("load");
    group.bench_function("bundled_catalog", |b| {
        b.iter(|| load_catalog(black_box(&Sources::default()), None, base));
    });
    group.bench_function("progress_1000", |b| {
        b.iter(|| ProgressFile::load(black_box(&workspace.progress_path)).expect("load progress"));
    });
    // The target: everything start-up reads before the first frame.
    group.bench_function("bundled_catalog+progress_1000", |b| {
        b.iter(|| {
            let loaded = load_catalog(black_box(&Sources::default()), None, base);
            let progress =
                ProgressFile::load(black_box(&workspace.progress_path)).expect("load progress");
            (loaded, progress)
        });
    });
    // Beyond the target: a team whose own 1,000-item checklist the progress file tracks.
    group.bench_function("bundled_catalog+team_checklist_1000+progress_1000", |b| {
        b.iter(|| {
            let loaded = load_catalog(black_box(&team), None, base);
            let progress =
                ProgressFile::load(black_box(&workspace.progress_path)).expect("load progress");
            (loaded, progress)
        });
    });
    group.finish();
}

fn bench_draw(c: &mut Criterion) {
    let framework = synthetic_framework();
    let progress = synthetic_progress(&framework);
    let catalog = Catalog::new(vec![framework], Vec::new());

    let mut group = c.benchmark_group("draw");
    // Not a target, but it runs at start-up and its tree rebuild runs after every change.
    group.bench_function("app_state_new_1000", |b| {
        b.iter(|| {
            AppState::new(
                black_box(catalog.clone()),
                black_box(progress.clone()),
                "bench".to_owned(),
            )
        });
    });

    let mut state = AppState::new(catalog, progress, "acme/service".to_owned());
    assert_eq!(
        state.items.len(),
        ITEMS,
        "the framework row lists every item"
    );
    let middle = ITEMS / 2;
    state.item_selected = middle;

    for (width, height) in SIZES {
        let size = format!("{width}x{height}");
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
        // The same frame again: ratatui diffs against the last frame, so little is flushed.
        group.bench_with_input(BenchmarkId::new("redraw", &size), &state, |b, state| {
            b.iter(|| {
                terminal
                    .draw(|frame| vouch::ui::render(black_box(state), frame))
                    .map(|_| ())
                    .expect("draw");
            });
        });
        // A keypress: the selection moves by one, so the item list and detail pane change.
        let mut moved = state.clone();
        group.bench_function(BenchmarkId::new("select_next", &size), |b| {
            let mut step = 0_usize;
            b.iter(|| {
                step += 1;
                moved.item_selected = middle + step % 2;
                terminal
                    .draw(|frame| vouch::ui::render(black_box(&moved), frame))
                    .map(|_| ())
                    .expect("draw");
            });
        });
    }
    group.finish();
}

fn bench_save(c: &mut Criterion) {
    let mut disks = vec![("work_disk", work_disk())];
    if let Some(shm) = memory_disk() {
        disks.push(("tmpfs", shm));
    }
    let stamp = Stamp {
        by: "Ada Lovelace <ada@example.com>".to_owned(),
        at: "2026-11-27T18:02:11Z".to_owned(),
    };

    let mut group = c.benchmark_group("save");
    for (disk, parent) in &disks {
        let workspace = Workspace::new(parent);
        let (mut file, mut progress) =
            ProgressFile::load(&workspace.progress_path).expect("load progress");
        // An item in the middle of the file, so the rewrite is not at either end.
        let id = progress
            .items
            .keys()
            .nth(ITEMS / 2)
            .cloned()
            .expect("1,000 entries");
        let changed = [id.clone()];
        // Every iteration flips the status, so every save really writes the file.
        group.bench_function(BenchmarkId::new("one_change_of_1000", disk), |b| {
            let mut flip = false;
            b.iter(|| {
                flip = !flip;
                let status = if flip {
                    Status::InProgress
                } else {
                    Status::Done
                };
                progress
                    .set_status(&id, status, None, &stamp)
                    .expect("a status without a reason");
                let report = file.save(&mut progress, &changed).expect("save");
                assert!(report.wrote, "the change reached the file");
            });
        });
        // The atomic write alone (temporary file, fsync, rename, folder fsync), same bytes.
        let bytes = std::fs::read(&workspace.progress_path).expect("read progress");
        let target = workspace.root.join(".vouch/copy.toml");
        group.bench_function(BenchmarkId::new("write_atomically", disk), |b| {
            b.iter(|| write_atomically(black_box(&target), black_box(&bytes)).expect("write"));
        });
    }
    group.finish();
}

criterion_group! {
    name = core;
    // Modest defaults so a full run takes about a minute; command-line flags override them.
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = bench_load, bench_draw, bench_save
}
criterion_main!(core);
