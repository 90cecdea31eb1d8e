//! The remote shell tutorial's services: `pwd`, `ls`, `cd`, `mkdir`, `cp`
//! and `hello`, confined to one directory, and a `Person` with `show()`.
//!
//! Paths are virtual: `/` is the directory the server was given, `..`
//! never climbs above it, and a symbolic link that leads out of it is
//! refused.

use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use xmlrpc_core::{Fault, rpc_service};

/// Fault code for a path that does not exist or leaves the sandbox.
pub const BAD_PATH: i32 = 1;
/// Fault code for a file-system operation that failed.
pub const IO_ERROR: i32 = 2;

/// A shell whose every path stays inside `root`.
#[derive(Debug)]
pub struct Shell {
    root: PathBuf,
    /// The working directory, relative to `root`.
    cwd: Mutex<PathBuf>,
}

impl Shell {
    /// A shell confined to `root`, which must be an existing directory.
    ///
    /// # Errors
    ///
    /// When `root` cannot be resolved.
    pub fn new(root: &Path) -> std::io::Result<Self> {
        Ok(Self {
            root: root.canonicalize()?,
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
    /// to the working directory), normalised without leaving the root.
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

    /// The real path of `path`, refused when a link leads out of the root.
    /// For a path that does not exist yet, its parent is checked.
    fn real(&self, path: &str) -> Result<PathBuf, Fault> {
        let real = self.root.join(self.virtual_path(path));
        let existing = if real.exists() {
            real.clone()
        } else {
            real.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        match existing.canonicalize() {
            Ok(resolved) if resolved.starts_with(&self.root) => Ok(real),
            Ok(_) => Err(Fault::new(BAD_PATH, format!("{path}: outside the shell"))),
            Err(e) => Err(Fault::new(BAD_PATH, format!("{path}: {e}"))),
        }
    }

    fn shown(virtual_path: &Path) -> String {
        format!("/{}", virtual_path.display())
    }
}

fn io(path: &str) -> impl FnOnce(std::io::Error) -> Fault + '_ {
    move |e| Fault::new(IO_ERROR, format!("{path}: {e}"))
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
        let real = self.real(&directory)?;
        let mut names = std::fs::read_dir(&real)
            .map_err(io(&directory))?
            .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(io(&directory))?;
        names.sort();
        Ok(names)
    }

    /// Changes the working directory; answers the new one.
    pub fn cd(&self, directory: String) -> Result<String, Fault> {
        let real = self.real(&directory)?;
        if !real.is_dir() {
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
        std::fs::create_dir(self.real(&directory)?).map_err(io(&directory))
    }

    /// Copies the file `src` to `dst` (a file name or a directory);
    /// answers the number of bytes copied.
    pub fn cp(&self, src: String, dst: String) -> Result<i64, Fault> {
        let from = self.real(&src)?;
        let mut to = self.real(&dst)?;
        if let Some(name) = from.file_name().filter(|_| to.is_dir()) {
            to.push(name);
        }
        let bytes = std::fs::copy(&from, &to).map_err(io(&src))?;
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
