//! The runtime every generated client calls: credentials, URL building, sending, and turning
//! responses into typed values or typed errors.
//!
//! It is written by hand once and copied verbatim into each generated crate, so a generated
//! crate needs nothing but its three dependencies. Generated methods stay short and uniform:
//! build the URL, add parameters and credentials, send, match on the status.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

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
    body: T,
}

impl<T> ResponseValue<T> {
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

    /// Applies `f` to the body, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
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
    body: Vec<u8>,
}

impl RawResponse {
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
    /// The request could not be sent or the response not received (connection, TLS, I/O).
    Communication(reqwest::Error),
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
            Self::UnexpectedResponse(response) | Self::InvalidResponsePayload { response, .. } => Some(response.status()),
            Self::Communication(error) => error.status(),
            Self::InvalidRequest(_) => None,
        }
    }

    /// The response headers, when a response was received.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Self::ErrorResponse(response) => Some(response.headers()),
            Self::UnexpectedResponse(response) | Self::InvalidResponsePayload { response, .. } => Some(response.headers()),
            Self::Communication(_) | Self::InvalidRequest(_) => None,
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
        match self {
            Self::InvalidRequest(reason) => write!(f, "invalid request: {reason}"),
            Self::Communication(error) => write!(f, "communication error: {error}"),
            Self::ErrorResponse(response) => write!(f, "error response: HTTP {}", response.status()),
            Self::UnexpectedResponse(response) => write!(
                f,
                "undocumented response: HTTP {}: {}",
                response.status(),
                excerpt(response.body())
            ),
            Self::InvalidResponsePayload { response, source } => write!(
                f,
                "HTTP {} with a body that does not match the documented schema ({source}): {}",
                response.status(),
                excerpt(response.body())
            ),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Communication(error) => Some(error),
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
    /// The HTTP client could not be created (TLS setup).
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoBaseUrl => f.write_str("no base URL: the spec names no absolute server URL; set one with `base_url`"),
            Self::InvalidBaseUrl { url, reason } => write!(f, "invalid base URL `{url}`: {reason}"),
            Self::InvalidCredential { name } => write!(f, "the credential for `{name}` contains characters a header cannot carry"),
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

// Everything below is called by generated code and is not part of the documented API.

/// Parses and checks a base URL.
#[doc(hidden)]
pub fn parse_base_url(url: &str) -> Result<reqwest::Url, BuildError> {
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
    Ok(parsed)
}

/// Creates the default HTTP client without panicking when TLS cannot be set up.
#[doc(hidden)]
pub fn default_http_client() -> Result<reqwest::Client, BuildError> {
    reqwest::Client::builder().build().map_err(BuildError::Http)
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
        let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| BuildError::InvalidCredential { name })?;
        Self::sensitive_header(header, name, secret.expose().to_owned())
    }

    /// A bearer token.
    pub fn bearer(secret: &Secret) -> Result<Self, BuildError> {
        Self::sensitive_header(reqwest::header::AUTHORIZATION, "Authorization", format!("Bearer {}", secret.expose()))
    }

    /// An API key sent as a cookie.
    pub fn cookie(name: &'static str, secret: &Secret) -> Result<Self, BuildError> {
        Self::sensitive_header(reqwest::header::COOKIE, name, format!("{name}={}", secret.expose()))
    }

    /// An API key sent as a query parameter.
    pub fn query(name: &'static str, secret: &Secret) -> Self {
        Self::Query(name, secret.clone())
    }

    fn sensitive_header(header: HeaderName, name: &'static str, value: String) -> Result<Self, BuildError> {
        let mut value = HeaderValue::from_str(&value).map_err(|_| BuildError::InvalidCredential { name })?;
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

/// The endpoint URL: the base URL's path, then each segment percent-encoded as exactly one
/// path segment (a `/`, `?`, `#` or `%` in a value cannot change the path). An empty last
/// segment keeps the template's trailing slash.
#[doc(hidden)]
pub fn endpoint(base: &reqwest::Url, segments: &[&str]) -> reqwest::Url {
    let mut url = base.clone();
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty().extend(segments);
    }
    url
}

/// The text of a parameter value: strings as they are, numbers and booleans as JSON writes
/// them, enums as their wire value, anything else as JSON text.
#[doc(hidden)]
pub fn param_text<T: serde::Serialize + ?Sized, E>(name: &str, value: &T) -> Result<String, Error<E>> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => Ok(text),
        Ok(other) => Ok(other.to_string()),
        Err(error) => Err(Error::InvalidRequest(format!("parameter `{name}` cannot be written: {error}"))),
    }
}

/// Adds a header parameter, refusing values a header cannot carry (such as line breaks).
#[doc(hidden)]
pub fn insert_header<E>(headers: &mut HeaderMap, name: &'static str, value: &str) -> Result<(), Error<E>> {
    let invalid = || Error::InvalidRequest(format!("header parameter `{name}` contains characters a header cannot carry"));
    let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
    let value = HeaderValue::from_str(value).map_err(|_| invalid())?;
    headers.insert(header, value);
    Ok(())
}

/// Serializes a JSON request body.
#[doc(hidden)]
pub fn json_body<T: serde::Serialize + ?Sized, E>(body: &T) -> Result<Vec<u8>, Error<E>> {
    serde_json::to_vec(body).map_err(|error| Error::InvalidRequest(format!("the request body cannot be serialized: {error}")))
}

/// Sends a request and reads the whole response.
#[doc(hidden)]
pub async fn send<E>(request: reqwest::RequestBuilder) -> Result<Received, Error<E>> {
    let response = request.send().await.map_err(Error::Communication)?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(Error::Communication)?.to_vec();
    Ok(Received(RawResponse { status, headers, body }))
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
        ResponseValue {
            status: self.0.status,
            headers: self.0.headers,
            body,
        }
    }

    fn decode<T: serde::de::DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        serde_json::from_slice(&self.0.body).map_err(|source| Error::InvalidResponsePayload {
            response: Box::new(self.0.clone()),
            source,
        })
    }

    /// A success with a JSON body.
    pub fn json<T: serde::de::DeserializeOwned, E>(self) -> Result<ResponseValue<T>, Error<E>> {
        let body = self.decode()?;
        Ok(self.value(body))
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
    pub fn error_json<T: serde::de::DeserializeOwned, E, S>(self, variant: impl FnOnce(T) -> E) -> Result<S, Error<E>> {
        let body = self.decode()?;
        Err(Error::ErrorResponse(Box::new(self.value(variant(body)))))
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
