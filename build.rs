//! Keeps `generated/` in step with `specs/`.
//!
//! Cargo reruns this script only when a spec, an overlay, the generator or a generated file
//! changed (the `rerun-if-changed` lines below), so a no-op build costs nothing. When it runs,
//! it generates in memory and compares: when `generated/` matches, it writes nothing. When it
//! does not, it writes the fresh files and stops the build: cargo may already have compiled
//! the old generated crate in parallel with this script, and compiling stale code silently is
//! exactly what must not happen. The next build compiles the fresh code.
//!
//! Problems in the specs are shown one per line, as cargo warnings, or as build errors when
//! generation fails (then nothing is written); `cargo codegen check` shows the same problems
//! with the source lines.

use std::path::{Path, PathBuf};

use codegen::{Diagnostics, Severity};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let workspace = codegen::Workspace::project(root.clone());
    for watched in ["specs", "codegen/src", "codegen/runtime", "generated"] {
        println!("cargo::rerun-if-changed={watched}");
    }
    if !workspace.specs_dir().is_dir() {
        // Built from a package without the specs: nothing to keep in step.
        return;
    }
    let settings = match workspace.settings() {
        Ok(settings) => settings,
        Err(diagnostics) => return report(&diagnostics, &root),
    };
    let generated = match codegen::generate(&settings) {
        Ok(generated) => generated,
        Err(diagnostics) => return report(&diagnostics, &root),
    };
    report(&generated.diagnostics, &root);
    let out = workspace.out_dir();
    let changes = match codegen::write::sync(&out, &generated.files) {
        Ok(changes) => changes,
        Err(error) => return fail(&format!("cannot update {}: {error}", out.display())),
    };
    if !changes.is_empty() {
        let files: Vec<String> = changes
            .written
            .iter()
            .chain(&changes.removed)
            .map(|p| format!("generated/{}", p.display()))
            .collect();
        fail(&format!(
            "generated/ was stale and has been regenerated from specs/ ({}). Run the build again \
             to compile the fresh code, and commit generated/ (the same as `{}`).",
            files.join(", "),
            codegen::Workspace::COMMAND
        ));
    }
}

/// One line per problem: errors stop the build, warnings are shown by cargo.
fn report(diagnostics: &Diagnostics, root: &Path) {
    for diagnostic in diagnostics.clone().relative_to(root).iter() {
        let directive = match diagnostic.severity {
            Severity::Error => "error",
            // Cargo shows only warnings and errors; a note's line starts with `note`.
            Severity::Warning | Severity::Note => "warning",
        };
        println!("cargo::{directive}={}", diagnostic.one_line());
    }
}

fn fail(message: &str) {
    println!("cargo::error={}", message.replace('\n', " "));
}
