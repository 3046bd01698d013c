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

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;
use vouch::app::AppState;
use vouch::model::progress::Stamp;
use vouch::model::{Catalog, Framework, Progress, Status};
use vouch::store::checklist::{ParsedFile, parse_file};
use vouch::store::load::{Sources, load_catalog, load_catalog_and_progress};
use vouch::store::progress::{ProgressFile, parse as parse_progress, write_atomically};

/// Items in the synthetic framework and entries in the synthetic progress file.
const ITEMS: usize = 1_000;
/// Top-level sections of the synthetic framework; each holds `SUBSECTIONS` subsections.
const SECTIONS: usize = 4;
const SUBSECTIONS: usize = 5;
/// Id of the synthetic framework.
const FRAMEWORK: &str = "acme";
/// Terminal sizes drawn: the smallest common one and a large one (wide layout, three panes).
const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];

/// The synthetic team checklist: 4 sections of 5 subsections, 50 items each, with guidance of
/// a few sentences, evidence hints and tags, like the bundled checklists but larger. Written as
/// file text, so the benchmark needs only the file format, not the model's fields.
fn checklist_text() -> String {
    let s = toml_string;
    let per_subsection = ITEMS / (SECTIONS * SUBSECTIONS);
    let mut out = format!(
        "[framework]\nid = {}\ntitle = \"ACME Secure Delivery Standard\"\npublisher = \"ACME Ltd\"\n\
         version = \"2026\"\nsource = \"https://example.com/acme-sds\"\n\
         licence = \"Synthetic benchmark data\"\n",
        s(FRAMEWORK)
    );
    let tops: Vec<char> = ('A'..='Z').take(SECTIONS).collect();
    for top in &tops {
        let _ = write!(
            out,
            "\n[[sections]]\nid = \"{top}\"\ntitle = \"Practice area {top}: governance, design and delivery\"\n"
        );
        for sub in 1..=SUBSECTIONS {
            let _ = write!(
                out,
                "\n[[sections]]\nid = \"{top}.{sub}\"\nparent = \"{top}\"\n\
                 title = {}\n",
                s(&format!(
                    "Practice {top}.{sub} – controls for the software lifecycle"
                ))
            );
        }
    }
    let mut i = 0;
    for top in &tops {
        for sub in 1..=SUBSECTIONS {
            for n in 1..=per_subsection {
                let title = format!(
                    "Control {i}: keep {} under review{}",
                    ["dependencies", "build scripts", "secrets", "release keys"][i % 4],
                    if i % 3 == 0 {
                        " and record who approved each change to it"
                    } else {
                        ""
                    }
                );
                let guidance = format!(
                    "Decide who owns control {i} and write the decision down where the team will \
                     find it. Review it at least once a release and whenever the threat model \
                     changes, so that it reflects how the software is built today rather than \
                     how it was built when the control was first met. This is done when a \
                     reviewer can follow the record from the policy to the code and the \
                     pipeline without asking anyone. Keep the evidence in the repository, next \
                     to the code it describes."
                );
                let _ = write!(
                    out,
                    "\n[[items]]\nid = \"{top}.{sub}-C{n:02}\"\nsection = \"{top}.{sub}\"\n\
                     title = {}\nguidance = {}\n\
                     evidence = [\n  \"A policy document in the repository naming the owner\",\n  \
                     \"CI configuration that enforces the control on every change\",\n  \
                     \"Review records linked from the release notes\",\n]\n\
                     tags = [\"governance\", \"area-{top}\"]\n",
                    s(&title),
                    s(&guidance)
                );
                if i % 2 == 0 {
                    let _ = writeln!(out, "level = \"L{}\"", 1 + i % 3);
                }
                i += 1;
            }
        }
    }
    out
}

/// The synthetic checklist as vouch reads it.
fn synthetic_framework() -> Framework {
    let text = checklist_text();
    let (parsed, problems) = parse_file("acme.toml", &text, "bench");
    assert!(
        problems.is_empty(),
        "the synthetic checklist is valid: {:?}",
        problems.first().map(ToString::to_string)
    );
    let Some(ParsedFile::Framework(framework)) = parsed else {
        panic!("the synthetic checklist is a framework file");
    };
    assert_eq!(framework.items.len(), ITEMS);
    framework
}

/// A TOML string literal, escaped by `toml_edit` so any text round-trips.
fn toml_string(text: &str) -> String {
    toml_edit::Value::from(text).to_string()
}

/// A git-object-like id (40 hex digits) that differs for each `(n, salt)`, via splitmix64.
fn object_id(n: usize, salt: u64) -> String {
    let mut state = ((n as u64) << 8) | salt;
    let mut next = || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let mut hex = format!("{:016x}{:016x}{:016x}", next(), next(), next());
    hex.truncate(40);
    hex
}

