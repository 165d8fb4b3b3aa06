//! FHIR `date`, `dateTime` and `instant` values (hl7.org/fhir/R4/datatypes.html): a
//! calendar date of one to three parts, and an optional time with a zone. Hand-written: the
//! reader needs only whole months between two dates and an order on result times, and the
//! formats are small and fixed (a date crate would add a dependency for two functions).

use core::fmt;

/// A calendar date (proleptic Gregorian), as given by the caller for the evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, 1 to 9999.
    pub year: u16,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to its last day.
    pub day: u8,
}

impl Date {
    /// A checked date.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let ok = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        ok.then_some(Date { year, month, day })
    }

    /// Parse exactly `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        match Partial::parse(s)? {
            Partial::Day(d) => Some(d),
            _ => None,
        }
    }

    /// The date `days` days after 1970-01-01 (a caller that reads the clock, such as
    /// the CLI, turns its time into a date with this; the library itself never does).
    pub fn from_unix_days(days: i64) -> Option<Date> {
        // Days since 0000-03-01, then the civil date of that count (the inverse of
        // `day_number`, H. Hinnant's days_from_civil / civil_from_days).
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// Days since 0000-03-01 (a day count for ordering and differences).
    pub(crate) fn day_number(self) -> i64 {
        let (y, m) = if self.month <= 2 {
            (i64::from(self.year) - 1, i64::from(self.month) + 9)
        } else {
            (i64::from(self.year), i64::from(self.month) - 3)
        };
        365 * y + y.div_euclid(4) - y.div_euclid(100)
            + y.div_euclid(400)
            + (153 * m + 2) / 5
            + i64::from(self.day)
            - 1
    }

    /// Whole months from `self` to `later` (`None` when `later` is earlier).
    pub fn months_until(self, later: Date) -> Option<u32> {
        if later < self {
            return None;
        }
        let mut m = (i32::from(later.year) - i32::from(self.year)) * 12 + i32::from(later.month)
            - i32::from(self.month);
        // A month is complete on the same day of the month, or on the last day of a
        // shorter month (born on the 31st: one month old on 30 April).
        let last = days_in_month(later.year, later.month);
        if later.day < self.day && later.day < last {
            m -= 1;
        }
        u32::try_from(m).ok()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(y: u16) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn days_in_month(y: u16, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A FHIR date of one, two or three parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Partial {
    Year(u16),
    Month(u16, u8),
    Day(Date),
}

fn digits(s: &str, n: usize) -> Option<u32> {
    if s.len() != n || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl Partial {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub(crate) fn parse(s: &str) -> Option<Partial> {
        let mut parts = s.split('-');
        let y = u16::try_from(digits(parts.next()?, 4)?).ok()?;
        if y == 0 {
            return None;
        }
        let Some(m) = parts.next() else {
            return Some(Partial::Year(y));
        };
        let m = u8::try_from(digits(m, 2)?).ok()?;
        if !(1..=12).contains(&m) {
            return None;
        }
        let Some(d) = parts.next() else {
            return Some(Partial::Month(y, m));
        };
        let d = u8::try_from(digits(d, 2)?).ok()?;
        if parts.next().is_some() {
            return None;
        }
        Date::new(y, m, d).map(Partial::Day)
    }

    /// The first day the value covers.
    pub(crate) fn first_day(self) -> Date {
        match self {
            Partial::Year(y) => Date {
                year: y,
                month: 1,
                day: 1,
            },
            Partial::Month(y, m) => Date {
                year: y,
                month: m,
                day: 1,
            },
            Partial::Day(d) => d,
        }
    }
}

/// A FHIR `dateTime` or `instant`: its date part and, for ordering, seconds since an
/// epoch in UTC (a value without a time counts from midnight UTC of its first day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateTime {
    pub(crate) date: Partial,
    pub(crate) seconds: i64,
}

impl DateTime {
    /// `YYYY[-MM[-DD[Thh:mm:ss[.fff](Z|+hh:mm|-hh:mm)]]]`, as FHIR R4 defines `dateTime`.
    pub(crate) fn parse(s: &str) -> Option<DateTime> {
        let (d, t) = match s.split_once('T') {
            Some((d, t)) => (d, Some(t)),
            None => (s, None),
        };
        let date = Partial::parse(d)?;
        let day = date.first_day().day_number();
        let mut seconds = day * 86_400;
        if let Some(t) = t {
            let Partial::Day(_) = date else {
                return None;
            };
            let (clock, offset) = if let Some(c) = t.strip_suffix('Z') {
                (c, 0)
            } else {
                let i = t.rfind(['+', '-'])?;
                let (c, z) = t.split_at(i);
                let sign = if z.starts_with('-') { -1 } else { 1 };
                let (zh, zm) = z.get(1..)?.split_once(':')?;
                let zh = i64::from(digits(zh, 2)?);
                let zm = i64::from(digits(zm, 2)?);
                if zh > 14 || zm > 59 {
                    return None;
                }
                (c, sign * (zh * 3600 + zm * 60))
            };
            let mut hms = clock.splitn(3, ':');
            let h = i64::from(digits(hms.next()?, 2)?);
            let m = i64::from(digits(hms.next()?, 2)?);
            let sec = hms.next()?;
            let (whole, frac) = match sec.split_once('.') {
                Some((w, f)) => (w, Some(f)),
                None => (sec, None),
            };
            let sec = i64::from(digits(whole, 2)?);
            if frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
                return None;
            }
            if h > 24 || m > 59 || sec > 60 {
                return None;
            }
            seconds += h * 3600 + m * 60 + sec - offset;
        }
        Some(DateTime { date, seconds })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn parses_only_full_dates() {
        assert_eq!(d("2024-02-29"), Date::new(2024, 2, 29).unwrap());
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "24-01-01",
            "2024-01",
            "",
            "2024-01-01T00:00:00Z",
            "0000-01-01",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn whole_months() {
        assert_eq!(d("2020-01-15").months_until(d("2020-01-15")), Some(0));
        assert_eq!(d("2020-01-15").months_until(d("2020-02-14")), Some(0));
        assert_eq!(d("2020-01-15").months_until(d("2020-02-15")), Some(1));
        assert_eq!(d("2020-01-31").months_until(d("2020-04-30")), Some(3));
        assert_eq!(d("2020-01-31").months_until(d("2020-02-29")), Some(1));
        assert_eq!(d("2020-01-31").months_until(d("2020-02-28")), Some(0));
        assert_eq!(d("2018-06-10").months_until(d("2020-06-09")), Some(23));
        assert_eq!(d("2020-02-01").months_until(d("2020-01-31")), None);
    }

    #[test]
    fn unix_days_round_trip() {
        assert_eq!(Date::from_unix_days(0), Date::new(1970, 1, 1));
        assert_eq!(Date::from_unix_days(19_723), Date::new(2024, 1, 1));
        assert_eq!(Date::from_unix_days(19_782), Date::new(2024, 2, 29));
        let epoch = d("1970-01-01").day_number();
        for days in (-200_000..400_000).step_by(997) {
            let date = Date::from_unix_days(days).unwrap();
            assert_eq!(date.day_number() - epoch, days, "{date}");
        }
    }

    #[test]
    fn date_times_order_in_utc() {
        let a = DateTime::parse("2024-03-01T10:00:00+02:00").unwrap();
        let b = DateTime::parse("2024-03-01T09:00:00Z").unwrap();
        assert!(a.seconds < b.seconds);
        assert!(DateTime::parse("2024-03").is_some());
        assert!(DateTime::parse("2024-03-01T10:00:00.123Z").is_some());
        for bad in [
            "2024-03-01T10:00",
            "2024-03T10:00:00Z",
            "2024-03-01T25:00:00Z",
            "x",
        ] {
            assert_eq!(DateTime::parse(bad), None, "{bad}");
        }
    }
}
