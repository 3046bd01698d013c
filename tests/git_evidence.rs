//! Evidence from git against real throwaway repositories: resolving commits, pinning files,
//! and judging evidence fresh, stale, missing or unknown.

// Integration tests: a panic is the failure report, so helpers may unwrap too.
#![allow(clippy::unwrap_used)]

#[path = "common/gitrepo.rs"]
mod gitrepo;

use std::path::Path;

use git2::Oid;
use gitrepo::{TestRepo, git_in, numbered_lines};
use vouch::git::GitError;
use vouch::git::evidence::{
    EvidenceState, LineRange, ReachabilityCache, check, check_all, diff_since_linking, pin_file,
    resolve_commit,
};
use vouch::git::reachable::IndexUse;
use vouch::model::progress::Evidence;

fn lines(text: &str) -> LineRange {
    LineRange::parse(text).unwrap()
}

fn pin(repo: &TestRepo, path: &str, lines: Option<LineRange>) -> Evidence {
    pin_file(&repo.open(), &repo.root, Path::new(path), lines).unwrap()
}

fn pin_err(repo: &TestRepo, base: &Path, path: &Path) -> String {
    pin_file(&repo.open(), base, path, None)
        .unwrap_err()
        .to_string()
}

fn state(repo: &TestRepo, evidence: &Evidence) -> EvidenceState {
    check(&repo.open(), evidence, &mut ReachabilityCache::new())
}

fn commit_evidence(id: &str) -> Evidence {
    Evidence::Commit { id: id.to_owned() }
}

fn fresh() -> EvidenceState {
    EvidenceState::Fresh { moved_to: None }
}

/// A repository with docs/sdlc.md (40 numbered lines) and README.md committed.
fn repo_with_docs() -> TestRepo {
    let repo = TestRepo::init();
    repo.write("docs/sdlc.md", &numbered_lines(40));
    repo.write("README.md", "# Project\n");
    repo.commit_all("Add docs");
    repo
}

// ---- resolving commits ----

#[test]
fn any_revision_git_accepts_resolves_to_a_full_commit_id() {
    let repo = TestRepo::init();
    let first = repo.commit_all("one");
    repo.git(&["tag", "-a", "v1", "-m", "release 1"]);
    let second = repo.commit_all("two");
    let third = repo.commit_all("three");
    repo.git(&["branch", "old", &second]);
    let git = repo.open();

    assert_eq!(resolve_commit(&git, &third[..8]).unwrap(), third);
    assert_eq!(resolve_commit(&git, "HEAD~2").unwrap(), first);
    assert_eq!(
        resolve_commit(&git, "v1").unwrap(),
        first,
        "annotated tags peel"
    );
    assert_eq!(resolve_commit(&git, "old").unwrap(), second);
    assert_eq!(resolve_commit(&git, "HEAD").unwrap(), third);
}

#[test]
fn revisions_that_name_no_commit_are_refused_by_name() {
    let repo = TestRepo::init();
    repo.commit_all("one");
    let git = repo.open();

    let err = resolve_commit(&git, "no-such-branch")
        .unwrap_err()
        .to_string();
    assert!(err.contains("`no-such-branch`"), "{err}");
    assert!(err.contains("commit id, branch, tag or HEAD~N"), "{err}");
    let err = resolve_commit(&git, "HEAD~5").unwrap_err().to_string();
    assert!(err.contains("`HEAD~5`"), "{err}");
    assert!(err.contains("history is not that long"), "{err}");
    let err = resolve_commit(&git, "HEAD^{tree}").unwrap_err().to_string();
    assert!(err.contains("names a tree, not a commit"), "{err}");
    assert!(resolve_commit(&git, "  ").is_err());
}

#[test]
fn resolving_in_a_repository_without_commits_says_so() {
    let repo = TestRepo::init();
    let err = resolve_commit(&repo.open(), "HEAD")
        .unwrap_err()
        .to_string();
    assert!(err.contains("no commits yet"), "{err}");
}

