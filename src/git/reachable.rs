//! Which commits the repository's branches, remote-tracking branches, tags and HEAD reach:
//! the question behind every linked commit's fresh/stale verdict.
//!
//! Proving that an old commit (the root, say) is reachable means walking the whole history,
//! which takes most of a second on 100,000 commits. So a pass can remember the answer in an
//! index file (`vouch/reachable` in the common git folder, shared by worktrees): the ref tips
//! it walked from and every commit they reach, sorted. The next pass reads the index and walks
//! only what is new:
//!
//! - tips unchanged: nothing to walk;
//! - tips moved: walk the new tips with the old ones hidden (only commits the old tips did not
//!   reach), then prove every old tip that is no longer a tip is still reached (it is the
//!   parent of a new commit, or an ancestor of a current tip). Then the old set is still
//!   reached and the new set is the old one plus the new commits;
//! - an old tip that cannot be proved reached (a branch deleted unmerged, history rewritten),
//!   an index that does not parse, or a shallow clone (fetching more history adds commits
//!   below the tips): walk everything again, and rewrite the index when the walk was complete.
//!
//! The index only ever speeds things up: when it cannot be read or written the pass works as
//! if there were none. Grafts and replace refs are not looked at, as in the rest of vouch.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository};

use crate::git::{GitError, cache_file};
use crate::model::progress::Evidence;

/// The first line of the index file; bump the version when the format changes.
const INDEX_HEADER: &str = "vouch reachable 1";

/// How many "is this old tip an ancestor of that new tip" questions an update may ask before
/// walking everything is the cheaper bet (each one is a merge-base search).
const ANCESTRY_QUESTIONS: usize = 32;

/// Where a remembering [`ReachabilityCache`] keeps its index: `vouch/reachable` in the
/// repository's common git folder, beside the trailer scan cache.
#[must_use]
pub fn default_index_path(repo: &Repository) -> PathBuf {
    repo.commondir().join("vouch").join("reachable")
}

/// How a pass used its index file, for tests and benchmarks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexUse {
    /// No index: none was asked for, no commit was checked yet, or the clone is shallow.
    Off,
    /// The index was read and was current, or brought up to date by walking only new commits.
    Reused,
    /// There was no usable index; history was walked and, if the walk was complete, an index
    /// was written (`why` says why the old one was not used).
    Walked {
        /// Why no index was used.
        why: String,
    },
}

/// The set of commits reachable from any branch, remote-tracking branch, tag or HEAD, found by
/// one history walk shared by every check in a pass (1,000 commit links, one walk), and with
/// [`ReachabilityCache::remembered`] kept between passes in an index file.
///
/// Make one per verification pass: it does not notice refs that move after its first answer.
#[derive(Debug, Default)]
pub struct ReachabilityCache {
    wanted: HashSet<Oid>,
    seen: HashSet<Oid>,
    index: Option<ReachableIndex>,
    index_file: Option<PathBuf>,
    index_use: Option<IndexUse>,
    walk: WalkProgress,
    walks: usize,
    walked: usize,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
enum WalkProgress {
    #[default]
    NotStarted,
    /// Stopped early once every wanted commit was seen; a query for another commit walks again.
    Partial,
    Complete,
    Failed(String),
}

impl ReachabilityCache {
    /// An empty cache that forgets its walk when dropped; the walk happens at the first commit
    /// check.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A cache backed by the repository's index file ([`default_index_path`]), so the next
    /// pass walks only commits made since.
    #[must_use]
    pub fn remembered(repo: &Repository) -> Self {
        Self::with_index_file(default_index_path(repo))
    }

    /// A cache backed by the given index file.
    #[must_use]
    pub fn with_index_file(path: impl Into<PathBuf>) -> Self {
        Self {
            index_file: Some(path.into()),
            ..Self::default()
        }
    }

    /// Names the commits about to be checked, so a walk without an index can stop as soon as
    /// it has seen all of them. Ids that do not parse are ignored.
    pub fn want<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) {
        self.wanted
            .extend(ids.into_iter().filter_map(|id| Oid::from_str(id).ok()));
    }

