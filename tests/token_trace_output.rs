//! The Huawei token source writes neither the host password nor any control token to
//! `tracing`, `Debug` or an error, through a fetch, a renewal after a 401 and a failure.
//!
//! A process of its own, like `tests/trace_output.rs`: `tracing` caches per process whether a
//! call site is enabled, so a test on another thread with no subscriber could switch them off.

mod captured;

use conference_control::HuaweiMeeting;
use fake_providers::{FakeProviders, Fault, HUAWEI_HOST_PASSWORD};

#[tokio::test]
async fn the_password_and_tokens_appear_in_no_trace_debug_or_error_output() {
    let fake = FakeProviders::start().await;
    fake.add_meeting("914083136", &["p1", "p2"]);
    let captured = captured::Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let meeting = HuaweiMeeting::builder("914083136", HUAWEI_HOST_PASSWORD)
        .base_url(fake.uri())
        .build()
        .unwrap();

    let error = {
        let _guard = tracing::subscriber::set_default(subscriber);
        meeting.mute("p1", true).await.unwrap();
        fake.revoke_tokens();
        meeting.disconnect(["p2"]).await.unwrap();
        fake.revoke_tokens();
        fake.inject(Fault::huawei_meeting_not_found().on("GET", "/token"));
        meeting.mute("p1", false).await.unwrap_err()
    };

    let trace = captured.text();
    assert!(trace.contains("get-control-token"), "{trace}");
    assert!(trace.contains("disconnect-participants"), "{trace}");
    let tokens: Vec<String> = fake
        .received_requests()
        .await
        .iter()
        .filter_map(|r| r.headers.get("X-Conference-Authorization"))
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert_eq!(fake.tokens_issued(), 2);
    assert!(tokens.len() >= 3, "{tokens:?}");
    for shown in [
        trace,
        format!("{meeting:?}"),
        format!("{error:?}"),
        error.to_string(),
    ] {
        assert!(
            !shown.contains(HUAWEI_HOST_PASSWORD),
            "the password leaked into: {shown}"
        );
        for token in &tokens {
            assert!(
                !shown.contains(token.as_str()),
                "a token leaked into: {shown}"
            );
        }
    }
}
