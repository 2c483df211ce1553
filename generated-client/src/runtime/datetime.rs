//! `Date` and `DateTime`: the calendar types for the spec's `format: date` / `format: date-time`.
//! They parse every layout Altegio sends side by side and serialize in one canonical shape.

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, Offset, Utc};
use serde::de::{self, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Re-exported so callers can build offsets and dates with the exact chrono version used here.
pub use chrono;

/// What the server has been seen to send for dates-with-time, in the order they are tried
/// (most frequent first). `%.f` and `%#z` are optional/permissive in chrono's parser, so one
/// pattern covers fractional seconds, `Z`, `+05:00`, `+0500` and `+05`.
const OFFSET_FORMATS: [&str; 4] = [
    "%Y-%m-%dT%H:%M:%S%.f%#z",
    "%Y-%m-%d %H:%M:%S%.f%#z",
    "%Y-%m-%dT%H:%M%#z",
    "%Y-%m-%d %H:%M%#z",
];
const NAIVE_FORMATS: [&str; 4] = [
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
];
const DATE_FORMAT: &str = "%Y-%m-%d";
const NAIVE_DISPLAY: &str = "%Y-%m-%d %H:%M:%S%.f";

const EXPECTED_DATE: &str = "a date as YYYY-MM-DD (a date-time is accepted and its date kept)";
const EXPECTED_DATE_TIME: &str = "a date-time as RFC 3339, YYYY-MM-DD HH:MM[:SS][±HH[:]MM], \
     YYYY-MM-DD or a unix timestamp in seconds";

/// A string that is not a date or date-time in any accepted layout.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what} {input:?}: expected {expected}")]
pub struct ParseError {
    what: &'static str,
    input: String,
    expected: &'static str,
}

impl ParseError {
    fn date(input: &str) -> Self {
        Self {
            what: "date",
            input: input.to_owned(),
            expected: EXPECTED_DATE,
        }
    }

    fn date_time(input: &str) -> Self {
        Self {
            what: "date-time",
            input: input.to_owned(),
            expected: EXPECTED_DATE_TIME,
        }
    }

    /// The text that failed to parse.
    pub fn input(&self) -> &str {
        &self.input
    }
}

/// A calendar date without time zone (`format: date`); serialized as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(NaiveDate);

impl Date {
    /// The date for `year`-`month`-`day`, or `None` if no such day exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, day).map(Self)
    }

    /// The underlying chrono date.
    pub fn naive(&self) -> NaiveDate {
        self.0
    }
}

impl Deref for Date {
    type Target = NaiveDate;

    fn deref(&self) -> &NaiveDate {
        &self.0
    }
}

impl From<NaiveDate> for Date {
    fn from(date: NaiveDate) -> Self {
        Self(date)
    }
}

impl From<Date> for NaiveDate {
    fn from(date: Date) -> Self {
        date.0
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format(DATE_FORMAT))
    }
}

impl FromStr for Date {
    type Err = ParseError;

    /// Accepts `YYYY-MM-DD`, or any date-time layout `DateTime` accepts (its local date is kept,
    /// because fields typed as dates sometimes arrive with a midnight time attached).
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let trimmed = s.trim();
        if let Ok(date) = NaiveDate::parse_from_str(trimmed, DATE_FORMAT) {
            return Ok(Self(date));
        }
        trimmed
            .parse::<DateTime>()
            .map(|dt| Self(dt.local.date()))
            .map_err(|_| ParseError::date(s))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(FromStrVisitor::<Date>::new(EXPECTED_DATE))
    }
}

/// A date-time (`format: date-time`) that remembers whether the server said which offset it
/// is in. Altegio mixes `2026-04-20 18:30:00` (company-local, no zone) with RFC 3339, so the
/// offset is optional rather than guessed.
///
/// Equality compares the wall-clock time and the offset, not the instant: `12:00+00:00` and
/// `14:00+02:00` are different values. Use [`DateTime::to_fixed`] to compare instants.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct DateTime {
    local: NaiveDateTime,
    offset: Option<FixedOffset>,
}

