#!/usr/bin/env bash
# scripts/bench-evidence.sh: times `vouch verify` (and `vouch status`, `vouch list --stale`)
# with 1,000 pieces of linked evidence on a big repository, against `git log` on the same one.
#
#   scripts/bench-evidence.sh [N]        N commits, default 100000
#
# 1. Builds target/bench/big-N with scripts/make-big-repo.sh (same N, same commit ids), or
#    reuses it when it is already there with N commits.
# 2. Copies it to target/bench/evidence-N (rebuilt every run) and adds two commits with fixed
#    authors and dates, so their ids are the same every run too:
#      - "Add generated units": 200 files src/gen/unit-NNN.c of 120 lines each, and
#        docs/old-policy.md;
#      - "Record progress": deletes docs/old-policy.md, adds .vouch/ (`vouch init`) and a
#        progress.toml marking every item done, with 1,000 pieces of evidence spread over the
#        items, one inline table a line:
#          500 commits: 498 picked every 200th commit of the history, the root commit
#            included, so the reachability walk goes all the way down; 1 commit that exists
#            but no branch reaches (made with `git commit-tree`, stale), 1 id that is in no
#            object database (missing). The unreachable one makes the walk cover all history.
#          500 files: the 200 units and the 6 original files whole, 280 line ranges in the
#            units and 5 in the original files, all pinned to their real blob ids at HEAD
#            (fresh); 4 whole files and 4 line ranges pinned to versions 600 to 1,800 commits
#            old (stale); docs/old-policy.md, deleted since it was linked (missing).
#    So `vouch verify` must report exactly 11 of 1000 as stale or missing; the script checks
#    that before timing anything.
# 3. Times, in one run (hyperfine, 3 warm-ups, RUNS timed runs, no shell): `git log --format=%H`
#    (the reference: one walk of the whole history), `vouch verify`, `vouch status` and
#    `vouch list --stale`, and prints the machine, a table of medians, ratios to `git log`
#    and to the 200 ms target for `vouch verify`. Without hyperfine
#    (`apt-get install -y hyperfine`) it falls back to a loop timed with `date +%s%N`.
#
# 4. Unless TUI=0, runs examples/first_frame.rs (the TUI's first frame and the commit picker's
#    first page, in process) and scripts/tui-first-draw.py (the real binary's first frame on a
#    pseudo-terminal) on the same repository, RUNS_TUI times each.
#
# Environment: RUNS (timed runs per command, default 20); RUNS_TUI (default 21); TUI (0 skips
# step 4); VOUCH_BIN (default target/release/vouch, built by this script with
# `cargo build --release` unless given).
# Writes only under target/bench/ (and a temporary folder for hyperfine's JSON).
set -euo pipefail

readonly RUNS="${RUNS:-20}"
readonly RUNS_TUI="${RUNS_TUI:-21}"
readonly TARGET_MS=200

die() {
    printf 'bench-evidence.sh: %s\n' "$*" >&2
    exit 1
}

n="${1:-100000}"
case "$n" in
    '' | *[!0-9]*) die "N must be a whole number, got '$n'" ;;
esac
[ "$n" -ge 2000 ] || die "N must be at least 2000 (old versions 1,800 commits back are linked)"

cd "$(dirname "$0")/.."
readonly ROOT="$PWD"
if [ -n "${VOUCH_BIN:-}" ]; then
    vouch="$VOUCH_BIN"
else
    cargo build --release --quiet || die "cargo build --release failed"
    vouch="$ROOT/target/release/vouch"
fi
[ -x "$vouch" ] || die "no vouch binary at $vouch"
command -v jq >/dev/null || die "jq is needed to read hyperfine's results (apt-get install -y jq)"

# Only N decides the repository: keep the user's git config out.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null GIT_CONFIG_NOSYSTEM=1 LC_ALL=C

mkdir -p target/bench
base="$ROOT/target/bench/big-$n"
if [ -d "$base" ] && [ "$(git -C "$base" rev-list --count HEAD 2>/dev/null)" = "$n" ]; then
    echo "reusing $base ($n commits)"
else
    rm -rf "$base" "$base.tmp"
    echo "building $base with scripts/make-big-repo.sh (about 8 s per 100,000 commits)"
    scripts/make-big-repo.sh "$n" "$base.tmp"
    mv "$base.tmp" "$base"
fi