/// One entry per item of `framework`, in a realistic mix: mostly done, some in progress, some
/// n/a with a reason, some still todo with a note; notes on a third (some multi-line),
/// commit and file evidence on a quarter, a link on an eighth. Written as progress-file text
/// and read with vouch's own parser, so the benchmark needs only the file format.
fn synthetic_progress(framework: &Framework) -> Progress {
    let s = toml_string;
    let mut text = String::from("version = 1\n");
    for (i, item) in framework.items.iter().enumerate() {
        let status = match i % 10 {
            0..=4 => "done",
            5 | 6 => "in-progress",
            7 => "n/a",
            _ => "todo",
        };
        let _ = write!(
            text,
            "\n[items.{}]\nstatus = \"{status}\"\nupdated = 2026-{:02}-{:02}T{:02}:{:02}:{:02}Z\n\
             by = \"Developer {} <dev{}@example.com>\"\n",
            s(&framework.full_id(item)),
            1 + i % 12,
            1 + i % 28,
            i % 24,
            i % 60,
            (i * 7) % 60,
            i % 7,
            i % 7,
        );
        if status == "n/a" {
            text.push_str("reason = \"We ship no binaries, so there is nothing to sign.\"\n");
        }
        if i % 9 == 0 {
            let note = format!(
                "Reviewed in the release {i} retrospective.\nThe pipeline blocks merges that \
                 skip it; see the linked commit."
            );
            let _ = writeln!(text, "note = {}", s(&note));
        } else if i % 3 == 0 || status == "todo" {
            let _ = writeln!(
                text,
                "note = \"Owner: platform team; last checked in review {i}.\""
            );
        }
        let mut evidence = Vec::new();
        if i % 4 == 0 {
            evidence.push(format!("{{ commit = \"{}\" }}", object_id(i, 1)));
            evidence.push(format!(
                "{{ file = \"docs/security/control-{i}.md\", lines = \"{}-{}\", blob = \"{}\", at = \"{}\" }}",
                10 + i % 7,
                40 + i % 11,
                object_id(i, 2),
                object_id(i, 3)
            ));
        }
        if i % 8 == 0 {
            evidence.push(format!(
                "{{ url = \"https://ci.example.com/acme/runs/{}\" }}",
                10_000 + i
            ));
        }
        if !evidence.is_empty() {
            let _ = writeln!(text, "evidence = [\n  {},\n]", evidence.join(",\n  "));
        }
    }
    let progress = parse_progress(Path::new("seed.toml"), &text).expect("valid progress text");
    assert_eq!(progress.items.len(), ITEMS);
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
        let (checklist_path, progress_path) = write_workspace(&root);
        Workspace {
            _dir: dir,
            root,
            progress_path,
            checklist_path,
        }
    }
}

/// Writes `.vouch/checklists/acme.toml` and a `.vouch/progress.toml` with an entry for each of
/// its 1,000 items under `root`; returns their paths.
fn write_workspace(root: &Path) -> (PathBuf, PathBuf) {
    let checklist_path = root.join(".vouch/checklists/acme.toml");
    std::fs::create_dir_all(root.join(".vouch/checklists")).expect("create .vouch/checklists");
    std::fs::write(&checklist_path, checklist_text()).expect("write the synthetic checklist");

    let progress_path = root.join(".vouch/progress.toml");
    let (mut file, _) = ProgressFile::load(&progress_path).expect("open a new progress file");
    // Saved through vouch's writer, so the file holds exactly the bytes vouch would write.
    let mut progress = synthetic_progress(&synthetic_framework());
    let ids: Vec<String> = progress.items.keys().cloned().collect();
    file.save(&mut progress, &ids)
        .expect("write the synthetic progress file");

    let (_, reread) = ProgressFile::load(&progress_path).expect("read it back");
    assert_eq!(
        reread.items.len(),
        ITEMS,
        "every entry survives the round trip"
    );
    (checklist_path, progress_path)
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
    // The target: everything start-up reads before the first frame, as `Session::open` reads
    // it (the catalog and the progress file at the same time).
    group.bench_function("bundled_catalog+progress_1000", |b| {
        b.iter(|| {
            let (loaded, progress) = load_catalog_and_progress(
                black_box(&Sources::default()),
                None,
                base,
                black_box(&workspace.progress_path),
            );
            (loaded, progress.expect("load progress"))
        });
    });
    // The same two, one after the other, for comparison.
    group.bench_function("bundled_catalog+progress_1000/one_after_the_other", |b| {
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
            let (loaded, progress) = load_catalog_and_progress(
                black_box(&team),
                None,
                base,
                black_box(&workspace.progress_path),
            );
            (loaded, progress.expect("load progress"))
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
    // The clones it consumes are made outside the timing.
    group.bench_function("app_state_new_1000", |b| {
        b.iter_batched(
            || (catalog.clone(), progress.clone()),
            |(catalog, progress)| AppState::new(catalog, progress, "bench".to_owned()),
            BatchSize::LargeInput,
        );
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
            b.iter(|| {
                let status = if progress.status(&id) == Status::Done {
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

/// Runs the benchmarks; or, with `VOUCH_BENCH_WORKSPACE=<folder>` set, only writes the
/// synthetic checklist and progress file under `<folder>/.vouch/`, so `scripts/bench.sh` can
/// time the real binary on the same data.
fn main() {
    if let Some(folder) = std::env::var_os("VOUCH_BENCH_WORKSPACE") {
        let folder = PathBuf::from(folder);
        write_workspace(&folder);
        println!("wrote {}", folder.join(".vouch").display());
        return;
    }
    core();
    Criterion::default().configure_from_args().final_summary();
}
