//! `Vouch:` trailers: finding the items commits claim to serve, for `vouch scan` and the
//! commit-msg hook.
//!
//! A trailer is read the way git reads one (`git interpret-trailers`, libgit2's
//! `git_message_trailers`): a `Key: value` line in the message's last paragraph. The key
//! matches `Vouch` in any case; one trailer may name several items separated by commas and/or
//! spaces, and a commit may carry several `Vouch:` trailers. `Vouch:` lines in the body, above
//! the trailer paragraph, are not trailers and are ignored.
//!
//! Scanning walks the commits reachable from HEAD, newest first. With a cache file it is
//! incremental: the cache remembers the last few tips scanned and what was found below each;
//! when one of them is HEAD or an ancestor of it, only the commits above it are walked. Commits
//! never change, so a cached tip stays right for ever; when HEAD moved somewhere unrelated
//! (history rewritten, another branch) the scan walks everything again and records the new
//! tip alongside the old ones. Shallow clones are scanned whole and not cached: fetching more
//! history would add commits below the cached tips.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository};

use crate::git::evidence::{head_commit, resolve_commit_oid};
use crate::git::{GitError, cache_file};

/// The trailer key, matched case-insensitively.
pub const TRAILER_KEY: &str = "Vouch";

/// One item named by one commit's `Vouch:` trailer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TrailerLink {
    /// The commit's full id.
    pub commit: String,
    /// The item id as written in the trailer (not checked against any checklist here).
    pub item: String,
}

/// How a scan used its cache file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheUse {
    /// No cache: none was asked for, `since` limited the scan, or the clone is shallow
    /// (fetching more history adds commits below the cached tips; shallow clones are short,
    /// so they are scanned whole).
    Off,
    /// There was no cache file yet; the scan walked everything and wrote one.
    Cold,
    /// A cached tip was HEAD or an ancestor of it; only newer commits were walked.
    Reused {
        /// The cached tip the walk stopped at.
        tip: String,
    },
    /// The cache could not be used (unreadable, another version, no tip below HEAD); the scan
    /// walked everything and rewrote it.
    Rebuilt {
        /// Why the cache was not used.
        why: String,
    },
}

/// What a trailer scan found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanResult {
    /// Every (commit, item) pair, newest commit first, in trailer order within a commit.
    pub links: Vec<TrailerLink>,
    /// How many commits this scan walked (the cache makes repeat scans walk only new ones).
    pub walked: usize,
    /// The HEAD commit scanned from; `None` when there are no commits yet.
    pub head: Option<String>,
    /// How the cache was used.
    pub cache: CacheUse,
}

/// Where `vouch scan` keeps its cache: `vouch/scan-cache` in the repository's common git
/// folder, shared by all worktrees.
#[must_use]
pub fn default_cache_path(repo: &Repository) -> PathBuf {
    repo.commondir().join("vouch").join("scan-cache")
}

/// Finds the `Vouch:` trailers of every commit reachable from HEAD (newest first), or only of
/// the commits after `since` (a revision; its own history is hidden).
///
/// With `cache_path`, repeat scans walk only commits not seen before and the cache is updated;
/// a cache that cannot be read is rebuilt, one that cannot be written is an error. `since`
/// scans neither read nor write the cache.
pub fn scan_trailers(
    repo: &Repository,
    since: Option<&str>,
    cache_path: Option<&Path>,
) -> Result<ScanResult, GitError> {
    let Some(head) = head_commit(repo)?.map(|commit| commit.id()) else {
        return Ok(ScanResult {
            links: Vec::new(),
            walked: 0,
            head: None,
            cache: CacheUse::Off,
        });
    };
    let since = since.map(|rev| resolve_commit_oid(repo, rev)).transpose()?;
    let cache_path = cache_path.filter(|_| since.is_none() && !repo.is_shallow());
    let (mut cache, loaded) = match cache_path {
        Some(path) => match ScanCache::load(path) {
            Ok(Some(cache)) => (cache, CacheUse::Cold),
            Ok(None) => (ScanCache::default(), CacheUse::Cold),
            Err(why) => (ScanCache::default(), CacheUse::Rebuilt { why }),
        },
        None => (ScanCache::default(), CacheUse::Off),
    };
    let base = cache.tips.iter().position(|tip| tip.usable_for(repo, head));
    let cache_use = match (base, loaded) {
        (Some(index), _) => CacheUse::Reused {
            tip: cache.tips[index].id.to_string(),
        },
        (None, CacheUse::Cold) if !cache.tips.is_empty() => CacheUse::Rebuilt {
            why: "no cached tip is HEAD or an ancestor of it".into(),
        },
        (None, other) => other,
    };

    let mut links = Vec::new();
    let walked = walk_trailers(
        repo,
        head,
        base.map(|index| cache.tips[index].id),
        since,
        &mut links,
    )?;
    if let Some(index) = base {
        links.extend(cache.tips[index].links.iter().cloned());
    }

    if let Some(path) = cache_path {
        match base {
            // HEAD itself is cached: nothing new, only keep it first (most recently used).
            Some(0) if cache.tips[0].id == head => {}
            Some(index) if cache.tips[index].id == head => {
                let tip = cache.tips.remove(index);
                cache.tips.insert(0, tip);
                cache.save(path)?;
            }
            _ => {
                cache.tips.retain(|tip| tip.id != head);
                cache.tips.insert(
                    0,
                    CachedTip {
                        id: head,
                        links: links.clone(),
                    },
                );
                cache.tips.truncate(MAX_CACHED_TIPS);
                cache.save(path)?;
            }
        }
    }

    Ok(ScanResult {
        links,
        walked,
        head: Some(head.to_string()),
        cache: cache_use,
    })
}

