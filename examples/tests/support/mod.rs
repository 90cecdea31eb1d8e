//! What several test binaries share: the built programs, a Python
//! process, and a real supervisord or a clear reason why there is none.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead as _, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use examples::supervisord::Supervisord;

/// A program that `cargo test --workspace` builds before it runs the
/// tests: an example (`examples/NAME`) or another package's binary
/// (`NAME`), such as the `xmlrpc` tool.
pub(crate) fn built(relative: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    let path = dir.join(format!("{relative}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "{} is not built: run `cargo test --workspace`",
        path.display()
    );
    path
}

/// Our own supervisord, or `None` with a message when it is not
/// installed here. CI installs it (`.ci/run`) and sets
/// `XMLRPC_REQUIRE_SUPERVISORD=1`, so that there a missing supervisord is
/// a failure, never a silent skip.
pub(crate) fn supervisord() -> Option<Supervisord> {
    match Supervisord::start() {
        Ok(started) => Some(started),
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                && std::env::var_os("XMLRPC_REQUIRE_SUPERVISORD").is_none() =>
        {
            eprintln!("SKIPPED: {e}");
            None
        }
        Err(e) => panic!("supervisord: {e}"),
    }
}

/// A child process, killed when dropped.
pub(crate) struct Process(pub(crate) Child);

impl Drop for Process {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

/// Spawns `command` and reads the first line it prints. The rest is read
/// and dropped, so that it never writes into a closed pipe (which kills a
/// Python server at its next print).
pub(crate) fn spawn(command: &mut Command) -> std::io::Result<(Process, String)> {
    let mut child = command.stdout(Stdio::piped()).spawn()?;
    let stdout = child.stdout.take().expect("piped");
    let process = Process(child);
    let mut reader = BufReader::new(stdout);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    Ok((process, line.trim().to_owned()))
}

/// Starts python3 with `args`; its first line of output. `None`, saying
/// so, where python3 is absent.
pub(crate) fn python(args: &[&str]) -> Option<(Process, String)> {
    match spawn(Command::new("python3").args(args)) {
        Ok(started) => Some(started),
        Err(e) => {
            eprintln!("SKIPPED: python3 is not available here ({e})");
            None
        }
    }
}
