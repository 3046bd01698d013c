//! The real `vouch` binary in a real pseudo-terminal, told to stop by SIGTERM (a shutdown, a
//! `kill`) or SIGHUP (the terminal window closed, an SSH connection dropped): it leaves at once,
//! gives the terminal back as it found it, and keeps every change it had saved.
//!
//! Each test waits by reading what vouch draws and what it writes to disk, polling against a
//! generous deadline, so a loaded machine makes it slower, not flaky.

// Helpers fail the test loudly, as `unwrap` does in the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use common::{Place, UNSET, VOUCH};
use portable_pty::{
    Child, CommandBuilder, ExitStatus, PtyPair, PtySize, SlavePty, native_pty_system,
};
use vouch::model::Status;

/// How long vouch may take to draw its first screen, or to save, on a loaded machine.
const SLOW: Duration = Duration::from_secs(60);

/// How long vouch may take to leave after the signal. It looks for the signal between key
/// reads, every 30 ms, so anything near this means it did not notice the signal at all.
const PROMPTLY: Duration = Duration::from_secs(10);

/// The item the first screen selects, ticked by the Space key.
const FIRST_ITEM: &str = "uk-sscop:1.1-C1";

/// Checks `done` every 20 ms until it holds; fails naming `what` after `deadline`.
fn wait_for(what: &str, deadline: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < deadline,
            "gave up after {deadline:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// vouch running in the terminal; stopped (SIGHUP, then SIGKILL) if a test fails before it
/// has exited, so no process outlives the test.
struct Running(Box<dyn Child + Send + Sync>);

impl Drop for Running {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// Everything the terminal has received from vouch so far, collected by a reader thread.
#[derive(Clone, Default)]
struct Screen(Arc<Mutex<Vec<u8>>>);

impl Screen {
    /// Reads `from` until the terminal closes (every process using it has exited), or until
    /// what was read satisfies `enough`; then lets go of the terminal.
    fn collect(&self, mut from: Box<dyn Read + Send>, enough: fn(&str) -> bool) -> JoinHandle<()> {
        let bytes = Arc::clone(&self.0);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            // A closed terminal reads as end of file or, on Linux, as an I/O error.
            while let Ok(read @ 1..) = from.read(&mut buffer) {
                let mut bytes = bytes.lock().unwrap();
                bytes.extend_from_slice(&buffer[..read]);
                if enough(&String::from_utf8_lossy(&bytes)) {
                    break;
                }
            }
        })
    }

    fn len(&self) -> usize {
        self.0.lock().unwrap().len()
    }

    /// The output from byte `start` on, as text (escape sequences included).
    fn text_from(&self, start: usize) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()[start..]).into_owned()
    }
}

/// True once `output` holds a whole first frame: the hint bar is its last line, and a frame is
/// drawn top to bottom.
fn first_frame_in(output: &str) -> bool {
    visible(output).contains("? help  Space status")
}

/// `output` without its escape sequences (CSI and OSC): the characters drawn, in the order
/// they were sent.
fn visible(output: &str) -> String {
    let mut shown = String::new();
    let mut chars = output.chars();
    while let Some(c) = chars.next() {
        match (c, chars.clone().next()) {
            ('\x1b', Some('[')) => {
                chars.next();
                // Parameters and intermediates, up to the final byte.
                for c in chars.by_ref() {
                    if ('\x40'..='\x7e').contains(&c) {
                        break;
                    }
                }
            }
            ('\x1b', Some(']')) => {
                // Up to BEL or the string terminator.
                while let Some(c) = chars.next() {
                    if c == '\x07' || (c == '\x1b' && chars.next() == Some('\\')) {
                        break;
                    }
                }
            }
            ('\x1b', _) => {
                chars.next();
            }
            (c, _) => shown.push(c),
        }
    }
    shown
}

/// The DEC private modes (`ESC [ ? n h` sets, `ESC [ ? n l` resets) in `output`, each with
/// whether it was set, in the order they were sent.
fn private_modes(output: &str) -> Vec<(u32, bool)> {
    let mut modes = Vec::new();
    for chunk in output.split("\x1b[?").skip(1) {
        let digits: String = chunk.chars().take_while(char::is_ascii_digit).collect();
        let set = match chunk[digits.len()..].chars().next() {
            Some('h') => true,
            Some('l') => false,
            _ => continue,
        };
        if let Ok(mode) = digits.parse() {
            modes.push((mode, set));
        }
    }
    modes
}

