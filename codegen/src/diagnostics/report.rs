//! The long form of diagnostics, as rustc shows its own: the source line with the spot marked.
//!
//! Rendering is `annotate-snippets`, the renderer rustc itself uses, so the output reads the way
//! Rust developers already know. Only the part of the line concerned is handed to it, never the
//! whole file (or the whole of a one-line JSON document), and each file's lines are found once,
//! so thousands of problems in a large document stay cheap to show.
//!
//! Messages quote spec text, and the excerpt is spec text: a character that could steer the
//! terminal (an escape sequence, a bidi override) is shown as its escape in a message and as
//! `�` in an excerpt (one character for one, so the mark stays under its spot).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{Diagnostic, Diagnostics, Position, Severity};
use crate::visible;

/// Renders every problem, paths shown relative to `root` where they are inside it; `styled`
/// adds terminal colours.
pub fn render(diagnostics: &Diagnostics, root: &Path, styled: bool) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut sources: BTreeMap<PathBuf, Option<Lines>> = BTreeMap::new();
    let mut out = String::new();
    for diagnostic in diagnostics.iter() {
        let source = sources
            .entry(diagnostic.file.clone())
            .or_insert_with(|| super::source_text(&diagnostic.file).map(Lines::new));
        let shown = diagnostic
            .file
            .strip_prefix(root)
            .unwrap_or(&diagnostic.file)
            .display()
            .to_string();
        if !out.is_empty() {
            out.push('\n');
        }
        let shown = visible::one_line(&shown);
        let excerpt = diagnostic.position.and_then(|position| {
            let lines = source.as_ref()?;
            Some(Excerpt::around(
                lines.line(position.line)?,
                lines.ascii,
                position,
            ))
        });
        out.push_str(
            &renderer
                .render(&[group(diagnostic, &shown, excerpt.as_ref())])
                .to_string(),
        );
        out.push('\n');
    }
    out
}

/// A file's text and where each of its lines starts, found once.
struct Lines {
    text: String,
    starts: Vec<usize>,
    /// Whether every character is one byte, so a column is a byte offset.
    ascii: bool,
}

impl Lines {
    fn new(text: String) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        let ascii = text.is_ascii();
        Self {
            text,
            starts,
            ascii,
        }
    }

    /// Line `number` (from 1), without its line break.
    fn line(&self, number: usize) -> Option<&str> {
        let start = *self.starts.get(number.checked_sub(1)?)?;
        // After the last line break is no line (as `str::lines` has it).
        if start >= self.text.len() {
            return None;
        }
        let end = self
            .starts
            .get(number)
            .map_or(self.text.len(), |next| next - 1);
        Some(self.text[start..end].trim_end_matches('\r'))
    }
}

/// The part of a line shown for a problem: at most [`Excerpt::MARGIN`] characters either
/// side of the spot (the renderer shows less), hidden characters replaced.
struct Excerpt {
    text: String,
    /// The spot, in characters from 1 within `text`.
    column: usize,
    width: usize,
    line: usize,
}

impl Excerpt {
    const MARGIN: usize = 400;

    /// The excerpt of `line` for `position`; an `ascii` line is cut by bytes, without
    /// counting the characters before the spot (a one-line document is one long line).
    fn around(line: &str, ascii: bool, position: Position) -> Self {
        let skipped = position.column.saturating_sub(1 + Self::MARGIN);
        let kept = Self::MARGIN * 2 + position.width.min(Self::MARGIN);
        let rest = match ascii {
            true => line.get(skipped.min(line.len())..).unwrap_or(""),
            false => line,
        };
        let text = rest
            .chars()
            .skip(if ascii { 0 } else { skipped })
            .take(kept)
            .map(|c| if visible::is_hidden(c) { '\u{fffd}' } else { c })
            .collect();
        Self {
            text,
            column: position.column - skipped,
            width: position.width,
            line: position.line,
        }
    }
}

fn group<'a>(
    diagnostic: &'a Diagnostic,
    shown: &'a str,
    excerpt: Option<&'a Excerpt>,
) -> Group<'a> {
    let level = match diagnostic.severity {
        Severity::Note => Level::NOTE,
        Severity::Warning => Level::WARNING,
        Severity::Error => Level::ERROR,
    };
    let title = level.primary_title(visible::escape(&diagnostic.message));
    let title = match &diagnostic.code {
        Some(code) => title.id(code.as_str()),
        None => title,
    };
    let pointer = visible::one_line(&diagnostic.pointer);
    let title = match excerpt {
        Some(excerpt) => title.element(
            Snippet::source(excerpt.text.as_str())
                .line_start(excerpt.line)
                .path(shown)
                .annotation(
                    AnnotationKind::Primary
                        .span(marked(&excerpt.text, excerpt.column, excerpt.width))
                        .label(pointer),
                ),
        ),
        None => {
            let origin = Origin::path(shown);
            let origin = match diagnostic.position {
                Some(position) => origin.line(position.line).char_column(position.column),
                None => origin,
            };
            title
                .element(origin)
                .element(Level::NOTE.message(format!("at {pointer}")))
        }
    };
    title.element(Level::HELP.message(visible::escape(&diagnostic.help)))
}

/// The byte range of `width` characters from 1-based `column` in `line`; a width of 0 (or one
/// that runs past the line) marks to the end of the line's text.
fn marked(line: &str, column: usize, width: usize) -> std::ops::Range<usize> {
    let byte_at = |chars: usize| {
        line.char_indices()
            .nth(chars)
            .map_or(line.len(), |(index, _)| index)
    };
    let start = byte_at(column.saturating_sub(1));
    let end_of_text = line.trim_end().len().max(start);
    let end = if width == 0 {
        end_of_text
    } else {
        byte_at(column.saturating_sub(1) + width).min(end_of_text)
    };
    if end > start {
        start..end
    } else {
        start..(start + 1).min(line.len()).max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_characters_not_bytes() {
        assert_eq!(marked("  é: x", 3, 1), 2..4);
        assert_eq!(marked("  key: value  ", 3, 0), 2..12);
        assert_eq!(marked("ab", 9, 4), 2..2);
    }
}
