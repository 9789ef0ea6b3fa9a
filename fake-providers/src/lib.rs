//! Local fakes of the Vobiz conference-member API and the Huawei Cloud Meeting
//! "Disconnecting Participants" API, on a real HTTP server on loopback.
//!
//! They keep state (conferences and their members) and answer the way the providers are
//! documented to: Vobiz checks `X-Auth-ID`/`X-Auth-Token` and the PascalCase path, answers
//! hang-up with 204 and kick with 202 and `member_id` as a list (`"all"` echoed as a string),
//! and reports a missing conference as 404 `{"error":"conference not found"}`. Huawei checks
//! `X-Conference-Authorization`, answers 200 with no body, and reports an unknown meeting as
//! 400 `MMC.111070005`. Every response carries an `X-Request-Id`.
//!
//! Error codes other than `MMC.111070005` and `MMC.111072065` (both documented) are the
//! fake's own.

pub mod faulty;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use percent_encoding::percent_decode_str;
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The Vobiz account id the fake accepts.
pub const VOBIZ_AUTH_ID: &str = "MA_FAKE0001";
/// The Vobiz auth token the fake accepts.
pub const VOBIZ_AUTH_TOKEN: &str = "fake-vobiz-token";
/// The Huawei meeting control token the fake accepts.
pub const HUAWEI_CONFERENCE_TOKEN: &str = "stb-fake-control-token";

#[derive(Default)]
struct State {
    conferences: BTreeMap<String, BTreeSet<String>>,
    meetings: BTreeMap<String, BTreeSet<String>>,
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
        lock(&self.state).conferences.insert(
            name.to_owned(),
            members.iter().map(|m| (*m).to_owned()).collect(),
        );
    }

    /// The members of a Vobiz conference, sorted; `None` if there is no such conference.
    pub fn conference_members(&self, name: &str) -> Option<Vec<String>> {
        lock(&self.state)
            .conferences
            .get(name)
            .map(|m| m.iter().cloned().collect())
    }

    /// Creates (or replaces) a running Huawei meeting with these participants.
    pub fn add_meeting(&self, conference_id: &str, participants: &[&str]) {
        lock(&self.state).meetings.insert(
            conference_id.to_owned(),
            participants.iter().map(|p| (*p).to_owned()).collect(),
        );
    }

    /// The participants of a Huawei meeting, sorted; `None` if there is no such meeting.
    pub fn meeting_participants(&self, conference_id: &str) -> Option<Vec<String>> {
        lock(&self.state)
            .meetings
            .get(conference_id)
            .map(|p| p.iter().cloned().collect())
    }

    /// How many requests the server has received.
    pub async fn request_count(&self) -> usize {
        self.server.received_requests().await.map_or(0, |r| r.len())
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
        let raw_segments: Vec<&str> = request
            .url
            .path()
            .trim_start_matches('/')
            .split('/')
            .collect();
        let segments: Vec<String> = raw_segments
            .iter()
            .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
            .collect();
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        let response = match segments.as_slice() {
            ["api", "v1", ..] => self.vobiz(request, &segments, &request_id),
            [
                "v1",
                "mmc",
                "control",
                "conferences",
                "participants",
                "delete",
            ] => self.huawei(request),
            _ => json_response(404, json!({"message": "Not Found"})),
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

impl Router {
    fn vobiz(&self, request: &Request, segments: &[&str], api_id: &str) -> ResponseTemplate {
        let error = |status: u16, message: &str| {
            json_response(status, json!({"error": message, "api_id": api_id}))
        };
        let authenticated = header(request, "X-Auth-ID") == Some(VOBIZ_AUTH_ID)
            && header(request, "X-Auth-Token") == Some(VOBIZ_AUTH_TOKEN);
        // The docs: a lowercase path answers 401, like bad credentials.
        let (account, conference, member, action) = match segments {
            [
                "api",
                "v1",
                "Account",
                account,
                "Conference",
                conference,
                "Member",
                member,
                "",
            ] => (*account, *conference, *member, None),
            [
                "api",
                "v1",
                "Account",
                account,
                "Conference",
                conference,
                "Member",
                member,
                action,
                "",
            ] => (*account, *conference, *member, Some(*action)),
            _ if !authenticated || segments.get(2) == Some(&"account") => {
                return error(401, "authentication failed");
            }
            _ => return json_response(404, json!({"message": "Not Found"})),
        };
        if !authenticated || account != VOBIZ_AUTH_ID {
            return error(401, "authentication failed");
        }
        let method = request.method.as_str();
        match (method, action) {
            ("DELETE", None) | ("POST", Some("Kick")) => {}
            _ => return json_response(404, json!({"message": "Not Found"})),
        }
        if method == "POST" {
            let json_content =
                header(request, "Content-Type").is_some_and(|c| c.starts_with("application/json"));
            let body: Option<Value> = serde_json::from_slice(&request.body).ok();
            if !json_content || body != Some(json!({})) {
                return error(400, "send {} with Content-Type: application/json");
            }
        }
        let mut state = lock(&self.state);
        let Some(members) = state.conferences.get_mut(conference) else {
            return error(404, "conference not found");
        };
        let selected: Vec<String> = if member == "all" {
            members.iter().cloned().collect()
        } else {
            let ids: Vec<String> = member.split(',').map(str::to_owned).collect();
            if ids.iter().any(|id| !members.contains(id)) {
                return error(404, "member not found");
            }
            ids
        };
        for id in &selected {
            members.remove(id);
        }
        if method == "DELETE" {
            return ResponseTemplate::new(204);
        }
        let member_id = if member == "all" {
            json!("all")
        } else {
            json!(selected)
        };
        json_response(
            202,
            json!({"message": "kicked", "member_id": member_id, "api_id": api_id}),
        )
    }

    fn huawei(&self, request: &Request) -> ResponseTemplate {
        let error = |status: u16, code: &str, message: &str| {
            json_response(status, json!({"error_code": code, "error_msg": message}))
        };
        if request.method.as_str() != "POST" {
            return json_response(404, json!({"message": "Not Found"}));
        }
        if header(request, "X-Conference-Authorization") != Some(HUAWEI_CONFERENCE_TOKEN) {
            return error(401, "MMC.111072065", "CONF_NOT_FOUND_OR_AUTH_FAILED");
        }
        let conference_id = request
            .url
            .query_pairs()
            .find(|(k, _)| k == "conferenceID")
            .map(|(_, v)| v.into_owned());
        let body: Option<Value> = serde_json::from_slice(&request.body).ok();
        let ids: Option<Vec<String>> = body
            .as_ref()
            .and_then(|b| b.get("bulkHangUpParticipants"))
            .and_then(|ids| serde_json::from_value(ids.clone()).ok());
        let (Some(conference_id), Some(ids)) = (conference_id, ids) else {
            return error(400, "MMC.111070001", "INVALID_PARAMETER");
        };
        if ids.is_empty() {
            return error(400, "MMC.111070001", "INVALID_PARAMETER");
        }
        let mut state = lock(&self.state);
        let Some(participants) = state.meetings.get_mut(&conference_id) else {
            return error(400, "MMC.111070005", "CONF_NOT_FOUND_OR_OUTDATED");
        };
        for id in &ids {
            participants.remove(id);
        }
        ResponseTemplate::new(200)
    }
}