impl DateTime {
    /// A wall-clock time, optionally with the offset it is in.
    pub fn new(local: NaiveDateTime, offset: Option<FixedOffset>) -> Self {
        Self { local, offset }
    }

    /// The instant `secs` seconds after the unix epoch, in UTC; `None` if out of chrono's range.
    pub fn from_timestamp(secs: i64) -> Option<Self> {
        chrono::DateTime::<Utc>::from_timestamp(secs, 0).map(Self::from)
    }

    /// The wall-clock time as sent (in `offset()` if there is one).
    pub fn naive_local(&self) -> NaiveDateTime {
        self.local
    }

    /// The offset the server stated, if it stated one.
    pub fn offset(&self) -> Option<FixedOffset> {
        self.offset
    }

    /// The zoned date-time, when the offset is known.
    pub fn to_fixed(&self) -> Option<chrono::DateTime<FixedOffset>> {
        let offset = self.offset?;
        self.local.and_local_timezone(offset).single()
    }

    /// The same wall-clock time, read as being in `offset` (e.g. the company's time zone for
    /// the zone-less `YYYY-MM-DD HH:MM:SS` values); replaces any offset already present.
    pub fn and_offset(self, offset: FixedOffset) -> Self {
        Self {
            local: self.local,
            offset: Some(offset),
        }
    }
}

impl From<NaiveDateTime> for DateTime {
    fn from(local: NaiveDateTime) -> Self {
        Self {
            local,
            offset: None,
        }
    }
}

impl From<chrono::DateTime<FixedOffset>> for DateTime {
    fn from(dt: chrono::DateTime<FixedOffset>) -> Self {
        Self {
            local: dt.naive_local(),
            offset: Some(*dt.offset()),
        }
    }
}

impl From<chrono::DateTime<Utc>> for DateTime {
    fn from(dt: chrono::DateTime<Utc>) -> Self {
        Self {
            local: dt.naive_utc(),
            offset: Some(Utc.fix()),
        }
    }
}

impl fmt::Display for DateTime {
    /// RFC 3339 when the offset is known, else `YYYY-MM-DD HH:MM:SS` (the server's zone-less
    /// layout); fractional seconds only when non-zero, so values round-trip unchanged.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_fixed() {
            Some(zoned) => {
                f.write_str(&zoned.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false))
            }
            None => write!(f, "{}", self.local.format(NAIVE_DISPLAY)),
        }
    }
}

impl FromStr for DateTime {
    type Err = ParseError;

    /// Accepts RFC 3339 (`T` or space, `Z`, `±HH:MM`, `±HHMM`, fractional seconds), the same
    /// without an offset, minutes-only times, and a bare `YYYY-MM-DD` (midnight).
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let trimmed = s.trim();
        let zoned = OFFSET_FORMATS
            .iter()
            .find_map(|fmt| chrono::DateTime::parse_from_str(trimmed, fmt).ok())
            .map(Self::from);
        let naive = || {
            NAIVE_FORMATS
                .iter()
                .find_map(|fmt| NaiveDateTime::parse_from_str(trimmed, fmt).ok())
                .or_else(|| {
                    NaiveDate::parse_from_str(trimmed, DATE_FORMAT)
                        .ok()
                        .map(|d| d.and_time(chrono::NaiveTime::MIN))
                })
                .map(Self::from)
        };
        zoned.or_else(naive).ok_or_else(|| ParseError::date_time(s))
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    /// Strings in any accepted layout, or an integer unix timestamp (seconds, UTC).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FromStrVisitor::<DateTime>::new(EXPECTED_DATE_TIME))
    }
}

/// Turns a string into `T` through `FromStr`; for `DateTime` it also takes timestamps.
struct FromStrVisitor<T> {
    expecting: &'static str,
    marker: std::marker::PhantomData<T>,
}

impl<T> FromStrVisitor<T> {
    fn new(expecting: &'static str) -> Self {
        Self {
            expecting,
            marker: std::marker::PhantomData,
        }
    }
}

/// Which numbers a calendar type accepts as unix timestamps (none, for dates).
trait FromTimestamp: Sized {
    fn from_timestamp_secs(secs: i64) -> Option<Self>;
}

