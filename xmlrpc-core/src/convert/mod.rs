//! Conversions between [`Value`](crate::Value) and the user's own types,
//! through serde.

mod de;
mod error;
mod impls;
mod probe;
mod ser;

pub use de::from_value;
pub use error::ConvertError;
pub use probe::xmlrpc_type_of;
pub use ser::to_value;

/// The private newtype name under which [`DateTime`](crate::DateTime)
/// passes through serde, so that `to_value` and `from_value` keep it a
/// `<dateTime.iso8601>` while other formats see plain text.
pub(crate) const DATETIME_TOKEN: &str = "$xmlrpc_core::private::DateTime";
