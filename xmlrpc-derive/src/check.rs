//! Rules across methods: unique wire names, valid names, and no clash with
//! what the expansion generates.

use std::collections::HashSet;

use crate::ctxt::Ctxt;
use crate::model::Service;

/// The type names `system.methodSignature` uses.
pub(crate) const SIGNATURE_TYPES: &[&str] = &[
    "int",
    "i4",
    "i8",
    "boolean",
    "string",
    "double",
    "dateTime.iso8601",
    "base64",
    "array",
    "struct",
    "nil",
];

/// Names the generated client defines itself, which a method cannot take.
const CLIENT_NAMES: &[&str] = &["new", "transport", "into_transport", "batch"];

/// The specification's method-name characters.
pub(crate) fn valid_wire_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'/'))
}

pub(crate) fn check(cx: &mut Ctxt, service: &Service) {
    let mut seen: HashSet<&str> = HashSet::new();
    for m in &service.methods {
        if !valid_wire_name(&m.wire) {
            cx.error_at(
                m.wire_span,
                format_args!(
                    "invalid method name `{}`: XML-RPC names use letters, digits, `_`, `.`, `:` and `/`",
                    m.wire
                ),
            );
        }
        if !seen.insert(&m.wire) {
            cx.error_at(
                m.wire_span,
                format_args!("duplicate method name `{}`", m.wire),
            );
        }
        let rust = m.ident.to_string();
        if CLIENT_NAMES.contains(&rust.as_str()) {
            cx.error(
                &m.ident,
                format_args!(
                    "method `{rust}` collides with `{}::{rust}`, which #[rpc_service] generates; rename the Rust method and keep the wire name with #[rpc(name = \"{rust}\")]",
                    service.client
                ),
            );
        }
    }
    let mut prefixes: HashSet<&str> = HashSet::new();
    for n in &service.nested {
        if !valid_wire_name(&n.wire) {
            cx.error_at(
                n.wire_span,
                format_args!("invalid nested service name `{}`", n.wire),
            );
        }
        if !prefixes.insert(&n.wire) {
            cx.error_at(
                n.wire_span,
                format_args!("duplicate nested service name `{}`", n.wire),
            );
        }
        let prefix = format!("{}.", n.wire);
        for m in service
            .methods
            .iter()
            .filter(|m| m.wire.starts_with(&prefix))
        {
            cx.error_at(
                m.wire_span,
                format_args!(
                    "method name `{}` lies under the nested service `{}`",
                    m.wire, n.wire
                ),
            );
        }
        let rust = n.ident.to_string();
        if CLIENT_NAMES.contains(&rust.as_str()) {
            cx.error(
                &n.ident,
                format_args!(
                    "accessor `{rust}` collides with `{}::{rust}`, which #[rpc_service] generates",
                    service.client
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::valid_wire_name;

    #[test]
    fn wire_names_follow_the_specification() {
        assert!(valid_wire_name("currentTime.getCurrentTime"));
        assert!(valid_wire_name("a_b:c/d9"));
        assert!(!valid_wire_name(""));
        assert!(!valid_wire_name("has space"));
        assert!(!valid_wire_name("dash-ed"));
    }
}
