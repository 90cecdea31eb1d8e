//! `dateTime.iso8601` values.
//!
//! The parser is written here on purpose. XML-RPC's form
//! (`19980717T14:08:55`, basic date with extended time) and the variants
//! peers send are not ISO 8601 profiles that chrono's or time's parsers
//! accept as one format. Those crates are optional features here, so that a
//! user who needs neither does not build them. What is accepted is listed
//! on [`DateTime`] and tested form by form.

use std::fmt;
use std::str::FromStr;

#[cfg(feature = "chrono")]
mod chrono;
#[cfg(feature = "time")]
mod time;

/// An XML-RPC `dateTime.iso8601` value.
///
/// The specification's form is `YYYYMMDDTHH:MM:SS` with no time zone, and
/// that is what [`Display`](fmt::Display) writes for such a value. Real peers
/// also send `1998-07-17T14:08:55`, `19980717T140855`, fractional seconds and
/// a `Z` or `±HH:MM` offset; all of these are read, and what was read is kept:
/// a value that carries a fraction or an offset writes them back
/// (`19980717T14:08:55.25+02:00`) instead of silently dropping them.
///
/// ```
/// use xmlrpc_core::DateTime;
///
/// let dt: DateTime = "1998-07-17T14:08:55".parse()?;
/// assert_eq!(dt.to_string(), "19980717T14:08:55");
/// assert_eq!((dt.year(), dt.month(), dt.day()), (1998, 7, 17));
///
/// let precise: DateTime = "19980717T14:08:55.250+02:00".parse()?;
/// assert_eq!(precise.nanosecond(), 250_000_000);
/// assert_eq!(precise.offset_minutes(), Some(120));
/// assert_eq!(precise.to_string(), "19980717T14:08:55.25+02:00");
///
/// assert!("19980230T00:00:00".parse::<DateTime>().is_err()); // no 30 February
/// # Ok::<(), xmlrpc_core::DateTimeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    nanosecond: u32,
    offset_minutes: Option<i16>,
}

/// Why a date and time was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid dateTime.iso8601 `{text}`: {reason}")]
pub struct DateTimeError {
    text: String,
    reason: &'static str,
}

impl DateTimeError {
    fn new(text: impl Into<String>, reason: &'static str) -> Self {
        Self {
            text: text.into(),
            reason,
        }
    }
}

