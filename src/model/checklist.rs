//! One framework's sections and items, and mappings between frameworks, as loaded from files.

use std::collections::HashSet;
use std::fmt;

/// A framework: one checklist file, with nested sections and the items people tick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Framework {
    /// Stable id, e.g. `uk-sscop`; the prefix of every full item id.
    pub id: String,
    /// Human title shown in the tree.
    pub title: String,
    /// Who publishes the framework.
    pub publisher: String,
    /// Which edition the checklist follows.
    pub version: String,
    /// Where the framework itself can be read.
    pub source: String,
    /// Copyright and authorship of the checklist text.
    pub licence: String,
    /// Sections in file order; parents come before children is *not* assumed.
    pub sections: Vec<Section>,
    /// Items in file order.
    pub items: Vec<Item>,
    /// Where the checklist came from: `bundled` or a file path, for `vouch frameworks`.
    pub origin: String,
}

/// A section groups items and may nest under another section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Id unique within the framework, e.g. `1.1` or `PO`.
    pub id: String,
    /// Human title.
    pub title: String,
    /// The enclosing section, if any.
    pub parent: Option<String>,
}

/// The unit that is ticked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Id unique within the framework, e.g. `1.1-C1`; the full id adds the framework prefix.
    pub id: String,
    /// The section that holds this item.
    pub section: String,
    /// One-line title.
    pub title: String,
    /// A few sentences on what to do and how to tell it is done.
    pub guidance: String,
    /// What in a repository would prove the item.
    pub evidence_hints: Vec<String>,
    /// Free labels for search and filtering.
    pub tags: Vec<String>,
    /// Optional maturity or assurance level.
    pub level: Option<String>,
    /// Ids this item took over from an earlier revision of the framework (`replaces`), so
    /// progress recorded under them carries over to it.
    pub replaces: Vec<String>,
}

/// An item id retired in favour of a current item of the same framework, as full ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    /// The id progress may still be recorded under.
    pub old: String,
    /// The current item that replaces it.
    pub new: String,
}

impl Framework {
    /// The full id (`framework:item`) of one of this framework's items.
    #[must_use]
    pub fn full_id(&self, item: &Item) -> String {
        format!("{}:{}", self.id, item.id)
    }

    /// Every id this framework's items replace, with the item that replaces it, in file order.
    #[must_use]
    pub fn renames(&self) -> Vec<Rename> {
        self.items
            .iter()
            .flat_map(|item| {
                item.replaces.iter().map(move |old| Rename {
                    old: format!("{}:{old}", self.id),
                    new: self.full_id(item),
                })
            })
            .collect()
    }

    /// Sections whose parent is `parent` (top-level sections for `None`), in file order.
    pub fn child_sections<'a>(
        &'a self,
        parent: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Section> + 'a {
        self.sections
            .iter()
            .filter(move |s| s.parent.as_deref() == parent)
    }

    /// Whether `section` is `ancestor` or lies anywhere below it.
    #[must_use]
    pub fn section_is_within(&self, section: &str, ancestor: &str) -> bool {
        let mut current = Some(section);
        // Bounded by the section count so a cycle in unvalidated input cannot loop forever.
        for _ in 0..=self.sections.len() {
            match current {
                Some(id) if id == ancestor => return true,
                Some(id) => {
                    current = self
                        .sections
                        .iter()
                        .find(|s| s.id == id)
                        .and_then(|s| s.parent.as_deref());
                }
                None => return false,
            }
        }
        false
    }

    /// Sections in tree order (each after its parent), with their depth. Sections whose parent
    /// is missing, or that sit in a cycle, come last at depth 0 so none is lost.
    #[must_use]
    pub fn sections_in_tree_order(&self) -> Vec<(&Section, usize)> {
        fn visit<'a>(
            framework: &'a Framework,
            parent: Option<&'a str>,
            depth: usize,
            seen: &mut HashSet<&'a str>,
            out: &mut Vec<(&'a Section, usize)>,
        ) {
            for section in framework.child_sections(parent) {
                if seen.insert(section.id.as_str()) {
                    out.push((section, depth));
                    visit(framework, Some(&section.id), depth + 1, seen, out);
                }
            }
        }
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        visit(self, None, 0, &mut seen, &mut out);
        for section in &self.sections {
            if seen.insert(section.id.as_str()) {
                out.push((section, 0));
            }
        }
        out
    }

    /// Items that sit directly in `section` (not below it), in file order.
    pub fn items_in<'a>(&'a self, section: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.items
            .iter()
            .filter(move |item| item.section == section)
    }

    /// Items that sit in `section` or any section below it, in file order.
    pub fn items_within<'a>(&'a self, section: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.items
            .iter()
            .filter(move |item| self.section_is_within(&item.section, section))
    }
}

/// How strongly one item bears on another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Strength {
    /// Direct: meeting one largely meets the other.
    Strong,
    /// Covers part of the other's intent.
    Partial,
    /// Supporting only.
    Weak,
}

impl Strength {
    /// The word used in files and output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Strength::Strong => "strong",
            Strength::Partial => "partial",
            Strength::Weak => "weak",
        }
    }

    /// Parses the word used in files.
    #[must_use]
    pub fn parse(word: &str) -> Option<Self> {
        match word {
            "strong" => Some(Strength::Strong),
            "partial" => Some(Strength::Partial),
            "weak" => Some(Strength::Weak),
            _ => None,
        }
    }
}

impl fmt::Display for Strength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A mapping file: pairs of items in two frameworks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// Framework id the pairs start from.
    pub from: String,
    /// Framework id the pairs point to.
    pub to: String,
    /// The pairs, in file order.
    pub pairs: Vec<MappingPair>,
    /// Where the mapping came from: `bundled` or a file path.
    pub origin: String,
}

/// One directed pair of items, by their ids within `Mapping::from` and `Mapping::to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingPair {
    /// Item id within the `from` framework.
    pub from: String,
    /// Item id within the `to` framework.
    pub to: String,
    /// How strongly they relate.
    pub strength: Strength,
    /// Who asserted the pair.
    pub provenance: String,
}

#[cfg(test)]
impl Framework {
    /// A framework with one section `s` holding items with these ids, titled `title <id>`,
    /// for unit tests of code that reads frameworks.
    pub(crate) fn for_tests(id: &str, items: &[&str]) -> Framework {
        Framework {
            id: id.into(),
            title: id.into(),
            publisher: String::new(),
            version: String::new(),
            source: String::new(),
            licence: String::new(),
            sections: vec![Section {
                id: "s".into(),
                title: "S".into(),
                parent: None,
            }],
            items: items
                .iter()
                .map(|i| Item {
                    id: (*i).into(),
                    section: "s".into(),
                    title: format!("title {i}"),
                    guidance: String::new(),
                    evidence_hints: vec![],
                    tags: vec![],
                    level: None,
                    replaces: vec![],
                })
                .collect(),
            origin: "bundled".into(),
        }
    }
}
