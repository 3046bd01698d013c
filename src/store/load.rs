//! Loading the catalog: bundled checklists, the team's own files, enabled frameworks, and the
//! cross-file checks (mappings to unknown items).

use std::fs;
use std::path::{Path, PathBuf};

use super::bundled::{self, BundledFile};
use super::checklist::{ParsedFile, ParsedMapping, check_mapping_targets, parse_file};
use super::location::{Locator, Problem};
use super::progress::{ProgressError, ProgressFile};
use crate::model::{Catalog, Framework, Progress};

/// A loaded catalog with everything worth telling the user about how it was built.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The frameworks and mappings in use.
    pub catalog: Catalog,
    /// Problems found in any file; the parts that could be read are still loaded.
    pub problems: Vec<Problem>,
    /// Things the user should know that are not problems (a team file replacing a bundled one).
    pub notices: Vec<String>,
    /// Frameworks that were loaded but are not enabled by the config, so their progress entries
    /// can be told apart from entries that no checklist knows.
    pub disabled: Vec<Framework>,
}

/// Files found on disk to load besides the bundled ones.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Checklist and mapping files, in the order read.
    pub files: Vec<PathBuf>,
}

impl Sources {
    /// Every `*.toml` in each folder and its `mappings/` subfolder, sorted by name.
    /// Missing folders are skipped.
    #[must_use]
    pub fn from_dirs(dirs: &[PathBuf]) -> Self {
        let mut files = Vec::new();
        for dir in dirs {
            for folder in [dir.clone(), dir.join("mappings")] {
                let Ok(entries) = fs::read_dir(&folder) else {
                    continue;
                };
                let mut found: Vec<PathBuf> = entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
                    .collect();
                found.sort();
                files.extend(found);
            }
        }
        Sources { files }
    }
}

/// Loads bundled files, then `sources` (replacing bundled frameworks of the same id), keeps the
/// `enabled` frameworks (all when `None`), and checks mappings against what was loaded.
#[must_use]
pub fn load_catalog(sources: &Sources, enabled: Option<&[String]>, base: &Path) -> Loaded {
    let mut loaded = Loaded::default();
    let mut frameworks: Vec<Framework> = Vec::new();
    let mut mappings: Vec<ParsedMapping> = Vec::new();

    // Read every file first (bundled, then the team's, in order), parse them on all cores, then
    // take the results in the same order, so later files still replace earlier ones.
    let mut inputs: Vec<ParseInput<'_>> = bundled::FRAMEWORKS
        .iter()
        .chain(bundled::MAPPINGS)
        .map(|BundledFile { name, text }| ParseInput {
            shown: (*name).to_owned(),
            origin: "bundled".to_owned(),
            text: Ok(std::borrow::Cow::Borrowed(*text)),
        })
        .collect();
    for path in &sources.files {
        let shown = path
            .strip_prefix(base)
            .unwrap_or(path)
            .display()
            .to_string();
        let text = read_checklist_text(path, &shown).map(std::borrow::Cow::Owned);
        inputs.push(ParseInput {
            origin: shown.clone(),
            shown,
            text,
        });
    }
    for result in parse_all(&inputs) {
        match result {
            Ok((parsed, problems)) => {
                loaded.problems.extend(problems);
                collect(parsed, &mut frameworks, &mut mappings, &mut loaded.notices);
            }
            Err(problem) => loaded.problems.push(problem),
        }
    }

    if let Some(enabled) = enabled {
        for id in enabled {
            if !frameworks.iter().any(|f| &f.id == id) {
                loaded.notices.push(format!(
                    "the config enables framework `{id}`, which no checklist defines (see `vouch frameworks`)"
                ));
            }
        }
    }
    for mapping in &mappings {
        loaded
            .problems
            .extend(check_mapping_targets(mapping, &frameworks));
    }
    if let Some(enabled) = enabled {
        let (kept, disabled) = frameworks
            .into_iter()
            .partition(|f| enabled.contains(&f.id));
        frameworks = kept;
        loaded.disabled = disabled;
    }
    let kept: Vec<_> = mappings
        .into_iter()
        .map(|m| m.mapping)
        .filter(|m| {
            frameworks.iter().any(|f| f.id == m.from) && frameworks.iter().any(|f| f.id == m.to)
        })
        .collect();
    loaded.catalog = Catalog::new(frameworks, kept);
    loaded
}

/// One file to parse: the name problems are reported under, where it came from, and its text
/// (or why it could not be read).
struct ParseInput<'a> {
    shown: String,
    origin: String,
    text: Result<std::borrow::Cow<'a, str>, Problem>,
}

