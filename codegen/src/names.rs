//! Every Rust name the generator emits is made here, from the names the spec uses.
//!
//! Spec names are arbitrary strings (`kick-member`, `X-Auth-ID`, `200`, `type`); Rust names must
//! be identifiers that follow Rust's case conventions and do not collide. The wire name is
//! always kept next to the Rust name by the callers (for `#[serde(rename)]` and for URLs).

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Words that cannot be plain identifiers; most can be raw (`r#type`).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// The names of Rust's prelude a types module of the generated code uses unqualified
/// (`Option::is_none` in serde attributes, `Ok(..)` in decoders): no type of a spec takes one.
/// A schema named `Option` is `Option2`, with a note. Every other path the generated code uses
/// is fully qualified (a test compiles types named after the whole prelude).
pub const PRELUDE_IN_TYPES: &[&str] = &["Ok", "Option"];

/// The names of Rust's prelude an API module of the generated code uses unqualified: no
/// request builder, body or response enum takes one.
pub const PRELUDE_IN_API: &[&str] = &["Err", "None", "Ok", "Option", "Result", "Some"];

/// The derive macros of Rust's prelude: a type named like one is both a type and a macro to
/// rustdoc, and a doc link to it says which it means.
pub const PRELUDE_MACROS: &[&str] = &[
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Eq",
    "Hash",
    "Ord",
    "PartialEq",
    "PartialOrd",
];

/// How a path of a doc link spells the item [`ident`] names: rustdoc reads keywords bare
/// (`Client::type` for `r#type`), but `self_` is the name.
pub fn link_segment(name: &str) -> String {
    match NOT_RAW.contains(&name) {
        true => format!("{name}_"),
        false => name.to_owned(),
    }
}

/// Whether `name` is a Rust keyword (strict, reserved or edition-2024), or `_`.
pub fn is_keyword(name: &str) -> bool {
    name == "_" || KEYWORDS.contains(&name)
}

/// Whether cargo accepts `name` as a package name and Rust code can name its crate (`-`
/// becomes `_`): ASCII letters, digits, `-` and `_`, starting with a letter, and not a
/// keyword (`self`, `crate`, `type`...), which no `use` or path could name.
pub fn is_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !is_keyword(&name.replace('-', "_"))
}

/// Keywords that cannot be raw identifiers either.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Replaces everything that is not an ASCII letter or digit by a word break, so heck sees words.
/// A character nobody can see is spelled out as a word of its own (`User\u{200d}` is
/// `UserU200d`): dropped, it would make a name look like, and take the place of, another.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if crate::visible::is_invisible(c) {
            out.push_str(&format!(" U{:x} ", u32::from(c)));
        } else {
            out.push(' ');
        }
    }
    out
}

/// The longest name made: rustdoc writes a page per type (`struct.Name.html`), and a file
/// name has at most 255 bytes. Public specs' longest names (Stripe's inline types) are under
/// 180 characters.
pub const MAX_NAME: usize = 200;

/// `name` when it is at most [`MAX_NAME`] long, else its start and a hash of the whole, so
/// that two long names that start alike stay apart, and stay the same from run to run.
fn bounded(name: String) -> String {
    if name.len() <= MAX_NAME {
        return name;
    }
    use std::hash::Hasher;
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(name.as_bytes());
    let hash = hasher.finish() as u32;
    // Names made here are ASCII, so any byte is a character boundary.
    let start = name[..MAX_NAME - 10].trim_end_matches('_');
    if name.chars().any(|c| c.is_ascii_uppercase()) {
        format!("{start}H{hash:08x}")
    } else {
        format!("{start}_h{hash:08x}")
    }
}

/// `UpperCamelCase` name for a type or enum variant.
pub fn type_name(raw: &str) -> String {
    bounded(type_name_of_any_length(raw))
}

fn type_name_of_any_length(raw: &str) -> String {
    let name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        "Unnamed".to_owned()
    } else if name == "Self" {
        // The one keyword in UpperCamelCase; it cannot be a raw identifier either.
        "Self_".to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("X{name}")
    } else {
        name
    }
}

/// `snake_case` name for a field, parameter, method or module.
pub fn snake_name(raw: &str) -> String {
    bounded(snake_name_of_any_length(raw))
}

fn snake_name_of_any_length(raw: &str) -> String {
    let name = words(raw).to_snake_case();
    if name.is_empty() {
        "unnamed".to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{name}")
    } else {
        name
    }
}

/// The cargo feature for a group of operations (a tag or a path prefix): kebab-case, and not
/// one of the crate's own features.
pub fn feature_name(group: &str) -> String {
    let name = words(group).to_kebab_case();
    match name.as_str() {
        "" => "unnamed".to_owned(),
        "default" | "full" | "tracing" => format!("{name}-operations"),
        _ => name,
    }
}

/// The identifier for a name made by this module: keywords become raw identifiers (`r#type`)
/// or, where Rust forbids that (`self`, `crate`...), get a trailing underscore.
pub fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// The variant name for a response status: its reason phrase when it has a well-known one.
pub fn status_variant(code: u16) -> String {
    let phrase = match code {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        206 => "PartialContent",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        423 => "Locked",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{code}"),
    };
    phrase.to_owned()
}

/// The variant name for a status range such as `4XX`.
pub fn status_range_variant(first_digit: u16) -> String {
    match first_digit {
        1 => "Informational".to_owned(),
        2 => "Success".to_owned(),
        3 => "Redirection".to_owned(),
        4 => "ClientError".to_owned(),
        5 => "ServerError".to_owned(),
        other => format!("Status{other}xx"),
    }
}

