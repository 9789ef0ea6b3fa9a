//! Characters a reader cannot see, and how generated files show them instead.
//!
//! Spec text is untrusted: a control character, a bidirectional override (U+202E) or a
//! zero-width joiner can break a doc comment (rustc refuses a bare CR or a bidi control in
//! one), hide what a comment says, or make two names look the same. No generated file holds
//! one raw: docs show each as `\u{202e}`, names spell it out as a word (`UserU200d`), string
//! literals carry Rust's own escape, JSON its `\u` escape. This module is the one definition
//! of "hidden" every stage uses.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` shows nothing, or changes how the text around it shows: control characters
/// other than line feed and tab, format characters (bidi controls, zero-width spaces and
/// joiners, the byte order mark, soft hyphens), line and paragraph separators, private-use and
/// unassigned code points, and the letters and marks that render as nothing (Hangul fillers,
/// the combining grapheme joiner). Spaces are visible as spaces.
///
/// Which code points are assigned is what the Rust toolchain's own tables say (the tables
/// `str::escape_debug` uses), so a character first assigned by a newer Unicode is hidden until
/// the toolchain knows it.
pub fn is_hidden(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        ' '..='~' => false,
        '\0'..='\u{1f}' | '\u{7f}' => true,
        '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => {
            false
        }
        '\u{115f}'
        | '\u{1160}'
        | '\u{3164}'
        | '\u{ffa0}'
        | '\u{34f}'
        | '\u{17b4}'
        | '\u{17b5}'
        | '\u{180b}'..='\u{180f}' => true,
        _ => escaped_by_rust(c),
    }
}

/// Whether `c` shows nothing at all: [`is_hidden`], and the variation selectors, which only
/// choose how the character before them looks (text shows them as they are: `⚠️` is `⚠` with
/// one). A name must not change by one: `User` and `User\u{fe0f}` look the same.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{fe00}'..='\u{fe0f}' | '\u{e0100}'..='\u{e01ef}') || is_hidden(c)
}

/// Whether Rust's debug escape writes `c` as an escape in the middle of a string: it does for
/// what is not printable, and leaves combining marks (Grapheme_Extend) alone there.
fn escaped_by_rust(c: char) -> bool {
    let mut buffer = [0u8; 8];
    buffer[0] = b'a';
    let length = 1 + c.encode_utf8(&mut buffer[1..]).len();
    std::str::from_utf8(&buffer[..length]).map_or(true, |text| text.escape_debug().count() > 2)
}

/// `text` with every hidden character written as Rust writes it in a string: `\u{202e}`.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_where(text, is_hidden)
}

/// `text` as one visible line: [`escape`], and line breaks and tabs escaped too (`\u{a}`), for
/// places that take a single line (a file header, a one-line message).
pub fn one_line(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| c == '\n' || c == '\t' || is_hidden(c))
}

fn escape_where(text: &str, hidden: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if hidden(c) {
            // Writing into a String cannot fail.
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// JSON text with every hidden character written as its `\u` escape (UTF-16, as JSON has
/// it). Outside strings JSON is ASCII, so this only ever changes how a string is written,
/// never what it holds.
pub fn escape_json(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_hidden) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_hidden(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The first hidden character of `text` (other than a line feed or tab) and its byte offset:
/// what a generated file must never hold.
pub fn first_hidden(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|&(_, c)| is_hidden(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_bidi_and_invisible_characters_are_hidden() {
        for c in [
            '\0',
            '\r',
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '\u{ad}',
            '\u{200b}',
            '\u{200d}',
            '\u{200e}',
            '\u{202e}',
            '\u{2066}',
            '\u{2069}',
            '\u{2028}',
            '\u{feff}',
            '\u{e000}',
            '\u{3164}',
            '\u{e0041}',
        ] {
            assert!(is_hidden(c), "{:?}", c);
        }
        assert!(!is_hidden('\u{fe0f}') && is_invisible('\u{fe0f}'));
    }

    #[test]
    fn text_people_write_is_not_hidden() {
        for c in [
            'a', ' ', '\n', '\t', '~', 'é', '中', '😀', '\u{301}', '\u{94c}', '\u{a0}', '\u{3000}',
        ] {
            assert!(!is_hidden(c), "{:?}", c);
        }
    }

    #[test]
    fn hidden_characters_are_written_as_rust_escapes() {
        assert_eq!(escape("a\u{202e}b\0c\r"), "a\\u{202e}b\\u{0}c\\u{d}");
        assert!(matches!(escape("plain café\n"), Cow::Borrowed(_)));
        assert_eq!(one_line("a\nb\tc"), "a\\u{a}b\\u{9}c");
        assert_eq!(first_hidden("ab\u{200d}"), Some((2, '\u{200d}')));
        let json = escape_json("[\"a\u{202e}\u{e0041}\"]");
        assert_eq!(json, "[\"a\\u202e\\udb40\\udc41\"]");
        let back: Vec<String> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, ["a\u{202e}\u{e0041}"]);
    }
}
