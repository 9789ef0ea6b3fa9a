//! The runtime every generated client calls: credentials, URL building, sending, and turning
//! responses into typed values or typed errors.
//!
//! It is written by hand once and copied verbatim into each generated crate, so a generated
//! crate needs nothing but its few dependencies. Generated request builders stay short,
//! uniform and synchronous: build the URL, add parameters and credentials, hand the call to
//! [`send`], and match on the status in a plain function it calls with the response. The one
//! `async` function is here, so the compiler checks one future, not one per operation.
//! Everything about surviving the network lives here, once: timeouts, retries with backoff
//! and `Retry-After`, hooks, a response size cap, redirects that never carry credentials to
//! another host, and tracing spans (feature `tracing`).
//!
//! What only some APIs need, and the dependency it brings, is in a submodule of its own that
//! is copied only into the crates that use it: HTTP basic authentication (`base64`) and
//! form-encoded bodies (`form_urlencoded`).

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

pub use reqwest::StatusCode;
pub use reqwest::header::HeaderMap;

use reqwest::header::{HeaderName, HeaderValue};

/// A credential. Its `Debug` output never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value, for code that must send it somewhere.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"***\")")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// A success response: the decoded body, with the status and headers it came with.
#[derive(Clone, Debug)]
pub struct ResponseValue<T> {
    status: StatusCode,
    headers: HeaderMap,
    attempts: u32,
    body: T,
    unparsed: Vec<UnparsedValue>,
}

impl<T> ResponseValue<T> {
    /// How many requests it took (more than 1 when earlier attempts were retried).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// One header as text, if present and printable (`X-Request-Id`, rate-limit headers...).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Values the body held that did not parse as their format (a `date-time` that is no
    /// RFC 3339 instant, say), each read as "no value" by a field that may have none. Empty
    /// when everything parsed; a field that must have a value fails the decoding instead.
    pub fn unparsed(&self) -> &[UnparsedValue] {
        &self.unparsed
    }

    /// Applies `f` to the body, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue {
            status: self.status,
            headers: self.headers,
            attempts: self.attempts,
            body: f(self.body),
            unparsed: self.unparsed,
        }
    }
}

/// A value of a response that did not parse as its format, kept as it came (see
/// [`ResponseValue::unparsed`]).
#[derive(Clone, Debug, PartialEq)]
pub struct UnparsedValue {
    /// The value as the server sent it.
    pub value: serde_json::Value,
    /// Why it did not parse.
    pub reason: String,
}

/// Reading values of a string format (`date-time`, `date`, `uuid`, `byte`). A server may send
/// one that does not parse (a timestamp without its offset, say); where the field may have no
/// value, that value is read as none and kept aside for [`ResponseValue::unparsed`], so that one
/// odd value does not make the whole response unreadable.
#[doc(hidden)]
pub mod formats {
    use std::cell::RefCell;

    use serde::{Deserialize, Deserializer};

    use super::UnparsedValue;

    thread_local! {
        /// The values set aside by the decoding running on this thread, if one is collecting.
        static SET_ASIDE: RefCell<Option<Vec<UnparsedValue>>> = const { RefCell::new(None) };
    }

    /// Runs a decoding, with the values it sets aside.
    pub(crate) fn collecting<R>(decode: impl FnOnce() -> R) -> (R, Vec<UnparsedValue>) {
        let outer = SET_ASIDE.with(|cell| cell.replace(Some(Vec::new())));
        let result = decode();
        let collected = SET_ASIDE
            .with(|cell| cell.replace(outer))
            .unwrap_or_default();
        (result, collected)
    }

    /// A string format with a type of its own, read from its text. Servers write some
    /// formats more loosely than the spec says (Twilio writes `date-time` values as RFC 2822
    /// dates): each type reads every unambiguous spelling it meets.
    pub trait Format: Sized {
        /// The value of `text`, or why it is none.
        fn read(text: &str) -> Result<Self, String>;
    }

    fn read<T: Format>(value: &serde_json::Value) -> Result<T, String> {
        match value {
            serde_json::Value::String(text) => T::read(text),
            other => Err(format!("expected a string, found {other}")),
        }
    }

    /// A field that must have a value: a value that does not parse fails the decoding.
    pub fn required<'de, T: Format, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        read(&value).map_err(|reason| serde::de::Error::custom(format!("{value}: {reason}")))
    }

    /// A field that may have no value: `null` is none, a value that parses is the value, and
    /// any other value is none too, set aside with the reason.
    pub fn optional<'de, T: Format, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        let Some(value) = Option::<serde_json::Value>::deserialize(deserializer)? else {
            return Ok(None);
        };
        match read(&value) {
            Ok(parsed) => Ok(Some(parsed)),
            Err(reason) => {
                SET_ASIDE.with(|cell| {
                    if let Some(set_aside) = cell.borrow_mut().as_mut() {
                        set_aside.push(UnparsedValue { value, reason });
                    }
                });
                Ok(None)
            }
        }
    }
}

impl<T> Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

/// A response kept exactly as received, for statuses the spec does not document and bodies
/// that do not decode.
#[derive(Clone)]
pub struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    attempts: u32,
    body: Vec<u8>,
}

impl RawResponse {
    /// How many requests it took (more than 1 when earlier attempts were retried).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// One header as text, if present and printable.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body bytes.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

/// How much of a body `Debug` and `Display` show.
const BODY_EXCERPT: usize = 512;

fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    match text.char_indices().nth(BODY_EXCERPT) {
        Some((cut, _)) => format!("{}… ({} bytes)", &text[..cut], body.len()),
        None => text.into_owned(),
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("attempts", &self.attempts)
            .field("body", &excerpt(&self.body))
            .finish()
    }
}

/// Why a call failed. `E` is the operation's enum of documented error responses.
#[derive(Debug)]
pub enum Error<E> {
    /// The request could not be built (a parameter that is not a valid header value, a body
    /// that does not serialize). Nothing was sent.
    InvalidRequest(String),
    /// The request could not be sent or the response not received (connection refused or
    /// reset, TLS, I/O), on the last of `attempts` tries.
    Communication {
        /// The transport error (any URL in it has its query removed).
        source: reqwest::Error,
        /// How many requests were tried.
        attempts: u32,
    },
    /// No complete response within the call's timeout, on the last of `attempts` tries.
    Timeout {
        /// The timeout that ran out (per attempt).
        after: Duration,
        /// How many requests were tried.
        attempts: u32,
    },
    /// The response body is larger than the client accepts; it was not read.
    ResponseTooLarge {
        /// The status the response had.
        status: StatusCode,
        /// Its headers.
        headers: HeaderMap,
        /// The limit, in bytes ([`Options::max_response_bytes`]).
        limit: usize,
    },
    /// The server answered with a documented error status; the body is decoded.
    ErrorResponse(Box<ResponseValue<E>>),
    /// The server answered with a status the spec does not document.
    UnexpectedResponse(Box<RawResponse>),
    /// The status is documented but the body does not match its schema.
    InvalidResponsePayload {
        /// The response as received.
        response: Box<RawResponse>,
        /// Why decoding failed.
        source: serde_json::Error,
    },
}

