#!/usr/bin/env bash
# scripts/bench.sh: run the speed benchmarks (benches/core.rs) and print the figures that
# docs/PERFORMANCE.md reports, with the machine they were measured on.
#
# Usage: scripts/bench.sh [criterion filter...]      e.g. scripts/bench.sh save
#
# Prints, in order: the machine (CPU, memory, disk, rustc, release profile, load average);
# criterion's own output; a Markdown table of medians against the targets; and, when the
# release binary has a `status` subcommand, a whole-process comparison of `vouch status` with
# `git log -1` on throwaway repositories holding the same 1,000-item data (hyperfine if
# installed, else a loop timed with `date`). It builds the release binary first.
#
# Environment: MEASUREMENT_TIME (seconds per benchmark, default 3); VOUCH_BIN (default
# target/release/vouch, built by this script); QUIET_LOAD (e.g. 0.5: first wait, up to 30
# minutes, for the 1-minute load average to fall below it). Nothing outside target/ and a
# temporary folder is written.
set -euo pipefail

readonly MEASUREMENT_TIME="${MEASUREMENT_TIME:-3}"

die() {
    printf 'bench.sh: %s\n' "$*" >&2
    exit 1
}

cd "$(dirname "$0")/.."
readonly ROOT="$PWD"
readonly VOUCH_BIN="${VOUCH_BIN:-$ROOT/target/release/vouch}"
command -v cargo >/dev/null || die "cargo is not on PATH"
command -v jq >/dev/null || die "jq is needed to read criterion's results (apt-get install jq)"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

machine() {
    echo "## Machine"
    echo
    printf -- '- CPU: %s, %s logical CPUs\n' \
        "$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)" "$(nproc)"
    printf -- '- Memory: %s\n' "$(free -h | awk '/^Mem:/ {print $2}')"
    local device fstype
    device="$(df --output=source "$ROOT/target" 2>/dev/null | tail -1)"
    fstype="$(df --output=fstype "$ROOT/target" 2>/dev/null | tail -1)"
    printf -- '- Work disk: %s (%s); lsblk: %s\n' "$device" "$fstype" \
        "$(lsblk -dno NAME,ROTA,SIZE "$device" 2>/dev/null | tr -s ' ' || echo unknown)"
    printf -- '- Kernel: %s\n' "$(uname -sr)"
    printf -- '- %s\n' "$(rustc -V)"
    printf -- '- Release profile: %s\n' \
        "$(sed -n '/^\[profile.release\]/,/^\[/p' Cargo.toml | grep -v '^\[' | grep . | tr '\n' ' ')"
    printf -- '- Load average before: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
    echo
}

# Median with its 95% interval, and the fastest sample (per iteration), in milliseconds, from
# criterion's files. A sample is a batch of iterations; on a busy machine the fastest batch is
# the one least disturbed by other work.
figures_ms() {
    local dir
    dir="$(dirname "$1")"
    jq -r '[.median.point_estimate, .median.confidence_interval.lower_bound,
            .median.confidence_interval.upper_bound] | map(. / 1e6) | @tsv' "$1" | tr '\n' '\t'
    jq -r '[.iters, .times] | transpose | map(.[1] / .[0]) | min / 1e6' "$dir/sample.json"
}

summary() {
    local marker="$1"
    echo "## Medians (this run)"
    echo
    echo "| benchmark | median | 95% CI of median | fastest sample | target | median / target |"
    echo "|---|---|---|---|---|---|"
    local file id median low high fastest target ratio
    while IFS= read -r file; do
        id="$(jq -r .full_id "$(dirname "$file")/benchmark.json")"
        read -r median low high fastest < <(figures_ms "$file")
        case "$id" in
            "load/bundled_catalog+progress_1000") target=5 ;;
            draw/redraw/* | draw/select_next/*) target=1 ;;
            save/one_change_of_1000/*) target=5 ;;
            *) target="" ;;
        esac
        if [[ -n "$target" ]]; then
            ratio="$(awk -v m="$median" -v t="$target" 'BEGIN { printf "%.2f", m / t }')"
            target="${target} ms"
        else
            ratio="-"
            target="-"
        fi
        printf '| %s | %.3f ms | %.3f - %.3f ms | %.3f ms | %s | %s |\n' \
            "$id" "$median" "$low" "$high" "$fastest" "$target" "$ratio"
    done < <(find target/criterion -path '*/new/estimates.json' -newer "$marker" | sort)
    echo
    printf 'Load average after: %s\n\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
}

