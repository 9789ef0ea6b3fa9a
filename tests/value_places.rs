//! Where a value ends up. For arbitrary strings (dots, slashes, percent signs, `?`, `#`,
//! spaces, `;`, non-ASCII, control characters, empty) in every place a request carries one,
//! a raw loopback server, which reads the request line and headers as they arrive, sees either
//! exactly the value in exactly its place, or nothing at all because the client refused it with
//! an error naming the parameter. Refusals are checked to be exactly the documented ones, so
//! a client that refused too much fails too.
//!
//! `cargo test` runs proptest's default 256 cases per property; the long run is
//! `PROPTEST_CASES=5000 cargo test --test value_places`.

use std::sync::{Arc, Mutex, PoisonError};

use conference_control::{MemberSelector, VobizMembers, vobiz};
use corpus_excerpts::Error;
use corpus_excerpts::value_places::{Client, SendValuesArguments, types::SendValuesRequest};
use fake_providers::faulty::{FaultyServer, Reply, SeenRequest};
use percent_encoding::percent_decode_str;
use proptest::prelude::*;

/// Pieces the values are made of: everything that has ever moved a value out of its place.
const PIECES: &[&str] = &[
    ".",
    "..",
    "/",
    "\\",
    "%",
    "%2e",
    "%2F",
    "?",
    "#",
    "&",
    "=",
    "+",
    ";",
    ",",
    " ",
    "\t",
    "\n",
    "\r",
    "\"",
    "'",
    "{",
    "}",
    "[",
    "]",
    "|",
    "^",
    "`",
    "<",
    ">",
    "@",
    ":",
    "~",
    "a",
    "Z",
    "0",
    "é",
    "日本",
    "\u{0}",
    "\u{7f}",
    "\u{a0}",
    "\u{1F600}",
];

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec!["", ".", "..", "...", "%2e", "%2E%2E", " x", "x\t"])
            .prop_map(str::to_owned),
        prop::collection::vec(prop::sample::select(PIECES), 0..6).prop_map(|p| p.concat()),
        any::<String>(),
    ]
}

/// A server that answers every request with 204 and keeps what it read.
struct Recorder {
    server: FaultyServer,
    seen: Arc<Mutex<Vec<SeenRequest>>>,
}

impl Recorder {
    async fn start() -> Self {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&seen);
        let server = FaultyServer::start(move |_, request| {
            lock(&kept).push(request.clone());
            Reply::status(204)
        })
        .await;
        Self { server, seen }
    }

    /// The requests read since the last call.
    fn take(&self) -> Vec<SeenRequest> {
        std::mem::take(&mut *lock(&self.seen))
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Proptest's defaults (`PROPTEST_CASES` sets the count), without a failure file: a failing
/// case is printed, shrunk, for the test to be fixed.
fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

/// The path's segments, percent-decoded, and the query.
fn split_target(target: &str) -> (Vec<String>, &str) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let segments = path
        .split('/')
        .skip(1)
        .map(|segment| {
            percent_decode_str(segment)
                .decode_utf8()
                .expect("a UTF-8 segment")
                .into_owned()
        })
        .collect();
    (segments, query)
}

fn form_pairs(text: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(text).into_owned().collect()
}

/// Why a path value is refused: empty, or a dot segment.
fn path_refuses(value: &str) -> bool {
    matches!(value, "" | "." | "..")
}

/// Why a header value is refused: a control character, or a space or tab at either end.
fn header_refuses(value: &str) -> bool {
    value
        .chars()
        .any(|c| c.is_control() && c != '\t' && c.is_ascii())
        || value.starts_with([' ', '\t'])
        || value.ends_with([' ', '\t'])
}

/// Why a cookie value is refused: anything but the cookie octets of RFC 6265.
fn cookie_refuses(value: &str) -> bool {
    value
        .chars()
        .any(|c| !c.is_ascii_graphic() || matches!(c, '"' | ',' | ';' | '\\'))
}

/// The places of `sendValues`, in the order the client checks them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Segment,
    Name,
    Query,
    Header,
    Session,
    Theme,
    Field,
}

