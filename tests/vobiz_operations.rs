//! Every Vobiz conference operation of the generated client against a real HTTP server on
//! loopback: the exact method, raw path, headers and body bytes it sends, the decoded answer,
//! and the documented errors. (Hang up and kick through the facade: `tests/vobiz.rs`.)

use std::future::Future;
use std::pin::Pin;

use conference_control::vobiz::types::{
    ApiError, Conference, ConferenceList, ConferenceMember, ConferenceRetrieval, EmptyObject,
    MemberActionResponse, MemberIds, PlayAudioMemberRequest, RecordingStarted, RetrieveFailed,
    RetrieveFailedError, SpeakMemberRequest, SpeakMemberRequestVoice,
    StartConferenceRecordingRequest, StartConferenceRecordingRequestFileFormat,
};
use conference_control::vobiz::{self, ConferenceError};
use conference_control::{Error, MemberAction};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const AUTH_ID: &str = "MA_TEST0001";
const AUTH_TOKEN: &str = "s3cret-token-value";
const ROOT: &str = "/api/v1/Account/MA_TEST0001/Conference";

/// A server that answers every request with this status and (JSON) body.
async fn answering(status: u16, body: Option<&str>) -> MockServer {
    let server = MockServer::start().await;
    let response = match body {
        Some(body) => ResponseTemplate::new(status).set_body_raw(body, "application/json"),
        None => ResponseTemplate::new(status),
    };
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> vobiz::Client {
    vobiz::Client::builder(AUTH_ID, vobiz::Credentials::new(AUTH_ID, AUTH_TOKEN))
        .base_url(server.uri())
        .build()
        .expect("client builds")
}

/// Checks the one request the server received: method, raw path (no query), the auth
/// headers, and the body: `None` for no body and no `Content-Type`, else these exact bytes as
/// `application/json`.
async fn assert_sent(server: &MockServer, method: &str, path: &str, body: Option<&str>) {
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    let request: &Request = &requests[0];
    assert_eq!(request.method.as_str(), method);
    assert_eq!(request.url.path(), path);
    assert_eq!(request.url.query(), None);
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    assert_eq!(header("X-Auth-ID").as_deref(), Some(AUTH_ID));
    assert_eq!(header("X-Auth-Token").as_deref(), Some(AUTH_TOKEN));
    match body {
        Some(body) => {
            assert_eq!(header("Content-Type").as_deref(), Some("application/json"));
            assert_eq!(String::from_utf8_lossy(&request.body), body);
        }
        None => {
            assert_eq!(header("Content-Type"), None);
            assert!(request.body.is_empty(), "no body expected");
        }
    }
}

fn action(message: &str, ids: &[&str]) -> MemberActionResponse {
    MemberActionResponse {
        message: message.into(),
        member_id: Some(MemberIds::Many(ids.iter().map(|&id| id.into()).collect())),
        api_id: Some("API_REQUEST_ID".into()),
    }
}

#[tokio::test]
async fn list_conferences_reads_the_names_and_the_request_id() {
    let server = answering(
        200,
        Some(r#"{"conferences":["Team Meeting","My Conf Room"],"api_id":"816e903e"}"#),
    )
    .await;

    let response = client(&server).list_conferences().await.unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(
        response.into_body(),
        ConferenceList {
            conferences: vec!["Team Meeting".into(), "My Conf Room".into()],
            api_id: "816e903e".into(),
        }
    );
    assert_sent(&server, "GET", &format!("{ROOT}/"), None).await;
}

#[tokio::test]
async fn get_conference_reads_string_counters_and_members() {
    let server = answering(
        200,
        Some(
            r#"{"conference_name":"My Conf Room","conference_run_time":"590","conference_member_count":"1","members":[{"member_id":"17","muted":false,"deaf":true,"from":"919999999999","to":"918888888888","caller_name":"","direction":"inbound","call_uuid":"c-1","join_time":"590"}],"api_id":"a1"}"#,
        ),
    )
    .await;

    let response = client(&server)
        .get_conference("My Conf Room")
        .await
        .unwrap();

    let expected = Conference {
        conference_name: "My Conf Room".into(),
        conference_run_time: "590".into(),
        conference_member_count: "1".into(),
        members: vec![ConferenceMember {
            member_id: Some("17".into()),
            muted: Some(false),
            deaf: Some(true),
            from: Some("919999999999".into()),
            to: Some("918888888888".into()),
            caller_name: Some(String::new()),
            direction: Some("inbound".into()),
            call_uuid: Some("c-1".into()),
            join_time: Some("590".into()),
        }],
        api_id: "a1".into(),
    };
    assert_eq!(
        response.into_body(),
        ConferenceRetrieval::Conference(expected)
    );
    // A space in the name is sent as %20, as the docs require.
    assert_sent(&server, "GET", &format!("{ROOT}/My%20Conf%20Room/"), None).await;
}

#[tokio::test]
async fn get_conference_reads_the_live_apis_200_failure_as_a_failure() {
    let server = answering(200, Some(r#"{"error":"failed","api_id":"a2"}"#)).await;

    let response = client(&server).get_conference("Room").await.unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(
        response.into_body(),
        ConferenceRetrieval::RetrieveFailed(RetrieveFailed {
            error: RetrieveFailedError::Failed,
            api_id: Some("a2".into()),
        })
    );
    assert_sent(&server, "GET", &format!("{ROOT}/Room/"), None).await;
}

#[tokio::test]
async fn delete_conference_sends_delete_and_accepts_204() {
    let server = answering(204, None).await;

    let response = client(&server).delete_conference("Room").await.unwrap();

    assert_eq!(
        (response.status().as_u16(), response.into_body()),
        (204, ())
    );
    assert_sent(&server, "DELETE", &format!("{ROOT}/Room/"), None).await;
}

#[tokio::test]
async fn delete_all_conferences_sends_delete_to_the_collection() {
    let server = answering(204, None).await;

    let response = client(&server).delete_all_conferences().await.unwrap();

    assert_eq!(response.status(), 204);
    assert_sent(&server, "DELETE", &format!("{ROOT}/"), None).await;
}

#[tokio::test]
async fn mute_member_sends_an_empty_object_and_reads_the_202() {
    let server = answering(
        202,
        Some(r#"{"message":"muted","member_id":["10","15"],"api_id":"API_REQUEST_ID"}"#),
    )
    .await;

    let response = client(&server)
        .mute_member("Room", "10,15", &EmptyObject {})
        .await
        .unwrap();

    assert_eq!(response.status(), 202);
    assert_eq!(response.into_body(), action("muted", &["10", "15"]));
    assert_sent(
        &server,
        "POST",
        &format!("{ROOT}/Room/Member/10,15/Mute/"),
        Some("{}"),
    )
    .await;
}

#[tokio::test]
async fn mute_member_reads_the_v2_docs_200_with_a_string_id() {
    let server = answering(
        200,
        Some(r#"{"message":"muted","member_id":"10","api_id":"2867b6e2"}"#),
    )
    .await;

    let response = client(&server)
        .mute_member("Room", "10", &EmptyObject {})
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(MemberAction::from(response.into_body()).member_ids, ["10"]);
}

#[tokio::test]
async fn unmute_member_sends_delete_without_a_body_and_accepts_204() {
    let server = answering(204, None).await;

    let response = client(&server).unmute_member("Room", "10").await.unwrap();

    assert_eq!(response.status(), 204);
    assert_sent(
        &server,
        "DELETE",
        &format!("{ROOT}/Room/Member/10/Mute/"),
        None,
    )
    .await;
}

#[tokio::test]
async fn deaf_member_sends_an_empty_object_and_reads_the_202() {
    let server = answering(
        202,
        Some(r#"{"message":"deaf","member_id":["10"],"api_id":"API_REQUEST_ID"}"#),
    )
    .await;

    let response = client(&server)
        .deaf_member("Room", "10", &EmptyObject {})
        .await
        .unwrap();

    assert_eq!(response.into_body(), action("deaf", &["10"]));
    assert_sent(
        &server,
        "POST",
        &format!("{ROOT}/Room/Member/10/Deaf/"),
        Some("{}"),
    )
    .await;
}

#[tokio::test]
async fn undeaf_member_sends_an_empty_object_and_accepts_204() {
    let server = answering(204, None).await;

    let response = client(&server)
        .undeaf_member("Room", "all", &EmptyObject {})
        .await
        .unwrap();

    assert_eq!(response.status(), 204);
    assert_sent(
        &server,
        "DELETE",
        &format!("{ROOT}/Room/Member/all/Deaf/"),
        Some("{}"),
    )
    .await;
}

#[tokio::test]
async fn play_audio_member_sends_the_url_and_reads_the_202() {
    let server = answering(
        202,
        Some(r#"{"message":"play queued into conference","member_id":["10"],"api_id":"API_REQUEST_ID"}"#),
    )
    .await;
    let body = PlayAudioMemberRequest {
        url: "https://example.com/hold.mp3".into(),
    };

    let response = client(&server)
        .play_audio_member("Room", "10", &body)
        .await
        .unwrap();

    assert_eq!(
        response.into_body(),
        action("play queued into conference", &["10"])
    );
    assert_sent(
        &server,
        "POST",
        &format!("{ROOT}/Room/Member/10/Play/"),
        Some(r#"{"url":"https://example.com/hold.mp3"}"#),
    )
    .await;
}

#[tokio::test]
async fn stop_audio_member_sends_an_empty_object_and_accepts_204() {
    let server = answering(204, None).await;

    let response = client(&server)
        .stop_audio_member("Room", "10", &EmptyObject {})
        .await
        .unwrap();

    assert_eq!(response.status(), 204);
    assert_sent(
        &server,
        "DELETE",
        &format!("{ROOT}/Room/Member/10/Play/"),
        Some("{}"),
    )
    .await;
}

#[tokio::test]
async fn speak_member_sends_the_text_and_leaves_out_unset_fields() {
    let server = answering(
        200,
        Some(r#"{"message":"speak started","api_id":"API_REQUEST_ID","member_id":["10"]}"#),
    )
    .await;
    let body = SpeakMemberRequest {
        text: "The meeting ends in five minutes.".into(),
        voice: Some(SpeakMemberRequestVoice::Man),
        language: None,
    };

    let response = client(&server)
        .speak_member("Room", "10", &body)
        .await
        .unwrap();

    assert_eq!(response.into_body(), action("speak started", &["10"]));
    assert_sent(
        &server,
        "POST",
        &format!("{ROOT}/Room/Member/10/Speak/"),
        Some(r#"{"text":"The meeting ends in five minutes.","voice":"MAN"}"#),
    )
    .await;
}

#[tokio::test]
async fn stop_speak_member_sends_delete_and_accepts_204() {
    let server = answering(204, None).await;

    let response = client(&server)
        .stop_speak_member("Room", "10")
        .await
        .unwrap();

    assert_eq!(response.status(), 204);
    assert_sent(
        &server,
        "DELETE",
        &format!("{ROOT}/Room/Member/10/Speak/"),
        None,
    )
    .await;
}

#[tokio::test]
async fn start_recording_reads_the_live_answer_without_recording_id_or_url() {
    let server = answering(
        200,
        Some(r#"{"message":"async api spawned","api_id":"a3"}"#),
    )
    .await;
    let body = StartConferenceRecordingRequest {
        file_format: Some(StartConferenceRecordingRequestFileFormat::Wav),
        callback_url: Some("https://example.com/recorded".into()),
    };

    let response = client(&server)
        .start_conference_recording("Room")
        .body(&body)
        .await
        .unwrap();

    assert_eq!(
        response.into_body(),
        RecordingStarted {
            message: "async api spawned".into(),
            api_id: Some("a3".into()),
            recording_id: None,
            url: None,
        }
    );
    assert_sent(
        &server,
        "POST",
        &format!("{ROOT}/Room/Record/"),
        Some(r#"{"file_format":"wav","callback_url":"https://example.com/recorded"}"#),
    )
    .await;
}

#[tokio::test]
async fn start_recording_without_a_body_sends_none_and_reads_the_v2_answer() {
    let server = answering(
        200,
        Some(r#"{"message":"conference recording started","api_id":"a4","recording_id":"rec_abc123def456","url":"https://s3.example/rec.mp3"}"#),
    )
    .await;

    let response = client(&server)
        .start_conference_recording("Room")
        .await
        .unwrap();

    let started = response.into_body();
    assert_eq!(started.recording_id.as_deref(), Some("rec_abc123def456"));
    assert_eq!(started.url.as_deref(), Some("https://s3.example/rec.mp3"));
    assert_sent(&server, "POST", &format!("{ROOT}/Room/Record/"), None).await;
}

#[tokio::test]
async fn stop_recording_sends_delete_and_accepts_204() {
    let server = answering(204, None).await;

    let response = client(&server)
        .stop_conference_recording("Room")
        .await
        .unwrap();

    assert_eq!(response.status(), 204);
    assert_sent(&server, "DELETE", &format!("{ROOT}/Room/Record/"), None).await;
}

type Outcome = Result<(), Error<ConferenceError>>;
type Call = for<'c> fn(&'c vobiz::Client) -> Pin<Box<dyn Future<Output = Outcome> + Send + 'c>>;

/// Every operation, its answer dropped: they all document the same errors.
fn every_operation() -> Vec<(&'static str, Call)> {
    fn done<T>(result: Result<T, Error<ConferenceError>>) -> Outcome {
        result.map(drop)
    }
    const EMPTY: &EmptyObject = &EmptyObject {};
    vec![
        ("list_conferences", |c| {
            Box::pin(async { done(c.list_conferences().await) })
        }),
        ("get_conference", |c| {
            Box::pin(async { done(c.get_conference("R").await) })
        }),
        ("delete_conference", |c| {
            Box::pin(async { done(c.delete_conference("R").await) })
        }),
        ("delete_all_conferences", |c| {
            Box::pin(async { done(c.delete_all_conferences().await) })
        }),
        ("hangup_member", |c| {
            Box::pin(async { done(c.hangup_member("R", "1").await) })
        }),
        ("kick_member", |c| {
            Box::pin(async { done(c.kick_member("R", "1", EMPTY).await) })
        }),
        ("mute_member", |c| {
            Box::pin(async { done(c.mute_member("R", "1", EMPTY).await) })
        }),
        ("unmute_member", |c| {
            Box::pin(async { done(c.unmute_member("R", "1").await) })
        }),
        ("deaf_member", |c| {
            Box::pin(async { done(c.deaf_member("R", "1", EMPTY).await) })
        }),
        ("undeaf_member", |c| {
            Box::pin(async { done(c.undeaf_member("R", "1", EMPTY).await) })
        }),
        ("play_audio_member", |c| {
            Box::pin(async {
                let body = PlayAudioMemberRequest {
                    url: "https://a/b.mp3".into(),
                };
                done(c.play_audio_member("R", "1", &body).await)
            })
        }),
        ("stop_audio_member", |c| {
            Box::pin(async { done(c.stop_audio_member("R", "1", EMPTY).await) })
        }),
        ("speak_member", |c| {
            Box::pin(async {
                let body = SpeakMemberRequest {
                    text: "hi".into(),
                    voice: None,
                    language: None,
                };
                done(c.speak_member("R", "1", &body).await)
            })
        }),
        ("stop_speak_member", |c| {
            Box::pin(async { done(c.stop_speak_member("R", "1").await) })
        }),
        ("start_conference_recording", |c| {
            Box::pin(async { done(c.start_conference_recording("R").await) })
        }),
        ("stop_conference_recording", |c| {
            Box::pin(async { done(c.stop_conference_recording("R").await) })
        }),
    ]
}

/// Calls every operation against a server answering `status` and `body`, and checks each
/// error decodes to `expected`.
async fn every_operation_fails_with(status: u16, body: &str, expected: ConferenceError) {
    let server = answering(status, Some(body)).await;
    let client = client(&server);
    for (name, call) in every_operation() {
        let error = call(&client).await.expect_err(name);
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status), "{name}");
        assert_eq!(error.error_body(), Some(&expected), "{name}: {error:?}");
    }
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 16, "one request per operation, no retries");
}

#[tokio::test]
async fn every_operation_reads_a_missing_conference_as_not_found() {
    every_operation_fails_with(
        404,
        r#"{"error":"conference not found","api_id":"e1"}"#,
        ConferenceError::NotFound(ApiError {
            error: Some("conference not found".into()),
            message: None,
            api_id: Some("e1".into()),
        }),
    )
    .await;
}

#[tokio::test]
async fn every_operation_reads_the_gateways_not_found_as_not_found() {
    every_operation_fails_with(
        404,
        r#"{"message":"Not Found"}"#,
        ConferenceError::NotFound(ApiError {
            error: None,
            message: Some("Not Found".into()),
            api_id: None,
        }),
    )
    .await;
}

#[tokio::test]
async fn every_operation_reads_bad_credentials_as_unauthorized() {
    every_operation_fails_with(
        401,
        r#"{"error":"authentication failed","api_id":"e2"}"#,
        ConferenceError::Unauthorized(ApiError {
            error: Some("authentication failed".into()),
            message: None,
            api_id: Some("e2".into()),
        }),
    )
    .await;
}
