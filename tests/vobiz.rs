//! The Vobiz client against a real HTTP server on loopback: exact method, path, headers and
//! body of each request, and the decoded result of each response.

use conference_control::vobiz::types::ApiError;
use conference_control::vobiz::{self, ConferenceError};
use conference_control::{Error, MemberAction, MemberSelector, VobizMembers};
use serde_json::json;
use wiremock::matchers::{any, body_string, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const AUTH_ID: &str = "MA_TEST0001";
const AUTH_TOKEN: &str = "s3cret-token-value";
const ROOT: &str = "/api/v1/Account/MA_TEST0001/Conference";

fn client(server: &MockServer) -> vobiz::Client {
    vobiz::Client::builder(AUTH_ID, vobiz::Credentials::new(AUTH_ID, AUTH_TOKEN))
        .base_url(server.uri())
        .build()
        .expect("client builds")
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

fn assert_auth_headers(request: &Request) {
    assert_eq!(request.headers.get("X-Auth-ID").unwrap(), AUTH_ID);
    assert_eq!(request.headers.get("X-Auth-Token").unwrap(), AUTH_TOKEN);
}

#[tokio::test]
async fn hang_up_one_member_sends_delete_and_accepts_204() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("{ROOT}/MyConf/Member/10/")))
        .and(header("X-Auth-ID", AUTH_ID))
        .and(header("X-Auth-Token", AUTH_TOKEN))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .hang_up("MyConf", &MemberSelector::one("10").unwrap())
        .await
        .unwrap();

    assert_eq!(response.status(), 204);
    assert_eq!(*response.body(), ());
    let request = only_request(&server).await;
    assert_auth_headers(&request);
    assert!(request.body.is_empty(), "hang up sends no body");
    assert!(request.url.query().is_none());
}

#[tokio::test]
async fn a_conference_name_with_reserved_characters_stays_one_path_segment() {
    let server = MockServer::start().await;
    // `/`, space, `?`, `#` and `%` are encoded; the list of ids keeps its commas; the
    // PascalCase path and trailing slash are kept.
    let expected = format!("{ROOT}/a%2Fb%20%3F%23%25/Member/10,15,22/");
    Mock::given(method("DELETE"))
        .and(path(expected.as_str()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let members = MemberSelector::many(["10", "15", "22"]).unwrap();
    client(&server).hang_up("a/b ?#%", &members).await.unwrap();

    assert_eq!(only_request(&server).await.url.path(), expected);
}

#[tokio::test]
async fn hang_up_all_members_uses_the_literal_all() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("{ROOT}/MyConf/Member/all/")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .hang_up("MyConf", &MemberSelector::all())
        .await
        .unwrap();
}

#[tokio::test]
async fn kick_sends_an_empty_json_object_and_reads_the_live_202_list() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("{ROOT}/MyConf/Member/10,15/Kick/")))
        .and(header("Content-Type", "application/json"))
        .and(body_string("{}"))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({
            "message": "kicked", "member_id": ["10", "15"], "api_id": "API_REQUEST_ID"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .kick("MyConf", &MemberSelector::many(["10", "15"]).unwrap())
        .await
        .unwrap();

    assert_eq!(response.status(), 202);
    assert_eq!(
        response.into_body(),
        MemberAction {
            message: "kicked".into(),
            member_ids: vec!["10".into(), "15".into()],
            api_id: Some("API_REQUEST_ID".into())
        }
    );
    let request = only_request(&server).await;
    assert_auth_headers(&request);
    assert_eq!(request.body, b"{}");
}

#[tokio::test]
async fn kick_reads_a_list_the_v2_docs_write_as_one_comma_joined_string() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("{ROOT}/MyConf/Member/15,22/Kick/")))
        .and(body_string("{}"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "message": "kicked", "member_id": "15,22", "api_id": "API_REQUEST_ID"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let kicked = client(&server)
        .kick("MyConf", &MemberSelector::many(["15", "22"]).unwrap())
        .await
        .unwrap();

    assert_eq!(kicked.status(), 200);
    assert_eq!(kicked.member_ids, ["15", "22"]);
    let request = only_request(&server).await;
    assert_auth_headers(&request);
    assert_eq!(request.method.as_str(), "POST");
}

#[tokio::test]
async fn kick_reads_the_documented_200_with_one_id_as_a_string() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("{ROOT}/MyConf/Member/10/Kick/")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "message": "kicked", "member_id": "10", "api_id": "2867b6e2-58c3-11e1-86da-adf28403fe48"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let kicked = client(&server)
        .kick("MyConf", &MemberSelector::one("10").unwrap())
        .await
        .unwrap();

    assert_eq!(kicked.status(), 200);
    assert_eq!(kicked.member_ids, ["10"]);
    assert_eq!(
        kicked.api_id.as_deref(),
        Some("2867b6e2-58c3-11e1-86da-adf28403fe48")
    );
}

