//! `#[serde(with = "…")]` modules that write chrono and time values as
//! `<dateTime.iso8601>` (a plain `Serialize` of theirs writes a
//! `<string>`), and read them back from one.
//!
//! | field type | module |
//! |---|---|
//! | `chrono::NaiveDateTime` | [`chrono_naive`] (`…::option` for `Option<…>`) |
//! | `chrono::DateTime<FixedOffset>` | [`chrono_fixed`] |
//! | `time::PrimitiveDateTime` | [`time_primitive`] |
//! | `time::OffsetDateTime` | [`time_offset`] |
//!
//! Each needs its feature (`chrono`, `time`). A value that cannot be an
//! XML-RPC dateTime (a year past 9999, an offset in seconds) is an error,
//! never truncated; reading a dateTime with an offset into a naive type is
//! an error too (read it into the offset type).
//!
//! ```
//! # #[cfg(feature = "chrono")] {
//! use chrono::NaiveDateTime;
//! use serde::{Deserialize, Serialize};
//! use xmlrpc_core::{from_value, to_value, Value};
//!
//! #[derive(Debug, PartialEq, Serialize, Deserialize)]
//! struct Meeting {
//!     #[serde(with = "xmlrpc_core::as_datetime::chrono_naive")]
//!     at: NaiveDateTime,
//!     #[serde(with = "xmlrpc_core::as_datetime::chrono_naive::option")]
//!     ends: Option<NaiveDateTime>,
//! }
//!
//! let at = NaiveDateTime::parse_from_str("1998-07-17 14:08:55", "%Y-%m-%d %H:%M:%S").unwrap();
//! let meeting = Meeting { at, ends: None };
//! let value = to_value(&meeting)?;
//! let members = value.as_struct().unwrap();
//! assert!(matches!(members.get("at"), Some(Value::DateTime(_))));
//! assert_eq!(members.get("ends"), Some(&Value::Nil));
//! assert_eq!(from_value::<Meeting>(value)?, meeting);
//! # }
//! # Ok::<(), xmlrpc_core::ConvertError>(())
//! ```

// Each module is `serialize`/`deserialize` plus an `option` module, for
// one date type: written once.
macro_rules! as_datetime {
    ($(#[$doc:meta])* $module:ident, $feature:literal, $ty:ty) => {
        $(#[$doc])*
        #[cfg(feature = $feature)]
        pub mod $module {
            use serde::{Deserialize as _, Deserializer, Serialize as _, Serializer};
            use serde::de::Error as _;
            use serde::ser::Error as _;

            use crate::DateTime;

            /// Writes `v` as a dateTime.
            ///
            /// # Errors
            ///
            /// When `v` cannot be an XML-RPC dateTime.
            pub fn serialize<S: Serializer>(v: &$ty, s: S) -> Result<S::Ok, S::Error> {
                DateTime::try_from(v.clone())
                    .map_err(S::Error::custom)?
                    .serialize(s)
            }

            /// Reads a dateTime.
            ///
            /// # Errors
            ///
            /// When the value is not a dateTime this type can hold.
            pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
                <$ty>::try_from(DateTime::deserialize(d)?).map_err(D::Error::custom)
            }

            /// The same for an `Option`: `None` is `<nil/>`.
            pub mod option {
                use serde::{Deserialize as _, Deserializer, Serializer};

                use crate::DateTime;

                /// Writes `v` as a dateTime, or `<nil/>`.
                ///
                /// # Errors
                ///
                /// When `v` cannot be an XML-RPC dateTime.
                pub fn serialize<S: Serializer>(v: &Option<$ty>, s: S) -> Result<S::Ok, S::Error> {
                    match v {
                        Some(v) => super::serialize(v, s),
                        None => s.serialize_none(),
                    }
                }

                /// Reads a dateTime, or `<nil/>` as `None`.
                ///
                /// # Errors
                ///
                /// When the value is neither.
                pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<$ty>, D::Error> {
                    use serde::de::Error as _;
                    Option::<DateTime>::deserialize(d)?
                        .map(<$ty>::try_from)
                        .transpose()
                        .map_err(D::Error::custom)
                }
            }
        }
    };
}

as_datetime!(
    /// `chrono::NaiveDateTime` as a dateTime without offset.
    chrono_naive, "chrono", chrono::NaiveDateTime
);
as_datetime!(
    /// `chrono::DateTime<FixedOffset>` as a dateTime with its offset.
    chrono_fixed, "chrono", chrono::DateTime<chrono::FixedOffset>
);
as_datetime!(
    /// `time::PrimitiveDateTime` as a dateTime without offset.
    time_primitive, "time", time::PrimitiveDateTime
);
as_datetime!(
    /// `time::OffsetDateTime` as a dateTime with its offset.
    time_offset, "time", time::OffsetDateTime
);
