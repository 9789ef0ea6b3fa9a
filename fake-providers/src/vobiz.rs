//! The fake Vobiz conference API: every route of the conference family, with room state.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use wiremock::{Request, ResponseTemplate};

use crate::{header, json_response};

/// The Vobiz account id the fake accepts.
pub const VOBIZ_AUTH_ID: &str = "MA_FAKE0001";
/// The Vobiz auth token the fake accepts.
pub const VOBIZ_AUTH_TOKEN: &str = "fake-vobiz-token";

/// Which of Vobiz's documented answers the fake gives to member actions and recordings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum VobizStyle {
    /// What the live API does (the V3 docs): mute, deaf, play, speak and kick answer 202 with
    /// `member_id` a list; starting a recording answers `{"message":"async api spawned"}`.
    #[default]
    Live,
    /// What the V2 docs print: 200 with `member_id` one string (`"15,22"` for a list), and a
    /// recording answer with `recording_id` and `url`.
    V2Docs,
}

/// A member of a fake Vobiz conference.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FakeMember {
    /// The member id.
    pub id: String,
    /// Muted by a Mute call.
    pub muted: bool,
    /// Deafened by a Deaf call.
    pub deaf: bool,
    /// The URL being played to the member.
    pub playing: Option<String>,
    /// The text being spoken to the member.
    pub speaking: Option<String>,
}

/// A fake Vobiz conference.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FakeConference {
    /// Its members, by id.
    pub members: BTreeMap<String, FakeMember>,
    /// The file format of the recording in progress.
    pub recording: Option<String>,
}

impl FakeConference {
    pub(crate) fn with_members(ids: &[&str]) -> Self {
        let members = ids
            .iter()
            .map(|id| {
                let member = FakeMember {
                    id: (*id).to_owned(),
                    ..FakeMember::default()
                };
                ((*id).to_owned(), member)
            })
            .collect();
        Self {
            members,
            recording: None,
        }
    }
}

#[derive(Default)]
pub(crate) struct VobizState {
    pub conferences: BTreeMap<String, FakeConference>,
    pub style: VobizStyle,
}

/// One parsed Vobiz route.
enum Route<'s> {
    Conferences,
    Conference(&'s str),
    Record(&'s str),
    Member {
        conference: &'s str,
        members: &'s str,
        action: Option<&'s str>,
    },
}

fn route<'s>(segments: &[&'s str]) -> Option<(&'s str, Route<'s>)> {
    let ["api", "v1", "Account", account, "Conference", rest @ ..] = segments else {
        return None;
    };
    let route = match rest {
        [""] => Route::Conferences,
        [conference, ""] => Route::Conference(conference),
        [conference, "Record", ""] => Route::Record(conference),
        [conference, "Member", members, ""] => Route::Member {
            conference,
            members,
            action: None,
        },
        [conference, "Member", members, action, ""] => Route::Member {
            conference,
            members,
            action: Some(action),
        },
        _ => return None,
    };
    Some((account, route))
}

/// Answers a request whose path starts with `/api/v1/`.
pub(crate) fn answer(
    state: &mut VobizState,
    request: &Request,
    segments: &[&str],
    api_id: &str,
) -> ResponseTemplate {
    let authenticated = header(request, "X-Auth-ID") == Some(VOBIZ_AUTH_ID)
        && header(request, "X-Auth-Token") == Some(VOBIZ_AUTH_TOKEN);
    let Some((account, route)) = route(segments) else {
        // The docs: a lowercase path answers 401, like bad credentials; any other unknown
        // route gets the gateway's body.
        if !authenticated || segments.get(2) == Some(&"account") {
            return error(401, "authentication failed", api_id);
        }
        return not_found_route();
    };
    if !authenticated || account != VOBIZ_AUTH_ID {
        return error(401, "authentication failed", api_id);
    }
    let call = Call {
        method: request.method.as_str(),
        body: serde_json::from_slice(&request.body).ok(),
        json: header(request, "Content-Type").is_some_and(|c| c.starts_with("application/json")),
        api_id,
    };
    match route {
        Route::Conferences => conferences(state, &call),
        Route::Conference(name) => conference(state, &call, name),
        Route::Record(name) => record(state, &call, name),
        Route::Member {
            conference,
            members,
            action,
        } => member(state, &call, conference, members, action),
    }
}