impl<E> Error<E> {
    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::ErrorResponse(response) => Some(response.status()),
            Self::UnexpectedResponse(response) | Self::InvalidResponsePayload { response, .. } => {
                Some(response.status())
            }
            Self::ResponseTooLarge { status, .. } => Some(*status),
            Self::Communication { source, .. } => source.status(),
            Self::InvalidRequest(_) | Self::Timeout { .. } => None,
        }
    }

    /// The response headers, when a response was received.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Self::ErrorResponse(response) => Some(response.headers()),
            Self::UnexpectedResponse(response) | Self::InvalidResponsePayload { response, .. } => {
                Some(response.headers())
            }
            Self::ResponseTooLarge { headers, .. } => Some(headers),
            Self::Communication { .. } | Self::InvalidRequest(_) | Self::Timeout { .. } => None,
        }
    }

    /// How many requests were sent (0 when the request could not be built).
    pub fn attempts(&self) -> u32 {
        match self {
            Self::InvalidRequest(_) => 0,
            Self::Communication { attempts, .. } | Self::Timeout { attempts, .. } => *attempts,
            Self::ErrorResponse(response) => response.attempts(),
            Self::UnexpectedResponse(response) | Self::InvalidResponsePayload { response, .. } => {
                response.attempts()
            }
            // Refused before its body was read; retrying would be refused the same way.
            Self::ResponseTooLarge { .. } => 1,
        }
    }

    /// The decoded documented error body, if this is one.
    pub fn error_body(&self) -> Option<&E> {
        match self {
            Self::ErrorResponse(response) => Some(response.body()),
            _ => None,
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tries = |attempts: u32| {
            if attempts > 1 {
                format!(" (after {attempts} attempts)")
            } else {
                String::new()
            }
        };
        match self {
            Self::InvalidRequest(reason) => write!(f, "invalid request: {reason}"),
            Self::Communication { source, attempts } => {
                write!(f, "communication error{}: {source}", tries(*attempts))
            }
            Self::Timeout { after, attempts } => {
                write!(f, "no response within {after:?}{}", tries(*attempts))
            }
            Self::ResponseTooLarge { status, limit, .. } => write!(
                f,
                "HTTP {status} with a body over the {limit}-byte limit; it was not read"
            ),
            Self::ErrorResponse(response) => write!(
                f,
                "error response: HTTP {}{}",
                response.status(),
                tries(response.attempts())
            ),
            Self::UnexpectedResponse(response) => write!(
                f,
                "undocumented response: HTTP {}{}: {}",
                response.status(),
                tries(response.attempts()),
                excerpt(response.body())
            ),
            Self::InvalidResponsePayload { response, source } => write!(
                f,
                "HTTP {} with a body that does not match the documented schema ({source}; content type {}): {}",
                response.status(),
                response.header("content-type").unwrap_or("not given"),
                excerpt(response.body())
            ),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Communication { source, .. } => Some(source),
            Self::InvalidResponsePayload { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Why a client could not be built.
#[derive(Debug)]
pub enum BuildError {
    /// The spec names no absolute server URL and none was given.
    NoBaseUrl,
    /// The base URL is not an absolute `http` or `https` URL.
    InvalidBaseUrl {
        /// The URL given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A credential cannot be sent as a header value (it contains a line break or a control
    /// character). The value is not shown.
    InvalidCredential {
        /// The header or parameter the credential is sent in.
        name: &'static str,
    },
    /// The base URL is plain `http://` to a host that is not loopback: credentials would
    /// cross the network unencrypted. [`Options::allow_insecure_http`] allows it.
    InsecureBaseUrl {
        /// The URL given.
        url: String,
    },
    /// The HTTP client could not be created (TLS setup).
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoBaseUrl => f.write_str(
                "no base URL: the spec names no absolute server URL; set one with `base_url`",
            ),
            Self::InvalidBaseUrl { url, reason } => write!(f, "invalid base URL `{url}`: {reason}"),
            Self::InvalidCredential { name } => write!(
                f,
                "the credential for `{name}` contains characters a header cannot carry"
            ),
            Self::InsecureBaseUrl { url } => write!(
                f,
                "refusing plain http to a host that is not loopback (`{url}`): use https, or allow it with `Options::allow_insecure_http`"
            ),
            Self::Http(error) => write!(f, "cannot create the HTTP client: {error}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Http(error) => Some(error),
            _ => None,
        }
    }
}

/// How calls are sent: timeouts, retries, the response size cap and hooks.
///
/// A client has one set (its builder's `options`); `with_options` on a client gives a
/// copy with other options for some calls (`client.with_options(|o| o.timeout(..))`).
/// Cloning is cheap.
#[derive(Clone)]
pub struct Options {
    timeout: Duration,
    connect_timeout: Duration,
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    retry_non_idempotent: bool,
    max_response_bytes: usize,
    allow_insecure_http: bool,
    hooks: Hooks,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
            max_response_bytes: 16 * 1024 * 1024,
            allow_insecure_http: false,
            hooks: Hooks::default(),
        }
    }
}

impl Options {
    /// The defaults: 30 s per attempt, 10 s to connect, 3 attempts with backoff from 0.5 s to
    /// 8 s, `Retry-After` honoured up to 60 s, retries only for idempotent operations, 16 MiB
    /// response cap, https only (plain http only to loopback).
    pub fn new() -> Self {
        Self::default()
    }

    /// Time allowed for one attempt, from sending to the last byte of the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time allowed to connect. Used by the HTTP client the builder creates; a client you
    /// pass in keeps its own.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Total tries per call, the first included (1: never retry).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The first retry waits about this long; each later one twice as long, up to
    /// `max_backoff`, each with random jitter.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The longest `Retry-After` that is waited for; a server asking for longer is not retried.
    pub fn max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// Retry operations that are not idempotent (a POST such as kicking a member) too. Off by
    /// default: a retried POST whose first attempt did arrive acts twice.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// The largest response body read, in bytes; a larger one is refused unread.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Allow a plain `http://` base URL to a host that is not loopback.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Calls `hook` with the operation id and the request just before each attempt is sent
    /// (to sign it, add tracing headers, count it).
    pub fn before_request(
        mut self,
        hook: impl Fn(&str, &mut reqwest::Request) + Send + Sync + 'static,
    ) -> Self {
        self.hooks.before.push(Arc::new(hook));
        self
    }

    /// Calls `hook` with the operation id and what became of each attempt (for metrics).
    pub fn after_response(
        mut self,
        hook: impl Fn(&str, &Attempt<'_>) + Send + Sync + 'static,
    ) -> Self {
        self.hooks.after.push(Arc::new(hook));
        self
    }
}

impl fmt::Debug for Options {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Options")
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_attempts", &self.max_attempts)
            .field("initial_backoff", &self.initial_backoff)
            .field("max_backoff", &self.max_backoff)
            .field("max_retry_after", &self.max_retry_after)
            .field("retry_non_idempotent", &self.retry_non_idempotent)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("hooks", &(self.hooks.before.len() + self.hooks.after.len()))
            .finish()
    }
}

type BeforeRequest = Arc<dyn Fn(&str, &mut reqwest::Request) + Send + Sync>;
type AfterResponse = Arc<dyn Fn(&str, &Attempt<'_>) + Send + Sync>;

#[derive(Clone, Default)]
struct Hooks {
    before: Vec<BeforeRequest>,
    after: Vec<AfterResponse>,
}

/// What became of one attempt, for [`Options::after_response`] hooks.
#[derive(Debug)]
pub struct Attempt<'a> {
    /// 1 for the first try.
    pub number: u32,
    /// How long it took.
    pub elapsed: Duration,
    /// The status, when a response arrived.
    pub status: Option<StatusCode>,
    /// The response headers, when a response arrived.
    pub headers: Option<&'a HeaderMap>,
    /// Why it failed, when no usable response arrived (no credential is ever in it).
    pub failure: Option<String>,
    /// Whether another attempt follows.
    pub will_retry: bool,
}

// Everything below is called by generated code and is not part of the documented API.

/// Parses and checks a base URL: absolute http(s), no query or fragment, and plain http only
/// to loopback unless `options` allow it.
#[doc(hidden)]
pub fn parse_base_url(url: &str, options: &Options) -> Result<reqwest::Url, BuildError> {
    let invalid = |reason: &str| BuildError::InvalidBaseUrl {
        url: url.to_owned(),
        reason: reason.to_owned(),
    };
    let parsed = reqwest::Url::parse(url).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    if parsed.cannot_be_a_base() || parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid("a base URL has no query or fragment"));
    }
    if parsed.scheme() == "http" && !is_loopback(&parsed) && !options.allow_insecure_http {
        return Err(BuildError::InsecureBaseUrl {
            url: url.to_owned(),
        });
    }
    Ok(parsed)
}

