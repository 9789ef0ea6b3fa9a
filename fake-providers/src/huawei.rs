//! The fake Huawei Cloud Meeting control API: control tokens and every control operation, with
//! meeting state.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Map, Value, json};
use wiremock::{Request, ResponseTemplate};

use crate::{header, json_response};

/// The host password of the meetings [`crate::FakeProviders::add_meeting`] creates.
pub const HUAWEI_HOST_PASSWORD: &str = "fake-host-password";

/// The documented validity of a meeting control token.
const TOKEN_LIFETIME: Duration = Duration::from_secs(30 * 60);

/// How `X-Conference-Authorization` carries the control token: the docs show both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TokenHeader {
    /// The token as issued (most examples).
    #[default]
    Raw,
    /// `Basic ` and the token in base64 (the camera API's example).
    Basic,
}

/// A participant of a fake Huawei meeting.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FakeParticipant {
    /// The participant id.
    pub id: String,
    /// The phone number or account the participant joined with.
    pub number: String,
    /// The display name.
    pub name: String,
    /// Muted by the host.
    pub muted: bool,
    /// Holds the host role.
    pub host: bool,
    /// Asked to turn the camera on.
    pub video: bool,
}

/// A fake Huawei meeting in progress.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FakeMeeting {
    /// Participants in the call, by id.
    pub participants: BTreeMap<String, FakeParticipant>,
    /// Numbers on the attendee list (in the call or not).
    pub attendees: BTreeSet<String>,
    /// Everyone but the host muted by "mute all".
    pub all_muted: bool,
    /// Whether participants may unmute themselves.
    pub self_unmute_allowed: bool,
    /// The participant who has the floor (roll call).
    pub floor: Option<String>,
    /// The participant whose video everyone sees (lock view).
    pub locked_view: Option<String>,
    /// Settings changed in the meeting, as sent.
    pub settings: Map<String, Value>,
    /// Ended by "end meeting": every call then answers 400 `MMC.111070005`.
    pub ended: bool,
    password: String,
}

pub(crate) struct HuaweiState {
    pub meetings: BTreeMap<String, FakeMeeting>,
    /// Live control tokens and the meeting and instant they expire at.
    pub tokens: BTreeMap<String, (String, Instant)>,
    pub token_lifetime: Duration,
    pub token_header: TokenHeader,
    pub issued: usize,
}

impl Default for HuaweiState {
    fn default() -> Self {
        Self {
            meetings: BTreeMap::new(),
            tokens: BTreeMap::new(),
            token_lifetime: TOKEN_LIFETIME,
            token_header: TokenHeader::Raw,
            issued: 0,
        }
    }
}

impl HuaweiState {
    pub fn add_meeting(&mut self, conference_id: &str, password: &str, participants: &[&str]) {
        let participants = participants
            .iter()
            .map(|id| {
                let participant = FakeParticipant {
                    id: (*id).to_owned(),
                    number: (*id).to_owned(),
                    name: (*id).to_owned(),
                    ..FakeParticipant::default()
                };
                ((*id).to_owned(), participant)
            })
            .collect::<BTreeMap<_, _>>();
        let meeting = FakeMeeting {
            attendees: participants.keys().cloned().collect(),
            participants,
            self_unmute_allowed: true,
            password: password.to_owned(),
            ..FakeMeeting::default()
        };
        self.meetings.insert(conference_id.to_owned(), meeting);
    }
}

fn error(status: u16, code: &str, message: &str) -> ResponseTemplate {
    json_response(status, json!({"error_code": code, "error_msg": message}))
}

fn invalid() -> ResponseTemplate {
    error(400, "MMC.111070001", "INVALID_PARAMETER")
}

fn meeting_not_found() -> ResponseTemplate {
    error(400, "MMC.111070005", "CONF_NOT_FOUND_OR_OUTDATED")
}

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200)
}

/// One control call, once its meeting and token are checked.
struct Call<'r> {
    method: &'r str,
    participant: Option<String>,
    body: Value,
}

impl Call<'_> {
    fn flag(&self, name: &str) -> Option<bool> {
        match self.body.get(name)?.as_i64()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn text(&self, name: &str) -> Option<String> {
        self.body.get(name)?.as_str().map(str::to_owned)
    }
}