struct Call<'r> {
    method: &'r str,
    body: Option<Value>,
    json: bool,
    api_id: &'r str,
}

impl Call<'_> {
    /// The docs require `{}` as the body of these calls, sent as JSON.
    fn has_empty_object(&self) -> bool {
        self.json && self.body == Some(json!({}))
    }
}

fn error(status: u16, message: &str, api_id: &str) -> ResponseTemplate {
    json_response(status, json!({"error": message, "api_id": api_id}))
}

fn not_found_route() -> ResponseTemplate {
    json_response(404, json!({"message": "Not Found"}))
}

fn no_content() -> ResponseTemplate {
    ResponseTemplate::new(204)
}

fn conferences(state: &mut VobizState, call: &Call<'_>) -> ResponseTemplate {
    match call.method {
        "GET" => {
            let names: Vec<&String> = state.conferences.keys().collect();
            json_response(200, json!({"conferences": names, "api_id": call.api_id}))
        }
        "DELETE" => {
            state.conferences.clear();
            no_content()
        }
        _ => not_found_route(),
    }
}

fn conference(state: &mut VobizState, call: &Call<'_>, name: &str) -> ResponseTemplate {
    let Some(room) = state.conferences.get(name) else {
        return error(404, "conference not found", call.api_id);
    };
    match call.method {
        "GET" => json_response(200, details(name, room, call.api_id)),
        "DELETE" => {
            state.conferences.remove(name);
            no_content()
        }
        _ => not_found_route(),
    }
}

/// Retrieve's answer: counters are strings, as the docs print them.
fn details(name: &str, room: &FakeConference, api_id: &str) -> Value {
    let members: Vec<Value> = room
        .members
        .values()
        .map(|m| {
            json!({
                "member_id": m.id, "muted": m.muted, "deaf": m.deaf,
                "from": "919999999999", "to": "918888888888", "caller_name": "",
                "direction": "inbound", "call_uuid": format!("call-{}", m.id), "join_time": "12",
            })
        })
        .collect();
    json!({
        "conference_name": name,
        "conference_run_time": "590",
        "conference_member_count": room.members.len().to_string(),
        "members": members,
        "api_id": api_id,
    })
}

fn record(state: &mut VobizState, call: &Call<'_>, name: &str) -> ResponseTemplate {
    let style = state.style;
    let Some(room) = state.conferences.get_mut(name) else {
        return error(404, "conference not found", call.api_id);
    };
    match call.method {
        "POST" => {
            let format = call
                .body
                .as_ref()
                .and_then(|b| b.get("file_format"))
                .and_then(Value::as_str)
                .unwrap_or("mp3");
            room.recording = Some(format.to_owned());
            json_response(200, recording_started(style, name, format, call.api_id))
        }
        "DELETE" => {
            room.recording = None;
            no_content()
        }
        _ => not_found_route(),
    }
}

fn recording_started(style: VobizStyle, name: &str, format: &str, api_id: &str) -> Value {
    match style {
        VobizStyle::Live => json!({"message": "async api spawned", "api_id": api_id}),
        VobizStyle::V2Docs => json!({
            "message": "conference recording started",
            "api_id": api_id,
            "recording_id": format!("rec_{name}"),
            "url": format!("https://recordings.example/{name}.{format}"),
        }),
    }
}

/// What a member action does to the member, and the message it answers with.
enum Effect {
    HangUp,
    Kick,
    Mute(bool),
    Deaf(bool),
    Play(Option<String>),
    Speak(Option<String>),
}

