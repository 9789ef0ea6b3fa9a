//! What the generated client writes to `tracing`, and that credentials appear nowhere in it.
//!
//! This test has a process of its own: `tracing` caches whether a log call site is enabled
//! process-wide, the first time any thread reaches it. A test on another thread that reaches
//! the same call sites with no subscriber would switch them off for this test's subscriber.

mod captured;

use std::time::Duration;

use conference_control::Options;
use conference_control::vobiz;
use conference_control::{MemberSelector, VobizMembers};
use fake_providers::faulty::{FaultyServer, Reply};

const AUTH_ID: &str = "MA_TEST0001";
const TOKEN: &str = "never-print-this-token";

#[tokio::test]
async fn tokens_appear_in_no_debug_display_error_or_trace_output() {
    let server = FaultyServer::start(|n, _| match n {
        0 => Reply::status(503).header("Retry-After", "0"),
        _ => Reply::status(404)
            .header("Content-Type", "application/json")
            .body(r#"{"error":"conference not found"}"#),
    })
    .await;
    let captured = captured::Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(move || writer.clone())
        .finish();
    let options = Options::new()
        .backoff(Duration::from_millis(10), Duration::from_millis(40))
        .timeout(Duration::from_secs(5));
    let client = vobiz::Client::builder(AUTH_ID, vobiz::Credentials::new(AUTH_ID, TOKEN))
        .base_url(server.url())
        .options(options)
        .build()
        .expect("client builds");

    let error = {
        let _guard = tracing::subscriber::set_default(subscriber);
        client
            .hang_up("Conf", &MemberSelector::one("10").unwrap())
            .await
            .unwrap_err()
    };
    let trace = captured.text();
    assert!(
        trace.contains("http_call") && trace.contains("hangup-member"),
        "{trace}"
    );
    assert!(trace.contains("attempt finished"), "{trace}");
    for shown in [
        trace,
        format!("{client:?}"),
        format!("{:?}", client.options()),
        format!("{error:?}"),
        error.to_string(),
    ] {
        assert!(!shown.contains(TOKEN), "the token leaked into: {shown}");
    }
    assert_eq!(server.stats().seen()[0].header("x-auth-token"), Some(TOKEN));
}
