//! Supervisor (`supervisord`) from Rust: its XML-RPC API declared as a
//! trait, in the spirit of what `xmlrpc codegen URL` prints, called through
//! the blocking client, as a supervisorctl-like script would.
//!
//! `cargo run --example supervisor` starts a supervisord of its own
//! (`pip install supervisor`) with two programs, lists them, stops and
//! starts one, reads its log (ANSI escapes and all), sends a batch, and
//! asks again over the Unix socket. `-- --url URL` talks to yours instead,
//! read-only unless `--restart NAME` names a program to restart:
//! `unix:///tmp/supervisor.sock` or `http://user:pass@localhost:9001/RPC2`.

use examples::run::{self, Args, BoxError};
use examples::supervisord::Supervisord;
use serde::Deserialize;
use xmlrpc_client::{BlockingClient, MulticallShape};
use xmlrpc_core::rpc_service;

/// supervisord's state (`supervisor.getState`).
#[derive(Debug, Deserialize)]
pub struct State {
    /// `RUNNING`, `RESTARTING`, `SHUTDOWN`…
    pub statename: String,
}

/// One program (`supervisor.getProcessInfo`); Supervisor sends more
/// members, which are left out.
#[derive(Debug, Deserialize)]
pub struct ProcessInfo {
    /// The program's name.
    pub name: String,
    /// `RUNNING`, `STOPPED`, `FATAL`…
    pub statename: String,
    /// 0 when not running.
    pub pid: i32,
}

/// The part of Supervisor's API this script uses. `xmlrpc codegen` printed
/// the methods; the results got types of their own.
#[rpc_service(client_only, namespace = "supervisor", rename_all = "camelCase")]
pub trait Supervisor {
    /// Return current state of supervisord as a struct.
    fn get_state(&self) -> State;

    /// Return the version of the supervisor package in use by supervisord.
    fn get_supervisor_version(&self) -> String;

    /// Return the PID of supervisord.
    #[rpc(name = "getPID")]
    fn get_pid(&self) -> i32;

    /// Get info about all processes.
    fn get_all_process_info(&self) -> Vec<ProcessInfo>;

    /// Get info about a process named name.
    fn get_process_info(&self, name: &str) -> ProcessInfo;

    /// Stop a process named by name.
    fn stop_process(&self, name: &str, wait: bool) -> bool;

    /// Start a process.
    fn start_process(&self, name: &str, wait: bool) -> bool;

    /// Read length bytes from name's stdout log starting at offset.
    fn read_process_stdout_log(&self, name: &str, offset: i32, length: i32) -> String;
}

/// The typed client over the blocking HTTP (or Unix socket) client.
/// Process logs carry ANSI escapes, which XML forbids: read them anyway.
/// Supervisor answers multicalls unwrapped: say so, for every answer.
fn connect(url: &str) -> Result<SupervisorClient<BlockingClient>, BoxError> {
    let client = BlockingClient::builder(url)
        .no_proxy()
        .control_characters(true)
        .multicall_shape(MulticallShape::Unwrapped)
        .build_blocking()?;
    Ok(SupervisorClient::new(client))
}

/// What `--help` prints.
const USAGE: &str = "Usage: supervisor [--url URL [--restart NAME]]

Supervisor's XML-RPC API as a trait, called through the blocking client.

Without options: starts a supervisord of its own (pip install supervisor),
lists, stops, starts, reads a log, batches, and asks over its Unix socket.
  --url URL       talk to your supervisord instead (read-only), for example
                  unix:///tmp/supervisor.sock or http://user:pass@localhost:9001/RPC2
  --restart NAME  restart program NAME there";

fn main() -> Result<(), BoxError> {
    run::help(USAGE);
    let args = Args::from_env();
    let (_own, url, unix, restart) = match args.value("--url") {
        Some(url) => (
            None,
            url.to_owned(),
            None,
            args.value("--restart").map(str::to_owned),
        ),
        None => {
            let own = Supervisord::start()?;
            let (http, unix) = (own.http_url(), own.unix_url());
            (Some(own), http, Some(unix), Some("ticker".to_owned()))
        }
    };
    let supervisor = connect(&url)?;

    let state = supervisor.get_state()?;
    let version = supervisor.get_supervisor_version()?;
    println!("supervisord {version} is {}", state.statename);
    for process in supervisor.get_all_process_info()? {
        println!(
            "{} {} (pid {})",
            process.name, process.statename, process.pid
        );
    }

    if let Some(name) = &restart {
        let stopped = supervisor.stop_process(name, true)?;
        let now = supervisor.get_process_info(name)?.statename;
        println!("stopProcess({name}) = {stopped}: {now}");
        let started = supervisor.start_process(name, true)?;
        let now = supervisor.get_process_info(name)?.statename;
        println!("startProcess({name}) = {started}: {now}");
        let log = supervisor.read_process_stdout_log(name, 0, 200)?;
        let first = log.lines().next().unwrap_or_default();
        println!("{name}'s log starts with {first:?}");
    }

    // Three calls in one request; each answers on its own, the fault too.
    let (pid, version, missing) = supervisor.batch(|b| {
        (
            b.get_pid(),
            b.get_supervisor_version(),
            b.get_process_info("no-such-program"),
        )
    })?;
    println!(
        "batch: getPID = {}, getSupervisorVersion = {}",
        pid?, version?
    );
    match missing {
        Ok(info) => println!("batch: no-such-program is {}", info.statename),
        Err(e) => println!("batch: getProcessInfo(no-such-program) failed: {e}"),
    }

    if let Some(unix) = unix {
        let state = connect(&unix)?.get_state()?;
        println!("over {unix}: {}", state.statename);
    }
    Ok(())
}
