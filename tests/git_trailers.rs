//! `Vouch:` trailer scans against real throwaway repositories: what counts as a trailer, the
//! incremental cache, `--since`.

// Integration tests: a panic is the failure report, so helpers may unwrap too.
#![allow(clippy::unwrap_used)]

#[path = "common/gitrepo.rs"]
mod gitrepo;

use gitrepo::{TestRepo, git_in};
use vouch::git::trailers::{
    CacheUse, ScanResult, TrailerLink, default_cache_path, scan_trailers, trailer_ids_in_message,
};

fn pairs(result: &ScanResult) -> Vec<(String, String)> {
    result
        .links
        .iter()
        .map(|TrailerLink { commit, item }| (commit.clone(), item.clone()))
        .collect()
}

fn pair(commit: &str, item: &str) -> (String, String) {
    (commit.to_owned(), item.to_owned())
}

#[test]
fn trailers_name_several_items_in_any_case_and_body_lines_do_not_count() {
    let repo = TestRepo::init();
    let plain = repo.commit_all("No claims here\n\nWe vouch for nothing.");
    let body = repo.commit_all(
        "Body mentions\n\nVouch: uk-sscop:9.9-C9\nis in the body, above the trailers.\n\nSigned-off-by: T <t@example.com>",
    );
    let several = repo.commit_all(
        "Secure defaults\n\nExplain the change.\n\nVouch: uk-sscop:1.1-C1, nist-ssdf:PO.1.1 cisa-sbd:1\nSigned-off-by: T <t@example.com>\nvouch: uk-sscop:2.3-C2\nVOUCH:eu-cra:I-1",
    );
    let subject_only = repo.commit_all("Vouch: uk-sscop:3.1-C1");

    let result = scan_trailers(&repo.open(), None, None).unwrap();
    assert_eq!(result.walked, 4);
    assert_eq!(result.head.as_deref(), Some(subject_only.as_str()));
    assert_eq!(result.cache, CacheUse::Off);
    assert_eq!(
        pairs(&result),
        vec![
            pair(&several, "uk-sscop:1.1-C1"),
            pair(&several, "nist-ssdf:PO.1.1"),
            pair(&several, "cisa-sbd:1"),
            pair(&several, "uk-sscop:2.3-C2"),
            pair(&several, "eu-cra:I-1"),
        ],
        "the subject line and body lines are not trailers ({plain}, {body})"
    );
}

#[test]
fn the_hook_and_the_scan_read_messages_alike() {
    let message = "Fix\n\nBody with Vouch: not:this\n\nVouch: a:1, b:2\nVouch: c:3\n";
    assert_eq!(trailer_ids_in_message(message), vec!["a:1", "b:2", "c:3"]);
    let repo = TestRepo::init();
    let id = repo.commit_all(message);
    let result = scan_trailers(&repo.open(), None, None).unwrap();
    assert_eq!(
        pairs(&result),
        vec![pair(&id, "a:1"), pair(&id, "b:2"), pair(&id, "c:3")]
    );
}

#[test]
fn a_repeat_scan_walks_only_new_commits() {
    let repo = TestRepo::init();
    let mut expected = Vec::new();
    for n in 0..20 {
        let id = repo.commit_all(&format!("change {n}\n\nVouch: x:{n}"));
        expected.insert(0, pair(&id, &format!("x:{n}")));
    }
    let cache = repo.outside().join("scan-cache");

    let first = scan_trailers(&repo.open(), None, Some(&cache)).unwrap();
    assert_eq!((first.walked, &first.cache), (20, &CacheUse::Cold));
    assert_eq!(pairs(&first), expected);

    let again = scan_trailers(&repo.open(), None, Some(&cache)).unwrap();
    assert_eq!(again.walked, 0);
    assert_eq!(again.cache, CacheUse::Reused { tip: repo.head() });
    assert_eq!(pairs(&again), expected);

    let old_head = repo.head();
    let a = repo.commit_all("new a\n\nVouch: new:a");
    let b = repo.commit_all("new b\n\nVouch: new:b");
    let third = scan_trailers(&repo.open(), None, Some(&cache)).unwrap();
    assert_eq!(third.walked, 2);
    assert_eq!(third.cache, CacheUse::Reused { tip: old_head });
    expected.insert(0, pair(&a, "new:a"));
    expected.insert(0, pair(&b, "new:b"));
    assert_eq!(pairs(&third), expected);
}

#[test]
fn a_rewritten_history_is_rescanned_and_dropped_commits_leave_the_results() {
    let repo = TestRepo::init();
    let keep = repo.commit_all("keep\n\nVouch: kept:1");
    repo.commit_all("dropped\n\nVouch: dropped:1");
    let cache = repo.outside().join("scan-cache");
    scan_trailers(&repo.open(), None, Some(&cache)).unwrap();

    repo.git(&["reset", "-q", "--hard", &keep]);
    let replacement = repo.commit_all("replacement\n\nVouch: new:1");
    let result = scan_trailers(&repo.open(), None, Some(&cache)).unwrap();
    assert_eq!(
        result.walked, 2,
        "the cached tip is not below HEAD any more"
    );
    assert!(matches!(result.cache, CacheUse::Rebuilt { .. }));
    assert_eq!(
        pairs(&result),
        vec![pair(&replacement, "new:1"), pair(&keep, "kept:1")]
    );

    // Back to the kept commit and forward again: the tip just cached is below HEAD.
    let next = repo.commit_all("next\n\nVouch: next:1");
    let result = scan_trailers(&repo.open(), None, Some(&cache)).unwrap();
    assert_eq!(result.walked, 1);
    assert_eq!(
        pairs(&result),
        vec![
            pair(&next, "next:1"),
            pair(&replacement, "new:1"),
            pair(&keep, "kept:1")
        ]
    );
}

