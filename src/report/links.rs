//! Permalinks for evidence on the forges people host repositories on: GitHub, GitLab,
//! Bitbucket, and Gitea or Forgejo (Codeberg). Built from the `origin` remote's address, https
//! or ssh; credentials in the address never reach a link. Other hosts get no links, and the
//! reports show plain ids instead.

use std::fmt::Write as _;

use crate::model::progress::Evidence;

/// Which web interface a host runs, which decides the shape of its links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForgeKind {
    /// github.com.
    GitHub,
    /// gitlab.com, or a host named `gitlab.*`.
    GitLab,
    /// bitbucket.org.
    Bitbucket,
    /// codeberg.org, or a host named `gitea.*` or `forgejo.*`.
    Gitea,
}

/// A repository on a known forge: its kind and its web address (`https://host/owner/repo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forge {
    /// Which interface.
    pub kind: ForgeKind,
    /// The repository's web address, without a trailing `/` or `.git`.
    pub base: String,
}

impl Forge {
    /// Reads a remote address: `https://host/owner/repo(.git)`, `ssh://git@host[:port]/owner/repo`,
    /// `git@host:owner/repo.git`, `git://host/owner/repo`. `None` for unknown hosts, local
    /// paths and addresses without an owner and a repository.
    #[must_use]
    pub fn from_remote(remote: &str) -> Option<Forge> {
        let remote = remote.trim();
        let (host, path) = if let Some((scheme, rest)) = remote.split_once("://") {
            if !matches!(
                scheme.to_ascii_lowercase().as_str(),
                "https" | "http" | "ssh" | "git" | "git+ssh" | "ssh+git"
            ) {
                return None;
            }
            let (authority, path) = rest.split_once('/')?;
            // Drop `user:token@` and the port.
            let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
            let host = host.split_once(':').map_or(host, |(h, _)| h);
            (host, path)
        } else {
            // scp-like: [user@]host:path, where the colon comes before any slash.
            let (authority, path) = remote.split_once(':')?;
            if authority.contains('/') || path.starts_with("//") {
                return None;
            }
            let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
            (host, path)
        };
        let host = host.to_ascii_lowercase();
        let host = match host.as_str() {
            "ssh.github.com" => "github.com".to_owned(),
            "altssh.gitlab.com" => "gitlab.com".to_owned(),
            "altssh.bitbucket.org" => "bitbucket.org".to_owned(),
            _ => host,
        };
        let kind = match host.as_str() {
            "github.com" => ForgeKind::GitHub,
            "gitlab.com" => ForgeKind::GitLab,
            "bitbucket.org" => ForgeKind::Bitbucket,
            "codeberg.org" => ForgeKind::Gitea,
            h if h.starts_with("gitlab.") => ForgeKind::GitLab,
            h if h.starts_with("gitea.") || h.starts_with("forgejo.") => ForgeKind::Gitea,
            _ => return None,
        };
        let path = path.trim_matches('/');
        let path = path.strip_suffix(".git").unwrap_or(path);
        let segments: Vec<&str> = path.split('/').collect();
        let nested_ok = kind == ForgeKind::GitLab; // GitLab has subgroups
        let shape_ok = segments.len() == 2 || (nested_ok && segments.len() > 2);
        if !shape_ok
            || segments
                .iter()
                .any(|s| s.is_empty() || *s == "." || *s == ".." || !s.chars().all(safe_in_name))
        {
            return None;
        }
        Some(Forge {
            kind,
            base: format!("https://{host}/{}", segments.join("/")),
        })
    }

    /// The web page of a commit.
    #[must_use]
    pub fn commit_url(&self, id: &str) -> String {
        let id = encode(id);
        match self.kind {
            ForgeKind::GitHub | ForgeKind::Gitea => format!("{}/commit/{id}", self.base),
            ForgeKind::GitLab => format!("{}/-/commit/{id}", self.base),
            ForgeKind::Bitbucket => format!("{}/commits/{id}", self.base),
        }
    }

    /// The web page of a file as it was at commit `at`, with `lines` (`A-B` or `A`) marked.
    #[must_use]
    pub fn file_url(&self, path: &str, at: &str, lines: Option<&str>) -> String {
        let path = encode(path);
        let at = encode(at);
        let mut url = match self.kind {
            ForgeKind::GitHub => format!("{}/blob/{at}/{path}", self.base),
            ForgeKind::GitLab => format!("{}/-/blob/{at}/{path}", self.base),
            ForgeKind::Bitbucket => format!("{}/src/{at}/{path}", self.base),
            ForgeKind::Gitea => format!("{}/src/commit/{at}/{path}", self.base),
        };
        if let Some((first, last)) = lines.and_then(line_range) {
            let anchor = match (self.kind, last) {
                (ForgeKind::Bitbucket, Some(last)) => format!("#lines-{first}:{last}"),
                (ForgeKind::Bitbucket, None) => format!("#lines-{first}"),
                (ForgeKind::GitLab, Some(last)) => format!("#L{first}-{last}"),
                (_, Some(last)) => format!("#L{first}-L{last}"),
                (_, None) => format!("#L{first}"),
            };
            url.push_str(&anchor);
        }
        url
    }

