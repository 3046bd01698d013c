//! Coverage: how many items of a framework or section stand at each status.

use super::checklist::{Framework, Item};
use super::progress::{Progress, Status};

/// Counts of items by status over some set of items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Coverage {
    /// Items met.
    pub done: usize,
    /// Items being worked on.
    pub in_progress: usize,
    /// Items set aside with a reason.
    pub not_applicable: usize,
    /// Items not started.
    pub todo: usize,
}

impl Coverage {
    /// Counts the statuses of `items` of `framework`.
    pub fn of<'a>(
        framework: &Framework,
        items: impl IntoIterator<Item = &'a Item>,
        progress: &Progress,
    ) -> Self {
        let mut coverage = Coverage::default();
        for item in items {
            coverage.add(progress.status(&framework.full_id(item)));
        }
        coverage
    }

    /// Counts one more item at `status`.
    pub fn add(&mut self, status: Status) {
        match status {
            Status::Done => self.done += 1,
            Status::InProgress => self.in_progress += 1,
            Status::NotApplicable => self.not_applicable += 1,
            Status::Todo => self.todo += 1,
        }
    }

    /// All items counted.
    #[must_use]
    pub fn total(&self) -> usize {
        self.done + self.in_progress + self.not_applicable + self.todo
    }

    /// Items that still count towards the goal: everything except `n/a`.
    #[must_use]
    pub fn applicable(&self) -> usize {
        self.total() - self.not_applicable
    }

    /// Share of applicable items that are done, 0.0 to 1.0; 1.0 when nothing applies.
    #[must_use]
    pub fn ratio(&self) -> f64 {
        if self.applicable() == 0 {
            return if self.total() == 0 { 0.0 } else { 1.0 };
        }
        #[allow(clippy::cast_precision_loss)] // item counts are far below 2^52
        let ratio = self.done as f64 / self.applicable() as f64;
        ratio
    }

    /// Whole percent done of applicable items, rounded down so 99.6% never shows as 100%.
    #[must_use]
    pub fn percent(&self) -> usize {
        if self.applicable() == 0 {
            return if self.total() == 0 { 0 } else { 100 };
        }
        self.done * 100 / self.applicable()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_counts_done_over_applicable_and_never_rounds_up_to_full() {
        let coverage = Coverage {
            done: 199,
            in_progress: 1,
            not_applicable: 5,
            todo: 0,
        };
        assert_eq!(coverage.total(), 205);
        assert_eq!(coverage.applicable(), 200);
        assert_eq!(coverage.percent(), 99);
    }

    #[test]
    fn all_not_applicable_is_complete_and_empty_is_zero() {
        let all_na = Coverage {
            not_applicable: 3,
            ..Coverage::default()
        };
        assert_eq!(all_na.percent(), 100);
        assert_eq!(Coverage::default().percent(), 0);
    }
}
