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

/// The private newtype name under which [`Value`](crate::Value) asks to be
/// deserialized. `from_value` answers it by handing over the value itself
/// (see [`moved`]), so that a `Value` inside a parameter moves instead of
/// being taken apart and rebuilt; other deserializers treat it as any
/// newtype and the value is built from what they visit.
pub(crate) const VALUE_TOKEN: &str = "$xmlrpc_core::private::Value";

/// The hand-over of a whole [`Value`](crate::Value) from `from_value`'s
/// deserializer to `Value`'s visitor, which serde's data model has no
/// variant for: the deserializer parks the value here and visits
/// [`VALUE_TOKEN`] as a string; the visitor takes it back at once.
pub(crate) mod moved {
    use std::cell::Cell;

    use crate::Value;

    thread_local! {
        static PARKED: Cell<Option<Value>> = const { Cell::new(None) };
    }

    /// Parks `value` for the visitor called next on this thread.
    pub(crate) fn park(value: Value) {
        PARKED.with(|p| p.set(Some(value)));
    }

    /// Takes the parked value, if any.
    pub(crate) fn take() -> Option<Value> {
        PARKED.with(Cell::take)
    }
}