    /// The permalink for a piece of evidence: commits and files pinned to a commit; a URL is
    /// its own link. `None` for a file linked without the commit it was seen at.
    #[must_use]
    pub fn evidence_url(&self, evidence: &Evidence) -> Option<String> {
        match evidence {
            Evidence::Commit { id } => Some(self.commit_url(id)),
            Evidence::File {
                path, lines, at, ..
            } => at
                .as_deref()
                .map(|at| self.file_url(path, at, lines.as_deref())),
            Evidence::Url { url } => Some(url.clone()),
        }
    }
}

/// The link for evidence with or without a forge: a URL is always a link; commits and files
/// only when the forge is known.
#[must_use]
pub fn evidence_link(forge: Option<&Forge>, evidence: &Evidence) -> Option<String> {
    match (forge, evidence) {
        (_, Evidence::Url { url }) => Some(url.clone()),
        (Some(forge), other) => forge.evidence_url(other),
        (None, _) => None,
    }
}

/// `10-20` → (10, Some(20)); `7` → (7, None); anything else → None.
fn line_range(lines: &str) -> Option<(u32, Option<u32>)> {
    match lines.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            Some(if a == b { (a, None) } else { (a, Some(b)) })
        }
        None => Some((lines.trim().parse().ok()?, None)),
    }
}

fn safe_in_name(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~".contains(c)
}

/// Percent-encodes everything but unreserved characters and `/`.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(remote: &str) -> Option<String> {
        Forge::from_remote(remote).map(|f| f.base)
    }

    #[test]
    fn https_and_ssh_remotes_of_known_forges_become_web_addresses() {
        let github = Some("https://github.com/acme/app".to_owned());
        assert_eq!(base("https://github.com/acme/app.git"), github);
        assert_eq!(base("https://github.com/acme/app/"), github);
        assert_eq!(base("git@github.com:acme/app.git"), github);
        assert_eq!(base("ssh://git@github.com/acme/app.git"), github);
        assert_eq!(base("ssh://git@ssh.github.com:443/acme/app.git"), github);
        assert_eq!(
            base("https://x-access-token:ghp_secret@github.com/acme/app.git"),
            github,
            "a token in the remote never reaches a report"
        );
        assert_eq!(
            base("git@gitlab.com:group/sub/app.git").as_deref(),
            Some("https://gitlab.com/group/sub/app")
        );
        assert_eq!(
            base("https://gitlab.example.org/team/app").as_deref(),
            Some("https://gitlab.example.org/team/app")
        );
        assert_eq!(
            base("git@bitbucket.org:acme/app.git").as_deref(),
            Some("https://bitbucket.org/acme/app")
        );
        assert_eq!(
            base("ssh://git@codeberg.org/acme/app.git").as_deref(),
            Some("https://codeberg.org/acme/app")
        );
    }

    #[test]
    fn unknown_hosts_local_paths_and_odd_shapes_give_no_links() {
        for remote in [
            "https://git.example.com/acme/app.git",
            "/srv/git/app.git",
            "file:///srv/git/app.git",
            "../app",
            "https://github.com/acme",
            "https://github.com/acme/app/extra",
            "https://github.com/acme/../app",
            "C:/repos/app",
        ] {
            assert_eq!(base(remote), None, "{remote}");
        }
    }

    #[test]
    fn commit_and_file_links_follow_each_forges_shape() {
        let at = "9c1e77b";
        let cases = [
            (
                "git@github.com:a/b.git",
                "https://github.com/a/b/commit/abc",
                "https://github.com/a/b/blob/9c1e77b/docs/sdlc%20v2.md#L10-L20",
            ),
            (
                "git@gitlab.com:a/b.git",
                "https://gitlab.com/a/b/-/commit/abc",
                "https://gitlab.com/a/b/-/blob/9c1e77b/docs/sdlc%20v2.md#L10-20",
            ),
            (
                "git@bitbucket.org:a/b.git",
                "https://bitbucket.org/a/b/commits/abc",
                "https://bitbucket.org/a/b/src/9c1e77b/docs/sdlc%20v2.md#lines-10:20",
            ),
            (
                "git@codeberg.org:a/b.git",
                "https://codeberg.org/a/b/commit/abc",
                "https://codeberg.org/a/b/src/commit/9c1e77b/docs/sdlc%20v2.md#L10-L20",
            ),
        ];
        for (remote, commit, file) in cases {
            let forge = Forge::from_remote(remote).unwrap();
            assert_eq!(forge.commit_url("abc"), commit);
            assert_eq!(forge.file_url("docs/sdlc v2.md", at, Some("10-20")), file);
        }
        let github = Forge::from_remote("git@github.com:a/b.git").unwrap();
        assert!(github.file_url("x.md", at, Some("7")).ends_with("x.md#L7"));
        assert!(github.file_url("x.md", at, None).ends_with("/9c1e77b/x.md"));
    }

    #[test]
    fn evidence_links_need_a_pinned_commit_for_files() {
        let forge = Forge::from_remote("git@github.com:a/b.git").unwrap();
        let unpinned = Evidence::File {
            path: "x.md".into(),
            lines: None,
            blob: None,
            at: None,
            confirmed: None,
        };
        assert_eq!(evidence_link(Some(&forge), &unpinned), None);
        let url = Evidence::Url {
            url: "https://example.com/policy".into(),
        };
        assert_eq!(
            evidence_link(None, &url).as_deref(),
            Some("https://example.com/policy")
        );
        assert_eq!(
            evidence_link(None, &Evidence::Commit { id: "abc".into() }),
            None
        );
    }
}
