//! What may be passed as the parameters of a call.

use serde::Serialize;
use xmlrpc_core::{ConvertError, Value, to_value};

/// The parameters of a call: a tuple of `Serialize` values (`()`, `(a,)`,
/// `(a, b)`… up to eight), or a `Vec<Value>` as it is.
pub trait Params {
    /// The parameters as values.
    ///
    /// # Errors
    ///
    /// When a parameter does not convert, located at its index.
    fn into_params(self) -> Result<Vec<Value>, ConvertError>;
}

impl Params for Vec<Value> {
    fn into_params(self) -> Result<Vec<Value>, ConvertError> {
        Ok(self)
    }
}

macro_rules! tuple_params {
    ($($t:ident $i:tt),*) => {
        impl<$($t: Serialize),*> Params for ($($t,)*) {
            #[allow(unused_variables)] // for ()
            fn into_params(self) -> Result<Vec<Value>, ConvertError> {
                Ok(vec![$(to_value(&self.$i).map_err(|e| e.in_param($i))?),*])
            }
        }
    };
}

tuple_params!();
tuple_params!(A 0);
tuple_params!(A 0, B 1);
tuple_params!(A 0, B 1, C 2);
tuple_params!(A 0, B 1, C 2, D 3);
tuple_params!(A 0, B 1, C 2, D 3, E 4);
tuple_params!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_params!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_params!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
