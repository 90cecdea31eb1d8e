//! The documentation page, as Python's `DocXMLRPCServer` serves one: an
//! HTML page listing every method of every endpoint with its signatures
//! and help, at a path of its own.

use std::fmt::Write as _;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::get;
use xmlrpc_core::MethodInfo;

/// Where the documentation page is served and what it says at the top;
/// see [`Server::doc_page`](crate::Server::doc_page).
///
/// ```
/// use xmlrpc_server::{DocPage, Server};
///
/// let server = Server::new()
///     .register_function_as("add", |a: i32, b: i32| a + b)
///     .doc_page(DocPage::at("/docs").title("Calculator").about("Adds numbers."));
/// # let _ = server;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocPage {
    path: String,
    title: String,
    about: String,
}

impl DocPage {
    /// A page at `path` (answering `GET`), titled "XML-RPC methods".
    #[must_use]
    pub fn at(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            title: "XML-RPC methods".to_owned(),
            about: String::new(),
        }
    }

    /// The page's title and heading (Python's `set_server_title` and
    /// `set_server_name`).
    #[must_use]
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// A paragraph under the heading (Python's `set_server_documentation`).
    #[must_use]
    pub fn about(mut self, text: impl Into<String>) -> Self {
        self.about = text.into();
        self
    }

    /// The page's path.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The router that serves the page for `endpoints`: each endpoint's
    /// paths and its methods.
    pub(crate) fn router(&self, endpoints: &[(Vec<String>, Vec<MethodInfo>)]) -> Router {
        let html = self.render(endpoints);
        Router::new().route(
            &self.path,
            get(move || {
                let html = html.clone();
                async move {
                    (
                        [
                            (
                                header::CONTENT_TYPE,
                                HeaderValue::from_static("text/html; charset=utf-8"),
                            ),
                            // No script runs on the page, whatever the help
                            // texts hold.
                            (
                                header::CONTENT_SECURITY_POLICY,
                                HeaderValue::from_static(
                                    "default-src 'none'; style-src 'unsafe-inline'",
                                ),
                            ),
                            (
                                header::X_CONTENT_TYPE_OPTIONS,
                                HeaderValue::from_static("nosniff"),
                            ),
                        ],
                        html,
                    )
                        .into_response()
                }
            }),
        )
    }

    fn render(&self, endpoints: &[(Vec<String>, Vec<MethodInfo>)]) -> String {
        let mut out = String::with_capacity(4096);
        let title = escape(&self.title);
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
        );
        if !self.about.is_empty() {
            let _ = writeln!(out, "<p class=\"about\">{}</p>", escape(&self.about));
        }
        for (number, (paths, methods)) in endpoints.iter().enumerate() {
            section(&mut out, number, paths, methods);
        }
        out.push_str("</body>\n</html>\n");
        out
    }
}

const STYLE: &str = "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}\
dt{font-family:monospace;font-weight:bold;margin-top:1.2em}\
dd pre{white-space:pre-wrap;font-family:inherit;margin:.3em 0}\
nav a{margin-right:1em;font-family:monospace}";

/// One endpoint: its paths, an index of its methods, and each method.
fn section(out: &mut String, number: usize, paths: &[String], methods: &[MethodInfo]) {
    let shown: Vec<String> = paths
        .iter()
        .map(|p| format!("<code>{}</code>", escape(p)))
        .collect();
    let _ = writeln!(
        out,
        "<section>\n<h2>Methods at {}</h2>\n<nav>",
        shown.join(" and ")
    );
    for method in methods {
        let name = escape(&method.name);
        let _ = writeln!(out, "<a href=\"#e{number}-{name}\">{name}</a>");
    }
    out.push_str("</nav>\n<dl>\n");
    for method in methods {
        let name = escape(&method.name);
        let id = format!("e{number}-{name}");
        if method.signatures.is_empty() {
            let _ = writeln!(out, "<dt id=\"{id}\">{name}(…)</dt>");
        }
        for (i, signature) in method.signatures.iter().enumerate() {
            let anchor = if i == 0 {
                format!(" id=\"{id}\"")
            } else {
                String::new()
            };
            let (result, params) = signature.split_first().unwrap_or((&"undef", &[]));
            let _ = writeln!(
                out,
                "<dt{anchor}>{name}({}) → {}</dt>",
                escape(&params.join(", ")),
                escape(result)
            );
        }
        let _ = writeln!(out, "<dd><pre>{}</pre></dd>", escape(&method.help));
    }
    out.push_str("</dl>\n</section>\n");
}

/// Text as HTML text or attribute value.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_escaped() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        let page = DocPage::at("/docs").title("<T>").about("a & b");
        let html = page.render(&[(
            vec!["/RPC2".to_owned()],
            vec![MethodInfo::new(
                "m\"x",
                "</pre><script>",
                vec![vec!["int", "string"]],
            )],
        )]);
        assert!(html.contains("<title>&lt;T&gt;</title>"), "{html}");
        assert!(html.contains("<p class=\"about\">a &amp; b</p>"), "{html}");
        assert!(
            html.contains("<dt id=\"e0-m&quot;x\">m&quot;x(string) → int</dt>"),
            "{html}"
        );
        assert!(
            html.contains("<pre>&lt;/pre&gt;&lt;script&gt;</pre>"),
            "{html}"
        );
        assert!(!html.contains("<script>"), "{html}");
    }
}
