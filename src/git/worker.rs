//! The one thread that owns the repository for the TUI. The loop sends requests; answers come
//! back over a channel, so git work never blocks drawing. When requests of one kind pile up,
//! only the newest is answered.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread;

use git2::Repository;

use super::evidence::{self, EvidenceState, LineRange, pin_file};
use super::log::{CommitLog, CommitRow, tracked_files};
use crate::model::Progress;
use crate::model::progress::Evidence;

/// Work for the git thread. Plain data, so `app` can ask for it as an effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// A page of commits matching a query, newest first.
    CommitPage {
        /// Words to match in id, summary and author.
        query: String,
        /// Matches to skip (rows already shown).
        skip: usize,
        /// Rows wanted.
        limit: usize,
    },
    /// Every tracked file, for the file picker.
    TrackedFiles,
    /// Pin a tracked file (and optional lines `A-B`) at HEAD, to link it to `item`.
    PinFile {
        /// The item the evidence is for.
        item: String,
        /// Repository-relative path.
        path: String,
        /// Optional line range.
        lines: Option<String>,
        /// Re-pin evidence number N (from 1) instead of linking new evidence.
        reconfirm: Option<usize>,
    },
    /// Check evidence against the repository as it is now, for each item given.
    CheckEvidence {
        /// Items and their evidence, in the order shown.
        items: Vec<(String, Vec<Evidence>)>,
    },
    /// The diff of a linked file since it was linked.
    Diff {
        /// What the diff is of, for the title.
        title: String,
        /// The evidence.
        evidence: Evidence,
    },
    /// Every committed change to an item, newest first, from the history of progress.toml.
    History {
        /// The item.
        id: String,
    },
    /// Look through the repository for evidence to propose (`vouch suggest`).
    Suggest {
        /// The frameworks in use; only their items are proposed.
        catalog: std::sync::Arc<crate::model::Catalog>,
    },
    /// Progress as it stood at a revision, for "changed since" in review meetings.
    ProgressAt {
        /// Any revision git understands: a tag, a branch, a commit.
        rev: String,
    },
}

impl Request {
    /// Requests of the same kind replace each other while waiting; only the newest is run.
    fn kind(&self) -> u8 {
        match self {
            Request::CommitPage { .. } => 0,
            Request::TrackedFiles => 1,
            Request::PinFile { .. } => 2,
            Request::ProgressAt { .. } => 3,
            Request::CheckEvidence { .. } => 4,
            Request::Diff { .. } => 5,
            Request::Suggest { .. } => 6,
            Request::History { .. } => 7,
        }
    }
}

/// What the git thread found. Plain data for `app::update`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// A page of commits for the query it was asked with.
    CommitPage {
        /// The query answered.
        query: String,
        /// The skip asked for.
        skip: usize,
        /// The rows.
        rows: Vec<CommitRow>,
        /// Whether more commits may match.
        more: bool,
    },
    /// Tracked files, or why they could not be listed.
    TrackedFiles(Result<Vec<String>, String>),
    /// A file pinned for linking, or why it could not be.
    Pinned {
        /// The item it is for.
        item: String,
        /// The evidence number it re-pins, when it is a re-confirmation.
        reconfirm: Option<usize>,
        /// The evidence, ready to link.
        result: Result<Evidence, String>,
    },
    /// What each item's evidence looks like now, in the order asked.
    EvidenceStates(Vec<(String, Vec<EvidenceState>)>),
    /// A unified diff to show, or why there is none.
    Diff {
        /// What it is of.
        title: String,
        /// The diff text.
        result: Result<String, String>,
    },
    /// An item's committed history, or why it could not be read.
    History {
        /// The item.
        id: String,
        /// Its changes, newest first.
        result: Result<Vec<super::history::Change>, String>,
    },
    /// Evidence proposals found in the repository, or why none could be looked for.
    Suggestions(Result<Vec<crate::suggest::Proposal>, String>),
    /// Progress at a revision (empty when the file did not exist there), or why not.
    ProgressAt {
        /// The revision asked for.
        rev: String,
        /// What progress.toml held there.
        result: Result<Progress, String>,
    },
    /// The repository could not be opened; git features are off for this session.
    Unavailable(String),
}

/// Handle to the git thread.
pub struct Worker {
    requests: Sender<Request>,
    responses: Receiver<Response>,
}

impl Worker {
    /// Starts the thread for the repository at `root`.
    #[must_use]
    pub fn start(root: PathBuf) -> Self {
        let (request_tx, request_rx) = mpsc::channel::<Request>();
        let (response_tx, response_rx) = mpsc::channel::<Response>();
        thread::Builder::new()
            .name("vouch-git".into())
            .spawn(move || serve(&root, &request_rx, &response_tx))
            .map_or_else(
                |err| {
                    let (tx, rx) = mpsc::channel();
                    let _ = tx.send(Response::Unavailable(format!(
                        "cannot start the git thread: {err}"
                    )));
                    Worker {
                        requests: mpsc::channel().0,
                        responses: rx,
                    }
                },
                |_| Worker {
                    requests: request_tx,
                    responses: response_rx,
                },
            )
    }

    /// Queues a request; answers arrive through [`Worker::try_recv`].
    pub fn send(&self, request: Request) {
        // A closed channel means the thread ended after reporting why; nothing more to do.
        let _ = self.requests.send(request);
    }

    /// An answer, if one is ready. Never blocks.
    #[must_use]
    pub fn try_recv(&self) -> Option<Response> {
        self.responses.try_recv().ok()
    }