repo="$ROOT/target/bench/evidence-$n"
rm -rf "$repo"
cp -a "$base" "$repo"
g() { git -C "$repo" -c gc.auto=0 "$@"; }
stamp() {
    export GIT_AUTHOR_NAME="Bench" GIT_AUTHOR_EMAIL="bench@example.com" \
        GIT_COMMITTER_NAME="Bench" GIT_COMMITTER_EMAIL="bench@example.com" \
        GIT_AUTHOR_DATE="@$1 +0000" GIT_COMMITTER_DATE="@$1 +0000"
}
# make-big-repo.sh dates commit i at 1700000000 + 60 i; these come after the last one.
last=$((1700000000 + n * 60))
base_head="$(g rev-parse HEAD)"

# Commit A: 200 generated units and a policy page that the next commit deletes.
mkdir -p "$repo/src/gen"
awk -v dir="$repo/src/gen" 'BEGIN {
    for (u = 1; u <= 200; u++) {
        path = sprintf("%s/unit-%03d.c", dir, u)
        for (l = 1; l <= 120; l++)
            printf "int unit_%03d_step_%03d(int x) { return x * %d + %d; } /* line %d */\n", \
                u, l, u, l, l > path
        close(path)
    }
}'
printf '# Old security policy\n\nReplaced by SECURITY.md.\n' >"$repo/docs/old-policy.md"
g add -A
stamp $((last + 60))
g commit -q -m "Add generated units"
commit_a="$(g rev-parse HEAD)"

# A commit that exists but that no branch or tag reaches (as after a rewritten history).
stamp $((last + 90))
unreachable="$(g commit-tree -p "$base_head" -m "Rewritten away" "$base_head^{tree}")"
missing="0123456789abcdef0123456789abcdef01234567"
if g cat-file -e "$missing" 2>/dev/null; then die "the 'missing' id $missing exists"; fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# The pieces of evidence, one inline table a line, commits and files interleaved.
# 498 commits: every 200th from HEAD down (the two newest left out), ending with the root
# commit so the walk reaches the bottom; repeated or cut to 498 when N is not 100,000.
root="$(g rev-list --max-parents=0 "$base_head")"
g rev-list "$base_head" | awk -v root="$root" 'NR % 200 == 0 && $0 != root' | tail -n +3 |
    awk -v root="$root" '{ line[NR] = $0 } END {
        for (i = 0; i < 497; i++) print line[(i % NR) + 1]
        print root
    }' >"$scratch/commits"
{
    sed 's/.*/{ commit = "&" }/' "$scratch/commits"
    echo "{ commit = \"$unreachable\" }"
    echo "{ commit = \"$missing\" }"
} >"$scratch/commit-pieces"
[ "$(wc -l <"$scratch/commit-pieces")" -eq 500 ] || die "expected 500 commit pieces"

g ls-tree -r HEAD >"$scratch/tree"
old_ref() { g rev-parse "$base_head~$1"; }
old_blob() { g rev-parse "$base_head~$1:$2"; }
{
    # Whole files at HEAD: the 200 units and the 6 original files.
    awk -v at="$commit_a" '$4 != "docs/old-policy.md" {
        printf "{ file = \"%s\", blob = \"%s\", at = \"%s\" }\n", $4, $3, at }' "$scratch/tree"
    # 280 line ranges in the units, 5 in the original files.
    awk -v at="$commit_a" '
        $4 ~ /^src\/gen\// { unit[u++] = $4; ublob[$4] = $3 }
        $4 !~ /^src\/gen\// && $4 != "docs/old-policy.md" { orig[o++] = $4; oblob[$4] = $3 }
        END {
            for (k = 0; k < 280; k++) {
                p = unit[k % u]; s = 1 + (k * 37) % 100; e = s + (k * 13) % 20
                printf "{ file = \"%s\", lines = \"%d-%d\", blob = \"%s\", at = \"%s\" }\n", \
                    p, s, e, ublob[p], at
            }
            for (k = 0; k < 5; k++) {
                p = orig[k]; s = 1 + k; e = s + 2
                printf "{ file = \"%s\", lines = \"%d-%d\", blob = \"%s\", at = \"%s\" }\n", \
                    p, s, e, oblob[p], at
            }
        }' "$scratch/tree"
    # Stale: versions from 600 to 1,800 commits back, whole and as line ranges.
    k=0
    for path in src/main.c src/net.c src/parse.c README.md; do
        back=$((600 + k * 300))
        printf '{ file = "%s", blob = "%s", at = "%s" }\n' \
            "$path" "$(old_blob "$back" "$path")" "$(old_ref "$back")"
        printf '{ file = "%s", lines = "2-4", blob = "%s", at = "%s" }\n' \
            "$path" "$(old_blob $((back + 6)) "$path")" "$(old_ref $((back + 6)))"
        k=$((k + 1))
    done
    # Missing: linked at commit A, deleted by the next commit.
    printf '{ file = "docs/old-policy.md", blob = "%s", at = "%s" }\n' \
        "$(g rev-parse "$commit_a:docs/old-policy.md")" "$commit_a"
} >"$scratch/file-pieces"
[ "$(wc -l <"$scratch/file-pieces")" -eq 500 ] || die "expected 500 file pieces"
paste -d '\n' "$scratch/commit-pieces" "$scratch/file-pieces" >"$scratch/pieces"

