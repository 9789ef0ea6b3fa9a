//! The command line beyond the malformed-spec suite: files that cannot be read and usage
//! mistakes fail with a clear message and write nothing.

use std::process::Command;

fn codegen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
}

#[test]
fn a_missing_spec_file_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = codegen()
        .current_dir(dir.path())
        .args(["generate", "--spec", "missing.yaml", "--out"])
        .arg(&out)
        .args(["--crate-name", "broken"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("error: cannot read the file: No such file or directory"),
        "{stderr}"
    );
    assert!(stderr.contains("--> missing.yaml\n"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn a_spec_without_an_output_folder_is_a_usage_error() {
    let output = codegen()
        .args(["generate", "--spec", "a.yaml", "--crate-name", "x"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("`--spec` needs `--out DIR` and `--crate-name NAME`"),
        "{stderr}"
    );
}

#[test]
fn a_crate_name_cargo_would_refuse_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = codegen()
        .args([
            "generate",
            "--spec",
            "a.yaml",
            "--crate-name",
            "openai-3.0",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr,
        "`openai-3.0` cannot be a package name: use ASCII letters, digits, `-` and `_`, starting with a letter\n"
    );
    assert!(!out.exists());
}
