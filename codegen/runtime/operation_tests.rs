//! What every operation test shares: the mock server's address, turning a sample into a
//! typed argument, and the verdict on one call. Copied as it is into crates generated with
//! operation tests.

use std::io::Write;

mod violations;

use violations::{VIOLATIONS, of_the_request};

/// The environment variable naming the mock server's base URL.
pub const BASE_URL: &str = "OPERATION_TESTS_BASE_URL";
/// The environment variable naming a file that each call's outcome is appended to, one JSON
/// object a line.
pub const REPORT: &str = "OPERATION_TESTS_REPORT";
/// The environment variable that, when set, makes the mock's generated answers depend on it
/// alone: each request asks for them with `Prefer: seed=<value>-<operation>`, which Prism
/// reads, so a run can be repeated exactly.
pub const SEED: &str = "OPERATION_TESTS_SEED";

/// The mock server's base URL. The tests are ignored unless asked for, and asked for without
/// a server they fail saying so: they never pass without having called anything.
pub fn base_url() -> String {
    std::env::var(BASE_URL).unwrap_or_else(|_| {
        panic!("{BASE_URL} is not set: start a mock server of the spec and set {BASE_URL} to its URL")
    })
}

/// The options of the tests' client: the mock's seed (see [`SEED`]) on every request.
pub fn options() -> super::Options {
    let Ok(seed) = std::env::var(SEED) else {
        return super::Options::new();
    };
    let token = |text: &str| text.replace(|c: char| !c.is_ascii_alphanumeric(), "-");
    let seed = token(&seed);
    super::Options::new().before_request(move |operation, request| {
        let prefer = format!("seed={seed}-{}", token(operation));
        let prefer = prefer.parse().expect("letters, digits and dashes make a header value");
        request.headers_mut().insert("prefer", prefer);
    })
}

/// A sample that does not decode into the argument's type: a bug of the generator, since
/// both come from the same schema.
pub struct BadSample(String);

/// The typed argument `name` from its sample.
pub fn value<T: serde::de::DeserializeOwned>(name: &str, sample: serde_json::Value) -> Result<T, BadSample> {
    serde_json::from_value(sample.clone())
        .map_err(|error| BadSample(format!("the sample for `{name}` ({sample}) does not decode into its type: {error}")))
}

/// Records the outcome of one call and fails the test unless the server found nothing wrong
/// with the request and the response decoded into its documented type: the success type, or
/// the error type of a documented error status (a mock answers an operation that documents
/// no success with the error it documents).
pub fn report<T, E: std::fmt::Debug>(
    operation: &str,
    media: Option<&str>,
    result: Result<Result<super::ResponseValue<T>, super::Error<E>>, BadSample>,
) {
    // Typed values (dates, uuids, base64) that did not parse and were set aside.
    let unparsed = match &result {
        Ok(Ok(value)) => value.unparsed().len(),
        Ok(Err(super::Error::ErrorResponse(value))) => value.unparsed().len(),
        _ => 0,
    };
    let (outcome, status, message) = outcome(result);
    if let Ok(path) = std::env::var(REPORT) {
        let line = serde_json::json!({
            "operation": operation,
            "media": media,
            "outcome": outcome,
            "status": status,
            "message": message,
            "unparsed": unparsed,
        });
        // One `write` of a whole line to a file opened for appending: lines of tests running
        // on several threads do not interleave.
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut file| file.write_all(format!("{line}\n").as_bytes()));
        if let Err(error) = written {
            panic!("cannot append to the report {path}: {error}");
        }
    }
    assert!(
        matches!(outcome, "decoded" | "error-status"),
        "{operation} ({}): {outcome}: {message}",
        media.unwrap_or("no body")
    );
}

/// Whether the answer is the mock's own failure rather than the API's: an error of its own
/// kind (`https://stoplight.io/prism/errors#...`: no response it can generate), or a body it
/// says itself does not match the spec (its violations name only its response).
fn is_mock_fault<E>(error: &super::Error<E>, response_violations: bool) -> bool {
    use super::Error;
    match error {
        // Its 422 is how it refuses a request when the document has no error response to
        // answer with: a rejection, told apart below.
        Error::UnexpectedResponse(response) if response.status().as_u16() == 422 => false,
        Error::UnexpectedResponse(response) | Error::InvalidResponsePayload { response, .. } => {
            response.text().contains("stoplight.io/prism/errors#")
                || (response_violations && matches!(error, Error::InvalidResponsePayload { .. }))
        }
        _ => false,
    }
}

fn outcome<T, E: std::fmt::Debug>(
    result: Result<Result<super::ResponseValue<T>, super::Error<E>>, BadSample>,
) -> (&'static str, Option<u16>, String) {
    use super::Error;
    let result = match result {
        Ok(result) => result,
        Err(BadSample(message)) => return ("invalid-request", None, message),
    };
    let headers = match &result {
        Ok(value) => Some(value.headers()),
        Err(error) => error.headers(),
    };
    if let Some(violations) = headers
        .and_then(|headers| headers.get(VIOLATIONS))
        .and_then(|violations| of_the_request(violations.as_bytes()))
    {
        let status = result.as_ref().map_or_else(|e| e.status().map(|s| s.as_u16()), |v| Some(v.status().as_u16()));
        return ("rejected", status, violations);
    }
    let response_violations = headers.and_then(|headers| headers.get(VIOLATIONS)).is_some();
    match result {
        Ok(value) => ("decoded", Some(value.status().as_u16()), String::new()),
        Err(error) if is_mock_fault(&error, response_violations) => {
            ("mock-fault", error.status().map(|status| status.as_u16()), error.to_string())
        }
        Err(error) => {
            let status = error.status().map(|status| status.as_u16());
            let kind = match &error {
                Error::InvalidRequest(_) => "invalid-request",
                Error::Communication { .. } | Error::Timeout { .. } => "transport",
                Error::ErrorResponse(_) => "error-status",
                Error::UnexpectedResponse(response) if response.status().as_u16() == 422 => "rejected",
                Error::UnexpectedResponse(_) => "unexpected-status",
                Error::InvalidResponsePayload { .. } | Error::ResponseTooLarge { .. } => "undecoded",
            };
            (kind, status, error.to_string())
        }
    }
}
