//! XML-RPC client over HTTP (work in progress: see the project's issues).