    /// [`ReachabilityCache::want`] for the commits among a list of evidence.
    pub fn want_evidence<'a>(&mut self, evidence: impl IntoIterator<Item = &'a Evidence>) {
        self.want(evidence.into_iter().filter_map(|e| match e {
            Evidence::Commit { id } => Some(id.as_str()),
            _ => None,
        }));
    }

    /// How many history walks from scratch have been done (one per pass, two at most; none
    /// when the index was current or only needed the new commits).
    #[must_use]
    pub fn walks(&self) -> usize {
        self.walks
    }

    /// How many commits were walked in all, including an index update's new commits.
    #[must_use]
    pub fn walked(&self) -> usize {
        self.walked
    }

    /// How the index file was used ([`IndexUse::Off`] before the first commit check).
    #[must_use]
    pub fn index_use(&self) -> IndexUse {
        self.index_use.clone().unwrap_or(IndexUse::Off)
    }

    /// True when a branch, tag or HEAD reaches the commit.
    pub fn is_reachable(&mut self, repo: &Repository, id: Oid) -> Result<bool, GitError> {
        if self.index_use.is_none() {
            self.index_use = Some(self.open_index(repo));
        }
        if let Some(index) = &self.index {
            return Ok(index.contains(id));
        }
        if self.seen.contains(&id) {
            return Ok(true);
        }
        match &self.walk {
            WalkProgress::Complete => return Ok(false),
            WalkProgress::Failed(message) => return Err(walk_failed(message)),
            WalkProgress::NotStarted if !self.wanted.is_empty() => {
                let mut targets = std::mem::take(&mut self.wanted);
                targets.insert(id);
                self.run_walk(repo, Some(targets));
            }
            WalkProgress::NotStarted | WalkProgress::Partial => self.run_walk(repo, None),
        }
        if let WalkProgress::Failed(message) = &self.walk {
            return Err(walk_failed(message));
        }
        Ok(self.seen.contains(&id))
    }

    /// Reads and updates the index when there is one to use; says how it went.
    fn open_index(&mut self, repo: &Repository) -> IndexUse {
        let Some(path) = &self.index_file else {
            return IndexUse::Off;
        };
        if repo.is_shallow() {
            return IndexUse::Off;
        }
        let why = match ReachableIndex::load(path) {
            Ok(None) => "there was no index yet".to_owned(),
            Err(why) => why,
            Ok(Some(mut index)) => match index.bring_up_to_date(repo) {
                Ok(Some(walked)) => {
                    self.walked += walked;
                    // Only a speed-up: a folder we may not write to is no reason to fail.
                    let _ = index.save(path);
                    self.index = Some(index);
                    return IndexUse::Reused;
                }
                Ok(None) => {
                    self.index = Some(index);
                    return IndexUse::Reused;
                }
                Err(why) => why,
            },
        };
        IndexUse::Walked { why }
    }

    fn run_walk(&mut self, repo: &Repository, mut targets: Option<HashSet<Oid>>) {
        self.walks += 1;
        let result = (|| -> Result<bool, git2::Error> {
            let tips = ref_tips(repo)?;
            let mut walk = repo.revwalk()?;
            for tip in &tips {
                walk.push(*tip)?;
            }
            if let Some(targets) = targets.as_mut() {
                targets.retain(|oid| !self.seen.contains(oid));
                if targets.is_empty() {
                    return Ok(true);
                }
            }
            for oid in walk {
                let oid = oid?;
                self.walked += 1;
                if !self.seen.insert(oid) {
                    continue;
                }
                if let Some(targets) = targets.as_mut()
                    && targets.remove(&oid)
                    && targets.is_empty()
                {
                    return Ok(true);
                }
            }
            if let (Some(path), false) = (&self.index_file, repo.is_shallow()) {
                let _ = ReachableIndex::new(tips, self.seen.iter().copied()).save(path);
            }
            Ok(false)
        })();
        self.walk = match result {
            Ok(true) => WalkProgress::Partial,
            Ok(false) => WalkProgress::Complete,
            Err(err) => WalkProgress::Failed(err.message().to_owned()),
        };
    }
}

fn walk_failed(message: &str) -> GitError {
    GitError::Git {
        context: "walking history from branches and tags".into(),
        message: message.to_owned(),
    }
}

