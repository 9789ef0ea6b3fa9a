//! The Huawei meeting control token source against the bundled fake provider on loopback:
//! the token is fetched once, shared, renewed before it expires and after a 401, and a failed
//! renewal is reported as such.

use std::sync::Arc;
use std::time::Duration;

use conference_control::huawei_meeting::GetControlTokenError;
use conference_control::{HuaweiMeeting, MeetingError, TokenHeader};
use fake_providers::{FakeProviders, Fault, HUAWEI_HOST_PASSWORD, HuaweiTokenHeader};

const MEETING: &str = "914083136";

async fn fake_with_meeting() -> FakeProviders {
    let fake = FakeProviders::start().await;
    fake.add_meeting(MEETING, &["p1", "p2", "p3"]);
    fake
}

fn meeting(fake: &FakeProviders) -> HuaweiMeeting {
    HuaweiMeeting::builder(MEETING, HUAWEI_HOST_PASSWORD)
        .base_url(fake.uri())
        .build()
        .unwrap()
}

/// The requests the fake saw, as `METHOD /path`.
async fn calls(fake: &FakeProviders) -> Vec<String> {
    fake.received_requests()
        .await
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect()
}

#[tokio::test]
async fn the_first_call_fetches_a_token_and_later_calls_reuse_it() {
    let fake = fake_with_meeting().await;
    let meeting = meeting(&fake);

    meeting.mute("p1", true).await.unwrap();
    meeting.disconnect(["p2"]).await.unwrap();

    assert_eq!(fake.tokens_issued(), 1);
    assert_eq!(
        calls(&fake).await,
        [
            "GET /v1/mmc/control/conferences/token",
            "PUT /v1/mmc/control/conferences/participants/mute",
            "POST /v1/mmc/control/conferences/participants/delete",
        ]
    );
    let requests = fake.received_requests().await;
    let token_request = &requests[0];
    assert_eq!(token_request.headers["X-Password"], HUAWEI_HOST_PASSWORD);
    assert_eq!(token_request.headers["X-Login-Type"], "1");
    // The control calls carry the issued token, raw, and never the password.
    for request in &requests[1..] {
        let sent = request.headers["X-Conference-Authorization"]
            .to_str()
            .unwrap();
        assert!(sent.starts_with("stb-fake-914083136-"), "{sent}");
        assert!(request.headers.get("X-Password").is_none());
    }
    let state = fake.meeting(MEETING).unwrap();
    assert!(state.participants["p1"].muted);
    assert!(!state.participants.contains_key("p2"));
}

#[tokio::test]
async fn a_token_about_to_expire_is_renewed_before_the_call() {
    let fake = fake_with_meeting().await;
    // Tokens valid for 2 s; renewing 1.5 s early leaves half a second of use.
    fake.set_token_lifetime(Duration::from_secs(2));
    let meeting = HuaweiMeeting::builder(MEETING, HUAWEI_HOST_PASSWORD)
        .base_url(fake.uri())
        .renew_before(Duration::from_millis(1500))
        .build()
        .unwrap();

    meeting.mute("p1", true).await.unwrap();
    meeting.mute("p1", false).await.unwrap();
    assert_eq!(fake.tokens_issued(), 1, "still fresh");

    tokio::time::sleep(Duration::from_millis(700)).await;
    meeting.mute("p2", true).await.unwrap();

    assert_eq!(fake.tokens_issued(), 2, "renewed before use");
    let calls = calls(&fake).await;
    assert_eq!(calls.len(), 5, "no call was refused: {calls:?}");
    assert_eq!(calls[3], "GET /v1/mmc/control/conferences/token");
}