impl DateTime {
    /// A date and time with no fraction and no time zone, checked to be a
    /// real calendar date (years 0 to 9999) and time (seconds 0 to 59).
    ///
    /// # Errors
    ///
    /// When any field is out of range, or the day does not exist in that
    /// month.
    pub fn new(
        year: u16,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
    ) -> Result<Self, DateTimeError> {
        let dt = Self {
            year,
            month,
            day,
            hour,
            minute,
            second,
            nanosecond: 0,
            offset_minutes: None,
        };
        dt.check().map_err(|reason| {
            DateTimeError::new(
                format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}"),
                reason,
            )
        })?;
        Ok(dt)
    }

    /// The same instant label with a fraction of a second.
    ///
    /// # Errors
    ///
    /// When `nanosecond` is not below one second.
    pub fn with_nanosecond(mut self, nanosecond: u32) -> Result<Self, DateTimeError> {
        if nanosecond >= 1_000_000_000 {
            return Err(DateTimeError::new(
                nanosecond.to_string(),
                "nanosecond out of range",
            ));
        }
        self.nanosecond = nanosecond;
        Ok(self)
    }

    /// The same label with a time zone offset from UTC in minutes
    /// (`Some(0)` is written `Z`), or none.
    ///
    /// # Errors
    ///
    /// When the offset is a day or more.
    pub fn with_offset_minutes(mut self, offset: Option<i32>) -> Result<Self, DateTimeError> {
        self.offset_minutes = match offset {
            None => None,
            // `unsigned_abs`: `i16::MIN.abs()` overflows, and in release
            // wrapped to a negative number that passed.
            Some(m) => match i16::try_from(m) {
                Ok(m) if m.unsigned_abs() < 24 * 60 => Some(m),
                _ => return Err(DateTimeError::new(m.to_string(), "offset out of range")),
            },
        };
        Ok(self)
    }

    /// The ISO 8601 extended form that other libraries read:
    /// `1998-07-17T14:08:55`, with the fraction and the offset when the
    /// value has them (`1998-07-17T14:08:55.5+02:00`, `…Z`). chrono's
    /// `NaiveDateTime` and `DateTime<FixedOffset>` parse it, and so do
    /// `time`'s ISO 8601 and RFC 3339 formats; [`from_value`](crate::from_value)
    /// offers it to a type that reads a dateTime as text.
    ///
    /// ```
    /// use xmlrpc_core::DateTime;
    /// let dt = DateTime::parse("19980717T14:08:55.25+02:00")?;
    /// assert_eq!(dt.to_iso8601_extended(), "1998-07-17T14:08:55.25+02:00");
    /// # Ok::<(), xmlrpc_core::DateTimeError>(())
    /// ```
    #[must_use]
    pub fn to_iso8601_extended(&self) -> String {
        let basic = self.to_string();
        // `YYYYMMDDTHH:MM:SS…` → `YYYY-MM-DDTHH:MM:SS…`
        format!("{}-{}-{}", &basic[..4], &basic[4..6], &basic[6..])
    }

    /// The UTC date and time `seconds` after 1970-01-01T00:00:00, with no
    /// time zone written (the canonical XML-RPC form).
    ///
    /// ```
    /// use xmlrpc_core::DateTime;
    /// let dt = DateTime::from_unix_timestamp(900_684_535)?;
    /// assert_eq!(dt.to_string(), "19980717T14:08:55");
    /// assert_eq!(dt.to_unix_timestamp(), 900_684_535);
    /// # Ok::<(), xmlrpc_core::DateTimeError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// When the date falls outside the years 0 to 9999.
    pub fn from_unix_timestamp(seconds: i64) -> Result<Self, DateTimeError> {
        let days = seconds.div_euclid(86_400);
        let secs = seconds.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let out_of_range = || DateTimeError::new(seconds.to_string(), "year out of range");
        let year = u16::try_from(y).map_err(|_| out_of_range())?;
        if year > 9999 {
            return Err(out_of_range());
        }
        // `secs` is below 86 400, so each part fits in a u8.
        let part = |v: i64| u8::try_from(v).map_err(|_| out_of_range());
        Self::new(
            year,
            m,
            d,
            part(secs / 3600)?,
            part(secs / 60 % 60)?,
            part(secs % 60)?,
        )
    }

    /// The current UTC time, to the second, in the canonical form.
    #[must_use]
    pub fn now_utc() -> Self {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        Self::from_unix_timestamp(secs).unwrap_or(Self::EPOCH)
    }

    const EPOCH: Self = Self {
        year: 1970,
        month: 1,
        day: 1,
        hour: 0,
        minute: 0,
        second: 0,
        nanosecond: 0,
        offset_minutes: None,
    };

    /// Seconds since 1970-01-01T00:00:00 UTC; a value without a time zone is
    /// taken as UTC, and the fraction is dropped.
    #[must_use]
    pub fn to_unix_timestamp(&self) -> i64 {
        let days = days_from_civil(i64::from(self.year), self.month, self.day);
        let secs = days * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second);
        secs - i64::from(self.offset_minutes.unwrap_or(0)) * 60
    }

    /// The year, 0 to 9999.
    #[must_use]
    pub fn year(&self) -> u16 {
        self.year
    }
    /// The month, 1 to 12.
    #[must_use]
    pub fn month(&self) -> u8 {
        self.month
    }
    /// The day of the month, from 1.
    #[must_use]
    pub fn day(&self) -> u8 {
        self.day
    }
    /// The hour, 0 to 23.
    #[must_use]
    pub fn hour(&self) -> u8 {
        self.hour
    }
    /// The minute, 0 to 59.
    #[must_use]
    pub fn minute(&self) -> u8 {
        self.minute
    }
    /// The second, 0 to 59.
    #[must_use]
    pub fn second(&self) -> u8 {
        self.second
    }
    /// The fraction of the second, in nanoseconds.
    #[must_use]
    pub fn nanosecond(&self) -> u32 {
        self.nanosecond
    }
    /// The offset from UTC in minutes, if the value carries one.
    #[must_use]
    pub fn offset_minutes(&self) -> Option<i32> {
        self.offset_minutes.map(i32::from)
    }

    fn check(&self) -> Result<(), &'static str> {
        if self.year > 9999 {
            return Err("year out of range");
        }
        if !(1..=12).contains(&self.month) {
            return Err("month out of range");
        }
        if self.day == 0 || self.day > days_in_month(self.year, self.month) {
            return Err("day out of range");
        }
        if self.hour > 23 || self.minute > 59 || self.second > 59 {
            return Err("time out of range");
        }
        Ok(())
    }

    /// Reads every form described on the type.
    ///
    /// # Errors
    ///
    /// When the text has another shape or names no real date and time.
    pub fn parse(text: &str) -> Result<Self, DateTimeError> {
        parse(text.as_bytes()).map_err(|reason| DateTimeError::new(text, reason))
    }
}