/// The commits HEAD and every branch, remote-tracking branch and tag point at (tags peeled;
/// refs to trees or blobs skipped), sorted and without repeats.
fn ref_tips(repo: &Repository) -> Result<Vec<Oid>, git2::Error> {
    let mut tips = Vec::new();
    for glob in ["refs/heads/*", "refs/remotes/*", "refs/tags/*"] {
        for reference in repo.references_glob(glob)? {
            if let Ok(commit) = reference?.peel_to_commit() {
                tips.push(commit.id());
            }
        }
    }
    // A detached HEAD (or an unborn one) is fine either way.
    if let Ok(commit) = repo.head().and_then(|head| head.peel_to_commit()) {
        tips.push(commit.id());
    }
    tips.sort_unstable();
    tips.dedup();
    Ok(tips)
}

/// Every commit reachable from `tips`, as sorted raw ids packed end to end (binary search,
/// and the file is read with one `read`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct ReachableIndex {
    tips: Vec<Oid>,
    width: usize,
    commits: Vec<u8>,
}

impl ReachableIndex {
    fn new(tips: Vec<Oid>, commits: impl IntoIterator<Item = Oid>) -> Self {
        let mut sorted: Vec<Oid> = commits.into_iter().collect();
        sorted.sort_unstable();
        sorted.dedup();
        let width = sorted
            .first()
            .or(tips.first())
            .map_or(20, |oid| oid.as_bytes().len());
        let mut commits = Vec::with_capacity(sorted.len() * width);
        for oid in &sorted {
            commits.extend_from_slice(oid.as_bytes());
        }
        Self {
            tips,
            width,
            commits,
        }
    }

    fn len(&self) -> usize {
        self.commits.len() / self.width
    }

    fn get(&self, at: usize) -> &[u8] {
        &self.commits[at * self.width..(at + 1) * self.width]
    }

