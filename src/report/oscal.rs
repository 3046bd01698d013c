//! `vouch export --format oscal`: NIST OSCAL assessment results (JSON, OSCAL 1.0.6). One
//! result per framework, one finding per item, one observation per piece of evidence.
//!
//! Identifiers are name-based (RFC 4122 version 5) UUIDs, made from the repository's web
//! address (or its name) and the item, so exporting the same repository again gives the same
//! ids and the documents diff cleanly. Times are RFC 3339 in UTC: a finding's observations are
//! dated when the item last changed, and the document when anything last changed.

use serde_json::{Value, json};
use uuid::Uuid;

use super::links::evidence_link;
use super::{Context, evidence_label, short_id, status_text};
use crate::model::progress::Evidence;
use crate::model::{Catalog, Framework, Progress, Status};

/// The OSCAL version the export conforms to.
pub const OSCAL_VERSION: &str = "1.0.6";

/// Namespace of vouch's name-based UUIDs (itself a random UUID, fixed forever).
const NAMESPACE: Uuid = Uuid::from_u128(0x6c2f_9a4e_51b8_4d0b_9e67_c1a3_52f0_8d14);

/// Namespace URI of vouch's own OSCAL properties.
const NS: &str = "urn:vouch:oscal";

/// The assessment results as pretty-printed JSON.
pub fn render(
    catalog: &Catalog,
    progress: &Progress,
    context: &Context,
) -> Result<String, serde_json::Error> {
    let subject = context
        .forge
        .as_ref()
        .map_or_else(|| context.name.clone(), |f| f.base.clone());
    let ids = Ids { subject: &subject };
    let last_modified = latest(progress.items.values().filter_map(|e| e.updated.as_deref()))
        .or_else(|| context.head.as_ref().and_then(|h| normalise(&h.time)))
        .or_else(|| normalise(&context.now))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned());
    let version = match (&context.head, context.uncommitted) {
        (Some(head), false) => short_id(&head.id).to_owned(),
        (Some(head), true) => format!("{}-uncommitted", short_id(&head.id)),
        (None, _) => "no-commit".to_owned(),
    };
    let results: Vec<Value> = catalog
        .frameworks
        .iter()
        .map(|framework| result(framework, progress, context, &ids, &last_modified))
        .collect();
    let mut document = json!({
        "uuid": ids.make("assessment-results"),
        "metadata": {
            "title": format!("Secure-development self-assessment: {}", one_line(&context.name)),
            "last-modified": last_modified,
            "version": version,
            "oscal-version": OSCAL_VERSION,
            "props": [prop("tool", &format!("vouch {}", env!("CARGO_PKG_VERSION")))],
        },
        "import-ap": {
            "href": ".vouch/config.toml",
            "remarks": "vouch keeps no OSCAL assessment plan: the checklists and the check policy in .vouch/config.toml stand in for one.",
        },
    });
    if !results.is_empty() {
        document["results"] = Value::Array(results);
    }
    let mut text = serde_json::to_string_pretty(&json!({ "assessment-results": document }))?;
    text.push('\n');
    Ok(text)
}

struct Ids<'a> {
    subject: &'a str,
}

impl Ids<'_> {
    /// A version 5 UUID for `name` within this repository.
    fn make(&self, name: &str) -> String {
        Uuid::new_v5(&NAMESPACE, format!("{}\n{name}", self.subject).as_bytes()).to_string()
    }
}