impl FromStr for DateTime {
    type Err = DateTimeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for DateTime {
    /// `YYYYMMDDTHH:MM:SS`, then the fraction (without trailing zeros) and
    /// the offset when the value has them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}{:02}{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )?;
        if self.nanosecond != 0 {
            let mut digits = format!("{:09}", self.nanosecond);
            while digits.ends_with('0') {
                digits.pop();
            }
            write!(f, ".{digits}")?;
        }
        match self.offset_minutes {
            None => Ok(()),
            Some(0) => f.write_str("Z"),
            Some(m) => {
                let sign = if m < 0 { '-' } else { '+' };
                let m = m.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", m / 60, m % 60)
            }
        }
    }
}

fn is_leap(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Year, month and day of a day number counted from 1970-01-01 (proleptic
/// Gregorian calendar; the well-known era-based conversion).
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // month is 1..=12 and day 1..=31 by construction.
    (
        year,
        u8::try_from(month).unwrap_or(1),
        u8::try_from(day).unwrap_or(1),
    )
}

/// The inverse of [`civil_from_days`].
fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (i64::from(month) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A cursor over the ASCII text of a date and time.
struct Cursor<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        let hit = self.peek() == Some(c);
        self.pos += usize::from(hit);
        hit
    }

    fn digits(&mut self, n: usize) -> Result<u32, &'static str> {
        let end = self.pos + n;
        let part = self.s.get(self.pos..end).ok_or("too short")?;
        if !part.iter().all(u8::is_ascii_digit) {
            return Err("expected a digit");
        }
        self.pos = end;
        Ok(part
            .iter()
            .fold(0, |acc, &d| acc * 10 + u32::from(d - b'0')))
    }
}

fn narrow<T: TryFrom<u32>>(v: u32) -> Result<T, &'static str> {
    T::try_from(v).map_err(|_| "field out of range")
}

fn parse(s: &[u8]) -> Result<DateTime, &'static str> {
    let mut c = Cursor { s, pos: 0 };
    let year = c.digits(4)?;
    let extended = c.eat(b'-');
    let month = c.digits(2)?;
    if extended && !c.eat(b'-') {
        return Err("expected `-` between month and day");
    }
    let day = c.digits(2)?;
    if !c.eat(b'T') {
        return Err("expected `T` between date and time");
    }
    let hour = c.digits(2)?;
    let colons = c.eat(b':');
    let minute = c.digits(2)?;
    if colons && !c.eat(b':') {
        return Err("expected `:` between minute and second");
    }
    let second = c.digits(2)?;
    let mut nanosecond = 0;
    if c.eat(b'.') || c.eat(b',') {
        let start = c.pos;
        while c.peek().is_some_and(|b| b.is_ascii_digit()) {
            c.pos += 1;
        }
        let n = c.pos - start;
        if n == 0 || n > 9 {
            return Err("fraction must have 1 to 9 digits");
        }
        c.pos = start;
        nanosecond = c.digits(n)? * 10u32.pow(u32::try_from(9 - n).unwrap_or(0));
    }
    let offset = match c.peek() {
        None => None,
        Some(b'Z' | b'z') => {
            c.pos += 1;
            Some(0)
        }
        Some(sign @ (b'+' | b'-')) => {
            c.pos += 1;
            let h = c.digits(2)?;
            let m = if c.peek().is_none() {
                0
            } else {
                c.eat(b':');
                c.digits(2)?
            };
            if h > 23 || m > 59 {
                return Err("offset out of range");
            }
            let total = i32::try_from(h * 60 + m).map_err(|_| "offset out of range")?;
            Some(if sign == b'-' { -total } else { total })
        }
        Some(_) => return Err("unexpected character"),
    };
    if c.pos != s.len() {
        return Err("unexpected trailing characters");
    }
    let dt = DateTime {
        year: narrow(year)?,
        month: narrow(month)?,
        day: narrow(day)?,
        hour: narrow(hour)?,
        minute: narrow(minute)?,
        second: narrow(second)?,
        nanosecond,
        offset_minutes: offset.map(narrow_offset),
    };
    dt.check()?;
    Ok(dt)
}

