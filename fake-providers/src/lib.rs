//! Local fakes of the Vobiz conference API and the Huawei Cloud Meeting "Meeting Control"
//! API, on a real HTTP server on loopback, for demos and for tests of code that calls them.
//!
//! They keep room state and answer every operation the way the providers are documented to
//! (see `specs/` and the README's "The fake providers"):
//!
//! - Vobiz checks `X-Auth-ID`/`X-Auth-Token` and the PascalCase path (a lowercase path is 401),
//!   answers member actions with 202 and `member_id` as a list (`"all"` echoed as a string),
//!   or, with [`VobizStyle::V2Docs`], as the V2 docs print them; hang-ups and the "un-" actions
//!   with 204 and no body; a missing conference with 404 `{"error":"conference not found"}` and
//!   an unknown route with the gateway's 404 `{"message":"Not Found"}`.
//! - Huawei issues meeting control tokens for a meeting's host password, checks
//!   `X-Conference-Authorization` (raw, or `Basic base64(token)` when asked to), answers 200
//!   with no body, and reports an unknown or ended meeting as 400 `MMC.111070005`.
//! - [`Fault`]s make the next matching calls fail the documented ways.
//!
//! Every response carries an `X-Request-Id`. Error codes other than `MMC.111070005` and
//! `MMC.111072065` (both documented) are the fake's own.

pub mod faulty;
mod huawei;
mod vobiz;

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use percent_encoding::percent_decode_str;
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub use huawei::{
    FakeMeeting, FakeParticipant, HUAWEI_HOST_PASSWORD, TokenHeader as HuaweiTokenHeader,
};
pub use vobiz::{FakeConference, FakeMember, VOBIZ_AUTH_ID, VOBIZ_AUTH_TOKEN, VobizStyle};

/// The provider a request or a fault belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    /// Paths under `/api/v1/`.
    Vobiz,
    /// Paths under `/v1/mmc/`.
    Huawei,
}

/// A documented failure the fake answers with instead of doing the call.
#[derive(Clone, Debug)]
pub struct Fault {
    provider: Provider,
    method: Option<String>,
    path_suffix: Option<String>,
    status: u16,
    body: Value,
    times: usize,
}

impl Fault {
    /// Any status and JSON body, for a provider's next call.
    pub fn new(provider: Provider, status: u16, body: Value) -> Self {
        Self {
            provider,
            method: None,
            path_suffix: None,
            status,
            body,
            times: 1,
        }
    }

    /// The gateway's answer to a route it does not know: 404 `{"message":"Not Found"}`.
    pub fn vobiz_gateway_not_found() -> Self {
        Self::new(Provider::Vobiz, 404, json!({"message": "Not Found"}))
    }

    /// Retrieve's live failure: HTTP 200 with `{"error":"failed","api_id":...}`, as the
    /// answer to the next Vobiz `GET` (meant for Retrieve; List gets it if called first).
    pub fn vobiz_retrieve_failed() -> Self {
        Self::new(
            Provider::Vobiz,
            200,
            json!({"error": "failed", "api_id": "fake-retrieve-failed"}),
        )
        .on("GET", "/")
    }

    /// A meeting that is unknown, over or not started: 400 `MMC.111070005`.
    pub fn huawei_meeting_not_found() -> Self {
        Self::new(
            Provider::Huawei,
            400,
            json!({"error_code": "MMC.111070005", "error_msg": "CONF_NOT_FOUND_OR_OUTDATED"}),
        )
    }

    /// A control token the server no longer accepts: 401 `MMC.111072065`.
    pub fn huawei_token_rejected() -> Self {
        Self::new(
            Provider::Huawei,
            401,
            json!({"error_code": "MMC.111072065", "error_msg": "CONF_NOT_FOUND_OR_AUTH_FAILED"}),
        )
    }

    /// Only calls with this method whose path ends with `path_suffix`.
    #[must_use]
    pub fn on(mut self, method: &str, path_suffix: &str) -> Self {
        self.method = Some(method.to_owned());
        self.path_suffix = Some(path_suffix.to_owned());
        self
    }

    /// The next `times` matching calls fail (one by default).
    #[must_use]
    pub fn times(mut self, times: usize) -> Self {
        self.times = times;
        self
    }

    fn matches(&self, provider: Provider, request: &Request) -> bool {
        self.provider == provider
            && self
                .method
                .as_deref()
                .is_none_or(|m| m == request.method.as_str())
            && self
                .path_suffix
                .as_deref()
                .is_none_or(|p| request.url.path().ends_with(p))
    }
}

#[derive(Default)]
struct State {
    vobiz: vobiz::VobizState,
    huawei: huawei::HuaweiState,
    faults: VecDeque<Fault>,
}

impl State {
    /// The first fault for this request, used up by one.
    fn take_fault(&mut self, provider: Provider, request: &Request) -> Option<Fault> {
        let index = self
            .faults
            .iter()
            .position(|f| f.matches(provider, request))?;
        let fault = &mut self.faults[index];
        fault.times -= 1;
        let taken = fault.clone();
        if fault.times == 0 {
            self.faults.remove(index);
        }
        Some(taken)
    }
}

