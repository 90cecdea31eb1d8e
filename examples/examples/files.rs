//! Python's file transfer tutorial: `image_put(Binary)` stores an uploaded
//! file and answers nothing (nil); `image_get()` answers the stored file as
//! `Binary`.
//!
//! `cargo run --example files` uploads a real file, downloads it, checks
//! the bytes and exits; `-- --serve [ADDR] [DIR]` keeps serving, storing in
//! DIR (default: a new temporary directory).

use std::path::PathBuf;

use examples::files::Files;
use examples::run::{self, Args};
use xmlrpc_core::Binary;
use xmlrpc_server::Server;

/// What `--help` prints.
const USAGE: &str = "Usage: files [--serve [ADDR] [DIR]]

Python's file transfer tutorial: image_put(Binary) and image_get().

Without options: uploads a file, downloads it, checks the bytes, exits.
  --serve [ADDR] [DIR]  keep serving on ADDR (default 127.0.0.1:8000), storing
                        in DIR (default: a new temporary directory)";

#[tokio::main]
async fn main() -> Result<(), run::BoxError> {
    run::help(USAGE);
    let args = Args::from_env();
    // A fresh private folder (made with a random name, mode 0700, removed
    // at the end) unless one is given: a predictable one could be planted.
    let fresh = tempfile::Builder::new().prefix("xmlrpc-files-").tempdir()?;
    let dir = match args.positional().first() {
        Some(dir) => PathBuf::from(dir),
        None => fresh.path().to_path_buf(),
    };
    let server = Server::new().register_instance(Files::new(&dir)?);
    let work = dir.clone();
    let result = run::serve_or_demo(server, |url| async move {
        let dir = work;
        let proxy = run::client(&url)?;
        // A real file on disk: 256 KiB of every byte value.
        let original = dir.join("client_image.bin");
        let bytes: Vec<u8> = (0..=255_u8).cycle().take(256 << 10).collect();
        std::fs::write(&original, &bytes)?;

        let data = Binary::new(std::fs::read(&original)?);
        let nothing: Option<()> = proxy.call("image_put", (data,)).await?;
        println!("image_put({} bytes) = {nothing:?}", bytes.len());
        let got: Binary = proxy.call("image_get", ()).await?;
        let copy = dir.join("downloaded.bin");
        std::fs::write(&copy, got.as_ref())?;
        let same = std::fs::read(&copy)? == std::fs::read(&original)?;
        println!(
            "image_get() = {} bytes, identical: {same}",
            got.as_ref().len()
        );
        if !same {
            return Err("the downloaded file differs".into());
        }
        Ok(())
    })
    .await;
    drop(fresh);
    result
}
