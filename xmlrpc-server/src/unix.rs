//! Serving on a Unix domain socket, as Supervisor does by default: local
//! clients only, guarded by the file's permissions, no TCP port.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::path::Path;

use tokio::net::{UnixListener, UnixStream};

use crate::Server;
use crate::listen::{Listener, sealed, shutdown_signal};

impl sealed::Sealed for UnixListener {}

impl Listener for UnixListener {
    type Stream = UnixStream;

    async fn accept_one(&self) -> io::Result<(UnixStream, Option<SocketAddr>)> {
        let (stream, _) = self.accept().await?;
        Ok((stream, None))
    }
}

impl Server {
    /// Serves on the Unix socket at `path` until Ctrl-C or SIGTERM, then shuts down
    /// gracefully as [`serve`](Self::serve) does and removes the socket
    /// file. Every endpoint answers at its path as over TCP; calls see no
    /// peer address in their [`Context`](xmlrpc_core::Context). A socket
    /// file left behind by a server that is gone is replaced; one that a
    /// server still answers on is an error.
    ///
    /// Clients reach it with a `unix://` URL (see `xmlrpc_client::Client`).
    ///
    /// # Errors
    ///
    /// When the socket cannot be bound (a live server on it, a missing
    /// directory, no permission).
    pub async fn serve_unix(self, path: impl AsRef<Path>) -> io::Result<()> {
        let path = path.as_ref();
        let listener = bind(path)?;
        tracing::info!(path = %path.display(), "serving XML-RPC on a Unix socket");
        let served = self.serve_unix_listener(listener, shutdown_signal()).await;
        if let Err(error) = std::fs::remove_file(path) {
            tracing::debug!(%error, "socket file not removed");
        }
        served
    }

    /// Serves connections from a Unix socket `listener` until `shutdown`
    /// completes, as [`serve_listener`](Self::serve_listener) does for TCP.
    /// The socket file is left to the caller.
    ///
    /// # Errors
    ///
    /// None at present; accept errors are logged and retried.
    pub async fn serve_unix_listener(
        self,
        listener: UnixListener,
        shutdown: impl Future<Output = ()> + Send,
    ) -> io::Result<()> {
        self.serve_accepted(listener, shutdown).await
    }
}

/// Binds `path`, replacing a stale socket file that nobody answers on.
fn bind(path: &Path) -> io::Result<UnixListener> {
    match UnixListener::bind(path) {
        Err(e)
            if e.kind() == io::ErrorKind::AddrInUse
                && std::os::unix::net::UnixStream::connect(path).is_err() =>
        {
            std::fs::remove_file(path)?;
            UnixListener::bind(path)
        }
        other => other,
    }
}
