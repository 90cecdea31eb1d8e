//! The remote shell tutorial: `pwd`, `ls(directory=None)`, `cd`, `mkdir`,
//! `cp` and `hello`, with a `Person` instance and its `show()`.
//!
//! WARNING: this serves file-system access. It is confined to the directory
//! given on the command line (`..` and links cannot leave it) and listens on
//! loopback only unless `--allow-remote` is given; do not expose it.
//!
//! `cargo run --example remote_shell` works in a new temporary directory,
//! runs a session and exits; `-- --serve [ADDR] DIR` keeps serving DIR.

use std::path::PathBuf;

use examples::run::{self, Args};
use examples::shell::{Person, Shell};
use xmlrpc_server::Server;

const HELP: &str = "\
Usage: remote_shell [--serve [ADDR]] [--allow-remote] [DIR]

WARNING: serves file-system access to DIR (default: a new temporary
directory). Every path stays inside DIR. Only loopback addresses are
accepted unless --allow-remote is given.";

#[tokio::main]
async fn main() -> Result<(), run::BoxError> {
    let args = Args::from_env();
    if args.has("--help") || args.has("-h") {
        println!("{HELP}");
        return Ok(());
    }
    if let Some(addr) = args.serve_addr() {
        let loopback =
            addr.starts_with("127.") || addr.starts_with("[::1]") || addr.starts_with("localhost:");
        if !loopback && !args.has("--allow-remote") {
            return Err(format!(
                "{addr} is not a loopback address; add --allow-remote to serve it"
            )
            .into());
        }
    }
    let given = args.positional().first().map(PathBuf::from);
    // A fresh private folder (random name, mode 0700, removed at the end)
    // unless one is given: a predictable one could be planted.
    let fresh = tempfile::Builder::new().prefix("xmlrpc-shell-").tempdir()?;
    let root = given.clone().unwrap_or_else(|| fresh.path().to_path_buf());
    if given.is_none() {
        std::fs::write(root.join("readme.txt"), "hello from the shell\n")?;
    }
    let server = Server::new()
        .register_instance(Shell::new(&root)?)
        .register_instance(Person {
            name: "Ann".into(),
            age: 36,
        });
    let result = run::serve_or_demo(server, |url| async move {
        let sh = run::client(&url)?;
        println!("pwd() = {}", sh.call::<String>("pwd", ()).await?);
        sh.call::<()>("mkdir", ("docs",)).await?;
        let bytes: i64 = sh.call("cp", ("readme.txt", "docs")).await?;
        println!("cp(readme.txt, docs) = {bytes}");
        println!("ls() = {:?}", sh.call::<Vec<String>>("ls", ()).await?);
        println!("cd(docs) = {}", sh.call::<String>("cd", ("docs",)).await?);
        println!("ls() = {:?}", sh.call::<Vec<String>>("ls", ()).await?);
        match sh.call::<String>("cd", ("../../..",)).await {
            Ok(at) => println!("cd(../../..) = {at} (stays inside)"),
            Err(e) => println!("cd(../../..) -> {e}"),
        }
        println!(
            "hello(Bob) = {}",
            sh.call::<String>("hello", ("Bob",)).await?
        );
        println!("show() = {}", sh.call::<String>("show", ()).await?);
        Ok(())
    })
    .await;
    drop(fresh);
    result
}
