//! Terminal events read on their own thread.
//!
//! When the terminal goes away under vouch (a closed window, a dropped SSH session, a killed
//! pseudo-terminal), the terminal stays readable while every read returns nothing, and
//! crossterm's reader retries without end inside `event::poll` (crossterm-rs/crossterm#793):
//! a loop that polls on its own thread never gets control back, never sees SIGTERM or SIGHUP,
//! and burns a core for ever. Here the reading thread may spin, but the loop waits on a
//! channel with a timeout, so it notices the signal or the lost terminal and leaves, and the
//! process ends with it.
//!
//! An editor started from the TUI reads the same terminal, so reading can be paused: after
//! [`TerminalEvents::pause`] returns, this thread reads nothing until [`TerminalEvents::resume`].

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event};

/// How long the reading thread waits for input before looking whether it was paused.
const READ_SLICE: Duration = Duration::from_millis(50);

/// What waiting for the next event gave.
#[derive(Debug)]
pub enum Next {
    /// A key, mouse or resize event.
    Event(Event),
    /// Nothing arrived in time.
    Timeout,
    /// Reading failed, or the reading thread is gone: the terminal cannot be used any more.
    Lost(String),
}

/// The reading thread and the channel its events arrive on.
pub struct TerminalEvents {
    events: Receiver<io::Result<Event>>,
    paused: Arc<AtomicBool>,
    /// Held by the reading thread while it polls or reads; taking it waits for a read in flight.
    reading: Arc<Mutex<()>>,
}

impl TerminalEvents {
    /// Starts the reading thread. It ends when reading fails or the receiver is dropped; when
    /// the process ends first, it ends with it.
    pub fn start() -> io::Result<Self> {
        let (sender, events) = mpsc::channel();
        let paused = Arc::new(AtomicBool::new(false));
        let reading = Arc::new(Mutex::new(()));
        let (thread_paused, thread_reading) = (Arc::clone(&paused), Arc::clone(&reading));
        thread::Builder::new()
            .name("vouch-terminal-events".into())
            .spawn(move || {
                loop {
                    let guard = thread_reading
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner);
                    if thread_paused.load(Ordering::SeqCst) {
                        drop(guard);
                        thread::sleep(READ_SLICE);
                        continue;
                    }
                    let next = match event::poll(READ_SLICE) {
                        Ok(false) => continue,
                        Ok(true) => event::read(),
                        Err(err) => Err(err),
                    };
                    drop(guard);
                    let failed = next.is_err();
                    if sender.send(next).is_err() || failed {
                        return;
                    }
                }
            })?;
        Ok(Self {
            events,
            paused,
            reading,
        })
    }

    /// Waits up to `timeout` for the next event.
    pub fn next(&self, timeout: Duration) -> Next {
        match self.events.recv_timeout(timeout) {
            Ok(Ok(event)) => Next::Event(event),
            Ok(Err(err)) => Next::Lost(format!("cannot read the terminal: {err}")),
            Err(RecvTimeoutError::Timeout) => Next::Timeout,
            Err(RecvTimeoutError::Disconnected) => Next::Lost("the terminal reader stopped".into()),
        }
    }

    /// Stops reading; when this returns, no read is in flight and none starts until
    /// [`TerminalEvents::resume`]. Gives up waiting after a second: a read that takes that long
    /// is one spinning on a terminal that is gone.
    pub fn pause(&self) {
        self.paused.store(true, Ordering::SeqCst);
        let deadline = std::time::Instant::now() + Duration::from_secs(1);
        while std::time::Instant::now() < deadline {
            match self.reading.try_lock() {
                Ok(_) | Err(std::sync::TryLockError::Poisoned(_)) => return,
                Err(std::sync::TryLockError::WouldBlock) => thread::sleep(Duration::from_millis(5)),
            }
        }
    }

    /// Reads again after [`TerminalEvents::pause`].
    pub fn resume(&self) {
        self.paused.store(false, Ordering::SeqCst);
    }
}
