//! The commands: `call`, `list`, `describe` and `codegen`.

use xmlrpc_client::Client;
use xmlrpc_core::{MethodCall, MethodResponse, Value};

use crate::introspect::{self, Described, describe};
use crate::{Cli, Command, Failure, Options, args, codegen, show};

pub(crate) async fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Call {
            url,
            method,
            args,
            json,
            xml,
        } => {
            let client = client(&url, &cli.options)?;
            let params = args
                .iter()
                .map(|arg| args::parse(arg))
                .collect::<Result<Vec<_>, _>>()
                .map_err(Failure::usage)?;
            if xml {
                return call_xml(&client, MethodCall::new(method, params)).await;
            }
            let value = client.call_value(&method, params).await?;
            print(&value, json);
            Ok(())
        }
        Command::List { url, json } => {
            let client = client(&url, &cli.options)?;
            let names = introspect::list(&client).await?;
            if json {
                println!("{}", serde_json::Value::from(names));
            } else {
                for name in names {
                    println!("{name}");
                }
            }
            Ok(())
        }
        Command::Codegen { url, name, methods } => {
            let client = client(&url, &cli.options)?;
            print!("{}", codegen::generate(&client, name, methods).await?);
            Ok(())
        }
        Command::Describe { url, method, json } => {
            let client = client(&url, &cli.options)?;
            let one = method.is_some();
            let names = match method {
                Some(name) => vec![name],
                None => introspect::list(&client).await?,
            };
            let mut described = Vec::with_capacity(names.len());
            for name in names {
                described.push(describe(&client, name).await?);
            }
            if json {
                // An object for the method asked for, an array for all,
                // whatever their number.
                let mut items: Vec<_> = described.iter().map(Described::json).collect();
                let out = match items.pop() {
                    Some(item) if one => item,
                    last => {
                        items.extend(last);
                        serde_json::Value::Array(items)
                    }
                };
                println!("{out}");
            } else {
                let blocks: Vec<_> = described.iter().map(Described::text).collect();
                println!("{}", blocks.join("\n\n"));
            }
            Ok(())
        }
    }
}

pub(crate) fn client(url: &str, options: &Options) -> Result<Client, Failure> {
    let mut builder = Client::builder(url)
        .timeout(crate::timeout(options.timeout)?)
        .danger_accept_invalid_certs(options.insecure)
        .control_characters(options.control_characters);
    for header in &options.headers {
        let Some((name, value)) = header.split_once(':') else {
            return Err(Failure::usage(format!(
                "--header {header:?}: expected `Name: value`"
            )));
        };
        builder = builder.header(name.trim(), value.trim());
    }
    if let Some(path) = &options.cacert {
        let cert = std::fs::read(path)
            .map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))?;
        builder = builder.root_certificate(&cert);
    }
    Ok(builder.build()?)
}

fn print(value: &Value, json: bool) {
    if json {
        println!("{}", show::json(value));
    } else {
        println!("{}", show::readable(value));
    }
}

/// `--xml`: the request and the response as they went over the wire,
/// separated by a blank line.
async fn call_xml(client: &Client, call: MethodCall) -> Result<(), Failure> {
    let request = call.to_xml().map_err(|e| Failure::usage(e.to_string()))?;
    println!("{request}\n");
    let body = client.post_xml(request).await?;
    println!("{}", String::from_utf8_lossy(&body));
    match MethodResponse::from_xml(&body) {
        Ok(MethodResponse::Success(_)) => Ok(()),
        Ok(MethodResponse::Fault(fault)) => Err(xmlrpc_client::Error::Fault(fault).into()),
        Err(e) => Err(Failure {
            code: Failure::TRANSPORT,
            message: format!("malformed response: {e}"),
        }),
    }
}

impl Described {
    /// `add(int, int) -> int` per signature, then the help indented.
    fn text(&self) -> String {
        let mut lines = match &self.signatures {
            Ok(signatures) if !signatures.is_empty() => signatures
                .iter()
                .map(|signature| match signature.split_first() {
                    Some((result, params)) => {
                        format!("{}({}) -> {result}", self.name, params.join(", "))
                    }
                    None => format!("{}(...)", self.name),
                })
                .collect(),
            _ => vec![format!("{}(...)", self.name)],
        };
        if let Some(help) = &self.help {
            lines.extend(help.lines().map(|line| {
                if line.is_empty() {
                    String::new()
                } else {
                    format!("    {line}")
                }
            }));
        }
        lines.join("\n")
    }

    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "name": self.name,
            "signatures": self.signatures.as_ref().ok(),
            "help": self.help,
        })
    }
}
