//! `vouch check [--baseline REV]`: the CI gate. Applies the policy in `.vouch/config.toml`
//! `[check]` and exits 1 with one line per failure, or 0 when every rule holds.

use std::io::Write;
use std::path::Path;

use anyhow::anyhow;
use serde_json::json;

use super::{Outcome, open_repo, open_session, progress_path_in_repo};
use crate::git::history::progress_at;
use crate::model::diff::posture_diff;
use crate::model::review::today;
use crate::report::check::{Inputs, StaleEvidence, Verdict, evaluate};
use crate::report::junit::{self, Case, Suite};
use crate::store::config::CheckPolicy;

/// Options of `vouch check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also fail on any regression against this revision (an item that was done and is not,
    /// or that went back to todo)
    #[arg(long, value_name = "REV")]
    pub baseline: Option<String>,
    /// Output format; junit shows each rule as a test case in CI dashboards
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// How `vouch check` prints.
// The doc comments are `--help` text, where backticks would show.
#[allow(clippy::doc_markdown)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One line per failure.
    Text,
    /// One JSON document (shape in docs/cli-json.md).
    Json,
    /// JUnit XML: one test case per rule.
    Junit,
}

/// Version of the JSON shape.
pub const JSON_SCHEMA: u32 = 1;

/// Applies the policy and reports.
pub fn run(args: &Args, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let session = open_session(start)?;
    let config_path = session
        .workspace
        .display_path(&session.workspace.config_path());
    let policy = session.config.check.clone().unwrap_or_else(|| {
        eprintln!(
            "note: {config_path} has no [check] policy, so only the default rule applies: n/a items must be within their review date (see docs/CI.md)"
        );
        CheckPolicy::default()
    });
    let baseline = match &args.baseline {
        Some(rev) => {
            let repo = open_repo(
                &session,
                "compare with a baseline revision (it reads the git history of .vouch/progress.toml)",
            )?;
            let before = progress_at(&repo, rev, &progress_path_in_repo(&session))?;
            Some((rev.as_str(), posture_diff(&before, &session.progress)))
        }
        None => None,
    };
    let stale: Option<Vec<StaleEvidence>> = if policy.fail_on_stale {
        let repo = open_repo(&session, "check evidence for fail_on_stale")?;
        Some(
            super::verify::check_all(&session, &repo)
                .into_iter()
                .filter(|c| c.state.needs_attention())
                .filter_map(|c| {
                    let evidence = session
                        .progress
                        .get(&c.id)?
                        .evidence
                        .get(c.number - 1)?
                        .clone();
                    Some(StaleEvidence {
                        id: c.id,
                        evidence,
                        state: c.state.to_string(),
                    })
                })
                .collect(),
        )
    } else {
        None
    };
    let inputs = Inputs {
        catalog: &session.catalog,
        progress: &session.progress,
        policy: &policy,
        today: today(),
        terms: session.config.review.terms(),
        baseline: baseline.as_ref().map(|(rev, diff)| (*rev, diff)),
        stale: stale.as_deref(),
    };
    let verdict = evaluate(&inputs).map_err(|err| anyhow!("{config_path}: {err}"))?;
    for note in &verdict.notes {
        eprintln!("warning: {note}");
    }
    match args.format {
        Format::Text => render_text(&verdict, out)?,
        Format::Json => {
            let json = serde_json::to_string_pretty(&to_json(&verdict))?;
            writeln!(out, "{json}")?;
        }
        Format::Junit => out.write_all(to_junit(&verdict).as_bytes())?,
    }
    Ok(if verdict.passed() {
        Outcome::Fine
    } else {
        Outcome::CheckFailed
    })
}

fn render_text(verdict: &Verdict, out: &mut dyn Write) -> anyhow::Result<()> {
    let rules = verdict.outcomes.len();
    if verdict.passed() {
        writeln!(
            out,
            "check passed: {rules} rule{} hold{}",
            super::plural(rules),
            if rules == 1 { "s" } else { "" }
        )?;
        return Ok(());
    }
    let mut failures = 0;
    for line in verdict.failures() {
        writeln!(out, "{}", crate::text::visible(line, false))?;
        failures += 1;
    }
    let broken = verdict
        .outcomes
        .iter()
        .filter(|o| !o.failures.is_empty())
        .count();
    eprintln!(
        "check failed: {failures} failure{} in {broken} of {rules} rule{}",
        super::plural(failures),
        super::plural(rules)
    );
    Ok(())
}

fn to_json(verdict: &Verdict) -> serde_json::Value {
    json!({
        "schema": JSON_SCHEMA,
        "passed": verdict.passed(),
        "failures": verdict.failures().collect::<Vec<_>>(),
        "rules": verdict.outcomes.iter().map(|o| json!({
            "rule": o.rule,
            "passed": o.failures.is_empty(),
            "failures": o.failures,
        })).collect::<Vec<_>>(),
        "notes": verdict.notes,
    })
}

fn to_junit(verdict: &Verdict) -> String {
    let cases = verdict
        .outcomes
        .iter()
        .map(|o| Case {
            name: o.rule.clone(),
            classname: "vouch.check".to_owned(),
            outcome: match o.failures.first() {
                None => junit::Outcome::Passed,
                Some(first) => junit::Outcome::Failed {
                    message: if o.failures.len() == 1 {
                        first.clone()
                    } else {
                        format!("{first} (and {} more)", o.failures.len() - 1)
                    },
                    detail: o.failures.join("\n"),
                },
            },
        })
        .collect();
    junit::write_suites(
        "vouch check",
        &[Suite {
            name: "vouch check".to_owned(),
            cases,
        }],
    )
}
