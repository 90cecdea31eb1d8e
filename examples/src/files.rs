//! The file transfer tutorial's service: one stored image, up and down.

use std::io::Write as _;
use std::path::Path;

use cap_std::ambient_authority;
use cap_std::fs::Dir;
use xmlrpc_core::{Binary, rpc_service};

/// The stored image's name in the store's directory.
pub const IMAGE: &str = "server_image.jpg";

/// Stores uploads as `server_image.jpg` in a directory. The file is
/// written beneath that directory, never through a symbolic link that
/// leads out of it.
#[derive(Debug)]
pub struct Files {
    dir: Dir,
}

impl Files {
    /// A store in `dir` (which must exist).
    ///
    /// # Errors
    ///
    /// When `dir` cannot be opened.
    pub fn new(dir: &Path) -> std::io::Result<Self> {
        Ok(Self {
            dir: Dir::open_ambient_dir(dir, ambient_authority())?,
        })
    }
}

#[rpc_service]
impl Files {
    /// Stores the uploaded image; answers nothing.
    pub fn image_put(&self, data: Binary) -> std::io::Result<()> {
        let mut file = self.dir.create(IMAGE)?;
        file.write_all(data.as_ref())
    }

    /// The stored image.
    pub fn image_get(&self) -> std::io::Result<Binary> {
        self.dir.read(IMAGE).map(Binary::new)
    }
}