# Times `vouch status` and `git log -1` in repository $1, labelled $2; prints Markdown lines.
time_status() {
    local repo="$1" label="$2"
    (cd "$repo" && "$VOUCH_BIN" status >/dev/null) || {
        echo "- $label: skipped, \`vouch status\` failed:"
        (cd "$repo" && "$VOUCH_BIN" status 2>&1 | head -5 | sed 's/^/    /') || true
        return
    }
    if command -v hyperfine >/dev/null; then
        (cd "$repo" && hyperfine -N --warmup 10 --runs 200 --style basic \
            --export-json "$scratch/hyperfine.json" \
            "$VOUCH_BIN status" "git log -1") >&2
        # Wall time, and CPU time (user + system), which other load on the machine inflates less.
        jq -r --arg name "$label" '.results
            | map({c: (.command | sub(".*/"; "")), median: (.median * 1000),
                   cpu: ((.user + .system) * 1000)}) as $r
            | "- \($name): `\($r[0].c)` median \($r[0].median * 100 | round / 100) ms (CPU \($r[0].cpu * 100 | round / 100) ms); `\($r[1].c)` median \($r[1].median * 100 | round / 100) ms (CPU \($r[1].cpu * 100 | round / 100) ms); ratio of medians \($r[0].median / $r[1].median * 10 | round / 10)"' \
            "$scratch/hyperfine.json"
    else
        local runs=100 start end vouch_ms git_ms
        start="$(date +%s%N)"
        for ((i = 0; i < runs; i++)); do (cd "$repo" && "$VOUCH_BIN" status >/dev/null); done
        end="$(date +%s%N)"
        vouch_ms="$(awk -v a="$start" -v b="$end" -v n="$runs" 'BEGIN { printf "%.2f", (b - a) / n / 1e6 }')"
        start="$(date +%s%N)"
        for ((i = 0; i < runs; i++)); do git -C "$repo" log -1 >/dev/null; done
        end="$(date +%s%N)"
        git_ms="$(awk -v a="$start" -v b="$end" -v n="$runs" 'BEGIN { printf "%.2f", (b - a) / n / 1e6 }')"
        echo "- $label: \`vouch status\` mean $vouch_ms ms; \`git log -1\` mean $git_ms ms;" \
            "ratio $(awk -v a="$vouch_ms" -v b="$git_ms" 'BEGIN { printf "%.1f", a / b }')" \
            "($runs runs each, loop timed with date, subshell included; install hyperfine for better figures)"
    fi
}

# `vouch status` against `git log -1` on throwaway repositories holding the benchmark's data.
whole_process() {
    echo "## Whole process"
    echo
    if [[ ! -x "$VOUCH_BIN" ]] || ! "$VOUCH_BIN" status --help >/dev/null 2>&1; then
        echo "Skipped: $VOUCH_BIN has no \`status\` subcommand."
        echo
        return
    fi
    # Shut out the developer's own git config; vouch's own config lives in the repository.
    export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
    local team="$scratch/team" bundled="$scratch/bundled"
    for repo in "$team" "$bundled"; do
        mkdir -p "$repo"
        git -C "$repo" init -q
        git -C "$repo" config user.name "Bench"
        git -C "$repo" config user.email "bench@example.com"
        VOUCH_BENCH_WORKSPACE="$repo" cargo bench --quiet --bench core >/dev/null
    done
    # The same 1,000 progress entries with only the bundled checklists: every entry is an orphan.
    rm -r "$bundled/.vouch/checklists"
    for repo in "$team" "$bundled"; do
        git -C "$repo" add -A
        git -C "$repo" commit -qm "checklists and progress"
    done
    time_status "$team" "1,000-item team checklist + bundled, 1,000 entries"
    time_status "$bundled" "bundled checklists only, the same 1,000 entries (orphans)"
    echo
}

# With QUIET_LOAD set (e.g. 0.5), wait up to 30 minutes for the 1-minute load average to drop
# below it, so other work on the machine does not inflate the figures.
wait_for_quiet() {
    [[ -n "${QUIET_LOAD:-}" ]] || return 0
    local waited=0
    while awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v q="$QUIET_LOAD" 'BEGIN { exit !(l >= q) }'; do
        if ((waited >= 1800)); then
            echo "bench.sh: load still above $QUIET_LOAD after 30 minutes; running anyway" >&2
            return 0
        fi
        sleep 15
        waited=$((waited + 15))
    done
}

cargo build --release --bin vouch >&2
cargo bench --bench core --no-run >&2
wait_for_quiet
machine
marker="$scratch/started"
touch "$marker"
cargo bench --bench core -- --measurement-time "$MEASUREMENT_TIME" "$@" >&2
summary "$marker"
whole_process