/// The variant name for a request body media type: `Json`, `Form` (URL-encoded), `Multipart`
/// (form data), `Text` (plain), else the subtype (`Xml`, `Markdown` for `text/x-markdown`,
/// `OctetStream`).
pub fn media_variant(media_type: &str) -> String {
    let essence = crate::http::media::essence(media_type);
    let (kind, subtype) = essence.split_once('/').unwrap_or((essence.as_str(), ""));
    match (kind, subtype) {
        ("application", "json") => "Json".to_owned(),
        ("application", "x-www-form-urlencoded") => "Form".to_owned(),
        ("multipart", "form-data") => "Multipart".to_owned(),
        ("text", "plain") => "Text".to_owned(),
        ("*", "*") => "Any".to_owned(),
        (_, subtype) => type_name(subtype.strip_prefix("x-").unwrap_or(subtype)),
    }
}

/// Hands out names that are unique within one scope, deterministically: the first claim of a
/// name gets it, later claims get `Name2`, `Name3`, ... in the order they ask.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
    /// The next suffix to try for each name asked for twice, so that many claims of one
    /// name (a spec full of non-ASCII names that all become `Unnamed`) stay linear.
    next_suffix: BTreeMap<String, usize>,
}

impl Scope {
    /// A scope in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
            next_suffix: BTreeMap::new(),
        }
    }

    /// Claims `name` (made at most [`MAX_NAME`] long), or the first free `name2`, `name3`,
    /// ...; returns what was claimed.
    pub fn claim(&mut self, name: &str) -> String {
        let bounded = bounded(name.to_owned());
        let name = bounded.as_str();
        if self.taken.insert(name.to_owned()) {
            return name.to_owned();
        }
        let is_camel = name.chars().any(|c| c.is_ascii_uppercase());
        // `Self_` (the keyword escaped) numbers as `Self2`: `Self_2` is not camel case.
        let (base, separator) = match name.strip_suffix('_') {
            Some(base) if is_camel => (base, ""),
            _ if name.contains('_') || !is_camel => (name, "_"),
            _ => (name, ""),
        };
        let next = self.next_suffix.entry(name.to_owned()).or_insert(2);
        loop {
            let candidate = format!("{base}{separator}{next}");
            *next += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_name_their_variants_by_what_they_are() {
        let names: Vec<String> = [
            "application/json",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "text/plain; charset=utf-8",
            "text/x-markdown",
            "application/xml",
            "application/vnd.github+json",
            "*/*",
        ]
        .iter()
        .map(|media| media_variant(media))
        .collect();
        assert_eq!(
            names,
            [
                "Json",
                "Form",
                "Multipart",
                "Text",
                "Markdown",
                "Xml",
                "VndGithubJson",
                "Any"
            ]
        );
    }

    #[test]
    fn the_self_keyword_is_escaped_and_numbers_as_camel_case() {
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(type_name("self"), "Self_");
        let mut scope = Scope::default();
        assert_eq!(scope.claim("Self_"), "Self_");
        assert_eq!(scope.claim("Self_"), "Self2");
        assert_eq!(scope.claim("user_id"), "user_id");
        assert_eq!(scope.claim("user_id"), "user_id_2");
    }

    #[test]
    fn names_follow_rust_conventions() {
        let cases = [
            ("kick-member", "KickMember", "kick_member"),
            ("X-Auth-ID", "XAuthId", "x_auth_id"),
            ("conferenceID", "ConferenceId", "conference_id"),
            (
                "bulkHangUpParticipants",
                "BulkHangUpParticipants",
                "bulk_hang_up_participants",
            ),
            ("200", "X200", "n200"),
            ("++", "Unnamed", "unnamed"),
            ("café au lait", "CafAuLait", "caf_au_lait"),
            ("User\u{200d}", "UserU200d", "user_u200d"),
            ("a\u{202e}b", "AU202eB", "a_u202e_b"),
        ];
        for (raw, camel, snake) in cases {
            assert_eq!(type_name(raw), camel, "{raw}");
            assert_eq!(snake_name(raw), snake, "{raw}");
        }
    }

    #[test]
    fn long_names_are_cut_with_a_hash_that_keeps_them_apart() {
        let long = "a".repeat(300);
        let (a, b) = (
            type_name(&format!("{long} x")),
            type_name(&format!("{long} y")),
        );
        assert!(a.len() <= MAX_NAME && b.len() <= MAX_NAME, "{a} {b}");
        assert_ne!(a, b);
        assert_eq!(a, type_name(&format!("{long} x")));
        let snake = snake_name(&long);
        assert!(snake.len() <= MAX_NAME && snake.contains("_h"), "{snake}");
        assert_eq!(type_name("short"), "Short");
    }

    #[test]
    fn keywords_become_raw_or_suffixed_identifiers() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("member_id").to_string(), "member_id");
    }

    #[test]
    fn scopes_hand_out_unique_names_in_order() {
        let mut scope = Scope::with_reserved(&["Client"]);
        assert_eq!(scope.claim("Client"), "Client2");
        assert_eq!(scope.claim("Member"), "Member");
        assert_eq!(scope.claim("Member"), "Member2");
        let mut snake = Scope::default();
        assert_eq!(snake.claim("get"), "get");
        assert_eq!(snake.claim("get"), "get_2");
    }

    #[test]
    fn statuses_get_reason_phrase_names() {
        assert_eq!(status_variant(404), "NotFound");
        assert_eq!(status_variant(599), "Status599");
        assert_eq!(status_range_variant(5), "ServerError");
    }
}
