//! The `[schedule]` section of a mapping file: how often a serving hub
//! harvests the partner again (`every`), and by how much each period may
//! vary (`jitter`), so partners harvested together at start-up drift apart
//! instead of hitting their sites (and our store) at the same moment every
//! day.
//!
//! Both values are checked while the file is read: a bad one is a
//! [`MappingError`](super::MappingError) naming the file, the line and the
//! field (`schedule.every`, `schedule.jitter`).

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Deserializer};

/// The shortest period: one second, so tests can use short periods.
const SHORTEST: Duration = Duration::from_secs(1);
/// The longest period: a year. Longer is a mistake (and would overflow
/// date arithmetic long before it meant anything).
const LONGEST: Duration = Duration::from_secs(366 * 86_400);
/// The largest jitter: half the period either way.
const MAX_JITTER: f64 = 0.5;

/// When a serving hub harvests the partner again.
///
/// ```
/// use carrefour::mapping::Schedule;
/// use std::time::Duration;
///
/// let schedule: Schedule = toml::from_str("every = \"12h\"\njitter = 0.2")?;
/// assert_eq!(schedule.every.duration(), Duration::from_secs(12 * 3600));
/// assert_eq!(schedule.jitter, 0.2);
/// assert_eq!(Schedule::default().every.to_string(), "1d");
/// # Ok::<_, toml::de::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// The period between two harvests' starts (`"1d"`, `"6h"`, `"90m"`,
    /// `"1h30m"`, `"2s"`); one day by default.
    #[serde(default)]
    pub every: Period,
    /// How much each period may vary, as a fraction of it (0 to 0.5): 0.1
    /// makes a daily harvest come every 21.6 to 26.4 hours.
    #[serde(default = "default_jitter", deserialize_with = "jitter")]
    pub jitter: f64,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            every: Period::default(),
            jitter: default_jitter(),
        }
    }
}

fn default_jitter() -> f64 {
    0.1
}

/// A period written with the units `s`, `m`, `h` and `d` (`"1d"`,
/// `"1h30m"`), between one second and a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Period(Duration);

impl Period {
    /// The period as a duration.
    pub fn duration(self) -> Duration {
        self.0
    }
}

impl Default for Period {
    fn default() -> Self {
        Period(Duration::from_secs(86_400))
    }
}

impl std::str::FromStr for Period {
    type Err = String;

    /// Parses `"1d"`, `"12h"`, `"1h30m"`, `"2s"`: numbers each followed by
    /// a unit, largest first or not, at least one second and at most a year.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = |why: &str| {
            format!(
                "{text:?} is not a period: {why}; write a number and a unit \
                 (s, m, h, d), such as \"1d\", \"6h\", \"1h30m\" or \"30s\""
            )
        };
        let mut seconds: u64 = 0;
        let mut digits = String::new();
        for c in text.trim().chars() {
            if c.is_ascii_digit() {
                digits.push(c);
                continue;
            }
            let unit = match c {
                's' => 1,
                'm' => 60,
                'h' => 3_600,
                'd' => 86_400,
                _ => return Err(bad(&format!("unknown unit {c:?}"))),
            };
            if digits.is_empty() {
                return Err(bad("a unit without a number"));
            }
            let number: u64 = digits.parse().map_err(|_| bad("far too long"))?;
            seconds = number
                .checked_mul(unit)
                .and_then(|s| seconds.checked_add(s))
                .ok_or_else(|| bad("far too long"))?;
            digits.clear();
        }
        if !digits.is_empty() {
            return Err(bad("a number without a unit"));
        }
        let period = Duration::from_secs(seconds);
        if period < SHORTEST {
            return Err(bad("it must be at least one second"));
        }
        if period > LONGEST {
            return Err(bad("it must be at most a year (366d)"));
        }
        Ok(Period(period))
    }
}

impl fmt::Display for Period {
    /// The shortest spelling: `1d`, `1h30m`, `2s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0.as_secs();
        for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] {
            if rest >= size {
                write!(f, "{}{unit}", rest / size)?;
                rest %= size;
            }
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

fn jitter<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    let jitter = f64::deserialize(deserializer)?;
    if (0.0..=MAX_JITTER).contains(&jitter) {
        Ok(jitter)
    } else {
        Err(serde::de::Error::custom(format!(
            "{jitter} is not a jitter: write a fraction of the period from 0 to {MAX_JITTER} \
             (0.1 lets each period vary by 10 % either way)"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(text: &str) -> Result<Duration, String> {
        text.parse::<Period>().map(Period::duration)
    }

    #[test]
    fn periods_read_in_every_unit() {
        assert_eq!(period("1d"), Ok(Duration::from_secs(86_400)));
        assert_eq!(period("6h"), Ok(Duration::from_secs(6 * 3_600)));
        assert_eq!(period("90m"), Ok(Duration::from_secs(90 * 60)));
        assert_eq!(period("1h30m"), Ok(Duration::from_secs(90 * 60)));
        assert_eq!(period(" 2s "), Ok(Duration::from_secs(2)));
        assert_eq!(period("366d"), Ok(LONGEST));
    }

    #[test]
    fn bad_periods_say_why() {
        for (text, why) in [
            ("0s", "at least one second"),
            ("367d", "at most a year"),
            ("1w", "unknown unit 'w'"),
            ("12", "without a unit"),
            ("h", "without a number"),
            ("", "at least one second"),
            ("-1d", "unknown unit '-'"),
            ("99999999999999999999d", "far too long"),
            ("9999999999999999d", "far too long"),
        ] {
            let error = period(text).unwrap_err();
            assert!(error.contains(why), "{text:?}: {error}");
            assert!(error.contains("\"1d\""), "says what to write: {error}");
        }
    }

    #[test]
    fn periods_print_as_written() {
        for text in ["1d", "2s", "1h30m", "1d1s"] {
            assert_eq!(text.parse::<Period>().unwrap().to_string(), text);
        }
        assert_eq!("90m".parse::<Period>().unwrap().to_string(), "1h30m");
    }

    #[test]
    fn defaults_are_daily_with_a_tenth_of_jitter() {
        let schedule: Schedule = toml::from_str("").unwrap();
        assert_eq!(schedule, Schedule::default());
        assert_eq!(schedule.every.duration(), Duration::from_secs(86_400));
        assert_eq!(schedule.jitter, 0.1);
        let integer: Schedule = toml::from_str("jitter = 0").unwrap();
        assert_eq!(integer.jitter, 0.0);
    }

    #[test]
    fn jitter_is_bounded() {
        for bad in ["jitter = 0.6", "jitter = -0.1", "jitter = nan"] {
            let error = toml::from_str::<Schedule>(bad).unwrap_err();
            assert!(error.message().contains("from 0 to 0.5"), "{bad}: {error}");
        }
        assert!(toml::from_str::<Schedule>("every = \"1d\"\nhow = 1").is_err());
    }
}
