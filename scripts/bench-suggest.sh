#!/usr/bin/env bash
# Times `vouch suggest` (release build) on a repository of 50,000 tracked files, built the same
# way every run: the real files the detectors read (SECURITY.md, a workflow, Dependabot,
# Cargo.lock, CODEOWNERS, a threat model, 200 docs pages), 50,000 generated files that share
# one blob, added straight to the index, 250 commits of history and a tag on every sixth.
# The target is 1 s; the script fails when the mean is over it. Results: docs/PERFORMANCE.md.
#
#   scripts/bench-suggest.sh            # build, make the repository, time it with hyperfine
#   FILES=100000 scripts/bench-suggest.sh
#   KEEP=1 scripts/bench-suggest.sh     # keep the repository and print where it is
set -euo pipefail
cd "$(dirname "$0")/.."
project=$(pwd)

FILES=${FILES:-50000}
TARGET_SECONDS=1
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$project/target}
cargo build --release --quiet
vouch="$CARGO_TARGET_DIR/release/vouch"

work=$(mktemp -d)
if [[ -z "${KEEP:-}" ]]; then trap 'rm -rf "$work"' EXIT; fi
repo=$work/repo

# Nothing from the machine's git setup; fixed dates so the repository is the same every run.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com
export GIT_AUTHOR_DATE='2026-01-01T00:00:00Z' GIT_COMMITTER_DATE='2026-01-01T00:00:00Z'

git init -q -b main "$repo"
cd "$repo"

# The files the detectors look for, as a real project has them.
mkdir -p .github/workflows docs/security docs/guide
cat > SECURITY.md <<'EOF'
# Security policy

Report vulnerabilities privately to:
security@example.com

We reply within three working days.
EOF
cat > .github/workflows/ci.yml <<'EOF'
name: CI
on:
  push:
  pull_request:
  schedule:
    - cron: '0 4 * * *'
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
      - name: Tests
        run: cargo test --locked
      - name: Clippy
        run: cargo clippy --all-targets -- -D warnings
      - name: Audit
        run: |
          cargo install cargo-audit --locked
          cargo audit
      - uses: gitleaks/gitleaks-action@83373cf2f8c4db6e24b41c1a9b086bb9619e9cd3
EOF
cat > .github/dependabot.yml <<'EOF'
version: 2
updates:
  - package-ecosystem: cargo
    directory: /
    schedule:
      interval: weekly
  - package-ecosystem: github-actions
    directory: /
    schedule:
      interval: weekly
EOF
printf '* @example/maintainers\n.github/ @example/release\n' > .github/CODEOWNERS
printf '# Threat model\n\n## Assets\n\nTokens.\n\n## Threats (STRIDE)\n\nSpoofing; mitigation: MFA.\n' > docs/security/threat-model.md
printf '[toolchain]\nchannel = "1.88.0"\n' > rust-toolchain.toml
cp "$project/Cargo.lock" Cargo.lock
for i in $(seq 1 200); do
  printf '# Guide %d\n\nSome text.\n\n## Details\n\nMore text.\n' "$i" > "docs/guide/page-$i.md"
done
git add --all

# 50,000 generated files sharing one blob: straight into the index, no files on disk.
blob=$(printf 'pub fn f() {}\n' | git hash-object -w --stdin)
awk -v blob="$blob" -v n="$FILES" 'BEGIN {
  for (i = 0; i < n; i++) printf "100644 %s\tsrc/mod%03d/part%02d/file%06d.rs\n", blob, i % 500, i % 40, i
}' | git update-index --index-info
git commit -q -m "Initial import"

# 250 commits of history on the same tree, and a tag on every sixth.
tree=$(git rev-parse 'HEAD^{tree}')
parent=$(git rev-parse HEAD)
for i in $(seq 1 250); do
  parent=$(git commit-tree "$tree" -p "$parent" -m "Change $i")
  if (( i % 6 == 0 )); then git tag "v0.$i.0" "$parent"; fi
done
git update-ref refs/heads/main "$parent"

tracked=$(git ls-files | wc -l)
echo "repository: $tracked tracked files, $(git rev-list --count HEAD) commits, $(git tag | wc -l) tags"
echo "proposals: $("$vouch" suggest --format json | grep -c '"item"')"

if command -v hyperfine >/dev/null; then
  hyperfine --warmup 2 --runs 20 --export-json "$work/bench.json" "$vouch suggest"
  mean=$(grep -m1 '"mean"' "$work/bench.json" | tr -dc '0-9.')
else
  echo "hyperfine not found; timing 10 runs with the shell's clock"
  start=$(date +%s.%N)
  for _ in $(seq 10); do "$vouch" suggest >/dev/null; done
  mean=$(echo "($(date +%s.%N) - $start) / 10" | bc -l)
fi
if [[ -x /usr/bin/time ]]; then
  /usr/bin/time -f 'one run: %e s elapsed, %M KiB peak memory' "$vouch" suggest >/dev/null
fi
awk -v m="$mean" -v t="$TARGET_SECONDS" 'BEGIN {
  printf "mean %.3f s against a target of %d s: %.1f%% of the budget\n", m, t, 100 * m / t
  exit (m <= t ? 0 : 1)
}'
if [[ -n "${KEEP:-}" ]]; then echo "kept: $repo"; fi