    /// Waits for the next answer (for tests and benchmarks).
    #[must_use]
    pub fn recv(&self) -> Option<Response> {
        self.responses.recv().ok()
    }
}

fn serve(root: &std::path::Path, requests: &Receiver<Request>, responses: &Sender<Response>) {
    let repo = match Repository::open(root) {
        Ok(repo) => repo,
        Err(err) => {
            let _ = responses.send(Response::Unavailable(err.message().to_owned()));
            return;
        }
    };
    let mut log = CommitLog::new(&repo);
    while let Ok(first) = requests.recv() {
        for request in newest_of_each_kind(first, requests) {
            let response = match request {
                Request::CommitPage { query, skip, limit } => {
                    let (rows, more) = log.page(&query, skip, limit);
                    Response::CommitPage {
                        query,
                        skip,
                        rows,
                        more,
                    }
                }
                Request::TrackedFiles => {
                    Response::TrackedFiles(tracked_files(&repo).map_err(|e| e.message().to_owned()))
                }
                Request::PinFile {
                    item,
                    path,
                    lines,
                    reconfirm,
                } => Response::Pinned {
                    item,
                    reconfirm,
                    result: pin_tracked(&repo, &path, lines.as_deref()),
                },
                Request::CheckEvidence { items } => {
                    let states = evidence::check_all(
                        &repo,
                        items.iter().flat_map(|(_, evidence)| evidence.iter()),
                    );
                    let mut states = states.into_iter();
                    Response::EvidenceStates(
                        items
                            .into_iter()
                            .map(|(id, evidence)| {
                                let mine: Vec<EvidenceState> =
                                    states.by_ref().take(evidence.len()).collect();
                                (id, mine)
                            })
                            .collect(),
                    )
                }
                Request::History { id } => {
                    let result = super::history::item_history(&repo, ".vouch/progress.toml", &id)
                        .map_err(|err| err.to_string());
                    Response::History { id, result }
                }
                Request::Suggest { catalog } => {
                    let root = repo.workdir().unwrap_or_else(|| repo.path()).to_owned();
                    Response::Suggestions(
                        crate::suggest::scan(&root, &catalog).map_err(|err| err.to_string()),
                    )
                }
                Request::Diff { title, evidence } => Response::Diff {
                    title,
                    result: evidence::diff_since_linking(&repo, &evidence)
                        .map_err(|err| err.to_string()),
                },
                Request::ProgressAt { rev } => {
                    let result = progress_at(&repo, &rev);
                    Response::ProgressAt { rev, result }
                }
            };
            if responses.send(response).is_err() {
                return;
            }
        }
    }
}

/// Reads `.vouch/progress.toml` as it was at `rev`; a revision without the file had no
/// progress recorded.
pub fn progress_at(repo: &Repository, rev: &str) -> Result<Progress, String> {
    let commit = repo
        .revparse_single(rev)
        .and_then(|object| object.peel_to_commit())
        .map_err(|_| {
            format!("`{rev}` is not a revision in this repository (a tag, branch or commit)")
        })?;
    let tree = commit.tree().map_err(|e| e.message().to_owned())?;
    let Ok(entry) = tree.get_path(std::path::Path::new(".vouch/progress.toml")) else {
        return Ok(Progress::default());
    };
    let blob = repo
        .find_blob(entry.id())
        .map_err(|e| e.message().to_owned())?;
    let text = std::str::from_utf8(blob.content())
        .map_err(|_| format!("{rev}:.vouch/progress.toml is not UTF-8 text"))?;
    crate::store::progress::parse(
        std::path::Path::new(&format!("{rev}:.vouch/progress.toml")),
        text,
    )
    .map_err(|err| err.to_string())
}

/// Pins a path from the tracked-file list (and an optional `A-B` range) at HEAD, with the same
/// checks as `vouch link --file`.
fn pin_tracked(repo: &Repository, path: &str, lines: Option<&str>) -> Result<Evidence, String> {
    let range = lines
        .map(LineRange::parse)
        .transpose()
        .map_err(|err| err.to_string())?;
    let root = repo
        .workdir()
        .ok_or_else(|| "a bare repository has no files to link".to_owned())?;
    pin_file(repo, root, std::path::Path::new(path), range).map_err(|err| err.to_string())
}

/// `first` plus whatever else is waiting, keeping only the newest request of each kind.
fn newest_of_each_kind(first: Request, requests: &Receiver<Request>) -> Vec<Request> {
    let mut pending = vec![first];
    loop {
        match requests.try_recv() {
            Ok(next) => {
                pending.retain(|r| r.kind() != next.kind());
                pending.push(next);
            }
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => return pending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newer_requests_of_the_same_kind_replace_older_ones() {
        let (tx, rx) = mpsc::channel();
        for query in ["a", "ab", "abc"] {
            tx.send(Request::CommitPage {
                query: query.into(),
                skip: 0,
                limit: 10,
            })
            .unwrap();
        }
        tx.send(Request::TrackedFiles).unwrap();
        let first = rx.recv().unwrap();
        let pending = newest_of_each_kind(first, &rx);
        assert_eq!(
            pending,
            vec![
                Request::CommitPage {
                    query: "abc".into(),
                    skip: 0,
                    limit: 10
                },
                Request::TrackedFiles
            ]
        );
    }

    #[test]
    fn outside_a_repository_the_worker_says_git_is_unavailable() {
        let dir = tempfile::tempdir().unwrap();
        let worker = Worker::start(dir.path().to_owned());
        worker.send(Request::TrackedFiles);
        assert!(matches!(worker.recv(), Some(Response::Unavailable(_))));
    }
}
