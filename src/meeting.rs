//! A Huawei Cloud meeting under control: the meeting control token fetched, renewed and
//! shared for the caller, who gives the conference id and host password once.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use conference_clients::huawei_meeting::types::{
    ControlToken, MuteMeetingRequest, MuteParticipantRequest,
};
use conference_clients::huawei_meeting::{
    Client, Credentials, GetControlTokenError, MeetingControlError as ControlCallError,
};
use conference_clients::{BuildError, Error, Options, ResponseValue, Secret};
use tokio::sync::Mutex;

use crate::HuaweiParticipants;

/// The validity the docs give a meeting control token, used when the answer does not say.
const DOCUMENTED_TOKEN_LIFETIME: Duration = Duration::from_secs(30 * 60);

/// How the meeting control token is written in `X-Conference-Authorization`. The docs show
/// both forms and say neither is required.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TokenHeader {
    /// The token as issued, the form of most of the docs' examples (the default).
    #[default]
    Raw,
    /// `Basic ` followed by the token in base64, the form of the camera API's example and of
    /// the official SDK's comment ("uniformly BASE64-encoded").
    Basic,
}

impl TokenHeader {
    fn value(self, token: &str) -> String {
        match self {
            Self::Raw => token.to_owned(),
            Self::Basic => format!("Basic {}", BASE64.encode(token)),
        }
    }
}

/// Why a call on a [`HuaweiMeeting`] failed.
#[derive(Debug)]
pub enum MeetingError<E> {
    /// The meeting control token could not be obtained (wrong host password, a meeting that
    /// is unknown or not started, or no answer).
    Token(Error<GetControlTokenError>),
    /// The token obtained cannot be sent in a header.
    UnusableToken(BuildError),
    /// The call itself failed.
    Call(Error<E>),
}

impl<E> MeetingError<E> {
    /// The call's error, when the call was made and failed.
    pub fn call_error(&self) -> Option<&Error<E>> {
        match self {
            Self::Call(error) => Some(error),
            Self::Token(_) | Self::UnusableToken(_) => None,
        }
    }
}

impl<E> fmt::Display for MeetingError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Token(error) => write!(f, "cannot obtain a meeting control token: {error}"),
            Self::UnusableToken(error) => {
                write!(f, "the meeting control token is unusable: {error}")
            }
            Self::Call(error) => error.fmt(f),
        }
    }
}

impl<E: fmt::Debug + 'static> std::error::Error for MeetingError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Token(error) => Some(error),
            Self::UnusableToken(error) => Some(error),
            Self::Call(error) => Some(error),
        }
    }
}

/// What a control call on a [`HuaweiMeeting`] gives.
pub type ControlResult = Result<ResponseValue<()>, MeetingError<ControlCallError>>;

/// Settings for a [`HuaweiMeeting`]; create one with [`HuaweiMeeting::builder`].
#[derive(Debug)]
pub struct HuaweiMeetingBuilder {
    conference_id: String,
    host_password: Secret,
    base_url: String,
    options: Options,
    token_header: TokenHeader,
    renew_before: Duration,
}

impl HuaweiMeetingBuilder {
    /// Sends requests to `url` instead of [`Client::DEFAULT_BASE_URL`].
    #[must_use]
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The options of every call, the token's included.
    #[must_use]
    pub fn options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// How the token is written in `X-Conference-Authorization` ([`TokenHeader::Raw`] by
    /// default).
    #[must_use]
    pub fn token_header(mut self, form: TokenHeader) -> Self {
        self.token_header = form;
        self
    }

    /// How long before the token expires a new one is fetched (one minute by default), so
    /// that a call never starts with a token about to lapse.
    #[must_use]
    pub fn renew_before(mut self, margin: Duration) -> Self {
        self.renew_before = margin;
        self
    }

