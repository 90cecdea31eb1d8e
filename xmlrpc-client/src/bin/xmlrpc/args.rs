//! Command-line arguments to XML-RPC values.
//!
//! A prefix names the type: `i/3`, `8/5000000000`, `s/text`, `b/true`,
//! `d/1.5`, `n/`, `dt/19980717T14:08:55`, `b64/SGk=`, `@file` (base64 of
//! the file's bytes). `[`…`]` and `{`…`}` are JSON arrays and structs.
//! Anything else is guessed: an integer is an int (an i8 when it does not
//! fit 32 bits), a decimal number a double, `true`/`false` a boolean, and
//! the rest a string (`s/` forces a string).

use xmlrpc_core::{DateTime, Struct, Value};

/// One argument as a value, or a message saying what is wrong with it.
pub(crate) fn parse(arg: &str) -> Result<Value, String> {
    if let Some(path) = arg.strip_prefix('@') {
        return std::fs::read(path)
            .map(Value::Base64)
            .map_err(|e| format!("cannot read {path}: {e}"));
    }
    if let Some(value) = arg
        .split_once('/')
        .and_then(|(tag, text)| tagged(tag, text))
    {
        return value.map_err(|e| format!("bad argument {arg:?}: {e}"));
    }
    if arg.starts_with('[') || arg.starts_with('{') {
        let json: serde_json::Value = serde_json::from_str(arg)
            .map_err(|e| format!("bad JSON argument {arg:?}: {e} (use s/ for a string)"))?;
        return Ok(from_json(json));
    }
    Ok(guess(arg))
}

/// The value of `text` under a type prefix, or `None` for a prefix that is
/// not one (then the whole argument is read as untyped).
fn tagged(tag: &str, text: &str) -> Option<Result<Value, String>> {
    let value = match tag {
        "i" | "int" | "i4" => text
            .parse::<i32>()
            .map(Value::Int)
            .map_err(|e| format!("not a 32-bit int ({e}); use 8/ for i8")),
        "8" | "i8" => text
            .parse::<i64>()
            .map(Value::I8)
            .map_err(|e| format!("not a 64-bit int ({e})")),
        "s" | "string" => Ok(Value::String(text.to_owned())),
        "b" | "boolean" => match text {
            "true" | "1" => Ok(Value::Bool(true)),
            "false" | "0" => Ok(Value::Bool(false)),
            _ => Err("a boolean is true, false, 1 or 0".to_owned()),
        },
        "d" | "double" => match text.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Value::Double(x)),
            Ok(_) => Err("XML-RPC has no infinite or NaN doubles".to_owned()),
            Err(e) => Err(format!("not a double ({e})")),
        },
        "n" | "nil" if text.is_empty() => Ok(Value::Nil),
        "n" | "nil" => Err("nil takes no text: n/".to_owned()),
        "dt" | "dateTime.iso8601" => DateTime::parse(text)
            .map(Value::DateTime)
            .map_err(|e| format!("{e}; expected e.g. 19980717T14:08:55")),
        "b64" | "base64" => base64_simd::forgiving_decode_to_vec(text.as_bytes())
            .map(Value::Base64)
            .map_err(|_| "not base64 (the standard alphabet)".to_owned()),
        _ => return None,
    };
    Some(value)
}

fn guess(arg: &str) -> Value {
    if let Ok(int) = arg.parse::<i64>() {
        return i32::try_from(int).map_or(Value::I8(int), Value::Int);
    }
    let numeric = arg
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
    if numeric && arg.bytes().any(|b| b.is_ascii_digit()) {
        match arg.parse::<f64>() {
            Ok(x) if x.is_finite() => return Value::Double(x),
            _ => {}
        }
    }
    match arg {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => Value::String(arg.to_owned()),
    }
}

