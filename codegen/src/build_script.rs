//! Keeping a package's `generated/` in step with its `specs/` from its build script.
//!
//! Cargo reruns the script only when a spec, an overlay, a generated file or the project
//! settings changed (the `rerun-if-changed` lines), or when the script itself was rebuilt
//! (which a change to the generator, its build dependency, does), so a no-op build costs
//! nothing. When it runs, it
//! generates in memory and compares: when `generated/` matches, it writes nothing. When it
//! does not, it writes the fresh files and stops the build: cargo may already have compiled
//! the old generated crate in parallel with the script, and compiling stale code silently is
//! exactly what must not happen. The next build compiles the fresh code.
//!
//! Problems in the specs are shown one per line, as cargo warnings, or as build errors when
//! generation fails (then nothing is written); `cargo codegen check` shows the same problems
//! with the source lines.
//!
//! Cargo reruns the script when a watched file's modification time changes, even if its bytes
//! did not (an editor saving, a `git checkout`, a `touch`). So the script keeps a fingerprint
//! of what it last found in step: the running binary, and the bytes of every file under
//! `specs/` and `generated/`. When that is unchanged it only repeats the warnings it printed
//! then.

use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};

use crate::{Diagnostics, Project, Severity, Workspace};

/// The file in the build script's `OUT_DIR` that holds the fingerprint.
pub const STAMP: &str = "in-step";

/// Brings the `generated/` of the crate that the project settings at `root` (a build
/// script's package folder) generate in `root` itself in step with its `specs/`; returns the
/// lines for cargo (`cargo::rerun-if-changed=`, `cargo::warning=`, `cargo::error=`), which the
/// build script prints. `out_dir` (cargo's `OUT_DIR`) keeps the fingerprint; without it every
/// run generates.
pub fn keep_in_step(root: &Path, out_dir: Option<&Path>) -> Vec<String> {
    let settings_file = root.join(Project::FILE);
    let mut lines = vec![rerun_if_changed(&settings_file)];
    if !settings_file.is_file() {
        // Built from a package without the project around it: nothing to keep in step.
        return lines;
    }
    let project = match Project::load(root) {
        Ok(project) => project,
        Err(diagnostics) => {
            report(&diagnostics, root, &mut lines, &mut Vec::new());
            return lines;
        }
    };
    let Some(workspace) = project.workspace_at(root) else {
        lines.push(error_line(&format!(
            "{} names no crate generated in this folder (`folder = \".\"`)",
            settings_file.display()
        )));
        return lines;
    };
    lines.extend(
        [workspace.specs_dir(), workspace.out_dir()]
            .iter()
            .map(|dir| rerun_if_changed(dir)),
    );
    let stamp = out_dir.map(|dir| dir.join(STAMP));
    let before = fingerprint(workspace);
    if let (Some(stamp), Some(before)) = (&stamp, before)
        && let Ok(saved) = fs::read_to_string(stamp)
        && let Some((saved_fingerprint, warnings)) = saved.split_once('\n')
        && saved_fingerprint == before.to_string()
    {
        lines.extend(warnings.lines().map(str::to_owned));
        return lines;
    }
    let mut warnings = Vec::new();
    let in_step = generate(workspace, &mut lines, &mut warnings);
    lines.extend(warnings.iter().cloned());
    if in_step && let (Some(stamp), Some(after)) = (&stamp, fingerprint(workspace)) {
        // Best effort: without the stamp the next run generates again, which is only slower.
        let _ = fs::write(stamp, format!("{after}\n{}", warnings.join("\n")));
    }
    lines
}

fn rerun_if_changed(path: &Path) -> String {
    format!("cargo::rerun-if-changed={}", path.display())
}