// ---- pinning files ----

#[test]
fn pinning_records_the_repo_relative_path_blob_and_head() {
    let repo = repo_with_docs();
    let evidence = pin(&repo, "docs/sdlc.md", Some(lines("10-20")));
    let blob = repo.git(&["rev-parse", "HEAD:docs/sdlc.md"]);
    assert_eq!(
        evidence,
        Evidence::File {
            path: "docs/sdlc.md".into(),
            lines: Some("10-20".into()),
            blob: Some(blob),
            at: Some(repo.head()),
            confirmed: None,
        }
    );
    assert_eq!(state(&repo, &evidence), fresh());
}

#[test]
fn relative_paths_start_at_the_base_folder_and_are_normalised() {
    let repo = repo_with_docs();
    let git = repo.open();
    let docs = repo.root.join("docs");
    for (base, path) in [
        (docs.as_path(), "sdlc.md"),
        (docs.as_path(), "./sdlc.md"),
        (docs.as_path(), "../docs/sdlc.md"),
        (repo.root.as_path(), "docs/../docs/./sdlc.md"),
    ] {
        let Evidence::File { path: stored, .. } =
            pin_file(&git, base, Path::new(path), None).unwrap()
        else {
            panic!("expected a file");
        };
        assert_eq!(stored, "docs/sdlc.md", "{path} from {}", base.display());
    }
    let absolute = repo.root.join("docs/sdlc.md");
    assert!(pin_file(&git, Path::new("/"), &absolute, None).is_ok());
}

#[test]
fn files_not_committed_yet_are_refused_with_what_to_do() {
    let repo = repo_with_docs();
    repo.write("new.md", "draft\n");
    let err = pin_err(&repo, &repo.root, Path::new("new.md"));
    assert!(err.contains("new.md is not committed yet"), "{err}");
    assert!(err.contains("add and commit it first"), "{err}");

    repo.git(&["add", "new.md"]);
    let err = pin_err(&repo, &repo.root, Path::new("new.md"));
    assert!(err.contains("staged; commit it first"), "{err}");

    repo.write(".gitignore", "*.log\n");
    repo.commit_all("ignore logs");
    repo.write("build.log", "x\n");
    let err = pin_err(&repo, &repo.root, Path::new("build.log"));
    assert!(err.contains("git ignores it"), "{err}");
}

#[test]
fn missing_files_folders_and_bad_ranges_are_refused() {
    let repo = repo_with_docs();
    repo.write("logo.png", "\u{0}\u{1}binary\u{0}");
    repo.commit_all("logo");
    let git = repo.open();

    let err = pin_err(&repo, &repo.root, Path::new("docs/nope.md"));
    assert!(err.contains("docs/nope.md does not exist"), "{err}");
    let err = pin_err(&repo, &repo.root, Path::new("docs"));
    assert!(err.contains("docs is a folder"), "{err}");

    let err = pin_file(
        &git,
        &repo.root,
        Path::new("docs/sdlc.md"),
        Some(lines("35-41")),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("lines 35-41 are past the end of docs/sdlc.md, which has 40 lines"),
        "{err}"
    );
    let err = pin_file(&git, &repo.root, Path::new("logo.png"), Some(lines("1")))
        .unwrap_err()
        .to_string();
    assert!(err.contains("binary file; link the whole file"), "{err}");
    assert!(pin_file(&git, &repo.root, Path::new("logo.png"), None).is_ok());
}

