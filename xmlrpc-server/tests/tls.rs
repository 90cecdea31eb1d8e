//! HTTPS with rustls: a call over TLS to a self-signed server.

#![cfg(feature = "tls")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls::{ClientConfig, RootCertStore, ServerConfig};
use tokio_rustls::{TlsConnector, rustls};
use xmlrpc_core::{MethodResponse, Value};
use xmlrpc_server::Server;

use common::{Lab, call_xml, post};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_work_over_tls() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let key = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let cert: CertificateDer<'static> = key.cert.der().clone();
    let private = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.signing_key.serialize_der()));
    let config = ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(vec![cert.clone()], private)
        .unwrap();

    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(Server::new().register_instance(Lab).serve_tls_listener(
        listener,
        Arc::new(config),
        async {
            stopped.await.ok();
        },
    ));

    let mut roots = RootCertStore::empty();
    roots.add(cert).unwrap();
    let client = ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let connector = TlsConnector::from(Arc::new(client));
    let tcp = TcpStream::connect(addr).await.unwrap();
    let mut tls = connector
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
        .unwrap();
    let request = post(
        &call_xml("add", vec![Value::Int(40), Value::Int(2)]),
        "Connection: close\r\n",
    );
    tls.write_all(request.as_bytes()).await.unwrap();
    let mut reply = Vec::new();
    tls.read_to_end(&mut reply).await.unwrap();
    let text = String::from_utf8(reply).unwrap();
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    let body = &text[text.find("\r\n\r\n").unwrap() + 4..];
    let value = MethodResponse::from_xml(body.as_bytes())
        .unwrap()
        .into_result();
    assert_eq!(value, Ok(Value::Int(42)));

    // A client that never finishes its handshake does not stop others.
    let _stuck = TcpStream::connect(addr).await.unwrap();
    let tcp = TcpStream::connect(addr).await.unwrap();
    let tls = connector
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await;
    assert!(tls.is_ok());

    stop.send(()).ok();
    server.await.unwrap().unwrap();
}
