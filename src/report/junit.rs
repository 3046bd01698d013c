//! `vouch export --format junit`: items as `JUnit` test cases, so CI dashboards show them.
//! `done` passes, `n/a` is skipped (with its reason), anything else fails. One test suite per
//! framework; the class name is `framework.section`.

use std::fmt::Write as _;

use super::Context;
use super::status_text;
use crate::model::{Catalog, Progress, Status};

/// One test case: a name, a class, and how it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// Shown as the test's name.
    pub name: String,
    /// Groups cases in dashboards.
    pub classname: String,
    /// What happened.
    pub outcome: Outcome,
}

/// How one test case went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Passed.
    Passed,
    /// Skipped, with why.
    Skipped(String),
    /// Failed, with a one-line message and more detail.
    Failed {
        /// One line.
        message: String,
        /// More lines, may be empty.
        detail: String,
    },
}

/// A named group of cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suite {
    /// The suite's name.
    pub name: String,
    /// Its cases, in order.
    pub cases: Vec<Case>,
}

/// The item export as `JUnit` XML.
#[must_use]
pub fn render(catalog: &Catalog, progress: &Progress, context: &Context) -> String {
    let suites: Vec<Suite> = catalog
        .frameworks
        .iter()
        .map(|framework| Suite {
            name: framework.id.clone(),
            cases: framework
                .items
                .iter()
                .map(|item| {
                    let id = framework.full_id(item);
                    let entry = progress.get(&id);
                    let outcome = match progress.status(&id) {
                        Status::Done => Outcome::Passed,
                        Status::NotApplicable => Outcome::Skipped(status_text(entry, &id, context)),
                        status => Outcome::Failed {
                            message: format!("{id} is {status}"),
                            detail: entry.and_then(|e| e.note.clone()).unwrap_or_default(),
                        },
                    };
                    Case {
                        name: format!("{id} {}", item.title),
                        classname: format!("{}.{}", framework.id, item.section),
                        outcome,
                    }
                })
                .collect(),
        })
        .collect();
    write_suites("vouch", &suites)
}

/// `JUnit` XML for `suites` under a `<testsuites>` element named `name`.
#[must_use]
pub fn write_suites(name: &str, suites: &[Suite]) -> String {
    let count = |suite: &Suite, f: fn(&Outcome) -> bool| {
        suite.cases.iter().filter(|c| f(&c.outcome)).count()
    };
    let failed = |o: &Outcome| matches!(o, Outcome::Failed { .. });
    let skipped = |o: &Outcome| matches!(o, Outcome::Skipped(_));
    let total: usize = suites.iter().map(|s| s.cases.len()).sum();
    let failures: usize = suites.iter().map(|s| count(s, failed)).sum();
    let skips: usize = suites.iter().map(|s| count(s, skipped)).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{total}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skips}\">",
        xml(name)
    );
    for suite in suites {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
            xml(&suite.name),
            suite.cases.len(),
            count(suite, failed),
            count(suite, skipped)
        );
        for case in &suite.cases {
            let open = format!(
                "    <testcase name=\"{}\" classname=\"{}\"",
                xml(&case.name),
                xml(&case.classname)
            );
            match &case.outcome {
                Outcome::Passed => {
                    let _ = writeln!(out, "{open}/>");
                }
                Outcome::Skipped(why) => {
                    let _ = writeln!(
                        out,
                        "{open}>\n      <skipped message=\"{}\"/>\n    </testcase>",
                        xml(why)
                    );
                }
                Outcome::Failed { message, detail } => {
                    let _ = writeln!(
                        out,
                        "{open}>\n      <failure message=\"{}\" type=\"vouch\">{}</failure>\n    </testcase>",
                        xml(message),
                        xml(detail)
                    );
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Text safe in XML attributes and content. Control characters XML 1.0 does not allow are
/// shown as symbols, as vouch shows them on a terminal.
#[must_use]
pub fn xml(text: &str) -> String {
    let text = crate::text::visible(text, true);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(
            xml("a<b & \"c\"\u{1b}[0m\nd"),
            "a&lt;b &amp; &quot;c&quot;␛[0m&#10;d"
        );
    }

    #[test]
    fn counts_add_up_per_suite_and_overall() {
        let suites = [Suite {
            name: "s".into(),
            cases: vec![
                Case {
                    name: "a".into(),
                    classname: "s.x".into(),
                    outcome: Outcome::Passed,
                },
                Case {
                    name: "b".into(),
                    classname: "s.x".into(),
                    outcome: Outcome::Skipped("n/a".into()),
                },
                Case {
                    name: "c".into(),
                    classname: "s.x".into(),
                    outcome: Outcome::Failed {
                        message: "todo".into(),
                        detail: String::new(),
                    },
                },
            ],
        }];
        let text = write_suites("vouch", &suites);
        assert!(
            text.contains(
                "<testsuites name=\"vouch\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\">"
            ),
            "{text}"
        );
        assert!(text.contains("<skipped message=\"n/a\"/>"), "{text}");
    }
}