type ParseResult = Result<(Option<ParsedFile>, Vec<Problem>), Problem>;

/// How many threads can run at once. Asking reads cgroup files each time (3% of a catalog
/// load), and the answer does not change while vouch runs.
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES
        .get_or_init(|| std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get))
}

/// Parses every input, on as many threads as there are cores (at most two buckets of work per
/// core, split by size), and returns the results in input order. Parsing is pure CPU work on
/// text already in memory, and the bundled files alone are 150 KB of TOML read at every start.
fn parse_all(inputs: &[ParseInput<'_>]) -> Vec<ParseResult> {
    let parse = |input: &ParseInput<'_>| -> ParseResult {
        match &input.text {
            Ok(text) => Ok(parse_file(&input.shown, text, &input.origin)),
            Err(problem) => Err(problem.clone()),
        }
    };
    let threads = cores().min(inputs.len());
    if threads <= 1 {
        return inputs.iter().map(parse).collect();
    }
    // Largest first into the lightest bucket: the buckets end up about the same size.
    let mut order: Vec<usize> = (0..inputs.len()).collect();
    let size = |index: &usize| inputs[*index].text.as_ref().map_or(0, |text| text.len());
    order.sort_by_key(|index| std::cmp::Reverse(size(index)));
    let mut buckets: Vec<(usize, Vec<usize>)> = vec![(0, Vec::new()); threads];
    for index in order {
        if let Some(lightest) = buckets.iter_mut().min_by_key(|(load, _)| *load) {
            lightest.0 += size(&index);
            lightest.1.push(index);
        }
    }
    let mut results: Vec<Option<ParseResult>> = vec![None; inputs.len()];
    let parse_bucket = |bucket: &[usize]| -> Vec<(usize, ParseResult)> {
        bucket
            .iter()
            .map(|index| (*index, parse(&inputs[*index])))
            .collect()
    };
    std::thread::scope(|scope| {
        let workers: Vec<_> = buckets[1..]
            .iter()
            .map(|(_, bucket)| scope.spawn(|| parse_bucket(bucket)))
            .collect();
        // This thread takes the first bucket itself rather than waiting idle.
        let mine = parse_bucket(&buckets[0].1);
        let theirs = workers.into_iter().flat_map(|worker| {
            // A panic in a parser is a bug; show it on this thread as it would have been.
            worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        for (index, result) in mine.into_iter().chain(theirs) {
            results[index] = Some(result);
        }
    });
    results.into_iter().flatten().collect()
}

/// What start-up reads before the first frame: the catalog ([`load_catalog`]) and the progress
/// file ([`ProgressFile::load`]), read at the same time on two threads.
pub fn load_catalog_and_progress(
    sources: &Sources,
    enabled: Option<&[String]>,
    base: &Path,
    progress: &Path,
) -> (Loaded, Result<(ProgressFile, Progress), ProgressError>) {
    std::thread::scope(|scope| {
        // The progress file is the bigger job and allocates the most: keep it on this thread,
        // whose allocator arena is already warm.
        let load = scope.spawn(|| load_catalog(sources, enabled, base));
        let progress = ProgressFile::load(progress);
        let loaded = load
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (loaded, progress)
    })
}

/// Reads a checklist file as UTF-8, refusing oversized files before reading them whole.
pub fn read_checklist_text(path: &Path, shown: &str) -> Result<String, Problem> {
    let at_top = |message: String| Locator::new(shown, "").problem(None, message);
    let size = fs::metadata(path)
        .map_err(|err| at_top(format!("cannot read the file: {err}")))?
        .len();
    if size > super::checklist::MAX_FILE_BYTES as u64 {
        return Err(at_top(format!(
            "the file is {size} bytes, over the {} byte limit for checklist files; split it into smaller frameworks",
            super::checklist::MAX_FILE_BYTES
        )));
    }
    let bytes = fs::read(path).map_err(|err| at_top(format!("cannot read the file: {err}")))?;
    String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&err.as_bytes()[..valid]).into_owned();
        Locator::new(shown, &text).problem(
            Some(valid..valid),
            "the file is not valid UTF-8 text; save it as UTF-8",
        )
    })
}

