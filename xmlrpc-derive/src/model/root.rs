//! Where expansions find `xmlrpc-core`: through the crate being compiled's
//! own dependency on it, else through the re-export in `xmlrpc-server` or
//! `xmlrpc-client` (so that an app depending on one of those alone can use
//! the macro), else as `::xmlrpc_core`. `crate = "path"` overrides it all.
//!
//! Normal dependencies come first: a dev-dependency is missing from the
//! library and binary builds, which expand the macro too.

use proc_macro2::Span;
use toml::{Table, Value};

/// The packages that reach `xmlrpc-core`, with the path inside each.
const CARRIERS: [(&str, Option<&str>); 3] = [
    ("xmlrpc-core", None),
    ("xmlrpc-server", Some("__core")),
    ("xmlrpc-client", Some("__core")),
];

/// The path to `xmlrpc-core` as the crate being compiled names it.
pub(crate) fn default_root() -> syn::Path {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(|dir| std::path::Path::new(&dir).join("Cargo.toml"))
        .and_then(|path| std::fs::read_to_string(path).ok())
        .and_then(|text| text.parse::<Table>().ok());
    manifest
        .and_then(|manifest| found(&manifest))
        .unwrap_or_else(|| syn::parse_quote!(::xmlrpc_core))
}

fn found(manifest: &Table) -> Option<syn::Path> {
    for kind in ["dependencies", "dev-dependencies"] {
        let tables = dependency_tables(manifest, kind);
        for (package, inner) in CARRIERS {
            if let Some(name) = tables.iter().find_map(|t| named(t, package)) {
                return Some(path(&name, inner));
            }
        }
    }
    // `xmlrpc-core`'s own tests and doctests name it as a dependency.
    let own = manifest.get("package")?.get("name")?.as_str()?;
    CARRIERS
        .iter()
        .find(|(package, _)| *package == own)
        .map(|(package, inner)| path(&package.replace('-', "_"), *inner))
}

/// `[kind]` and every `[target.'cfg(…)'.kind]`.
fn dependency_tables<'a>(manifest: &'a Table, kind: &str) -> Vec<&'a Table> {
    let targets = manifest.get("target").and_then(Value::as_table);
    std::iter::once(manifest.get(kind))
        .chain(
            targets
                .into_iter()
                .flat_map(|t| t.values().map(|v| v.get(kind))),
        )
        .flatten()
        .filter_map(Value::as_table)
        .collect()
}

/// The name code uses for `package` under `table`, renamed or not.
fn named(table: &Table, package: &str) -> Option<String> {
    table.iter().find_map(|(key, spec)| {
        let real = spec.get("package").and_then(Value::as_str).unwrap_or(key);
        (real == package).then(|| key.replace('-', "_"))
    })
}

fn path(name: &str, inner: Option<&str>) -> syn::Path {
    let krate = syn::Ident::new(name, Span::call_site());
    match inner.map(|i| syn::Ident::new(i, Span::call_site())) {
        Some(inner) => syn::parse_quote!(::#krate::#inner),
        None => syn::parse_quote!(::#krate),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use quote::ToTokens as _;

    fn root(manifest: &str) -> Option<String> {
        let table: Table = manifest.parse().unwrap();
        found(&table).map(|p| p.to_token_stream().to_string().replace(' ', ""))
    }

    #[test]
    fn normal_dependencies_come_before_dev_ones() {
        let server_only = "[dependencies]\nxmlrpc-server.workspace = true\n\
                           [dev-dependencies]\nxmlrpc-core = \"0.1\"\n";
        assert_eq!(root(server_only).unwrap(), "::xmlrpc_server::__core");
        let core_first = "[dependencies]\nxmlrpc-client = \"0.1\"\nxmlrpc-core = \"0.1\"\n";
        assert_eq!(root(core_first).unwrap(), "::xmlrpc_core");
        let dev_only = "[dev-dependencies]\nxmlrpc-client = \"0.1\"\n";
        assert_eq!(root(dev_only).unwrap(), "::xmlrpc_client::__core");
    }

    #[test]
    fn renames_and_target_tables_are_followed() {
        let renamed = "[dependencies]\nrpc = { package = \"xmlrpc-server\", version = \"0.1\" }\n";
        assert_eq!(root(renamed).unwrap(), "::rpc::__core");
        let target = "[target.'cfg(unix)'.dependencies]\nxmlrpc-client = \"0.1\"\n";
        assert_eq!(root(target).unwrap(), "::xmlrpc_client::__core");
        assert_eq!(root("[dependencies]\nserde = \"1\"\n"), None);
        let own = "[package]\nname = \"xmlrpc-core\"\n";
        assert_eq!(root(own).unwrap(), "::xmlrpc_core");
    }
}
