#!/usr/bin/env bash
# scripts/screenshots.sh: PNG screenshots of the real vouch binary in a real terminal.
#
# Usage: scripts/screenshots.sh [path/to/vouch]      (default: target/release/vouch)
#
# It starts a private X server (Xvfb), creates a throwaway demo git repository with a history
# (a first pass over the UK Code recorded with real key presses through xdotool, a tag, later
# changes made with the vouch CLI, a policy edit that leaves linked lines stale), then drives
# the TUI in xterm and captures the window with ImageMagick into screenshots/:
#   main.png            main screen at 120x34: tree, items and detail side by side
#   help.png            the ? help overlay at 120x34
#   detail.png          an item with owner, note, evidence (one file stale) and mapped items,
#                       detail pane focused (150x48: three panes side by side)
#   suggest.png         an item marked + with its "Suggested evidence" section
#   commit-picker.png   the c commit picker with a search typed
#   crosswalk.png       C on the UK Code: rows covered via nist-ssdf items that are done
#   history.png         H on an item changed in several commits
#   review.png          `vouch review --since v0.1.0`: an agenda item, "N of M" and why it is on
#   main-80x24.png      the narrow layout at 80x24
# Nothing outside the temporary folder and screenshots/ is touched; Xvfb and xterm are stopped
# on exit. Every commit and every stamp vouch writes is pinned to a fixed date, so runs on
# different days draw the same screens. Set VOUCH_SCREENSHOTS_OUT to write elsewhere,
# VOUCH_SCREENSHOTS_KEEP=1 to keep the temporary folder (demo repository and logs).
set -euo pipefail

readonly FONT_FACE='DejaVu Sans Mono'
readonly FONT_SIZE=11
readonly BG='#1e1e1e'
readonly FG='#d4d4d4'
# The detail shot needs a taller pane than 120x34 gives: status, owner, note, three pieces of
# evidence and six mapped items. At 150 columns vouch puts the detail pane beside the items,
# the full height of the screen.
readonly DETAIL_COLS=150 DETAIL_ROWS=48

die() {
    printf 'screenshots.sh: %s\n' "$*" >&2
    exit 1
}

case "${1:-}" in
-h | --help)
    awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"
    exit 0
    ;;
