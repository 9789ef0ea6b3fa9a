//! Stage 8: bring an output folder in line with the rendered files.
//!
//! Only files whose bytes differ are written (so their mtimes, and what cargo rebuilds, stay
//! put). Writing is two-phase so the folder is never half-written: every new file is first
//! written in full to a temporary file beside its target; only when all of them are on disk
//! are they renamed into place (a rename is atomic and cannot run out of space). If staging
//! fails (disk full, permissions), the temporaries are removed and the folder is untouched.
//! Files this generator wrote earlier but no longer emits are deleted last; files without our
//! header (a user's notes, `target/`, `Cargo.lock`) are never touched.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::render::MARKER;

/// What syncing would do or did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files whose content is new or different.
    pub written: Vec<PathBuf>,
    /// Files that are no longer generated.
    pub removed: Vec<PathBuf>,
}

impl Changes {
    /// True when the folder already matches.
    pub fn is_empty(&self) -> bool {
        self.written.is_empty() && self.removed.is_empty()
    }
}

/// Compares `files` (relative paths) with `out_dir` without writing.
pub fn diff(out_dir: &Path, files: &BTreeMap<PathBuf, String>) -> io::Result<Changes> {
    let mut changes = Changes::default();
    for (relative, content) in files {
        let path = out_dir.join(relative);
        match fs::read(&path) {
            Ok(existing) if normalize(&existing) == content.as_bytes() => {}
            Ok(_) => changes.written.push(relative.clone()),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                changes.written.push(relative.clone())
            }
            Err(error) => return Err(error),
        }
    }
    for relative in owned_files(out_dir)? {
        if !files.contains_key(&relative) {
            changes.removed.push(relative);
        }
    }
    Ok(changes)
}

/// Writes what differs and removes what is stale; returns what changed.
pub fn sync(out_dir: &Path, files: &BTreeMap<PathBuf, String>) -> io::Result<Changes> {
    let changes = diff(out_dir, files)?;
    let mut staged = Vec::new();
    for relative in &changes.written {
        let target = out_dir.join(relative);
        match stage(&target, files[relative].as_bytes()) {
            Ok(temporary) => staged.push((temporary, target)),
            Err(error) => {
                for (temporary, _) in &staged {
                    let _ = fs::remove_file(temporary);
                }
                return Err(error);
            }
        }
    }
    for (temporary, target) in &staged {
        fs::rename(temporary, target)?;
    }
    for relative in &changes.removed {
        fs::remove_file(out_dir.join(relative))?;
    }
    Ok(changes)
}

fn normalize(bytes: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(bytes)
        .replace("\r\n", "\n")
        .into_bytes()
}

/// Writes `content` in full to a temporary file beside `path`; returns the temporary's path.
fn stage(path: &Path, content: &[u8]) -> io::Result<PathBuf> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let temporary = path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
    fs::write(&temporary, content)
        .inspect_err(|_| {
            let _ = fs::remove_file(&temporary);
        })
        .map(|()| temporary)
}

/// Files under `dir` (not under `target/`) that carry our header.
fn owned_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        let entries = match fs::read_dir(dir.join(&relative)) {
            Ok(entries) => entries,
            Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
            Err(error) => return Err(error),
        };
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name();
            let child = relative.join(&name);
            let kind = entry.file_type()?;
            if kind.is_dir() {
                if name != "target" && name != ".git" {
                    stack.push(child);
                }
            } else if kind.is_file() && has_marker(&entry.path()) {
                found.push(child);
            }
        }
    }
    found.sort();
    Ok(found)
}

fn has_marker(path: &Path) -> bool {
    use io::Read;
    let mut head = [0u8; 160];
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    let read = file.read(&mut head).unwrap_or(0);
    String::from_utf8_lossy(&head[..read])
        .lines()
        .next()
        .is_some_and(|line| line.contains(MARKER))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_changes_and_removes_only_owned_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("src")).unwrap();
        fs::write(
            root.join("src/old.rs"),
            "// @generated by `cargo codegen generate`: do not edit by hand.\n",
        )
        .unwrap();
        fs::write(root.join("notes.txt"), "mine").unwrap();
        fs::write(
            root.join("src/same.rs"),
            "// @generated by `cargo codegen generate`\nsame",
        )
        .unwrap();
        let files = BTreeMap::from([
            (
                PathBuf::from("src/same.rs"),
                "// @generated by `cargo codegen generate`\nsame".to_owned(),
            ),
            (
                PathBuf::from("src/new.rs"),
                "// @generated by `cargo codegen generate`\nnew".to_owned(),
            ),
        ]);
        let changes = sync(root, &files).unwrap();
        assert_eq!(changes.written, [PathBuf::from("src/new.rs")]);
        assert_eq!(changes.removed, [PathBuf::from("src/old.rs")]);
        assert!(root.join("notes.txt").exists());
        assert!(diff(root, &files).unwrap().is_empty());
    }
}
