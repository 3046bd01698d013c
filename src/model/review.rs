//! Exceptions expire: every `n/a` carries a date by which it should be looked at again, and
//! these rules say which are due (the date is near) and which have expired (it has passed).

use jiff::Span;
use jiff::civil::Date;

use super::progress::{ItemProgress, Progress, Status};

/// How long an `n/a` holds before it is due for review, when the config does not say.
pub const DEFAULT_NA_VALID_FOR_MONTHS: u32 = 12;

/// How many days before its review date an `n/a` shows as due, when the config does not say.
pub const DEFAULT_DUE_WITHIN_DAYS: u32 = 30;

/// The date `months` after the day of `at` (an RFC 3339 stamp or a plain date), as
/// `YYYY-MM-DD`; `None` when `at` holds no date.
#[must_use]
pub fn review_date(at: &str, months: u32) -> Option<String> {
    let date = date_of(at)?;
    date.checked_add(Span::new().months(i64::from(months)))
        .ok()
        .map(|d| d.to_string())
}

/// The calendar day at the start of `text`: `2027-11-27` or `2027-11-27T18:02:11Z`.
#[must_use]
pub fn date_of(text: &str) -> Option<Date> {
    text.trim().get(..10)?.parse().ok()
}

/// Today's date in UTC, the day `vouch` compares review dates with.
#[must_use]
pub fn today() -> Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

/// How the config says exceptions age.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewTerms {
    /// Months an `n/a` holds when it is set without an explicit date.
    pub valid_for_months: u32,
    /// Days before the review date at which an `n/a` shows as due.
    pub due_within_days: u32,
}

impl Default for ReviewTerms {
    fn default() -> Self {
        ReviewTerms {
            valid_for_months: DEFAULT_NA_VALID_FOR_MONTHS,
            due_within_days: DEFAULT_DUE_WITHIN_DAYS,
        }
    }
}

/// Where one `n/a` stands against its review date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NaReview {
    /// The item's full id.
    pub id: String,
    /// Why it does not apply.
    pub reason: String,
    /// The review date in force; `None` when the entry has neither a date nor a time it was set.
    pub review_by: Option<Date>,
    /// True when the date was not written but worked out from when the `n/a` was set
    /// (entries written before review dates existed).
    pub derived: bool,
    /// True when the date has passed (or there is no date at all to go by).
    pub expired: bool,
    /// True when the date is within the due window, or has passed.
    pub due: bool,
}

impl NaReview {
    /// Judges one entry on `today`; `None` unless it is `n/a`.
    #[must_use]
    pub fn of(id: &str, entry: &ItemProgress, today: Date, terms: ReviewTerms) -> Option<Self> {
        if entry.status != Status::NotApplicable {
            return None;
        }
        let written = entry.review_by.as_deref().and_then(date_of);
        let derived_date = || {
            entry
                .updated
                .as_deref()
                .and_then(|at| review_date(at, terms.valid_for_months))
                .and_then(|d| date_of(&d))
        };
        let (review_by, derived) = match written {
            Some(date) => (Some(date), false),
            None => (derived_date(), true),
        };
        let window_end = today
            .checked_add(Span::new().days(i64::from(terms.due_within_days)))
            .unwrap_or(today);
        let (due, expired) = match review_by {
            Some(date) => (date <= window_end, date < today),
            None => (true, false),
        };
        Some(NaReview {
            id: id.to_owned(),
            reason: entry.reason.clone().unwrap_or_default(),
            review_by,
            derived,
            expired,
            due,
        })
    }
}

/// Every `n/a` in `progress` with where it stands on `today`, soonest review date first
/// (entries with no date at all first of all), then by id.
#[must_use]
pub fn na_reviews(progress: &Progress, today: Date, terms: ReviewTerms) -> Vec<NaReview> {
    let mut reviews: Vec<NaReview> = progress
        .items
        .iter()
        .filter_map(|(id, entry)| NaReview::of(id, entry, today, terms))
        .collect();
    reviews.sort_by(|a, b| a.review_by.cmp(&b.review_by).then(a.id.cmp(&b.id)));
    reviews
}

#[cfg(test)]
mod tests {
    use super::*;

    fn na(review_by: Option<&str>, updated: Option<&str>) -> ItemProgress {
        ItemProgress {
            status: Status::NotApplicable,
            reason: Some("no UI".into()),
            review_by: review_by.map(str::to_owned),
            updated: updated.map(str::to_owned),
            ..ItemProgress::default()
        }
    }

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn review_dates_add_calendar_months_and_clamp_month_ends() {
        assert_eq!(
            review_date("2026-11-27T18:02:11Z", 12).as_deref(),
            Some("2027-11-27")
        );
        assert_eq!(review_date("2027-01-31", 1).as_deref(), Some("2027-02-28"));
        assert_eq!(review_date("soon", 1), None);
    }

    #[test]
    fn an_exception_is_due_within_the_window_and_expired_after_its_date() {
        let terms = ReviewTerms::default();
        let entry = na(Some("2027-03-01"), None);
        let judge = |today| NaReview::of("a:1", &entry, day(today), terms).unwrap();
        assert!(!judge("2027-01-01").due);
        let near = judge("2027-02-10");
        assert!(near.due && !near.expired);
        let on_the_day = judge("2027-03-01");
        assert!(
            on_the_day.due && !on_the_day.expired,
            "valid through its date"
        );
        let after = judge("2027-03-02");
        assert!(after.due && after.expired);
    }

    #[test]
    fn an_old_entry_without_a_date_falls_due_a_term_after_it_was_set() {
        let terms = ReviewTerms::default();
        let entry = na(None, Some("2026-01-15T10:00:00Z"));
        let review = NaReview::of("a:1", &entry, day("2027-02-01"), terms).unwrap();
        assert_eq!(review.review_by, Some(day("2027-01-15")));
        assert!(review.derived && review.expired);

        let undated = NaReview::of("a:1", &na(None, None), day("2027-02-01"), terms).unwrap();
        assert!(undated.due && !undated.expired && undated.review_by.is_none());
    }

    #[test]
    fn only_not_applicable_entries_are_reviewed_soonest_first() {
        let mut progress = Progress::default();
        progress
            .items
            .insert("b:1".into(), na(Some("2027-05-01"), None));
        progress
            .items
            .insert("a:1".into(), na(Some("2027-06-01"), None));
        progress.items.insert(
            "c:1".into(),
            ItemProgress {
                status: Status::Done,
                ..ItemProgress::default()
            },
        );
        let reviews = na_reviews(&progress, day("2027-01-01"), ReviewTerms::default());
        let ids: Vec<&str> = reviews.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["b:1", "a:1"]);
    }
}
