//! Every Huawei Cloud Meeting control operation of the generated client against a real HTTP
//! server on loopback: the exact method, raw path and query, headers and body bytes it sends,
//! the decoded answer, and the documented errors. (Disconnect: `tests/huawei.rs`.)

use std::future::Future;
use std::pin::Pin;

use conference_control::huawei_meeting::types::{
    AllowUnmuteRequest, Attendee, AttendeeType, BulkDelAttendRequest, ControlToken, DelAttendInfo,
    ErrorResponse, InviteRequest, LockViewRequest, MuteMeetingRequest, MuteParticipantRequest,
    RenameParticipantRequest, SetRoleRequest, TokenInfo, UpdateStartedConfConfigRequest,
    VideoInviteRequest, WebSocketToken,
};
use conference_control::huawei_meeting::{
    self, GetControlTokenError, MeetingControlError as CallError,
};
use conference_control::{Error, Secret};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "stbaf8fa2ea8a1b0e3ab2e007a85a75f88c55d5f6d5c1912dfb";
const PASSWORD: &str = "host-pass-123";
const ROOT: &str = "/v1/mmc/control/conferences";

/// A server that answers every request with this status and (JSON) body.
async fn answering(status: u16, body: Option<&str>) -> MockServer {
    let server = MockServer::start().await;
    let response = match body {
        Some(body) => ResponseTemplate::new(status).set_body_raw(body, "application/json"),
        None => ResponseTemplate::new(status),
    }
    .insert_header("X-Request-Id", "req-1");
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> huawei_meeting::Client {
    let credentials = huawei_meeting::Credentials::new()
        .with_conference_token(TOKEN)
        .with_host_password(PASSWORD);
    huawei_meeting::Client::builder(credentials)
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

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
}

/// Checks a control call: method, raw path and query, the control token (and no host
/// password), and the body: `None` for no body and no `Content-Type`, else these exact bytes
/// as `application/json`.
async fn assert_sent(server: &MockServer, method: &str, target: &str, body: Option<&str>) {
    let request = only_request(server).await;
    assert_eq!(request.method.as_str(), method);
    let sent = match request.url.query() {
        Some(query) => format!("{}?{query}", request.url.path()),
        None => request.url.path().to_owned(),
    };
    assert_eq!(sent, target);
    assert_eq!(
        header(&request, "X-Conference-Authorization").as_deref(),
        Some(TOKEN)
    );
    assert_eq!(
        header(&request, "X-Password"),
        None,
        "the password stays home"
    );
    match body {
        Some(body) => {
            assert_eq!(
                header(&request, "Content-Type").as_deref(),
                Some("application/json")
            );
            assert_eq!(String::from_utf8_lossy(&request.body), body);
        }
        None => {
            assert_eq!(header(&request, "Content-Type"), None);
            assert!(request.body.is_empty(), "no body expected");
        }
    }
}

#[tokio::test]
async fn get_control_token_sends_the_password_and_the_fixed_login_type() {
    let server = answering(
        200,
        Some(
            r#"{"data":{"token":"stb-1","tmpWsToken":"ws-1","wsURL":"wss://ws.example","role":1,"expireTime":1700000000000,"userID":"u1","orgID":"o1","participantID":"p1","confTokenExpireTime":1800,"vmrCurrentConfID":"914083136","supportNotifyType":["ParticipantsChanged"]},"addressToken":"addr","gloablPublicIP":"203.0.113.7"}"#,
        ),
    )
    .await;

    let response = client(&server)
        .get_control_token("914083136")
        .x_nonce("n-42")
        .await
        .unwrap();

    assert_eq!(
        response.into_body(),
        ControlToken {
            data: TokenInfo {
                token: "stb-1".into(),
                tmp_ws_token: Some("ws-1".into()),
                ws_url: Some("wss://ws.example".into()),
                role: Some(1),
                expire_time: Some(1_700_000_000_000),
                user_id: Some("u1".into()),
                org_id: Some("o1".into()),
                participant_id: Some("p1".into()),
                conf_token_expire_time: Some(1800),
                vmr_current_conf_id: Some("914083136".into()),
                support_notify_type: Some(vec!["ParticipantsChanged".into()]),
            },
            address_token: Some("addr".into()),
            gloabl_public_ip: Some("203.0.113.7".into()),
        }
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), format!("{ROOT}/token"));
    assert_eq!(request.url.query(), Some("conferenceID=914083136"));
    assert_eq!(header(&request, "X-Password").as_deref(), Some(PASSWORD));
    assert_eq!(header(&request, "X-Login-Type").as_deref(), Some("1"));
    assert_eq!(header(&request, "X-Nonce").as_deref(), Some("n-42"));
    assert_eq!(header(&request, "X-Conference-Authorization"), None);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn get_control_token_reads_its_documented_errors() {
    for (status, code) in [(400, "MMC.111070005"), (500, "MMC.111000000")] {
        let body = format!(r#"{{"error_code":"{code}","error_msg":"failed"}}"#);
        let server = answering(status, Some(&body)).await;

        let error = client(&server)
            .get_control_token("914083136")
            .await
            .unwrap_err();

        let body = ErrorResponse {
            error_code: code.into(),
            error_msg: "failed".into(),
        };
        let expected = match status {
            400 => GetControlTokenError::BadRequest(body),
            _ => GetControlTokenError::InternalServerError(body),
        };
        assert_eq!(error.error_body(), Some(&expected));
    }
}

#[tokio::test]
async fn the_host_password_never_shows_in_debug_output() {
    let credentials = huawei_meeting::Credentials::new().with_host_password(PASSWORD);
    let client = huawei_meeting::Client::builder(credentials.clone())
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    let call = client.get_control_token("914083136");
    let text = format!(
        "{credentials:?} {client:?} {call:?} {:?}",
        Secret::new(PASSWORD)
    );
    assert!(!text.contains(PASSWORD), "password leaked: {text}");
}

#[tokio::test]
async fn mute_participant_sends_the_participant_and_the_flag() {
    let server = answering(200, None).await;

    let response = client(&server)
        .mute_participant("914083136", "p-7", &MuteParticipantRequest { is_mute: 1 })
        .await
        .unwrap();

    assert_eq!(
        (response.status().as_u16(), response.into_body()),
        (200, ())
    );
    assert_sent(
        &server,
        "PUT",
        &format!("{ROOT}/participants/mute?conferenceID=914083136&participantID=p-7"),
        Some(r#"{"isMute":1}"#),
    )
    .await;
}

#[tokio::test]
async fn mute_meeting_sends_the_flags_it_is_given() {
    let server = answering(200, None).await;
    let body = MuteMeetingRequest {
        is_mute: 1,
        allow_unmute_by_oneself: Some(0),
    };

    client(&server)
        .mute_meeting("914083136", &body)
        .await
        .unwrap();

    assert_sent(
        &server,
        "PUT",
        &format!("{ROOT}/mute?conferenceID=914083136"),
        Some(r#"{"isMute":1,"allowUnmuteByOneself":0}"#),
    )
    .await;
}

#[tokio::test]
async fn allow_guest_unmute_sends_the_flag() {
    let server = answering(200, None).await;

    client(&server)
        .allow_guest_unmute(
            "914083136",
            &AllowUnmuteRequest {
                allow_unmute_by_oneself: 1,
            },
        )
        .await
        .unwrap();

    assert_sent(
        &server,
        "PUT",
        &format!("{ROOT}/mute/guestUnMute?conferenceID=914083136"),
        Some(r#"{"allowUnmuteByOneself":1}"#),
    )
    .await;
}

#[tokio::test]
async fn roll_call_participant_sends_no_body() {
    let server = answering(200, None).await;

    client(&server)
        .roll_call_participant("914083136", "p-7")
        .await
        .unwrap();

    assert_sent(
        &server,
        "PUT",
        &format!("{ROOT}/participants/rollCall?conferenceID=914083136&participantID=p-7"),
        None,
    )
    .await;
}

#[tokio::test]
async fn set_participant_role_sends_the_request_and_leaves_out_no_password() {
    let server = answering(200, None).await;
    let body = SetRoleRequest {
        apply_chair: 1,
        chairman_pwd: None,
    };

    client(&server)
        .set_participant_role("914083136", "p-7", &body)
        .await
        .unwrap();

    assert_sent(
        &server,
        "PUT",
        &format!("{ROOT}/participants/role?conferenceID=914083136&participantID=p-7"),
        Some(r#"{"applyChair":1}"#),
    )
    .await;
}

#[tokio::test]
async fn invite_participants_sends_the_attendees() {
    let server = answering(200, None).await;
    let body = InviteRequest {
        attendees: vec![Attendee {
            user_uuid: None,
            account_id: None,
            name: "Li Ming".into(),
            role: Some(0),
            phone: "+8613800000000".into(),
            phone2: None,
            phone3: None,
            email: None,
            sms: None,
            r#type: AttendeeType::Mobile,
            dept_uuid: None,
            dept_name: None,
        }],
    };

    client(&server)
        .invite_participants("914083136", &body)
        .await
        .unwrap();

    assert_sent(
        &server,
        "POST",
        &format!("{ROOT}/participants?conferenceID=914083136"),
        Some(r#"{"attendees":[{"name":"Li Ming","role":0,"phone":"+8613800000000","type":"mobile"}]}"#),
    )
    .await;
}

#[tokio::test]
async fn remove_attendees_sends_their_numbers() {
    let server = answering(200, None).await;
    let body = BulkDelAttendRequest {
        bulk_del_attend_info: vec![DelAttendInfo {
            number: "+8613800000000".into(),
            participant_id: Some("p-7".into()),
        }],
    };

    client(&server)
        .remove_attendees("914083136", &body)
        .await
        .unwrap();

    assert_sent(
        &server,
        "POST",
        &format!("{ROOT}/attendees/delete?conferenceID=914083136"),
        Some(r#"{"bulkDelAttendInfo":[{"number":"+8613800000000","participantID":"p-7"}]}"#),
    )
    .await;
}

#[tokio::test]
async fn rename_participant_sends_number_and_new_name() {
    let server = answering(200, None).await;
    let body = RenameParticipantRequest {
        participant_id: None,
        number: "+8613800000000".into(),
        new_name: "Ming (guest)".into(),
    };

    client(&server)
        .rename_participant("914083136", &body)
        .await
        .unwrap();

    assert_sent(
        &server,
        "PUT",
        &format!("{ROOT}/participants/name?conferenceID=914083136"),
        Some(r#"{"number":"+8613800000000","newName":"Ming (guest)"}"#),
    )
    .await;
}

#[tokio::test]
async fn invite_participant_video_sends_the_status() {
    let server = answering(200, None).await;

    client(&server)
        .invite_participant_video("914083136", "p-7", &VideoInviteRequest { status: 1 })
        .await
        .unwrap();

    assert_sent(
        &server,
        "PUT",
        &format!("{ROOT}/participants/video?conferenceID=914083136&participantID=p-7"),
        Some(r#"{"status":1}"#),
    )
    .await;
}

#[tokio::test]
async fn lock_view_sends_the_status_and_the_participant() {
    let server = answering(200, None).await;
    let body = LockViewRequest {
        status: 1,
        participant_id: "p-7".into(),
    };

    client(&server)
        .lock_view("914083136", "p-7", &body)
        .await
        .unwrap();

    assert_sent(
        &server,
        "PUT",
        &format!("{ROOT}/lockView?conferenceID=914083136&participantID=p-7"),
        Some(r#"{"status":1,"participantID":"p-7"}"#),
    )
    .await;
}

/// Settings that change only whether sharing is locked.
fn settings(lock_sharing: i32) -> UpdateStartedConfConfigRequest {
    UpdateStartedConfConfigRequest {
        lock_sharing: Some(lock_sharing),
        call_in_restriction: None,
        allow_unmute_by_oneself: None,
        chat_permission: None,
        audience_call_in_restriction: None,
        client_rec_mode: None,
        allow_open_camera: None,
        allow_rename: None,
        is_lock: None,
        free_share: None,
    }
}

#[tokio::test]
async fn update_started_conference_config_sends_only_the_settings_given() {
    let server = answering(200, None).await;
    let body = UpdateStartedConfConfigRequest {
        call_in_restriction: Some(2),
        ..settings(1)
    };

    client(&server)
        .update_started_conference_config("914083136", &body)
        .await
        .unwrap();

    assert_sent(
        &server,
        "PUT",
        &format!("{ROOT}/updateStartedConfConfig?conferenceID=914083136"),
        Some(r#"{"lockSharing":1,"callInRestriction":2}"#),
    )
    .await;
}

#[tokio::test]
async fn create_websocket_token_reads_the_token() {
    let server = answering(200, Some(r#"{"webSocketToken":"ws-once"}"#)).await;

    let response = client(&server)
        .create_websocket_token("914083136")
        .await
        .unwrap();

    assert_eq!(
        response.into_body(),
        WebSocketToken {
            web_socket_token: "ws-once".into()
        }
    );
    assert_sent(
        &server,
        "GET",
        &format!("{ROOT}/wsToken?conferenceID=914083136"),
        None,
    )
    .await;
}

#[tokio::test]
async fn stop_meeting_sends_put_without_a_body() {
    let server = answering(200, None).await;

    client(&server).stop_meeting("914083136").await.unwrap();

    assert_sent(
        &server,
        "PUT",
        &format!("{ROOT}/stop?conferenceID=914083136"),
        None,
    )
    .await;
}

type Outcome = Result<(), Error<CallError>>;
type Call =
    for<'c> fn(&'c huawei_meeting::Client) -> Pin<Box<dyn Future<Output = Outcome> + Send + 'c>>;

/// Every control operation, its answer dropped: they all document the same errors.
fn every_control_operation() -> Vec<(&'static str, Call)> {
    fn done<T>(result: Result<T, Error<CallError>>) -> Outcome {
        result.map(drop)
    }
    const ID: &str = "914083136";
    vec![
        ("disconnect_participants", |c| {
            Box::pin(async {
                let body = huawei_meeting::types::BulkHangUpRequest {
                    bulk_hang_up_participants: vec!["p".into()],
                };
                done(c.disconnect_participants(ID, &body).await)
            })
        }),
        ("mute_participant", |c| {
            Box::pin(async {
                done(
                    c.mute_participant(ID, "p", &MuteParticipantRequest { is_mute: 1 })
                        .await,
                )
            })
        }),
        ("mute_meeting", |c| {
            Box::pin(async {
                let body = MuteMeetingRequest {
                    is_mute: 1,
                    allow_unmute_by_oneself: None,
                };
                done(c.mute_meeting(ID, &body).await)
            })
        }),
        ("allow_guest_unmute", |c| {
            Box::pin(async {
                let body = AllowUnmuteRequest {
                    allow_unmute_by_oneself: 0,
                };
                done(c.allow_guest_unmute(ID, &body).await)
            })
        }),
        ("roll_call_participant", |c| {
            Box::pin(async { done(c.roll_call_participant(ID, "p").await) })
        }),
        ("set_participant_role", |c| {
            Box::pin(async {
                let body = SetRoleRequest {
                    apply_chair: 0,
                    chairman_pwd: None,
                };
                done(c.set_participant_role(ID, "p", &body).await)
            })
        }),
        ("invite_participants", |c| {
            Box::pin(async {
                done(
                    c.invite_participants(ID, &InviteRequest { attendees: vec![] })
                        .await,
                )
            })
        }),
        ("remove_attendees", |c| {
            Box::pin(async {
                let body = BulkDelAttendRequest {
                    bulk_del_attend_info: vec![],
                };
                done(c.remove_attendees(ID, &body).await)
            })
        }),
        ("rename_participant", |c| {
            Box::pin(async {
                let body = RenameParticipantRequest {
                    participant_id: None,
                    number: "1".into(),
                    new_name: "n".into(),
                };
                done(c.rename_participant(ID, &body).await)
            })
        }),
        ("invite_participant_video", |c| {
            Box::pin(async {
                done(
                    c.invite_participant_video(ID, "p", &VideoInviteRequest { status: 1 })
                        .await,
                )
            })
        }),
        ("lock_view", |c| {
            Box::pin(async {
                let body = LockViewRequest {
                    status: 0,
                    participant_id: "p".into(),
                };
                done(c.lock_view(ID, "p", &body).await)
            })
        }),
        ("update_started_conference_config", |c| {
            Box::pin(async {
                let body = settings(0);
                done(c.update_started_conference_config(ID, &body).await)
            })
        }),
        ("create_websocket_token", |c| {
            Box::pin(async { done(c.create_websocket_token(ID).await) })
        }),
        ("stop_meeting", |c| {
            Box::pin(async { done(c.stop_meeting(ID).await) })
        }),
    ]
}

/// Calls every control operation against a server answering `status` with this error, and
/// checks each decodes to its variant and keeps the request id.
async fn every_operation_fails_with(
    status: u16,
    code: &str,
    variant: fn(ErrorResponse) -> CallError,
) {
    let body = format!(r#"{{"error_code":"{code}","error_msg":"failed"}}"#);
    let server = answering(status, Some(&body)).await;
    let client = client(&server);
    let expected = variant(ErrorResponse {
        error_code: code.into(),
        error_msg: "failed".into(),
    });
    for (name, call) in every_control_operation() {
        let error = call(&client).await.expect_err(name);
        assert_eq!(error.error_body(), Some(&expected), "{name}: {error:?}");
        let request_id = error.headers().and_then(|h| h.get("X-Request-Id"));
        assert_eq!(
            request_id.and_then(|v| v.to_str().ok()),
            Some("req-1"),
            "{name}"
        );
    }
}

#[tokio::test]
async fn every_operation_reads_an_unknown_or_ended_meeting_as_bad_request() {
    every_operation_fails_with(400, "MMC.111070005", CallError::BadRequest).await;
}

#[tokio::test]
async fn every_operation_reads_a_rejected_token_as_unauthorized() {
    every_operation_fails_with(401, "MMC.111072065", CallError::Unauthorized).await;
}

#[tokio::test]
async fn every_operation_reads_missing_permissions_as_forbidden() {
    every_operation_fails_with(403, "USG.000000003", CallError::Forbidden).await;
}
