//! Detectors for documents: a security policy with a reporting contact, security.txt,
//! CODEOWNERS, and a threat model or security design document.

use std::fmt::Write as _;

use super::Confidence::{High, Low, Medium};
use super::repo::{FileText, Repo, file_name, folder, is_foreign};
use super::text::{
    Heading, Lines, and_list, contains_ci, counted, emails, ends_with_ci, headings, section_lines,
    starts_with_ci, strip_hash_comment, urls,
};
use super::{Confidence, Detector, Finding, file_finding};

/// A security policy (SECURITY.md) with a way to report vulnerabilities.
pub const SECURITY_POLICY: Detector = Detector {
    id: "security-policy",
    looks_for: "SECURITY.md (at the top, in .github/ or docs/) and the reporting contact it names: an email address, a private reporting link, or GitHub private vulnerability reporting",
    bears_on: &[
        "uk-sscop:3.2-C1",
        "uk-sscop:3.2-C2",
        "nist-ssdf:RV.1.3",
        "nist-ssdf:RV.1.1",
        "eu-cra:CRA-II-5",
        "eu-cra:CRA-II-6",
        "cisa-sbd:G5",
    ],
    run: security_policy,
};

/// How a policy says to report.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Contact {
    /// A mailbox.
    Email(String),
    /// A private route: a reporting form, a bug bounty platform, GitHub's advisory form.
    PrivateLink(String),
    /// GitHub private vulnerability reporting, named in words.
    GitHubReporting,
    /// A public issue tracker: a contact, but not a private one.
    PublicIssues(String),
}

impl Contact {
    fn describe(&self) -> String {
        match self {
            Contact::Email(address) => address.clone(),
            Contact::PrivateLink(url) | Contact::PublicIssues(url) => url.clone(),
            Contact::GitHubReporting => "GitHub private vulnerability reporting".to_owned(),
        }
    }

    fn is_private(&self) -> bool {
        !matches!(self, Contact::PublicIssues(_))
    }
}

const REPORT_WORDS: &[&str] = &[
    "report", "contact", "disclos", "email", "e-mail", "send", "submit", "vulnerab",
];

const PRIVATE_LINK_WORDS: &[&str] = &[
    "security/advisories",
    "hackerone.com",
    "bugcrowd.com",
    "intigriti.com",
    "yeswehack.com",
    "huntr.",
    "/security",
    "vulnerability",
    "disclos",
    "report",
    "vdp",
    "bounty",
];

/// Contacts on one line of a policy.
fn contacts_on(line: &str) -> Vec<Contact> {
    let lower = line.to_ascii_lowercase();
    let mut found: Vec<Contact> = emails(line)
        .into_iter()
        .filter(|e| !e.to_ascii_lowercase().contains("noreply"))
        .map(Contact::Email)
        .collect();
    let reporting_line = REPORT_WORDS.iter().any(|w| lower.contains(w));
    for url in urls(line) {
        let url_lower = url.to_ascii_lowercase();
        if url_lower.contains("/issues") && !url_lower.contains("security") {
            if reporting_line {
                found.push(Contact::PublicIssues(url));
            }
        } else if PRIVATE_LINK_WORDS.iter().any(|w| url_lower.contains(w)) || reporting_line {
            found.push(Contact::PrivateLink(url));
        }
    }
    if found.is_empty()
        && (lower.contains("private vulnerability report")
            || lower.contains("report a vulnerability")
            || lower.contains("privately report"))
    {
        found.push(Contact::GitHubReporting);
    }
    found
}

fn security_policy(repo: &Repo<'_>) -> Vec<Finding> {
    let candidates: Vec<&str> = repo
        .paths()
        .iter()
        .map(String::as_str)
        .filter(|p| {
            let name = file_name(p);
            [
                "security",
                "security.md",
                "security.rst",
                "security.txt",
                "security.adoc",
            ]
            .iter()
            .any(|n| name.eq_ignore_ascii_case(n))
                && ["", ".github", "docs", ".gitlab"]
                    .iter()
                    .any(|f| folder(p).eq_ignore_ascii_case(f))
        })
        .collect();
    candidates
        .into_iter()
        .filter_map(|path| repo.read(path))
        .map(|file| policy_finding(&file))
        .collect()
}