#[test]
fn switching_branches_reuses_each_branchs_cached_tip() {
    let repo = TestRepo::init();
    for n in 0..5 {
        repo.commit_all(&format!("main {n}\n\nVouch: main:{n}"));
    }
    let cache = repo.outside().join("scan-cache");
    let on_main = scan_trailers(&repo.open(), None, Some(&cache)).unwrap();

    repo.git(&["checkout", "-q", "-b", "feature", "HEAD~2"]);
    repo.commit_all("feature\n\nVouch: feature:1");
    let on_feature = scan_trailers(&repo.open(), None, Some(&cache)).unwrap();
    assert_eq!(
        on_feature.walked, 4,
        "main's tip is not below the feature branch"
    );
    assert_eq!(on_feature.links.len(), 4);

    repo.git(&["checkout", "-q", "main"]);
    let back = scan_trailers(&repo.open(), None, Some(&cache)).unwrap();
    assert_eq!(back.walked, 0);
    assert_eq!(back.links, on_main.links);
}

#[test]
fn a_damaged_cache_is_rebuilt() {
    let repo = TestRepo::init();
    let id = repo.commit_all("one\n\nVouch: a:1");
    let cache = repo.outside().join("scan-cache");
    std::fs::write(&cache, "not a cache\n").unwrap();
    let result = scan_trailers(&repo.open(), None, Some(&cache)).unwrap();
    assert!(matches!(result.cache, CacheUse::Rebuilt { .. }));
    assert_eq!(pairs(&result), vec![pair(&id, "a:1")]);
    let again = scan_trailers(&repo.open(), None, Some(&cache)).unwrap();
    assert_eq!((again.walked, again.links.len()), (0, 1));
}

#[test]
fn since_limits_the_scan_to_later_commits() {
    let repo = TestRepo::init();
    repo.commit_all("old\n\nVouch: old:1");
    repo.git(&["tag", "v1"]);
    let new = repo.commit_all("new\n\nVouch: new:1");
    let cache = repo.outside().join("scan-cache");

    let result = scan_trailers(&repo.open(), Some("v1"), Some(&cache)).unwrap();
    assert_eq!(result.walked, 1);
    assert_eq!(pairs(&result), vec![pair(&new, "new:1")]);
    assert_eq!(result.cache, CacheUse::Off);
    assert!(!cache.exists(), "since scans leave the cache alone");

    let err = scan_trailers(&repo.open(), Some("v9"), None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("cannot find commit `v9`"), "{err}");
}

#[test]
fn a_repository_without_commits_has_nothing_to_scan() {
    let repo = TestRepo::init();
    let cache = repo.outside().join("scan-cache");
    let result = scan_trailers(&repo.open(), None, Some(&cache)).unwrap();
    assert_eq!(
        (result.walked, result.head, result.links.len()),
        (0, None, 0)
    );
}

#[test]
fn worktrees_share_the_cache_in_the_common_git_folder() {
    let repo = TestRepo::init();
    repo.commit_all("one\n\nVouch: a:1");
    let wt_path = repo.outside().join("wt");
    repo.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "wt",
        wt_path.to_str().unwrap(),
    ]);
    let wt = repo.at(wt_path);

    let main_cache = default_cache_path(&repo.open());
    assert_eq!(default_cache_path(&wt.open()), main_cache);
    assert!(main_cache.starts_with(repo.root.join(".git")));

    scan_trailers(&repo.open(), None, Some(&main_cache)).unwrap();
    let from_wt = scan_trailers(&wt.open(), None, Some(&main_cache)).unwrap();
    assert_eq!((from_wt.walked, from_wt.links.len()), (0, 1));
}

#[test]
fn a_shallow_clone_scans_what_it_has_without_a_cache() {
    let origin = TestRepo::init();
    origin.commit_all("old\n\nVouch: old:1");
    origin.commit_all("middle\n\nVouch: middle:1");
    let tip = origin.commit_all("tip\n\nVouch: tip:1");
    let url = format!("file://{}", origin.root.display());
    git_in(
        origin.outside(),
        &["clone", "-q", "--depth", "2", &url, "shallow"],
    );
    let clone = git2::Repository::open(origin.outside().join("shallow")).unwrap();
    let cache = origin.outside().join("scan-cache");

    let result = scan_trailers(&clone, None, Some(&cache)).unwrap();
    assert_eq!(result.walked, 2);
    assert_eq!(result.cache, CacheUse::Off);
    assert_eq!(
        result.links[0],
        TrailerLink {
            commit: tip,
            item: "tip:1".into()
        }
    );
    assert_eq!(result.links[1].item, "middle:1");
    assert!(!cache.exists());
}