const PLACES: [Place; 7] = [
    Place::Segment,
    Place::Name,
    Place::Query,
    Place::Header,
    Place::Session,
    Place::Theme,
    Place::Field,
];

impl Place {
    /// The parameter's name in the spec (and so in the client's errors).
    fn parameter(self) -> &'static str {
        match self {
            Self::Segment => "segment",
            Self::Name => "name",
            Self::Query => "q",
            Self::Header => "X-Value",
            Self::Session => "session",
            Self::Theme => "theme",
            Self::Field => "field",
        }
    }

    /// Whether the client must refuse this value here.
    fn refuses(self, value: &str) -> bool {
        match self {
            Self::Segment | Self::Name => path_refuses(value),
            Self::Header => header_refuses(value),
            Self::Session | Self::Theme => cookie_refuses(value),
            Self::Query | Self::Field => false,
        }
    }
}

/// One value in one place; the other places hold a plain value.
#[derive(Debug, Clone)]
struct Values {
    segment: String,
    name: String,
    query: String,
    header: String,
    session: String,
    theme: String,
    field: String,
}

impl Values {
    fn with(place: Place, value: &str) -> Self {
        let pick = |here: Place| if here == place { value } else { "plain" }.to_owned();
        Self {
            segment: pick(Place::Segment),
            name: pick(Place::Name),
            query: pick(Place::Query),
            header: pick(Place::Header),
            session: pick(Place::Session),
            theme: pick(Place::Theme),
            field: pick(Place::Field),
        }
    }
}

/// Checks one call's outcome against what the server saw: `true` when the value was sent.
fn check_send(
    place: Place,
    values: &Values,
    outcome: Result<(), String>,
    seen: &[SeenRequest],
) -> bool {
    let parameter = place.parameter();
    let value = match place {
        Place::Segment => &values.segment,
        Place::Name => &values.name,
        Place::Query => &values.query,
        Place::Header => &values.header,
        Place::Session => &values.session,
        Place::Theme => &values.theme,
        Place::Field => &values.field,
    };
    match (place.refuses(value), outcome) {
        (true, Err(message)) => {
            assert!(
                message.contains(&format!("`{parameter}`")),
                "the error names `{parameter}`: {message}"
            );
            assert!(seen.is_empty(), "nothing is sent when a value is refused");
            false
        }
        (true, Ok(())) => {
            panic!("{value:?} in `{parameter}` was not refused; the server saw {seen:?}")
        }
        (false, Err(message)) => {
            panic!("refused {value:?} in `{parameter}`, which it can carry: {message}")
        }
        (false, Ok(())) => {
            let [request] = seen else {
                panic!("one request, not {}", seen.len())
            };
            assert_eq!(request.method, "POST");
            let (segments, query) = split_target(&request.target);
            let file = format!("{}.json", values.name);
            assert_eq!(segments, ["v1", "places", &values.segment, "files", &file]);
            assert_eq!(
                form_pairs(query.as_bytes()),
                [("q".into(), values.query.clone())]
            );
            assert_eq!(request.header("x-value"), Some(values.header.as_str()));
            let cookie = format!("session={}; theme={}", values.session, values.theme);
            assert_eq!(request.header("cookie"), Some(cookie.as_str()));
            assert_eq!(
                request.header("content-type"),
                Some("application/x-www-form-urlencoded")
            );
            assert_eq!(
                form_pairs(&request.body),
                [("field".into(), values.field.clone())]
            );
            true
        }
    }
}

fn message<E: std::fmt::Debug>(error: Error<E>) -> String {
    match error {
        Error::InvalidRequest(message) => message,
        other => panic!("not a refusal but {other:?}"),
    }
}

/// The same for the Vobiz client, whose runtime is its own crate's.
fn vobiz_message<E: std::fmt::Debug>(error: conference_control::Error<E>) -> String {
    match error {
        conference_control::Error::InvalidRequest(message) => message,
        other => panic!("not a refusal but {other:?}"),
    }
}