g rm -q docs/old-policy.md
(cd "$repo" && "$vouch" init >/dev/null)
(cd "$repo" && "$vouch" list) | awk '{ print $1 }' | sort >"$scratch/items"
items="$(wc -l <"$scratch/items")"
[ "$items" -gt 0 ] || die "vouch list printed no items"
# Piece p goes to item p mod (number of items); every item is done.
awk -v items="$items" '
    FNR == NR { id[n++] = $0; next }
    { piece[(FNR - 1) % items] = piece[(FNR - 1) % items] "  " $0 ",\n" }
    END {
        print "# Progress against secure-development checklists, kept by vouch."
        print "version = 1"
        for (i = 0; i < n; i++) {
            printf "\n[items.\"%s\"]\nstatus = \"done\"\nupdated = 2026-01-15T10:00:00Z\n", id[i]
            printf "by = \"Bench <bench@example.com>\"\nevidence = [\n%s]\n", piece[i]
        }
    }' "$scratch/items" "$scratch/pieces" >"$repo/.vouch/progress.toml"
g add .vouch
stamp $((last + 120))
g commit -q -m "Record progress"

echo "$repo: $(g rev-list --count HEAD) commits, HEAD $(g rev-parse HEAD)"
echo "progress.toml: $items items, $(grep -c '^  { ' "$repo/.vouch/progress.toml") pieces of evidence, $(wc -c <"$repo/.vouch/progress.toml") bytes"

# The run must really check everything: 11 stale or missing of 1000, exit 1.
set +e
(cd "$repo" && "$vouch" verify) >"$scratch/verify.out"
code=$?
set -e
tail -1 "$scratch/verify.out"
[ "$code" -eq 1 ] || die "vouch verify exited $code, expected 1"
grep -q '^11 of 1000 pieces of evidence are stale or missing' "$scratch/verify.out" ||
    die "vouch verify did not find the 11 planted stale or missing pieces: $(cat "$scratch/verify.out")"
[ "$(cd "$repo" && "$vouch" list --stale | wc -l)" -ge 1 ] || die "vouch list --stale listed nothing"

echo
echo "## Machine"
printf -- '- CPU: %s, %s logical CPUs (nproc)\n' \
    "$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)" "$(nproc)"
printf -- '- Memory: %s\n' "$(free -h | awk '/^Mem:/ { print $2 }')"
printf -- '- Kernel %s; git %s; vouch %s\n' "$(uname -r)" "$(git --version | cut -d' ' -f3)" "$vouch"
printf -- '- Load average before: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
echo

names=("git log --format=%H" "vouch verify" "vouch status" "vouch list --stale")
commands=("git log --format=%H" "$vouch verify" "$vouch status" "$vouch list --stale")
declare -a median user system
if command -v hyperfine >/dev/null; then
    (cd "$repo" && hyperfine -N -i --warmup 3 --runs "$RUNS" --style basic \
        --export-json "$scratch/h.json" \
        -n "${names[0]}" "${commands[0]}" -n "${names[1]}" "${commands[1]}" \
        -n "${names[2]}" "${commands[2]}" -n "${names[3]}" "${commands[3]}") >&2
    for i in 0 1 2 3; do
        median[i]="$(jq -r ".results[$i].median * 1000" "$scratch/h.json")"
        user[i]="$(jq -r ".results[$i].user * 1000" "$scratch/h.json")"
        system[i]="$(jq -r ".results[$i].system * 1000" "$scratch/h.json")"
    done
    method="hyperfine -N -i --warmup 3 --runs $RUNS"
