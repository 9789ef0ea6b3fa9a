//! Doc comments from spec text. Spec descriptions are Markdown written for web pages; rustdoc
//! reads them differently (a code fence is a doctest, `[x]` is an intra-doc link, a bare URL
//! is a warning), so they are adjusted to mean on docs.rs what they meant on the web.

use proc_macro2::TokenStream;
use quote::quote;

use crate::names;

/// `#[doc = "..."]` attributes for `text`, one per line.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = sanitize(text);
    quote! { #( #[doc = #lines] )* }
}

/// `#[doc = "..."]` attributes for paragraphs of text (skipping empty ones), the spec's
/// beside ours. Each is read on its own: a fence one leaves open ends with it, rather than
/// taking in the paragraphs that follow.
pub fn doc_paragraphs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> TokenStream {
    let lines = paragraph_lines(parts);
    quote! { #( #[doc = #lines] )* }
}

/// [`doc_paragraphs`] as `#![doc = "..."]` attributes: the docs of the enclosing module or
/// crate.
pub fn inner_doc_paragraphs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> TokenStream {
    let lines = paragraph_lines(parts);
    quote! { #( #![doc = #lines] )* }
}

fn paragraph_lines<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> Vec<String> {
    let mut lines = Vec::new();
    for part in parts.into_iter().flatten().map(str::trim) {
        if part.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(sanitize(part));
    }
    lines
}

/// `#![doc = "..."]` attributes for lines the generator wrote (already rustdoc Markdown, so
/// its intra-doc links stay links), with spec text inside them adjusted by [`first_line`].
pub fn inner_doc_lines(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| match line.is_empty() {
        true => String::new(),
        false => format!(" {line}"),
    });
    quote! { #( #![doc = #lines] )* }
}

/// The first line of spec text, adjusted as every doc text is, to go inside a line of ours.
pub fn first_line(text: &str) -> Option<String> {
    sanitize(text)
        .into_iter()
        .find(|line| !line.trim().is_empty())
}

/// A doc link to the client's method made for `method` (a name from [`crate::names`]).
pub fn method_link(method: &str) -> String {
    format!("[`Client::{}`]", names::link_segment(method))
}

/// A doc link to the type or item named `name`, saying it is a type when the name is also
/// one of the prelude's derive macros.
pub fn type_link(name: &str) -> String {
    let name = names::link_segment(name);
    match names::PRELUDE_MACROS.contains(&name.as_str()) {
        true => format!("[`{name}`](type@{name})"),
        false => format!("[`{name}`]"),
    }
}

/// Spec text (a name, a path, a value) as a code span in a line of ours: on one line, between
/// more backticks than it holds in a row, so nothing in it can end the span or start a block.
pub fn code(text: &str) -> String {
    let text = crate::visible::one_line(text);
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Spec text as doc lines, each with the leading space rustdoc strips. Nothing in the
/// result is a code block rustdoc would compile: every fence becomes a `text` fence (closed
/// at the end if the spec leaves it open, so it cannot swallow the lines of ours that follow),
/// a fence inside a quote or a list item is shown as text, and no line is indented far enough
/// to be an indented code block. [`verified`] checks that with the Markdown parser rustdoc
/// uses and falls back to plain lines if anything was missed.
fn sanitize(text: &str) -> Vec<String> {
    let text = html_to_markdown(&unify_line_breaks(text));
    let mut fence: Option<Fence> = None;
    // A fence in a quote or list item, shown as text: its closing line is shown as text too.
    let mut shown: Option<Fence> = None;
    let mut lines = Vec::new();
    for line in text.trim().lines() {
        let trimmed = line.trim_start();
        if let Some(open) = &fence {
            if open.is_closed_by(trimmed) {
                lines.push(format!(" {}", open.marker()));
                fence = None;
            } else {
                lines.push(format!(" {line}"));
            }
            continue;
        }
        if let Some(opened) = Fence::opened_by(trimmed).filter(|_| shown.is_none()) {
            // Fences become text blocks whatever their language: doctests are not ours to run.
            lines.push(format!(" {}text", opened.marker()));
            fence = Some(opened);
            continue;
        }
        // A plain line right after a list item would be read as part of it ("lazy
        // continuation"); on the web it was meant as a new paragraph.
        let after_item = lines
            .last()
            .is_some_and(|last: &String| is_list_item(last.trim_start()));
        if after_item && !trimmed.is_empty() && !is_list_item(trimmed) {
            lines.push(String::new());
        }
        // Leading indentation would make an indented code block, i.e. a doctest.
        let line = without_code_in_containers(trimmed.trim_end(), &mut shown);
        lines.push(format!(" {}", escape_markdown(&line)));
    }
    if let Some(open) = fence {
        lines.push(format!(" {}", open.marker()));
    }
    verified(lines)
}

/// CRLF and a lone CR (old Mac text) both end a line: rustc refuses a bare CR in a doc comment.
fn unify_line_breaks(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A Markdown code fence: its character and length, as CommonMark reads them.
struct Fence {
    char: char,
    length: usize,
}

impl Fence {
    /// The fence `line` (without its indentation) opens: three or more backticks, whose info
    /// string holds none (else they open a code span), or three or more tildes.
    fn opened_by(line: &str) -> Option<Self> {
        let char = line.chars().next().filter(|c| matches!(c, '`' | '~'))?;
        let length = line.chars().take_while(|&c| c == char).count();
        let info = &line[length..];
        (length >= 3 && !(char == '`' && info.contains('`'))).then_some(Self { char, length })
    }

    /// Whether `line` (without its indentation) closes the fence: as long or longer, and
    /// nothing after it.
    fn is_closed_by(&self, line: &str) -> bool {
        let run = line.chars().take_while(|&c| c == self.char).count();
        run >= self.length && line[run..].trim().is_empty()
    }

    fn marker(&self) -> String {
        std::iter::repeat_n(self.char, self.length).collect()
    }
}

/// `line` (without its indentation) with the containers it opens (quotes, list items) kept,
/// but what would start a code block inside them shown as text: a fence gets its first
/// character escaped (and is `shown`, until the line that would close it, escaped alike), and
/// a run of spaces long enough to indent code becomes one space.
fn without_code_in_containers<'l>(
    line: &'l str,
    shown: &mut Option<Fence>,
) -> std::borrow::Cow<'l, str> {
    let mut prefix = String::new();
    let mut rest = line;
    let mut changed = false;
    while let Some(marker) = container_marker(rest) {
        prefix.push_str(&rest[..marker]);
        rest = &rest[marker..];
        let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let indent = &rest[..spaces];
        // A quote takes one space, a list item up to four; four more are an indented block.
        if indent.contains('\t') || spaces >= 5 {
            prefix.push(' ');
            changed = true;
        } else {
            prefix.push_str(indent);
        }
        rest = &rest[spaces..];
    }
    if shown.as_ref().is_some_and(|open| open.is_closed_by(rest)) {
        *shown = None;
        prefix.push('\\');
        changed = true;
    } else if let Some(opened) = Fence::opened_by(rest).filter(|_| !prefix.is_empty()) {
        *shown = Some(opened);
        prefix.push('\\');
        changed = true;
    }
    if !changed {
        return std::borrow::Cow::Borrowed(line);
    }
    prefix.push_str(rest);
    std::borrow::Cow::Owned(prefix)
}

/// The length of the quote marker (`>`) or list marker (`-`, `*`, `+`, `1.`, `1)`) `text`
/// starts with, when it is one that contains what follows.
fn container_marker(text: &str) -> Option<usize> {
    if text.starts_with('>') {
        return Some(1);
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let marker = match text[digits..].chars().next()? {
        '.' | ')' if (1..=9).contains(&digits) => digits + 1,
        '-' | '*' | '+' if digits == 0 => 1,
        _ => return None,
    };
    let after = text[marker..].chars().next();
    matches!(after, Some(' ' | '\t')).then_some(marker)
}

/// `lines` if the Markdown parser rustdoc uses finds no code block in them but the `text`
/// ones made here; otherwise (a construct the rules above missed) every line as plain text,
/// its indentation dropped and the character that could start a block escaped.
fn verified(lines: Vec<String>) -> Vec<String> {
    if crate::markdown::runnable_code_blocks(&lines.join("\n")).is_empty() {
        return lines;
    }
    lines
        .iter()
        .map(|line| format!(" {}", plain_line(line.trim())))
        .collect()
}

/// A line that starts no Markdown block: its first punctuation escaped (after the digits of
/// a would-be ordered list), and every backtick and tilde escaped so no fence can form.
fn plain_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 4);
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    for (index, c) in line.char_indices() {
        let starts_block = index == digits && c.is_ascii_punctuation();
        if starts_block || matches!(c, '`' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Rewrites the HTML some specs write their descriptions in (Stripe's `<p>`, `<code>`, `<a>`)
/// as the Markdown it means, outside code fences. Other tags are left for
/// [`escape_markdown`].
fn html_to_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fence: Option<Fence> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let in_fence = match &fence {
            Some(open) => {
                if open.is_closed_by(trimmed) {
                    fence = None;
                }
                true
            }
            None => {
                fence = Fence::opened_by(trimmed);
                fence.is_some()
            }
        };
        if in_fence || !line.contains('<') {
            out.push_str(line);
        } else {
            convert_tags(line, &mut out);
        }
        out.push('\n');
    }
    // Paragraph tags next to line breaks leave runs of blank lines: one is enough.
    let mut collapsed = String::with_capacity(out.len());
    for line in out.split('\n') {
        if line.trim().is_empty() && collapsed.ends_with("\n\n") {
            continue;
        }
        collapsed.push_str(line.trim_end());
        collapsed.push('\n');
    }
    collapsed
}

/// Converts the known HTML tags of one line, writing the result to `out`.
fn convert_tags(line: &str, out: &mut String) {
    let mut rest = line;
    // The target of the `<a>` being written, when it is one Markdown can link to.
    let mut link: Option<String> = None;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let Some(end) = after.find('>') else {
            out.push_str(after);
            return;
        };
        let tag = &after[1..end];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        let markdown = match (name.as_str(), closing) {
            ("p" | "ul" | "ol", _) | ("br", false) => Some("\n\n".to_owned()),
            ("li", false) => Some("\n- ".to_owned()),
            ("li", true) => Some(String::new()),
            ("code", _) => Some("`".to_owned()),
            ("strong" | "b", _) => Some("**".to_owned()),
            ("em" | "i", _) => Some("*".to_owned()),
            ("a", false) => {
                link = href(tag)
                    .filter(|target| links_to_the_web(&target.chars().collect::<Vec<_>>()));
                Some(if link.is_some() { "[" } else { "" }.to_owned())
            }
            ("a", true) => Some(match link.take() {
                Some(target) => format!("]({target})"),
                None => String::new(),
            }),
            _ => None,
        };
        match markdown {
            Some(markdown) => out.push_str(&markdown),
            None => out.push_str(&after[..=end]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
}

/// The `href` of an `<a ...>` tag.
fn href(tag: &str) -> Option<String> {
    let value = tag.split_once("href=")?.1;
    let quote = value.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let value = &value[1..];
    value.find(quote).map(|end| value[..end].to_owned())
}

/// Whether a line starts a Markdown list item (`- `, `* `, `+ `, `1. `, `1) `).
fn is_list_item(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    if digits > 0 {
        rest.starts_with(". ") || rest.starts_with(") ")
    } else {
        ["- ", "* ", "+ "]
            .iter()
            .any(|marker| line.starts_with(marker))
    }
}

/// Escapes `[` and `]` outside links to web addresses and code, and wraps bare URLs in `<>`.
/// A link to anything else (`[Disk](omicron_common::api::external::Disk)`, a path in the
/// API's own code) would be read by rustdoc as a link into this crate, and break: it is kept
/// as plain text.
fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let chars: Vec<char> = line.chars().collect();
    // The `]` that closes the link being written.
    let mut link_close = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            // A code span that does not close on this line is no code span here (a
            // paragraph break may have been put inside it): its text is escaped as usual.
            if in_code || chars[i + 1..].contains(&'`') {
                in_code = !in_code;
            }
            out.push(c);
        } else if in_code {
            out.push(c);
        } else if c == '[' {
            let close = chars[i..].iter().position(|&c| c == ']').map(|p| p + i);
            match close {
                // A link whose target never closes (Stripe cuts some descriptions short) is
                // no link: rustdoc would read its text as a link into this crate.
                Some(end)
                    if chars.get(end + 1) == Some(&'(')
                        && links_to_the_web(&chars[end + 2..])
                        && chars[end + 2..].contains(&')') =>
                {
                    link_close = Some(end);
                    out.push('[');
                }
                _ => out.push_str("\\["),
            }
        } else if c == ']' {
            out.push_str(if link_close == Some(i) { "]" } else { "\\]" });
        } else if starts_url(&chars[i..]) && !is_link_target(&chars, i, link_close) {
            let end = chars[i..]
                .iter()
                .position(|c| c.is_whitespace() || matches!(c, ')' | '>' | '"'))
                .map_or(chars.len(), |p| p + i);
            let mut url: String = chars[i..end].iter().collect();
            let trailing: String = if url.ends_with(['.', ',', ';', ':']) {
                url.pop().into_iter().collect()
            } else {
                String::new()
            };
            out.push('<');
            out.push_str(&url);
            out.push('>');
            out.push_str(&trailing);
            i = end;
            continue;
        } else if c == '<' && !starts_url(&chars[i + 1..]) {
            // Anything tag-like left (`<api_key>`, a placeholder) would be read as an HTML
            // tag: it is shown as code instead, or escaped when it never closes.
            let tag_like = chars
                .get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == '/');
            match chars[i..].iter().position(|&c| c == '>') {
                Some(end) if tag_like => {
                    let span = &chars[i..=i + end];
                    // A backtick inside needs a longer fence around it.
                    let fence = if span.contains(&'`') { "`` " } else { "`" };
                    out.push_str(fence);
                    out.extend(span);
                    out.extend(fence.chars().rev());
                    i += end + 1;
                    continue;
                }
                // `a < b` is no tag; a `<x` that never closes still reads as one, and `<!--`
                // would open a comment that hides the lines after it.
                _ if tag_like || matches!(chars.get(i + 1), Some('!' | '?')) => {
                    out.push_str("&lt;")
                }
                _ => out.push('<'),
            }
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// Whether the URL at `i` is already written as a link: the target of the link whose `]` is
/// at `link_close`, or inside `<...>`. A link whose text began on an earlier line had its
/// brackets escaped, so its target is a bare URL, to be wrapped like any other.
fn is_link_target(chars: &[char], i: usize, link_close: Option<usize>) -> bool {
    match i.checked_sub(1).map(|before| chars[before]) {
        Some('<') => true,
        Some('(') => link_close.is_some() && link_close == i.checked_sub(2),
        _ => false,
    }
}

/// Whether a link target is a web address (absolute, relative to the site, or an anchor),
/// not a path rustdoc would look up.
fn links_to_the_web(target: &[char]) -> bool {
    let head: String = target.iter().take(8).collect();
    starts_url(target)
        || head.starts_with("mailto:")
        || head.starts_with(['/', '#'])
        || head.starts_with("./")
        || head.starts_with("../")
}

fn starts_url(chars: &[char]) -> bool {
    let head: String = chars.iter().take(8).collect();
    head.starts_with("http://") || head.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_warning_free_rustdoc() {
        assert_eq!(
            sanitize(
                "See [Console](https://x.io) and [this] at https://a.b/c.\n    indented <b>\n```\nlet x = 1;\n```"
            ),
            vec![
                " See [Console](https://x.io) and \\[this\\] at <https://a.b/c>.",
                " indented **",
                " ```text",
                " let x = 1;",
                " ```",
            ]
        );
    }

    #[test]
    fn only_links_to_the_web_stay_links() {
        assert_eq!(
            sanitize(
                "A [`Disk`](omicron_common::api::external::Disk), [docs](/docs/api), [top](#top) and [mail](mailto:a@b.c)."
            ),
            vec![
                " A \\[`Disk`\\](omicron_common::api::external::Disk), [docs](/docs/api), [top](#top) and [mail](mailto:a@b.c)."
            ]
        );
    }

    #[test]
    fn html_becomes_the_markdown_it_means() {
        assert_eq!(
            sanitize(
                "<p>Lists your <code>customers</code>, see <a href=\"/docs/api\">the docs</a>.</p><p>Send <strong>Basic &lt;key></strong> or <api_key>.</p>"
            ),
            vec![
                " Lists your `customers`, see [the docs](/docs/api).",
                " ",
                " Send **Basic &lt;key>** or `<api_key>`.",
            ]
        );
    }

    #[test]
    fn a_link_broken_over_two_lines_keeps_its_address_linked() {
        assert_eq!(
            sanitize("See the [custom media\ntype](https://x.io/media) here."),
            vec![
                " See the \\[custom media",
                " type\\](<https://x.io/media>) here."
            ]
        );
    }

    #[test]
    fn a_code_span_broken_over_two_lines_does_not_hide_what_follows_it() {
        assert_eq!(
            sanitize("for [`amazing\nlanguage:go`](https://x.io/s?q=a) is."),
            vec![
                " for \\[`amazing",
                " language:go`\\](<https://x.io/s?q=a>) is."
            ]
        );
    }

    #[test]
    fn a_link_cut_short_is_plain_text() {
        assert_eq!(
            sanitize("created on a [FinancialAccount](/docs/api/treasury"),
            vec![" created on a \\[FinancialAccount\\](/docs/api/treasury"]
        );
    }

    #[test]
    fn no_fence_of_the_spec_stays_a_code_block_rustdoc_runs() {
        let text = "```rust\nrun();\n```\n~~~\nrun();\n~~~\n````\n```rust\nrun();\n```\n````\n> ```rust\n> run();\n> ```\n- ```rust\n  run();\n  ```\n-     run();\n>     run();\n```rust\nleft open";
        let lines = sanitize(text);
        assert_eq!(
            crate::markdown::runnable_code_blocks(&lines.join("\n")),
            Vec::<String>::new()
        );
        assert_eq!(
            lines,
            [
                " ```text",
                " run();",
                " ```",
                " ~~~text",
                " run();",
                " ~~~",
                " ````text",
                " ```rust",
                " run();",
                " ```",
                " ````",
                " > \\```rust",
                " > run();",
                " > \\```",
                " - \\```rust",
                "",
                " run();",
                " \\```",
                " - run();",
                "",
                " > run();",
                " ```text",
                " left open",
                " ```",
            ]
        );
    }

    #[test]
    fn lines_the_rules_missed_fall_back_to_plain_text() {
        let missed = vec![
            " ```rust".to_owned(),
            " run();".to_owned(),
            " ```".to_owned(),
        ];
        let lines = verified(missed);
        assert_eq!(lines, [" \\`\\`\\`rust", " run();", " \\`\\`\\`"]);
        assert!(crate::markdown::runnable_code_blocks(&lines.join("\n")).is_empty());
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        assert_eq!(sanitize("a\rb\r\nc"), [" a", " b", " c"]);
    }

    #[test]
    fn spec_text_in_a_code_span_stays_in_it() {
        assert_eq!(code("X-Auth-ID"), "`X-Auth-ID`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a"), "`` `a ``");
        assert_eq!(code("a\n```rust"), "````a\\u{a}```rust````");
    }

    #[test]
    fn a_line_after_a_list_starts_a_new_paragraph() {
        assert_eq!(
            sanitize("Steps:\n* one\n2. two\nMore at the end."),
            vec![" Steps:", " * one", " 2. two", "", " More at the end."]
        );
    }
}
