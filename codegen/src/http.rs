//! The HTTP vocabulary every stage shares, each list written once: the methods a path item
//! holds, media-type essences, and the statuses a response key names.
//!
//! Not a stage of the pipeline (like [`crate::diagnostics`]): `parse`, `normalize`, `ir`,
//! emit and the linter all read from here, so they cannot drift apart.

use std::fmt;

use openapiv3::{Operation, PathItem, StatusCode};

/// HTTP methods OpenAPI 3.0 knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum HttpMethod {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl HttpMethod {
    /// Every method, in the order OpenAPI lists a path item's operations.
    pub const ALL: [Self; 8] = [
        Self::Get,
        Self::Put,
        Self::Post,
        Self::Delete,
        Self::Options,
        Self::Head,
        Self::Patch,
        Self::Trace,
    ];

    /// The lower-case key of its operation in a path item (`get`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Get => "get",
            Self::Put => "put",
            Self::Post => "post",
            Self::Delete => "delete",
            Self::Options => "options",
            Self::Head => "head",
            Self::Patch => "patch",
            Self::Trace => "trace",
        }
    }

    /// From the lower-case key of a path item; `None` for any other key (`parameters`,
    /// `summary`, `x-...`).
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|method| method.key() == key)
    }

    /// The method as sent on the wire (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Head => "HEAD",
            Self::Patch => "PATCH",
            Self::Trace => "TRACE",
        }
    }

    /// Whether HTTP defines the method as idempotent (RFC 9110, 9.2.2).
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Self::Post | Self::Patch)
    }

    /// Its operation's slot in a typed path item.
    pub fn operation_mut(self, item: &mut PathItem) -> &mut Option<Operation> {
        match self {
            Self::Get => &mut item.get,
            Self::Put => &mut item.put,
            Self::Post => &mut item.post,
            Self::Delete => &mut item.delete,
            Self::Options => &mut item.options,
            Self::Head => &mut item.head,
            Self::Patch => &mut item.patch,
            Self::Trace => &mut item.trace,
        }
    }
}

/// Media types as a response or request body's `content` keys them.
pub mod media {
    /// A media type without parameters, lower-cased: `application/json; charset=utf-8` is
    /// `application/json`.
    pub fn essence(media: &str) -> String {
        media
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    }

    /// Whether a body of this media type is JSON: `application/json` or a `+json` suffix
    /// (`application/problem+json`), with any parameters.
    pub fn is_json(media: &str) -> bool {
        let media = essence(media);
        media == "application/json" || media.ends_with("+json")
    }

    /// Whether a body of this media type is XML: `application/xml`, `text/xml` or a `+xml`
    /// suffix.
    pub fn is_xml(media: &str) -> bool {
        let media = essence(media);
        media == "application/xml" || media == "text/xml" || media.ends_with("+xml")
    }

    /// The `Accept` header for an operation whose responses can be decoded from `decodable`
    /// media types (in the spec's order; repeats are dropped): JSON first, every other type
    /// after it at a lower preference, so a server that offers a response as JSON and as XML
    /// answers in JSON. `None` when no response has a body.
    pub fn accept<'m>(decodable: impl IntoIterator<Item = &'m str>) -> Option<String> {
        let mut unique: Vec<&str> = Vec::new();
        for media in decodable {
            if !unique.contains(&media) {
                unique.push(media);
            }
        }
        let (json, other): (Vec<&str>, Vec<&str>) = unique.into_iter().partition(|m| is_json(m));
        let preferred = json.into_iter().map(str::to_owned);
        let rest = other.into_iter().map(|media| format!("{media};q=0.5"));
        let all: Vec<String> = preferred.chain(rest).collect();
        (!all.is_empty()).then(|| all.join(", "))
    }
}

/// Which statuses a response case matches. Written (with [`fmt::Display`]) as its key in a
/// spec's `responses`: `404`, `4XX` or `default`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status.
    Code(u16),
    /// A range such as `4XX` (the first digit).
    Range(u16),
    /// Any status not otherwise documented.
    Default,
}

impl fmt::Display for StatusMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Code(code) => write!(f, "{code}"),
            Self::Range(digit) => write!(f, "{digit}XX"),
            Self::Default => f.write_str("default"),
        }
    }
}

impl StatusMatch {
    /// Whether the statuses are an outcome the caller asked for rather than an error: success,
    /// and also documented informational and redirect statuses (a WebSocket upgrade, a login's
    /// `303 See Other`). `default` is not.
    pub fn is_outcome(self) -> bool {
        match self {
            Self::Code(code) => (100..400).contains(&code),
            Self::Range(digit) => (1..=3).contains(&digit),
            Self::Default => false,
        }
    }

    /// Whether the statuses are redirects (`3XX` or one of them).
    pub fn is_redirect(self) -> bool {
        match self {
            Self::Code(code) => (300..400).contains(&code),
            Self::Range(digit) => digit == 3,
            Self::Default => false,
        }
    }
}

