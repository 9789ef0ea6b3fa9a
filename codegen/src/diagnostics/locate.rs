//! JSON pointers back to line and column in the source text.
//!
//! The stages see parsed values, which keep no positions. For the files that have problems we
//! read the text again with a YAML parser that reports where each node starts (JSON is YAML, so
//! one parser serves both) and walk its events, keeping the pointer of the current node. A
//! pointer the file does not contain (a node an overlay added, say) is shown at its nearest
//! ancestor that the file does contain.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use saphyr_parser::{Event, Parser, Span};

use super::{Diagnostic, Position, escape_token};

/// Fills in the position of every diagnostic that has none.
pub(super) fn locate(items: &mut [Diagnostic]) {
    let mut wanted: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    for item in items.iter().filter(|d| d.position.is_none()) {
        let prefixes = wanted.entry(item.file.clone()).or_default();
        let mut prefix = item.pointer.as_str();
        loop {
            prefixes.insert(prefix.to_owned());
            match prefix.rfind('/') {
                Some(cut) => prefix = &prefix[..cut],
                None => break,
            }
        }
    }
    for (file, pointers) in wanted {
        // Only YAML and JSON are read as trees; other files (the lint allow file is TOML)
        // are named without a position rather than given a wrong one.
        let is_tree = file
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"));
        let Some(text) = is_tree.then(|| super::source_text(&file)).flatten() else {
            continue;
        };
        let positions = positions(&text, &pointers);
        for item in items
            .iter_mut()
            .filter(|d| d.position.is_none() && d.file == file)
        {
            item.position = nearest(&positions, &item.pointer);
        }
    }
}

/// The position of `pointer`, or of its nearest ancestor the text contains.
fn nearest(positions: &BTreeMap<String, Position>, pointer: &str) -> Option<Position> {
    let mut prefix = pointer;
    loop {
        if let Some(position) = positions.get(prefix) {
            return Some(*position);
        }
        prefix = &prefix[..prefix.rfind('/')?];
    }
}

/// What the walk is inside of.
enum Frame {
    /// A mapping; `in_value` once an entry's key is read and its value is awaited.
    Mapping { in_value: bool },
    /// A sequence and the index of its next item.
    Sequence { next: usize },
    /// A mapping key that is itself a collection (rare; its inside is not addressed).
    ComplexKey { depth: usize },
}

/// Positions of the `wanted` pointers found in `text` (a mapping entry is placed at its key).
/// Text the parser rejects gives what was found before the problem.
pub(super) fn positions(text: &str, wanted: &BTreeSet<String>) -> BTreeMap<String, Position> {
    let mut walk = Walk {
        wanted,
        found: BTreeMap::new(),
        pointer: String::from("#"),
        marks: Vec::new(),
        stack: Vec::new(),
    };
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else {
            break;
        };
        match event {
            Event::Scalar(value, ..) => walk.value_start(span, Some(&value), None),
            Event::Alias(_) => walk.value_start(span, Some(""), None),
            Event::MappingStart(..) => {
                walk.value_start(span, None, Some(Frame::Mapping { in_value: false }))
            }
            Event::SequenceStart(..) => {
                walk.value_start(span, None, Some(Frame::Sequence { next: 0 }))
            }
            Event::MappingEnd | Event::SequenceEnd => walk.collection_end(),
            Event::DocumentEnd => break,
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentStart(_) => {}
        }
        if walk.found.len() == wanted.len() {
            break;
        }
    }
    walk.found
}

struct Walk<'w> {
    wanted: &'w BTreeSet<String>,
    found: BTreeMap<String, Position>,
    /// The pointer of the current node.
    pointer: String,
    /// Lengths of `pointer` before each token was pushed.
    marks: Vec<usize>,
    stack: Vec<Frame>,
}