fn policy_finding(file: &FileText) -> Finding {
    let lines: Vec<&str> = file.text.lines().collect();
    let mut contacts: Vec<(usize, Contact)> = Vec::new();
    for (n, line) in file.numbered() {
        for contact in contacts_on(line) {
            if !contacts.iter().any(|(_, c)| *c == contact) {
                contacts.push((n, contact));
            }
        }
    }
    let private: Vec<&(usize, Contact)> = contacts.iter().filter(|(_, c)| c.is_private()).collect();
    if private.is_empty() {
        let whole = Lines::span(1, lines.len().max(1));
        let public = contacts
            .iter()
            .find(|(_, c)| !c.is_private())
            .map(|(n, c)| {
                format!(
                    "; it points to the public issue tracker {} ({}), which is not private",
                    c.describe(),
                    Lines::one(*n).describe()
                )
            })
            .unwrap_or_default();
        let text = format!(
            "{} exists but names no email address or private reporting link{public}",
            file.path
        );
        return file_finding(
            "security-policy",
            file,
            whole,
            text,
            vec![
                ("uk-sscop:3.2-C1", Low),
                ("nist-ssdf:RV.1.3", Low),
                ("eu-cra:CRA-II-5", Low),
                ("cisa-sbd:G5", Low),
            ],
        );
    }
    let first = private.iter().map(|(n, _)| *n).min().unwrap_or(1);
    let last = private.iter().map(|(n, _)| *n).max().unwrap_or(first);
    // Take in the line that leads into the contact ("Report vulnerabilities to:").
    let mut start = first;
    if let Some(lead) = first.checked_sub(2).and_then(|i| lines.get(i))
        && lead.trim_end().ends_with(':')
    {
        start = first - 1;
    }
    let range = if last - start > 15 {
        Lines::one(first)
    } else {
        Lines::span(start, last)
    };
    let named: Vec<String> = private
        .iter()
        .filter(|(n, _)| *n >= range.start && *n <= range.end)
        .map(|(_, c)| c.describe())
        .collect();
    let has_email = private.iter().any(|(_, c)| matches!(c, Contact::Email(_)));
    let only_words = private
        .iter()
        .all(|(_, c)| matches!(c, Contact::GitHubReporting));
    let text = if only_words {
        format!(
            "{} points reporters to GitHub private vulnerability reporting ({}); whether it is switched on is a repository setting vouch cannot see",
            file.path,
            range.describe()
        )
    } else {
        format!(
            "{} names {} as a reporting contact ({})",
            file.path,
            and_list(&named),
            range.describe()
        )
    };
    let private_route = if has_email || !only_words {
        High
    } else {
        Medium
    };
    file_finding(
        "security-policy",
        file,
        range,
        text,
        vec![
            ("uk-sscop:3.2-C1", High),
            ("uk-sscop:3.2-C2", private_route),
            ("nist-ssdf:RV.1.3", High),
            ("nist-ssdf:RV.1.1", Medium),
            ("eu-cra:CRA-II-5", High),
            ("eu-cra:CRA-II-6", private_route),
            ("cisa-sbd:G5", High),
        ],
    )
}

/// A security.txt (RFC 9116) with a `Contact:` field.
pub const SECURITY_TXT: Detector = Detector {
    id: "security-txt",
    looks_for: "a security.txt (RFC 9116) file in the repository, such as .well-known/security.txt for a website, with Contact: lines; an Expires: date in the past lowers confidence",
    bears_on: &[
        "uk-sscop:3.2-C1",
        "uk-sscop:3.2-C2",
        "eu-cra:CRA-II-6",
        "nist-ssdf:RV.1.1",
    ],
    run: security_txt,
};

fn security_txt(repo: &Repo<'_>) -> Vec<Finding> {
    let now = jiff::Timestamp::now();
    repo.named(&["security.txt"])
        .into_iter()
        .filter(|p| !is_foreign(p))
        .take(3)
        .filter_map(|path| repo.read(path))
        .filter_map(|file| {
            let mut contacts: Vec<(usize, String)> = Vec::new();
            let mut expired: Option<String> = None;
            for (n, line) in file.numbered() {
                let line = line.trim();
                if let Some(value) = field(line, "contact") {
                    contacts.push((n, value.to_owned()));
                }
                if let Some(value) = field(line, "expires")
                    && value
                        .parse::<jiff::Timestamp>()
                        .is_ok_and(|expires| expires < now)
                {
                    expired = Some(value.to_owned());
                }
            }
            let first = contacts.first()?.0;
            let last = contacts.last().map_or(first, |c| c.0);
            let range = Lines::span(first, last);
            let values: Vec<String> = contacts.iter().map(|(_, v)| v.clone()).collect();
            let mut text = format!(
                "{} lists {} as Contact ({})",
                file.path,
                and_list(&values),
                range.describe()
            );
            let cap = if let Some(date) = &expired {
                let _ = write!(text, "; its Expires date {date} has passed");
                Medium
            } else {
                High
            };
            let items = vec![
                ("uk-sscop:3.2-C1", High.min(cap)),
                ("uk-sscop:3.2-C2", High.min(cap)),
                ("eu-cra:CRA-II-6", High.min(cap)),
                ("nist-ssdf:RV.1.1", Medium.min(cap)),
            ];
            Some(file_finding("security-txt", &file, range, text, items))
        })
        .collect()
}

