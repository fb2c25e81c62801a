//! When each partner is due for its next scheduled harvest.
//!
//! A partner's next run is due one period (`[schedule] every`) after its
//! last run *started*, plus or minus the jitter: a draw in `-1..=1` scales
//! `jitter × every`, so a daily partner with the default jitter of 0.1 is
//! due 21.6 to 26.4 hours after its last start. At start-up the last start
//! is that of the partner's newest report in `DIR/reports/`; a partner
//! without any is due at once.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::mapping::Schedule;

/// When a run started at `start` makes the next one due, for a `draw` in
/// `-1..=1` (clamped): `start + every × (1 + jitter × draw)`.
pub fn next_due(start: DateTime<Utc>, schedule: &Schedule, draw: f64) -> DateTime<Utc> {
    let draw = if draw.is_finite() {
        draw.clamp(-1.0, 1.0)
    } else {
        0.0
    };
    let factor = 1.0 + schedule.jitter * draw;
    let period = schedule.every.duration().mul_f64(factor.max(0.0));
    let period = chrono::Duration::from_std(period).unwrap_or(chrono::Duration::MAX);
    start
        .checked_add_signed(period)
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// A uniform draw in `-1..=1` from the operating system's random source
/// (0, no jitter, if it fails).
pub fn draw() -> f64 {
    match getrandom::u64() {
        // 53 random bits: every value a f64 in 0..1 can hold evenly.
        Ok(bits) => (bits >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0,
        Err(_) => 0.0,
    }
}

/// The scheduled partners and when each is due.
#[derive(Debug)]
pub struct Timetable {
    schedules: HashMap<String, Schedule>,
    due: HashMap<String, DateTime<Utc>>,
}

impl Timetable {
    /// The timetable of `schedules` (partner → schedule), given when each
    /// partner's last run started (`last_starts`) and the time `now`.
    pub fn new(
        schedules: impl IntoIterator<Item = (String, Schedule)>,
        last_starts: &BTreeMap<String, DateTime<Utc>>,
        now: DateTime<Utc>,
        mut draw: impl FnMut() -> f64,
    ) -> Self {
        let schedules: HashMap<String, Schedule> = schedules.into_iter().collect();
        let due = schedules
            .iter()
            .map(|(partner, schedule)| {
                let due = match last_starts.get(partner) {
                    // A last start in the future (the clock was set back)
                    // must not put the partner off for more than a period.
                    Some(start) => {
                        next_due(*start, schedule, draw()).min(next_due(now, schedule, 1.0))
                    }
                    None => now,
                };
                (partner.clone(), due)
            })
            .collect();
        Timetable { schedules, due }
    }

    /// A run of `partner` started at `at`: its next one is due a period later.
    pub fn started(&mut self, partner: &str, at: DateTime<Utc>, draw: f64) {
        if let Some(schedule) = self.schedules.get(partner) {
            self.due
                .insert(partner.to_owned(), next_due(at, schedule, draw));
        }
    }

    /// The partners due at `now`, the longest overdue first.
    pub fn due(&self, now: DateTime<Utc>) -> Vec<String> {
        let mut due: Vec<(&DateTime<Utc>, &String)> = self
            .due
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(partner, at)| (at, partner))
            .collect();
        due.sort();
        due.into_iter()
            .map(|(_, partner)| partner.clone())
            .collect()
    }

    /// How long from `now` until the next partner for which `waiting` holds
    /// is due (zero if one is due already); `None` if there is none.
    pub fn until_next(
        &self,
        now: DateTime<Utc>,
        waiting: impl Fn(&str) -> bool,
    ) -> Option<Duration> {
        self.due
            .iter()
            .filter(|(partner, _)| waiting(partner))
            .map(|(_, at)| (*at - now).to_std().unwrap_or(Duration::ZERO))
            .min()
    }

    /// When `partner` is next due, if it is scheduled.
    pub fn due_at(&self, partner: &str) -> Option<DateTime<Utc>> {
        self.due.get(partner).copied()
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn schedule(text: &str) -> Schedule {
        toml::from_str(text).unwrap()
    }

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, hour, 0, 0).unwrap()
    }

    #[test]
    fn next_due_is_a_period_later_within_the_jitter() {
        let daily = Schedule::default();
        let hours = |due: DateTime<Utc>| (due - at(0)).num_minutes() as f64 / 60.0;
        assert_eq!(hours(next_due(at(0), &daily, 0.0)), 24.0);
        assert_eq!(hours(next_due(at(0), &daily, -1.0)), 21.6);
        assert_eq!(hours(next_due(at(0), &daily, 1.0)), 26.4);
        assert_eq!(
            hours(next_due(at(0), &daily, 7.0)),
            26.4,
            "draws are clamped"
        );
        assert_eq!(hours(next_due(at(0), &daily, f64::NAN)), 24.0);
        let steady = schedule("every = \"6h\"\njitter = 0");
        assert_eq!(hours(next_due(at(0), &steady, 1.0)), 6.0);
    }

    #[test]
    fn random_draws_stay_within_the_jitter() {
        let wide = schedule("every = \"1h\"\njitter = 0.5");
        let (mut low, mut high) = (false, false);
        for _ in 0..2_000 {
            let value = draw();
            assert!((-1.0..=1.0).contains(&value), "{value}");
            let minutes = (next_due(at(0), &wide, value) - at(0)).num_seconds() as f64 / 60.0;
            assert!((30.0..=90.0).contains(&minutes), "{minutes}");
            low |= minutes < 45.0;
            high |= minutes > 75.0;
        }
        assert!(low && high, "draws spread over the whole range");
    }

    #[test]
    fn at_start_a_partner_is_due_a_period_after_its_last_report() {
        let schedules = [
            ("fresh".to_owned(), Schedule::default()),
            ("stale".to_owned(), Schedule::default()),
            ("never".to_owned(), Schedule::default()),
            ("future".to_owned(), Schedule::default()),
        ];
        let last: BTreeMap<String, DateTime<Utc>> = [
            ("fresh".to_owned(), at(11)),
            ("stale".to_owned(), at(0) - chrono::Duration::days(3)),
            // A report from the future (a clock set back): due within a
            // period from now, never a year later.
            ("future".to_owned(), at(12) + chrono::Duration::days(400)),
        ]
        .into();
        let now = at(12);
        let table = Timetable::new(schedules, &last, now, || 0.0);
        assert_eq!(table.due(now), ["stale", "never"]);
        assert_eq!(
            table.due_at("fresh"),
            Some(at(11) + chrono::Duration::days(1))
        );
        assert_eq!(
            table.due_at("future"),
            Some(now + chrono::Duration::minutes(26 * 60 + 24))
        );
        assert_eq!(
            table.until_next(now, |p| p == "fresh"),
            Some(Duration::from_secs(23 * 3600))
        );
        assert_eq!(table.until_next(now, |_| true), Some(Duration::ZERO));
        assert_eq!(table.until_next(now, |_| false), None);
    }

    #[test]
    fn a_run_moves_the_next_one_a_period_on() {
        let schedules = [("avise".to_owned(), schedule("every = \"2s\"\njitter = 0"))];
        let mut table = Timetable::new(schedules, &BTreeMap::new(), at(0), || 0.0);
        assert_eq!(table.due(at(0)), ["avise"]);
        table.started("avise", at(0), 0.5);
        assert!(table.due(at(0)).is_empty());
        let later = at(0) + chrono::Duration::seconds(2);
        assert_eq!(table.due(later), ["avise"]);
        table.started("unscheduled", at(0), 0.0);
        assert_eq!(table.due_at("unscheduled"), None);
    }
}