#[test]
fn every_value_arrives_exactly_in_its_place_or_is_refused() {
    let runtime = runtime();
    let recorder = runtime.block_on(Recorder::start());
    let client = Client::builder()
        .base_url(format!("{}/v1/", recorder.server.url()))
        .build()
        .expect("a client");
    // How often each place sent and refused: a run that never did one of them proved nothing.
    let tally = Mutex::new([(0_u32, 0_u32); PLACES.len()]);
    proptest!(config(), |(value in value())| {
        for (index, place) in PLACES.into_iter().enumerate() {
            let values = Values::with(place, &value);
            let body = SendValuesRequest { field: values.field.clone() };
            let call = client.send_values(SendValuesArguments {
                segment: &values.segment,
                name: &values.name,
                q: &values.query,
                x_value: &values.header,
                session: &values.session,
                theme: &values.theme,
                body: &body,
            });
            let outcome = runtime.block_on(call.send());
            let sent = check_send(place, &values, outcome.map(drop).map_err(message), &recorder.take());
            let counts = &mut lock(&tally)[index];
            if sent { counts.0 += 1 } else { counts.1 += 1 }
        }
    });
    eprintln!("sent and refused, by place: {:?}", *lock(&tally));
    for (place, (sent, refused)) in PLACES.into_iter().zip(*lock(&tally)) {
        assert!(sent > 0, "no value was sent in {place:?}");
        let refusable = !matches!(place, Place::Query | Place::Field);
        assert!(
            !refusable || refused > 0,
            "no value was refused in {place:?}"
        );
    }
}

#[test]
fn a_path_parameter_the_spec_allows_empty_is_sent_empty_but_never_as_a_dot_segment() {
    let runtime = runtime();
    let recorder = runtime.block_on(Recorder::start());
    let client = Client::builder()
        .base_url(recorder.server.url())
        .build()
        .expect("a client");
    proptest!(config(), |(maybe in value())| {
        let outcome = runtime.block_on(client.get_optional_segment(&maybe).send());
        let seen = recorder.take();
        if matches!(maybe.as_str(), "." | "..") {
            let message = message(outcome.expect_err("a dot segment is refused"));
            prop_assert!(message.contains("`maybe`"), "{}", message);
            prop_assert!(seen.is_empty());
        } else {
            outcome.map_err(message).expect("sent");
            let [request] = seen.as_slice() else { panic!("one request, not {}", seen.len()) };
            prop_assert_eq!(&request.method, "GET");
            let (segments, query) = split_target(&request.target);
            prop_assert_eq!(segments, ["optional", maybe.as_str(), "end"]);
            prop_assert_eq!(query, "");
        }
    });
}

/// The route the issue was found on: `..` as the member would hang up the whole conference.
#[tokio::test]
async fn vobiz_refuses_dot_segments_and_sends_anything_else_in_its_segment() {
    let recorder = Recorder::start().await;
    let client = vobiz::Client::builder("MA_TEST", vobiz::Credentials::new("MA_TEST", "token"))
        .base_url(recorder.server.url())
        .build()
        .expect("a client");
    for conference in [".", ".."] {
        let error = client
            .hang_up(conference, &MemberSelector::one("10").unwrap())
            .await
            .expect_err("refused");
        assert!(
            vobiz_message(error).contains("`conference_name`"),
            "names the parameter"
        );
    }
    let error = client
        .hangup_member("Room", "..")
        .await
        .expect_err("refused");
    assert!(vobiz_message(error).contains("`member_id`"));
    let error = client.hangup_member("Room", "").await.expect_err("refused");
    assert!(vobiz_message(error).contains("`member_id` is empty"));
    assert!(recorder.take().is_empty(), "nothing was sent");

    client
        .hang_up("...", &MemberSelector::many(["...", "a/b"]).unwrap())
        .await
        .expect("sent");
    let seen = recorder.take();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "DELETE");
    assert_eq!(
        seen[0].target,
        "/api/v1/Account/MA_TEST/Conference/.../Member/...,a%2Fb/"
    );
}
