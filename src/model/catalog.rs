//! All loaded frameworks and mappings, indexed for lookup by full item id.

use std::collections::HashMap;

use super::checklist::{Framework, Item, Mapping, Strength};

/// Where an item sits: indices into `Catalog::frameworks` and that framework's `items`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ItemRef {
    /// Index of the framework.
    pub framework: usize,
    /// Index of the item within the framework.
    pub item: usize,
}

/// An item related to another through a mapping, seen from either end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedItem {
    /// Full id of the related item.
    pub full_id: String,
    /// How strongly the two relate.
    pub strength: Strength,
    /// Who asserted the pair.
    pub provenance: String,
    /// True when the mapping file names the other item as `to`; false when followed backwards.
    pub forward: bool,
}

/// Every framework and mapping vouch knows, with an index from full id to item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    /// Frameworks in display order.
    pub frameworks: Vec<Framework>,
    /// Mapping files.
    pub mappings: Vec<Mapping>,
    index: HashMap<String, ItemRef>,
}

impl Catalog {
    /// Builds the catalog and its index. Later duplicates of a full id are not indexed;
    /// the validator reports them.
    #[must_use]
    pub fn new(frameworks: Vec<Framework>, mappings: Vec<Mapping>) -> Self {
        let mut index = HashMap::new();
        for (fi, framework) in frameworks.iter().enumerate() {
            for (ii, item) in framework.items.iter().enumerate() {
                index.entry(framework.full_id(item)).or_insert(ItemRef {
                    framework: fi,
                    item: ii,
                });
            }
        }
        Catalog {
            frameworks,
            mappings,
            index,
        }
    }

    /// Finds an item by full id (`uk-sscop:1.1-C1`).
    #[must_use]
    pub fn lookup(&self, full_id: &str) -> Option<ItemRef> {
        self.index.get(full_id).copied()
    }

    /// The framework and item behind a reference.
    #[must_use]
    pub fn get(&self, at: ItemRef) -> (&Framework, &Item) {
        let framework = &self.frameworks[at.framework];
        (framework, &framework.items[at.item])
    }

    /// Finds a framework by id.
    #[must_use]
    pub fn framework(&self, id: &str) -> Option<&Framework> {
        self.frameworks.iter().find(|f| f.id == id)
    }

    /// Every full item id, in framework and file order.
    pub fn full_ids(&self) -> impl Iterator<Item = String> + '_ {
        self.frameworks
            .iter()
            .flat_map(|f| f.items.iter().map(move |i| f.full_id(i)))
    }

    /// Number of items across all frameworks.
    #[must_use]
    pub fn item_count(&self) -> usize {
        self.frameworks.iter().map(|f| f.items.len()).sum()
    }

    /// Items related to `full_id` through any mapping, in either direction, strongest first.
    #[must_use]
    pub fn mapped(&self, full_id: &str) -> Vec<MappedItem> {
        let Some((framework, item)) = full_id.split_once(':') else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for mapping in &self.mappings {
            for pair in &mapping.pairs {
                if mapping.from == framework && pair.from == item {
                    out.push(MappedItem {
                        full_id: format!("{}:{}", mapping.to, pair.to),
                        strength: pair.strength,
                        provenance: pair.provenance.clone(),
                        forward: true,
                    });
                } else if mapping.to == framework && pair.to == item {
                    out.push(MappedItem {
                        full_id: format!("{}:{}", mapping.from, pair.from),
                        strength: pair.strength,
                        provenance: pair.provenance.clone(),
                        forward: false,
                    });
                }
            }
        }
        out.sort_by(|a, b| a.strength.cmp(&b.strength).then(a.full_id.cmp(&b.full_id)));
        out.dedup_by(|a, b| a.full_id == b.full_id);
        out
    }

    /// Up to `limit` framework ids closest to `query`, closest first, for "did you mean" hints.
    #[must_use]
    pub fn closest_framework_ids(&self, query: &str, limit: usize) -> Vec<String> {
        let query = query.to_lowercase();
        let mut scored: Vec<(f64, &str)> = self
            .frameworks
            .iter()
            .map(|f| (strsim::jaro_winkler(&query, &f.id), f.id.as_str()))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        scored
            .into_iter()
            .take(limit)
            .filter(|(score, _)| *score > 0.6)
            .map(|(_, id)| id.to_owned())
            .collect()
    }

    /// Up to `limit` known full ids closest to `query`, for "did you mean" hints.
    #[must_use]
    pub fn closest_ids(&self, query: &str, limit: usize) -> Vec<String> {
        let query_lower = query.to_lowercase();
        let mut scored: Vec<(f64, String)> = self
            .full_ids()
            .map(|id| {
                let lower = id.to_lowercase();
                // Compare with and without the framework prefix, so `1.1-c1` finds `uk-sscop:1.1-C1`.
                let bare = lower.split_once(':').map_or(lower.as_str(), |(_, b)| b);
                let score = strsim::jaro_winkler(&query_lower, &lower)
                    .max(strsim::jaro_winkler(&query_lower, bare));
                (score, id)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        scored
            .into_iter()
            .take(limit)
            .filter(|(score, _)| *score > 0.6)
            .map(|(_, id)| id)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::checklist::MappingPair;

    fn catalog() -> Catalog {
        Catalog::new(
            vec![
                Framework::for_tests("uk", &["1.1-C1", "1.1-C2"]),
                Framework::for_tests("nist", &["PO.1.1"]),
            ],
            vec![Mapping {
                from: "uk".into(),
                to: "nist".into(),
                pairs: vec![MappingPair {
                    from: "1.1-C1".into(),
                    to: "PO.1.1".into(),
                    strength: Strength::Partial,
                    provenance: "us".into(),
                }],
                origin: "bundled".into(),
            }],
        )
    }

    #[test]
    fn mappings_are_followed_in_both_directions() {
        let catalog = catalog();
        let forward = catalog.mapped("uk:1.1-C1");
        assert_eq!(forward.len(), 1);
        assert_eq!(forward[0].full_id, "nist:PO.1.1");
        assert!(forward[0].forward);
        let backward = catalog.mapped("nist:PO.1.1");
        assert_eq!(backward[0].full_id, "uk:1.1-C1");
        assert!(!backward[0].forward);
        assert!(catalog.mapped("uk:1.1-C2").is_empty());
    }

    #[test]
    fn closest_ids_find_near_misses_with_or_without_prefix() {
        let catalog = catalog();
        assert_eq!(catalog.closest_ids("uk:1.1-C3", 1), vec!["uk:1.1-C1"]);
        assert_eq!(catalog.closest_ids("po.1.1", 1), vec!["nist:PO.1.1"]);
    }

    #[test]
    fn closest_framework_ids_find_typos_and_nothing_for_noise() {
        let catalog = catalog();
        assert_eq!(catalog.closest_framework_ids("nsit", 1), vec!["nist"]);
        assert!(catalog.closest_framework_ids("zzzzzzzz", 3).is_empty());
    }

    #[test]
    fn lookup_finds_items_by_full_id() {
        let catalog = catalog();
        let at = catalog.lookup("nist:PO.1.1").unwrap();
        assert_eq!(catalog.get(at).1.title, "title PO.1.1");
        assert!(catalog.lookup("nist:PO.9.9").is_none());
    }
}
