//! Times the TUI's first frame and the commit picker's first page on one repository, in one
//! process, the way `vouch` with no arguments does them:
//!
//! ```text
//! cargo run --release --example first_frame -- /path/to/repo [runs, default 21]
//! ```
//!
//! Build the repository with `scripts/bench-evidence.sh` (100,000 commits and a progress file
//! with 1,000 pieces of evidence; it prints the path). Each run measures:
//!
//! - **first frame**: from the start of `Session::open` to the first frame drawn into a 120x40
//!   `TestBackend`: open the workspace (config, checklists, progress), `initial_state`, the
//!   first `Resize`, `Worker::start` and the two requests the TUI sends before drawing (check
//!   all evidence, suggest), then `render`. Not included: starting the process, and setting up
//!   and writing to a real terminal (see `scripts/tui-first-draw.py` for that).
//! - **commit picker, idle git thread**: `LinkCommit` on the first frame's state, then from
//!   sending its `CommitPage` request (100 rows) to receiving the answer, and to the picker
//!   drawn with those rows. The git thread has finished its start-up checks, as it has a
//!   second or so after start. This is the picker's first page: the thread's history log is
//!   new.
//! - **commit picker, at once**: the same, sent right after the first frame, while the git
//!   thread is still checking evidence and looking for suggestions; the page waits for them.
//! - **commit picker, new thread**: `Worker::start` and the request straight away, with no
//!   start-up checks (includes starting the thread and opening the repository).
//!
//! Every measured thread is drained before the next measurement starts, so runs do not overlap.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use vouch::app::{Action, AppState, Effect, Mode, update};
use vouch::git::worker::{Request, Response, Worker};
use vouch::session::Session;

type Result<T> = std::result::Result<T, Box<dyn Error>>;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let repo = PathBuf::from(args.next().ok_or("usage: first_frame REPO [RUNS]")?);
    let runs: usize = args.next().map_or(Ok(21), |n| n.parse())?;
    if runs == 0 {
        return Err("RUNS must be at least 1".into());
    }

    let mut frame = Samples::default();
    let mut parts = [
        Samples::default(),
        Samples::default(),
        Samples::default(),
        Samples::default(),
    ];
    let mut idle = Samples::default();
    let mut idle_drawn = Samples::default();
    let mut busy = Samples::default();
    let mut fresh = Samples::default();
    let mut evidence_pieces = 0;
    let mut frame_chars = 0;
    for _ in 0..runs {
        let first = first_frame(&repo)?;
        frame.push(first.parts.iter().sum(), first.cpu);
        for (samples, part) in parts.iter_mut().zip(first.parts) {
            samples.push(part, None);
        }
        evidence_pieces = first.evidence_pieces;
        frame_chars = first.frame_text.chars().count();

        // At once: the picker opened right after the first frame, on the same thread.
        let (waited, _, cpu, rows) = picker_page(&first.worker, first.state.clone(), true)?;
        busy.push(waited, cpu);
        check_rows(rows)?;

        // Idle: a new thread that has done the same start-up checks, then the picker.
        let idle_worker = start_worker(&repo, &first.state);
        drain_startup(&idle_worker)?;
        let (waited, drawn, cpu, rows) = picker_page(&idle_worker, first.state.clone(), false)?;
        idle.push(waited, cpu);
        idle_drawn.push(drawn, None);
        check_rows(rows)?;

        // New thread, no start-up checks: thread start and repository open included.
        let cpu_before = process_cpu();
        let started = Instant::now();
        let worker = Worker::start(repo.clone());
        worker.send(vouch::app::pickers::first_commit_page(""));
        match worker.recv() {
            Some(Response::CommitPage { rows, .. }) => {
                let cpu = cpu_before
                    .zip(process_cpu())
                    .map(|(a, b)| b.saturating_sub(a));
                fresh.push(started.elapsed(), cpu);
                check_rows(rows.len())?;
            }
            other => return Err(format!("expected a page of commits, got {other:?}").into()),
        }
        // Threads that end take their CPU time out of `process_cpu`: let this run's git threads
        // end before the next run measures.
        drop((first, idle_worker, worker));
        wait_for_threads();
    }

    println!("repository: {}", repo.display());
    println!("pieces of evidence in progress: {evidence_pieces}; screen {WIDTH}x{HEIGHT}");
    println!("first frame: {frame_chars} visible characters drawn");
    println!("runs: {runs} (wall time; \"first\" is the process's first run)");
    println!(
        "CPU: on-CPU time (median) from /proc schedstat: the drawing thread for the first frame, \
         all threads for the picker"
    );
    println!();
    println!("{:<58} {}", "measurement", Samples::header());
    frame.print("first frame (open + state + worker + render)");
    for (name, samples) in [
        "  Session::open",
        "  initial_state + Resize",
        "  Worker::start + start-up requests",
        "  render into TestBackend",
    ]
    .iter()
    .zip(&parts)
    {
        samples.print(name);
    }
    idle.print("commit picker first page, idle thread (send -> recv)");
    idle_drawn.print("commit picker first page, idle thread (send -> drawn)");
    busy.print("commit picker first page, at once (send -> recv)");
    fresh.print("commit picker first page, new thread (start -> recv)");
    Ok(())
}