/// The value of `Name: value` when the name is `name` (case-insensitive).
fn field<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let (key, value) = line.split_once(':')?;
    key.trim()
        .eq_ignore_ascii_case(name)
        .then(|| value.trim())
        .filter(|v| !v.is_empty())
}

/// CODEOWNERS with ownership rules.
pub const CODEOWNERS: Detector = Detector {
    id: "codeowners",
    looks_for: "a CODEOWNERS file (top, .github/, docs/ or .gitlab/) with ownership rules; confidence for build-change control depends on whether a rule covers CI files",
    bears_on: &["uk-sscop:2.2-C2", "nist-ssdf:PO.2.1", "nist-ssdf:PW.7.1"],
    run: codeowners,
};

fn codeowners(repo: &Repo<'_>) -> Vec<Finding> {
    let Some(path) = repo.first_of(&[
        ".github/CODEOWNERS",
        "CODEOWNERS",
        "docs/CODEOWNERS",
        ".gitlab/CODEOWNERS",
    ]) else {
        return Vec::new();
    };
    let Some(file) = repo.read(path) else {
        return Vec::new();
    };
    let mut rules: Vec<(usize, String)> = Vec::new();
    for (n, line) in file.numbered() {
        let content = strip_hash_comment(line).trim();
        let mut words = content.split_whitespace();
        let Some(pattern) = words.next() else {
            continue;
        };
        // GitLab section headers ([Section]) are not rules; a rule needs an owner.
        if pattern.starts_with('[') || pattern.starts_with('^') {
            continue;
        }
        if words.any(|w| w.starts_with('@') || w.contains('@')) {
            rules.push((n, pattern.to_owned()));
        }
    }
    let (Some(first), Some(last)) = (rules.first(), rules.last()) else {
        return Vec::new();
    };
    let range = Lines::span(first.0, last.0);
    let covering = rules.iter().rev().find(|(_, p)| {
        let p = p.trim_start_matches('/');
        p == "*"
            || p == "**"
            || p.starts_with(".github")
            || p.starts_with(".gitlab-ci")
            || p.starts_with(".gitlab")
            || p.contains("workflows")
    });
    let (coverage_text, build_confidence) = match covering {
        Some((n, pattern)) => (
            format!("CI files are owned through `{pattern}` (line {n})"),
            High,
        ),
        None => ("no rule covers the CI files".to_owned(), Low),
    };
    let text = format!(
        "{} has {} ({}); {coverage_text}; whether reviews by owners are required is a host setting vouch cannot see",
        file.path,
        counted(rules.len(), "ownership rule"),
        range.describe()
    );
    vec![file_finding(
        "codeowners",
        &file,
        range,
        text,
        vec![
            ("uk-sscop:2.2-C2", build_confidence.min(Medium)),
            ("nist-ssdf:PO.2.1", Medium),
            ("nist-ssdf:PW.7.1", Medium),
        ],
    )]
}

/// A threat model or security design document.
pub const THREAT_MODEL: Detector = Detector {
    id: "threat-model",
    looks_for: "a threat model or security design document: files named threat-model / threat_model / THREAT_MODEL / threatmodel or security-design, files under docs/security/, and a \"Threat model\" heading in the top-level and docs/ Markdown",
    bears_on: &[
        "uk-sscop:1.4-C1",
        "nist-ssdf:PW.1.1",
        "nist-ssdf:PW.1.2",
        "eu-cra:CRA-I-1",
        "owasp-samm:D-TA-B",
    ],
    run: threat_model,
};

const THREAT_WORDS: &[&str] = &[
    "threat",
    "stride",
    "attacker",
    "adversar",
    "mitigat",
    "trust boundar",
    "attack surface",
    "attack tree",
];

const DOC_EXTENSIONS: &[&str] = &[".md", ".markdown", ".rst", ".adoc", ".txt", ".org"];

