//! The file transfer tutorial's service: one stored image, up and down.

use std::path::{Path, PathBuf};

use xmlrpc_core::{Binary, rpc_service};

/// Stores uploads as `server_image.jpg` in a directory.
#[derive(Debug)]
pub struct Files {
    path: PathBuf,
}

impl Files {
    /// A store in `dir` (which must exist).
    #[must_use]
    pub fn new(dir: &Path) -> Self {
        Self {
            path: dir.join("server_image.jpg"),
        }
    }
}

#[rpc_service]
impl Files {
    /// Stores the uploaded image; answers nothing.
    pub fn image_put(&self, data: Binary) -> std::io::Result<()> {
        std::fs::write(&self.path, data.as_ref())
    }

    /// The stored image.
    pub fn image_get(&self) -> std::io::Result<Binary> {
        std::fs::read(&self.path).map(Binary::new)
    }
}