/// Both fakes on one loopback server.
pub struct FakeProviders {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

impl FakeProviders {
    /// Starts the server on a free loopback port.
    pub async fn start() -> Self {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State::default()));
        Mock::given(any())
            .respond_with(Router {
                state: Arc::clone(&state),
                next_request_id: Arc::new(AtomicU64::new(1)),
            })
            .mount(&server)
            .await;
        Self { server, state }
    }

    /// The base URL of both fakes (`http://127.0.0.1:PORT`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// Creates (or replaces) a Vobiz conference with these members.
    pub fn add_conference(&self, name: &str, members: &[&str]) {
        lock(&self.state).vobiz.conferences.insert(
            name.to_owned(),
            vobiz::FakeConference::with_members(members),
        );
    }

    /// A Vobiz conference as the fake holds it; `None` if there is no such conference.
    pub fn conference(&self, name: &str) -> Option<FakeConference> {
        lock(&self.state).vobiz.conferences.get(name).cloned()
    }

    /// The member ids of a Vobiz conference, sorted; `None` if there is no such conference.
    pub fn conference_members(&self, name: &str) -> Option<Vec<String>> {
        self.conference(name)
            .map(|room| room.members.into_keys().collect())
    }

    /// Which documented answers Vobiz member actions and recordings get (live by default).
    pub fn set_vobiz_style(&self, style: VobizStyle) {
        lock(&self.state).vobiz.style = style;
    }

    /// Creates (or replaces) a running Huawei meeting whose host password is
    /// [`HUAWEI_HOST_PASSWORD`], with these participants (each id is also its number).
    pub fn add_meeting(&self, conference_id: &str, participants: &[&str]) {
        lock(&self.state)
            .huawei
            .add_meeting(conference_id, HUAWEI_HOST_PASSWORD, participants);
    }

    /// A Huawei meeting as the fake holds it; `None` if there is no such meeting.
    pub fn meeting(&self, conference_id: &str) -> Option<FakeMeeting> {
        lock(&self.state)
            .huawei
            .meetings
            .get(conference_id)
            .cloned()
    }

    /// The participant ids of a Huawei meeting, sorted; `None` if there is no such meeting.
    pub fn meeting_participants(&self, conference_id: &str) -> Option<Vec<String>> {
        self.meeting(conference_id)
            .map(|meeting| meeting.participants.into_keys().collect())
    }

    /// How long the control tokens the fake issues from now on are valid (30 minutes, as
    /// documented, by default).
    pub fn set_token_lifetime(&self, lifetime: Duration) {
        lock(&self.state).huawei.token_lifetime = lifetime;
    }

    /// Which form of `X-Conference-Authorization` the fake accepts (the raw token by default).
    pub fn set_token_header(&self, form: HuaweiTokenHeader) {
        lock(&self.state).huawei.token_header = form;
    }

    /// Makes every control token issued so far invalid, as if it had expired early: the next
    /// control call with one answers 401.
    pub fn revoke_tokens(&self) {
        lock(&self.state).huawei.tokens.clear();
    }

    /// How many control tokens the fake has issued.
    pub fn tokens_issued(&self) -> usize {
        lock(&self.state).huawei.issued
    }

    /// Makes the next calls that match `fault` fail as it says, in the order added.
    pub fn inject(&self, fault: Fault) {
        lock(&self.state).faults.push_back(fault);
    }

    /// How many requests the server has received.
    pub async fn request_count(&self) -> usize {
        self.server.received_requests().await.map_or(0, |r| r.len())
    }

    /// The requests the server has received, in order.
    pub async fn received_requests(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap_or_default()
    }
}

/// A poisoned lock only means another request panicked; the state is still usable.
fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

struct Router {
    state: Arc<Mutex<State>>,
    next_request_id: Arc<AtomicU64>,
}

impl Respond for Router {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let request_id = format!(
            "fake-{:08}",
            self.next_request_id.fetch_add(1, Ordering::Relaxed)
        );
        let segments: Vec<String> = request
            .url
            .path()
            .trim_start_matches('/')
            .split('/')
            .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
            .collect();
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        let provider = match segments.as_slice() {
            ["api", "v1", ..] => Some(Provider::Vobiz),
            ["v1", "mmc", ..] => Some(Provider::Huawei),
            _ => None,
        };
        let mut state = lock(&self.state);
        let response = match provider {
            Some(provider) => match state.take_fault(provider, request) {
                Some(fault) => json_response(fault.status, fault.body),
                None if provider == Provider::Vobiz => {
                    vobiz::answer(&mut state.vobiz, request, &segments, &request_id)
                }
                None => huawei::answer(&mut state.huawei, request, &segments),
            },
            None => json_response(404, json!({"message": "Not Found"})),
        };
        response.insert_header("X-Request-Id", request_id.as_str())
    }
}

fn json_response(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string(), "application/json")
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}
