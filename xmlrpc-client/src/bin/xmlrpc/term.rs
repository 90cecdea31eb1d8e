//! What the tool writes: results to standard output (stopping quietly
//! when the reader has gone), and to stderr the wire trace of `-v` and a
//! progress bar for large transfers when stderr is a terminal.

use std::io::{IsTerminal as _, Write as _};
use std::sync::OnceLock;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use xmlrpc_client::{ClientBuilder, Progress};

use crate::Failure;

/// Writes `text` and a newline to standard output. A closed pipe
/// (`xmlrpc … | head -1`) ends the tool quietly, with status 0.
///
/// # Errors
///
/// [`Failure::QUIET`] for a closed pipe, a usage failure for another
/// write error (a full disk).
pub(crate) fn emit(text: &str) -> Result<(), Failure> {
    clear_progress();
    let mut out = std::io::stdout().lock();
    let written = out
        .write_all(text.as_bytes())
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    match written {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Failure {
            code: Failure::QUIET,
            message: String::new(),
        }),
        Err(e) => Err(Failure::usage(format!("cannot write the output: {e}"))),
    }
}

/// `-v`: the client's `xmlrpc_client::wire` trace on stderr, as is.
pub(crate) fn trace_wire() {
    use tracing_subscriber::layer::SubscriberExt as _;
    let only_wire = tracing_subscriber::filter::Targets::new()
        .with_target("xmlrpc_client::wire", tracing::Level::TRACE);
    let subscriber = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .without_time()
        .with_level(false)
        .with_target(false)
        .with_max_level(tracing::Level::TRACE)
        .finish()
        .with(only_wire);
    // Set once, at start; a second call would be the only failure.
    let _ = tracing::subscriber::set_global_default(subscriber);
}

/// Transfers from this size on get a progress bar.
const LARGE: u64 = 1 << 20;

/// The progress bar, when stderr is a terminal and one was asked for.
static BAR: OnceLock<ProgressBar> = OnceLock::new();

/// Reports the client's transfers on a progress bar, when stderr is a
/// terminal; silent otherwise.
pub(crate) fn with_progress(builder: ClientBuilder) -> ClientBuilder {
    if !std::io::stderr().is_terminal() {
        return builder;
    }
    let bar = BAR
        .get_or_init(|| ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()))
        .clone();
    builder.on_progress(move |progress| show(&bar, progress))
}

fn show(bar: &ProgressBar, progress: Progress) {
    let (phase, done, total) = if progress.received == 0 {
        ("sending", progress.sent, Some(progress.to_send))
    } else {
        ("receiving", progress.received, progress.to_receive)
    };
    if total.unwrap_or(done) < LARGE {
        return;
    }
    if bar.message() != phase {
        bar.set_message(phase);
        let template = match total {
            Some(_) => "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec}",
            None => "{msg} {bytes} {bytes_per_sec}",
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        match total {
            Some(total) => bar.set_length(total),
            None => bar.unset_length(),
        }
        bar.set_position(0);
    }
    bar.set_position(done);
}

/// Takes the progress bar off the terminal before output is written.
pub(crate) fn clear_progress() {
    if let Some(bar) = BAR.get() {
        bar.finish_and_clear();
    }
}
