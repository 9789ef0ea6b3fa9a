//! The folder a spec's external references may reach, and nothing outside it.
//!
//! A spec is written by someone else, and a regeneration runs on every developer's machine
//! and in CI: a `$ref: ../../../home/me/.ssh/id_rsa` must not read the file, let alone make
//! its content a type of the crate or quote it in an error. References resolve only to files
//! under the root (the folder of the documents, unless the project sets a wider one), judged
//! after `..` is resolved and after symbolic links are followed. A path outside the root is
//! refused before anything touches it; a symlink inside the root that leads out is refused
//! without opening what it points at.

use std::fs;
use std::path::{Component, Path, PathBuf};

/// A folder references are confined to.
#[derive(Clone, Debug)]
pub struct Root {
    /// As the user named it, for messages.
    shown: PathBuf,
    /// Absolute, with `.` and `..` resolved by name (no file system access).
    absolute: PathBuf,
    /// With symbolic links resolved; `None` when the folder does not exist.
    real: Option<PathBuf>,
}

/// Why a file a reference names is not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The path, `..` resolved, is outside the root.
    Outside,
    /// The path is inside the root, but a symbolic link on it leads out.
    LinkLeadsOut,
    /// The path is inside the root and names no file.
    Missing,
}

impl Root {
    /// The root at `folder`.
    pub fn new(folder: &Path) -> Self {
        // A document named without a folder is in the current one.
        let folder = match folder.as_os_str().is_empty() {
            true => Path::new("."),
            false => folder,
        };
        let absolute = normalize(&std::path::absolute(folder).unwrap_or_else(|_| folder.into()));
        Self {
            shown: folder.to_path_buf(),
            real: fs::canonicalize(&absolute).ok(),
            absolute,
        }
    }

    /// The folder as the user named it.
    pub fn shown(&self) -> &Path {
        &self.shown
    }

    /// `file` when it may be read: inside the root by name and, symbolic links followed,
    /// still inside it. Nothing outside the root is opened or looked up.
    pub fn confine(&self, file: &Path) -> Result<PathBuf, Refusal> {
        let real = self.locate(file)?;
        if !real.is_file() {
            return Err(Refusal::Missing);
        }
        Ok(file.to_path_buf())
    }

    /// Where `path` (a file or a folder) really is, when that is inside the root.
    pub fn locate(&self, path: &Path) -> Result<PathBuf, Refusal> {
        let absolute = normalize(&std::path::absolute(path).map_err(|_| Refusal::Outside)?);
        if !absolute.starts_with(&self.absolute) {
            return Err(Refusal::Outside);
        }
        let real = fs::canonicalize(&absolute).map_err(|_| Refusal::Missing)?;
        match &self.real {
            Some(root) if real.starts_with(root) => Ok(real),
            _ => Err(Refusal::LinkLeadsOut),
        }
    }
}

impl Refusal {
    /// What is wrong with `reference`, for a message that names the root and never the
    /// content (or, for a link, the target) of what was refused.
    pub fn message(self, reference: &str, root: &Root) -> String {
        let root = root.shown().display();
        match self {
            Self::Outside => {
                format!("`$ref: {reference}` names a file outside the spec root `{root}`")
            }
            Self::LinkLeadsOut => format!(
                "`$ref: {reference}` names a file inside the spec root `{root}` through a symbolic link that leads out of it"
            ),
            Self::Missing => format!(
                "`$ref: {reference}` names a file inside the spec root `{root}` that does not exist"
            ),
        }
    }

    /// What to do about it.
    pub fn help(self) -> &'static str {
        match self {
            Self::Outside | Self::LinkLeadsOut => {
                "references resolve only to files under the spec root: copy the file into it, or set a wider root (`--spec-root DIR`, or `spec-root` in codegen.toml) if the files around the spec are yours"
            }
            Self::Missing => {
                "fix the file name (it is relative to the file holding the `$ref`), or add the file"
            }
        }
    }
}

/// `path` with `.` dropped and each `..` taking off the part before it, by name alone.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_judged_after_dot_dot_and_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let root_dir = dir.path().join("specs");
        fs::create_dir_all(root_dir.join("shared")).unwrap();
        fs::write(root_dir.join("shared/a.yaml"), "a: 1").unwrap();
        fs::write(dir.path().join("secret.yaml"), "token: x").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.yaml"), root_dir.join("link.yaml"))
            .unwrap();
        let root = Root::new(&root_dir);
        let inside = root_dir.join("shared/../shared/a.yaml");
        assert_eq!(root.confine(&inside), Ok(inside.clone()));
        assert_eq!(
            root.confine(&root_dir.join("shared/../../secret.yaml")),
            Err(Refusal::Outside)
        );
        assert_eq!(
            root.confine(&dir.path().join("secret.yaml")),
            Err(Refusal::Outside)
        );
        assert_eq!(
            root.confine(&root_dir.join("link.yaml")),
            Err(Refusal::LinkLeadsOut)
        );
        assert_eq!(
            root.confine(&root_dir.join("shared/b.yaml")),
            Err(Refusal::Missing)
        );
    }
}