#[tokio::test]
async fn fifty_concurrent_calls_share_one_token_fetch() {
    let fake = fake_with_meeting().await;
    let meeting = meeting(&fake);

    let calls: Vec<_> = (0..50)
        .map(|i| {
            let meeting = meeting.clone();
            tokio::spawn(async move { meeting.mute(["p1", "p2", "p3"][i % 3], true).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }

    assert_eq!(fake.tokens_issued(), 1);
    assert_eq!(fake.request_count().await, 51);
}

#[tokio::test]
async fn a_401_renews_the_token_once_and_repeats_the_call() {
    let fake = fake_with_meeting().await;
    let meeting = meeting(&fake);
    meeting.mute("p1", true).await.unwrap();

    // The server drops the token before its time.
    fake.revoke_tokens();
    let response = meeting.mute("p1", false).await.unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(fake.tokens_issued(), 2);
    assert_eq!(
        calls(&fake).await,
        [
            "GET /v1/mmc/control/conferences/token",
            "PUT /v1/mmc/control/conferences/participants/mute",
            "PUT /v1/mmc/control/conferences/participants/mute",
            "GET /v1/mmc/control/conferences/token",
            "PUT /v1/mmc/control/conferences/participants/mute",
        ]
    );
    assert!(!fake.meeting(MEETING).unwrap().participants["p1"].muted);
}

#[tokio::test]
async fn concurrent_401s_renew_the_token_once() {
    let fake = fake_with_meeting().await;
    let meeting = meeting(&fake);
    meeting.mute("p1", true).await.unwrap();
    fake.revoke_tokens();

    let calls: Vec<_> = (0..20)
        .map(|_| {
            let meeting = meeting.clone();
            tokio::spawn(async move { meeting.mute("p2", true).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }

    assert_eq!(
        fake.tokens_issued(),
        2,
        "one renewal for every refused call"
    );
}

#[tokio::test]
async fn a_second_401_is_the_callers_error_not_a_loop() {
    let fake = fake_with_meeting().await;
    let meeting = meeting(&fake);
    fake.inject(
        Fault::huawei_token_rejected()
            .on("PUT", "/participants/mute")
            .times(2),
    );

    let error = meeting.mute("p1", true).await.unwrap_err();

    let call_error = error.call_error().expect("the call failed, not the token");
    assert_eq!(call_error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(fake.tokens_issued(), 2);
    assert_eq!(fake.request_count().await, 4, "token, call, token, call");
}

#[tokio::test]
async fn a_failing_renewal_is_a_token_error_with_the_providers_answer() {
    let fake = fake_with_meeting().await;
    let meeting = meeting(&fake);
    meeting.mute("p1", true).await.unwrap();
    fake.revoke_tokens();
    fake.inject(Fault::huawei_meeting_not_found().on("GET", "/token"));

    let error = meeting.mute("p1", false).await.unwrap_err();

    let MeetingError::Token(token_error) = &error else {
        panic!("expected a token error, got {error:?}")
    };
    let Some(GetControlTokenError::BadRequest(body)) = token_error.error_body() else {
        panic!("expected the documented 400, got {token_error:?}")
    };
    assert_eq!(body.error_code, "MMC.111070005");
    assert!(
        error
            .to_string()
            .starts_with("cannot obtain a meeting control token"),
        "{error}"
    );

    // The next call tries again and succeeds.
    meeting.mute("p1", false).await.unwrap();
    assert_eq!(fake.tokens_issued(), 2);
}

#[tokio::test]
async fn a_wrong_host_password_is_a_token_error_and_nothing_else_is_sent() {
    let fake = fake_with_meeting().await;
    let meeting = HuaweiMeeting::builder(MEETING, "not-the-password")
        .base_url(fake.uri())
        .build()
        .unwrap();

    let error = meeting.disconnect(["p1"]).await.unwrap_err();

    assert!(matches!(error, MeetingError::Token(_)), "{error:?}");
    assert_eq!(
        calls(&fake).await,
        ["GET /v1/mmc/control/conferences/token"]
    );
    assert_eq!(
        fake.meeting_participants(MEETING).unwrap(),
        ["p1", "p2", "p3"]
    );
}

#[tokio::test]
async fn the_basic_header_form_is_one_setting() {
    let fake = fake_with_meeting().await;
    fake.set_token_header(HuaweiTokenHeader::Basic);

    // The default (raw) is refused by a server that wants Basic...
    let raw = meeting(&fake).mute("p1", true).await.unwrap_err();
    assert_eq!(
        raw.call_error()
            .and_then(|e| e.status())
            .map(|s| s.as_u16()),
        Some(401)
    );

    // ...and the Basic form is accepted.
    let basic = HuaweiMeeting::builder(MEETING, HUAWEI_HOST_PASSWORD)
        .base_url(fake.uri())
        .token_header(TokenHeader::Basic)
        .build()
        .unwrap();
    basic.mute("p1", true).await.unwrap();
    let requests = fake.received_requests().await;
    let sent = requests.last().unwrap().headers["X-Conference-Authorization"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(sent.starts_with("Basic c3RiLWZha2Ut"), "{sent}");
}

#[tokio::test]
async fn debug_output_never_shows_the_password_or_the_token() {
    let fake = fake_with_meeting().await;
    let meeting = Arc::new(meeting(&fake));
    meeting.mute("p1", true).await.unwrap();
    let requests = fake.received_requests().await;
    let token = requests[1].headers["X-Conference-Authorization"]
        .to_str()
        .unwrap()
        .to_owned();

    let text = format!("{meeting:?}");

    assert!(!text.contains(HUAWEI_HOST_PASSWORD), "{text}");
    assert!(!text.contains(&token), "{text}");
}