fn is_loopback(url: &reqwest::Url) -> bool {
    let host = url.host_str().unwrap_or_default();
    let ip = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || ip
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The HTTP client a builder makes: the connect timeout from `options`, and no redirects
/// followed by `reqwest` itself, because [`execute`] follows them: only within the same origin
/// (reqwest removes only the standard credential headers on a redirect, and API keys travel in
/// custom headers), and only for operations that do not document a redirect status.
#[doc(hidden)]
pub fn default_http_client(options: &Options) -> Result<reqwest::Client, BuildError> {
    reqwest::Client::builder()
        .connect_timeout(options.connect_timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(BuildError::Http)
}

/// A credential ready to be added to requests.
#[doc(hidden)]
#[derive(Clone, Debug)]
pub enum PreparedCredential {
    /// A header (marked sensitive, so `reqwest` never prints it either).
    Header(HeaderName, HeaderValue),
    /// A query parameter.
    Query(&'static str, Secret),
}

impl PreparedCredential {
    /// An API key sent in a header.
    pub fn header(name: &'static str, secret: &Secret) -> Result<Self, BuildError> {
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| BuildError::InvalidCredential { name })?;
        Self::sensitive_header(header, name, secret.expose().to_owned())
    }

    /// A bearer token.
    pub fn bearer(secret: &Secret) -> Result<Self, BuildError> {
        Self::sensitive_header(
            reqwest::header::AUTHORIZATION,
            "Authorization",
            format!("Bearer {}", secret.expose()),
        )
    }

    /// An API key sent as a cookie.
    pub fn cookie(name: &'static str, secret: &Secret) -> Result<Self, BuildError> {
        Self::sensitive_header(
            reqwest::header::COOKIE,
            name,
            format!("{name}={}", secret.expose()),
        )
    }

    /// An API key sent as a query parameter.
    pub fn query(name: &'static str, secret: &Secret) -> Result<Self, BuildError> {
        Ok(Self::Query(name, secret.clone()))
    }

    pub(crate) fn sensitive_header(
        header: HeaderName,
        name: &'static str,
        value: String,
    ) -> Result<Self, BuildError> {
        let mut value =
            HeaderValue::from_str(&value).map_err(|_| BuildError::InvalidCredential { name })?;
        value.set_sensitive(true);
        Ok(Self::Header(header, value))
    }

    /// Adds the credential to a request.
    pub fn apply(&self, url: &mut reqwest::Url, headers: &mut HeaderMap) {
        match self {
            Self::Header(name, value) => {
                headers.insert(name.clone(), value.clone());
            }
            Self::Query(name, secret) => {
                url.query_pairs_mut().append_pair(name, secret.expose());
            }
        }
    }
}

/// A credential the client may hold, by its security scheme's name.
#[doc(hidden)]
#[derive(Clone, Debug)]
pub struct HeldCredential {
    scheme: &'static str,
    prepared: Option<PreparedCredential>,
}

impl HeldCredential {
    /// Prepares the secret when the caller gave one.
    pub fn new(
        scheme: &'static str,
        secret: Option<&Secret>,
        prepare: impl FnOnce(&Secret) -> Result<PreparedCredential, BuildError>,
    ) -> Result<Self, BuildError> {
        Ok(Self {
            scheme,
            prepared: secret.map(prepare).transpose()?,
        })
    }
}

/// Adds the first alternative set of credentials (indices into `held`) that the client holds
/// in full. An empty set, which lets the operation go without credentials, is used only when
/// no other set can be sent.
#[doc(hidden)]
pub fn apply_credentials<E>(
    held: &[HeldCredential],
    alternatives: &[&[usize]],
    url: &mut reqwest::Url,
    headers: &mut HeaderMap,
) -> Result<(), Error<E>> {
    let complete = |set: &[usize]| {
        set.iter()
            .all(|&i| held.get(i).is_some_and(|c| c.prepared.is_some()))
    };
    if let Some(set) = alternatives
        .iter()
        .find(|set| !set.is_empty() && complete(set))
    {
        for credential in set.iter().filter_map(|&i| held.get(i)?.prepared.as_ref()) {
            credential.apply(url, headers);
        }
        return Ok(());
    }
    if alternatives.iter().any(|set| set.is_empty()) {
        return Ok(());
    }
    let wanted: Vec<String> = alternatives
        .iter()
        .map(|set| {
            set.iter()
                .filter_map(|&i| held.get(i))
                .map(|c| format!("`{}`", c.scheme))
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .collect();
    Err(Error::InvalidRequest(format!(
        "the operation needs credentials the client was built without: give {} in `Credentials`",
        wanted.join(", or ")
    )))
}

/// What a path segment percent-encodes: what `url` encodes in a segment (controls, space,
/// the quote, `#`, `<`, `>`, `?`, the backtick, braces, `/`, `%` and the backslash) and
/// non-ASCII. Encoding here rather than in `url` keeps tabs and line breaks, which `url`'s
/// parser would silently drop from a value.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'%')
    .add(b'\\');

/// The endpoint URL: the base URL's path, then each segment percent-encoded as exactly one
/// path segment (a `/`, `?`, `#` or `%` in a value cannot change the path). An empty last
/// segment keeps the template's trailing slash. Values come through [`path_value`] (or
/// [`joined_segment`]), so no segment is a dot segment.
#[doc(hidden)]
pub fn endpoint(base: &reqwest::Url, segments: &[&str]) -> reqwest::Url {
    let mut path = base
        .path()
        .strip_suffix('/')
        .unwrap_or(base.path())
        .to_owned();
    for segment in segments {
        path.push('/');
        path.extend(percent_encoding::utf8_percent_encode(segment, PATH_SEGMENT));
    }
    let mut url = base.clone();
    url.set_path(&path);
    url
}

/// A path parameter's value, refused when it is empty (the path would have `//`, which
/// servers and gateways normalise in different ways) or a dot segment.
#[doc(hidden)]
pub fn path_value<'v, E>(name: &str, value: &'v str) -> Result<&'v str, Error<E>> {
    if value.is_empty() {
        return Err(Error::InvalidRequest(format!(
            "path parameter `{name}` is empty: give a value (an empty one would leave `//` in the path, which servers read in different ways)"
        )));
    }
    path_value_or_empty(name, value)
}

/// A path parameter's value that the spec allows to be empty (`minLength: 0`), refused when
/// it is a dot segment.
#[doc(hidden)]
pub fn path_value_or_empty<'v, E>(name: &str, value: &'v str) -> Result<&'v str, Error<E>> {
    if is_dot_segment(value) {
        return Err(Error::InvalidRequest(format!(
            "path parameter `{name}` is `{value}`, which servers and proxies remove from the path as a dot segment (RFC 3986, 5.2.4), so the request would reach another resource; encoding it does not help, since `%2E` is `.`"
        )));
    }
    Ok(value)
}