impl Effect {
    /// The effect of a method on a member route, and whether the docs want `{}` as its body.
    fn of(call: &Call<'_>, action: Option<&str>) -> Option<(Self, bool)> {
        let field = |name: &str| {
            call.body
                .as_ref()
                .and_then(|b| b.get(name))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        Some(match (call.method, action) {
            ("DELETE", None) => (Self::HangUp, false),
            ("POST", Some("Kick")) => (Self::Kick, true),
            ("POST", Some("Mute")) => (Self::Mute(true), true),
            ("DELETE", Some("Mute")) => (Self::Mute(false), false),
            ("POST", Some("Deaf")) => (Self::Deaf(true), true),
            ("DELETE", Some("Deaf")) => (Self::Deaf(false), true),
            ("POST", Some("Play")) => (Self::Play(Some(field("url")?)), false),
            ("DELETE", Some("Play")) => (Self::Play(None), true),
            ("POST", Some("Speak")) => (Self::Speak(Some(field("text")?)), false),
            ("DELETE", Some("Speak")) => (Self::Speak(None), false),
            _ => return None,
        })
    }

    /// The message of a 202 answer; `None` for the actions that answer 204.
    fn message(&self) -> Option<&'static str> {
        match self {
            Self::Kick => Some("kicked"),
            Self::Mute(true) => Some("muted"),
            Self::Deaf(true) => Some("deaf"),
            Self::Play(Some(_)) => Some("play queued into conference"),
            Self::Speak(Some(_)) => Some("speak queued into conference"),
            _ => None,
        }
    }

    fn apply(&self, room: &mut FakeConference, id: &str) {
        if matches!(self, Self::HangUp | Self::Kick) {
            room.members.remove(id);
            return;
        }
        let Some(member) = room.members.get_mut(id) else {
            return;
        };
        match self {
            Self::Mute(on) => member.muted = *on,
            Self::Deaf(on) => member.deaf = *on,
            Self::Play(url) => member.playing.clone_from(url),
            Self::Speak(text) => member.speaking.clone_from(text),
            Self::HangUp | Self::Kick => {}
        }
    }
}

fn member(
    state: &mut VobizState,
    call: &Call<'_>,
    conference: &str,
    members: &str,
    action: Option<&str>,
) -> ResponseTemplate {
    let Some((effect, wants_empty_object)) = Effect::of(call, action) else {
        return match (call.method, action) {
            ("POST", Some("Play" | "Speak")) => error(400, "missing required field", call.api_id),
            _ => not_found_route(),
        };
    };
    if wants_empty_object && !call.has_empty_object() {
        return error(
            400,
            "send {} with Content-Type: application/json",
            call.api_id,
        );
    }
    let style = state.style;
    let Some(room) = state.conferences.get_mut(conference) else {
        return error(404, "conference not found", call.api_id);
    };
    let selected: Vec<String> = if members == "all" {
        room.members.keys().cloned().collect()
    } else {
        members.split(',').map(str::to_owned).collect()
    };
    if selected.iter().any(|id| !room.members.contains_key(id)) {
        return error(404, "member not found", call.api_id);
    }
    for id in &selected {
        effect.apply(room, id);
    }
    match effect.message() {
        Some(message) => acknowledged(style, message, members, &selected, call.api_id),
        None => no_content(),
    }
}

/// A member action's answer. Targeting `all` echoes the literal (V3 members overview).
fn acknowledged(
    style: VobizStyle,
    message: &str,
    members: &str,
    selected: &[String],
    api_id: &str,
) -> ResponseTemplate {
    let (status, member_id) = match style {
        VobizStyle::Live if members == "all" => (202, json!("all")),
        VobizStyle::Live => (202, json!(selected)),
        VobizStyle::V2Docs => (200, json!(members)),
    };
    json_response(
        status,
        json!({"message": message, "member_id": member_id, "api_id": api_id}),
    )
}
