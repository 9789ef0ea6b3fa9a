//! `cargo codegen diff` on a fixture: one edit of `base.yaml` per kind of change (each an
//! overlay in `fixtures/diff/edits/`), and the report it gives, as a snapshot.
//! `UPDATE_EXPECT=1 cargo test -p codegen --test diff` accepts a change.

use std::path::{Path, PathBuf};

use codegen::{ApiSources, Layout, Settings, diff, pipeline};
use expect_test::{Expect, expect};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(name)
}

fn settings(overlays: Vec<PathBuf>) -> Settings {
    Settings {
        crate_name: "widgets".to_owned(),
        description: "Widgets".to_owned(),
        apis: vec![ApiSources {
            name: "widgets".to_owned(),
            documents: vec![fixture("base.yaml")],
            overlays,
            spec_root: None,
        }],
        layout: Layout::Root,
        standalone: true,
        command: "test".to_owned(),
        strict: true,
        operation_tests: false,
        history: None,
    }
}

/// The report from the base to the base with `edit` applied.
fn check(edit: &str, expected: Expect) {
    let old = pipeline::surfaces(&settings(Vec::new())).unwrap();
    let edited = fixture(&format!("edits/{edit}.yaml"));
    let new = pipeline::surfaces(&settings(vec![edited])).unwrap();
    expected.assert_eq(&diff::diff(&old, &new).text());
}

#[test]
fn the_base_against_itself_changes_nothing() {
    check_same();
}

fn check_same() {
    let old = pipeline::surfaces(&settings(Vec::new())).unwrap();
    assert_eq!(
        diff::diff(&old, &old).text(),
        "no change to the generated API\n"
    );
}

