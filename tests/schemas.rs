//! The JSON Schemas in `checklists/schema/` (for editors with TOML schema support) accept every
//! bundled checklist and mapping file, the files vouch writes, and refuse broken ones.

// Test helpers fail the test loudly, as `unwrap` in a test does.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{Place, fixture, read_fixture};
use serde_json::Value;

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists/schema")
}

fn schema(name: &str) -> Value {
    let path = schema_dir().join(format!("{name}.schema.json"));
    serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap()
}

/// TOML as an editor's schema support sees it: tables as objects, date-times as strings.
fn to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect())
        }
    }
}

fn toml_as_json(text: &str) -> Value {
    to_json(toml::Value::Table(text.parse::<toml::Table>().unwrap()))
}

/// The schema's complaints about `text`, one line each; empty when it is valid.
fn complaints(schema_name: &str, text: &str) -> Vec<String> {
    let validator = jsonschema::draft202012::new(&schema(schema_name)).unwrap();
    let instance = toml_as_json(text);
    validator
        .iter_errors(&instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_schemas_are_valid_draft_2020_12_schemas() {
    for name in ["checklist", "mapping", "progress"] {
        let schema = schema(name);
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{name}"
        );
        jsonschema::draft202012::meta::validate(&schema)
            .unwrap_or_else(|err| panic!("{name}.schema.json: {err}"));
    }
}

#[test]
fn every_bundled_checklist_and_mapping_passes_and_names_its_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists");
    let checklists = toml_files(&root);
    let mappings = toml_files(&root.join("mappings"));
    assert_eq!((checklists.len(), mappings.len()), (6, 5));
    for (files, name, directive) in [
        (
            checklists,
            "checklist",
            "#:schema ./schema/checklist.schema.json",
        ),
        (
            mappings,
            "mapping",
            "#:schema ../schema/mapping.schema.json",
        ),
    ] {
        for file in files {
            let text = fs::read_to_string(&file).unwrap();
            assert_eq!(
                text.lines().next(),
                Some(directive),
                "{}: the first line tells Taplo which schema to use",
                file.display()
            );
            let target = file
                .parent()
                .unwrap()
                .join(directive.trim_start_matches("#:schema "));
            assert!(target.is_file(), "{} points nowhere", file.display());
            assert_eq!(
                complaints(name, &text),
                Vec::<String>::new(),
                "{}",
                file.display()
            );
        }
    }
}

#[test]
fn the_team_fixtures_and_an_imported_asvs_checklist_pass() {
    assert!(complaints("checklist", &read_fixture("valid/team-framework.toml")).is_empty());
    assert!(complaints("mapping", &read_fixture("valid/team-mapping.toml")).is_empty());
    let place = Place::repo();
    fs::copy(fixture("asvs/small.csv"), place.path("asvs.csv")).unwrap();
    place.stdout_of(&["import", "asvs", "asvs.csv"]);
    let imported = place.read(".vouch/checklists/owasp-asvs.toml");
    assert_eq!(complaints("checklist", &imported), Vec::<String>::new());
}

#[test]
fn progress_files_that_vouch_writes_pass() {
    let place = Place::repo();
    place.stdout_of(&["set", "uk-sscop:1.1-C1", "done", "--note", "two\nlines"]);
    place.stdout_of(&["set", "cisa-sbd:G1", "n/a", "--reason", "no user accounts"]);
    place.stdout_of(&["adopt", "uk-sscop:1.4-C2", "--from", "cisa-sbd:G1"]);
    place.stdout_of(&["set", "nist-ssdf:PO.1.1", "in-progress"]);
    let text = place.progress();
    assert!(
        text.contains("adopted_from") && text.contains("reason"),
        "{text}"
    );
    assert_eq!(
        complaints("progress", &text),
        Vec::<String>::new(),
        "{text}"
    );
    let fixture = read_fixture("valid/progress-with-orphan.toml");
    assert_eq!(complaints("progress", &fixture), Vec::<String>::new());
}

#[test]
fn broken_files_are_refused() {
    let team = read_fixture("valid/team-framework.toml");
    for (what, text) in [
        (
            "a misspelt key",
            team.replace("guidance = \"Sign", "guidanse = \"Sign"),
        ),
        (
            "an upper-case framework id",
            team.replace("id = \"team-sec\"", "id = \"Team Sec\""),
        ),
        (
            "an id with a colon",
            team.replace("id = \"R-1\"", "id = \"R:1\""),
        ),
        (
            "an empty title",
            team.replace("title = \"Releases are signed\"", "title = \" \""),
        ),
        (
            "a replaces that is not a list",
            team.replace("id = \"R-1\"\n", "id = \"R-1\"\nreplaces = \"R-0\"\n"),
        ),
    ] {
        assert!(!complaints("checklist", &text).is_empty(), "{what} passed");
    }
    let mapping = read_fixture("valid/team-mapping.toml");
    for (what, text) in [
        (
            "an unknown strength",
            mapping.replace("\"partial\"", "\"mighty\""),
        ),
        (
            "no provenance anywhere",
            mapping.replace("provenance = \"the team\"\n", ""),
        ),
    ] {
        assert!(!complaints("mapping", &text).is_empty(), "{what} passed");
    }
    assert!(
        complaints(
            "mapping",
            &mapping.replace("provenance = \"the team\"\n", "").replace(
                "strength = \"partial\"",
                "strength = \"partial\"\nprovenance = \"us\""
            )
        )
        .is_empty(),
        "provenance on every pair is enough"
    );
    for (what, text) in [
        (
            "n/a without a reason",
            "[items.\"a:1\"]\nstatus = \"n/a\"\n",
        ),
        (
            "an unknown status",
            "[items.\"a:1\"]\nstatus = \"finished\"\n",
        ),
        (
            "an id with no framework",
            "[items.\"1.1-C1\"]\nstatus = \"done\"\n",
        ),
        (
            "evidence of no known kind",
            "[items.\"a:1\"]\nevidence = [{ link = \"x\" }]\n",
        ),
        ("a newer format", "version = 2\n"),
    ] {
        assert!(!complaints("progress", text).is_empty(), "{what} passed");
    }
}
