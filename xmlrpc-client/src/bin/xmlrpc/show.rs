//! Values as text: a readable block form for people, JSON for scripts.
//!
//! The readable form prints a top-level string as it is (so that
//! `system.methodHelp` reads as text) and containers as indented
//! `name: value` and `- item` lines, with strings inside them quoted.

use xmlrpc_core::Value;

/// The readable form, one string with no trailing newline.
pub(crate) fn readable(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        _ => lines(value).join("\n"),
    }
}

fn lines(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) if !items.is_empty() => {
            let mut out = Vec::new();
            for item in items {
                let mut inner = lines(item).into_iter();
                if let Some(first) = inner.next() {
                    out.push(format!("- {first}"));
                }
                out.extend(inner.map(|line| format!("  {line}")));
            }
            out
        }
        Value::Struct(members) if !members.is_empty() => {
            let mut out = Vec::new();
            for (name, member) in members {
                let name = quote_if_needed(name);
                if is_block(member) {
                    out.push(format!("{name}:"));
                    out.extend(lines(member).into_iter().map(|line| format!("  {line}")));
                } else {
                    out.push(format!("{name}: {}", scalar(member)));
                }
            }
            out
        }
        _ => vec![scalar(value)],
    }
}

fn is_block(value: &Value) -> bool {
    match value {
        Value::Array(items) => !items.is_empty(),
        Value::Struct(members) => !members.is_empty(),
        _ => false,
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::Int(n) => n.to_string(),
        Value::I8(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        // `{:?}` keeps the point: 2.0, not 2, so a double reads as one.
        Value::Double(x) => format!("{x:?}"),
        Value::String(text) => quote(text),
        Value::DateTime(dt) => dt.to_string(),
        Value::Base64(bytes) => format!("base64:{}", base64_simd::STANDARD.encode_to_string(bytes)),
        Value::Nil => "nil".to_owned(),
        Value::Array(_) => "[]".to_owned(),
        Value::Struct(_) => "{}".to_owned(),
    }
}

fn quote(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

fn quote_if_needed(name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if plain { name.to_owned() } else { quote(name) }
}

/// JSON: ints, doubles, booleans, strings, arrays and objects as
/// themselves, nil as `null`, a dateTime as its `YYYYMMDDTHH:MM:SS` text
/// and base64 as its base64 text.
pub(crate) fn json(value: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::Int(n) => J::from(*n),
        Value::I8(n) => J::from(*n),
        Value::Bool(b) => J::from(*b),
        Value::Double(x) => J::from(*x),
        Value::String(text) => J::from(text.as_str()),
        Value::DateTime(dt) => J::from(dt.to_string()),
        Value::Base64(bytes) => J::from(base64_simd::STANDARD.encode_to_string(bytes)),
        Value::Nil => J::Null,
        Value::Array(items) => J::Array(items.iter().map(json).collect()),
        Value::Struct(members) => J::Object(
            members
                .iter()
                .map(|(name, member)| (name.to_owned(), json(member)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use xmlrpc_core::{DateTime, Struct};

    fn sample() -> Value {
        let inner: Struct = [
            ("n", Value::Int(1)),
            ("tags", Value::Array(vec!["a".into()])),
        ]
        .into_iter()
        .collect();
        let top: Struct = [
            ("name", Value::from("Ann \"A\"")),
            (
                "when",
                Value::DateTime(DateTime::new(1998, 7, 17, 14, 8, 55).unwrap()),
            ),
            ("blob", Value::Base64(b"Hi".to_vec())),
            ("ratio", Value::Double(2.0)),
            ("none", Value::Nil),
            ("empty", Value::Array(vec![])),
            ("odd key", Value::Struct(Struct::new())),
            (
                "items",
                Value::Array(vec![Value::Struct(inner), Value::Int(7)]),
            ),
        ]
        .into_iter()
        .collect();
        Value::Struct(top)
    }

    #[test]
    fn readable_is_an_indented_block() {
        let expected = "\
name: \"Ann \\\"A\\\"\"
when: 19980717T14:08:55
blob: base64:SGk=
ratio: 2.0
none: nil
empty: []
\"odd key\": {}
items:
  - n: 1
    tags:
      - \"a\"
  - 7";
        assert_eq!(readable(&sample()), expected);
    }

    #[test]
    fn readable_prints_a_top_level_string_bare() {
        assert_eq!(readable(&Value::from("two\nlines")), "two\nlines");
        assert_eq!(readable(&Value::Int(5)), "5");
        assert_eq!(readable(&Value::I8(1 << 40)), "1099511627776");
        assert_eq!(readable(&Value::Bool(false)), "false");
    }

    #[test]
    fn json_maps_every_type() {
        let expected = serde_json::json!({
            "name": "Ann \"A\"",
            "when": "19980717T14:08:55",
            "blob": "SGk=",
            "ratio": 2.0,
            "none": null,
            "empty": [],
            "odd key": {},
            "items": [{"n": 1, "tags": ["a"]}, 7],
        });
        assert_eq!(json(&sample()), expected);
    }
}
