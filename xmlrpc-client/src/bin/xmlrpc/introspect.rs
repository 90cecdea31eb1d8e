//! What a server says about its methods: `system.listMethods`,
//! `system.methodSignature` and `system.methodHelp`, read leniently, since
//! servers answer them in more than one shape (Supervisor gives one flat
//! signature, Python's demo server none at all).

use xmlrpc_client::{Client, Error};
use xmlrpc_core::{Fault, Value};

use crate::Failure;

/// One method's introspection.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Described {
    pub(crate) name: String,
    /// Each `[result, params…]` as XML-RPC type names; `Err` says why
    /// there are none.
    pub(crate) signatures: Result<Vec<Vec<String>>, String>,
    /// The help text, when the server gave a non-empty one.
    pub(crate) help: Option<String>,
}

/// The server's method names.
///
/// # Errors
///
/// The fault or failure of `system.listMethods`.
pub(crate) async fn list(client: &Client) -> Result<Vec<String>, Error> {
    client.call("system.listMethods", ()).await
}

/// Stops with a fault's exit code when the server lists its methods and
/// `name` is not among them: servers answer introspection of an unknown
/// method in many ways (Python's with an empty help and no fault at all).
///
/// # Errors
///
/// [`Failure::FAULT`] for a method not listed; the failure of
/// `system.listMethods` unless it is a fault or an answer of another shape
/// (a server that does not list its methods).
pub(crate) async fn known(client: &Client, name: &str) -> Result<(), Failure> {
    match list(client).await {
        Ok(names) if !names.iter().any(|n| n == name) => Err(Failure {
            code: Failure::FAULT,
            message: format!("the server has no method `{name}` (it is not in system.listMethods)"),
        }),
        Ok(_) | Err(Error::Fault(_) | Error::Convert(_)) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// `system.methodSignature` and `system.methodHelp` of `name`. A server
/// without them is not an error; a method it does not know is.
pub(crate) async fn describe(client: &Client, name: String) -> Result<Described, Failure> {
    let signature = client
        .call_value("system.methodSignature", vec![Value::from(name.as_str())])
        .await;
    let signatures = match signature {
        Ok(value) => signatures(value),
        // An unknown method is worth stopping for; a server without
        // introspection of signatures is not.
        Err(Error::Fault(fault)) if fault.code != Fault::METHOD_NOT_FOUND => {
            Err(format!("system.methodSignature: {}", fault_text(&fault)))
        }
        Err(e) => return Err(e.into()),
    };
    let help = match client
        .call::<String>("system.methodHelp", (name.as_str(),))
        .await
    {
        Ok(help) if !help.trim().is_empty() => Some(cleandoc(&help).join("\n")),
        Ok(_) | Err(Error::Fault(_) | Error::Convert(_)) => None,
        Err(e) => return Err(e.into()),
    };
    Ok(Described {
        name,
        signatures,
        help,
    })
}

/// A `system.methodSignature` answer as signatures: the standard array of
/// arrays of type names, or one flat array (Supervisor); anything else
/// (`"undef"`, an empty array) means the server does not say.
pub(crate) fn signatures(value: Value) -> Result<Vec<Vec<String>>, String> {
    let names = |items: &[Value]| -> Option<Vec<String>> {
        let names: Option<Vec<String>> = items
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect();
        names.filter(|n| !n.is_empty())
    };
    match &value {
        Value::Array(items) if !items.is_empty() => {
            if let Some(flat) = names(items) {
                return Ok(vec![flat]);
            }
            items
                .iter()
                .map(|item| item.as_array().and_then(names))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| "the server's signatures are not lists of type names".to_owned())
        }
        Value::String(s) if s == "undef" => Err("the server answered `undef`".to_owned()),
        _ => Err(format!(
            "the server answered a {} for system.methodSignature",
            value.type_name()
        )),
    }
}

/// Help text as Python's `inspect.cleandoc` leaves a docstring: the
/// indentation the lines after the first share removed, tabs as four
/// spaces, blank lines at either end dropped.
pub(crate) fn cleandoc(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let indent = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let l = if i == 0 {
                l.trim_start()
            } else {
                l.get(indent..).unwrap_or("")
            };
            l.replace('\t', "    ")
        })
        .collect();
    while out.first().is_some_and(String::is_empty) {
        out.remove(0);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

pub(crate) fn fault_text(fault: &Fault) -> String {
    format!("fault {}: {}", fault.code, fault.string)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn names(list: &[&str]) -> Value {
        Value::Array(list.iter().map(|&n| Value::from(n)).collect())
    }

    #[test]
    fn signatures_come_standard_flat_or_not_at_all() {
        let standard = Value::Array(vec![names(&["int", "int"]), names(&["double", "double"])]);
        assert_eq!(
            signatures(standard).unwrap(),
            [vec!["int", "int"], vec!["double", "double"]]
        );
        let flat = names(&["boolean", "string", "boolean"]);
        assert_eq!(
            signatures(flat).unwrap(),
            [vec!["boolean", "string", "boolean"]]
        );
        assert!(
            signatures(Value::from("undef"))
                .unwrap_err()
                .contains("undef")
        );
        assert!(signatures(Value::Array(vec![])).is_err());
        assert!(signatures(Value::Array(vec![Value::Int(1)])).is_err());
        assert!(signatures(Value::Array(vec![names(&[])])).is_err());
    }
}