esac
[ $# -le 1 ] || die "expected at most one argument, the vouch binary (see --help)"

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
vouch=${1:-$repo_root/target/release/vouch}
[ -x "$vouch" ] || die "no executable vouch at $vouch; build it with: cargo build --release"
vouch=$(cd "$(dirname "$vouch")" && pwd)/$(basename "$vouch")
out=${VOUCH_SCREENSHOTS_OUT:-$repo_root/screenshots}

# --- tools ---------------------------------------------------------------------------------
missing=()
need() { # need COMMAND DEBIAN-PACKAGE
    command -v "$1" >/dev/null 2>&1 || missing+=("$2")
}
need Xvfb xvfb
need xterm xterm
need xdotool xdotool
need import imagemagick
need identify imagemagick
need xwininfo x11-utils
need git git
need fc-list fontconfig
if command -v fc-list >/dev/null 2>&1 && ! fc-list "$FONT_FACE" | grep . >/dev/null; then
    missing+=(fonts-dejavu-core)
fi
if [ ${#missing[@]} -gt 0 ]; then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    printf 'screenshots.sh: missing tools; install them with:\n' >&2
    printf '  sudo apt-get install -y %s\n' "${missing[*]}" >&2
    exit 1
fi

# --- cleanup -------------------------------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vouch-screenshots.XXXXXX")
xvfb_pid=
xterm_pid=
cleanup() {
    local status=$?
    if [ -n "$xterm_pid" ]; then kill "$xterm_pid" 2>/dev/null || true; fi
    if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi
    wait 2>/dev/null || true
    if [ "${VOUCH_SCREENSHOTS_KEEP:-}" = 1 ] || [ "$status" -ne 0 ]; then
        printf 'screenshots.sh: temporary files kept in %s\n' "$tmp" >&2
    else
        rm -rf "$tmp"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# poll CONDITION-COMMAND... : runs it every 50 ms until it succeeds, for at most 10 s.
poll() {
    local i
    for ((i = 0; i < 200; i++)); do
        if "$@"; then return 0; fi
        sleep 0.05
    done
    return 1
}

# --- X server --------------------------------------------------------------------------------
# -displayfd picks a free display number and writes it once the server is ready.
Xvfb -displayfd 3 -screen 0 1920x1200x24 -dpi 96 -nolisten tcp -noreset \
    3>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
display_ready() { [ -s "$tmp/display" ]; }
poll display_ready || die "Xvfb did not start; see $tmp/xvfb.log"
DISPLAY=":$(head -n1 "$tmp/display")"
export DISPLAY

# --- demo repository: the code, its policies and CI ------------------------------------------
demo=$tmp/parcel-tracker
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
# vouch stamps each change with the time it is made (`updated`, and `review_by` a year on for
# n/a): stamps at or after this moment are this run's and are pinned to the commit's date.
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
pin_stamps() { # pin_stamps DATE: this run's stamps in progress.toml become DATE
    local file=$demo/.vouch/progress.toml review_by
    [ -f "$file" ] || return 0
    review_by=$((${1:0:4} + 1))${1:4:6}
    awk -v since="$started" -v at="$1" -v review_by="$review_by" '
        {
            rest = $0
            out = ""
            while (match(rest, /[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9](T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z)?/)) {
                stamp = substr(rest, RSTART, RLENGTH)
                if (RLENGTH > 10 && stamp >= since) {
                    stamp = at
                } else if (RLENGTH == 10 && $1 == "review_by" && stamp >= substr(since, 1, 10)) {
                    stamp = review_by
                }
                out = out substr(rest, 1, RSTART - 1) stamp
                rest = substr(rest, RSTART + RLENGTH)
            }
            print out rest
        }' "$file" >"$file.pinned"
    mv "$file.pinned" "$file"
}
commit() { # commit DATE MESSAGE
    pin_stamps "$1"
    git -C "$demo" add -A
    GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" git -C "$demo" commit -q -m "$2"
}
vouch_cli() { # vouch_cli ARGS...: the vouch CLI in the demo repository, quiet unless it fails
    (cd "$demo" && "$vouch" "$@") >>"$tmp/cli.log" 2>&1 || die "vouch $* failed; see $tmp/cli.log"
}
git init -q -b main "$demo"
git -C "$demo" config user.name 'Ada Lovelace'
git -C "$demo" config user.email 'ada@example.com'
cat >"$demo/README.md" <<'EOF'
# parcel-tracker

A small command-line tool that follows parcels across carriers and tells you when they arrive.

    parcel-tracker add 1Z999AA10123456784
    parcel-tracker status
EOF
mkdir -p "$demo/src"
printf 'fn main() {\n    println!("parcel-tracker");\n}\n' >"$demo/src/main.rs"
cat >"$demo/Cargo.toml" <<'EOF'
[package]
name = "parcel-tracker"
version = "0.1.0"
edition = "2024"

[dependencies]
anyhow = "1"
EOF
cat >"$demo/Cargo.lock" <<'EOF'
# This file is automatically @generated by Cargo.
# It is not intended for manual editing.
version = 4

[[package]]
name = "anyhow"
version = "1.0.105"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "2cb931c189b85683d69a5cfad41d4d418671e1ac413dd209f3f2fc31e3cfd902"

[[package]]
name = "parcel-tracker"
version = "0.1.0"
dependencies = [
 "anyhow",
]
EOF
commit '2025-03-03T10:00:00Z' 'Start parcel-tracker: README and a first main'
# Lines 2-3 are linked as evidence below, then reworded, so that evidence goes stale.
cat >"$demo/SECURITY.md" <<'EOF'
# Security policy
Report vulnerabilities privately to security@example.com, never in a public issue.
We answer within five working days and agree a disclosure date with you.

Security fixes go to the versions listed in SUPPORT.md.
EOF
cat >"$demo/SUPPORT.md" <<'EOF'
# Supported versions

| Version | Security fixes until |
|---------|----------------------|
| 2.x     | 2027-06-30           |
| 1.x     | 2026-06-30           |
EOF
commit '2025-03-10T14:30:00Z' 'Add security and support policies'
mkdir -p "$demo/docs"
cat >"$demo/docs/secure-development.md" <<'EOF'
# Secure development

We follow the NIST SSDF. Owner: Ada Lovelace. Reviewed every March.
EOF
commit '2025-03-17T09:15:00Z' 'Document the secure development framework'
mkdir -p "$demo/.github/workflows"
cat >"$demo/.github/workflows/ci.yml" <<'EOF'
name: CI
on:
  push:
    branches: [main]
  pull_request:

jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Tests
        run: cargo test --locked
  audit:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: cargo install cargo-audit --locked
      - name: Known vulnerabilities in dependencies
        run: cargo audit
EOF
cat >"$demo/.github/dependabot.yml" <<'EOF'
version: 2
updates:
  - package-ecosystem: cargo
    directory: /
    schedule:
      interval: weekly
EOF
commit '2025-03-18T16:40:00Z' 'CI: tests and cargo audit on every push; weekly Dependabot updates'

# --- terminal driving ------------------------------------------------------------------------
win=

# start_vouch COLS ROWS [ARGS...]: opens `vouch ARGS...` in a fresh xterm on the demo repository.
start_vouch() {
    local title="vouch-screenshot-$1x$2-$RANDOM" cols=$1 rows=$2
    shift 2
    (
        cd "$demo"
        exec env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 \
            xterm -title "$title" -name vouch-screenshot -geometry "${cols}x$rows+0+0" \
            -fa "$FONT_FACE" -fs "$FONT_SIZE" -bg "$BG" -fg "$FG" -cr "$FG" \
            -u8 -tn xterm-256color -bw 0 -b 4 +sb \
            -xrm 'XTerm*allowTitleOps: false' -xrm 'XTerm*cursorBlink: false' \
            -e "$vouch" "$@"
    ) >>"$tmp/xterm.log" 2>&1 &
    xterm_pid=$!
    find_window() { win=$(xdotool search --name "^$title\$" 2>/dev/null | head -n1) && [ -n "$win" ]; }
    poll find_window || die "the xterm window did not appear; see $tmp/xterm.log"
    viewable() { xwininfo -id "$win" 2>/dev/null | grep 'Map State: IsViewable' >/dev/null; }
    poll viewable || die "the xterm window never became visible"
    xdotool windowfocus --sync "$win"
    # vouch has drawn once the window holds more than the background and the cursor.
    drawn() { [ "$(import -window "$win" -format '%k' info:- 2>/dev/null || echo 0)" -gt 8 ]; }
    poll drawn || die "vouch drew nothing; see $tmp/xterm.log"
    settle
}

# stop_vouch: quits with q and waits for xterm to exit.
stop_vouch() {
    xdotool key q
    gone() { ! kill -0 "$xterm_pid" 2>/dev/null; }
    poll gone || die "vouch did not quit on q"
    wait "$xterm_pid" 2>/dev/null || true
    xterm_pid=
}

snapshot() { import -window "$win" rgb:- 2>/dev/null | md5sum; }

# settle [HASH]: waits until the window differs from HASH (if given), then until it stops
# changing across three captures in a row.
settle() {
    local before=${1:-} now last="" same=0 i
    for ((i = 0; i < 200; i++)); do
        now=$(snapshot)
        if [ -n "$before" ] && [ "$now" = "$before" ]; then
            sleep 0.03
            continue
        fi
        before=
        if [ "$now" = "$last" ]; then
            same=$((same + 1))
            [ "$same" -ge 2 ] && return 0
        else
            same=0
        fi
        last=$now
        sleep 0.03
    done
    die "the screen did not settle (last step: ${step:-start})"
}

# act XDOTOOL-ARGS...: sends keys or text and waits for the screen to show the result.
act() {
    step="$*"
    local before
    before=$(snapshot)
    xdotool "$@"
    settle "$before"
}
press() { act key --delay 30 "$@"; }
type_text() { act type --delay 8 -- "$1"; }

# search_for ID: searches for a full item id and leaves the single match selected in the items pane.
search_for() {
    press slash
    type_text "$1"
    press Return
}
clear_search() { press Escape; }
# press_to_end KEY: presses KEY until the screen stops changing (the start or end of a list).
press_to_end() {
    local before i j
    for ((i = 0; i < 100; i++)); do
        step="$1 to the end"
        before=$(snapshot)
        xdotool key "$1"
        for ((j = 0; j < 20; j++)); do
            [ "$(snapshot)" != "$before" ] && break
            sleep 0.05
        done
        [ "$j" -lt 20 ] || return 0
        settle
    done
    die "$1 never reached the end of the list"
}
# select_item ID: selects an item in the full list: leaving a typed search with Esc keeps the
# item it found selected.
select_item() {
    press slash
    type_text "$1"
    press Escape
}

cycle() { # cycle N: presses Space N times (todo -> in-progress -> done)
    local i
    for ((i = 0; i < $1; i++)); do press space; done
}
note() {
    press e
    type_text "$1"
    press Return
}
not_applicable() {
    press x
    type_text "$1"
    press Return
}

shoot() { # shoot NAME: saves the xterm window as NAME.png
    import -window "$win" "$tmp/$1.png"
    mkdir -p "$out"
    mv "$tmp/$1.png" "$out/$1.png"
    printf '%s\n' "$out/$1.png"
}

# --- 1. a first pass over the UK Code, recorded through the TUI with real keys ---------------
start_vouch 120 34
search_for uk-sscop:1.1-C1
cycle 2
note 'We follow the NIST SSDF: docs/secure-development.md names it and its owner, reviewed each March'
clear_search
for id in 1.1-C2 1.1-C4 1.2-C1 1.3-C2 3.2-C1 3.2-C2; do
    search_for "uk-sscop:$id"
    cycle 2
    clear_search
done
search_for uk-sscop:1.2-C4
cycle 1
clear_search
search_for uk-sscop:1.4-C2
not_applicable 'No administrator accounts: parcel-tracker is a local command-line tool with no server'
clear_search
search_for uk-sscop:4.1-C1
cycle 2
note 'SUPPORT.md lists each major version and the date its security fixes end; the README links it'
clear_search
search_for nist-ssdf:PO.1.2
cycle 2
clear_search
stop_vouch

# The keys did what they should: check the saved progress file.
progress=$demo/.vouch/progress.toml
[ -f "$progress" ] || die "vouch saved no progress file at $progress"
status_of() { # status_of FULL-ID: the status recorded for it
    awk -v want="[items.\"$1\"]" '
        $0 == want { inside = 1; next }
        /^\[/ { inside = 0 }
        inside && $1 == "status" { gsub(/"/, "", $3); print $3; exit }
    ' "$progress"
}
expect() { # expect FULL-ID STATUS
    local got
    got=$(status_of "$1")
    [ "$got" = "$2" ] || die "$1 should be $2 but is '${got:-todo}'; see $progress"
}
for id in 1.1-C1 1.1-C2 1.1-C4 1.2-C1 1.3-C2 3.2-C1 3.2-C2 4.1-C1; do
    expect "uk-sscop:$id" "done"
done
expect uk-sscop:1.2-C4 in-progress
expect uk-sscop:1.4-C2 n/a
expect nist-ssdf:PO.1.2 "done"
grep -q 'docs/secure-development.md' "$progress" || die "the note on 1.1-C1 was not saved"
grep -q 'no server' "$progress" || die "the n/a reason on 1.4-C2 was not saved"
commit '2025-03-19T11:00:00Z' 'vouch: first pass over the UK Code'
# The review meeting compares with this tag: everything after it is "changed since v0.1.0".
git -C "$demo" tag v0.1.0

# --- 2. later work, recorded with the CLI, one commit each -----------------------------------
# uk-sscop:1.2-C4 changes in four commits (its history shot); 3.2-C1 gains an owner, a note and
# evidence whose lines are then reworded (the detail shot); nist-ssdf items done cover UK Code
# items (the crosswalk shot).
vouch_cli link uk-sscop:3.2-C1 --file SECURITY.md:2-3
vouch_cli link uk-sscop:3.2-C1 --commit "$(git -C "$demo" rev-parse ":/Add security and support policies")"
vouch_cli link uk-sscop:3.2-C1 --url https://parcel-tracker.example.com/security
vouch_cli note uk-sscop:3.2-C1 'SECURITY.md names a private mailbox and how fast we answer; the README links it'
vouch_cli assign uk-sscop:3.2-C1 me
vouch_cli link uk-sscop:1.2-C4 --file .github/workflows/ci.yml:8-13
vouch_cli note uk-sscop:1.2-C4 'CI runs the whole test suite on every push and on each Dependabot pull request'
commit '2025-03-24T09:30:00Z' 'vouch: evidence for disclosure and upgrade tests'
for id in PW.1.1 PW.4.1 PW.4.4 PW.8.2; do
    vouch_cli set "nist-ssdf:$id" "done"
done
vouch_cli set uk-sscop:1.2-C4 "done"
commit '2025-03-31T15:00:00Z' 'vouch: NIST SSDF practices our CI covers'
sed -i 's/within five working days/within two working days/' "$demo/SECURITY.md"
commit '2025-04-07T10:20:00Z' 'SECURITY.md: answer within two working days'
vouch_cli assign uk-sscop:1.2-C4 'Grace Hopper <grace@example.com>'
commit '2025-04-14T08:45:00Z' 'vouch: Grace owns dependency upgrades'

# --- 3. screenshots, each from a fresh start so the footer shows the key hints ---------------
start_vouch 120 34
shoot main
press question
shoot help
press Escape
stop_vouch

start_vouch "$DETAIL_COLS" "$DETAIL_ROWS"
select_item uk-sscop:3.2-C1
press Tab
shoot detail
stop_vouch

start_vouch 120 34
select_item uk-sscop:3.2-C2
shoot suggest
press c
type_text secur
shoot commit-picker
press Escape
stop_vouch

start_vouch 120 34
press C
shoot crosswalk
press Escape
stop_vouch

start_vouch 120 34
select_item uk-sscop:1.2-C4
press H
shoot history
press Escape
stop_vouch

# The meeting opens on whichever item its first, provisional agenda began with; walk back to
# the start, then to the second item (uk-sscop:3.2-C1: changed since the tag, evidence stale).
start_vouch 120 34 review --since v0.1.0
press_to_end p
press n
shoot review
press q
press q
stop_vouch

start_vouch 80 24
shoot main-80x24
stop_vouch