else
    echo "hyperfine not found (apt-get install -y hyperfine); timing a loop with date instead" >&2
    for i in 0 1 2 3; do
        read -r -a argv <<<"${commands[i]}"
        for _ in 1 2 3; do (cd "$repo" && "${argv[@]}" >/dev/null 2>&1) || true; done
        for _ in $(seq "$RUNS"); do
            start=$(date +%s%N)
            (cd "$repo" && "${argv[@]}" >/dev/null 2>&1) || true
            echo $((($(date +%s%N) - start) / 1000))
        done | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] / 1000 }' \
            >"$scratch/m"
        median[i]="$(cat "$scratch/m")"
        user[i]="-"
        system[i]="-"
    done
    method="a loop of $RUNS runs timed with date (3 warm-ups; includes a subshell per run)"
fi
printf -- '- Load average after: %s\n\n' "$(cut -d' ' -f1-3 /proc/loadavg)"

echo "## Results ($method; $n + 2 commits, 1000 pieces of evidence)"
echo
echo "| command | median | user CPU | system CPU | x git log | target | of target |"
echo "|---|---|---|---|---|---|---|"
for i in 0 1 2 3; do
    target="-"
    of="-"
    if [ "$i" -eq 1 ]; then
        target="$TARGET_MS ms"
        of="$(awk -v m="${median[1]}" -v t="$TARGET_MS" 'BEGIN { printf "%.2f", m / t }')"
    fi
    awk -v name="${names[i]}" -v m="${median[i]}" -v u="${user[i]}" -v s="${system[i]}" \
        -v g="${median[0]}" -v target="$target" -v of="$of" 'BEGIN {
        cpu = (u == "-") ? "-" : sprintf("%.0f ms", u)
        sys = (s == "-") ? "-" : sprintf("%.0f ms", s)
        printf "| `%s` | %.1f ms | %s | %s | %.2f | %s | %s |\n", name, m, cpu, sys, m / g, target, of
    }'
done
echo
awk -v m="${median[1]}" -v t="$TARGET_MS" 'BEGIN {
    printf "vouch verify: median %.1f ms, %s the %d ms target\n", m, (m <= t) ? "within" : "OVER", t
}'

# 4. The TUI on the same repository: first frame and commit picker in process, then the real
#    binary's first frame on a pseudo-terminal. TUI=0 skips this.
if [ "${TUI:-1}" != 0 ]; then
    echo
    echo "## TUI (cargo run --release --example first_frame -- $repo $RUNS_TUI)"
    echo
    cargo run --release --quiet --example first_frame -- "$repo" "$RUNS_TUI"
    echo
    echo "## Real binary on a pseudo-terminal (scripts/tui-first-draw.py)"
    echo
    if command -v python3 >/dev/null; then
        python3 scripts/tui-first-draw.py "$vouch" "$repo" "$RUNS_TUI"
    else
        echo "python3 not found; skipped"
    fi
    printf -- '- Load average after: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
else
    echo "next: cargo run --release --example first_frame -- $repo"
fi

# 5. The reachability index (src/git/reachable.rs): the runs above found it current. Also time
#    a pass with no index, as in a fresh clone's first `vouch verify` (the whole history is
#    walked: the root commit and an unreachable one are linked), and a pass after one new
#    commit (only that commit is walked). Last, because it adds a commit.
echo
echo "## vouch verify and the reachability index"
echo
if command -v hyperfine >/dev/null; then
    index="$repo/.git/vouch/reachable"
    [ -f "$index" ] || die "vouch verify wrote no reachability index at $index"
    cp "$index" "$scratch/reachable.before"
    stamp $((last + 180))
    g commit -q --allow-empty -m "One more commit"
    cold_runs=$(((RUNS + 1) / 2))
    (cd "$repo" && hyperfine -N -i --runs "$cold_runs" --style basic \
        --export-json "$scratch/index.json" \
        -n "no index (a fresh clone)" --prepare "rm -f $index" "$vouch verify" \
        -n "one commit since the index" --prepare "cp $scratch/reachable.before $index" \
        "$vouch verify") >&2
    echo "| \`vouch verify\` | median | user CPU | x git log | target | of target |"
    echo "|---|---|---|---|---|---|"
    for i in 0 1; do
        jq -r --argjson i "$i" --argjson g "${median[0]}" --argjson t "$TARGET_MS" \
            '.results[$i] | "| \(.command) | \(.median * 10000 | round / 10) ms | \(.user * 1000 | round) ms | \(.median * 1000 / $g * 100 | round / 100) | \($t) ms | \(.median * 1000 / $t * 100 | round / 100) |"' \
            "$scratch/index.json"
    done
else
    echo "hyperfine not found (apt-get install -y hyperfine); skipped"
fi
