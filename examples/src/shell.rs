//! The remote shell tutorial's services: `pwd`, `ls`, `cd`, `mkdir`, `cp`
//! and `hello`, confined to one directory, and a `Person` with `show()`.
//!
//! Paths are virtual: `/` is the directory the server was given, and `..`
//! never climbs above it. Every file-system call goes through a
//! [`cap_std::fs::Dir`] opened on that directory, which resolves each path
//! beneath it in the kernel (`openat2` with `RESOLVE_BENEATH` on Linux): a
//! symbolic link that leads out is refused when it is used, not when it
//! was checked, so swapping a folder for a link between a check and a
//! write gains nothing.

use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use cap_std::ambient_authority;
use cap_std::fs::Dir;
use xmlrpc_core::{Fault, rpc_service};

/// Fault code for a path that does not exist or leaves the sandbox.
pub const BAD_PATH: i32 = 1;
/// Fault code for a file-system operation that failed.
pub const IO_ERROR: i32 = 2;

/// A shell whose every path stays inside its root.
#[derive(Debug)]
pub struct Shell {
    root: Dir,
    /// The working directory, relative to the root.
    cwd: Mutex<PathBuf>,
}

impl Shell {
    /// A shell confined to `root`, which must be an existing directory.
    ///
    /// # Errors
    ///
    /// When `root` cannot be opened.
    pub fn new(root: &Path) -> std::io::Result<Self> {
        Ok(Self {
            root: Dir::open_ambient_dir(root, ambient_authority())?,
            cwd: Mutex::new(PathBuf::new()),
        })
    }

    fn cwd(&self) -> PathBuf {
        self.cwd
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The virtual path `path` (absolute from the sandbox root, or relative
    /// to the working directory), normalised without leaving the root;
    /// `.` for the root itself.
    fn virtual_path(&self, path: &str) -> PathBuf {
        let mut out = if path.starts_with('/') {
            PathBuf::new()
        } else {
            self.cwd()
        };
        for part in Path::new(path).components() {
            match part {
                Component::Normal(name) => out.push(name),
                Component::ParentDir => {
                    out.pop();
                }
                Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
            }
        }
        out
    }

    /// `path` relative to the root, as the `Dir` takes it.
    fn beneath(&self, path: &str) -> PathBuf {
        let virtual_path = self.virtual_path(path);
        if virtual_path.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            virtual_path
        }
    }

    fn shown(virtual_path: &Path) -> String {
        format!("/{}", virtual_path.display())
    }
}

/// The fault for a failed file-system call on `path`: a path that leads
/// out of the root is [`BAD_PATH`], as is one that does not exist.
fn io(path: &str) -> impl FnOnce(std::io::Error) -> Fault + '_ {
    move |e| {
        // cap-std's refusal of a path that would leave the root.
        let escape = e.kind() == std::io::ErrorKind::PermissionDenied
            && e.to_string().contains("outside of the filesystem");
        if escape {
            Fault::new(BAD_PATH, format!("{path}: outside the shell"))
        } else if e.kind() == std::io::ErrorKind::NotFound {
            Fault::new(BAD_PATH, format!("{path}: {e}"))
        } else {
            Fault::new(IO_ERROR, format!("{path}: {e}"))
        }
    }
}

#[rpc_service]
impl Shell {
    /// The working directory (`/` is the shell's root).
    pub fn pwd(&self) -> String {
        Self::shown(&self.cwd())
    }

    /// The names in `directory` (default: the working directory), sorted.
    pub fn ls(&self, directory: Option<String>) -> Result<Vec<String>, Fault> {
        let directory = directory.unwrap_or_else(|| ".".to_owned());
        let mut names = self
            .root
            .read_dir(self.beneath(&directory))
            .map_err(io(&directory))?
            .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(io(&directory))?;
        names.sort();
        Ok(names)
    }

    /// Changes the working directory; answers the new one.
    pub fn cd(&self, directory: String) -> Result<String, Fault> {
        let metadata = self
            .root
            .metadata(self.beneath(&directory))
            .map_err(io(&directory))?;
        if !metadata.is_dir() {
            return Err(Fault::new(
                BAD_PATH,
                format!("{directory}: not a directory"),
            ));
        }
        let new = self.virtual_path(&directory);
        let shown = Self::shown(&new);
        *self
            .cwd
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = new;
        Ok(shown)
    }

    /// Makes a directory.
    pub fn mkdir(&self, directory: String) -> Result<(), Fault> {
        self.root
            .create_dir(self.beneath(&directory))
            .map_err(io(&directory))
    }

    /// Copies the file `src` to `dst` (a file name or a directory);
    /// answers the number of bytes copied.
    pub fn cp(&self, src: String, dst: String) -> Result<i64, Fault> {
        let from = self.beneath(&src);
        let mut to = self.beneath(&dst);
        let into_directory = self.root.metadata(&to).is_ok_and(|m| m.is_dir());
        if let Some(name) = from.file_name().filter(|_| into_directory) {
            to.push(name);
        }
        let bytes = self.root.copy(&from, &self.root, &to).map_err(io(&src))?;
        i64::try_from(bytes).map_err(|_| Fault::new(IO_ERROR, "file too large"))
    }

    /// A greeting.
    pub fn hello(&self, name: String) -> String {
        format!("Hello, {name}!")
    }
}

/// The tutorial's `Person`, registered beside the shell.
#[derive(Debug)]
pub struct Person {
    /// The name.
    pub name: String,
    /// The age in years.
    pub age: i32,
}

#[rpc_service]
impl Person {
    /// Who this is.
    pub fn show(&self) -> String {
        format!("{} is {} years old", self.name, self.age)
    }
}
