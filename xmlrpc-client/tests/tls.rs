//! HTTPS: a self-signed server trusted through `root_certificate`, refused
//! without it, and accepted by the explicit opt-out.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use rustls_pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::TcpListener;
use tokio_rustls::rustls::{self, ServerConfig};
use xmlrpc_client::Client;
use xmlrpc_server::Server;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_with_a_custom_root_and_with_the_opt_out() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let key = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let pem = key.cert.pem();
    let private = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.signing_key.serialize_der()));
    let config = ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(vec![key.cert.der().clone()], private)
        .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(
        Server::new()
            .register_function_as("add", |a: i32, b: i32| a + b)
            .serve_tls_listener(listener, Arc::new(config), std::future::pending()),
    );
    let url = format!("https://localhost:{port}/RPC2");

    let trusted = Client::builder(&url)
        .no_proxy()
        .root_certificate(pem.as_bytes())
        .build()
        .unwrap();
    assert_eq!(trusted.call::<i32>("add", (2, 3)).await.unwrap(), 5);

    // Not trusted: a TLS error that says why, not "cannot connect".
    let strict = Client::builder(&url).no_proxy().build().unwrap();
    let err = strict.call::<i32>("add", (2, 3)).await.unwrap_err();
    assert!(err.is_tls(), "{err:?}");
    assert_eq!(
        err.to_string(),
        "TLS handshake failed: the server's certificate is not signed by an authority this client trusts"
    );
    // Trusted, but for another name.
    let elsewhere = Client::builder(&format!("https://127.0.0.1:{port}/RPC2"))
        .no_proxy()
        .root_certificate(pem.as_bytes())
        .build()
        .unwrap();
    let err = elsewhere.call::<i32>("add", (2, 3)).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "TLS handshake failed: the server's certificate is not valid for this host name",
        "{err:?}"
    );

    let careless = Client::builder(&url)
        .no_proxy()
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    assert_eq!(careless.call::<i32>("add", (1, 1)).await.unwrap(), 2);
}