/// Generates and brings `generated/` in line; true when it is now in step with `specs/`
/// (whether or not anything had to be written). Warnings go to `warnings`, errors to `lines`.
fn generate(workspace: &Workspace, lines: &mut Vec<String>, warnings: &mut Vec<String>) -> bool {
    let root = &workspace.root;
    let settings = match workspace.settings() {
        Ok(settings) => settings,
        Err(diagnostics) => {
            report(&diagnostics, root, lines, warnings);
            return false;
        }
    };
    let generated = match crate::generate(&settings) {
        Ok(generated) => generated,
        Err(diagnostics) => {
            report(&diagnostics, root, lines, warnings);
            return false;
        }
    };
    report(&generated.diagnostics, root, lines, warnings);
    let out = workspace.out_dir();
    // What the regeneration changes for users, told before the record is overwritten.
    let api_changes = crate::diff::record::read(&out)
        .map(|before| crate::diff::diff(&before, &generated.surfaces).summary());
    let changes = match crate::write::sync(&out, &generated.files) {
        Ok(changes) => changes,
        Err(error) => {
            lines.push(error_line(&format!(
                "cannot update {}: {error}",
                out.display()
            )));
            return false;
        }
    };
    if !changes.is_empty() {
        let files: Vec<String> = changes
            .written
            .iter()
            .chain(&changes.removed)
            .map(|p| format!("generated/{}", p.display()))
            .collect();
        let api = match api_changes {
            Ok(summary) => format!(
                "What changes for its users: {summary} (`cargo codegen diff --from HEAD` lists them)."
            ),
            Err(error) => format!("What changes for its users is not known: {error}."),
        };
        // The same, as the warning cargo shows beside the build's output (not kept in the
        // stamp: it is about this regeneration only).
        lines.push(format!(
            "cargo::warning={} regenerated. {api}",
            workspace.crate_name
        ));
        lines.push(error_line(&format!(
            "generated/ was stale and has been regenerated from specs/ ({}). {api} Run the build \
             again to compile the fresh code, and commit generated/ (the same as `{}`).",
            files.join(", "),
            workspace.command
        )));
    }
    true
}

/// One line per problem: errors stop the build, warnings are shown by cargo.
fn report(
    diagnostics: &Diagnostics,
    root: &Path,
    lines: &mut Vec<String>,
    warnings: &mut Vec<String>,
) {
    for diagnostic in diagnostics.clone().relative_to(root).iter() {
        match diagnostic.severity {
            Severity::Error => lines.push(error_line(&diagnostic.one_line())),
            // Cargo shows only warnings and errors; a note's line starts with `note`.
            Severity::Warning | Severity::Note => {
                warnings.push(format!("cargo::warning={}", diagnostic.one_line()))
            }
        }
    }
}

fn error_line(message: &str) -> String {
    format!("cargo::error={}", message.replace('\n', " "))
}

/// A hash of the running binary (its size and modification time: a new generator is a new
/// binary), the project settings, and the path and bytes of every file under `specs/` and
/// `generated/`. `None` when something cannot be read: then the script generates as if
/// nothing were known.
fn fingerprint(workspace: &Workspace) -> Option<u64> {
    let mut hasher = DefaultHasher::new();
    let binary = std::env::current_exe().and_then(fs::metadata).ok()?;
    binary.len().hash(&mut hasher);
    binary.modified().ok()?.hash(&mut hasher);
    (
        &workspace.crate_name,
        &workspace.description,
        &workspace.command,
    )
        .hash(&mut hasher);
    for (folder, name) in [
        (workspace.specs_dir(), "specs"),
        (workspace.out_dir(), "generated"),
    ] {
        hash_folder(&folder, Path::new(name), &mut hasher).ok()?;
    }
    Some(hasher.finish())
}

fn hash_folder(folder: &Path, relative: &Path, hasher: &mut DefaultHasher) -> io::Result<()> {
    let mut entries = fs::read_dir(folder)?.collect::<io::Result<Vec<_>>>()?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let name = entry.file_name();
        let path: PathBuf = relative.join(&name);
        if entry.file_type()?.is_dir() {
            if name != "target" {
                hash_folder(&entry.path(), &path, hasher)?;
            }
        } else {
            path.hash(hasher);
            fs::read(entry.path())?.hash(hasher);
        }
    }
    Ok(())
}