    /// Checks the settings. Nothing is fetched until the first call.
    ///
    /// # Errors
    ///
    /// See [`conference_clients::huawei_meeting::ClientBuilder::build`].
    pub fn build(self) -> Result<HuaweiMeeting, BuildError> {
        let credentials = Credentials::default().with_host_password(self.host_password);
        let fetcher = Client::builder(credentials)
            .base_url(self.base_url)
            .options(self.options)
            .build()?;
        Ok(HuaweiMeeting {
            inner: Arc::new(Inner {
                conference_id: self.conference_id,
                fetcher,
                token_header: self.token_header,
                renew_before: self.renew_before,
                current: Mutex::new(None),
            }),
        })
    }
}

/// A Huawei Cloud meeting in progress, controlled with its host password.
///
/// The meeting control token every control call needs is fetched on the first call, renewed
/// before it expires and once when a call is answered 401, and shared: concurrent calls that
/// find it missing or stale wait for one fetch. Clones share the token. `Debug` never shows
/// the password or the token.
#[derive(Clone, Debug)]
pub struct HuaweiMeeting {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    conference_id: String,
    /// The client of the token API, holding the host password.
    fetcher: Client,
    token_header: TokenHeader,
    renew_before: Duration,
    /// The client holding the current token. The lock is held while a token is fetched, so
    /// concurrent callers wait for that fetch instead of making their own.
    current: Mutex<Option<Arc<Controller>>>,
}

/// A client holding one control token.
#[derive(Debug)]
struct Controller {
    client: Client,
    renew_at: Instant,
    /// Counts the tokens fetched, so a 401 renews only the token it was answered to.
    generation: u64,
}

impl HuaweiMeeting {
    /// Settings for the meeting `conference_id` (its `conferenceID`, not `vmrConferenceID`)
    /// whose host password is `host_password`.
    pub fn builder(
        conference_id: impl Into<String>,
        host_password: impl Into<Secret>,
    ) -> HuaweiMeetingBuilder {
        HuaweiMeetingBuilder {
            conference_id: conference_id.into(),
            host_password: host_password.into(),
            base_url: Client::DEFAULT_BASE_URL.to_owned(),
            options: Options::default(),
            token_header: TokenHeader::default(),
            renew_before: Duration::from_secs(60),
        }
    }

    /// The meeting's `conferenceID`.
    pub fn conference_id(&self) -> &str {
        &self.inner.conference_id
    }

    /// Makes a control call with a valid token, for any call of the generated client:
    ///
    /// ```no_run
    /// # async fn run(meeting: conference_control::HuaweiMeeting) -> Result<(), Box<dyn std::error::Error>> {
    /// let id = meeting.conference_id();
    /// meeting.call(|client| async move { client.stop_meeting(id).await }).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// `call` is given a client holding the token (a cheap clone sharing the connection
    /// pool). A 401 answer renews the token and makes the call once more.
    ///
    /// # Errors
    ///
    /// [`MeetingError::Token`] when no token can be obtained, else the call's error.
    pub async fn call<T, E, F, Fut>(&self, call: F) -> Result<T, MeetingError<E>>
    where
        F: Fn(Client) -> Fut,
        Fut: Future<Output = Result<T, Error<E>>>,
    {
        let controller = self.controller(None).await?;
        match call(controller.client.clone()).await {
            Err(error) if error.status().map(|s| s.as_u16()) == Some(401) => {
                let renewed = self.controller(Some(controller.generation)).await?;
                call(renewed.client.clone())
                    .await
                    .map_err(MeetingError::Call)
            }
            result => result.map_err(MeetingError::Call),
        }
    }