    fn contains(&self, id: Oid) -> bool {
        let wanted = id.as_bytes();
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match self.get(middle).cmp(wanted) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    /// Brings the index in line with the refs as they are now, in place: `Ok(None)` when the
    /// refs have not moved, `Ok(Some(n))` when it changed after walking `n` new commits, `Err`
    /// (why) when only a walk from scratch can tell (the index is then left as it was).
    fn bring_up_to_date(&mut self, repo: &Repository) -> Result<Option<usize>, String> {
        let failed = |err: git2::Error| format!("git failed: {}", err.message());
        let tips = ref_tips(repo).map_err(failed)?;
        if tips == self.tips {
            return Ok(None);
        }
        let mut walk = repo.revwalk().map_err(failed)?;
        for tip in tips.iter().filter(|tip| !self.contains(**tip)) {
            walk.push(*tip).map_err(failed)?;
        }
        for old in &self.tips {
            walk.hide(*old)
                .map_err(|_| "an old tip is gone from the object database".to_owned())?;
        }
        let mut new_commits = Vec::new();
        let mut parents = HashSet::new();
        for oid in walk {
            let oid = oid.map_err(failed)?;
            let commit = repo.find_commit(oid).map_err(failed)?;
            parents.extend(commit.parent_ids());
            new_commits.push(oid);
        }
        let walked = new_commits.len();

        // Every old tip must still be reached, or the old set may hold commits nothing
        // reaches any more.
        let mut questions = 0;
        for old in &self.tips {
            if tips.binary_search(old).is_ok() || parents.contains(old) {
                continue;
            }
            let mut reached = false;
            for tip in &tips {
                questions += 1;
                if questions > ANCESTRY_QUESTIONS {
                    return Err("too many refs moved to check them one by one".into());
                }
                if repo.graph_descendant_of(*tip, *old).map_err(failed)? {
                    reached = true;
                    break;
                }
            }
            if !reached {
                return Err(format!(
                    "commit {old} was a tip and is no longer reached (a branch was deleted or rewritten)"
                ));
            }
        }

        if new_commits
            .iter()
            .any(|oid| oid.as_bytes().len() != self.width)
        {
            return Err("the index holds ids of another length".into());
        }
        if walked > 0 {
            let mut merged: Vec<&[u8]> = self.commits.chunks_exact(self.width).collect();
            merged.extend(new_commits.iter().map(Oid::as_bytes));
            merged.sort_unstable();
            merged.dedup();
            self.commits = merged.concat();
        }
        self.tips = tips;
        Ok(Some(walked))
    }

    /// The index in `path`; `Ok(None)` when there is none, `Err(why)` when it cannot be used.
    fn load(path: &Path) -> Result<Option<Self>, String> {
        cache_file::read(path, Self::parse)
    }

    /// `vouch reachable 1 WIDTH TIPS COMMITS\n`, then the tips and the sorted commits as raw
    /// ids of WIDTH bytes.
    fn parse(bytes: &[u8]) -> Option<Self> {
        let newline = bytes.iter().position(|b| *b == b'\n')?;
        let header = std::str::from_utf8(&bytes[..newline]).ok()?;
        let rest = header.strip_prefix(INDEX_HEADER)?.strip_prefix(' ')?;
        let mut numbers = rest.split(' ').map(|n| n.parse::<usize>().ok());
        let (width, tip_count, commit_count) =
            (numbers.next()??, numbers.next()??, numbers.next()??);
        if numbers.next().is_some() || !(20..=32).contains(&width) {
            return None;
        }
        let body = &bytes[newline + 1..];
        let tips_len = tip_count.checked_mul(width)?;
        if body.len() != tips_len.checked_add(commit_count.checked_mul(width)?)? {
            return None;
        }
        let tips = body[..tips_len]
            .chunks_exact(width)
            .map(|raw| Oid::from_bytes(raw).ok())
            .collect::<Option<Vec<_>>>()?;
        let commits = body[tips_len..].to_vec();
        let sorted = commits
            .chunks_exact(width)
            .zip(commits.chunks_exact(width).skip(1))
            .all(|(a, b)| a < b);
        sorted.then_some(Self {
            tips,
            width,
            commits,
        })
    }

    /// Writes the index atomically.
    fn save(&self, path: &Path) -> Result<(), GitError> {
        let mut bytes = format!(
            "{INDEX_HEADER} {} {} {}\n",
            self.width,
            self.tips.len(),
            self.len()
        )
        .into_bytes();
        for tip in &self.tips {
            bytes.extend_from_slice(tip.as_bytes());
        }
        bytes.extend_from_slice(&self.commits);
        cache_file::write(path, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(byte: u8) -> Oid {
        Oid::from_bytes(&[byte; 20]).unwrap()
    }

    #[test]
    fn the_index_round_trips_and_answers_by_binary_search() {
        let index = ReachableIndex::new(vec![oid(9)], [oid(5), oid(1), oid(9), oid(5)]);
        assert_eq!(index.len(), 3);
        assert!(index.contains(oid(1)) && index.contains(oid(5)) && index.contains(oid(9)));
        assert!(!index.contains(oid(0)) && !index.contains(oid(7)) && !index.contains(oid(10)));

        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("vouch").join("reachable");
        assert_eq!(ReachableIndex::load(&path), Ok(None));
        index.save(&path).unwrap();
        assert_eq!(ReachableIndex::load(&path), Ok(Some(index)));
    }

    #[test]
    fn damaged_or_foreign_indexes_are_not_used() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("reachable");
        let good = ReachableIndex::new(vec![oid(2)], [oid(1), oid(2)]);
        good.save(&path).unwrap();
        let bytes = std::fs::read(&path).unwrap();

        let cut = &bytes[..bytes.len() - 1];
        let other_version = [b"vouch reachable 0".as_slice(), &bytes[17..]].concat();
        let unsorted = [
            &bytes[..bytes.len() - 40],
            &bytes[bytes.len() - 20..],
            &bytes[bytes.len() - 40..bytes.len() - 20],
        ]
        .concat();
        for damaged in [
            cut,
            &other_version,
            &unsorted,
            b"",
            b"vouch reachable 1 20 1\n",
        ] {
            std::fs::write(&path, damaged).unwrap();
            assert!(ReachableIndex::load(&path).is_err(), "{damaged:?}");
        }
    }
}
