//! What a registered function may return.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

use serde::Serialize;
// The macro's own conversion of a method's result, with its -32603 message.
use xmlrpc_core::__private::ret;
use xmlrpc_core::{Binary, DateTime, Fault, Struct, Value};

/// A function's result: a value that becomes the XML-RPC answer.
///
/// Implemented for the types that map onto XML-RPC (numbers, `bool`,
/// strings, `()`, [`Value`], [`Struct`], [`DateTime`], [`Binary`],
/// sequences, maps with string keys, `Option` and tuples) and for
/// `Result<T, E>` where `T` is any `Serialize` type and `E` converts into a
/// [`Fault`]. A function that returns one of its own types returns it in a
/// `Result`:
///
/// ```
/// use serde::Serialize;
/// use xmlrpc_core::Fault;
///
/// #[derive(Serialize)]
/// struct Point { x: i32, y: i32 }
///
/// fn origin() -> Result<Point, Fault> {
///     Ok(Point { x: 0, y: 0 })
/// }
/// # let _ = xmlrpc_server::Function::new("origin", origin);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be returned from a registered XML-RPC function",
    note = "return `Result<{Self}, Fault>` for your own `Serialize` types"
)]
pub trait IntoReply {
    /// The value to answer with, or the fault.
    ///
    /// # Errors
    ///
    /// The function's fault, or -32603 when the value does not convert.
    fn into_reply(self) -> Result<Value, Fault>;

    /// The XML-RPC type name for `system.methodSignature`; `None` for any.
    fn xmlrpc_type() -> Option<&'static str>;
}

macro_rules! reply {
    ($name:expr => $($t:ty),*) => {$(
        impl IntoReply for $t {
            fn into_reply(self) -> Result<Value, Fault> {
                ret(&self)
            }
            fn xmlrpc_type() -> Option<&'static str> {
                $name
            }
        }
    )*};
}

reply!(Some("int") => i8, i16, i32, u8, u16);
reply!(Some("i8") => i64, u32, u64, isize, usize);
reply!(Some("boolean") => bool);
reply!(Some("double") => f32, f64);
reply!(Some("string") => String, &'static str, char, Cow<'static, str>);
reply!(Some("nil") => ());
reply!(Some("dateTime.iso8601") => DateTime);
reply!(Some("base64") => Binary);

impl IntoReply for Value {
    fn into_reply(self) -> Result<Value, Fault> {
        Ok(self)
    }
    fn xmlrpc_type() -> Option<&'static str> {
        None
    }
}

impl IntoReply for Struct {
    fn into_reply(self) -> Result<Value, Fault> {
        Ok(Value::Struct(self))
    }
    fn xmlrpc_type() -> Option<&'static str> {
        Some("struct")
    }
}

macro_rules! generic_reply {
    ($name:literal => $(<$($g:ident),*> $t:ty),* $(,)?) => {$(
        impl<$($g: Serialize),*> IntoReply for $t {
            fn into_reply(self) -> Result<Value, Fault> {
                ret(&self)
            }
            fn xmlrpc_type() -> Option<&'static str> {
                Some($name)
            }
        }
    )*};
}

generic_reply!("array" =>
    <T> Vec<T>, <T> VecDeque<T>, <T> BTreeSet<T>, <T> HashSet<T>,
    <A> (A,), <A, B> (A, B), <A, B, C> (A, B, C), <A, B, C, D> (A, B, C, D),
);
generic_reply!("struct" => <K, V> BTreeMap<K, V>, <K, V> HashMap<K, V>);

impl<T: Serialize> IntoReply for Option<T> {
    fn into_reply(self) -> Result<Value, Fault> {
        ret(&self)
    }
    fn xmlrpc_type() -> Option<&'static str> {
        guess(std::any::type_name::<T>())
    }
}

impl<T: Serialize, E: Into<Fault>> IntoReply for Result<T, E> {
    fn into_reply(self) -> Result<Value, Fault> {
        ret(&self.map_err(Into::into)?)
    }
    fn xmlrpc_type() -> Option<&'static str> {
        guess(std::any::type_name::<T>())
    }
}

/// The XML-RPC name of a `Serialize` type, from its Rust name: serde can
/// not tell a type's shape without a value, so introspection of a
/// function's result reads the spelling, as the macro does for messages.
/// Types it does not know are structs (what `#[derive(Serialize)]` gives);
/// `Function::signature` overrides the guess.
fn guess(name: &str) -> Option<&'static str> {
    let name = name.trim_start_matches('&').trim_start_matches("mut ");
    if let Some(tuple) = name.strip_prefix('(') {
        return Some(if tuple == ")" { "nil" } else { "array" });
    }
    if name.starts_with('[') {
        return Some("array");
    }
    let (path, args) = name.split_once('<').unwrap_or((name, ""));
    let last = path.rsplit("::").next().unwrap_or(path);
    Some(match last {
        "i8" | "i16" | "i32" | "u8" | "u16" => "int",
        "i64" | "u32" | "u64" | "i128" | "u128" | "isize" | "usize" => "i8",
        "bool" => "boolean",
        "String" | "str" | "char" | "Cow" => "string",
        "f32" | "f64" => "double",
        "DateTime" => "dateTime.iso8601",
        "Binary" => "base64",
        "Vec" | "VecDeque" | "HashSet" | "BTreeSet" => "array",
        "HashMap" | "BTreeMap" | "Struct" => "struct",
        "Option" | "Box" | "Arc" | "Rc" => return guess(args.strip_suffix('>')?),
        "Value" => return None,
        _ => "struct",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Point {
        x: i32,
    }

    #[test]
    fn result_types_are_named_from_their_spelling() {
        assert_eq!(<Result<i32, Fault>>::xmlrpc_type(), Some("int"));
        assert_eq!(<Result<Point, Fault>>::xmlrpc_type(), Some("struct"));
        assert_eq!(<Result<Vec<Point>, Fault>>::xmlrpc_type(), Some("array"));
        assert_eq!(<Result<Option<f64>, Fault>>::xmlrpc_type(), Some("double"));
        assert_eq!(<Result<(), Fault>>::xmlrpc_type(), Some("nil"));
        assert_eq!(<Result<(i32, i32), Fault>>::xmlrpc_type(), Some("array"));
        assert_eq!(<Result<[u8; 2], Fault>>::xmlrpc_type(), Some("array"));
        assert_eq!(<Result<Value, Fault>>::xmlrpc_type(), None);
        assert_eq!(<Result<&str, Fault>>::xmlrpc_type(), Some("string"));
        assert_eq!(<Option<Binary>>::xmlrpc_type(), Some("base64"));
        assert_eq!(
            <Result<DateTime, Fault>>::xmlrpc_type(),
            Some("dateTime.iso8601")
        );
    }

    #[test]
    fn results_convert_or_fault() {
        assert_eq!(7_i32.into_reply(), Ok(Value::Int(7)));
        let err: Result<i32, Fault> = Err(Fault::new(4, "four"));
        assert_eq!(err.into_reply(), Err(Fault::new(4, "four")));
        let Value::Struct(point) = Ok::<_, Fault>(Point { x: 1 }).into_reply().unwrap() else {
            panic!("a struct")
        };
        assert_eq!(point.get("x"), Some(&Value::Int(1)));
        let bad: HashMap<(i32, i32), i32> = HashMap::from([((1, 2), 3)]);
        assert_eq!(bad.into_reply().unwrap_err().code, Fault::INTERNAL_ERROR);
    }
}