/// A path segment made of template text and parameter values (`{id}.json`), refused when
/// together they make a dot segment (`{id}.` with `id` = `.`).
#[doc(hidden)]
pub fn joined_segment<E>(template: &str, pieces: &[&str]) -> Result<String, Error<E>> {
    let segment = pieces.concat();
    if is_dot_segment(&segment) {
        return Err(Error::InvalidRequest(format!(
            "path segment `{template}` would be `{segment}`, which servers and proxies remove from the path as a dot segment (RFC 3986, 5.2.4)"
        )));
    }
    Ok(segment)
}

fn is_dot_segment(text: &str) -> bool {
    matches!(text, "." | "..")
}

/// A property of a request body that may be left out, sent as `null`, or sent with a value.
/// The three differ where a server updates what it is sent: a `PATCH` leaves an absent
/// property alone and clears one that is `null`. Read back, absent and `null` both mean "no
/// value" ([`Nullable::value`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// Left out.
    #[default]
    Absent,
    /// Sent as `null`.
    Null,
    /// Sent as this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the property is left out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// The value, if there is one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }

    /// The value, if there is one, taken out.
    pub fn into_value(self) -> Option<T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }

    /// `Null` for `None`, `Value` for `Some`: an `Option` as a property that is present.
    pub fn from_option(value: Option<T>) -> Self {
        value.map_or(Self::Null, Self::Value)
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Self::Value(value)
    }
}

impl<T: serde::Serialize> serde::Serialize for Nullable<T> {
    /// `Absent` is skipped by the struct (`skip_serializing_if`); were it written, it would be
    /// `null` like `Null`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Value(value) => value.serialize(serializer),
            Self::Absent | Self::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Nullable<T> {
    /// A present property, `null` included; an absent one is the struct's `default`.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Self::from_option)
    }
}

/// Reading a field whose spec writes null as "an object with no properties" (Box's "OpenAPI
/// 3.0 null schema type"): `{}` matches that too, so it is read as `null`.
#[doc(hidden)]
pub mod empty_object_is_null {
    use serde::de::{DeserializeOwned, Error as _};
    use serde::{Deserialize, Deserializer};

    /// `null` or `{}` is `None`; anything else is the value.
    pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::Null => Ok(None),
            serde_json::Value::Object(object) if object.is_empty() => Ok(None),
            value => serde_json::from_value(value)
                .map(Some)
                .map_err(D::Error::custom),
        }
    }

    /// The same for an optional property of a type requests carry: `null` or `{}` is
    /// [`Nullable::Null`](super::Nullable::Null).
    pub fn nullable<'de, T: DeserializeOwned, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<super::Nullable<T>, D::Error> {
        deserialize(deserializer).map(super::Nullable::from_option)
    }
}

/// Reading and writing discriminated unions (see the generated types' `Serialize` and
/// `Deserialize` impls).
#[doc(hidden)]
pub mod tagged {
    use serde::de::DeserializeOwned;
    use serde::ser::Error as _;
    use serde::{Serialize, Serializer};

    /// The tag of a value, when it is an object with a string there.
    pub fn tag<'v>(value: &'v serde_json::Value, property: &str) -> Option<&'v str> {
        value.get(property)?.as_str()
    }

    /// Decodes the whole value, tag included, as the variant's type.
    pub fn variant<T: DeserializeOwned, E: serde::de::Error>(
        value: serde_json::Value,
    ) -> Result<T, E> {
        serde_json::from_value(value).map_err(E::custom)
    }

    /// Decodes the value with its tag taken out, as a variant's type that has no tag property.
    pub fn variant_without_tag<T: DeserializeOwned, E: serde::de::Error>(
        mut value: serde_json::Value,
        property: &str,
    ) -> Result<T, E> {
        if let Some(object) = value.as_object_mut() {
            object.remove(property);
        }
        serde_json::from_value(value).map_err(E::custom)
    }

    /// Writes a variant that holds nothing but its tag: `{"property": "tag"}`.
    pub fn serialize_tag<S: Serializer>(
        property: &str,
        tag: &str,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut object = serde_json::Map::new();
        object.insert(
            property.to_owned(),
            serde_json::Value::String(tag.to_owned()),
        );
        object.serialize(serializer)
    }

    /// Writes the variant with its tag exactly once: its own when that is one of `tags` (the
    /// values that select the variant), else the first of them.
    pub fn serialize<T: Serialize, S: Serializer>(
        value: &T,
        property: &str,
        tags: &[&str],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut json = serde_json::to_value(value).map_err(S::Error::custom)?;
        if let (Some(object), Some(first)) = (json.as_object_mut(), tags.first()) {
            let own = object.get(property).and_then(serde_json::Value::as_str);
            if !own.is_some_and(|own| tags.contains(&own)) {
                object.insert(
                    property.to_owned(),
                    serde_json::Value::String((*first).to_owned()),
                );
            }
        }
        json.serialize(serializer)
    }
}

