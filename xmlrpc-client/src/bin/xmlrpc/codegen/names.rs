//! Rust names for wire names: snake_case identifiers that the macro maps
//! back to the wire name, by `rename_all` or by `name = "…"`.

/// `getAllProcessInfo` → `get_all_process_info`, `getAPIVersion` →
/// `get_api_version`, `currentTime.getCurrentTime` →
/// `current_time_get_current_time`. Not always a valid identifier yet:
/// see [`ident`].
pub(super) fn snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
            let next = chars.get(i + 1).copied();
            let after_word = prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit());
            let ends_acronym = prev.is_some_and(|p| p.is_ascii_uppercase())
                && next.is_some_and(|n| n.is_ascii_lowercase());
            if after_word || ends_acronym {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_owned()
}

/// `get_all_process_info` → `getAllProcessInfo`: what `rename_all =
/// "camelCase"` makes of a Rust name.
pub(super) fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `PascalCase` for a trait name.
pub(super) fn pascal(name: &str) -> String {
    let camel = camel(&snake(name));
    let mut chars = camel.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// Rust's keywords, strict and reserved, which cannot be method or
/// parameter names.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Names a generated client defines itself.
const CLIENT_NAMES: &[&str] = &["new", "transport", "into_transport", "batch"];

/// A snake_case identifier that is valid and free: keywords, the client's
/// own names and names that start with a digit get an `_` or `m_`.
pub(super) fn ident(snake: &str) -> String {
    let mut name = if snake.is_empty() {
        "method".to_owned()
    } else {
        snake.to_owned()
    };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "m_");
    }
    if KEYWORDS.contains(&name.as_str()) || CLIENT_NAMES.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The specification's method-name characters, as the macro checks them.
pub(super) fn valid_wire_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_become_snake_case() {
        for (wire, rust) in [
            ("getAllProcessInfo", "get_all_process_info"),
            ("getAPIVersion", "get_api_version"),
            (
                "currentTime.getCurrentTime",
                "current_time_get_current_time",
            ),
            (
                "validator1.arrayOfStructsTest",
                "validator1_array_of_structs_test",
            ),
            ("get_data", "get_data"),
            ("pow", "pow"),
            ("ReadXMLFile2", "read_xml_file2"),
            ("a-b c", "a_b_c"),
            ("_private", "private"),
        ] {
            assert_eq!(snake(wire), rust, "{wire}");
        }
    }

    #[test]
    fn camel_case_inverts_what_it_can() {
        assert_eq!(camel("get_all_process_info"), "getAllProcessInfo");
        assert_eq!(camel("get_api_version"), "getApiVersion");
        assert_eq!(pascal("supervisor"), "Supervisor");
        assert_eq!(pascal("currentTime"), "CurrentTime");
    }

    #[test]
    fn identifiers_avoid_keywords_and_generated_names() {
        assert_eq!(ident("type"), "type_");
        assert_eq!(ident("new"), "new_");
        assert_eq!(ident("batch"), "batch_");
        assert_eq!(ident("2fa"), "m_2fa");
        assert_eq!(ident(""), "method");
        assert_eq!(ident("start_process"), "start_process");
    }
}
