//! The specs of a git revision, written out to a temporary folder so the pipeline can read
//! them as it reads the working tree's.

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

use super::slashed;

/// A folder's files as they were at a revision; deleted when dropped.
pub struct FilesAt {
    /// Holds the files.
    _dir: TempDir,
    /// The folder, as it was.
    pub folder: PathBuf,
}

/// The files under `folder` (inside a git work tree) as they were at `revision`.
///
/// # Errors
///
/// When git cannot be run, `revision` is not one of the repository's, or `folder` did not
/// exist at it; the message says which and what git said.
pub fn files_at(folder: &Path, revision: &str) -> Result<FilesAt, String> {
    let top = git(folder, &["rev-parse", "--show-toplevel"])?;
    let top = PathBuf::from(top.trim());
    let folder = folder
        .canonicalize()
        .map_err(|e| format!("cannot read {}: {e}", folder.display()))?;
    let relative = folder
        .strip_prefix(top.canonicalize().unwrap_or_else(|_| top.clone()))
        .map_err(|_| {
            format!(
                "{} is not inside the git work tree {}",
                folder.display(),
                top.display()
            )
        })?
        .to_path_buf();
    let commit = format!("{revision}^{{commit}}");
    git(&top, &["rev-parse", "--verify", "--quiet", &commit]).map_err(|_| {
        format!(
            "`{revision}` is not a revision of the repository at {}",
            top.display()
        )
    })?;
    let listed = git(
        &top,
        &[
            "ls-tree",
            "-r",
            "--name-only",
            "-z",
            revision,
            "--",
            &slashed(&relative),
        ],
    )?;
    let files: Vec<&str> = listed.split('\0').filter(|f| !f.is_empty()).collect();
    if files.is_empty() {
        return Err(format!(
            "{} did not exist at `{revision}`",
            relative.display()
        ));
    }
    let dir = TempDir::new().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    for file in files {
        let text = git(&top, &["show", &format!("{revision}:{file}")])?;
        let path = dir.path().join(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot write {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(FilesAt {
        folder: dir.path().join(&relative),
        _dir: dir,
    })
}

/// Runs git in `folder`; its output, or what went wrong.
fn git(folder: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(folder)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        return Err(format!("git {} failed: {}", args.join(" "), said.trim()));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| format!("git {} printed text that is not UTF-8", args.join(" ")))
}