fn result(
    framework: &Framework,
    progress: &Progress,
    context: &Context,
    ids: &Ids<'_>,
    last_modified: &str,
) -> Value {
    let mut observations = Vec::new();
    let mut findings = Vec::new();
    for item in &framework.items {
        let id = framework.full_id(item);
        let entry = progress.get(&id);
        let status = progress.status(&id);
        let collected = entry
            .and_then(|e| e.updated.as_deref())
            .and_then(normalise)
            .unwrap_or_else(|| last_modified.to_owned());
        let mut related = Vec::new();
        for piece in entry.map(|e| e.evidence.as_slice()).unwrap_or_default() {
            let uuid = ids.make(&format!("observation\n{id}\n{piece}"));
            observations.push(observation(&uuid, &id, piece, context, &collected));
            related.push(json!({ "observation-uuid": uuid }));
        }
        let (state, reason, implementation) = match status {
            Status::Done => ("satisfied", "pass", Some("implemented")),
            Status::NotApplicable => ("satisfied", "other", Some("not-applicable")),
            Status::InProgress => ("not-satisfied", "fail", Some("partial")),
            Status::Todo => ("not-satisfied", "fail", None),
        };
        let mut target = json!({
            "type": "objective-id",
            "target-id": token(&id),
            "status": { "state": state, "reason": reason },
        });
        if let Some(implementation) = implementation {
            let mut status_json = json!({ "state": implementation });
            if status == Status::NotApplicable {
                status_json["remarks"] = Value::String(status_text(entry, &id, context));
            }
            target["implementation-status"] = status_json;
        }
        let note = entry.and_then(|e| e.note.as_deref()).unwrap_or_default();
        let description = if note.trim().is_empty() {
            format!("{id} is {status}; no argument recorded.")
        } else {
            note.to_owned()
        };
        let mut finding = json!({
            "uuid": ids.make(&format!("finding\n{id}")),
            "title": format!("{id} {}", one_line(&item.title)),
            "description": description,
            "props": [prop("item", &id), prop("status", status.as_str())],
            "target": target,
        });
        if let Some(by) = entry.and_then(|e| e.by.as_deref()).map(one_line)
            && !by.trim().is_empty()
            && let Some(props) = finding["props"].as_array_mut()
        {
            props.push(prop("recorded-by", by.trim()));
        }
        if !related.is_empty() {
            finding["related-observations"] = Value::Array(related);
        }
        findings.push(finding);
    }
    let start = latest(
        framework
            .items
            .iter()
            .filter_map(|item| progress.get(&framework.full_id(item)))
            .filter_map(|e| e.updated.as_deref()),
    )
    .unwrap_or_else(|| last_modified.to_owned());
    let mut result = json!({
        "uuid": ids.make(&format!("result\n{}", framework.id)),
        "title": format!("{} ({})", one_line(&framework.title), framework.id),
        "description": format!(
            "Self-assessment of {} recorded item by item with vouch. The finding ids are vouch's item ids, not official identifiers.",
            one_line(&framework.title)
        ),
        "start": start,
        "props": [prop("framework", &framework.id)],
        "reviewed-controls": {
            "control-selections": [{
                "description": format!("Every item of {}", framework.id),
                "include-all": {},
            }],
        },
    });
    if !observations.is_empty() {
        result["observations"] = Value::Array(observations);
    }
    if !findings.is_empty() {
        result["findings"] = Value::Array(findings);
    }
    result
}

fn observation(
    uuid: &str,
    id: &str,
    piece: &Evidence,
    context: &Context,
    collected: &str,
) -> Value {
    let label = evidence_label(piece);
    let mut evidence = json!({ "description": one_line(&label) });
    if let Some(link) = evidence_link(context.forge.as_ref(), piece) {
        evidence["href"] = Value::String(link);
    }
    let mut observation = json!({
        "uuid": uuid,
        "title": format!("Evidence for {id}"),
        "description": format!("{id}: {}", one_line(&piece.to_string())),
        "methods": ["EXAMINE"],
        "relevant-evidence": [evidence],
        "collected": collected,
    });
    if let Evidence::File {
        blob: Some(blob),
        at: Some(at),
        ..
    } = piece
    {
        observation["remarks"] = Value::String(format!("Pinned to blob {blob} at commit {at}."));
    }
    observation
}

/// A vouch property (`ns` set), with a value OSCAL accepts: one line, trimmed, not empty.
fn prop(name: &str, value: &str) -> Value {
    let value = one_line(value);
    let value = value.trim();
    json!({
        "name": name,
        "ns": NS,
        "value": if value.is_empty() { "-" } else { value },
    })
}

/// Text on one line, control characters shown as symbols.
fn one_line(text: &str) -> String {
    crate::text::visible(text, false).into_owned()
}

/// An OSCAL token (an XML NCName): letters, digits, `.`, `-`, `_`, not starting with a digit,
/// `.` or `-`. Other characters become `_`, so `uk-sscop:1.1-C1` is `uk-sscop_1.1-C1`.
#[must_use]
pub fn token(id: &str) -> String {
    let mut out: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

/// A stamp as UTC RFC 3339 (`2026-11-27T18:02:11Z`); `None` when it has no offset to go by.
fn normalise(stamp: &str) -> Option<String> {
    stamp
        .trim()
        .parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.to_string())
}

/// The latest of some stamps, normalised.
fn latest<'a>(stamps: impl Iterator<Item = &'a str>) -> Option<String> {
    stamps
        .filter_map(|s| s.trim().parse::<jiff::Timestamp>().ok())
        .max()
        .map(|t| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_ncnames() {
        assert_eq!(token("uk-sscop:1.1-C1"), "uk-sscop_1.1-C1");
        assert_eq!(token("9lives:a b"), "_9lives_a_b");
    }

    #[test]
    fn ids_are_version_5_and_the_same_every_time() {
        let ids = Ids {
            subject: "https://github.com/a/b",
        };
        let one = ids.make("finding\nuk-sscop:1.1-C1");
        assert_eq!(one, ids.make("finding\nuk-sscop:1.1-C1"));
        assert_ne!(one, ids.make("finding\nuk-sscop:1.1-C2"));
        assert_eq!(one.as_bytes()[14], b'5', "{one}");
    }

    #[test]
    fn stamps_become_utc_and_local_times_are_not_guessed() {
        assert_eq!(
            normalise("2026-11-27T19:02:11+01:00").as_deref(),
            Some("2026-11-27T18:02:11Z")
        );
        assert_eq!(normalise("2026-11-27T19:02:11"), None);
    }
}
