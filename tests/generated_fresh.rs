//! Fails when `generated/` is not what the generator makes of `specs/` today.

#[test]
fn generated_crate_matches_the_specs() {
    let workspace = codegen::Workspace {
        root: env!("CARGO_MANIFEST_DIR").into(),
    };
    let settings = workspace.settings().unwrap_or_else(|d| panic!("{d}"));
    let generated = codegen::generate(&settings).unwrap_or_else(|d| panic!("{d}"));
    let changes = codegen::write::diff(&workspace.out_dir(), &generated.files)
        .expect("generated/ is readable");
    assert!(
        changes.is_empty(),
        "generated/ is stale (differs: {:?}, no longer generated: {:?}); run `{}` and commit the result",
        changes.written,
        changes.removed,
        codegen::Workspace::COMMAND
    );
    assert!(
        generated.diagnostics.is_empty(),
        "the provider specs produce warnings:\n{}",
        generated.diagnostics
    );
}