    /// Ends the calls of these participants (they stay on the attendee list). An empty list
    /// is refused before anything is sent.
    ///
    /// # Errors
    ///
    /// See [`HuaweiMeeting::call`].
    pub async fn disconnect<I, S>(&self, participant_ids: I) -> ControlResult
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let ids: Vec<String> = participant_ids.into_iter().map(Into::into).collect();
        let (id, ids) = (self.conference_id(), &ids);
        self.call(|client| async move { client.disconnect(id, ids.iter().cloned()).await })
            .await
    }

    /// Mutes (`true`) or unmutes (`false`) one participant.
    ///
    /// # Errors
    ///
    /// See [`HuaweiMeeting::call`].
    pub async fn mute(&self, participant_id: &str, muted: bool) -> ControlResult {
        let body = &MuteParticipantRequest {
            is_mute: i32::from(muted),
        };
        let id = self.conference_id();
        self.call(|client| async move { client.mute_participant(id, participant_id, body).await })
            .await
    }

    /// Mutes (`true`) or unmutes (`false`) everyone but the host.
    ///
    /// # Errors
    ///
    /// See [`HuaweiMeeting::call`].
    pub async fn mute_all(&self, muted: bool) -> ControlResult {
        let body = &MuteMeetingRequest {
            is_mute: i32::from(muted),
            allow_unmute_by_oneself: None,
        };
        let id = self.conference_id();
        self.call(|client| async move { client.mute_meeting(id, body).await })
            .await
    }

    /// The client holding a valid token: the current one, unless it is due for renewal or is
    /// the one of generation `rejected`, which the server refused.
    async fn controller<E>(
        &self,
        rejected: Option<u64>,
    ) -> Result<Arc<Controller>, MeetingError<E>> {
        let mut current = self.inner.current.lock().await;
        if let Some(controller) = current.as_ref() {
            let refused = rejected == Some(controller.generation);
            if !refused && Instant::now() < controller.renew_at {
                return Ok(Arc::clone(controller));
            }
        }
        let generation = current.as_ref().map_or(1, |c| c.generation + 1);
        let fresh = Arc::new(self.fetch(generation).await?);
        *current = Some(Arc::clone(&fresh));
        Ok(fresh)
    }

    async fn fetch<E>(&self, generation: u64) -> Result<Controller, MeetingError<E>> {
        let inner = &self.inner;
        let answer = inner
            .fetcher
            .get_control_token(&inner.conference_id)
            .await
            .map_err(MeetingError::Token)?
            .into_body();
        let lifetime = token_lifetime(&answer);
        let header = inner.token_header.value(&answer.data.token);
        let credentials = Credentials::default().with_conference_token(header);
        let client = Client::builder(credentials)
            .base_url(inner.fetcher.base_url().as_str())
            .http_client(inner.fetcher.http_client().clone())
            .options(inner.fetcher.options().clone())
            .build()
            .map_err(MeetingError::UnusableToken)?;
        Ok(Controller {
            client,
            renew_at: renew_at(lifetime, inner.renew_before),
            generation,
        })
    }
}

/// When a token valid for `lifetime` from now is renewed: `renew_before` ahead of its end. A
/// lifetime too long for the clock (a server's `expireTime` can say anything) is taken as the
/// documented 30 minutes.
fn renew_at(lifetime: Duration, renew_before: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(lifetime.saturating_sub(renew_before))
        .unwrap_or_else(|| now + DOCUMENTED_TOKEN_LIFETIME.saturating_sub(renew_before))
}

/// How long a token is valid from now: `confTokenExpireTime` (seconds) when the answer has
/// it, which no clock difference can skew, else `expireTime` (epoch milliseconds), else the
/// documented 30 minutes.
fn token_lifetime(answer: &ControlToken) -> Duration {
    let data = &answer.data;
    if let Some(seconds) = data
        .conf_token_expire_time
        .and_then(|s| u64::try_from(s).ok())
    {
        return Duration::from_secs(seconds);
    }
    if let Some(at) = data.expire_time.and_then(|ms| u64::try_from(ms).ok()) {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        return Duration::from_millis(at).saturating_sub(now);
    }
    DOCUMENTED_TOKEN_LIFETIME
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_lifetime_a_server_sends_gives_a_renewal_time() {
        let soon = renew_at(Duration::from_secs(1800), Duration::from_secs(60));
        assert!(soon > Instant::now() + Duration::from_secs(1700));
        // Past its end already: renewed at once.
        assert!(renew_at(Duration::from_secs(10), Duration::from_secs(60)) <= Instant::now());
        // Too far for the clock: the documented half hour.
        let capped = renew_at(Duration::MAX, Duration::from_secs(60));
        assert!(capped <= Instant::now() + DOCUMENTED_TOKEN_LIFETIME);
    }
}
