//! Fails when a generated crate (`generated/`, `excerpts/generated/`) is not what the
//! generator makes of its `specs/` today.

#[test]
fn generated_crates_match_their_specs() {
    let project = codegen::Project::load(env!("CARGO_MANIFEST_DIR").as_ref())
        .unwrap_or_else(|d| panic!("{d}"));
    for workspace in &project.workspaces {
        let settings = workspace.settings().unwrap_or_else(|d| panic!("{d}"));
        let generated = codegen::generate(&settings).unwrap_or_else(|d| panic!("{d}"));
        let out = workspace.out_dir();
        let changes = codegen::write::diff(&out, &generated.files).expect("the output is readable");
        assert!(
            changes.is_empty(),
            "{} is stale (differs: {:?}, no longer generated: {:?}); run `{}` and commit the result",
            out.display(),
            changes.written,
            changes.removed,
            workspace.command
        );
        // Notes are repairs the generator makes and says it made (an excerpt is a public
        // document as published, OpenAI's `?beta=true` path key among them); like
        // `--strict`, only warnings and errors fail.
        let problems = generated
            .diagnostics
            .iter()
            .filter(|d| d.severity != codegen::Severity::Note)
            .count();
        assert!(
            problems == 0,
            "the specs of {} produce warnings:\n{}",
            workspace.root.display(),
            generated.diagnostics
        );
    }
}
