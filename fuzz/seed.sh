#!/usr/bin/env bash
# fuzz/seed.sh: fill fuzz/corpus/<target>/ with the repository's own files as starting inputs:
# bundled checklists and mappings, test fixtures (valid, invalid, hostile) and progress files.
# For `merge`, seeds are base\0ours\0theirs triples built from the progress fixtures.
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/checklist corpus/progress corpus/merge
for f in "$root"/checklists/*.toml "$root"/checklists/mappings/*.toml "$root"/tests/fixtures/*/*.toml; do
    cp "$f" "corpus/checklist/$(basename "$(dirname "$f")")-$(basename "$f")"
done
progress=("$root"/.vouch/progress.toml "$root"/tests/fixtures/*/progress-*.toml "$root"/tests/fixtures/hostile/*progress*.toml)
for f in "${progress[@]}"; do
    cp "$f" "corpus/progress/$(basename "$(dirname "$f")")-$(basename "$f")"
done
n=0
for base in "${progress[@]}"; do
    for ours in "${progress[@]}"; do
        n=$((n + 1))
        { cat "$base"; printf '\0'; cat "$ours"; printf '\0'; cat "${progress[0]}"; } >"corpus/merge/seed-$n"
    done
done
echo "seeded: $(ls corpus/checklist | wc -l) checklist, $(ls corpus/progress | wc -l) progress, $(ls corpus/merge | wc -l) merge inputs"
