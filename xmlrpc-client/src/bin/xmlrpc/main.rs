//! `xmlrpc`: call XML-RPC methods from the shell.
//!
//! ```text
//! xmlrpc call http://localhost:8000/RPC2 add 2 3
//! xmlrpc call http://localhost:8000 echo '{"a": [1, "x"]}' dt/19980717T14:08:55
//! xmlrpc list http://localhost:8000
//! xmlrpc describe http://localhost:8000 add
//! xmlrpc codegen http://localhost:8000 --name Calculator > src/calculator.rs
//! xmlrpc -u ada call localhost:9001 supervisor.getState
//! xmlrpc completions bash > /etc/bash_completion.d/xmlrpc
//! ```
//!
//! Exit codes: 0 success, 1 the server answered with a fault, 2 a usage
//! error (bad arguments, a file that cannot be read, a bad URL), 3 the
//! exchange failed (no connection, timeout, HTTP error, malformed answer).

mod args;
mod codegen;
mod commands;
mod introspect;
mod login;
mod show;
mod term;

use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

/// The exit codes, said by every `--help`.
macro_rules! exit_codes {
    () => {
        "Exit codes: 0 success, 1 fault, 2 usage error, 3 transport error."
    };
}

const AFTER_HELP: &str = concat!(
    "The arguments of `call` take type prefixes: see `xmlrpc call --help`.\n\n",
    exit_codes!()
);

/// The type prefixes of `call`'s arguments.
const CALL_HELP: &str = concat!(
    "Arguments take a type prefix: i/3 (int), 8/5000000000 (i8), s/text (string),
b/true (boolean), d/1.5 (double), n/ (nil), dt/19980717T14:08:55
(dateTime.iso8601), b64/SGk= (base64), @FILE (base64 of a file's bytes).
[..] and {..} are JSON arrays and structs. Without a prefix, integers are
ints, decimals doubles, true/false booleans, the rest strings. Put `--`
before arguments that start with `-` (other than negative numbers).

",
    exit_codes!()
);

#[derive(Debug, Parser)]
#[command(
    name = "xmlrpc",
    version,
    about = "Call XML-RPC methods from the shell",
    after_help = AFTER_HELP
)]
struct Cli {
    #[command(flatten)]
    options: Options,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args)]
struct Options {
    /// Seconds to wait for an answer.
    #[arg(long, global = true, default_value_t = 30.0, value_name = "SECONDS")]
    timeout: f64,
    /// An extra request header, `Name: value` (repeatable).
    #[arg(short = 'H', long = "header", global = true, value_name = "HEADER")]
    headers: Vec<String>,
    /// A PEM or DER certificate to trust, beside the built-in roots.
    #[arg(long, global = true, value_name = "FILE")]
    cacert: Option<std::path::PathBuf>,
    /// Accept any TLS certificate (for testing only).
    #[arg(long, global = true)]
    insecure: bool,
    /// Keep the control characters XML forbids (such as the ANSI escapes
    /// in Supervisor's logs) instead of refusing the answer.
    #[arg(long, global = true)]
    control_characters: bool,
    /// HTTP basic auth; without `:PASSWORD`, the password is asked for on
    /// the terminal (or read with --password-stdin).
    #[arg(
        short = 'u',
        long = "user",
        global = true,
        value_name = "USER[:PASSWORD]"
    )]
    user: Option<String>,
    /// Read the password of -u from the first line of standard input.
    #[arg(long, global = true, requires = "user")]
    password_stdin: bool,
    /// Show the request and the response, headers and bodies, on stderr.
    #[arg(short = 'v', long, global = true)]
    verbose: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Call METHOD with typed arguments and print the result.
    #[command(after_help = CALL_HELP)]
    Call {
        /// The endpoint, e.g. http://localhost:8000/RPC2 (no path means
        /// /RPC2, no scheme http://), or a Unix socket:
        /// unix:///tmp/supervisor.sock.
        url: String,
        /// The method name, dotted names included.
        method: String,
        /// The parameters (see the type prefixes below).
        #[arg(allow_negative_numbers = true)]
        args: Vec<String>,
        /// Print the result as JSON.
        #[arg(long, conflicts_with = "xml")]
        json: bool,
        /// Print the raw request and response documents.
        #[arg(long)]
        xml: bool,
    },
    /// List the server's methods (system.listMethods).
    List {
        /// The endpoint URL.
        url: String,
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Show signatures and help of one method, or of all of them.
    Describe {
        /// The endpoint URL.
        url: String,
        /// The method; all methods when left out.
        method: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print a Rust trait for the server's API, from its introspection.
    ///
    /// The trait is declared with #[rpc_service(client_only)]: its
    /// generated client calls the server, typed. Signatures become Rust
    /// types, help becomes doc comments; what the server does not say is
    /// left untyped (Value), with a comment saying why.
    Codegen {
        /// The endpoint URL.
        url: String,
        /// The trait's name (default: from a namespace all methods share,
        /// else `Api`).
        #[arg(long, value_name = "TRAIT")]
        name: Option<String>,
        /// Only this method (repeatable); for a server that does not list
        /// its methods, the methods to declare.
        #[arg(long = "method", value_name = "NAME")]
        methods: Vec<String>,
    },
    /// Print a completion script for SHELL, e.g. to
    /// ~/.local/share/bash-completion/completions/xmlrpc.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
}

/// Why the tool stops short: the exit code and a one-line message.
#[derive(Debug)]
pub(crate) struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    /// Standard output was closed (`xmlrpc … | head -1`): stop quietly.
    pub(crate) const QUIET: u8 = 0;
    pub(crate) const FAULT: u8 = 1;
    pub(crate) const USAGE: u8 = 2;
    pub(crate) const TRANSPORT: u8 = 3;

    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self {
            code: Self::USAGE,
            message: message.into(),
        }
    }
}

impl From<xmlrpc_client::Error> for Failure {
    fn from(error: xmlrpc_client::Error) -> Self {
        use xmlrpc_client::Error as E;
        let code = match &error {
            E::Fault(_) => Self::FAULT,
            E::Setup { .. } | E::Request(_) | E::Convert(_) => Self::USAGE,
            _ => Self::TRANSPORT,
        };
        let message = match &error {
            E::Fault(fault) => format!("fault {}: {}", fault.code, fault.string),
            other => chain(other),
        };
        Self { code, message }
    }
}

/// An error and its causes, `: `-separated, each said once (a cause
/// whose text its parent already holds is left out).
fn chain(error: &dyn std::error::Error) -> String {
    let mut out = error.to_string();
    let mut next = error.source();
    while let Some(cause) = next {
        let text = cause.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        next = cause.source();
    }
    out
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.options.verbose {
        term::trace_wire();
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return fail(&Failure::usage(format!("cannot start: {e}"))),
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => fail(&failure),
    }
}

fn fail(failure: &Failure) -> ExitCode {
    if failure.code == Failure::QUIET {
        return ExitCode::SUCCESS;
    }
    // One line, whatever the message holds (an HTML page, a stack trace).
    let line = failure.message.split_whitespace().collect::<Vec<_>>();
    eprintln!("xmlrpc: {}", line.join(" "));
    ExitCode::from(failure.code)
}

fn timeout(seconds: f64) -> Result<Duration, Failure> {
    Duration::try_from_secs_f64(seconds)
        .map_err(|_| Failure::usage(format!("--timeout {seconds}: not a number of seconds")))
}
