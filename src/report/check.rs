//! `vouch check`: the policy in `.vouch/config.toml` `[check]` applied to progress. Each rule
//! of the policy is one check; a check fails with one line per item (or framework) that
//! breaks it.
//!
//! A required status is a floor: `done` is met by `done` or by `n/a` (an exception with a
//! reason, which `fail_on_expired_na` keeps from lasting forever); `in-progress` by those or
//! `in-progress`; `n/a` only by `n/a`; `todo` by anything.

use jiff::civil::Date;

use crate::model::diff::PostureDiff;
use crate::model::progress::Evidence;
use crate::model::review::{NaReview, ReviewTerms};
use crate::model::{Catalog, Coverage, Framework, Item, Progress, Status};
use crate::store::config::{CheckPolicy, Requirement};

/// Evidence found stale or missing, for `fail_on_stale`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleEvidence {
    /// The item.
    pub id: String,
    /// The evidence.
    pub evidence: Evidence,
    /// `stale` or `missing`, or another word the evidence check uses.
    pub state: String,
}

/// What `vouch check` looks at.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// Enabled frameworks.
    pub catalog: &'a Catalog,
    /// Progress as it is now.
    pub progress: &'a Progress,
    /// The policy.
    pub policy: &'a CheckPolicy,
    /// Today, for review dates.
    pub today: Date,
    /// How `n/a` ages.
    pub terms: ReviewTerms,
    /// `--baseline REV`: the revision's name and the posture change from it to now.
    pub baseline: Option<(&'a str, &'a PostureDiff)>,
    /// The result of checking evidence, when this build can; `None` when it cannot.
    pub stale: Option<&'a [StaleEvidence]>,
}

/// One rule of the policy and what broke it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The rule in a few words, e.g. `require uk-sscop:3.2-C1 done`.
    pub rule: String,
    /// One line per failure; empty when the rule holds.
    pub failures: Vec<String>,
}

/// Every rule checked, in policy order, and notes about rules that could not be checked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verdict {
    /// The rules and their failures.
    pub outcomes: Vec<Outcome>,
    /// Said on stderr: rules that could not be checked, and why.
    pub notes: Vec<String>,
}

impl Verdict {
    /// True when no rule failed.
    #[must_use]
    pub fn passed(&self) -> bool {
        self.outcomes.iter().all(|o| o.failures.is_empty())
    }

    /// Every failure line, in order.
    pub fn failures(&self) -> impl Iterator<Item = &str> {
        self.outcomes
            .iter()
            .flat_map(|o| o.failures.iter().map(String::as_str))
    }
}

/// A policy that names something vouch does not have: a mistake in the config, not a failed
/// check.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// A `require` entry must name exactly one thing.
    #[error("`[check] require` entry {number} must name exactly one of item, section or framework")]
    Shape {
        /// The entry's number, from 1.
        number: usize,
    },
    /// A `require` entry or `min_coverage` names an item, section or framework that is not
    /// loaded and enabled.
    #[error("`[check]` names {what} `{id}`, which {why}")]
    Unknown {
        /// `item`, `section` or `framework`.
        what: &'static str,
        /// As written.
        id: String,
        /// What is wrong and what to do.
        why: String,
    },
}

/// True when `actual` meets the floor `required`.
#[must_use]
pub fn meets(actual: Status, required: Status) -> bool {
    let rank = |s: Status| match s {
        Status::Todo => 0,
        Status::InProgress => 1,
        Status::Done | Status::NotApplicable => 2,
    };
    match required {
        Status::NotApplicable => actual == Status::NotApplicable,
        other => rank(actual) >= rank(other),
    }
}

