//! Keeps `generated/` in step with `specs/`: see `codegen::build_script` for how, and why a
//! build with nothing changed costs almost nothing.

use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out_dir = std::env::var_os("OUT_DIR").map(PathBuf::from);
    let workspace = codegen::Workspace::project(root);
    for line in codegen::build_script::keep_in_step(&workspace, out_dir.as_deref().map(Path::new)) {
        println!("{line}");
    }
}