fn collect(
    parsed: Option<ParsedFile>,
    frameworks: &mut Vec<Framework>,
    mappings: &mut Vec<ParsedMapping>,
    notices: &mut Vec<String>,
) {
    match parsed {
        Some(ParsedFile::Framework(framework)) => {
            if let Some(existing) = frameworks.iter_mut().find(|f| f.id == framework.id) {
                notices.push(format!(
                    "{} replaces framework `{}` from {}",
                    framework.origin, framework.id, existing.origin
                ));
                *existing = framework;
            } else {
                frameworks.push(framework);
            }
        }
        Some(ParsedFile::Mapping(mapping)) => {
            let same_pair = |m: &ParsedMapping| {
                m.mapping.from == mapping.mapping.from && m.mapping.to == mapping.mapping.to
            };
            if let Some(existing) = mappings.iter_mut().find(|m| same_pair(m)) {
                notices.push(format!(
                    "{} replaces the {} -> {} mapping from {}",
                    mapping.mapping.origin,
                    mapping.mapping.from,
                    mapping.mapping.to,
                    existing.mapping.origin
                ));
                *existing = mapping;
            } else {
                mappings.push(mapping);
            }
        }
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_parsed_on_several_threads_come_back_in_input_order() {
        let framework = |n: usize| {
            format!(
                "[framework]\nid = \"f{n}\"\ntitle = \"F{n}\"\nversion = \"1\"\n{}",
                "# padding\n".repeat(n * 7 % 13)
            )
        };
        let inputs: Vec<ParseInput<'_>> = (0..9)
            .map(|n| ParseInput {
                shown: format!("f{n}.toml"),
                origin: format!("f{n}.toml"),
                text: if n == 4 {
                    Err(Locator::new("f4.toml", "").problem(None, "unreadable"))
                } else {
                    Ok(std::borrow::Cow::Owned(framework(n)))
                },
            })
            .collect();
        let ids: Vec<String> = parse_all(&inputs)
            .into_iter()
            .map(|result| match result {
                Ok((Some(ParsedFile::Framework(framework)), _)) => framework.id,
                Ok(_) => "?".to_owned(),
                Err(problem) => problem.to_string(),
            })
            .collect();
        assert_eq!(
            ids,
            [
                "f0",
                "f1",
                "f2",
                "f3",
                "f4.toml:1:1: unreadable",
                "f5",
                "f6",
                "f7",
                "f8"
            ]
        );
    }

    #[test]
    fn bundled_checklists_load_without_problems_and_with_the_documented_counts() {
        let loaded = load_catalog(&Sources::default(), None, Path::new("."));
        let problems: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
        assert!(problems.is_empty(), "{problems:#?}");
        let counts: Vec<(&str, usize)> = loaded
            .catalog
            .frameworks
            .iter()
            .map(|f| (f.id.as_str(), f.items.len()))
            .collect();
        assert_eq!(
            counts,
            vec![
                ("uk-sscop", 45),
                ("nist-ssdf", 42),
                ("eu-cra", 22),
                ("cisa-sbd", 7),
                ("owasp-samm", 30),
                ("slsa-build", 3),
            ]
        );
        let uk = loaded.catalog.framework("uk-sscop").unwrap();
        assert_eq!(uk.sections.iter().filter(|s| s.parent.is_none()).count(), 4);
        assert_eq!(
            uk.sections.iter().filter(|s| s.parent.is_some()).count(),
            14
        );
        let ssdf = loaded.catalog.framework("nist-ssdf").unwrap();
        assert_eq!(
            ssdf.sections.iter().filter(|s| s.parent.is_some()).count(),
            19
        );
    }

    #[test]
    fn every_bundled_item_has_guidance_of_several_sentences_and_evidence_hints() {
        let loaded = load_catalog(&Sources::default(), None, Path::new("."));
        for framework in &loaded.catalog.frameworks {
            for item in &framework.items {
                let sentences = item.guidance.matches(". ").count() + 1;
                assert!(
                    sentences >= 2,
                    "{}:{} guidance is one sentence",
                    framework.id,
                    item.id
                );
                assert!(
                    !item.evidence_hints.is_empty(),
                    "{}:{} has no evidence hints",
                    framework.id,
                    item.id
                );
            }
        }
    }

    #[test]
    fn enabled_frameworks_filter_the_catalog_and_unknown_ones_are_noticed() {
        let enabled = vec![
            "uk-sscop".to_owned(),
            "nist-ssdf".to_owned(),
            "nope".to_owned(),
        ];
        let loaded = load_catalog(&Sources::default(), Some(&enabled), Path::new("."));
        assert_eq!(loaded.catalog.frameworks.len(), 2);
        assert_eq!(
            loaded.catalog.mappings.len(),
            1,
            "only the mapping between enabled frameworks"
        );
        assert_eq!(
            loaded.disabled.len(),
            4,
            "the others are kept aside, not lost"
        );
        assert!(loaded.notices.iter().any(|n| n.contains("`nope`")));
    }
}