struct FirstFrame {
    /// `Session::open`, `initial_state` + `Resize`, worker + requests, render.
    parts: [Duration; 4],
    /// On-CPU time of this thread over the same span, when the system reports it.
    cpu: Option<Duration>,
    state: AppState,
    worker: Worker,
    evidence_pieces: usize,
    frame_text: String,
}

/// Everything `vouch` does between starting and its first `terminal.draw`, timed in parts.
fn first_frame(repo: &Path) -> Result<FirstFrame> {
    let cpu_before = thread_cpu();
    let started = Instant::now();
    let mut session = Session::open(repo)?;
    let opened = Instant::now();
    let mut state = vouch::tui::initial_state(&mut session);
    let stamp = session.stamp();
    update(
        &mut state,
        Action::Resize {
            width: WIDTH,
            height: HEIGHT,
        },
        &stamp,
    );
    let state_built = Instant::now();
    let worker = start_worker(&session.workspace.root, &state);
    let worker_started = Instant::now();
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT))?;
    terminal.draw(|frame| vouch::ui::render(&state, frame))?;
    let drawn = Instant::now();
    let cpu = cpu_before
        .zip(thread_cpu())
        .map(|(a, b)| b.saturating_sub(a));
    let frame_text: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(ratatui::buffer::Cell::symbol)
        .collect::<String>()
        .split_whitespace()
        .collect();
    if !frame_text.contains("uk-sscop") && !frame_text.contains("UK") {
        return Err(format!("the first frame does not show the checklists: {frame_text}").into());
    }
    let evidence_pieces = state
        .progress
        .items
        .values()
        .map(|e| e.evidence.len())
        .sum();
    Ok(FirstFrame {
        parts: [
            opened - started,
            state_built - opened,
            worker_started - state_built,
            drawn - worker_started,
        ],
        cpu,
        state,
        worker,
        evidence_pieces,
        frame_text,
    })
}

/// Starts the git thread and sends what the TUI sends before its first draw.
fn start_worker(root: &Path, state: &AppState) -> Worker {
    let worker = Worker::start(root.to_owned());
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
    worker.send(Request::Suggest {
        catalog: Arc::new(state.catalog.clone()),
    });
    worker
}

/// Waits for the answers to the start-up requests.
fn drain_startup(worker: &Worker) -> Result<()> {
    let (mut checked, mut suggested) = (false, false);
    while !(checked && suggested) {
        match worker.recv() {
            Some(Response::EvidenceStates(_)) => checked = true,
            Some(Response::Suggestions(_)) => suggested = true,
            Some(Response::Unavailable(why)) => return Err(why.into()),
            Some(_) => {}
            None => return Err("the git thread ended".into()),
        }
    }
    Ok(())
}

