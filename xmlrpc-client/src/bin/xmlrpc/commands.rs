//! The commands: `call`, `list`, `describe`, `codegen` and `completions`.

use xmlrpc_client::Client;
use xmlrpc_core::{MethodCall, MethodResponse};

use crate::introspect::{self, Described, describe};
use crate::term::emit;
use crate::{Cli, Command, Failure, Options, args, codegen, login, show, term};

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
            match json {
                true => emit(&show::json(&value).to_string()),
                false => emit(&show::readable(&value)),
            }
        }
        Command::List { url, json } => {
            let client = client(&url, &cli.options)?;
            let names = introspect::list(&client).await?;
            match json {
                true => emit(&serde_json::Value::from(names).to_string()),
                false => emit(&names.join("\n")),
            }
        }
        Command::Codegen { url, name, methods } => {
            let client = client(&url, &cli.options)?;
            let code = codegen::generate(&client, name, methods).await?;
            emit(code.trim_end_matches('\n'))
        }
        Command::Describe { url, method, json } => {
            let client = client(&url, &cli.options)?;
            let one = method.is_some();
            let names = match method {
                Some(name) => {
                    introspect::known(&client, &name).await?;
                    vec![name]
                }
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
                emit(&out.to_string())
            } else {
                let blocks: Vec<_> = described.iter().map(Described::text).collect();
                emit(&blocks.join("\n\n"))
            }
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "xmlrpc", &mut script);
            emit(String::from_utf8_lossy(&script).trim_end_matches('\n'))
        }
    }
}

pub(crate) fn client(url: &str, options: &Options) -> Result<Client, Failure> {
    // `localhost:8080` as curl takes it.
    let url = match url.contains("://") {
        true => url.to_owned(),
        false => format!("http://{url}"),
    };
    let mut builder = Client::builder(&url)
        .timeout(crate::timeout(options.timeout)?)
        .danger_accept_invalid_certs(options.insecure)
        .control_characters(options.control_characters);
    if let Some((user, password)) = login::credentials(options)? {
        builder = builder.basic_auth(&user, Some(&password));
    }
    builder = term::with_progress(builder);
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

/// `--xml`: the request and the response as they went over the wire,
/// separated by a blank line.
async fn call_xml(client: &Client, call: MethodCall) -> Result<(), Failure> {
    let request = call.to_xml().map_err(|e| Failure::usage(e.to_string()))?;
    emit(&format!("{request}\n"))?;
    let body = client.post_xml(request).await?;
    emit(&String::from_utf8_lossy(&body))?;
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
