//! Fuzzes the HTTP client with whatever a server might answer: the bytes
//! are sent back as they are on a real loopback connection (status line,
//! headers, gzip or not, chunked or not, truncated or not). A call must
//! end in a value or an error, never a panic, and within its timeout.
#![no_main]

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use xmlrpc_client::BlockingClient;

/// A server thread that answers each connection with the next input.
struct Fake {
    addr: SocketAddr,
    answers: SyncSender<Vec<u8>>,
}

fn fake() -> &'static Mutex<Fake> {
    static FAKE: OnceLock<Mutex<Fake>> = OnceLock::new();
    FAKE.get_or_init(|| {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let addr = listener.local_addr().expect("its address");
        let (answers, next) = sync_channel::<Vec<u8>>(1);
        std::thread::spawn(move || serve(&listener, &next));
        Mutex::new(Fake { addr, answers })
    })
}

fn serve(listener: &TcpListener, next: &Receiver<Vec<u8>>) {
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let Ok(answer) = next.recv() else { return };
        stream.set_read_timeout(Some(Duration::from_millis(200))).ok();
        // Read the request head and body (small), then answer and close.
        let mut request = [0_u8; 4096];
        let _ = stream.read(&mut request);
        let _ = stream.write_all(&answer);
    }
}

fn client(addr: SocketAddr) -> &'static BlockingClient {
    static CLIENT: OnceLock<BlockingClient> = OnceLock::new();
    CLIENT.get_or_init(|| {
        BlockingClient::builder(&format!("http://{addr}/RPC2"))
            .no_proxy()
            .timeout(Duration::from_secs(2))
            .max_response(1 << 20)
            .max_redirects(0)
            .build_blocking()
            .expect("a client")
    })
}

fuzz_target!(|data: &[u8]| {
    let fake = fake().lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let client = client(fake.addr);
    fake.answers.send(data.to_vec()).expect("the fake server runs");
    let _ = client.call_value("m", vec![]);
});