/// Opens the commit picker on the selected item (moving down from the tree until an item is
/// selected), sends its first request, and waits for the page, feeding every answer to
/// `update` and drawing after each as the TUI does. With `startup_pending`, the start-up answers
/// are waited for too (before or after the page), so the thread is idle on return. Returns the
/// time from send to the page and to the picker drawn with it, the process's CPU time from
/// send to the page, and the number of rows.
fn picker_page(
    worker: &Worker,
    mut state: AppState,
    startup_pending: bool,
) -> Result<(Duration, Duration, Option<Duration>, usize)> {
    let stamp = vouch::session::stamp_now("Bench <bench@example.com>");
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT))?;
    let mut request = None;
    for _ in 0..10 {
        let effects = update(&mut state, Action::LinkCommit, &stamp);
        request = effects.into_iter().find_map(|effect| match effect {
            Effect::Git(request @ Request::CommitPage { .. }) => Some(request),
            _ => None,
        });
        if request.is_some() {
            break;
        }
        update(&mut state, Action::MoveDown, &stamp);
    }
    let request = request.ok_or("LinkCommit asked for no page of commits")?;
    let cpu_before = process_cpu();
    let started = Instant::now();
    worker.send(request);
    let mut page = None;
    let (mut checked, mut suggested) = (!startup_pending, !startup_pending);
    while page.is_none() || !(checked && suggested) {
        let response = worker.recv().ok_or("the git thread ended")?;
        let is_page = matches!(response, Response::CommitPage { .. });
        let received = started.elapsed();
        let cpu = cpu_before
            .zip(process_cpu())
            .map(|(a, b)| b.saturating_sub(a));
        let rows = match &response {
            Response::CommitPage { rows, .. } => rows.len(),
            Response::EvidenceStates(_) => {
                checked = true;
                0
            }
            Response::Suggestions(_) => {
                suggested = true;
                0
            }
            Response::Unavailable(why) => return Err(why.clone().into()),
            _ => 0,
        };
        update(&mut state, Action::Git(response), &stamp);
        terminal.draw(|frame| vouch::ui::render(&state, frame))?;
        if is_page {
            page = Some((received, started.elapsed(), cpu, rows));
        }
    }
    let Mode::CommitPicker(picker) = &state.mode else {
        return Err("the commit picker closed".into());
    };
    if picker.rows.is_empty() {
        return Err("the commit picker shows no rows".into());
    }
    page.ok_or_else(|| "no page of commits arrived".into())
}

fn check_rows(rows: usize) -> Result<()> {
    if rows == vouch::app::pickers::COMMIT_PAGE {
        Ok(())
    } else {
        Err(format!("expected a full page of commits, got {rows} rows").into())
    }
}

/// On-CPU time of the calling thread (Linux: the first field of `/proc/thread-self/schedstat`,
/// in nanoseconds); `None` elsewhere.
fn thread_cpu() -> Option<Duration> {
    schedstat(Path::new("/proc/thread-self/schedstat"))
}

/// On-CPU time of every thread of this process alive now (threads that ended are not counted,
/// so measured threads are kept alive until after the second reading).
fn process_cpu() -> Option<Duration> {
    let mut total = Duration::ZERO;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        total += schedstat(&task.ok()?.path().join("schedstat"))?;
    }
    Some(total)
}

/// Waits (up to 5 s) until the main thread is the only one left.
fn wait_for_threads() {
    for _ in 0..500 {
        let threads = std::fs::read_dir("/proc/self/task").map_or(1, Iterator::count);
        if threads <= 1 {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn schedstat(path: &Path) -> Option<Duration> {
    let text = std::fs::read_to_string(path).ok()?;
    let nanos = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

#[derive(Default)]
struct Samples {
    wall: Vec<Duration>,
    cpu: Vec<Duration>,
}

impl Samples {
    fn push(&mut self, wall: Duration, cpu: Option<Duration>) {
        self.wall.push(wall);
        if let Some(cpu) = cpu {
            self.cpu.push(cpu);
        }
    }

    fn header() -> String {
        format!(
            "{:>9} {:>9} {:>9} {:>9} {:>9}",
            "first", "min", "median", "max", "CPU"
        )
    }

    fn print(&self, name: &str) {
        let Some(&first) = self.wall.first() else {
            return;
        };
        let ms = |d: Duration| format!("{:>6.1} ms", d.as_secs_f64() * 1000.0);
        let wall = sorted(&self.wall);
        let cpu = if self.cpu.len() == self.wall.len() {
            ms(median(&sorted(&self.cpu)))
        } else {
            format!("{:>9}", "-")
        };
        println!(
            "{name:<58} {} {} {} {} {cpu}",
            ms(first),
            ms(wall[0]),
            ms(median(&wall)),
            ms(wall[wall.len() - 1])
        );
    }
}

fn sorted(samples: &[Duration]) -> Vec<Duration> {
    let mut sorted = samples.to_vec();
    sorted.sort();
    sorted
}

/// The middle sample (the upper middle of an even count; runs default to an odd 21).
fn median(sorted: &[Duration]) -> Duration {
    sorted[sorted.len() / 2]
}