/// How a parameter's list or object value is written (OpenAPI 3.0 "Style Values").
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `a,b`; objects `k,v,k2,v2`.
    Simple,
    /// `a,b`; objects `k=v,k2=v2`.
    SimpleExploded,
    /// A list repeats the parameter; an object is one parameter per property.
    Form,
    /// `name=a,b`; objects `name=k,v,k2,v2`.
    FormUnexploded,
    /// `name[key]=value`, nested.
    DeepObject,
    /// `a|b`.
    PipeDelimited,
    /// `a b`.
    SpaceDelimited,
}

fn param_value<T: serde::Serialize + ?Sized, E>(
    name: &str,
    value: &T,
) -> Result<serde_json::Value, Error<E>> {
    serde_json::to_value(value).map_err(|error| {
        Error::InvalidRequest(format!("parameter `{name}` cannot be written: {error}"))
    })
}

/// A path, header or cookie parameter's text: a scalar as itself, a list or an object joined
/// as the style says (`null` items are left out).
#[doc(hidden)]
pub fn param_text<T: serde::Serialize + ?Sized, E>(
    name: &str,
    value: &T,
    style: Style,
) -> Result<String, Error<E>> {
    Ok(joined(&param_value(name, value)?, style))
}

fn joined(value: &serde_json::Value, style: Style) -> String {
    let separator = match style {
        Style::PipeDelimited => "|",
        Style::SpaceDelimited => " ",
        _ => ",",
    };
    match value {
        serde_json::Value::Array(items) => items
            .iter()
            .filter(|item| !item.is_null())
            .map(scalar_text)
            .collect::<Vec<_>>()
            .join(separator),
        serde_json::Value::Object(properties) => {
            let pairs = properties.iter().filter(|(_, v)| !v.is_null());
            if style == Style::SimpleExploded {
                pairs
                    .map(|(key, value)| format!("{key}={}", scalar_text(value)))
                    .collect::<Vec<_>>()
                    .join(separator)
            } else {
                pairs
                    .flat_map(|(key, value)| [key.clone(), scalar_text(value)])
                    .collect::<Vec<_>>()
                    .join(separator)
            }
        }
        scalar => scalar_text(scalar),
    }
}

/// Appends a query parameter in its style; an absent (`null`) value adds nothing.
#[doc(hidden)]
pub fn append_query<T: serde::Serialize + ?Sized, E>(
    url: &mut reqwest::Url,
    name: &str,
    value: &T,
    style: Style,
) -> Result<(), Error<E>> {
    let value = param_value(name, value)?;
    let mut pairs = url.query_pairs_mut();
    match (&value, style) {
        (serde_json::Value::Null, _) => {}
        (serde_json::Value::Array(_) | serde_json::Value::Object(_), Style::DeepObject) => {
            deep_fields(
                &mut |name, text| {
                    pairs.append_pair(name, text);
                },
                name,
                &value,
            )
        }
        (serde_json::Value::Array(items), Style::Form) => {
            for item in items.iter().filter(|item| !item.is_null()) {
                pairs.append_pair(name, &scalar_text(item));
            }
        }
        (serde_json::Value::Object(properties), Style::Form) => {
            for (key, value) in properties.iter().filter(|(_, v)| !v.is_null()) {
                pairs.append_pair(key, &joined(value, Style::FormUnexploded));
            }
        }
        (value, style) => {
            pairs.append_pair(name, &joined(value, style));
        }
    }
    Ok(())
}

/// Adds a header parameter, refusing values a header cannot carry: line breaks and other
/// controls, and spaces or tabs at either end (servers remove those, RFC 9110 section 5.5,
/// so the value would not arrive as given). Non-ASCII text is sent as its UTF-8 bytes.
#[doc(hidden)]
pub fn insert_header<E>(
    headers: &mut HeaderMap,
    name: &'static str,
    value: &str,
) -> Result<(), Error<E>> {
    let invalid = |why: &str| Error::InvalidRequest(format!("header parameter `{name}` {why}"));
    let header = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| invalid("has a name that is not a valid header name"))?;
    if value.starts_with([' ', '\t']) || value.ends_with([' ', '\t']) {
        return Err(invalid(
            "starts or ends with a space or tab, which servers remove",
        ));
    }
    let value = HeaderValue::from_str(value).map_err(|_| {
        invalid("contains a control character, such as a line break, which a header cannot carry")
    })?;
    headers.insert(header, value);
    Ok(())
}

/// Adds a cookie parameter to the `Cookie` header (after any added before), refusing values
/// a cookie cannot carry (RFC 6265 section 4.1.1: visible ASCII but `"`, `,`, `;` and `\`).
/// A `;` would otherwise end the value and start another cookie.
#[doc(hidden)]
pub fn add_cookie<E>(
    headers: &mut HeaderMap,
    name: &'static str,
    value: &str,
) -> Result<(), Error<E>> {
    let cookie_octet = |c: char| c.is_ascii_graphic() && !matches!(c, '"' | ',' | ';' | '\\');
    if let Some(c) = value.chars().find(|&c| !cookie_octet(c)) {
        return Err(Error::InvalidRequest(format!(
            "cookie parameter `{name}` contains {c:?}, which a cookie value cannot carry (only visible ASCII other than `\"`, `,`, `;` and `\\`)"
        )));
    }
    let pair = format!("{name}={value}");
    let cookie = match headers
        .get(reqwest::header::COOKIE)
        .and_then(|v| v.to_str().ok())
    {
        Some(earlier) => format!("{earlier}; {pair}"),
        None => pair,
    };
    let cookie = HeaderValue::from_str(&cookie).map_err(|_| {
        Error::InvalidRequest(format!(
            "cookie parameter `{name}` cannot be sent in a header"
        ))
    })?;
    headers.insert(reqwest::header::COOKIE, cookie);
    Ok(())
}

/// Serializes a JSON request body.
#[doc(hidden)]
pub fn json_body<T: serde::Serialize + ?Sized, E>(body: &T) -> Result<Vec<u8>, Error<E>> {
    serde_json::to_vec(body).map_err(|error| {
        Error::InvalidRequest(format!("the request body cannot be serialized: {error}"))
    })
}

/// `name[key]=value` and `name[0]=value`, to any depth, each pair handed to `emit`.
pub(crate) fn deep_fields(
    emit: &mut impl FnMut(&str, &str),
    name: &str,
    value: &serde_json::Value,
) {
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::Object(properties) => {
            for (key, value) in properties {
                deep_fields(emit, &format!("{name}[{key}]"), value);
            }
        }
        serde_json::Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                deep_fields(emit, &format!("{name}[{index}]"), item);
            }
        }
        scalar => emit(name, &scalar_text(scalar)),
    }
}

pub(crate) fn scalar_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A request body: its media type and bytes.
#[doc(hidden)]
pub struct RequestBody {
    /// `Content-Type`.
    pub content_type: Cow<'static, str>,
    /// The encoded body.
    pub bytes: Vec<u8>,
}

impl RequestBody {
    /// A body of a media type the spec names.
    pub fn new(content_type: &'static str, bytes: Vec<u8>) -> Self {
        Self {
            content_type: Cow::Borrowed(content_type),
            bytes,
        }
    }
}