fn narrow_offset(m: i32) -> i16 {
    // Offsets are checked to be under 24 hours before this is called.
    i16::try_from(m).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_form_and_keeps_what_it_read() {
        let canonical = "19980717T14:08:55";
        for text in [
            canonical,
            "1998-07-17T14:08:55",
            "19980717T140855",
            "1998-07-17T140855",
        ] {
            assert_eq!(DateTime::parse(text).unwrap().to_string(), canonical);
        }
        let cases = [
            ("19980717T14:08:55.5", "19980717T14:08:55.5"),
            ("19980717T14:08:55,123456789", "19980717T14:08:55.123456789"),
            ("19980717T14:08:55Z", "19980717T14:08:55Z"),
            ("1998-07-17T14:08:55+02:00", "19980717T14:08:55+02:00"),
            ("1998-07-17T14:08:55-0530", "19980717T14:08:55-05:30"),
            ("1998-07-17T14:08:55+01", "19980717T14:08:55+01:00"),
            ("20000229T00:00:00", "20000229T00:00:00"),
        ];
        for (text, written) in cases {
            assert_eq!(
                DateTime::parse(text).unwrap().to_string(),
                written,
                "{text}"
            );
        }
    }

    #[test]
    fn refuses_impossible_or_malformed_values() {
        for text in [
            "",
            "1998071714:08:55",
            "19981317T14:08:55",
            "19980732T14:08:55",
            "19990229T00:00:00",
            "21000229T00:00:00",
            "19980717T24:00:00",
            "19980717T14:60:00",
            "19980717T14:08:60",
            "19980717T14:08:55.",
            "19980717T14:08:55.1234567890",
            "19980717T14:08:55+24:00",
            "19980717T14:08:55 ",
            "1998-0717T14:08:55",
            "19980717T14:0855",
            "١٩٩٨0717T14:08:55",
        ] {
            assert!(DateTime::parse(text).is_err(), "{text:?} was accepted");
        }
    }

    #[test]
    fn unix_time_matches_the_calendar_across_eras() {
        for (secs, text) in [
            (0, "19700101T00:00:00"),
            (951_782_400, "20000229T00:00:00"),
            (-62_167_219_200, "00000101T00:00:00"),
            (253_402_300_799, "99991231T23:59:59"),
            (-1, "19691231T23:59:59"),
        ] {
            let dt = DateTime::from_unix_timestamp(secs).unwrap();
            assert_eq!(dt.to_string(), text);
            assert_eq!(dt.to_unix_timestamp(), secs);
        }
        assert!(DateTime::from_unix_timestamp(253_402_300_800).is_err());
        assert!(DateTime::from_unix_timestamp(-62_167_219_201).is_err());
    }

    #[test]
    fn offsets_are_checked_when_set_as_the_reader_checks_them() {
        let dt = DateTime::new(2026, 11, 26, 9, 0, 0).unwrap();
        for bad in [i32::from(i16::MIN), -1440, 1440, 100_000, i32::MIN] {
            assert!(dt.with_offset_minutes(Some(bad)).is_err(), "{bad}");
        }
        for good in [-1439, -1, 0, 1, 1439] {
            let with = dt.with_offset_minutes(Some(good)).unwrap();
            let again = DateTime::parse(&with.to_string()).unwrap();
            assert_eq!(again.offset_minutes(), Some(good), "{with}");
        }
    }

    #[test]
    fn offset_shifts_the_timestamp() {
        let local = DateTime::parse("19700101T02:00:00+02:00").unwrap();
        assert_eq!(local.to_unix_timestamp(), 0);
    }
}
