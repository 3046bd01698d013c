#!/usr/bin/env python3
"""Times the real `vouch` binary from start to its first frame on a pseudo-terminal.

    scripts/tui-first-draw.py VOUCH_BIN REPO [RUNS]      (RUNS default 21)

Each run opens a 120x40 pseudo-terminal, starts VOUCH_BIN with no arguments in REPO on it, and
reads what it writes. Two moments are taken, both from just before the process is started:

- "alternate screen": the first bytes, `ESC [ ?1049h`, written by `ratatui::try_init` after the
  workspace is open and the state built;
- "first frame": the cursor hide or show sequence (`ESC [ ?25l` / `ESC [ ?25h`) that ratatui's
  `Terminal::draw` writes, and flushes, right after the cells of a frame; the first one after
  the alternate screen ends the first frame. The frame's text is checked to hold item ids.

Then it sends `q` and waits for the process to end. The figures include starting the process
(Python's fork and exec: the "spawn baseline" line times the same for `/bin/true`-like
`printf`), loading the binary, and the kernel passing the bytes through the pseudo-terminal;
no terminal emulator parses or paints them, so a real terminal adds its own time on top.
Python's reading loop adds well under a millisecond. Only standard-library modules are used.
"""

import fcntl
import os
import re
import select
import statistics
import struct
import subprocess
import sys
import termios
import time

ROWS, COLS = 40, 120
ALT_SCREEN = b"\x1b[?1049h"
CURSOR = re.compile(rb"\x1b\[\?25[lh]")
ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>78]")


def spawn(argv, cwd):
    """Starts argv on a new pseudo-terminal of ROWS x COLS; returns (process, master fd, t0)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(COLS), LINES=str(ROWS))

    def controlling_tty():
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    started = time.perf_counter()
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        preexec_fn=controlling_tty,
        close_fds=True,
    )
    os.close(slave)
    return process, master, started


def read_until(master, done, timeout=30.0):
    """Reads from master until done(bytes so far) is true; returns (bytes, time of that read)."""
    seen = b""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        now = time.perf_counter()
        if not chunk:
            break
        seen += chunk
        # Answer a cursor position query, as a terminal would, in case one is sent.
        if b"\x1b[6n" in chunk:
            os.write(master, b"\x1b[1;1R")
        if done(seen):
            return seen, now
    raise RuntimeError(f"timed out; got {len(seen)} bytes: {seen[-200:]!r}")


def finish(process, master, keys=b"q"):
    """Sends keys, drains the terminal, and waits for the process (killing it after 10 s)."""
    try:
        os.write(master, keys)
    except OSError:
        pass
    deadline = time.perf_counter() + 10
    while process.poll() is None and time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                if not os.read(master, 65536):
                    break
            except OSError:
                break
    if process.poll() is None:
        process.kill()
    process.wait()
    os.close(master)


def one_run(vouch, repo):
    process, master, started = spawn([vouch], repo)
    seen, alt = read_until(master, lambda b: ALT_SCREEN in b)
    after = seen.index(ALT_SCREEN) + len(ALT_SCREEN)
    if CURSOR.search(seen, after):
        drawn = alt
    else:
        seen, drawn = read_until(master, lambda b: CURSOR.search(b, after) is not None)
    frame = seen[after : CURSOR.search(seen, after).start()]
    text = ANSI.sub(b"", frame).decode("utf-8", "replace")
    if ":" not in text or len(text.strip()) < 200:
        raise RuntimeError(f"the first frame does not look like vouch's: {text[:300]!r}")
    finish(process, master)
    return (alt - started) * 1000, (drawn - started) * 1000, len(frame)


def spawn_baseline():
    process, master, started = spawn(["printf", "x"], "/")
    _, first = read_until(master, lambda b: b"x" in b)
    finish(process, master, b"")
    return (first - started) * 1000


def summary(name, values):
    ordered = sorted(values)
    print(
        f"{name:<34} first {values[0]:7.1f} ms  min {ordered[0]:7.1f} ms  "
        f"median {statistics.median(values):7.1f} ms  max {ordered[-1]:7.1f} ms"
    )


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    vouch = os.path.abspath(sys.argv[1])
    repo = sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) == 4 else 21
    alt, frame, size, base = [], [], 0, []
    for _ in range(runs):
        base.append(spawn_baseline())
        a, f, size = one_run(vouch, repo)
        alt.append(a)
        frame.append(f)
    print(f"{vouch} in {repo}, {COLS}x{ROWS} pseudo-terminal, {runs} runs")
    print(f"first frame: {size} bytes written to the terminal")
    summary("spawn baseline (printf x)", base)
    summary("start -> alternate screen", alt)
    summary("start -> first frame written", frame)


if __name__ == "__main__":
    main()