impl Walk<'_> {
    fn value_start(&mut self, span: Span, scalar: Option<&str>, opens: Option<Frame>) {
        match self.stack.last_mut() {
            Some(Frame::ComplexKey { depth }) => {
                if opens.is_some() {
                    *depth += 1;
                }
                return;
            }
            Some(Frame::Mapping { in_value }) if !*in_value => {
                // A key: the entry's pointer starts here, and its position is the key's.
                *in_value = true;
                match (scalar, opens) {
                    (Some(name), _) => {
                        self.push_token(name);
                        self.record(span);
                    }
                    (None, _) => {
                        self.push_token("");
                        self.stack.push(Frame::ComplexKey { depth: 0 });
                    }
                }
                return;
            }
            Some(Frame::Mapping { .. }) => {}
            Some(Frame::Sequence { next }) => {
                let index = next.to_string();
                self.push_token(&index);
                self.record(span);
            }
            None => self.record(span),
        }
        match opens {
            Some(frame) => self.stack.push(frame),
            None => self.value_end(),
        }
    }

    fn collection_end(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::ComplexKey { depth }) if *depth > 0 => {
                *depth -= 1;
            }
            Some(Frame::ComplexKey { .. }) => {
                // The key collection is over; its value comes next.
                self.stack.pop();
            }
            Some(_) => {
                self.stack.pop();
                self.value_end();
            }
            None => {}
        }
    }

    /// A value is complete: leave its entry or item.
    fn value_end(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Mapping { in_value }) => {
                *in_value = false;
                self.pop_token();
            }
            Some(Frame::Sequence { next }) => {
                *next += 1;
                self.pop_token();
            }
            Some(Frame::ComplexKey { .. }) | None => {}
        }
    }

    fn push_token(&mut self, token: &str) {
        self.marks.push(self.pointer.len());
        self.pointer.push('/');
        self.pointer.push_str(&escape_token(token));
    }

    fn pop_token(&mut self) {
        if let Some(mark) = self.marks.pop() {
            self.pointer.truncate(mark);
        }
    }

    fn record(&mut self, span: Span) {
        if self.wanted.contains(&self.pointer) && !self.found.contains_key(&self.pointer) {
            let width = span.end.index().saturating_sub(span.start.index());
            self.found.insert(
                self.pointer.clone(),
                Position {
                    line: span.start.line(),
                    column: span.start.col() + 1,
                    width,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str, pointer: &str) -> Option<(usize, usize)> {
        let mut wanted = BTreeSet::new();
        let mut prefix = pointer;
        loop {
            wanted.insert(prefix.to_owned());
            match prefix.rfind('/') {
                Some(cut) => prefix = &prefix[..cut],
                None => break,
            }
        }
        nearest(&positions(text, &wanted), pointer).map(|p| (p.line, p.column))
    }

    #[test]
    fn block_yaml_entries_are_placed_at_their_keys() {
        let text = "openapi: 3.0.3\npaths:\n  /a~b/c:\n    get:\n      parameters:\n        - name: x\n          in: path\n";
        assert_eq!(find(text, "#/paths/~1a~0b~1c/get"), Some((4, 5)));
        assert_eq!(
            find(text, "#/paths/~1a~0b~1c/get/parameters/0/in"),
            Some((7, 11))
        );
        assert_eq!(
            find(text, "#/paths/~1a~0b~1c/get/parameters/0"),
            Some((6, 11))
        );
        assert_eq!(find(text, "#"), Some((1, 1)));
    }

    #[test]
    fn json_is_located_too_and_missing_pointers_fall_back_to_an_ancestor() {
        let text = "{\n  \"paths\": {\n    \"/a\": {\"get\": {}}\n  }\n}\n";
        assert_eq!(find(text, "#/paths/~1a/get"), Some((3, 12)));
        assert_eq!(find(text, "#/paths/~1a/get/responses/200"), Some((3, 12)));
    }

    #[test]
    fn values_after_collections_keep_their_own_pointer() {
        let text = "a:\n  - [1, 2]\n  - {x: 1}\nb: 2\n";
        assert_eq!(find(text, "#/a/1/x"), Some((3, 6)));
        assert_eq!(find(text, "#/b"), Some((4, 1)));
    }
}
