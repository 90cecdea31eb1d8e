//! XML-RPC server over HTTP (work in progress: see the project's issues).
