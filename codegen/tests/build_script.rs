//! The build script's work on a copy of this repository's `specs/` and `generated/`: what it
//! tells cargo, what it writes, and that a run with nothing changed reuses the last run's
//! finding instead of generating again.

use std::fs;
use std::path::Path;

use codegen::build_script::{STAMP, keep_in_step};
use codegen::{Project, Workspace};

fn copy_folder(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "target" {
                copy_folder(&entry.path(), &target);
            }
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the project's settings, specs and generated crate.
fn project_copy() -> (tempfile::TempDir, Workspace) {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let copy = tempfile::tempdir().unwrap();
    for folder in ["specs", "generated"] {
        copy_folder(&repository.join(folder), &copy.path().join(folder));
    }
    fs::copy(
        repository.join(Project::FILE),
        copy.path().join(Project::FILE),
    )
    .unwrap();
    let project = Project::load(copy.path()).unwrap();
    let workspace = project.workspace_at(copy.path()).unwrap().clone();
    (copy, workspace)
}

fn errors(lines: &[String]) -> Vec<&String> {
    lines
        .iter()
        .filter(|l| l.starts_with("cargo::error="))
        .collect()
}

fn in_step(workspace: &Workspace) -> bool {
    let settings = workspace.settings().unwrap();
    let generated = codegen::generate(&settings).unwrap();
    codegen::write::diff(&workspace.out_dir(), &generated.files)
        .unwrap()
        .is_empty()
}

#[test]
fn an_unchanged_project_is_found_in_step_and_the_next_run_reuses_that() {
    let (_copy, workspace) = project_copy();
    let out = tempfile::tempdir().unwrap();
    let lines = keep_in_step(&workspace.root, Some(out.path()));
    for watched in [
        workspace.specs_dir(),
        workspace.out_dir(),
        workspace.root.join(Project::FILE),
    ] {
        let line = format!("cargo::rerun-if-changed={}", watched.display());
        assert!(lines.contains(&line), "{line} is not in {lines:?}");
    }
    assert!(errors(&lines).is_empty(), "{lines:?}");

    // The stamp holds the fingerprint and the warnings to repeat. A run with nothing changed
    // repeats what the stamp says, which shows it did not generate.
    let stamp = out.path().join(STAMP);
    let saved = fs::read_to_string(&stamp).unwrap();
    let (fingerprint, _) = saved.split_once('\n').unwrap();
    fs::write(
        &stamp,
        format!("{fingerprint}\ncargo::warning=from the stamp"),
    )
    .unwrap();
    let again = keep_in_step(&workspace.root, Some(out.path()));
    assert!(
        again.contains(&"cargo::warning=from the stamp".to_owned()),
        "{again:?}"
    );
}

#[test]
fn a_changed_spec_regenerates_and_stops_the_build_once() {
    let (_copy, workspace) = project_copy();
    let out = tempfile::tempdir().unwrap();
    assert!(errors(&keep_in_step(&workspace.root, Some(out.path()))).is_empty());

    let spec = workspace.specs_dir().join("vobiz/hangup-member.yaml");
    let text = fs::read_to_string(&spec).unwrap();
    fs::write(&spec, text.replacen("summary: ", "summary: Changed. ", 1)).unwrap();
    let stop_speaking = workspace.specs_dir().join("vobiz/stop-speak-member.yaml");
    fs::remove_file(stop_speaking).unwrap();
    let lines = keep_in_step(&workspace.root, Some(out.path()));
    let stopped = errors(&lines);
    assert_eq!(stopped.len(), 1, "{lines:?}");
    assert!(stopped[0].contains("generated/src/vobiz.rs"), "{lines:?}");
    // What it changes for users, in one line: a removed method breaks its callers.
    let summary = "What changes for its users: 1 breaking for callers";
    assert!(stopped[0].contains(summary), "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("cargo::warning=") && l.contains(summary)),
        "{lines:?}"
    );
    assert!(in_step(&workspace));
    let vobiz = fs::read_to_string(workspace.out_dir().join("src/vobiz.rs")).unwrap();
    assert!(vobiz.contains("Changed. "));

    // The next build compiles the fresh code.
    assert!(errors(&keep_in_step(&workspace.root, Some(out.path()))).is_empty());
}

#[test]
fn a_generated_file_edited_by_hand_is_put_back() {
    let (_copy, workspace) = project_copy();
    let out = tempfile::tempdir().unwrap();
    assert!(errors(&keep_in_step(&workspace.root, Some(out.path()))).is_empty());

    let file = workspace.out_dir().join("src/vobiz/types.rs");
    let original = fs::read_to_string(&file).unwrap();
    fs::write(&file, format!("{original}\n// an edit\n")).unwrap();
    let lines = keep_in_step(&workspace.root, Some(out.path()));
    assert_eq!(errors(&lines).len(), 1, "{lines:?}");
    assert_eq!(fs::read_to_string(&file).unwrap(), original);
}

#[test]
fn without_an_out_dir_every_run_generates() {
    let (_copy, workspace) = project_copy();
    let file = workspace.out_dir().join("src/vobiz.rs");
    let original = fs::read_to_string(&file).unwrap();
    fs::write(&file, "// an edit\n").unwrap();
    assert_eq!(errors(&keep_in_step(&workspace.root, None)).len(), 1);
    assert_eq!(fs::read_to_string(&file).unwrap(), original);
    assert!(errors(&keep_in_step(&workspace.root, None)).is_empty());
}