/// A `format: binary` value: bytes, with the file name and media type a multipart body sends
/// along with them (servers often tell file formats apart by the name's extension).
///
/// JSON has no binary values: there it is written as a string, which the bytes must then be
/// (UTF-8), and read from one.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Binary {
    /// The content.
    pub bytes: Vec<u8>,
    /// The file name sent in a multipart body.
    pub file_name: Option<String>,
    /// The media type sent in a multipart body, instead of the one the spec gives (or
    /// `application/octet-stream`).
    pub content_type: Option<String>,
}

impl Binary {
    /// Bytes with no file name.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// The same bytes, sent under this file name.
    #[must_use]
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The same bytes, sent as this media type.
    #[must_use]
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<&[u8]> for Binary {
    fn from(bytes: &[u8]) -> Self {
        Self::new(bytes)
    }
}

/// The length, not the content (which may be large, or private).
impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Binary")
            .field("bytes", &format_args!("<{} bytes>", self.bytes.len()))
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl serde::Serialize for Binary {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(&self.bytes) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => Err(serde::ser::Error::custom(format!(
                "{} bytes that are not UTF-8 cannot be written as text; send them as a file part of a multipart body",
                self.bytes.len()
            ))),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Binary {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <String as serde::Deserialize>::deserialize(deserializer)
            .map(|text| Self::new(text.into_bytes()))
    }
}

/// Builds a `multipart/form-data` body (RFC 7578), one part per property. Generated methods
/// add the parts in the spec's property order.
#[doc(hidden)]
#[derive(Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

impl Multipart {
    /// A file part; its own media type wins over `default_type`, the spec's.
    pub fn file(&mut self, name: &str, file: &Binary, default_type: &str) {
        self.parts.push(Part {
            name: name.to_owned(),
            // A part without a file name is a plain field to many servers, not a file.
            file_name: Some(file.file_name.clone().unwrap_or_else(|| name.to_owned())),
            content_type: Some(
                file.content_type
                    .clone()
                    .unwrap_or_else(|| default_type.to_owned()),
            ),
            bytes: file.bytes.clone(),
        });
    }

    /// A value part: a string, number or boolean as text; a list as one part per item; an
    /// object as JSON (`application/json`, as OpenAPI says for objects); `null` as nothing.
    pub fn value<T: serde::Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error<E>> {
        match body_value(value)? {
            serde_json::Value::Array(items) => {
                for item in &items {
                    self.json_or_text(name, item);
                }
            }
            value => self.json_or_text(name, &value),
        }
        Ok(())
    }

    /// A property the spec encodes with `style: deepObject`: one text part per leaf, named
    /// `name[key]` and `name[0]` (Stripe's `file_link_data[create]`).
    pub fn deep_object<T: serde::Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error<E>> {
        let value = body_value(value)?;
        deep_fields(
            &mut |name, text| self.text(name, text.to_owned()),
            name,
            &value,
        );
        Ok(())
    }

    /// Every property of an object as [`Multipart::value`] writes it, for bodies whose
    /// properties are not known in advance.
    pub fn properties<T: serde::Serialize + ?Sized, E>(
        &mut self,
        body: &T,
    ) -> Result<(), Error<E>> {
        match body_value(body)? {
            serde_json::Value::Object(properties) => {
                for (name, value) in &properties {
                    self.value(name, value)?;
                }
                Ok(())
            }
            _ => Err(Error::InvalidRequest(
                "a multipart body must be an object".to_owned(),
            )),
        }
    }

    fn json_or_text(&mut self, name: &str, value: &serde_json::Value) {
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Object(_) | serde_json::Value::Array(_) => self.parts.push(Part {
                name: name.to_owned(),
                file_name: None,
                content_type: Some("application/json".to_owned()),
                bytes: value.to_string().into_bytes(),
            }),
            scalar => self.text(name, scalar_text(scalar)),
        }
    }

    fn text(&mut self, name: &str, text: String) {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: None,
            content_type: None,
            bytes: text.into_bytes(),
        });
    }

    /// The encoded body. The boundary is derived from the content, so the same parts always
    /// give the same bytes, and it is checked not to occur in any part.
    pub fn finish(self) -> RequestBody {
        let mut salt = 0u64;
        let boundary = loop {
            let candidate = format!("boundary-{:016x}", self.digest(salt));
            if !self
                .parts
                .iter()
                .any(|part| contains(&part.bytes, candidate.as_bytes()))
            {
                break candidate;
            }
            salt += 1;
        };
        let mut bytes = Vec::new();
        for part in &self.parts {
            bytes.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"",
                    quoted(&part.name)
                )
                .as_bytes(),
            );
            if let Some(file_name) = &part.file_name {
                bytes.extend_from_slice(format!("; filename=\"{}\"", quoted(file_name)).as_bytes());
            }
            bytes.extend_from_slice(b"\r\n");
            if let Some(content_type) = &part.content_type {
                // Line breaks would end the header early; a media type never needs them.
                let content_type: String =
                    content_type.chars().filter(|c| !c.is_control()).collect();
                bytes.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            bytes.extend_from_slice(b"\r\n");
            bytes.extend_from_slice(&part.bytes);
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        RequestBody {
            content_type: Cow::Owned(format!("multipart/form-data; boundary={boundary}")),
            bytes,
        }
    }

    /// FNV-1a over the parts: cheap, stable across runs and platforms.
    fn digest(&self, salt: u64) -> u64 {
        let mut hash = 0xcbf2_9ce4_8422_2325u64 ^ salt;
        for part in &self.parts {
            for byte in part.name.bytes().chain(part.bytes.iter().copied()) {
                hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        hash
    }
}

pub(crate) fn body_value<T: serde::Serialize + ?Sized, E>(
    value: &T,
) -> Result<serde_json::Value, Error<E>> {
    serde_json::to_value(value).map_err(|error| {
        Error::InvalidRequest(format!("the request body cannot be serialized: {error}"))
    })
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// A name for a quoted header parameter, escaped as browsers do (the HTML standard's
/// `multipart/form-data` encoding): quotes and line breaks percent-encoded.
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// One call as a generated method describes it.
#[doc(hidden)]
pub struct Call {
    /// The spec's operation id, for hooks and tracing.
    pub operation: &'static str,
    /// The HTTP method.
    pub method: reqwest::Method,
    /// The full URL, query included.
    pub url: reqwest::Url,
    /// Headers, credentials included.
    pub headers: HeaderMap,
    /// The body, if any.
    pub body: Option<RequestBody>,
    /// The media types the operation can decode, for the `Accept` header (unless `headers`
    /// has one): a server that can answer in several then answers in one the client reads.
    pub accept: Option<&'static str>,
    /// Whether sending it twice acts once (the method is idempotent, or the spec marks the
    /// operation `x-retry-safe: true`).
    pub idempotent: bool,
    /// Whether a redirect within the same origin is followed: true unless the operation
    /// documents a redirect status, which is then an answer the caller asked for (a login's
    /// `303 See Other`).
    pub follow_redirects: bool,
    /// The options of this call, when they differ from the client's.
    pub options: Option<Options>,
}

/// A call on its way: what a request builder's `send` returns and `.await` runs.
///
/// One boxed future type for every operation: rustc then checks that the future is `Send`
/// once, here, instead of once per operation through each builder's own future type.
pub type Pending<'a, T, E> = std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<ResponseValue<T>, Error<E>>> + Send + 'a>,
>;

/// Sends a call a request builder prepared (or fails with the reason it could not), with the
/// call's options or else the client's, then decodes the response with `decode`.
#[doc(hidden)]
pub fn send<'a, T: Send + 'a, E: Send + 'a>(
    http: &'a reqwest::Client,
    client_options: &'a Options,
    call: Result<Call, Error<E>>,
    decode: fn(Received) -> Result<ResponseValue<T>, Error<E>>,
) -> Pending<'a, T, E> {
    Box::pin(send_call(http, client_options, call, decode))
}

