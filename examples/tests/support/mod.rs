//! What several test binaries share: the built programs, and a real
//! supervisord or a clear reason why there is none.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

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
