//! Keeps `generated/` in step with `specs/`, as `codegen.toml` describes the crate: see
//! `codegen::build_script` for how, and why a build with nothing changed costs almost nothing.
//! Without the `regenerate` feature (a crate depending on this one, which has no specs to keep
//! in step) it does nothing, and the generator is not compiled.

fn main() {
    #[cfg(feature = "regenerate")]
    {
        use std::path::{Path, PathBuf};
        let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
        let out_dir = std::env::var_os("OUT_DIR").map(PathBuf::from);
        for line in codegen::build_script::keep_in_step(&root, out_dir.as_deref().map(Path::new)) {
            println!("{line}");
        }
    }
}