impl From<&StatusCode> for StatusMatch {
    fn from(status: &StatusCode) -> Self {
        match *status {
            StatusCode::Code(code) => Self::Code(code),
            StatusCode::Range(digit) => Self::Range(digit),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_redirects_are_outcomes_and_default_is_neither() {
        let outcome = |s: StatusMatch| (s.is_outcome(), s.is_redirect());
        assert_eq!(outcome(StatusMatch::Code(101)), (true, false));
        assert_eq!(outcome(StatusMatch::Code(204)), (true, false));
        assert_eq!(outcome(StatusMatch::Code(303)), (true, true));
        assert_eq!(outcome(StatusMatch::Range(3)), (true, true));
        assert_eq!(outcome(StatusMatch::Code(404)), (false, false));
        assert_eq!(outcome(StatusMatch::Range(5)), (false, false));
        assert_eq!(outcome(StatusMatch::Default), (false, false));
    }

    #[test]
    fn methods_round_trip_through_their_keys() {
        for method in HttpMethod::ALL {
            assert_eq!(HttpMethod::from_key(method.key()), Some(method));
            assert_eq!(method.as_str(), method.key().to_ascii_uppercase());
        }
        let keys: Vec<&str> = HttpMethod::ALL.iter().map(|m| m.key()).collect();
        assert_eq!(
            keys,
            [
                "get", "put", "post", "delete", "options", "head", "patch", "trace"
            ]
        );
        assert_eq!(HttpMethod::from_key("GET"), None);
        assert_eq!(HttpMethod::from_key("parameters"), None);
    }

    #[test]
    fn each_method_has_its_own_path_item_slot() {
        let mut item = PathItem::default();
        for method in HttpMethod::ALL {
            *method.operation_mut(&mut item) = Some(Operation {
                operation_id: Some(method.key().to_owned()),
                ..Operation::default()
            });
        }
        let found: Vec<(&str, Option<&str>)> = item
            .iter()
            .map(|(key, op)| (key, op.operation_id.as_deref()))
            .collect();
        let expected: Vec<(&str, Option<&str>)> = HttpMethod::ALL
            .iter()
            .map(|m| (m.key(), Some(m.key())))
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn only_post_and_patch_are_not_idempotent() {
        let not: Vec<HttpMethod> = HttpMethod::ALL
            .into_iter()
            .filter(|m| !m.is_idempotent())
            .collect();
        assert_eq!(not, [HttpMethod::Post, HttpMethod::Patch]);
    }

    #[test]
    fn essence_strips_parameters_and_lower_cases() {
        assert_eq!(
            media::essence("application/json; charset=utf-8"),
            "application/json"
        );
        assert_eq!(media::essence(" Text/Plain ;q=1"), "text/plain");
        assert_eq!(media::essence("image/png"), "image/png");
        assert_eq!(media::essence(""), "");
    }

    #[test]
    fn json_includes_structured_suffixes() {
        assert!(media::is_json("application/json"));
        assert!(media::is_json("Application/JSON; charset=utf-8"));
        assert!(media::is_json("application/problem+json"));
        assert!(media::is_json("application/vnd.github+json; version=3"));
        assert!(!media::is_json("text/json-seq"));
        assert!(!media::is_json("application/jsonl"));
        assert!(!media::is_json("application/xml"));
    }

    #[test]
    fn statuses_are_written_as_their_spec_keys() {
        assert_eq!(StatusMatch::Code(404).to_string(), "404");
        assert_eq!(StatusMatch::Range(4).to_string(), "4XX");
        assert_eq!(StatusMatch::Default.to_string(), "default");
        assert_eq!(
            StatusMatch::from(&StatusCode::Code(204)),
            StatusMatch::Code(204)
        );
        assert_eq!(
            StatusMatch::from(&StatusCode::Range(5)),
            StatusMatch::Range(5)
        );
        // Spec keys and `openapiv3`'s own reading of them agree.
        for status in [StatusCode::Code(201), StatusCode::Range(2)] {
            assert_eq!(StatusMatch::from(&status).to_string(), status.to_string());
        }
    }

    #[test]
    fn statuses_sort_codes_then_ranges_then_default() {
        let mut statuses = [
            StatusMatch::Default,
            StatusMatch::Range(4),
            StatusMatch::Code(500),
            StatusMatch::Code(200),
        ];
        statuses.sort();
        assert_eq!(
            statuses,
            [
                StatusMatch::Code(200),
                StatusMatch::Code(500),
                StatusMatch::Range(4),
                StatusMatch::Default
            ]
        );
    }

    #[test]
    fn accept_prefers_json_and_lists_each_decodable_type_once() {
        use super::media::accept;
        assert_eq!(accept([]), None);
        assert_eq!(
            accept([
                "application/json",
                "application/problem+json",
                "application/json"
            ])
            .as_deref(),
            Some("application/json, application/problem+json")
        );
        assert_eq!(
            accept(["text/plain", "application/json", "image/png"]).as_deref(),
            Some("application/json, text/plain;q=0.5, image/png;q=0.5")
        );
    }
}
