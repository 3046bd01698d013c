#!/usr/bin/env bash
# Builds a git repository whose .vouch/progress.toml changed COMMITS times (default 10,000),
# for timing `vouch history`. Deterministic: the same arguments give the same commit ids.
#
#   scripts/make-history-repo.sh DIR [COMMITS]
#
# The progress file holds all 45 UK Code claims (uk-sscop), each with a status, a stamp and a
# note. Commit k changes one claim (the claims take turns): its status flips between
# in-progress and done and its note names the commit. A README is committed first. Commits
# are made with `git fast-import`, one minute apart from 2026-01-01, by a fixed author.
set -euo pipefail

dir=${1:?usage: scripts/make-history-repo.sh DIR [COMMITS]}
commits=${2:-10000}
here=$(cd "$(dirname "$0")/.." && pwd)

if [ -e "$dir" ]; then
  echo "error: $dir exists; give a new folder" >&2
  exit 2
fi

ids=$(sed -n '/^\[\[items\]\]/{n;s/^id = "\(.*\)"$/\1/p;}' "$here/checklists/uk-sscop.toml" | tr '\n' ' ')

export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
git init --quiet --initial-branch=main "$dir"
cd "$dir"
git config user.name "Ada Lovelace"
git config user.email "ada@example.com"

LC_ALL=C awk -v ids="$ids" -v commits="$commits" '
function blob(text) { printf "data %d\n%s\n", length(text), text }
function stamp(k,   m) {
  m = k % 60; k = int(k / 60)
  return sprintf("2026-%02d-%02dT%02d:%02d:00Z", 1 + int(k / 24 / 28) % 12, 1 + int(k / 24) % 28, k % 24, m)
}
BEGIN {
  n = split(ids, id, " ")
  for (i = 1; i <= n; i++) { status[i] = "in-progress"; note[i] = "Started at the first review" }
  who = "Ada Lovelace <ada@example.com>"
  start = 1767225600
  print "commit refs/heads/main"
  print "mark :1"
  printf "author %s %d +0000\ncommitter %s %d +0000\n", who, start, who, start
  blob("Add a README")
  print "M 100644 inline README.md"
  blob("# demo\n")
  for (k = 1; k <= commits; k++) {
    i = (k - 1) % n + 1
    status[i] = (status[i] == "done") ? "in-progress" : "done"
    note[i] = "Reviewed in meeting " k
    updated[i] = stamp(k)
    text = "version = 1\n"
    for (j = 1; j <= n; j++) {
      text = text "\n[items.\"uk-sscop:" id[j] "\"]\nstatus = \"" status[j] "\"\n"
      if (j in updated) text = text "updated = " updated[j] "\nby = \"" who "\"\n"
      text = text "note = \"" note[j] "\"\n"
    }
    printf "commit refs/heads/main\nmark :%d\n", k + 1
    printf "author %s %d +0000\ncommitter %s %d +0000\n", who, start + 60 * k, who, start + 60 * k
    blob("Review " k ": uk-sscop:" id[i] " is " status[i])
    printf "from :%d\n", k
    print "M 100644 inline .vouch/progress.toml"
    blob(text)
  }
}' | git fast-import --quiet
git checkout --quiet main
echo "$dir: $(git rev-list --count HEAD) commits, $(git rev-list --count HEAD -- .vouch/progress.toml) of them change .vouch/progress.toml"