/// The words of a termios flag set as `Debug` shows it, e.g. `["ECHO", "ICANON", ...]`.
fn flag_words(flags: &impl std::fmt::Debug) -> Vec<String> {
    format!("{flags:?}")
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The item's status in `.vouch/progress.toml`, if the file is there and parses.
fn saved_status(place: &Place) -> Option<Status> {
    let path = place.path(".vouch/progress.toml");
    let text = std::fs::read_to_string(&path).ok()?;
    let progress = vouch::store::progress::parse(&path, &text).ok()?;
    Some(progress.status(FIRST_ITEM))
}

/// A repository with one commit, for vouch to open.
fn repository() -> Place {
    let place = Place::repo();
    place.write("README.md", "A project.\n");
    place.commit_all("start");
    place
}

/// A new 80×24 terminal.
fn terminal() -> PtyPair {
    native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap()
}

/// Starts vouch on `place` in the terminal whose other end is `slave`, with `TERM` set and
/// nothing of the developer's own settings, and waits until `screen` shows its first frame.
fn start_vouch(place: &Place, slave: Box<dyn SlavePty + Send>, screen: &Screen) -> Running {
    let mut command = CommandBuilder::new(VOUCH);
    command.cwd(&place.root);
    for (name, value) in place.environment() {
        command.env(name, value);
    }
    for name in UNSET.iter().chain(&["NO_COLOR", "VISUAL", "EDITOR"]) {
        command.env_remove(name);
    }
    command.env("TERM", "xterm-256color");
    let mut child = Running(slave.spawn_command(command).unwrap());
    // Only vouch holds the terminal's other end, so it reads as closed once vouch is gone.
    drop(slave);
    wait_for("the first frame", SLOW, || {
        if let Some(status) = child.0.try_wait().unwrap() {
            panic!(
                "vouch exited with {status:?} before drawing: {:?}",
                screen.text_from(0)
            );
        }
        first_frame_in(&screen.text_from(0))
    });
    child
}

/// Waits until vouch has exited, at most [`PROMPTLY`] after `what`; returns how it exited and
/// how long that took.
fn exit_after(child: &mut Running, what: &str) -> (ExitStatus, Duration) {
    let start = Instant::now();
    let mut exit = None;
    wait_for(&format!("vouch to exit after {what}"), PROMPTLY, || {
        exit = child.0.try_wait().unwrap();
        exit.is_some()
    });
    (exit.unwrap(), start.elapsed())
}

/// Checks that `.vouch/progress.toml` still holds `saved`, that it parses with the first item
/// ticked as `status`, and that no lock or temporary file of a save was left behind.
fn assert_kept(place: &Place, saved: &str, status: Status) {
    assert_eq!(place.progress(), saved, "the file is as the tick left it");
    assert_eq!(saved_status(place), Some(status));
    let leftovers: Vec<String> = std::fs::read_dir(place.path(".vouch"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("progress") && name != "progress.toml")
        .collect();
    assert!(
        leftovers.is_empty(),
        "no lock or temporary file left: {leftovers:?}"
    );
}

/// Starts vouch in an 80×24 terminal, ticks the first item, waits until the tick is on disk,
/// sends `signal` (a name `kill` knows), and checks that vouch left promptly with the terminal
/// restored and the tick kept.
fn stopped_by(signal: &str) {
    let place = repository();
    let pty = terminal();
    // The terminal as a shell leaves it for the next program: line editing and echo on.
    let cooked = pty.master.get_termios().expect("the terminal's modes");
    let cooked_words = flag_words(&cooked.local_flags);
    assert!(
        ["ICANON", "ECHO"]
            .iter()
            .all(|flag| cooked_words.iter().any(|w| w == flag)),
        "a fresh terminal is cooked: {cooked_words:?}"
    );

    let screen = Screen::default();
    let reader = screen.collect(pty.master.try_clone_reader().unwrap(), |_| false);
    let mut child = start_vouch(&place, pty.slave, &screen);
    let pid = child.0.process_id().expect("vouch's process id");
    // Kept until vouch has gone: dropping the writer types an end of file.
    let mut keys = pty.master.take_writer().unwrap();
    let raw = pty.master.get_termios().unwrap();
    assert_ne!(
        raw, cooked,
        "vouch puts the terminal in raw mode while it runs"
    );

    keys.write_all(b" ").unwrap();
    keys.flush().unwrap();
    wait_for("the tick saved to progress.toml", SLOW, || {
        saved_status(&place) == Some(Status::InProgress)
    });
    let saved = place.progress();

    let sent = screen.len();
    let kill = Command::new("kill")
        .args([format!("-{signal}"), pid.to_string()])
        .status()
        .expect("the `kill` command (procps) runs");
    assert!(kill.success(), "kill -{signal} {pid}");
    let (exit, took) = exit_after(&mut child, &format!("SIG{signal}"));
    wait_for("the terminal to close", PROMPTLY, || reader.is_finished());
    reader.join().unwrap();
    drop(keys);

    // Left through the loop, not killed by the signal's default action, with the code a shell
    // gives a process that signal stopped (128 + its number), so a supervisor can tell.
    let number = match signal {
        "HUP" => 1,
        "TERM" => 15,
        other => panic!("no number known for SIG{other}"),
    };
    assert!(
        exit.signal().is_none() && exit.exit_code() == 128 + number,
        "vouch exited with {exit:?} {took:?} after SIG{signal}, expected code {}",
        128 + number
    );

    // Every mode vouch switched on is switched off after the signal: the alternate screen,
    // mouse reporting in each of its forms, the hidden cursor.
    let after = screen.text_from(sent);
    for (sequence, what) in [
        ("\x1b[?1049l", "leave the alternate screen"),
        ("\x1b[?25h", "show the cursor"),
        ("\x1b[?1000l", "stop mouse button reports"),
        ("\x1b[?1002l", "stop mouse drag reports"),
        ("\x1b[?1003l", "stop mouse motion reports"),
        ("\x1b[?1006l", "stop SGR mouse coordinates"),
        ("\x1b[?1015l", "stop urxvt mouse coordinates"),
    ] {
        assert!(
            after.contains(sequence),
            "no {sequence:?} ({what}) after SIG{signal}: {after:?}"
        );
    }
    let everything = screen.text_from(0);
    // Each mode as the last sequence sent for it left it.
    let left: BTreeMap<u32, bool> = private_modes(&everything).into_iter().collect();
    for mode in [1049, 1000, 1006, 25] {
        assert!(
            left.contains_key(&mode),
            "vouch never sent mode {mode}; the checks below would prove nothing: {everything:?}"
        );
    }
    for (mode, set) in &left {
        // A terminal starts with the cursor shown (mode 25 set) and every other mode reset.
        let default = *mode == 25;
        assert_eq!(
            *set,
            default,
            "mode {mode} is left {} after SIG{signal}",
            if *set { "set" } else { "reset" }
        );
    }
    assert_eq!(
        pty.master.get_termios().unwrap(),
        cooked,
        "the terminal's modes are back as they were (cooked, echoing) after SIG{signal}"
    );

    // What was saved before the signal is still there, whole, with nothing left half done.
    assert_kept(&place, &saved, Status::InProgress);
}

#[test]
fn sigterm_restores_the_terminal_and_keeps_what_was_saved() {
    stopped_by("TERM");
}

#[test]
fn sighup_restores_the_terminal_and_keeps_what_was_saved() {
    stopped_by("HUP");
}

#[test]
fn closing_the_terminal_stops_vouch_and_keeps_what_was_saved() {
    // A window closed or an SSH connection dropped: the terminal itself goes away, so nothing
    // can be restored on it, but vouch must still leave, and leave the file alone.
    let place = repository();
    place.stdout_of(&["set", FIRST_ITEM, "in-progress"]);
    let saved = place.progress();
    let pty = terminal();
    let screen = Screen::default();
    // The reader lets go once the first frame is in, so that dropping the master closes the
    // terminal; no writer is taken, as dropping one would type an end of file first.
    let reader = screen.collect(pty.master.try_clone_reader().unwrap(), first_frame_in);
    let mut child = start_vouch(&place, pty.slave, &screen);
    wait_for("the reader to let go", SLOW, || reader.is_finished());
    reader.join().unwrap();

    drop(pty.master);
    let (exit, took) = exit_after(&mut child, "the terminal closed");
    assert_eq!(
        exit.signal(),
        None,
        "left through the loop, not killed: {exit:?} after {took:?}"
    );
    assert_kept(&place, &saved, Status::InProgress);
}
