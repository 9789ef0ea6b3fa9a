//! Keeps `generated/` in step with `specs/`.
//!
//! Cargo reruns this script only when a spec, an overlay, the generator or a generated file
//! changed (the `rerun-if-changed` lines below), so a no-op build costs nothing. When it runs,
//! it generates in memory and compares: when `generated/` matches, it writes nothing. When it
//! does not, it writes the fresh files and stops the build: cargo may already have compiled
//! the old generated crate in parallel with this script, and compiling stale code silently is
//! exactly what must not happen. The next build compiles the fresh code.

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let workspace = codegen::Workspace { root: root.clone() };
    for watched in ["specs", "codegen/src", "codegen/runtime", "generated"] {
        println!("cargo::rerun-if-changed={watched}");
    }
    if !workspace.specs_dir().is_dir() {
        // Built from a package without the specs: nothing to keep in step.
        return;
    }
    let settings = match workspace.settings() {
        Ok(settings) => settings,
        Err(diagnostics) => return fail(&diagnostics.relative_to(&root).to_string()),
    };
    let generated = match codegen::generate(&settings) {
        Ok(generated) => generated,
        Err(diagnostics) => {
            return fail(&format!(
                "generating the clients from specs/ failed:\n{diagnostics}"
            ));
        }
    };
    for diagnostic in generated.diagnostics.clone().relative_to(&root).iter() {
        for line in diagnostic.to_string().lines() {
            println!("cargo::warning={line}");
        }
    }
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

fn fail(message: &str) {
    for line in message.lines() {
        println!("cargo::error={line}");
    }
}