fn query(request: &Request, name: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Answers a request whose path starts with `/v1/mmc/`.
pub(crate) fn answer(
    state: &mut HuaweiState,
    request: &Request,
    segments: &[&str],
) -> ResponseTemplate {
    let ["v1", "mmc", "control", "conferences", action @ ..] = segments else {
        return json_response(404, json!({"message": "Not Found"}));
    };
    let Some(conference_id) = query(request, "conferenceID") else {
        return invalid();
    };
    if action == ["token"] {
        return issue_token(state, request, &conference_id);
    }
    if !token_is_valid(state, request, &conference_id) {
        return error(401, "MMC.111072065", "CONF_NOT_FOUND_OR_AUTH_FAILED");
    }
    let Some(meeting) = state.meetings.get_mut(&conference_id) else {
        return meeting_not_found();
    };
    if meeting.ended {
        return meeting_not_found();
    }
    let call = Call {
        method: request.method.as_str(),
        participant: query(request, "participantID"),
        body: serde_json::from_slice(&request.body).unwrap_or(Value::Null),
    };
    control(meeting, &call, action)
}

fn issue_token(
    state: &mut HuaweiState,
    request: &Request,
    conference_id: &str,
) -> ResponseTemplate {
    if request.method.as_str() != "GET" || header(request, "X-Login-Type") != Some("1") {
        return invalid();
    }
    let Some(meeting) = state.meetings.get(conference_id).filter(|m| !m.ended) else {
        return meeting_not_found();
    };
    if header(request, "X-Password") != Some(meeting.password.as_str()) {
        return error(400, "MMC.111071003", "PASSWORD_ERROR");
    }
    state.issued += 1;
    let token = format!("stb-fake-{conference_id}-{}", state.issued);
    let lifetime = state.token_lifetime;
    state.tokens.insert(
        token.clone(),
        (conference_id.to_owned(), Instant::now() + lifetime),
    );
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let expire_ms = now_ms + lifetime.as_millis();
    json_response(
        200,
        json!({
            "data": {
                "token": token,
                "tmpWsToken": format!("ws-{token}"),
                "wsURL": "wss://127.0.0.1/fake",
                "role": 1,
                "expireTime": u64::try_from(expire_ms).unwrap_or(u64::MAX),
                "userID": "fake-host",
                "orgID": "fake-org",
                "confTokenExpireTime": lifetime.as_secs(),
                "vmrCurrentConfID": conference_id,
                "supportNotifyType": ["ParticipantsChanged"],
            },
            "addressToken": "fake-address-token",
            "gloablPublicIP": "127.0.0.1",
        }),
    )
}

fn token_is_valid(state: &HuaweiState, request: &Request, conference_id: &str) -> bool {
    let Some(sent) = header(request, "X-Conference-Authorization") else {
        return false;
    };
    let token = match state.token_header {
        TokenHeader::Raw => Some(sent.to_owned()),
        TokenHeader::Basic => sent
            .strip_prefix("Basic ")
            .and_then(|b| BASE64.decode(b).ok())
            .and_then(|b| String::from_utf8(b).ok()),
    };
    token
        .and_then(|t| state.tokens.get(&t))
        .is_some_and(|(meeting, expires)| meeting == conference_id && Instant::now() < *expires)
}

/// Dispatches a checked control call on its method and path.
fn control(meeting: &mut FakeMeeting, call: &Call<'_>, action: &[&str]) -> ResponseTemplate {
    let done = match (call.method, action) {
        ("POST", ["participants", "delete"]) => disconnect(meeting, call),
        ("PUT", ["participants", "mute"]) => mute_participant(meeting, call),
        ("PUT", ["mute"]) => mute_all(meeting, call),
        ("PUT", ["mute", "guestUnMute"]) => allow_self_unmute(meeting, call),
        ("PUT", ["participants", "rollCall"]) => roll_call(meeting, call),
        ("PUT", ["participants", "role"]) => set_role(meeting, call),
        ("POST", ["participants"]) => invite(meeting, call),
        ("POST", ["attendees", "delete"]) => remove_attendees(meeting, call),
        ("PUT", ["participants", "name"]) => rename(meeting, call),
        ("PUT", ["participants", "video"]) => camera(meeting, call),
        ("PUT", ["lockView"]) => lock_view(meeting, call),
        ("PUT", ["updateStartedConfConfig"]) => update_settings(meeting, call),
        ("PUT", ["stop"]) => {
            meeting.ended = true;
            Some(())
        }
        ("GET", ["wsToken"]) => {
            return json_response(200, json!({"webSocketToken": "fake-ws-token"}));
        }
        _ => return json_response(404, json!({"message": "Not Found"})),
    };
    match done {
        Some(()) => ok(),
        None => invalid(),
    }
}

/// The participant a `participantID` query names, if the meeting has one.
fn named<'m>(meeting: &'m mut FakeMeeting, call: &Call<'_>) -> Option<&'m mut FakeParticipant> {
    meeting.participants.get_mut(call.participant.as_deref()?)
}

fn disconnect(meeting: &mut FakeMeeting, call: &Call<'_>) -> Option<()> {
    let ids: Vec<String> =
        serde_json::from_value(call.body.get("bulkHangUpParticipants")?.clone()).ok()?;
    if ids.is_empty() {
        return None;
    }
    for id in &ids {
        meeting.participants.remove(id);
    }
    Some(())
}

fn mute_participant(meeting: &mut FakeMeeting, call: &Call<'_>) -> Option<()> {
    let muted = call.flag("isMute")?;
    named(meeting, call)?.muted = muted;
    Some(())
}

fn mute_all(meeting: &mut FakeMeeting, call: &Call<'_>) -> Option<()> {
    let muted = call.flag("isMute")?;
    meeting.all_muted = muted;
    for participant in meeting.participants.values_mut().filter(|p| !p.host) {
        participant.muted = muted;
    }
    if let Some(allowed) = call.flag("allowUnmuteByOneself") {
        meeting.self_unmute_allowed = allowed;
    }
    Some(())
}

fn allow_self_unmute(meeting: &mut FakeMeeting, call: &Call<'_>) -> Option<()> {
    meeting.self_unmute_allowed = call.flag("allowUnmuteByOneself")?;
    Some(())
}

fn roll_call(meeting: &mut FakeMeeting, call: &Call<'_>) -> Option<()> {
    let id = named(meeting, call)?.id.clone();
    meeting.floor = Some(id);
    Some(())
}

fn set_role(meeting: &mut FakeMeeting, call: &Call<'_>) -> Option<()> {
    let host = call.flag("applyChair")?;
    named(meeting, call)?.host = host;
    Some(())
}

fn invite(meeting: &mut FakeMeeting, call: &Call<'_>) -> Option<()> {
    let attendees = call.body.get("attendees")?.as_array()?;
    for attendee in attendees {
        let name = attendee.get("name")?.as_str()?;
        let number = attendee.get("phone")?.as_str()?;
        meeting.attendees.insert(number.to_owned());
        meeting.participants.insert(
            number.to_owned(),
            FakeParticipant {
                id: number.to_owned(),
                number: number.to_owned(),
                name: name.to_owned(),
                ..FakeParticipant::default()
            },
        );
    }
    Some(())
}

fn remove_attendees(meeting: &mut FakeMeeting, call: &Call<'_>) -> Option<()> {
    let list = call.body.get("bulkDelAttendInfo")?.as_array()?;
    for entry in list {
        let number = entry.get("number")?.as_str()?;
        meeting.attendees.remove(number);
        meeting.participants.retain(|_, p| p.number != number);
    }
    Some(())
}

fn rename(meeting: &mut FakeMeeting, call: &Call<'_>) -> Option<()> {
    let number = call.text("number")?;
    let new_name = call.text("newName")?;
    let by_id = call.text("participantID");
    let participant = meeting.participants.values_mut().find(|p| match &by_id {
        Some(id) => p.id == *id,
        None => p.number == number,
    })?;
    participant.name = new_name;
    Some(())
}

fn camera(meeting: &mut FakeMeeting, call: &Call<'_>) -> Option<()> {
    let on = call.flag("status")?;
    named(meeting, call)?.video = on;
    Some(())
}

fn lock_view(meeting: &mut FakeMeeting, call: &Call<'_>) -> Option<()> {
    let locked = call.flag("status")?;
    let id = named(meeting, call)?.id.clone();
    meeting.locked_view = locked.then_some(id);
    Some(())
}

fn update_settings(meeting: &mut FakeMeeting, call: &Call<'_>) -> Option<()> {
    let settings = call.body.as_object()?;
    meeting
        .settings
        .extend(settings.iter().map(|(k, v)| (k.clone(), v.clone())));
    Some(())
}