async fn send_call<T, E>(
    http: &reqwest::Client,
    client_options: &Options,
    call: Result<Call, Error<E>>,
    decode: fn(Received) -> Result<ResponseValue<T>, Error<E>>,
) -> Result<ResponseValue<T>, Error<E>> {
    let mut call = call?;
    let call_options = call.options.take();
    let options = call_options.as_ref().unwrap_or(client_options);
    decode(execute(http, options, call).await?)
}

/// Sends a call, retrying what is safe to retry, and reads the whole response (up to the cap).
async fn execute<E>(
    http: &reqwest::Client,
    options: &Options,
    call: Call,
) -> Result<Received, Error<E>> {
    #[cfg(feature = "tracing")]
    {
        use tracing::Instrument;
        let span = tracing::info_span!(
            "http_call",
            operation = call.operation,
            method = %call.method,
            url = %without_query(&call.url),
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        attempts(http, options, call).instrument(span).await
    }
    #[cfg(not(feature = "tracing"))]
    attempts(http, options, call).await
}

async fn attempts<E>(
    http: &reqwest::Client,
    options: &Options,
    call: Call,
) -> Result<Received, Error<E>> {
    let content_type = match &call.body {
        Some(body) => Some(HeaderValue::from_str(&body.content_type).map_err(|_| {
            Error::InvalidRequest(format!(
                "the media type `{}` is not a valid header value",
                body.content_type
            ))
        })?),
        None => None,
    };
    let accept = match call.accept {
        Some(accept) if !call.headers.contains_key(reqwest::header::ACCEPT) => {
            Some(HeaderValue::from_str(accept).map_err(|_| {
                Error::InvalidRequest(format!(
                    "the media types `{accept}` are not a valid header value"
                ))
            })?)
        }
        _ => None,
    };
    let may_retry = call.idempotent || options.retry_non_idempotent;
    let mut number = 0;
    loop {
        number += 1;
        let mut request = reqwest::Request::new(call.method.clone(), call.url.clone());
        *request.headers_mut() = call.headers.clone();
        if let Some(accept) = &accept {
            request
                .headers_mut()
                .insert(reqwest::header::ACCEPT, accept.clone());
        }
        if let (Some(body), Some(content_type)) = (&call.body, &content_type) {
            request
                .headers_mut()
                .insert(reqwest::header::CONTENT_TYPE, content_type.clone());
            *request.body_mut() = Some(body.bytes.clone().into());
        }
        *request.timeout_mut() = Some(options.timeout);
        for hook in &options.hooks.before {
            hook(call.operation, &mut request);
        }
        let started = Instant::now();
        let outcome = attempt(http, request, call.follow_redirects, options, number).await;
        let wait = if may_retry && number < options.max_attempts {
            retry_wait(&outcome, options, number)
        } else {
            None
        };
        report(
            &call,
            options,
            &outcome,
            number,
            started.elapsed(),
            wait.is_some(),
        );
        match wait {
            Some(wait) => sleep(wait).await,
            None => return outcome.map(Received),
        }
    }
}

/// Tells the hooks and the tracing span what became of an attempt.
fn report<E>(
    call: &Call,
    options: &Options,
    outcome: &Result<RawResponse, Error<E>>,
    number: u32,
    elapsed: Duration,
    will_retry: bool,
) {
    let (status, headers, failure) = match outcome {
        Ok(response) => (Some(response.status), Some(&response.headers), None),
        Err(error) => (error.status(), error.headers(), Some(error.to_string())),
    };
    #[cfg(feature = "tracing")]
    {
        let span = tracing::Span::current();
        span.record("attempts", number);
        if let Some(status) = status {
            span.record("status", status.as_u16());
        }
        tracing::debug!(
            attempt = number,
            elapsed_ms = elapsed.as_millis() as u64,
            will_retry,
            failure = failure.as_deref(),
            "attempt finished"
        );
    }
    let attempt = Attempt {
        number,
        elapsed,
        status,
        headers,
        failure,
        will_retry,
    };
    for hook in &options.hooks.after {
        hook(call.operation, &attempt);
    }
}

/// One try: send (following redirects when asked), then read the body up to the cap.
async fn attempt<E>(
    http: &reqwest::Client,
    request: reqwest::Request,
    follow_redirects: bool,
    options: &Options,
    number: u32,
) -> Result<RawResponse, Error<E>> {
    let transport = |error: reqwest::Error| {
        if error.is_timeout() {
            Error::Timeout {
                after: options.timeout,
                attempts: number,
            }
        } else {
            Error::Communication {
                source: redact(error),
                attempts: number,
            }
        }
    };
    let mut response = send_following_redirects(http, request, follow_redirects)
        .await
        .map_err(transport)?;
    let status = response.status();
    let limit = options.max_response_bytes;
    let oversized = response
        .content_length()
        .is_some_and(|length| length > limit as u64);
    // Taken, not cloned: the body is read without them, and every call pays for a clone.
    let headers = std::mem::take(response.headers_mut());
    let too_large = || Error::ResponseTooLarge {
        status,
        headers: headers.clone(),
        limit,
    };
    if oversized {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(RawResponse {
        status,
        headers,
        attempts: number,
        body,
    })
}

/// How many redirects one attempt follows before it returns the last 3xx as it is.
const MAX_REDIRECTS: usize = 5;

/// Sends a request, then, when `follow_redirects`, each redirect to the same origin (scheme,
/// host and port) that the answer names, up to [`MAX_REDIRECTS`]. A redirect elsewhere comes
/// back as the 3xx response it is, so credentials never travel to another host. The request's
/// timeout covers the whole chain: each request gets what the earlier ones left of it.
async fn send_following_redirects(
    http: &reqwest::Client,
    mut request: reqwest::Request,
    follow_redirects: bool,
) -> Result<reqwest::Response, reqwest::Error> {
    let origin = request.url().clone();
    let started = Instant::now();
    let timeout = request.timeout().copied();
    for _ in 0..MAX_REDIRECTS {
        let next = if follow_redirects {
            request.try_clone()
        } else {
            None
        };
        let response = http.execute(request).await?;
        match next.and_then(|next| redirected(next, &response, &origin)) {
            Some(mut next) => {
                *next.timeout_mut() =
                    timeout.map(|timeout| timeout.saturating_sub(started.elapsed()));
                request = next;
            }
            None => return Ok(response),
        }
    }
    http.execute(request).await
}

/// The request a redirect asks for, if it is one to follow: a 303, and a 301 or 302 answering
/// a `POST`, become a `GET` without body, as RFC 9110 (15.4) describes clients doing; a 307
/// or 308 repeats the request as it was.
fn redirected(
    mut next: reqwest::Request,
    response: &reqwest::Response,
    origin: &reqwest::Url,
) -> Option<reqwest::Request> {
    use reqwest::Method;
    let status = response.status().as_u16();
    if !matches!(status, 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)?
        .to_str()
        .ok()?;
    let url = response.url().join(location).ok()?;
    let same_origin = url.scheme() == origin.scheme()
        && url.host() == origin.host()
        && url.port_or_known_default() == origin.port_or_known_default();
    if !same_origin {
        return None;
    }
    let becomes_get = (status == 303 && next.method() != Method::HEAD)
        || (matches!(status, 301 | 302) && next.method() == Method::POST);
    if becomes_get {
        *next.method_mut() = Method::GET;
        *next.body_mut() = None;
        next.headers_mut().remove(reqwest::header::CONTENT_TYPE);
        next.headers_mut().remove(reqwest::header::CONTENT_LENGTH);
    }
    *next.url_mut() = url;
    Some(next)
}

/// How long to wait before the next attempt, if this outcome is worth retrying: transport
/// errors, timeouts, 408, 429, 502, 503 and 504. A `Retry-After` the server sends is honoured
/// when it is no longer than [`Options::max_retry_after`]; a longer one ends the call.
fn retry_wait<E>(
    outcome: &Result<RawResponse, Error<E>>,
    options: &Options,
    number: u32,
) -> Option<Duration> {
    match outcome {
        Err(Error::Communication { .. } | Error::Timeout { .. }) => Some(backoff(options, number)),
        Ok(response) if matches!(response.status.as_u16(), 408 | 429 | 502 | 503 | 504) => {
            match retry_after(&response.headers) {
                Some(wait) if wait <= options.max_retry_after => Some(wait),
                Some(_) => None,
                None => Some(backoff(options, number)),
            }
        }
        _ => None,
    }
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// Exponential backoff with jitter: about `initial × 2^(n-1)`, capped, times a random factor
/// between 0.5 and 1 so that many clients do not retry in step.
fn backoff(options: &Options, number: u32) -> Duration {
    let exponential = options
        .initial_backoff
        .saturating_mul(1 << (number - 1).min(16));
    let capped = exponential.min(options.max_backoff);
    capped.mul_f64(0.5 + 0.5 * random_fraction())
}

/// A random number in [0, 1) from the standard library's randomly keyed hasher, so the
/// generated crate needs no random-number dependency for its jitter.
fn random_fraction() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

async fn sleep(duration: Duration) {
    tokio::time::sleep(duration).await;
}

/// The URL without its query, which may carry an API key.
#[cfg(feature = "tracing")]
fn without_query(url: &reqwest::Url) -> reqwest::Url {
    let mut url = url.clone();
    url.set_query(None);
    url
}

/// A transport error whose URL has no query (an API key may be in it).
fn redact(mut error: reqwest::Error) -> reqwest::Error {
    if let Some(url) = error.url_mut() {
        url.set_query(None);
    }
    error
}

/// A received response, before it is decoded.
#[doc(hidden)]
pub struct Received(RawResponse);

impl Received {
    /// The status code.
    pub fn status(&self) -> u16 {
        self.0.status.as_u16()
    }

    fn value<T>(self, body: T) -> ResponseValue<T> {
        self.value_with(body, Vec::new())
    }

    fn value_with<T>(self, body: T, unparsed: Vec<UnparsedValue>) -> ResponseValue<T> {
        ResponseValue {
            status: self.0.status,
            headers: self.0.headers,
            attempts: self.0.attempts,
            body,
            unparsed,
        }
    }

    /// The JSON body decoded, with the values of a format that did not parse.
    fn decode<T: serde::de::DeserializeOwned, E>(
        &self,
    ) -> Result<(T, Vec<UnparsedValue>), Error<E>> {
        let (decoded, unparsed) = formats::collecting(|| serde_json::from_slice(&self.0.body));
        let body = decoded.map_err(|source| Error::InvalidResponsePayload {
            response: Box::new(self.0.clone()),
            source,
        })?;
        Ok((body, unparsed))
    }

    /// A success with a JSON body.
    pub fn json<T: serde::de::DeserializeOwned, E>(self) -> Result<ResponseValue<T>, Error<E>> {
        let (body, unparsed) = self.decode()?;
        Ok(self.value_with(body, unparsed))
    }

    /// A success whose body, if any, carries nothing.
    pub fn empty<E>(self) -> Result<ResponseValue<()>, Error<E>> {
        Ok(self.value(()))
    }

    /// A success with a text body.
    pub fn text<E>(self) -> Result<ResponseValue<String>, Error<E>> {
        let text = String::from_utf8_lossy(&self.0.body).into_owned();
        Ok(self.value(text))
    }

    /// A success with a binary body.
    pub fn bytes<E>(self) -> Result<ResponseValue<Vec<u8>>, Error<E>> {
        let body = self.0.body.clone();
        Ok(self.value(body))
    }

    /// A documented error with a JSON body.
    pub fn error_json<T: serde::de::DeserializeOwned, E, S>(
        self,
        variant: impl FnOnce(T) -> E,
    ) -> Result<S, Error<E>> {
        let (body, unparsed) = self.decode()?;
        Err(Error::ErrorResponse(Box::new(
            self.value_with(variant(body), unparsed),
        )))
    }

    /// A documented error with no body.
    pub fn error_empty<E, S>(self, variant: E) -> Result<S, Error<E>> {
        Err(Error::ErrorResponse(Box::new(self.value(variant))))
    }

    /// A documented error with a text body.
    pub fn error_text<E, S>(self, variant: impl FnOnce(String) -> E) -> Result<S, Error<E>> {
        let text = String::from_utf8_lossy(&self.0.body).into_owned();
        Err(Error::ErrorResponse(Box::new(self.value(variant(text)))))
    }

    /// A documented error with a binary body.
    pub fn error_bytes<E, S>(self, variant: impl FnOnce(Vec<u8>) -> E) -> Result<S, Error<E>> {
        let body = self.0.body.clone();
        Err(Error::ErrorResponse(Box::new(self.value(variant(body)))))
    }

    /// A status the spec does not document.
    pub fn unexpected<E, S>(self) -> Result<S, Error<E>> {
        Err(Error::UnexpectedResponse(Box::new(self.0)))
    }
}
