//! How rustdoc reads the Markdown of doc comments, for the one question that matters for spec
//! text: does it hold a code block rustdoc would compile and run as a doctest?

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};

/// The info strings of the code blocks in `markdown` other than `text` and `toml` blocks (an
/// indented block has an empty one): what rustdoc would compile and run, or might. The parser
/// is the one rustdoc uses, with every extension on, so a block found by neither is missed by
/// neither.
pub fn runnable_code_blocks(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, Options::all())
        .filter_map(|event| match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => Some(String::new()),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                (!matches!(&*info, "text" | "toml")).then(|| info.into_string())
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_code_block_is_found_but_text() {
        let markdown =
            "a\n```rust\nx\n```\n> ~~~\n> y\n> ~~~\n-     z\n\n```text\nok\n```\n```toml\nok\n```";
        assert_eq!(runnable_code_blocks(markdown), ["rust", "", ""]);
    }
}
