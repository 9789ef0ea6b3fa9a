//! `cargo codegen lint`: what it finds on the providers' published documents, on our specs as
//! fixed by the overlays, and on a fixture that triggers every lint; and the allow file.

use std::path::{Path, PathBuf};

use codegen::lint::{Config, LINTS, lint};
use codegen::{ApiSources, Diagnostics, Project};
use expect_test::expect;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn one_per_line(findings: &Diagnostics) -> String {
    findings
        .clone()
        .relative_to(&root())
        .iter()
        .map(|d| format!("{}\n", d.one_line()))
        .collect()
}

#[test]
fn the_published_vobiz_documents_show_what_our_overlays_fix() {
    let folder = root().join("specs/vobiz");
    let mut documents: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    documents.sort();
    let published = ApiSources {
        name: "vobiz".to_owned(),
        documents,
        overlays: Vec::new(),
        spec_root: None,
    };
    let findings = lint(&[published], &Config::default());
    expect![[r#"
        specs/vobiz/deaf-member.yaml:89:7: warning[no-error-responses]: operation `deaf-member` (POST /api/v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Deaf/) documents no error response (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1Member~1{member_id}~1Deaf~1/post/responses); help: document the error statuses and their body (with an overlay action), so callers get typed errors
        specs/vobiz/deaf-member.yaml:74:7: warning[summary-contradicts-operation-id]: the summary `Mute a member's audio` says `mute`, but the operationId `deaf-member` says `deaf` (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1Member~1{member_id}~1Deaf~1/post/summary); help: check which action the endpoint performs, and fix the summary or the operationId (with an overlay action)
        specs/vobiz/undeaf-member.yaml:89:7: warning[no-error-responses]: operation `undeaf-member` (DELETE /api/v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Deaf/) documents no error response (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1Member~1{member_id}~1Deaf~1/delete/responses); help: document the error statuses and their body (with an overlay action), so callers get typed errors
        specs/vobiz/undeaf-member.yaml:74:7: warning[summary-contradicts-operation-id]: the summary `Unmute a member's audio` says `unmute`, but the operationId `undeaf-member` says `undeaf` (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1Member~1{member_id}~1Deaf~1/delete/summary); help: check which action the endpoint performs, and fix the summary or the operationId (with an overlay action)
        specs/vobiz/hangup-all-conferences.yaml:77:7: warning[no-error-responses]: operation `delete-all-conferences` (DELETE /api/v1/Account/{auth_id}/Conference/) documents no error response (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1/delete/responses); help: document the error statuses and their body (with an overlay action), so callers get typed errors
        specs/vobiz/hangup-all-conferences.yaml:72:7: warning[summary-contradicts-operation-id]: the summary `Hang up all conferences` says `hangup`, but the operationId `delete-all-conferences` says `delete` (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1/delete/summary); help: check which action the endpoint performs, and fix the summary or the operationId (with an overlay action)
        specs/vobiz/list-conferences.yaml:79:7: warning[no-error-responses]: operation `list-conferences` (GET /api/v1/Account/{auth_id}/Conference/) documents no error response (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1/get/responses); help: document the error statuses and their body (with an overlay action), so callers get typed errors
        specs/vobiz/hangup-conference.yaml:82:7: warning[no-error-responses]: operation `delete-conference` (DELETE /api/v1/Account/{auth_id}/Conference/{conference_name}/) documents no error response (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1/delete/responses); help: document the error statuses and their body (with an overlay action), so callers get typed errors
        specs/vobiz/hangup-conference.yaml:72:7: warning[summary-contradicts-operation-id]: the summary `Hang up a conference` says `hangup`, but the operationId `delete-conference` says `delete` (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1/delete/summary); help: check which action the endpoint performs, and fix the summary or the operationId (with an overlay action)
        specs/vobiz/retrieve-conference.yaml:84:7: warning[no-error-responses]: operation `get-conference` (GET /api/v1/Account/{auth_id}/Conference/{conference_name}/) documents no error response (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1/get/responses); help: document the error statuses and their body (with an overlay action), so callers get typed errors
        specs/vobiz/hangup-member.yaml:86:7: warning[no-error-responses]: operation `hangup-member` (DELETE /api/v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/) documents no error response (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1Member~1{member_id}~1/delete/responses); help: document the error statuses and their body (with an overlay action), so callers get typed errors
        specs/vobiz/kick-member.yaml:86:7: warning[no-error-responses]: operation `kick-member` (POST /api/v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Kick/) documents no error response (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1Member~1{member_id}~1Kick~1/post/responses); help: document the error statuses and their body (with an overlay action), so callers get typed errors
        specs/vobiz/mute-member.yaml:87:7: warning[no-error-responses]: operation `mute-member` (POST /api/v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Mute/) documents no error response (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1Member~1{member_id}~1Mute~1/post/responses); help: document the error statuses and their body (with an overlay action), so callers get typed errors
        specs/vobiz/unmute-member.yaml:87:7: warning[no-error-responses]: operation `unmute-member` (DELETE /api/v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Mute/) documents no error response (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1Member~1{member_id}~1Mute~1/delete/responses); help: document the error statuses and their body (with an overlay action), so callers get typed errors
        specs/vobiz/play-audio-member.yaml:100:7: warning[no-error-responses]: operation `play-audio-member` (POST /api/v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Play/) documents no error response (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1Member~1{member_id}~1Play~1/post/responses); help: document the error statuses and their body (with an overlay action), so callers get typed errors
        specs/vobiz/stop-audio-member.yaml:88:7: warning[no-error-responses]: operation `stop-audio-member` (DELETE /api/v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Play/) documents no error response (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1Member~1{member_id}~1Play~1/delete/responses); help: document the error statuses and their body (with an overlay action), so callers get typed errors
        specs/vobiz/speak-member.yaml:118:7: warning[no-error-responses]: operation `speak-member` (POST /api/v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Speak/) documents no error response (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1Member~1{member_id}~1Speak~1/post/responses); help: document the error statuses and their body (with an overlay action), so callers get typed errors
        specs/vobiz/stop-speak-member.yaml:90:7: warning[no-error-responses]: operation `stop-speak-member` (DELETE /api/v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Speak/) documents no error response (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1Member~1{member_id}~1Speak~1/delete/responses); help: document the error statuses and their body (with an overlay action), so callers get typed errors
        specs/vobiz/start-conference-recording.yaml:100:7: warning[no-error-responses]: operation `start-conference-recording` (POST /api/v1/Account/{auth_id}/Conference/{conference_name}/Record/) documents no error response (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1Record~1/post/responses); help: document the error statuses and their body (with an overlay action), so callers get typed errors
        specs/vobiz/stop-conference-recording.yaml:82:7: warning[no-error-responses]: operation `stop-conference-recording` (DELETE /api/v1/Account/{auth_id}/Conference/{conference_name}/Record/) documents no error response (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1Record~1/delete/responses); help: document the error statuses and their body (with an overlay action), so callers get typed errors
        specs/vobiz/hangup-all-conferences.yaml:71:11: warning[inconsistent-tag]: the tag `Conferences` differs from `Conference` (at #/tags/8/name) only in case, spacing or a plural (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1/delete/tags/0); help: use `Conference` everywhere (with an overlay action)
        specs/vobiz/mute-member.yaml:71:11: warning[undeclared-tag]: the tag `Conference Members` of operation `mute-member` (POST /api/v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Mute/) is not declared in the top-level `tags` (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1Member~1{member_id}~1Mute~1/post/tags/0); help: declare `Conference Members` with a description under `tags` (with an overlay action)
        specs/vobiz/start-conference-recording.yaml:73:11: warning[undeclared-tag]: the tag `Conference Recording` of operation `start-conference-recording` (POST /api/v1/Account/{auth_id}/Conference/{conference_name}/Record/) is not declared in the top-level `tags` (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1Record~1/post/tags/0); help: declare `Conference Recording` with a description under `tags` (with an overlay action)
        specs/vobiz/deaf-member.yaml:94:15: warning[example-without-schema]: this `application/json` example has no schema: the generated client cannot type the body, and nothing checks the example (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1Member~1{member_id}~1Deaf~1/post/responses/202/content/application~1json/example); help: add the schema the example (and the API's real answer) follows, with an overlay action
        specs/vobiz/list-conferences.yaml:84:15: warning[example-without-schema]: this `application/json` example has no schema: the generated client cannot type the body, and nothing checks the example (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1/get/responses/200/content/application~1json/example); help: add the schema the example (and the API's real answer) follows, with an overlay action
        specs/vobiz/retrieve-conference.yaml:89:15: warning[example-without-schema]: this `application/json` example has no schema: the generated client cannot type the body, and nothing checks the example (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1/get/responses/200/content/application~1json/example); help: add the schema the example (and the API's real answer) follows, with an overlay action
        specs/vobiz/kick-member.yaml:91:15: warning[example-without-schema]: this `application/json` example has no schema: the generated client cannot type the body, and nothing checks the example (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1Member~1{member_id}~1Kick~1/post/responses/200/content/application~1json/example); help: add the schema the example (and the API's real answer) follows, with an overlay action
        specs/vobiz/mute-member.yaml:92:15: warning[example-without-schema]: this `application/json` example has no schema: the generated client cannot type the body, and nothing checks the example (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1Member~1{member_id}~1Mute~1/post/responses/202/content/application~1json/example); help: add the schema the example (and the API's real answer) follows, with an overlay action
        specs/vobiz/play-audio-member.yaml:105:15: warning[example-without-schema]: this `application/json` example has no schema: the generated client cannot type the body, and nothing checks the example (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1Member~1{member_id}~1Play~1/post/responses/202/content/application~1json/example); help: add the schema the example (and the API's real answer) follows, with an overlay action
        specs/vobiz/speak-member.yaml:123:15: warning[example-without-schema]: this `application/json` example has no schema: the generated client cannot type the body, and nothing checks the example (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1Member~1{member_id}~1Speak~1/post/responses/200/content/application~1json/example); help: add the schema the example (and the API's real answer) follows, with an overlay action
        specs/vobiz/start-conference-recording.yaml:105:15: warning[example-without-schema]: this `application/json` example has no schema: the generated client cannot type the body, and nothing checks the example (at #/paths/~1api~1v1~1Account~1{auth_id}~1Conference~1{conference_name}~1Record~1/post/responses/200/content/application~1json/example); help: add the schema the example (and the API's real answer) follows, with an overlay action
    "#]]
    .assert_eq(&one_per_line(&findings));
}

#[test]
fn our_specs_with_their_overlays_and_allow_file_have_no_findings() {
    let project = Project::load(&root()).unwrap();
    let workspace = project.workspace_at(&root()).unwrap();
    let settings = workspace.settings().unwrap();
    let mut problems = Diagnostics::default();
    let config = Config::read(&workspace.specs_dir().join("lint.toml"), &mut problems);
    assert!(problems.is_empty(), "{problems}");
    let findings = lint(&settings.apis, &config);
    assert!(findings.is_empty(), "{findings}");
}

fn fixture() -> ApiSources {
    ApiSources {
        name: "fixture".to_owned(),
        documents: vec![root().join("codegen/tests/fixtures/lint.yaml")],
        overlays: Vec::new(),
        spec_root: None,
    }
}

#[test]
fn the_fixture_triggers_every_lint() {
    let findings = lint(&[fixture()], &Config::default());
    expect![[r#"
        codegen/tests/fixtures/lint.yaml:18:11: warning[body-on-204]: operation `hangupMember` (DELETE /members/{id}) documents a body on its 204 response, which HTTP says has none (at #/paths/~1members~1{id}/delete/responses/204/content); help: remove the `content` (with an overlay action), or document the status that really carries the body
        codegen/tests/fixtures/lint.yaml:13:7: warning[summary-contradicts-operation-id]: the summary `Kick a member` says `kick`, but the operationId `hangupMember` says `hangup` (at #/paths/~1members~1{id}/delete/summary); help: check which action the endpoint performs, and fix the summary or the operationId (with an overlay action)
        codegen/tests/fixtures/lint.yaml:27:7: warning[no-error-responses]: operation `muteMember` (POST /members/{id}) documents no error response (at #/paths/~1members~1{id}/post/responses); help: document the error statuses and their body (with an overlay action), so callers get typed errors
        codegen/tests/fixtures/lint.yaml:25:7: warning[body-in-prose-only]: the description of operation `muteMember` (POST /members/{id}) describes a request body, but the operation defines none (at #/paths/~1members~1{id}/post/description); help: add the `requestBody` the text describes (with an overlay action)
        codegen/tests/fixtures/lint.yaml:26:14: warning[inconsistent-tag]: the tag `Member` differs from `Members` (at #/tags/0/name) only in case, spacing or a plural (at #/paths/~1members~1{id}/post/tags/0); help: use `Members` everywhere (with an overlay action)
        codegen/tests/fixtures/lint.yaml:26:22: warning[undeclared-tag]: the tag `Calls` of operation `muteMember` (POST /members/{id}) is not declared in the top-level `tags` (at #/paths/~1members~1{id}/post/tags/1); help: declare `Calls` with a description under `tags` (with an overlay action)
        codegen/tests/fixtures/lint.yaml:49:5: warning[unused-component]: the component `schemas/Orphan` is not used by any operation (at #/components/schemas/Orphan); help: remove it, or refer to it where it was meant to be used (with an overlay action)
        codegen/tests/fixtures/lint.yaml:35:27: warning[example-mismatch]: the `application/json` example does not match its schema: /muted: "yes" is not of type "boolean" (at #/paths/~1members~1{id}/post/responses/200/content/application~1json/examples/wrong/value/muted); help: fix the example or the schema (with an overlay action); when the API really answers like the example, the schema is what is wrong
        codegen/tests/fixtures/lint.yaml:35:41: warning[example-mismatch]: the `application/json` example does not match its schema: /member_id: 10 is not valid under any of the schemas listed in the 'anyOf' keyword (at #/paths/~1members~1{id}/post/responses/200/content/application~1json/examples/wrong/value/member_id); help: fix the example or the schema (with an overlay action); when the API really answers like the example, the schema is what is wrong
        codegen/tests/fixtures/lint.yaml:40:15: warning[example-without-schema]: this `application/json` example has no schema: the generated client cannot type the body, and nothing checks the example (at #/paths/~1members~1{id}/post/responses/202/content/application~1json/example); help: add the schema the example (and the API's real answer) follows, with an overlay action
    "#]]
    .assert_eq(&one_per_line(&findings));
    for (name, _) in LINTS.iter().filter(|(name, _)| *name != "stale-allow") {
        assert!(
            findings.iter().any(|d| d.code.as_deref() == Some(*name)),
            "`{name}` found nothing"
        );
    }
}

#[test]
fn allowed_findings_are_dropped_and_stale_entries_reported() {
    let dir = tempfile::tempdir().unwrap();
    let allow = dir.path().join("lint.toml");
    std::fs::write(
        &allow,
        r##"
[[allow]]
lint = "unused-component"
api = "fixture"
pointer = "#/components/schemas/Orphan"
reason = "Kept for a future operation."

[[allow]]
lint = "unused-component"
api = "fixture"
pointer = "#/components/schemas/Gone"
reason = "Was needed once."
"##,
    )
    .unwrap();
    let mut problems = Diagnostics::default();
    let config = Config::read(&allow, &mut problems);
    assert!(problems.is_empty(), "{problems}");
    let findings = lint(&[fixture()], &config);
    let codes: Vec<_> = findings.iter().filter_map(|d| d.code.as_deref()).collect();
    assert!(
        !findings
            .iter()
            .any(|d| d.pointer == "#/components/schemas/Orphan")
    );
    let stale: Vec<_> = findings
        .iter()
        .filter(|d| d.code.as_deref() == Some("stale-allow"))
        .map(|d| (d.pointer.as_str(), d.position.map(|p| p.line)))
        .collect();
    assert_eq!(stale, [("#/allow/1", None)], "{codes:?}");
}

#[test]
fn an_allow_entry_needs_a_known_lint_and_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let allow = dir.path().join("lint.toml");
    std::fs::write(
        &allow,
        "[[allow]]\nlint = \"no-such-lint\"\napi = \"x\"\npointer = \"#\"\nreason = \" \"\n",
    )
    .unwrap();
    let mut problems = Diagnostics::default();
    Config::read(&allow, &mut problems);
    let messages: Vec<_> = problems.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "there is no lint named `no-such-lint`",
            "an allow entry needs a reason"
        ]
    );
}

#[test]
fn examples_of_a_3_1_document_are_checked_in_json_schema_2020_12() {
    let sources = ApiSources {
        name: "fixture".to_owned(),
        documents: vec![root().join("codegen/tests/fixtures/lint-3.1.yaml")],
        overlays: Vec::new(),
        spec_root: None,
    };
    let findings = lint(&[sources], &Config::default());
    expect![[r#"
        codegen/tests/fixtures/lint-3.1.yaml:18:33: warning[example-mismatch]: the `application/json` example does not match its schema: /kind: "reading" was expected (at #/paths/~1readings/get/responses/200/content/application~1json/examples/wrong/value/kind); help: fix the example or the schema (with an overlay action); when the API really answers like the example, the schema is what is wrong
        codegen/tests/fixtures/lint-3.1.yaml:18:46: warning[example-mismatch]: the `application/json` example does not match its schema: /value: 0 is less than or equal to the minimum of 0 (at #/paths/~1readings/get/responses/200/content/application~1json/examples/wrong/value/value); help: fix the example or the schema (with an overlay action); when the API really answers like the example, the schema is what is wrong
        codegen/tests/fixtures/lint-3.1.yaml:18:56: warning[example-mismatch]: the `application/json` example does not match its schema: /note: 3 is not of types "null", "string" (at #/paths/~1readings/get/responses/200/content/application~1json/examples/wrong/value/note); help: fix the example or the schema (with an overlay action); when the API really answers like the example, the schema is what is wrong
    "#]].assert_eq(&one_per_line(&findings));
}
