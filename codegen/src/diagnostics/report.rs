//! The long form of diagnostics, as rustc shows its own: the source line with the spot marked.
//!
//! Rendering is `annotate-snippets`, the renderer rustc itself uses, so the output reads the way
//! Rust developers already know. Only the line concerned is handed to it, never the whole file,
//! so many problems in a large document stay cheap to show.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{Diagnostic, Diagnostics, Severity};

/// Renders every problem, paths shown relative to `root` where they are inside it; `styled`
/// adds terminal colours.
pub fn render(diagnostics: &Diagnostics, root: &Path, styled: bool) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut sources: BTreeMap<PathBuf, Option<String>> = BTreeMap::new();
    let mut out = String::new();
    for diagnostic in diagnostics.iter() {
        let source = sources
            .entry(diagnostic.file.clone())
            .or_insert_with(|| std::fs::read_to_string(&diagnostic.file).ok());
        let shown = diagnostic
            .file
            .strip_prefix(root)
            .unwrap_or(&diagnostic.file)
            .display()
            .to_string();
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(
            &renderer
                .render(&[group(diagnostic, &shown, source.as_deref())])
                .to_string(),
        );
        out.push('\n');
    }
    out
}

fn group<'a>(diagnostic: &'a Diagnostic, shown: &'a str, source: Option<&'a str>) -> Group<'a> {
    let level = match diagnostic.severity {
        Severity::Note => Level::NOTE,
        Severity::Warning => Level::WARNING,
        Severity::Error => Level::ERROR,
    };
    let title = level.primary_title(diagnostic.message.as_str());
    let title = match &diagnostic.code {
        Some(code) => title.id(code.as_str()),
        None => title,
    };
    let excerpt = diagnostic
        .position
        .zip(source)
        .and_then(|(position, source)| {
            let line = source.lines().nth(position.line.checked_sub(1)?)?;
            Some((position, line))
        });
    let title = match excerpt {
        Some((position, line)) => title.element(
            Snippet::source(line)
                .line_start(position.line)
                .path(shown)
                .annotation(
                    AnnotationKind::Primary
                        .span(marked(line, position.column, position.width))
                        .label(diagnostic.pointer.as_str()),
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
                .element(Level::NOTE.message(format!("at {}", diagnostic.pointer)))
        }
    };
    title.element(Level::HELP.message(Cow::Borrowed(diagnostic.help.as_str())))
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