/// JSON to XML-RPC: integers are ints (i8 beyond 32 bits), other numbers
/// doubles, `null` nil, objects structs.
pub(crate) fn from_json(json: serde_json::Value) -> Value {
    use serde_json::Value as J;
    match json {
        J::Null => Value::Nil,
        J::Bool(b) => Value::Bool(b),
        J::Number(n) => match n.as_i64() {
            Some(int) => i32::try_from(int).map_or(Value::I8(int), Value::Int),
            // Only u64 above i64::MAX and fractions get here; both are
            // doubles, the nearest XML-RPC has.
            None => Value::Double(n.as_f64().unwrap_or_default()),
        },
        J::String(s) => Value::String(s),
        J::Array(items) => Value::Array(items.into_iter().map(from_json).collect()),
        J::Object(members) => Value::Struct(
            members
                .into_iter()
                .map(|(name, value)| (name, from_json(value)))
                .collect::<Struct>(),
        ),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn prefixes_name_the_type() {
        assert_eq!(parse("i/3").unwrap(), Value::Int(3));
        assert_eq!(parse("8/5000000000").unwrap(), Value::I8(5_000_000_000));
        assert_eq!(parse("s/42").unwrap(), Value::from("42"));
        assert_eq!(parse("s/a/b").unwrap(), Value::from("a/b"));
        assert_eq!(parse("b/true").unwrap(), Value::Bool(true));
        assert_eq!(parse("b/0").unwrap(), Value::Bool(false));
        assert_eq!(parse("d/1.5").unwrap(), Value::Double(1.5));
        assert_eq!(parse("d/2").unwrap(), Value::Double(2.0));
        assert_eq!(parse("n/").unwrap(), Value::Nil);
        assert_eq!(parse("b64/SGk=").unwrap(), Value::Base64(b"Hi".to_vec()));
        let dt = parse("dt/19980717T14:08:55").unwrap();
        assert_eq!(dt.as_datetime().unwrap().to_string(), "19980717T14:08:55");
    }

    #[test]
    fn bad_typed_text_says_what_is_wrong() {
        for (arg, says) in [
            ("i/3000000000", "use 8/"),
            ("i/x", "32-bit int"),
            ("b/yes", "true, false"),
            ("d/inf", "infinite"),
            ("d/x", "not a double"),
            ("n/x", "nil takes no text"),
            ("dt/1998-99", "19980717T14:08:55"),
            ("b64/!!", "not base64"),
            ("[1,", "use s/"),
            ("@/no/such/file", "cannot read /no/such/file"),
        ] {
            let error = parse(arg).unwrap_err();
            assert!(error.contains(says), "{arg}: {error}");
        }
    }

    #[test]
    fn untyped_arguments_are_guessed() {
        assert_eq!(parse("3").unwrap(), Value::Int(3));
        assert_eq!(parse("-3").unwrap(), Value::Int(-3));
        assert_eq!(parse("2147483648").unwrap(), Value::I8(2_147_483_648));
        assert_eq!(parse("1.5").unwrap(), Value::Double(1.5));
        assert_eq!(parse("1e3").unwrap(), Value::Double(1000.0));
        assert_eq!(parse("true").unwrap(), Value::Bool(true));
        assert_eq!(parse("hello").unwrap(), Value::from("hello"));
        assert_eq!(parse("x/y").unwrap(), Value::from("x/y"));
        assert_eq!(parse("").unwrap(), Value::from(""));
        // Words that Rust's float parser takes stay strings.
        assert_eq!(parse("inf").unwrap(), Value::from("inf"));
        assert_eq!(parse("NaN").unwrap(), Value::from("NaN"));
        assert_eq!(parse("e").unwrap(), Value::from("e"));
    }

    #[test]
    fn json_gives_arrays_and_structs() {
        let value = parse(r#"{"a": [1, 2.5, null, "x", true], "b": {}, "c": 8589934592}"#).unwrap();
        let expected: Struct = [
            (
                "a",
                Value::Array(vec![
                    Value::Int(1),
                    Value::Double(2.5),
                    Value::Nil,
                    Value::from("x"),
                    Value::Bool(true),
                ]),
            ),
            ("b", Value::Struct(Struct::new())),
            ("c", Value::I8(8_589_934_592)),
        ]
        .into_iter()
        .collect();
        assert_eq!(value, Value::Struct(expected));
        assert_eq!(parse("[]").unwrap(), Value::Array(vec![]));
    }

    #[test]
    fn at_file_reads_bytes_as_base64() {
        let path = std::env::temp_dir().join(format!("xmlrpc-cli-args-{}", std::process::id()));
        std::fs::write(&path, [0_u8, 1, 2, 255]).unwrap();
        let value = parse(&format!("@{}", path.display())).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(value, Value::Base64(vec![0, 1, 2, 255]));
    }
}
