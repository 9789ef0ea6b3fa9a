//! One trait over both providers: remove and mute people in a room, and list who is there
//! where the provider can say, with one error type.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use conference_clients::huawei_meeting::types::ErrorResponse;
use conference_clients::vobiz::types::ConferenceRetrieval;
use conference_clients::{Error, huawei_meeting, vobiz};

use crate::meeting::{HuaweiMeeting, MeetingError};
use crate::{MemberSelector, VobizMembers};

/// What a [`ConferenceRoom`] call gives back.
pub type RoomFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, ControlError>> + Send + 'a>>;

/// A participant, as far as the provider says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Participant {
    /// The id the other calls take.
    pub id: String,
    /// Whether the participant is muted, when the provider says.
    pub muted: Option<bool>,
}

/// A live call or meeting, whichever provider hosts it. Build one with [`VobizRoom::new`] or
/// [`HuaweiRoom::new`] and hold it as `Box<dyn ConferenceRoom>` to choose the provider by
/// configuration.
pub trait ConferenceRoom: Send + Sync {
    /// The provider's name (`vobiz`, `huawei`).
    fn provider(&self) -> Provider;

    /// Ends the calls of the selected participants.
    fn remove<'a>(&'a self, who: &'a MemberSelector) -> RoomFuture<'a, ()>;

    /// Mutes (`true`) or unmutes (`false`) the selected participants.
    fn set_muted<'a>(&'a self, who: &'a MemberSelector, muted: bool) -> RoomFuture<'a, ()>;

    /// Who is in the room. [`ErrorKind::Unsupported`] where the provider has no such call.
    fn participants(&self) -> RoomFuture<'_, Vec<Participant>>;
}

/// The providers behind [`ConferenceRoom`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    /// Vobiz conferences.
    Vobiz,
    /// Huawei Cloud meetings.
    Huawei,
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Vobiz => "vobiz",
            Self::Huawei => "huawei",
        })
    }
}

/// What kind of failure a [`ControlError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The provider answered with an error (see [`ControlError::status`] and
    /// [`ControlError::code`]).
    Refused,
    /// No usable answer: the connection failed, timed out, or the answer did not decode.
    Unreachable,
    /// The provider has no call for this.
    Unsupported,
    /// The meeting control token could not be obtained (Huawei).
    ControlToken,
    /// The request was refused before anything was sent.
    InvalidRequest,
}