/// Applies the policy.
pub fn evaluate(inputs: &Inputs<'_>) -> Result<Verdict, PolicyError> {
    let mut verdict = Verdict::default();
    for (index, requirement) in inputs.policy.require.iter().enumerate() {
        verdict
            .outcomes
            .push(requirement_outcome(inputs, index + 1, requirement)?);
    }
    for (framework_id, minimum) in &inputs.policy.min_coverage {
        let framework =
            inputs
                .catalog
                .framework(framework_id)
                .ok_or_else(|| PolicyError::Unknown {
                    what: "framework",
                    id: framework_id.clone(),
                    why: "is not loaded and enabled (see `vouch frameworks`)".to_owned(),
                })?;
        let coverage = Coverage::of(framework, &framework.items, inputs.progress);
        let mut failures = Vec::new();
        if coverage.percent() < usize::from(minimum.0) {
            failures.push(format!(
                "min_coverage: {framework_id} is {}% done ({} of {} applicable items), needs {}%",
                coverage.percent(),
                coverage.done,
                coverage.applicable(),
                minimum.0
            ));
        }
        verdict.outcomes.push(Outcome {
            rule: format!("min_coverage {framework_id} {}%", minimum.0),
            failures,
        });
    }
    if inputs.policy.fail_on_expired_na {
        let failures = inputs
            .catalog
            .full_ids()
            .filter_map(|id| {
                let entry = inputs.progress.get(&id)?;
                let review = NaReview::of(&id, entry, inputs.today, inputs.terms)?;
                review.expired.then(|| {
                    let date = review
                        .review_by
                        .map_or_else(|| "an unknown date".to_owned(), |d| d.to_string());
                    format!(
                        "expired n/a: {id} was due for review on {date} (reason: {}); review it and set n/a again, or change its status",
                        crate::text::visible(&review.reason, false)
                    )
                })
            })
            .collect();
        verdict.outcomes.push(Outcome {
            rule: "n/a items are within their review date".to_owned(),
            failures,
        });
    }
    if inputs.policy.fail_on_stale {
        match inputs.stale {
            Some(stale) => verdict.outcomes.push(Outcome {
                rule: "evidence is fresh".to_owned(),
                failures: stale
                    .iter()
                    .filter(|s| inputs.catalog.lookup(&s.id).is_some())
                    .map(|s| format!("{}: {}: {}", s.id, s.evidence, s.state))
                    .collect(),
            }),
            None => verdict.notes.push(
                "fail_on_stale is set, but evidence was not checked (outside a git repository)"
                    .to_owned(),
            ),
        }
    }
    if let Some((rev, diff)) = inputs.baseline {
        verdict.outcomes.push(Outcome {
            rule: format!("no regression since {rev}"),
            failures: diff
                .regressed
                .iter()
                .map(|m| format!("regression since {rev}: {} {} -> {}", m.id, m.from, m.to))
                .collect(),
        });
    }
    Ok(verdict)
}

fn requirement_outcome(
    inputs: &Inputs<'_>,
    number: usize,
    requirement: &Requirement,
) -> Result<Outcome, PolicyError> {
    let required = requirement.status.0;
    let named = [
        requirement.item.as_deref().map(|id| ("item", id)),
        requirement.section.as_deref().map(|id| ("section", id)),
        requirement.framework.as_deref().map(|id| ("framework", id)),
    ];
    let mut named = named.into_iter().flatten();
    let (Some((what, id)), None) = (named.next(), named.next()) else {
        return Err(PolicyError::Shape { number });
    };
    let catalog = inputs.catalog;
    let unknown = |why: String| PolicyError::Unknown {
        what,
        id: id.to_owned(),
        why,
    };
    let items: Vec<(&Framework, &Item)> = match what {
        "item" => {
            let at = catalog.lookup(id).ok_or_else(|| {
                let closest = catalog.closest_ids(id, 3);
                unknown(if closest.is_empty() {
                    "no enabled framework has".to_owned()
                } else {
                    format!(
                        "no enabled framework has; did you mean {}?",
                        closest.join(", ")
                    )
                })
            })?;
            vec![catalog.get(at)]
        }
        "section" => {
            let (framework_id, section_id) = id.split_once(':').ok_or_else(|| {
                unknown("is not written as framework:section, e.g. uk-sscop:1.4".to_owned())
            })?;
            let framework = catalog
                .framework(framework_id)
                .ok_or_else(|| unknown(format!("is in `{framework_id}`, which is not enabled")))?;
            if !framework.sections.iter().any(|s| s.id == section_id) {
                return Err(unknown(format!("{framework_id} has no such section")));
            }
            framework
                .items_within(section_id)
                .map(|item| (framework, item))
                .collect()
        }
        _ => {
            let framework = catalog.framework(id).ok_or_else(|| {
                unknown("is not loaded and enabled (see `vouch frameworks`)".to_owned())
            })?;
            framework
                .items
                .iter()
                .map(|item| (framework, item))
                .collect()
        }
    };
    let failures = items
        .into_iter()
        .filter_map(|(framework, item)| {
            let full = framework.full_id(item);
            let actual = inputs.progress.status(&full);
            (!meets(actual, required)).then(|| {
                if what == "item" {
                    format!("require: {full} is {actual}, needs {required}")
                } else {
                    format!("require {what} {id}: {full} is {actual}, needs {required}")
                }
            })
        })
        .collect();
    Ok(Outcome {
        rule: format!("require {what} {id} {required}"),
        failures,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_required_status_is_a_floor_and_na_counts_as_done() {
        use Status::{Done, InProgress, NotApplicable, Todo};
        assert!(meets(Done, Done));
        assert!(meets(NotApplicable, Done));
        assert!(!meets(InProgress, Done));
        assert!(meets(Done, InProgress));
        assert!(!meets(Todo, InProgress));
        assert!(meets(Todo, Todo));
        assert!(!meets(Done, NotApplicable));
    }
}