impl FromTimestamp for Date {
    fn from_timestamp_secs(_: i64) -> Option<Self> {
        None
    }
}

impl FromTimestamp for DateTime {
    fn from_timestamp_secs(secs: i64) -> Option<Self> {
        Self::from_timestamp(secs)
    }
}

impl<T> Visitor<'_> for FromStrVisitor<T>
where
    T: FromStr<Err = ParseError> + FromTimestamp,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        T::from_timestamp_secs(v).ok_or_else(|| E::invalid_value(Unexpected::Signed(v), &self))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        i64::try_from(v)
            .ok()
            .and_then(T::from_timestamp_secs)
            .ok_or_else(|| E::invalid_value(Unexpected::Unsigned(v), &self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").unwrap()
    }

    fn east(hours: i32) -> FixedOffset {
        FixedOffset::east_opt(hours * 3600).unwrap()
    }

    #[test]
    fn parses_the_three_server_layouts() {
        let plain: DateTime = "2026-04-20 18:30:00".parse().unwrap();
        assert_eq!(plain, DateTime::new(naive("2026-04-20 18:30:00"), None));

        let rfc: DateTime = "2026-04-20T18:30:00+05:00".parse().unwrap();
        assert_eq!(
            rfc,
            DateTime::new(naive("2026-04-20 18:30:00"), Some(east(5)))
        );

        let no_colon: DateTime = "2026-04-20T12:36:27+0500".parse().unwrap();
        assert_eq!(
            no_colon,
            DateTime::new(naive("2026-04-20 12:36:27"), Some(east(5)))
        );
    }

    #[test]
    fn parses_the_other_tolerated_layouts() {
        let cases = [
            ("2026-04-20T18:30:00Z", "2026-04-20 18:30:00", Some(0)),
            (
                "2026-04-20T18:30:00.250-03:00",
                "2026-04-20 18:30:00.25",
                Some(-3),
            ),
            ("2026-04-20 18:30:00+05", "2026-04-20 18:30:00", Some(5)),
            ("2026-04-20T18:30:00", "2026-04-20 18:30:00", None),
            ("2026-04-20 18:30", "2026-04-20 18:30:00", None),
            ("2026-04-20T18:30", "2026-04-20 18:30:00", None),
            (
                "2026-04-20 18:30:00.123456",
                "2026-04-20 18:30:00.123456",
                None,
            ),
            ("2026-04-20", "2026-04-20 00:00:00", None),
            ("  2026-04-20 18:30:00 ", "2026-04-20 18:30:00", None),
        ];
        for (input, local, hours) in cases {
            let parsed: DateTime = input.parse().unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(parsed.naive_local(), naive(local), "{input}");
            assert_eq!(parsed.offset(), hours.map(east), "{input}");
        }
    }

    #[test]
    fn rejects_garbage_with_the_input_in_the_message() {
        for bad in [
            "",
            "abc",
            "2026-13-01",
            "2026-04-20 25:00:00",
            "20/04/2026",
            "0000-00-00",
        ] {
            let err = bad.parse::<DateTime>().unwrap_err();
            assert_eq!(err.input(), bad);
            let msg = err.to_string();
            assert!(
                msg.contains(&format!("{bad:?}")) && msg.contains("date-time"),
                "{msg}"
            );
        }
        let err = "2026-02-30".parse::<Date>().unwrap_err();
        assert!(
            err.to_string().starts_with("invalid date \"2026-02-30\""),
            "{err}"
        );
    }

    #[test]
    fn displays_rfc3339_with_offset_and_server_layout_without() {
        let cases = [
            ("2026-04-20T12:36:27+0500", "2026-04-20T12:36:27+05:00"),
            ("2026-04-20T18:30:00Z", "2026-04-20T18:30:00+00:00"),
            ("2026-04-20 18:30:00", "2026-04-20 18:30:00"),
            ("2026-04-20 18:30", "2026-04-20 18:30:00"),
            ("2026-04-20T18:30:00.5", "2026-04-20 18:30:00.500"),
            ("2026-04-20", "2026-04-20 00:00:00"),
        ];
        for (input, shown) in cases {
            let dt: DateTime = input.parse().unwrap();
            assert_eq!(dt.to_string(), shown, "{input}");
            assert_eq!(serde_json::to_value(dt).unwrap(), serde_json::json!(shown));
            assert_eq!(
                shown.parse::<DateTime>().unwrap(),
                dt,
                "round trip of {input}"
            );
        }
    }

    #[test]
    fn offsets_and_conversions() {
        let plain: DateTime = "2026-04-20 18:30:00".parse().unwrap();
        assert_eq!(plain.to_fixed(), None);
        let zoned = plain.and_offset(east(5));
        assert_eq!(zoned.naive_local(), plain.naive_local());
        let fixed = zoned.to_fixed().unwrap();
        assert_eq!(fixed.to_rfc3339(), "2026-04-20T18:30:00+05:00");
        assert_eq!(fixed.naive_utc(), naive("2026-04-20 13:30:00"));
        assert_eq!(DateTime::from(fixed), zoned);
        assert_eq!(DateTime::from(naive("2026-04-20 18:30:00")), plain);

        assert_eq!(
            DateTime::default(),
            DateTime::new(naive("1970-01-01 00:00:00"), None)
        );
        let epoch = DateTime::from_timestamp(0).unwrap();
        assert_eq!(epoch.to_string(), "1970-01-01T00:00:00+00:00");
    }

    #[test]
    fn deserializes_strings_and_unix_timestamps_even_inside_vectors() {
        let got: Vec<DateTime> = serde_json::from_value(serde_json::json!([
            "2026-04-20 18:30:00",
            "2026-04-20T18:30:00+05:00",
            1_776_709_800,
        ]))
        .unwrap();
        assert_eq!(got[0], DateTime::new(naive("2026-04-20 18:30:00"), None));
        assert_eq!(got[1].offset(), Some(east(5)));
        assert_eq!(
            got[2],
            DateTime::new(naive("2026-04-20 18:30:00"), Some(east(0)))
        );

        let err = serde_json::from_str::<DateTime>("true")
            .unwrap_err()
            .to_string();
        assert!(err.contains("invalid type: boolean `true`"), "{err}");
        let err = serde_json::from_str::<DateTime>("\"soon\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains("\"soon\""), "{err}");
        let err = serde_json::from_str::<DateTime>("18446744073709551615")
            .unwrap_err()
            .to_string();
        assert!(err.contains("18446744073709551615"), "{err}");
    }

    #[test]
    fn dates_parse_display_and_keep_the_date_of_a_date_time() {
        let d: Date = "2026-04-20".parse().unwrap();
        assert_eq!(d, Date::from_ymd(2026, 4, 20).unwrap());
        assert_eq!(d.to_string(), "2026-04-20");
        assert_eq!(d.naive(), NaiveDate::from_ymd_opt(2026, 4, 20).unwrap());
        assert_eq!(
            d.format("%d.%m.%Y").to_string(),
            "20.04.2026",
            "Deref reaches NaiveDate"
        );
        assert_eq!(NaiveDate::from(d), d.naive());
        assert_eq!(Date::from(d.naive()), d);

        for input in [
            "2026-04-20 23:59:59",
            "2026-04-20T23:30:00+05:00",
            " 2026-04-20 ",
        ] {
            assert_eq!(input.parse::<Date>().unwrap(), d, "{input}");
        }
        assert_eq!(Date::default().to_string(), "1970-01-01");
        assert_eq!(Date::from_ymd(2026, 2, 30), None);

        let json: Vec<Date> =
            serde_json::from_str(r#"["2026-04-20", "2026-04-20 10:00:00"]"#).unwrap();
        assert_eq!(json, vec![d, d]);
        assert_eq!(serde_json::to_string(&d).unwrap(), r#""2026-04-20""#);
        let err = serde_json::from_str::<Date>("20260420")
            .unwrap_err()
            .to_string();
        assert!(err.contains("invalid type: integer `20260420`"), "{err}");
    }
}
