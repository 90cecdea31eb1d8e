//! A real Supervisor (`supervisord`, `pip install supervisor`) of our own,
//! for the `supervisor` example and the tests: started in a temporary
//! directory with an HTTP server on a free loopback port (basic auth), a
//! Unix socket, and two small programs; stopped when dropped.

use std::io;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use xmlrpc_client::BlockingClient;

/// The user and password of the HTTP server.
pub const USER: &str = "ada";
/// See [`USER`].
pub const PASSWORD: &str = "lovelace";

/// The programs it supervises: `ticker` prints a coloured line (ANSI
/// escapes, as real programs print) five times a second; `sleeper`
/// sleeps.
pub const PROGRAMS: &[&str] = &["sleeper", "ticker"];

/// A running `supervisord`, shut down (with its programs) when dropped.
#[derive(Debug)]
pub struct Supervisord {
    child: Child,
    dir: PathBuf,
    port: u16,
}

impl Supervisord {
    /// Starts `supervisord` and waits until it answers, with its
    /// programs running. It blocks: call it outside an async runtime.
    ///
    /// # Errors
    ///
    /// When `supervisord` is not installed (the error says how to install
    /// it), cannot start, or does not answer within 15 seconds.
    pub fn start() -> io::Result<Self> {
        static STARTED: AtomicUsize = AtomicUsize::new(0);
        let mut last = None;
        // A port found free may be taken before supervisord binds it.
        for _ in 0..3 {
            let dir = std::env::temp_dir().join(format!(
                "xmlrpc-supervisord-{}-{}",
                std::process::id(),
                STARTED.fetch_add(1, Ordering::Relaxed)
            ));
            match Self::start_in(dir) {
                Ok(started) => return Ok(started),
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(e),
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or_else(|| io::Error::other("supervisord did not start")))
    }

    fn start_in(dir: PathBuf) -> io::Result<Self> {
        std::fs::create_dir_all(&dir)?;
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let config = dir.join("supervisord.conf");
        std::fs::write(&config, config_text(&dir, port))?;
        let child = Command::new("supervisord")
            .arg("-c")
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!(
                        "cannot run supervisord ({e}); install it with `pip install supervisor`"
                    ),
                )
            })?;
        let mut started = Self { child, dir, port };
        started.wait_until_running()?;
        Ok(started)
    }

    /// Polls until every program runs, or gives up.
    fn wait_until_running(&mut self) -> io::Result<()> {
        let client = BlockingClient::builder(&self.http_url())
            .no_proxy()
            .timeout(Duration::from_secs(2))
            .build_blocking()
            .map_err(io::Error::other)?;
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.child.try_wait()? {
                return Err(io::Error::other(format!(
                    "supervisord exited ({status}); its log is {}",
                    self.dir.join("supervisord.log").display()
                )));
            }
            let states: Result<Vec<xmlrpc_core::Struct>, _> =
                client.call("supervisor.getAllProcessInfo", ());
            if let Ok(states) = states {
                let running = states
                    .iter()
                    .filter(|s| s.get("statename").and_then(|v| v.as_str()) == Some("RUNNING"))
                    .count();
                if running == PROGRAMS.len() {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "supervisord did not start its programs within 15 s",
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// `http://ada:lovelace@127.0.0.1:PORT/RPC2`.
    #[must_use]
    pub fn http_url(&self) -> String {
        format!("http://{USER}:{PASSWORD}@127.0.0.1:{}/RPC2", self.port)
    }

    /// `unix:///tmp/…/supervisor.sock`.
    #[must_use]
    pub fn unix_url(&self) -> String {
        format!("unix://{}", self.socket().display())
    }

    /// The Unix socket's path.
    #[must_use]
    pub fn socket(&self) -> PathBuf {
        self.dir.join("supervisor.sock")
    }

    /// The directory of its configuration, logs and socket.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Supervisord {
    fn drop(&mut self) {
        // SIGTERM lets supervisord stop its programs; SIGKILL would leave
        // them running.
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                let _ = std::fs::remove_dir_all(&self.dir);
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn config_text(dir: &Path, port: u16) -> String {
    let dir = dir.display();
    format!(
        r#"[supervisord]
nodaemon=true
logfile={dir}/supervisord.log
pidfile={dir}/supervisord.pid
childlogdir={dir}
loglevel=warn

[inet_http_server]
port=127.0.0.1:{port}
username={USER}
password={PASSWORD}

[unix_http_server]
file={dir}/supervisor.sock

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[program:ticker]
command=/bin/sh -c 'i=0; while true; do i=$((i+1)); printf "\033[32mtick %%s\033[0m\n" "$i"; sleep 0.2; done'
startsecs=0
stopwaitsecs=2

[program:sleeper]
command=/bin/sleep 3600
startsecs=0
stopwaitsecs=2
"#
    )
}
