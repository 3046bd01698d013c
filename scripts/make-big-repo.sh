#!/bin/sh
# Builds a deterministic N-commit git repository for benchmarks (trailer scans, evidence checks).
#
#   scripts/make-big-repo.sh N DIR
#
# Same N, same commit ids: fixed authors, dates and contents, written with `git fast-import`.
# Each commit rewrites one of a few small files; every 50th commit carries a `Vouch:` trailer
# (every 500th names two items in one trailer) and every 97th mentions "vouch" in its body
# without a trailer, so scans meet both. DIR must not exist yet; it ends up checked out on main.
set -eu

if [ "$#" -ne 2 ]; then
    echo "usage: $0 N DIR   (N commits, DIR must not exist)" >&2
    exit 2
fi
n=$1
dir=$2
case "$n" in
    '' | *[!0-9]*)
        echo "$0: N must be a whole number, got '$n'" >&2
        exit 2
        ;;
esac
if [ -e "$dir" ]; then
    echo "$0: $dir already exists; pick a new folder" >&2
    exit 2
fi

# Keep the user's git config out, so the result depends only on N.
GIT_CONFIG_GLOBAL=/dev/null
GIT_CONFIG_SYSTEM=/dev/null
GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL GIT_CONFIG_SYSTEM GIT_CONFIG_NOSYSTEM
LC_ALL=C
export LC_ALL

git init -q -b main "$dir"

awk -v n="$n" '
function data(text) {
    printf "data %d\n%s\n", length(text), text
}
BEGIN {
    split("Ada Lovelace <ada@example.com>|Grace Hopper <grace@example.com>|Alan Turing <alan@example.com>", who, "|")
    split("README.md|src/main.c|src/parse.c|src/net.c|docs/sdlc.md|SECURITY.md", file, "|")
    split("uk-sscop:1.1-C1|uk-sscop:2.3-C2|nist-ssdf:PO.1.1|nist-ssdf:PS.2.1|uk-sscop:4.1-C1|cisa-sbd:1", item, "|")
    start = 1700000000
    for (i = 1; i <= n; i++) {
        f = file[(i % 6) + 1]
        a = who[(i % 3) + 1]
        t = start + i * 60
        msg = sprintf("Update %s (change %d)\n\nRoutine change number %d to %s.", f, i, i, f)
        if (i % 97 == 0)
            msg = msg "\nWe vouch for this one in the body, which is not a trailer."
        if (i % 500 == 0)
            msg = msg sprintf("\n\nVouch: %s, %s", item[(i / 50) % 6 + 1], item[(i / 50 + 1) % 6 + 1])
        else if (i % 50 == 0)
            msg = msg sprintf("\n\nVouch: %s", item[(i / 50) % 6 + 1])
        body = ""
        for (l = 0; l < 8; l++)
            body = body sprintf("line %d of %s, last touched by change %d\n", l + 1, f, i - (l * 7 % 13))
        printf "commit refs/heads/main\n"
        printf "mark :%d\n", i
        printf "author %s %d +0000\n", a, t
        printf "committer %s %d +0000\n", a, t
        data(msg)
        printf "M 100644 inline %s\n", f
        data(body)
        printf "\n"
    }
}' | git -C "$dir" fast-import --quiet

git -C "$dir" checkout -q -f main
echo "$dir: $(git -C "$dir" rev-list --count HEAD) commits, HEAD $(git -C "$dir" rev-parse HEAD), $(du -sh "$dir/.git" | cut -f1) in .git"
