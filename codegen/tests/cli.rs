//! The command line on bad input: a clear error naming the file and pointer, a failing exit
//! status, and nothing written.

use std::path::Path;
use std::process::Command;

fn generate(spec: &Path, out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["generate", "--spec"])
        .arg(spec)
        .arg("--out")
        .arg(out)
        .args(["--crate-name", "broken"])
        .output()
        .unwrap()
}

#[test]
fn bad_specs_fail_with_file_pointer_and_help_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("missing.yaml", None, "cannot read the file"),
        (
            "swagger.yaml",
            Some("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n"),
            "Swagger 2.0 documents are not supported",
        ),
        (
            "bad.yaml",
            Some("openapi: 3.0.3\ninfo: [\n"),
            "invalid YAML",
        ),
        (
            "undeclared.yaml",
            Some(
                "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      responses:\n        '204': {description: ok}\n",
            ),
            "#/paths/~1a~1{id}/get",
        ),
        (
            "dangling.yaml",
            Some(
                "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Nope'}\n",
            ),
            "`$ref: #/components/schemas/Nope` points at nothing",
        ),
    ];
    for (name, content, expected) in cases {
        let spec = dir.path().join(name);
        if let Some(content) = content {
            std::fs::write(&spec, content).unwrap();
        }
        let out = dir.path().join(format!("out-{name}"));
        let output = generate(&spec, &out);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{name}: should fail");
        assert!(
            stderr.contains(expected),
            "{name}: expected {expected:?} in:\n{stderr}"
        );
        assert!(
            stderr.contains(name),
            "{name}: the file is not named in:\n{stderr}"
        );
        assert!(stderr.contains("= help:"), "{name}: no help in:\n{stderr}");
        assert!(
            stderr.contains("nothing was written") || name == "missing.yaml",
            "{name}:\n{stderr}"
        );
        assert!(!out.exists(), "{name}: output was written");
    }
}
