//! Conversions with the time crate (feature `time`).
//!
//! `time::PlainDateTime` (formerly `PrimitiveDateTime`) maps to a
//! [`DateTime`] without offset, `time::OffsetDateTime` to one with an
//! offset. A conversion that would drop information is an error.

use time::{Date, Month, OffsetDateTime, PlainDateTime, Time, UtcOffset};

use super::{DateTime, DateTimeError};

impl TryFrom<PlainDateTime> for DateTime {
    type Error = DateTimeError;

    fn try_from(v: PlainDateTime) -> Result<Self, DateTimeError> {
        let year = u16::try_from(v.year())
            .map_err(|_| DateTimeError::new(v.to_string(), "year out of range"))?;
        Self::new(
            year,
            u8::from(v.month()),
            v.day(),
            v.hour(),
            v.minute(),
            v.second(),
        )?
        .with_nanosecond(v.nanosecond())
    }
}

impl TryFrom<OffsetDateTime> for DateTime {
    type Error = DateTimeError;

    fn try_from(v: OffsetDateTime) -> Result<Self, DateTimeError> {
        let offset = v.offset().whole_seconds();
        if offset % 60 != 0 {
            return Err(DateTimeError::new(
                v.to_string(),
                "offset is not whole minutes",
            ));
        }
        Self::try_from(PlainDateTime::new(v.date(), v.time()))?
            .with_offset_minutes(Some(offset / 60))
    }
}

impl TryFrom<DateTime> for PlainDateTime {
    type Error = DateTimeError;

    /// Fails for a value that carries an offset: use `OffsetDateTime`.
    fn try_from(v: DateTime) -> Result<Self, DateTimeError> {
        if v.offset_minutes.is_some() {
            return Err(DateTimeError::new(
                v.to_string(),
                "has an offset; convert to OffsetDateTime",
            ));
        }
        plain(&v)
    }
}

impl TryFrom<DateTime> for OffsetDateTime {
    type Error = DateTimeError;

    /// Fails for a value without an offset: its time zone is unknown.
    fn try_from(v: DateTime) -> Result<Self, DateTimeError> {
        let minutes = v.offset_minutes().ok_or_else(|| {
            DateTimeError::new(v.to_string(), "has no offset; convert to PlainDateTime")
        })?;
        let offset = UtcOffset::from_whole_seconds(minutes * 60)
            .map_err(|_| DateTimeError::new(v.to_string(), "offset out of range"))?;
        Ok(plain(&v)?.assume_offset(offset))
    }
}

fn plain(v: &DateTime) -> Result<PlainDateTime, DateTimeError> {
    let err = |_| DateTimeError::new(v.to_string(), "not representable in time");
    let month = Month::try_from(v.month).map_err(err)?;
    let date = Date::from_calendar_date(i32::from(v.year), month, v.day).map_err(err)?;
    let time = Time::from_hms_nano(v.hour, v.minute, v.second, v.nanosecond).map_err(err)?;
    Ok(PlainDateTime::new(date, time))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_values_round_trip_without_loss() {
        let dt = DateTime::parse("20000229T23:59:59.000000001").unwrap();
        let p = PlainDateTime::try_from(dt).unwrap();
        assert_eq!(DateTime::try_from(p).unwrap(), dt);
        assert_eq!(p.nanosecond(), 1);
    }

    #[test]
    fn offsets_map_to_offset_date_time_and_are_never_dropped() {
        let dt = DateTime::parse("1998-07-17T14:08:55-05:30").unwrap();
        assert!(PlainDateTime::try_from(dt).is_err());
        let o = OffsetDateTime::try_from(dt).unwrap();
        assert_eq!(o.unix_timestamp(), dt.to_unix_timestamp());
        assert_eq!(DateTime::try_from(o).unwrap(), dt);
        assert!(OffsetDateTime::try_from(DateTime::parse("19980717T14:08:55").unwrap()).is_err());
    }
}