#[test]
fn paths_leaving_the_work_tree_are_refused() {
    let repo = repo_with_docs();
    let outside = repo.outside().join("secret.txt");
    std::fs::write(&outside, "secret\n").unwrap();

    let err = pin_err(&repo, &repo.root, Path::new("../secret.txt"));
    assert!(err.contains("is outside the repository"), "{err}");
    let err = pin_err(&repo, &repo.root, Path::new("../../../../etc/passwd"));
    assert!(err.contains("is outside the repository"), "{err}");
    let err = pin_err(&repo, &repo.root, &outside);
    assert!(err.contains("lies outside the work tree"), "{err}");
    assert!(
        err.contains(&format!(
            "outside the repository at {}:",
            repo.root.display()
        )),
        "{err}"
    );
    let err = pin_err(&repo, &repo.root, Path::new("../missing.txt"));
    assert!(
        err.contains("is outside the repository"),
        "a missing file outside is still outside: {err}"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_that_resolve_outside_are_refused_and_inside_ones_pin_their_target() {
    let repo = repo_with_docs();
    let outside = repo.outside().join("secret.txt");
    std::fs::write(&outside, "secret\n").unwrap();
    std::os::unix::fs::symlink(&outside, repo.root.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(repo.outside(), repo.root.join("up")).unwrap();
    std::os::unix::fs::symlink("docs/sdlc.md", repo.root.join("sdlc-link.md")).unwrap();
    repo.commit_all("links");

    let err = pin_err(&repo, &repo.root, Path::new("leak.txt"));
    assert!(err.contains("symbolic link that points outside"), "{err}");
    let err = pin_err(&repo, &repo.root, Path::new("up/secret.txt"));
    assert!(err.contains("symbolic link that points outside"), "{err}");

    let Evidence::File { path, .. } = pin(&repo, "sdlc-link.md", None) else {
        panic!("expected a file");
    };
    assert_eq!(path, "docs/sdlc.md");
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_are_refused_without_panicking() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let repo = repo_with_docs();
    let name = OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(repo.root.join(name), "menu\n").unwrap();
    repo.commit_all("latin-1 name");

    let err = pin_file(&repo.open(), &repo.root, Path::new(name), None).unwrap_err();
    assert!(matches!(err, GitError::NonUtf8Path { .. }), "{err:?}");
    assert!(err.to_string().contains("not valid UTF-8"), "{err}");

    // A linked file renamed to such a name: the hint shows it lossily, nothing panics.
    let evidence = pin(&repo, "README.md", None);
    let mut mv = gitrepo::git_command(&repo.root);
    mv.arg("mv")
        .arg("README.md")
        .arg(OsStr::from_bytes(b"R\xc9ADME.md"));
    assert!(mv.status().unwrap().success());
    repo.commit_all("rename");
    let EvidenceState::Missing { hint: Some(hint) } = state(&repo, &evidence) else {
        panic!("expected missing with a hint");
    };
    assert!(
        hint.starts_with("renamed to R\u{fffd}ADME.md in "),
        "{hint}"
    );
}

// ---- checking files ----

#[test]
fn a_changed_file_is_stale_with_a_line_summary() {
    let repo = repo_with_docs();
    let evidence = pin(&repo, "docs/sdlc.md", None);
    let mut text = numbered_lines(40).replace("line 3\n", "line three\n");
    text.push_str("line 41\nline 42\n");
    repo.write("docs/sdlc.md", &text);
    repo.commit_all("edit");

    let EvidenceState::Stale {
        summary,
        current_blob,
    } = state(&repo, &evidence)
    else {
        panic!("expected stale");
    };
    assert_eq!(summary, "file changed since linking (+3 -1 lines)");
    assert_eq!(
        current_blob,
        Some(repo.git(&["rev-parse", "HEAD:docs/sdlc.md"]))
    );
    assert!(state(&repo, &evidence).needs_attention());
}

#[test]
fn a_file_edited_only_in_the_work_tree_stays_fresh() {
    let repo = repo_with_docs();
    let evidence = pin(&repo, "docs/sdlc.md", None);
    repo.write("docs/sdlc.md", "uncommitted rewrite\n");
    assert_eq!(state(&repo, &evidence), fresh());
}

#[test]
fn a_line_range_stays_fresh_when_other_lines_change() {
    let repo = repo_with_docs();
    let evidence = pin(&repo, "docs/sdlc.md", Some(lines("10-20")));
    let text = numbered_lines(40)
        .replace("line 3\n", "line three\n")
        .replace("line 30\n", "line thirty\nan extra line\n");
    repo.write("docs/sdlc.md", &text);
    repo.commit_all("edit elsewhere");
    assert_eq!(state(&repo, &evidence), fresh());
}

#[test]
fn a_line_range_that_shifted_is_fresh_and_says_where_it_is_now() {
    let repo = repo_with_docs();
    let evidence = pin(&repo, "docs/sdlc.md", Some(lines("10-20")));
    let text = format!("new intro\nsecond new line\n{}", numbered_lines(40));
    repo.write("docs/sdlc.md", &text);
    repo.commit_all("intro");
    assert_eq!(
        state(&repo, &evidence),
        EvidenceState::Fresh {
            moved_to: Some(lines("12-22"))
        }
    );
    assert_eq!(
        state(&repo, &evidence).to_string(),
        "fresh (the lines are now 12-22)"
    );
}

#[test]
fn a_line_range_whose_text_changed_is_stale_with_a_summary_of_the_range() {
    let repo = repo_with_docs();
    let evidence = pin(&repo, "docs/sdlc.md", Some(lines("1-20")));
    let text = numbered_lines(40)
        .replace("line 5\n", "line five\nline five and a half\n")
        .replace("line 35\n", "line thirty-five\n");
    repo.write("docs/sdlc.md", &text);
    repo.commit_all("edit inside");

    let EvidenceState::Stale { summary, .. } = state(&repo, &evidence) else {
        panic!("expected stale");
    };
    assert_eq!(summary, "3 lines changed in 1-20 since linking (+2 -1)");
}

#[test]
fn a_line_inserted_inside_the_range_makes_it_stale() {
    let repo = repo_with_docs();
    let evidence = pin(&repo, "docs/sdlc.md", Some(lines("10-12")));
    repo.write(
        "docs/sdlc.md",
        &numbered_lines(40).replace("line 11\n", "line 11\ninserted\n"),
    );
    repo.commit_all("insert");
    let EvidenceState::Stale { summary, .. } = state(&repo, &evidence) else {
        panic!("expected stale");
    };
    assert_eq!(summary, "1 line changed in 10-12 since linking (+1 -0)");
}

#[test]
fn a_renamed_file_is_missing_with_its_new_path_and_the_commit() {
    let repo = repo_with_docs();
    let evidence = pin(&repo, "docs/sdlc.md", Some(lines("1-5")));
    repo.commit_all("unrelated");
    repo.git(&["mv", "docs/sdlc.md", "docs/lifecycle.md"]);
    let renamed_in = repo.commit_all("Rename the lifecycle doc");
    repo.commit_all("later");

    let EvidenceState::Missing { hint: Some(hint) } = state(&repo, &evidence) else {
        panic!("expected missing with a hint");
    };
    let short = &renamed_in[..7];
    assert!(
        hint.starts_with("renamed to docs/lifecycle.md in ") && hint.contains(short),
        "{hint}"
    );
}

#[test]
fn a_deleted_file_is_missing_and_names_the_commit_that_deleted_it() {
    let repo = repo_with_docs();
    let evidence = pin(&repo, "README.md", None);
    repo.git(&["rm", "-q", "README.md"]);
    let deleted_in = repo.commit_all("Drop the readme");

    let EvidenceState::Missing { hint: Some(hint) } = state(&repo, &evidence) else {
        panic!("expected missing with a hint");
    };
    assert!(
        hint.starts_with("deleted in ") && hint.contains(&deleted_in[..7]),
        "{hint}"
    );
}

#[test]
fn a_file_linked_without_a_pinned_version_cannot_be_judged() {
    let repo = repo_with_docs();
    let evidence = Evidence::File {
        path: "README.md".into(),
        lines: None,
        blob: None,
        at: None,
        confirmed: None,
    };
    assert!(matches!(
        state(&repo, &evidence),
        EvidenceState::Unknown { .. }
    ));
    let gone = Evidence::File {
        path: "gone.md".into(),
        lines: None,
        blob: Some("a".repeat(40)),
        at: None,
        confirmed: None,
    };
    assert_eq!(state(&repo, &gone), EvidenceState::Missing { hint: None });
}

#[test]
fn urls_are_not_checked() {
    let repo = repo_with_docs();
    let url = Evidence::Url {
        url: "https://example.com/policy".into(),
    };
    assert_eq!(state(&repo, &url), EvidenceState::NotChecked);
    assert!(!state(&repo, &url).needs_attention());
}

// ---- checking commits ----

#[test]
fn a_commit_on_a_branch_or_tag_is_fresh_and_an_unknown_id_is_missing() {
    let repo = TestRepo::init();
    let first = repo.commit_all("one");
    repo.commit_all("two");
    assert_eq!(state(&repo, &commit_evidence(&first)), fresh());

    let made_up = "0123456789abcdef0123456789abcdef01234567";
    assert_eq!(
        state(&repo, &commit_evidence(made_up)),
        EvidenceState::Missing { hint: None }
    );
    let EvidenceState::Missing { hint: Some(hint) } = state(&repo, &commit_evidence("abc123"))
    else {
        panic!("a short id cannot be checked");
    };
    assert!(hint.contains("not a full commit id"), "{hint}");
}

#[test]
fn a_commit_dropped_by_a_history_rewrite_is_stale_not_missing() {
    let repo = TestRepo::init();
    let first = repo.commit_all("one");
    let dropped = repo.commit_all("two");
    repo.git(&["reset", "-q", "--hard", &first]);
    let amended_away = repo.commit_all("three");
    repo.commit(&["--amend", "--allow-empty", "-m", "three, amended"]);

    for id in [&dropped, &amended_away] {
        let EvidenceState::Stale { summary, .. } = state(&repo, &commit_evidence(id)) else {
            panic!("expected stale for {id}");
        };
        assert_eq!(
            summary,
            "not reachable from any branch or tag (history rewritten?)"
        );
    }

    // A tag brings it back into the shared history.
    repo.git(&["tag", "keep", &dropped]);
    assert_eq!(state(&repo, &commit_evidence(&dropped)), fresh());
}

#[test]
fn one_history_walk_serves_a_whole_verification_pass() {
    let repo = TestRepo::init();
    let ids: Vec<String> = (0..30).map(|n| repo.commit_all(&format!("c{n}"))).collect();
    repo.git(&["checkout", "-q", "-b", "side", &ids[10]]);
    let side = repo.commit_all("side work");
    repo.git(&["checkout", "-q", "main"]);
    let git = repo.open();

    let evidence: Vec<Evidence> = ids
        .iter()
        .chain([&side])
        .map(|id| commit_evidence(id))
        .collect();
    let mut cache = ReachabilityCache::new();
    for item in &evidence {
        assert_eq!(check(&git, item, &mut cache), fresh());
    }
    assert_eq!(cache.walks(), 1);

    // Told what is wanted, the walk may stop early; a later unexpected query walks once more.
    let mut cache = ReachabilityCache::new();
    cache.want_evidence(&evidence[25..]);
    for item in &evidence[25..] {
        assert_eq!(check(&git, item, &mut cache), fresh());
    }
    assert_eq!(cache.walks(), 1);
    assert_eq!(check(&git, &evidence[0], &mut cache), fresh());
    assert!(cache.walks() <= 2);

    let mut mixed = evidence.clone();
    mixed.push(Evidence::Url {
        url: "https://example.com".into(),
    });
    mixed.push(commit_evidence(&"0".repeat(40)));
    let states = check_all(&git, &mixed);
    assert_eq!(states.len(), mixed.len());
    assert!(states[..31].iter().all(|s| *s == fresh()));
    assert_eq!(states[31], EvidenceState::NotChecked);
    assert_eq!(states[32], EvidenceState::Missing { hint: None });
}

/// One pass with a fresh remembering cache, as `vouch verify` makes: every commit's verdict
/// (true for reachable) and how the pass used the index.
fn remembered_pass(repo: &TestRepo, ids: &[String]) -> (Vec<bool>, IndexUse, usize) {
    let git = repo.open();
    let mut cache = ReachabilityCache::remembered(&git);
    let verdicts = ids
        .iter()
        .map(|id| {
            cache
                .is_reachable(&git, Oid::from_str(id).unwrap())
                .unwrap()
        })
        .collect();
    (verdicts, cache.index_use(), cache.walks())
}

#[test]
fn the_reachability_index_is_reused_updated_and_never_trusted_past_a_rewrite() {
    let repo = TestRepo::init();
    let mut ids: Vec<String> = (0..20).map(|n| repo.commit_all(&format!("c{n}"))).collect();
    let index_file = repo.root.join(".git/vouch/reachable");

    // First pass: no index yet, one walk, and the index is written.
    let (verdicts, used, walks) = remembered_pass(&repo, &ids);
    assert!(verdicts.iter().all(|v| *v));
    assert!(matches!(used, IndexUse::Walked { .. }), "{used:?}");
    assert_eq!(walks, 1);
    assert!(index_file.exists());

    // Nothing moved: the index answers alone.
    assert_eq!(
        remembered_pass(&repo, &ids),
        (vec![true; 20], IndexUse::Reused, 0)
    );

    // New commits, a merged feature branch deleted afterwards, a new tag: only new commits
    // are walked, and they are known.
    ids.push(repo.commit_all("c20"));
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let feature = repo.commit_all("feature work");
    repo.git(&["checkout", "-q", "main"]);
    ids.push(repo.commit_all("c21"));
    repo.git(&["merge", "-q", "--no-ff", "-m", "merge feature", "feature"]);
    repo.git(&["branch", "-q", "-D", "feature"]);
    repo.git(&["tag", "v1", &ids[3]]);
    ids.push(feature);
    let git = repo.open();
    let mut cache = ReachabilityCache::remembered(&git);
    for id in &ids {
        assert!(
            cache
                .is_reachable(&git, Oid::from_str(id).unwrap())
                .unwrap(),
            "{id}"
        );
    }
    assert_eq!(cache.index_use(), IndexUse::Reused);
    assert_eq!(cache.walks(), 0);
    assert_eq!(
        cache.walked(),
        4,
        "c20, c21, the feature commit and the merge"
    );

    // History rewritten: the dropped commits must not be vouched for by the old index.
    let dropped = ids[21..].to_vec();
    repo.git(&["reset", "-q", "--hard", &ids[20]]);
    let (verdicts, used, walks) = remembered_pass(&repo, &dropped);
    assert_eq!(verdicts, vec![false, false]);
    let IndexUse::Walked { why } = used else {
        panic!("a rewound branch must not reuse the index: {used:?}");
    };
    assert!(why.contains("no longer reached"), "{why}");
    assert_eq!(walks, 1);
    // ... and the rewritten index serves the next pass.
    assert_eq!(
        remembered_pass(&repo, &dropped),
        (vec![false, false], IndexUse::Reused, 0)
    );

    // A damaged index is walked around and rewritten, with the same answers.
    std::fs::write(&index_file, b"vouch reachable 1 20 9 9\nshort").unwrap();
    let (verdicts, used, _) = remembered_pass(&repo, &ids[..21]);
    assert!(verdicts.iter().all(|v| *v));
    assert!(
        matches!(&used, IndexUse::Walked { why } if why.contains("damaged")),
        "{used:?}"
    );
    assert_eq!(remembered_pass(&repo, &ids[..1]).1, IndexUse::Reused);
}

#[test]
fn verify_after_a_commit_walks_only_the_new_commit() {
    let repo = TestRepo::init();
    let ids: Vec<String> = (0..5).map(|n| repo.commit_all(&format!("c{n}"))).collect();
    let evidence: Vec<Evidence> = ids.iter().map(|id| commit_evidence(id)).collect();
    let dangling = repo.git(&[
        "commit-tree",
        "-m",
        "nowhere",
        &format!("{}^{{tree}}", ids[0]),
    ]);
    let with_dangling: Vec<Evidence> = evidence
        .iter()
        .cloned()
        .chain([commit_evidence(dangling.trim())])
        .collect();
    // check_all remembers: the unreachable commit made its walk complete, so it wrote the index.
    let states = check_all(&repo.open(), &with_dangling);
    assert!(states[..5].iter().all(|s| *s == fresh()));
    assert!(
        matches!(states[5], EvidenceState::Stale { .. }),
        "{:?}",
        states[5]
    );
    let new = repo.commit_all("c5");
    let git = repo.open();
    let mut cache = ReachabilityCache::remembered(&git);
    assert!(
        cache
            .is_reachable(&git, Oid::from_str(&new).unwrap())
            .unwrap()
    );
    assert!(
        !cache
            .is_reachable(&git, Oid::from_str(dangling.trim()).unwrap())
            .unwrap()
    );
    assert_eq!(
        (cache.index_use(), cache.walks(), cache.walked()),
        (IndexUse::Reused, 0, 1)
    );
}

#[test]
fn in_a_shallow_clone_commits_beyond_the_depth_are_unknown_not_missing() {
    let origin = TestRepo::init();
    origin.write("a.md", "a\n");
    let old = origin.commit_all("old");
    origin.write("a.md", "b\n");
    let tip = origin.commit_all("tip");
    let url = format!("file://{}", origin.root.display());
    git_in(
        origin.outside(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let clone = origin.at(origin.outside().join("shallow"));
    let git = clone.open();
    assert!(git.is_shallow());

    let mut cache = ReachabilityCache::new();
    assert_eq!(check(&git, &commit_evidence(&tip), &mut cache), fresh());
    for id in [old.as_str(), "0123456789abcdef0123456789abcdef01234567"] {
        let EvidenceState::Unknown { why } = check(&git, &commit_evidence(id), &mut cache) else {
            panic!("expected unknown for {id}");
        };
        assert!(why.contains("shallow clone"), "{why}");
    }
    // Files still work: they are judged against HEAD.
    let evidence = pin_file(&git, &clone.root, Path::new("a.md"), None).unwrap();
    assert_eq!(check(&git, &evidence, &mut cache), fresh());

    // Fetching more history would add commits below the tips: no reachability index here.
    assert_eq!(check_all(&git, &[commit_evidence(&tip)]), vec![fresh()]);
    assert!(!clone.root.join(".git/vouch/reachable").exists());
}

#[test]
fn a_detached_head_pins_and_checks_like_a_branch() {
    let repo = repo_with_docs();
    let base = repo.commit_all("base");
    repo.git(&["checkout", "-q", "--detach", &base]);
    repo.write("docs/sdlc.md", "detached edit\n");
    let detached = repo.commit_all("on a detached head");

    let evidence = pin(&repo, "docs/sdlc.md", None);
    let Evidence::File { at, .. } = &evidence else {
        panic!("expected a file");
    };
    assert_eq!(at.as_deref(), Some(detached.as_str()));
    assert_eq!(state(&repo, &evidence), fresh());
    // A CI checkout is often detached: what HEAD reaches counts as reachable.
    assert_eq!(state(&repo, &commit_evidence(&detached)), fresh());

    repo.git(&["checkout", "-q", "main"]);
    assert!(matches!(
        state(&repo, &commit_evidence(&detached)),
        EvidenceState::Stale { .. }
    ));
}

#[test]
fn a_linked_worktree_pins_paths_relative_to_its_own_root() {
    let repo = repo_with_docs();
    let wt_path = repo.outside().join("wt");
    repo.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "feature",
        wt_path.to_str().unwrap(),
    ]);
    let wt = repo.at(wt_path);
    wt.write("docs/feature.md", "feature notes\n");
    let feature = wt.commit_all("feature doc");

    let git = wt.open();
    assert!(git.is_worktree());
    let evidence = pin_file(&git, &wt.root.join("docs"), Path::new("feature.md"), None).unwrap();
    let Evidence::File { path, at, .. } = &evidence else {
        panic!("expected a file");
    };
    assert_eq!(path, "docs/feature.md");
    assert_eq!(at.as_deref(), Some(feature.as_str()));
    let mut cache = ReachabilityCache::new();
    assert_eq!(check(&git, &evidence, &mut cache), fresh());
    assert_eq!(check(&git, &commit_evidence(&feature), &mut cache), fresh());

    // The main work tree does not have the file on its branch.
    let main_git = repo.open();
    let EvidenceState::Missing { hint: Some(hint) } =
        check(&main_git, &evidence, &mut ReachabilityCache::new())
    else {
        panic!("expected missing with a hint");
    };
    assert!(
        hint.starts_with("not on this branch: it was linked at ") && hint.contains(&feature[..7]),
        "{hint}"
    );
}

#[test]
fn a_repository_without_commits_refuses_pins_and_cannot_judge_files() {
    let repo = TestRepo::init();
    repo.write("SECURITY.md", "report to security@example.com\n");
    let err = pin_err(&repo, &repo.root, Path::new("SECURITY.md"));
    assert!(
        err.contains("no commits yet: commit SECURITY.md first"),
        "{err}"
    );

    let evidence = Evidence::File {
        path: "SECURITY.md".into(),
        lines: None,
        blob: Some("a".repeat(40)),
        at: Some("b".repeat(40)),
        confirmed: None,
    };
    assert_eq!(
        state(&repo, &evidence),
        EvidenceState::Unknown {
            why: "no commits yet".into()
        }
    );
    assert_eq!(
        state(&repo, &commit_evidence(&"b".repeat(40))),
        EvidenceState::Missing { hint: None }
    );
}

#[test]
fn a_bare_repository_cannot_pin_files_but_can_check_them() {
    let repo = repo_with_docs();
    let evidence = pin(&repo, "docs/sdlc.md", None);
    let url = format!("file://{}", repo.root.display());
    git_in(repo.outside(), &["clone", "-q", "--bare", &url, "bare.git"]);
    let bare = git2::Repository::open(repo.outside().join("bare.git")).unwrap();

    let err = pin_file(&bare, repo.outside(), Path::new("docs/sdlc.md"), None).unwrap_err();
    assert!(matches!(err, GitError::Bare { .. }));
    assert!(err.to_string().contains("bare git repository"), "{err}");
    assert_eq!(
        check(&bare, &evidence, &mut ReachabilityCache::new()),
        fresh()
    );
}

// ---- the diff since linking ----

#[test]
fn the_diff_since_linking_shows_what_changed() {
    let repo = repo_with_docs();
    let evidence = pin(&repo, "docs/sdlc.md", Some(lines("1-5")));
    let git = repo.open();
    assert_eq!(diff_since_linking(&git, &evidence).unwrap(), "");

    repo.write(
        "docs/sdlc.md",
        &numbered_lines(40).replace("line 2\n", "line two\n"),
    );
    repo.commit_all("edit");
    let diff = diff_since_linking(&repo.open(), &evidence).unwrap();
    assert!(diff.contains("--- a/docs/sdlc.md"), "{diff}");
    assert!(diff.contains("+++ b/docs/sdlc.md"), "{diff}");
    assert!(diff.contains("\n-line 2\n+line two\n"), "{diff}");
}

#[test]
fn there_is_no_diff_for_commits_or_vanished_files() {
    let repo = repo_with_docs();
    let evidence = pin(&repo, "README.md", None);
    let git = repo.open();
    let err = diff_since_linking(&git, &commit_evidence(&repo.head()))
        .unwrap_err()
        .to_string();
    assert!(err.contains("only files have a diff"), "{err}");

    repo.git(&["mv", "README.md", "README.txt"]);
    repo.commit_all("rename");
    let err = diff_since_linking(&repo.open(), &evidence)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("README.md is no longer at HEAD (renamed to README.txt in "),
        "{err}"
    );
}