/// Why a [`ConferenceRoom`] call failed, with the provider's own error inside.
#[derive(Debug)]
pub struct ControlError {
    provider: Provider,
    kind: ErrorKind,
    status: Option<u16>,
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl ControlError {
    fn new(provider: Provider, kind: ErrorKind) -> Self {
        Self {
            provider,
            kind,
            status: None,
            code: None,
            message: None,
            request_id: None,
            source: None,
        }
    }

    fn unsupported(provider: Provider, what: &str) -> Self {
        Self {
            message: Some(format!("no call to {what}")),
            ..Self::new(provider, ErrorKind::Unsupported)
        }
    }

    /// The provider that failed.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The HTTP status the provider answered with, if it answered.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// The provider's error code: Huawei's `error_code` (`MMC.111070005`), Vobiz's `error`
    /// (`conference not found`).
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The provider's message: Huawei's `error_msg`, Vobiz's gateway `message`.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The request id: Huawei's `X-Request-Id` header, Vobiz's `api_id`.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for ControlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.provider)?;
        match self.kind {
            ErrorKind::Refused => f.write_str("the provider refused the call")?,
            ErrorKind::Unreachable => f.write_str("no usable answer")?,
            ErrorKind::Unsupported => f.write_str("not supported")?,
            ErrorKind::ControlToken => f.write_str("no meeting control token")?,
            ErrorKind::InvalidRequest => f.write_str("invalid request")?,
        }
        if let Some(status) = self.status {
            write!(f, " (HTTP {status})")?;
        }
        for detail in [&self.code, &self.message].into_iter().flatten() {
            write!(f, ": {detail}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for ControlError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// What a provider's documented error body says.
pub trait ProviderErrorBody {
    /// The error code.
    fn code(&self) -> Option<&str>;
    /// The message.
    fn message(&self) -> Option<&str>;
    /// The request id, when the body carries it.
    fn request_id(&self) -> Option<&str> {
        None
    }
}

impl ControlError {
    /// A generated call's error, its details read out of the documented error body.
    pub fn from_call<E>(provider: Provider, error: Error<E>) -> Self
    where
        E: ProviderErrorBody + fmt::Debug + Send + Sync + 'static,
    {
        let kind = match &error {
            Error::ErrorResponse(_) | Error::UnexpectedResponse(_) => ErrorKind::Refused,
            Error::InvalidRequest(_) => ErrorKind::InvalidRequest,
            _ => ErrorKind::Unreachable,
        };
        let body = error.error_body();
        let header_id = error
            .headers()
            .and_then(|h| h.get("X-Request-Id"))
            .and_then(|v| v.to_str().ok());
        Self {
            status: error.status().map(|s| s.as_u16()),
            code: body.and_then(E::code).map(str::to_owned),
            message: body.and_then(E::message).map(str::to_owned),
            request_id: body
                .and_then(E::request_id)
                .or(header_id)
                .map(str::to_owned),
            ..Self::new(provider, kind)
        }
        .with_source(error)
    }

    fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }
}

impl ProviderErrorBody for vobiz::ConferenceError {
    fn code(&self) -> Option<&str> {
        match self {
            Self::Unauthorized(body) | Self::NotFound(body) => body.error.as_deref(),
        }
    }

    fn message(&self) -> Option<&str> {
        match self {
            Self::Unauthorized(body) | Self::NotFound(body) => body.message.as_deref(),
        }
    }

    fn request_id(&self) -> Option<&str> {
        match self {
            Self::Unauthorized(body) | Self::NotFound(body) => body.api_id.as_deref(),
        }
    }
}

impl ProviderErrorBody for huawei_meeting::MeetingControlError {
    fn code(&self) -> Option<&str> {
        Some(&huawei_body(self).error_code)
    }

    fn message(&self) -> Option<&str> {
        Some(&huawei_body(self).error_msg)
    }
}

fn huawei_body(error: &huawei_meeting::MeetingControlError) -> &ErrorResponse {
    use huawei_meeting::MeetingControlError as E;
    match error {
        E::BadRequest(body)
        | E::Unauthorized(body)
        | E::Forbidden(body)
        | E::InternalServerError(body) => body,
    }
}

impl ProviderErrorBody for huawei_meeting::GetControlTokenError {
    fn code(&self) -> Option<&str> {
        match self {
            Self::BadRequest(body) | Self::InternalServerError(body) => Some(&body.error_code),
        }
    }

    fn message(&self) -> Option<&str> {
        match self {
            Self::BadRequest(body) | Self::InternalServerError(body) => Some(&body.error_msg),
        }
    }
}

/// A Vobiz conference as a [`ConferenceRoom`].
#[derive(Clone, Debug)]
pub struct VobizRoom {
    client: vobiz::Client,
    name: String,
}

impl VobizRoom {
    /// The conference `name` on this client's account.
    pub fn new(client: vobiz::Client, name: impl Into<String>) -> Self {
        Self {
            client,
            name: name.into(),
        }
    }
}

fn vobiz_error(error: Error<vobiz::ConferenceError>) -> ControlError {
    ControlError::from_call(Provider::Vobiz, error)
}

impl ConferenceRoom for VobizRoom {
    fn provider(&self) -> Provider {
        Provider::Vobiz
    }

    fn remove<'a>(&'a self, who: &'a MemberSelector) -> RoomFuture<'a, ()> {
        Box::pin(async move {
            self.client
                .hang_up(&self.name, who)
                .await
                .map_err(vobiz_error)?;
            Ok(())
        })
    }

    fn set_muted<'a>(&'a self, who: &'a MemberSelector, muted: bool) -> RoomFuture<'a, ()> {
        Box::pin(async move {
            if muted {
                self.client
                    .mute(&self.name, who)
                    .await
                    .map_err(vobiz_error)?;
            } else {
                self.client
                    .unmute(&self.name, who)
                    .await
                    .map_err(vobiz_error)?;
            }
            Ok(())
        })
    }

    fn participants(&self) -> RoomFuture<'_, Vec<Participant>> {
        Box::pin(async move {
            let response = self
                .client
                .get_conference(&self.name)
                .await
                .map_err(vobiz_error)?;
            match response.into_body() {
                ConferenceRetrieval::Conference(room) => Ok(room
                    .members
                    .into_iter()
                    .filter_map(|m| {
                        Some(Participant {
                            id: m.member_id?,
                            muted: m.muted,
                        })
                    })
                    .collect()),
                // The live API's "cannot read it now", sent with HTTP 200.
                ConferenceRetrieval::RetrieveFailed(failed) => Err(ControlError {
                    status: Some(200),
                    code: Some("failed".to_owned()),
                    request_id: failed.api_id,
                    ..ControlError::new(Provider::Vobiz, ErrorKind::Refused)
                }),
            }
        })
    }
}

/// A Huawei Cloud meeting as a [`ConferenceRoom`].
#[derive(Clone, Debug)]
pub struct HuaweiRoom {
    meeting: HuaweiMeeting,
}

impl HuaweiRoom {
    /// The meeting `meeting` controls.
    pub fn new(meeting: HuaweiMeeting) -> Self {
        Self { meeting }
    }
}

fn huawei_error<E>(error: MeetingError<E>) -> ControlError
where
    E: ProviderErrorBody + fmt::Debug + Send + Sync + 'static,
{
    match error {
        MeetingError::Call(error) => ControlError::from_call(Provider::Huawei, error),
        MeetingError::Token(error) => ControlError {
            kind: ErrorKind::ControlToken,
            ..ControlError::from_call(Provider::Huawei, error)
        },
        MeetingError::UnusableToken(error) => {
            ControlError::new(Provider::Huawei, ErrorKind::ControlToken).with_source(error)
        }
    }
}

impl ConferenceRoom for HuaweiRoom {
    fn provider(&self) -> Provider {
        Provider::Huawei
    }

    fn remove<'a>(&'a self, who: &'a MemberSelector) -> RoomFuture<'a, ()> {
        Box::pin(async move {
            let Some(ids) = who.ids() else {
                return Err(ControlError::unsupported(
                    Provider::Huawei,
                    "disconnect everyone at once",
                ));
            };
            self.meeting.disconnect(ids).await.map_err(huawei_error)?;
            Ok(())
        })
    }

    fn set_muted<'a>(&'a self, who: &'a MemberSelector, muted: bool) -> RoomFuture<'a, ()> {
        Box::pin(async move {
            let Some(ids) = who.ids() else {
                // Huawei's "mute all" leaves the host unmuted.
                self.meeting.mute_all(muted).await.map_err(huawei_error)?;
                return Ok(());
            };
            for id in ids {
                self.meeting.mute(id, muted).await.map_err(huawei_error)?;
            }
            Ok(())
        })
    }

    fn participants(&self) -> RoomFuture<'_, Vec<Participant>> {
        Box::pin(async move {
            Err(ControlError::unsupported(
                Provider::Huawei,
                "list the participants of a meeting",
            ))
        })
    }
}
