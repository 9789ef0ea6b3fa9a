//! The Huawei Cloud Meeting client against a real HTTP server on loopback.

use conference_control::huawei_meeting::types::ErrorResponse;
use conference_control::huawei_meeting::{self, MeetingControlError as CallError};
use conference_control::{Error, HuaweiParticipants};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "stbaf8fa2ea8a1b0e3ab2e007a85a75f88c55d5f6d5c1912dfb";
const PATH: &str = "/v1/mmc/control/conferences/participants/delete";

fn client(server: &MockServer) -> huawei_meeting::Client {
    huawei_meeting::Client::builder(huawei_meeting::Credentials::new().with_conference_token(TOKEN))
        .base_url(server.uri())
        .build()
        .unwrap()
}

fn error_body(code: &str, message: &str) -> ErrorResponse {
    ErrorResponse {
        error_code: code.into(),
        error_msg: message.into(),
    }
}

#[tokio::test]
async fn disconnect_sends_the_documented_request_and_accepts_an_empty_200() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .and(query_param("conferenceID", "914083136"))
        .and(header("X-Conference-Authorization", TOKEN))
        .and(header("Content-Type", "application/json"))
        .and(body_json(
            json!({"bulkHangUpParticipants": ["ba9acb1e216d11eabc5165c2b91ad427"]}),
        ))
        // The docs' example: JSON content type, no body printed.
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Content-Type", "application/json;charset=UTF-8")
                .insert_header("X-Request-Id", "bd6c09db2be3f986c2382c01deb240e6"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .disconnect("914083136", ["ba9acb1e216d11eabc5165c2b91ad427"])
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(
        response.header("X-Request-Id"),
        Some("bd6c09db2be3f986c2382c01deb240e6")
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), Some("conferenceID=914083136"));
    assert_eq!(
        requests[0].body,
        br#"{"bulkHangUpParticipants":["ba9acb1e216d11eabc5165c2b91ad427"]}"#
    );
}

#[tokio::test]
async fn the_conference_id_is_encoded_as_one_query_value() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;

    client(&server).disconnect("9&x=1 #", ["p1"]).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), Some("conferenceID=9%26x%3D1+%23"));
}

#[tokio::test]
async fn every_documented_error_status_has_its_variant_and_keeps_the_request_id() {
    let cases = [
        (
            400,
            "MMC.111070005",
            CallError::BadRequest as fn(ErrorResponse) -> CallError,
        ),
        (401, "MMC.111072065", CallError::Unauthorized),
        (403, "USG.000000003", CallError::Forbidden),
        (500, "MMC.111000000", CallError::InternalServerError),
    ];
    for (status, code, variant) in cases {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("X-Request-Id", "req-7")
                    .set_body_json(json!({"error_code": code, "error_msg": "failed"})),
            )
            .expect(1)
            .mount(&server)
            .await;

        let error = client(&server)
            .disconnect("914083136", ["p1"])
            .await
            .unwrap_err();

        assert_eq!(
            error.error_body(),
            Some(&variant(error_body(code, "failed"))),
            "status {status}"
        );
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        let request_id = error
            .headers()
            .and_then(|h| h.get("X-Request-Id"))
            .and_then(|v| v.to_str().ok());
        assert_eq!(request_id, Some("req-7"));
    }
}

#[tokio::test]
async fn an_undocumented_status_and_a_malformed_error_body_keep_the_raw_response() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(query_param("conferenceID", "gateway"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(query_param("conferenceID", "garbled"))
        .respond_with(ResponseTemplate::new(400).set_body_string("not json"))
        .mount(&server)
        .await;
    let client = client(&server);

    let error = client.disconnect("gateway", ["p1"]).await.unwrap_err();
    let Error::UnexpectedResponse(raw) = &error else {
        panic!("expected UnexpectedResponse, got {error:?}")
    };
    assert_eq!(
        (raw.status().as_u16(), raw.text().as_ref()),
        (502, "<html>Bad Gateway</html>")
    );

    let error = client.disconnect("garbled", ["p1"]).await.unwrap_err();
    let Error::InvalidResponsePayload { response, .. } = &error else {
        panic!("expected InvalidResponsePayload, got {error:?}")
    };
    assert_eq!(
        (response.status().as_u16(), response.text().as_ref()),
        (400, "not json")
    );
}

#[tokio::test]
async fn an_empty_participant_list_is_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;

    let error = client(&server)
        .disconnect("914083136", Vec::<String>::new())
        .await
        .unwrap_err();

    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 0);
}

#[test]
fn debug_output_never_shows_the_token() {
    let credentials = huawei_meeting::Credentials::new().with_conference_token(TOKEN);
    let client = huawei_meeting::Client::builder(credentials.clone())
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    assert!(!format!("{credentials:?} {client:?}").contains(TOKEN));
}