/// Walks `head` minus `hide` and `since`, appending trailer links; returns how many commits it
/// walked. Commit messages are read raw from the object database and only parsed as trailers
/// when they contain "vouch" in some case, which keeps the walk near `git log` speed.
fn walk_trailers(
    repo: &Repository,
    head: Oid,
    hide: Option<Oid>,
    since: Option<Oid>,
    links: &mut Vec<TrailerLink>,
) -> Result<usize, GitError> {
    let failed = |err: git2::Error| GitError::git("walking history for Vouch: trailers", &err);
    let odb = repo.odb().map_err(failed)?;
    let mut walk = repo.revwalk().map_err(failed)?;
    walk.push(head).map_err(failed)?;
    for hidden in hide.into_iter().chain(since) {
        walk.hide(hidden).map_err(failed)?;
    }
    let mut walked = 0;
    for oid in walk {
        let oid = oid.map_err(failed)?;
        walked += 1;
        let object = odb.read(oid).map_err(failed)?;
        let message = commit_message(object.data());
        if !contains_key(message) {
            continue;
        }
        let commit = oid.to_string();
        for item in trailer_ids_in_bytes(message) {
            links.push(TrailerLink {
                commit: commit.clone(),
                item,
            });
        }
    }
    Ok(walked)
}

/// The message part of a raw commit object: everything after the first blank line.
fn commit_message(raw: &[u8]) -> &[u8] {
    raw.windows(2)
        .position(|pair| pair == b"\n\n")
        .map_or(&[][..], |at| &raw[at + 2..])
}

/// A cheap test before parsing trailers: does "vouch" occur in any case?
fn contains_key(message: &[u8]) -> bool {
    message.windows(TRAILER_KEY.len()).any(|window| {
        window[0] | 0x20 == b'v' && window.eq_ignore_ascii_case(TRAILER_KEY.as_bytes())
    })
}

/// The item ids named by `Vouch:` trailers in a commit message, in order (see the module
/// documentation for what counts as a trailer). Shared by `vouch scan` and the commit-msg
/// hook, so both read messages alike.
#[must_use]
pub fn trailer_ids_in_message(text: &str) -> Vec<String> {
    trailer_ids_in_bytes(text.as_bytes())
}