#[tokio::test]
async fn every_documented_error_status_maps_to_its_variant_on_both_operations() {
    for status in [401u16, 404] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(status)
                    .set_body_json(json!({"error": "nope", "api_id": "a1"})),
            )
            .expect(2)
            .mount(&server)
            .await;
        let client = client(&server);
        let one = MemberSelector::one("10").unwrap();
        let body = ApiError {
            error: Some("nope".into()),
            message: None,
            api_id: Some("a1".into()),
        };

        let hang_up = client.hang_up("Gone", &one).await.unwrap_err();
        let kick = client.kick("Gone", &one).await.unwrap_err();

        // Both operations document the same errors, so they share one enum.
        let expected = match status {
            401 => ConferenceError::Unauthorized(body),
            _ => ConferenceError::NotFound(body),
        };
        assert_eq!(hang_up.error_body(), Some(&expected));
        assert_eq!(kick.error_body(), Some(&expected));
        assert_eq!(hang_up.status().map(|s| s.as_u16()), Some(status));
    }
}

#[tokio::test]
async fn an_undocumented_status_keeps_status_headers_and_raw_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(500)
                .insert_header("X-Request-Id", "req-42")
                .set_body_string("<html>broken</html>"),
        )
        .mount(&server)
        .await;

    let error = client(&server)
        .hang_up("MyConf", &MemberSelector::all())
        .await
        .unwrap_err();

    let Error::UnexpectedResponse(raw) = &error else {
        panic!("expected UnexpectedResponse, got {error:?}")
    };
    assert_eq!(raw.status(), 500);
    assert_eq!(raw.attempts(), 1, "500 is not retried");
    assert_eq!(raw.header("X-Request-Id"), Some("req-42"));
    assert_eq!(raw.body(), b"<html>broken</html>");
    assert!(error.to_string().contains("HTTP 500"), "{error}");
}

#[tokio::test]
async fn a_malformed_success_body_keeps_the_raw_response() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(202).set_body_raw(
            r#"{"message": "kicked", "member_id": [1"#,
            "application/json",
        ))
        .mount(&server)
        .await;

    let error = client(&server)
        .kick("MyConf", &MemberSelector::all())
        .await
        .unwrap_err();

    let Error::InvalidResponsePayload { response, .. } = &error else {
        panic!("expected InvalidResponsePayload, got {error:?}")
    };
    assert_eq!(response.status(), 202);
    assert_eq!(response.text(), r#"{"message": "kicked", "member_id": [1"#);
}

#[tokio::test]
async fn the_gateways_not_found_body_is_a_not_found_error_not_a_payload_error() {
    let server = MockServer::start().await;
    // The gateway's answer for an unknown route: `message`, no `error`, no `api_id`.
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})))
        .mount(&server)
        .await;

    let error = client(&server)
        .hang_up("MyConf", &MemberSelector::all())
        .await
        .unwrap_err();

    let expected = ConferenceError::NotFound(ApiError {
        error: None,
        message: Some("Not Found".into()),
        api_id: None,
    });
    assert_eq!(error.error_body(), Some(&expected), "{error:?}");
}

#[tokio::test]
async fn an_error_body_that_is_not_json_keeps_the_raw_response() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(404).set_body_raw("Not Found", "application/json"))
        .mount(&server)
        .await;

    let error = client(&server)
        .hang_up("MyConf", &MemberSelector::all())
        .await
        .unwrap_err();

    let Error::InvalidResponsePayload { response, .. } = &error else {
        panic!("expected InvalidResponsePayload, got {error:?}")
    };
    assert_eq!(response.status(), 404);
    assert_eq!(response.text(), "Not Found");
}

#[test]
fn debug_output_never_shows_the_token() {
    let credentials = vobiz::Credentials::new(AUTH_ID, AUTH_TOKEN);
    let client = vobiz::Client::builder(AUTH_ID, credentials.clone())
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    for text in [
        format!("{credentials:?}"),
        format!("{client:?}"),
        format!("{:?}", vobiz::Client::builder(AUTH_ID, credentials)),
    ] {
        assert!(!text.contains(AUTH_TOKEN), "token leaked: {text}");
    }
}

#[test]
fn a_credential_with_a_line_break_is_refused_when_the_client_is_built() {
    let error = vobiz::Client::builder(
        AUTH_ID,
        vobiz::Credentials::new(AUTH_ID, "token\r\nX-Evil: 1"),
    )
    .base_url("http://127.0.0.1:9")
    .build()
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the credential for `X-Auth-Token` contains characters a header cannot carry"
    );
}

#[test]
fn the_default_server_is_the_specs_first_server() {
    let client = vobiz::Client::new(AUTH_ID, vobiz::Credentials::new(AUTH_ID, AUTH_TOKEN)).unwrap();
    assert_eq!(client.base_url().as_str(), "https://api.vobiz.ai/");
}
