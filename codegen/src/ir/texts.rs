//! Doc text is bounded by what the spec says, not by how often the model copies it.
//!
//! The model copies a component's text to every place that uses it (a shared parameter's
//! description to each operation that takes it, a base schema's property to each type that
//! includes it), and a spec may repeat one text itself. A 1 MB description on 3,000
//! operations would be 3 GB of docs. So every doc text of the model is copied through
//! [`Texts::copy`]: a long text is whole only where it first appears; each later copy is its
//! start and where the whole is. No text is longer than [`MAX_TEXT`]: beyond it the docs say
//! how much was left out, and the spec has the whole.

use std::collections::BTreeMap;
use std::hash::Hasher;

/// A text at least this long (in bytes) is written out once; its other copies are shortened.
pub const LONG_TEXT: usize = 4 * 1024;

/// No doc text is longer than this (in bytes).
pub const MAX_TEXT: usize = 64 * 1024;

/// What a shortened copy keeps of its text, at most (in bytes).
const KEPT: usize = 400;

/// The long texts copied so far, each with the docs it is whole in.
#[derive(Default)]
pub(super) struct Texts {
    /// By where the text is held in the parsed spec (its address and length), so a text one
    /// node holds is read once, however many places copy it.
    by_place: BTreeMap<(usize, usize), String>,
    /// By content, for a text the spec itself repeats: its hash → (the text, whose docs).
    by_content: BTreeMap<u64, Vec<(String, String)>>,
}

impl Texts {
    /// The doc text to copy from `text` (held by the parsed spec) into the docs `owner` names
    /// (`operation `getPet``): `None` for no text or only white space; a long text whole the
    /// first time, and its start with where the whole is after that.
    pub(super) fn copy(
        &mut self,
        text: Option<&String>,
        owner: impl FnOnce() -> String,
    ) -> Option<String> {
        let text = text.filter(|text| !text.trim().is_empty())?;
        if text.len() < LONG_TEXT {
            return Some(text.clone());
        }
        let place = (text.as_ptr() as usize, text.len());
        if let Some(first) = self.by_place.get(&place) {
            return Some(shortened(text, first));
        }
        let mut hasher = fnv::FnvHasher::default();
        hasher.write(text.as_bytes());
        let copies = self.by_content.entry(hasher.finish()).or_default();
        if let Some((_, first)) = copies.iter().find(|(seen, _)| seen == text) {
            let first = first.clone();
            let copy = shortened(text, &first);
            self.by_place.insert(place, first);
            return Some(copy);
        }
        let owner = owner();
        copies.push((text.clone(), owner.clone()));
        self.by_place.insert(place, owner);
        Some(cut(text))
    }
}

/// The start of `text` (whole lines where it can, up to [`KEPT`] bytes) and where the rest is.
fn shortened(text: &str, first: &str) -> String {
    format!(
        "{}\n\n(The spec repeats this text of {} bytes: see the docs of {first}.)",
        prefix(text, KEPT).trim_end(),
        text.len()
    )
}

/// `text` cut to [`MAX_TEXT`] bytes, saying so, when it is longer.
fn cut(text: &str) -> String {
    if text.len() <= MAX_TEXT {
        return text.to_owned();
    }
    let kept = prefix(text, MAX_TEXT).trim_end();
    format!(
        "{kept}\n\n(The spec's text goes on: {} of its {} bytes are left out here.)",
        text.len() - kept.len(),
        text.len()
    )
}

/// The longest start of `text` of at most `bytes` bytes that ends at a line break, or at a
/// character boundary when its first line is longer.
fn prefix(text: &str, bytes: usize) -> &str {
    if text.len() <= bytes {
        return text;
    }
    let mut end = bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind('\n') {
        Some(line_end) if line_end > 0 => &text[..line_end],
        _ => &text[..end],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_whole_once_and_its_copies_point_to_it() {
        let long = format!("First line.\n{}", "word ".repeat(2000));
        let same_words = long.clone();
        let mut texts = Texts::default();
        let owner = |name: &str| format!("operation `{name}`");
        assert_eq!(texts.copy(Some(&long), || owner("a")), Some(long.clone()));
        let shortened = format!(
            "First line.\n\n(The spec repeats this text of {} bytes: see the docs of operation `a`.)",
            long.len()
        );
        // Copied again from the same place, and the same words held elsewhere.
        assert_eq!(
            texts.copy(Some(&long), || owner("b")),
            Some(shortened.clone())
        );
        assert_eq!(
            texts.copy(Some(&same_words), || owner("c")),
            Some(shortened)
        );
        let short = "short".to_owned();
        assert_eq!(texts.copy(Some(&short), || owner("d")), Some(short.clone()));
        assert_eq!(texts.copy(Some(&" \n".to_owned()), || owner("e")), None);
    }

    #[test]
    fn a_text_beyond_the_limit_is_cut_on_a_character_boundary() {
        let text = cut(&"é".repeat(MAX_TEXT));
        assert!(text.len() < MAX_TEXT + 100, "{}", text.len());
        assert!(text.ends_with("bytes are left out here.)"));
    }
}