fn trailer_ids_in_bytes(message: &[u8]) -> Vec<String> {
    // A NUL cannot reach libgit2's parser; git stops reading the message there too.
    let message = message
        .iter()
        .position(|&b| b == 0)
        .map_or(message, |nul| &message[..nul]);
    let Ok(trailers) = git2::message_trailers_bytes(message) else {
        return Vec::new();
    };
    trailers
        .iter()
        .filter(|(key, _)| {
            key.trim_ascii()
                .eq_ignore_ascii_case(TRAILER_KEY.as_bytes())
        })
        .flat_map(|(_, value)| {
            String::from_utf8_lossy(value)
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|id| !id.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The message git will keep from a commit-msg hook's file: the text above the scissors line
/// (`# ------------------------ >8 ------------------------`, which `commit --verbose` adds)
/// without `#` comment lines. Hooks see the message before git cleans it up, so check this,
/// not the raw file.
#[must_use]
pub fn committed_message(hook_file_text: &str) -> String {
    let mut kept = String::with_capacity(hook_file_text.len());
    for line in hook_file_text.lines() {
        if line.starts_with("# ") && line.contains(">8") && line.contains("------") {
            break;
        }
        if line.starts_with('#') {
            continue;
        }
        kept.push_str(line);
        kept.push('\n');
    }
    kept
}

/// How many tips the cache remembers (e.g. main and a few feature branches).
const MAX_CACHED_TIPS: usize = 4;

/// The first line of the cache file; bump the version when the trailer rules change, so old
/// results are rebuilt rather than trusted.
const CACHE_HEADER: &str = "vouch scan-cache 1";

#[derive(Debug, Default)]
struct ScanCache {
    tips: Vec<CachedTip>,
}

#[derive(Debug)]
struct CachedTip {
    id: Oid,
    /// Every link found in the history of `id`, newest first.
    links: Vec<TrailerLink>,
}

impl CachedTip {
    /// The scan from `head` can start from this tip: it is HEAD or an ancestor of it.
    fn usable_for(&self, repo: &Repository, head: Oid) -> bool {
        self.id == head || repo.graph_descendant_of(head, self.id).unwrap_or(false)
    }
}

impl ScanCache {
    /// Reads the cache: `Ok(None)` when there is none yet, `Err(why)` when it cannot be used.
    fn load(path: &Path) -> Result<Option<Self>, String> {
        cache_file::read(path, |bytes| {
            std::str::from_utf8(bytes).ok().and_then(Self::parse)
        })
    }

    fn parse(text: &str) -> Option<Self> {
        let mut rows = text.lines();
        if rows.next()? != CACHE_HEADER {
            return None;
        }
        let mut tips = Vec::new();
        while let Some(row) = rows.next() {
            let mut fields = row.split(' ');
            if fields.next()? != "tip" {
                return None;
            }
            let id = Oid::from_str(fields.next()?).ok()?;
            let count: usize = fields.next()?.parse().ok()?;
            let mut links = Vec::with_capacity(count);
            for _ in 0..count {
                let (commit, item) = rows.next()?.split_once(' ')?;
                links.push(TrailerLink {
                    commit: commit.to_owned(),
                    item: item.to_owned(),
                });
            }
            tips.push(CachedTip { id, links });
        }
        Some(ScanCache { tips })
    }

    /// Writes the cache atomically.
    fn save(&self, path: &Path) -> Result<(), GitError> {
        let mut text = String::from(CACHE_HEADER);
        text.push('\n');
        for tip in &self.tips {
            let _ = writeln!(text, "tip {} {}", tip.id, tip.links.len());
            for link in &tip.links {
                let _ = writeln!(text, "{} {}", link.commit, link.item);
            }
        }
        cache_file::write(path, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailers_are_read_from_the_last_paragraph_only() {
        let message = "Subject\n\nVouch: not:a-trailer\n\nSigned-off-by: A <a@x>\nvouch: uk-sscop:1.1-C1, nist-ssdf:PO.1.1 x:y\nVOUCH: z:1\n";
        assert_eq!(
            trailer_ids_in_message(message),
            vec!["uk-sscop:1.1-C1", "nist-ssdf:PO.1.1", "x:y", "z:1"]
        );
        assert!(trailer_ids_in_message("Vouch: x:1\n").is_empty());
        assert!(trailer_ids_in_message("").is_empty());
    }

    #[test]
    fn the_cheap_test_finds_the_key_in_any_case() {
        assert!(contains_key(b"x\n\nVoUcH: a"));
        assert!(!contains_key(b"vouc"));
        assert!(!contains_key(b""));
    }

    #[test]
    fn the_message_starts_after_the_headers() {
        assert_eq!(commit_message(b"tree x\nauthor y\n\nHello\n"), b"Hello\n");
        assert_eq!(commit_message(b"tree x\n"), b"");
    }

    #[test]
    fn hook_files_lose_comments_and_everything_below_the_scissors() {
        let text = "Fix\n\nVouch: a:1\n# Please enter the commit message\n# ------------------------ >8 ------------------------\nVouch: b:2\n";
        assert_eq!(committed_message(text), "Fix\n\nVouch: a:1\n");
        assert_eq!(
            trailer_ids_in_message(&committed_message(text)),
            vec!["a:1"]
        );
    }

    #[test]
    fn the_cache_round_trips_and_rejects_other_versions() {
        let cache = ScanCache {
            tips: vec![CachedTip {
                id: Oid::from_str(&"ab".repeat(20)).unwrap(),
                links: vec![TrailerLink {
                    commit: "cd".repeat(20),
                    item: "uk-sscop:1.1-C1".into(),
                }],
            }],
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("scan-cache");
        cache.save(&path).unwrap();
        let loaded = ScanCache::load(&path).unwrap().unwrap();
        assert_eq!(loaded.tips.len(), 1);
        assert_eq!(loaded.tips[0].links, cache.tips[0].links);

        std::fs::write(&path, "vouch scan-cache 0\n").unwrap();
        assert!(ScanCache::load(&path).is_err());
        std::fs::write(
            &path,
            format!("{CACHE_HEADER}\ntip {} 3\n", "ab".repeat(20)),
        )
        .unwrap();
        assert!(ScanCache::load(&path).is_err());
    }
}
