//! What the test binaries share: a Python server process.

#![allow(dead_code, clippy::unwrap_used)]

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};

/// A Python process, killed when dropped.
pub(crate) struct Python(Child);

impl Drop for Python {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

/// Starts python3 with `args` and waits for the first line it prints (a
/// port, or a banner); `None`, saying so, where python3 is absent.
pub(crate) fn python(args: &[&str]) -> Option<(Python, String)> {
    let child = Command::new("python3")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            eprintln!("SKIPPED: python3 is not available here ({e})");
            return None;
        }
    };
    let stdout = child.stdout.take().unwrap();
    let python = Python(child);
    let mut reader = BufReader::new(stdout);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(!line.is_empty(), "python exited before serving");
    // Read the rest (the demo prints a second line): a closed pipe would
    // kill the server at its next print.
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    Some((python, line.trim().to_owned()))
}