#[test]
fn an_operation_added_is_compatible() {
    check(
        "operation-added",
        expect![[r#"
        1 compatible

        the API:
          compatible:
            Client::list_widgets: added: List widgets (GET /widgets)
              at #/paths/~1widgets/get
    "#]],
    );
}

#[test]
fn an_operation_removed_breaks_callers() {
    check(
        "operation-removed",
        expect![[r#"
        1 breaking for callers

        the API:
          breaking for callers:
            Client::delete_widget: removed (DELETE /widgets/{id})
              at #/paths/~1widgets~1{id}/delete
    "#]],
    );
}

#[test]
fn an_operation_id_changed_is_a_rename() {
    check(
        "operation-renamed",
        expect![[r#"
        2 breaking for callers

        the API:
          breaking for callers:
            Client::fetch_widget: its errors are now `FetchWidgetError` (was `GetWidgetError`)
              at #/paths/~1widgets~1{id}/get
            Client::get_widget: renamed to `fetch_widget` (operationId `getWidget` is now `fetchWidget`)
              at #/paths/~1widgets~1{id}/get
    "#]],
    );
}

#[test]
fn an_optional_parameter_added_is_compatible() {
    check(
        "parameter-added-optional",
        expect![[r#"
        1 compatible

        the API:
          compatible:
            Client::get_widget: new optional `fields` (query fields: String)
              at #/paths/~1widgets~1{id}/get
    "#]],
    );
}

#[test]
fn a_required_parameter_added_breaks_callers() {
    check(
        "parameter-added-required",
        expect![[r#"
        1 breaking for callers

        the API:
          breaking for callers:
            Client::get_widget: now takes (id, version) (was (id))
              at #/paths/~1widgets~1{id}/get
    "#]],
    );
}

#[test]
fn a_parameter_removed_breaks_callers() {
    check(
        "parameter-removed",
        expect![[r#"
        1 breaking for callers

        the API:
          breaking for callers:
            Client::get_widget: setter `expand` removed
              at #/paths/~1widgets~1{id}/get
    "#]],
    );
}

#[test]
fn a_parameter_made_required_breaks_callers() {
    check(
        "parameter-made-required",
        expect![[r#"
        1 breaking for callers

        the API:
          breaking for callers:
            Client::get_widget: now takes (id, expand) (was (id))
              at #/paths/~1widgets~1{id}/get
    "#]],
    );
}

#[test]
fn a_parameter_of_another_type_breaks_callers() {
    check(
        "parameter-type-changed",
        expect![[r#"
        1 breaking for callers

        the API:
          breaking for callers:
            Client::get_widget: `expand` is now String (was bool)
              at #/paths/~1widgets~1{id}/get
    "#]],
    );
}

#[test]
fn a_field_added_to_a_request_type_breaks_struct_literals() {
    check(
        "request-field-added",
        expect![[r#"
        1 breaking for callers

        the API:
          breaking for callers:
            types::NewWidget::size: new field `size: Option<i64>`
              at #/components/schemas/NewWidget
    "#]],
    );
}

#[test]
fn a_field_removed_from_a_request_type_breaks_callers() {
    check(
        "request-field-removed",
        expect![[r#"
            2 breaking for callers

            the API:
              breaking for callers:
                types::Color: no longer implements `Serialize`: no request carries it
                  at #/components/schemas/Color
                types::NewWidget::color: field `color: Option<types::Color>` removed
                  at #/components/schemas/NewWidget
        "#]],
    );
}

#[test]
fn a_response_field_of_another_type_breaks_callers_and_decoding() {
    check(
        "response-field-type-changed",
        expect![[r#"
        1 breaking for callers, 1 breaking for decoding

        the API:
          breaking for callers:
            types::Widget::size: field `size` is now Option<String> (was Option<i64>)
              at #/components/schemas/Widget
          breaking for decoding:
            types::Widget::size: field `size` is now Option<String> (was Option<i64>)
              at #/components/schemas/Widget
    "#]],
    );
}

#[test]
fn a_response_field_made_required_breaks_decoding() {
    check(
        "response-field-made-required",
        expect![[r#"
        1 breaking for callers, 1 breaking for decoding

        the API:
          breaking for callers:
            types::Widget::size: field `size` is now i64 (was Option<i64>), is now required in answers
              at #/components/schemas/Widget
          breaking for decoding:
            types::Widget::size: field `size` is now i64 (was Option<i64>), is now required in answers
              at #/components/schemas/Widget
    "#]],
    );
}

#[test]
fn a_response_field_made_optional_breaks_callers_only() {
    check(
        "response-field-made-optional",
        expect![[r#"
        1 breaking for callers

        the API:
          breaking for callers:
            types::Widget::name: field `name` is now Option<String> (was String), may now be absent
              at #/components/schemas/Widget
    "#]],
    );
}

#[test]
fn an_enum_value_added_breaks_exhaustive_matches() {
    check(
        "enum-value-added",
        expect![[r#"
        1 breaking for callers

        the API:
          breaking for callers:
            types::Color: new value `blue`: a new variant for exhaustive matches
              at #/components/schemas/Color
    "#]],
    );
}

#[test]
fn an_enum_value_removed_breaks_callers() {
    check(
        "enum-value-removed",
        expect![[r#"
        1 breaking for callers

        the API:
          breaking for callers:
            types::Color: value `green` removed: its variant is gone (answers with it decode as `Unknown`)
              at #/components/schemas/Color
    "#]],
    );
}

#[test]
fn an_error_status_added_is_a_new_variant() {
    check(
        "status-added",
        expect![[r#"
        1 breaking for callers

        the API:
          breaking for callers:
            Client::get_widget: documents error 401 (types::Error): a new variant of its error enum
              at #/paths/~1widgets~1{id}/get
    "#]],
    );
}

#[test]
fn an_error_status_removed_breaks_callers() {
    check(
        "status-removed",
        expect![[r#"
        2 breaking for callers

        the API:
          breaking for callers:
            Client::get_widget: its errors are now none (was `GetWidgetError`)
              at #/paths/~1widgets~1{id}/get
            Client::get_widget: no longer documents error 404 (types::Error): its variant is gone
              at #/paths/~1widgets~1{id}/get
    "#]],
    );
}

#[test]
fn a_success_status_with_another_body_changes_what_the_call_gives() {
    check(
        "success-status-added",
        expect![[r#"
        1 breaking for callers, 1 compatible

        the API:
          breaking for callers:
            Client::create_widget: now gives CreateWidgetResponse (was types::Widget)
              at #/paths/~1widgets/post
          compatible:
            Client::create_widget: also succeeds with 202 (types::Error)
              at #/paths/~1widgets/post
    "#]],
    );
}

#[test]
fn another_default_server_changes_what_is_sent() {
    check(
        "server-changed",
        expect![[r#"
        1 changes what is sent

        the API:
          changes what is sent:
            Client::DEFAULT_BASE_URL: the default server is now `https://api.widgets.example` (was `https://api.example.com`)
              at #/servers/0/url
    "#]],
    );
}

#[test]
fn security_changes_are_reported_by_credential() {
    check(
        "security-changed",
        expect![[r#"
        1 breaking for callers, 1 changes what is sent

        the API:
          breaking for callers:
            Credentials::tenant: added; `Credentials::new` takes it
              at #/components/securitySchemes/Tenant
          changes what is sent:
            Credentials::api_key: now sent as header X-Widget-Key (was header X-Api-Key)
              at #/components/securitySchemes/ApiKey
    "#]],
    );
}

mod command_line {
    //! The command on a project in a temporary git repository: the record, a revision, and
    //! what it refuses.

    use std::path::Path;
    use std::process::{Command, Output};

    use super::fixture;

    fn run(dir: &Path, program: &str, args: &[&str]) -> Output {
        let program = match program {
            "codegen" => env!("CARGO_BIN_EXE_codegen"),
            other => other,
        };
        Command::new(program)
            .current_dir(dir)
            .args(args)
            .output()
            .unwrap()
    }

    fn ok(output: Output) -> String {
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success(), "{stderr}");
        String::from_utf8_lossy(&output.stdout).into_owned() + &stderr
    }

    fn failed(output: Output) -> String {
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        stderr
    }

    /// A project whose one crate is generated from the fixture's base, committed.
    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join("codegen.toml"),
            "command = \"cargo codegen generate\"\n\n[[crate]]\nfolder = \".\"\nname = \"widgets\"\ndescription = \"Widgets.\"\nbump-version = true\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("specs/widgets")).unwrap();
        std::fs::copy(
            fixture("base.yaml"),
            root.join("specs/widgets/widgets.yaml"),
        )
        .unwrap();
        ok(run(root, "codegen", &["generate"]));
        for args in [
            &["init", "-q"][..],
            &["add", "-A"],
            &[
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "commit",
                "-q",
                "-m",
                "base",
            ],
        ] {
            ok(run(root, "git", args));
        }
        dir
    }

    /// Applies a fixture edit to the project's spec, as a new overlay.
    fn edit(root: &Path, name: &str) {
        std::fs::create_dir_all(root.join("specs/widgets/overlays")).unwrap();
        let edit = fixture(&format!("edits/{name}.yaml"));
        std::fs::copy(
            edit,
            root.join(format!("specs/widgets/overlays/{name}.yaml")),
        )
        .unwrap();
    }

    #[test]
    fn the_record_the_regeneration_and_the_changelog_agree() {
        let dir = project();
        let root = dir.path();
        assert!(ok(run(root, "codegen", &["diff"])).contains("no change to the generated API"));

        edit(root, "enum-value-added");
        let report = ok(run(root, "codegen", &["diff"]));
        assert!(
            report.contains("types::Color: new value `blue`"),
            "{report}"
        );
        let from_head = ok(run(root, "codegen", &["diff", "--from", "HEAD"]));
        assert!(
            from_head.contains("types::Color: new value `blue`"),
            "{from_head}"
        );

        let generated = ok(run(root, "codegen", &["generate"]));
        assert!(generated.contains("1 breaking for callers"), "{generated}");
        let manifest = std::fs::read_to_string(root.join("generated/Cargo.toml")).unwrap();
        assert!(manifest.contains("version = \"0.2.0\""), "{manifest}");
        let changelog = std::fs::read_to_string(root.join("generated/CHANGELOG.md")).unwrap();
        assert!(
            changelog.contains("## 0.2.0\n\n### Breaking: code that used these must change\n\n- `widgets::types::Color`: new value `blue`"),
            "{changelog}"
        );
        // Regenerating again changes nothing: the record now says what the crate is.
        ok(run(root, "codegen", &["check"]));
        assert!(ok(run(root, "codegen", &["diff"])).contains("no change to the generated API"));
    }

    #[test]
    fn a_hand_edited_crate_is_refused_naming_the_files() {
        let dir = project();
        let root = dir.path();
        let lib = root.join("generated/src/lib.rs");
        let text = std::fs::read_to_string(&lib).unwrap();
        std::fs::write(&lib, text + "\npub fn mine() {}\n").unwrap();

        let stderr = failed(run(root, "codegen", &["diff"]));

        assert!(
            stderr.contains("was edited by hand since it was generated (src/lib.rs)"),
            "{stderr}"
        );
        assert!(
            stderr.contains("`cargo codegen diff --from HEAD`"),
            "{stderr}"
        );
    }

    #[test]
    fn a_revision_that_does_not_exist_is_named() {
        let dir = project();
        let stderr = failed(run(
            dir.path(),
            "codegen",
            &["diff", "--from", "no-such-rev"],
        ));
        assert!(
            stderr.contains("`no-such-rev` is not a revision of the repository"),
            "{stderr}"
        );
    }

    #[test]
    fn a_side_that_does_not_parse_is_an_error_not_a_partial_report() {
        let dir = tempfile::tempdir().unwrap();
        let broken = dir.path().join("broken.yaml");
        std::fs::write(
            &broken,
            "openapi: 3.0.3\ninfo: [not, a, mapping]\npaths: {}\n",
        )
        .unwrap();
        let base = fixture("base.yaml");
        let output = run(
            dir.path(),
            "codegen",
            &[
                "diff",
                "--old-spec",
                base.to_str().unwrap(),
                "--spec",
                "broken.yaml",
            ],
        );
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = failed(output);
        assert!(stderr.contains("--> broken.yaml"), "{stderr}");
        assert!(stderr.contains("do not generate"), "{stderr}");
        assert!(stdout.is_empty(), "no report: {stdout}");
    }
}

#[test]
fn the_json_report_marks_type_changes_for_tools() {
    let base = fixture("base.yaml");
    let edit = fixture("edits/response-field-type-changed.yaml");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["diff", "--json", "--old-spec"])
        .arg(&base)
        .arg("--spec")
        .arg(&base)
        .arg("--overlay")
        .arg(&edit)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let changes = &report["apis"][0]["changes"];
    let summary: Vec<(&str, &str, bool)> = changes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let text = |key: &str| c[key].as_str().unwrap();
            (
                text("impact"),
                text("item"),
                c["retyped"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("BreaksCallers", "types::Widget::size", true),
            ("BreaksDecoding", "types::Widget::size", true)
        ]
    );
}