fn squashed(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn is_doc(path: &str) -> bool {
    DOC_EXTENSIONS.iter().any(|ext| ends_with_ci(path, ext))
}

fn threat_model(repo: &Repo<'_>) -> Vec<Finding> {
    const MAX_HEADING_READS: usize = 60;
    let mut out = Vec::new();
    let mut seen: Vec<String> = Vec::new();

    // Named threat models and security design documents.
    for path in repo.paths() {
        let name = file_name(path);
        let dir = folder(path);
        let in_security_folder = ends_with_ci(dir, "docs/security")
            || ends_with_ci(dir, "doc/security")
            || dir.eq_ignore_ascii_case("security");
        // Cheap tests first: most paths in a large repository end here.
        if !(contains_ci(name, "threat") || contains_ci(name, "security") || in_security_folder) {
            continue;
        }
        let squashed_name = squashed(name);
        let named_model = squashed_name.contains("threatmodel")
            || (ends_with_ci(name, ".tm7") && contains_ci(name, "threat"));
        let security_doc = is_doc(path)
            && (squashed_name.contains("securitydesign")
                || squashed_name.contains("securityarchitecture")
                || in_security_folder);
        if !(named_model || security_doc) || out.len() >= 5 || is_foreign(path) {
            continue;
        }
        let Some(file) = repo.read(path) else {
            continue;
        };
        seen.push(path.clone());
        out.extend(document_finding(&file, named_model));
    }

    // A "Threat model" heading in the top-level and docs/ Markdown.
    let headed = repo
        .paths()
        .iter()
        .filter(|p| {
            (ends_with_ci(p, ".md") || ends_with_ci(p, ".rst"))
                && (!p.contains('/') || starts_with_ci(p, "docs/") || starts_with_ci(p, "doc/"))
                && p.matches('/').count() <= 2
                && !seen.contains(p)
        })
        .take(MAX_HEADING_READS);
    for path in headed {
        if out.len() >= 5 {
            break;
        }
        let Some(file) = repo.read(path) else {
            continue;
        };
        let all = headings(&file.text);
        if let Some(heading) = all
            .iter()
            .find(|h| squashed(&h.text).contains("threatmodel"))
        {
            let lines = section_lines(&file.text, &all, heading);
            let text = format!(
                "{} has a \"{}\" section ({})",
                file.path,
                heading.text,
                lines.describe()
            );
            out.push(file_finding(
                "threat-model",
                &file,
                lines,
                text,
                threat_items(Medium),
            ));
        }
    }
    out
}

fn threat_items(confidence: Confidence) -> Vec<(&'static str, Confidence)> {
    vec![
        ("uk-sscop:1.4-C1", confidence),
        ("nist-ssdf:PW.1.1", confidence),
        ("eu-cra:CRA-I-1", confidence.min(Medium)),
        ("owasp-samm:D-TA-B", confidence),
    ]
}

fn document_finding(file: &FileText, named_model: bool) -> Option<Finding> {
    let lower = file.text.to_ascii_lowercase();
    let words: Vec<String> = THREAT_WORDS
        .iter()
        .filter(|w| lower.contains(*w))
        .map(|w| (*w).to_owned())
        .collect();
    let all: Vec<Heading> = headings(&file.text);
    let threat_heading = all.iter().find(|h| {
        let t = h.text.to_ascii_lowercase();
        THREAT_WORDS.iter().any(|w| t.contains(w))
    });
    let lines = match threat_heading {
        Some(h) if !named_model => section_lines(&file.text, &all, h),
        _ => Lines::span(1, file.line_count().max(1)),
    };
    if named_model {
        let (confidence, about) = if words.len() >= 2 {
            (High, format!("it discusses {}", and_list(&words)))
        } else if file.text.trim().is_empty() {
            return None;
        } else {
            (
                Low,
                "it says little about threats or mitigations".to_owned(),
            )
        };
        let text = format!(
            "{} is a threat model document ({}); {about}",
            file.path,
            lines.describe()
        );
        return Some(file_finding(
            "threat-model",
            file,
            lines,
            text,
            threat_items(confidence),
        ));
    }
    if let Some(h) = threat_heading {
        let text = format!(
            "{} is a security design document with a \"{}\" section ({})",
            file.path,
            h.text,
            lines.describe()
        );
        return Some(file_finding(
            "threat-model",
            file,
            lines,
            text,
            vec![
                ("uk-sscop:1.4-C1", Medium),
                ("nist-ssdf:PW.1.1", Medium),
                ("nist-ssdf:PW.1.2", Low),
                ("owasp-samm:D-TA-B", Medium),
            ],
        ));
    }
    let text = format!(
        "{} is a security design document ({}) with no threat model section",
        file.path,
        lines.describe()
    );
    (!file.text.trim().is_empty()).then(|| {
        file_finding(
            "threat-model",
            file,
            lines,
            text,
            vec![("nist-ssdf:PW.1.2", Low), ("uk-sscop:1.4-C1", Low)],
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_contacts_are_told_from_public_issue_trackers() {
        assert_eq!(
            contacts_on("Email security@example.com please"),
            vec![Contact::Email("security@example.com".into())]
        );
        assert_eq!(
            contacts_on("Report at https://github.com/o/r/security/advisories/new"),
            vec![Contact::PrivateLink(
                "https://github.com/o/r/security/advisories/new".into()
            )]
        );
        assert_eq!(
            contacts_on("Report bugs at https://github.com/o/r/issues"),
            vec![Contact::PublicIssues(
                "https://github.com/o/r/issues".into()
            )]
        );
        assert!(contacts_on("See https://semver.org for versions").is_empty());
        assert_eq!(
            contacts_on("Use GitHub's private vulnerability reporting."),
            vec![Contact::GitHubReporting]
        );
    }
}
