//! Conversions with chrono (feature `chrono`).
//!
//! A naive chrono value maps to a [`DateTime`] without offset (the
//! canonical XML-RPC form) and back; a `chrono::DateTime<FixedOffset>` maps
//! to one with an offset. A conversion that would drop information (an
//! offset into a naive value, a year outside 0 to 9999, a leap second) is
//! an error.

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveDateTime, Timelike};

use super::{DateTime, DateTimeError};

impl TryFrom<NaiveDateTime> for DateTime {
    type Error = DateTimeError;

    fn try_from(v: NaiveDateTime) -> Result<Self, DateTimeError> {
        let year = u16::try_from(v.year())
            .map_err(|_| DateTimeError::new(v.to_string(), "year out of range"))?;
        let narrow = |n: u32| {
            u8::try_from(n).map_err(|_| DateTimeError::new(v.to_string(), "field out of range"))
        };
        Self::new(
            year,
            narrow(v.month())?,
            narrow(v.day())?,
            narrow(v.hour())?,
            narrow(v.minute())?,
            narrow(v.second())?,
        )?
        .with_nanosecond(v.nanosecond())
    }
}

impl TryFrom<chrono::DateTime<FixedOffset>> for DateTime {
    type Error = DateTimeError;

    fn try_from(v: chrono::DateTime<FixedOffset>) -> Result<Self, DateTimeError> {
        let offset = v.offset().local_minus_utc();
        if offset % 60 != 0 {
            return Err(DateTimeError::new(
                v.to_string(),
                "offset is not whole minutes",
            ));
        }
        Self::try_from(v.naive_local())?.with_offset_minutes(Some(offset / 60))
    }
}

impl TryFrom<DateTime> for NaiveDateTime {
    type Error = DateTimeError;

    /// Fails for a value that carries an offset: use
    /// `chrono::DateTime<FixedOffset>` for those.
    fn try_from(v: DateTime) -> Result<Self, DateTimeError> {
        if v.offset_minutes.is_some() {
            return Err(DateTimeError::new(
                v.to_string(),
                "has an offset; convert to DateTime<FixedOffset>",
            ));
        }
        naive(&v)
    }
}

impl TryFrom<DateTime> for chrono::DateTime<FixedOffset> {
    type Error = DateTimeError;

    /// Fails for a value without an offset: its time zone is unknown.
    fn try_from(v: DateTime) -> Result<Self, DateTimeError> {
        let minutes = v.offset_minutes().ok_or_else(|| {
            DateTimeError::new(v.to_string(), "has no offset; convert to NaiveDateTime")
        })?;
        let offset = FixedOffset::east_opt(minutes * 60)
            .ok_or_else(|| DateTimeError::new(v.to_string(), "offset out of range"))?;
        naive(&v)?
            .and_local_timezone(offset)
            .single()
            .ok_or_else(|| DateTimeError::new(v.to_string(), "not a single instant"))
    }
}

fn naive(v: &DateTime) -> Result<NaiveDateTime, DateTimeError> {
    NaiveDate::from_ymd_opt(i32::from(v.year), u32::from(v.month), u32::from(v.day))
        .and_then(|d| {
            d.and_hms_nano_opt(
                u32::from(v.hour),
                u32::from(v.minute),
                u32::from(v.second),
                v.nanosecond,
            )
        })
        .ok_or_else(|| DateTimeError::new(v.to_string(), "not representable in chrono"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naive_values_round_trip_without_loss() {
        let dt = DateTime::parse("19980717T14:08:55.123").unwrap();
        let n = NaiveDateTime::try_from(dt).unwrap();
        assert_eq!(n.to_string(), "1998-07-17 14:08:55.123");
        assert_eq!(DateTime::try_from(n).unwrap(), dt);
    }

    #[test]
    fn offsets_map_to_fixed_offset_and_are_never_dropped() {
        let dt = DateTime::parse("1998-07-17T14:08:55+02:00").unwrap();
        assert!(NaiveDateTime::try_from(dt).is_err());
        let fixed = chrono::DateTime::<FixedOffset>::try_from(dt).unwrap();
        assert_eq!(fixed.to_rfc3339(), "1998-07-17T14:08:55+02:00");
        assert_eq!(DateTime::try_from(fixed).unwrap(), dt);
        assert_eq!(fixed.timestamp(), dt.to_unix_timestamp());
        assert!(
            chrono::DateTime::<FixedOffset>::try_from(
                DateTime::parse("19980717T14:08:55").unwrap()
            )
            .is_err()
        );
    }

    #[test]
    fn out_of_range_years_are_errors() {
        let far = NaiveDate::from_ymd_opt(10_000, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        assert!(DateTime::try_from(far).is_err());
        let bc = NaiveDate::from_ymd_opt(-1, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        assert!(DateTime::try_from(bc).is_err());
    }

    #[test]
    fn unix_time_agrees_with_chrono() {
        for secs in [
            0_i64,
            951_782_400,
            -62_167_219_200,
            253_402_300_799,
            1_700_000_000,
            -1,
        ] {
            let ours = DateTime::from_unix_timestamp(secs).unwrap();
            let theirs = chrono::DateTime::from_timestamp(secs, 0)
                .unwrap()
                .naive_utc();
            assert_eq!(NaiveDateTime::try_from(ours).unwrap(), theirs);
        }
    }
}
