//! The generator's output for a fixture spec that uses every supported construct: pinned as a
//! snapshot (`UPDATE_EXPECT=1 cargo test -p codegen` accepts a change), and compiled as a
//! standalone crate with `cargo clippy -D warnings` and `cargo doc`, outside this workspace.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::{ApiSources, Layout, Settings};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/features.yaml")
}

fn settings() -> Settings {
    Settings {
        crate_name: "features-client".to_owned(),
        description: "Fixture client.".to_owned(),
        apis: vec![ApiSources { name: "features".to_owned(), documents: vec![fixture()], overlays: Vec::new(), spec_root: None }],
        layout: Layout::Root,
        standalone: true,
        command: "cargo codegen generate --spec codegen/tests/fixtures/features.yaml --out DIR --crate-name features-client".to_owned(),
        strict: true,
        operation_tests: false,
        history: None,
    }
}

#[test]
fn fixture_output_matches_the_snapshot() {
    let generated = codegen::generate(&settings()).unwrap_or_else(|d| panic!("{d}"));
    expect_test::expect_file!["snapshots/features.rs"]
        .assert_eq(&generated.files[Path::new("src/lib.rs")]);
    expect_test::expect_file!["snapshots/features.types.rs"]
        .assert_eq(&generated.files[Path::new("src/types.rs")]);
    expect_test::expect_file!["snapshots/features.Cargo.toml"]
        .assert_eq(&generated.files[Path::new("Cargo.toml")]);
}

/// OpenAPI 3.1 is read by translating it to 3.0: the fixture written the 3.1 way gives the
/// same crate, every file byte for byte.
#[test]
fn the_fixture_written_as_openapi_3_1_gives_the_same_crate() {
    let written_as_3_0 = codegen::generate(&settings()).unwrap_or_else(|d| panic!("{d}"));
    let mut settings_3_1 = settings();
    settings_3_1.apis[0].documents = vec![fixture().with_file_name("features-3.1.yaml")];
    let written_as_3_1 = codegen::generate(&settings_3_1).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(
        written_as_3_1.files.keys().collect::<Vec<_>>(),
        written_as_3_0.files.keys().collect::<Vec<_>>()
    );
    for (path, text) in &written_as_3_0.files {
        let other = &written_as_3_1.files[path];
        let first_difference = text.lines().zip(other.lines()).position(|(a, b)| a != b);
        assert!(
            text == other,
            "{} differs from line {:?} on:\n3.0: {:?}\n3.1: {:?}",
            path.display(),
            first_difference.map(|n| n + 1),
            first_difference.and_then(|n| text.lines().nth(n)),
            first_difference.and_then(|n| other.lines().nth(n)),
        );
    }
    let reported: Vec<String> = written_as_3_1
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(reported, Vec::<String>::new());
}

#[test]
fn output_is_deterministic() {
    let first = codegen::generate(&settings()).unwrap_or_else(|d| panic!("{d}"));
    let second = codegen::generate(&settings()).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(first.files, second.files);
}

/// Cases of the malformed-spec suite that generate a client whose names or shapes are hard
/// to get right; they must compile cleanly, not only parse.
const COMPILED_CASES: [&str; 5] = [
    "rust-keywords-as-names",
    "non-ascii-names",
    "names-collide-after-case-conversion",
    "recursive-schema-is-fine",
    "no-operations",
];

#[test]
fn standalone_crates_pass_clippy_and_doc_outside_the_workspace() {
    let malformed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed");
    let specs = std::iter::once(fixture()).chain(
        COMPILED_CASES
            .iter()
            .map(|case| malformed.join(case).join("spec.yaml")),
    );
    // Share the workspace's target dir so dependencies are not built again.
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/standalone");
    for spec in specs {
        let out = tempfile::tempdir().unwrap();
        let status = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .args(["generate", "--spec"])
            .arg(&spec)
            .arg("--out")
            .arg(out.path())
            .args(["--crate-name", "standalone-client"])
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "{}", spec.display());
        for args in [
            &["clippy", "--quiet", "--", "-D", "warnings"][..],
            &["doc", "--quiet", "--no-deps"][..],
        ] {
            let output = Command::new(env!("CARGO"))
                .args(args)
                .current_dir(out.path())
                .env("CARGO_TARGET_DIR", &target)
                .env("RUSTDOCFLAGS", "-D warnings")
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "cargo {args:?} failed on the crate for {}:\n{}",
                spec.display(),
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}

#[test]
fn operation_tests_are_written_only_on_request_one_per_operation_and_media_type() {
    let without = codegen::generate(&settings()).unwrap_or_else(|d| panic!("{d}"));
    assert!(without.files.keys().all(|path| !path.starts_with("tests")));
    assert!(!without.files[Path::new("Cargo.toml")].contains("dev-dependencies"));

    let with = codegen::generate(&Settings {
        operation_tests: true,
        ..settings()
    })
    .unwrap_or_else(|d| panic!("{d}"));
    let tests = &with.files[Path::new("tests/operations.rs")];
    assert!(with.files.contains_key(Path::new("tests/support/mod.rs")));
    assert!(with.files[Path::new("Cargo.toml")].contains("[dev-dependencies.tokio]"));
    // The fixture's operations, each once per request media type it documents.
    let fixture = std::fs::read_to_string(fixture()).unwrap();
    let spec: serde_json::Value = serde_yaml::from_str(&fixture).unwrap();
    let mut expected = 0;
    for item in spec["paths"].as_object().unwrap().values() {
        for (method, op) in item.as_object().unwrap() {
            if [
                "get", "put", "post", "delete", "patch", "head", "options", "trace",
            ]
            .contains(&method.as_str())
            {
                expected += op["requestBody"]["content"]
                    .as_object()
                    .map_or(1, |c| c.len());
            }
        }
    }
    assert_eq!(tests.matches("#[tokio::test]").count(), expected, "{tests}");
    assert_eq!(
        tests.matches("#[ignore = ").count(),
        expected,
        "each test is ignored unless asked for"
    );
    syn::parse_file(tests).expect("the tests parse");
}
