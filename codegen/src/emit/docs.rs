//! Doc comments from spec text. Spec descriptions are Markdown written for web pages; rustdoc
//! reads them differently (a code fence is a doctest, `[x]` is an intra-doc link, a bare URL
//! is a warning), so they are adjusted to mean on docs.rs what they meant on the web.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes for `text`, one per line.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = sanitize(text);
    quote! { #( #[doc = #lines] )* }
}

/// `#![doc = "..."]` attributes: the docs of the enclosing module or crate.
pub fn inner_doc_attrs(text: &str) -> TokenStream {
    let lines = sanitize(text);
    quote! { #( #![doc = #lines] )* }
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

/// Joins paragraphs (skipping empty ones) into one doc text.
pub fn paragraphs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    parts
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn sanitize(text: &str) -> Vec<String> {
    let text = html_to_markdown(text);
    let mut in_fence = false;
    let mut lines = Vec::new();
    for line in text.trim().lines() {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            // Fences become text blocks unless they are Rust: doctests are not ours to run.
            lines.push(if in_fence || info.trim() == "rust" {
                format!(" {trimmed}")
            } else {
                " ```text".to_owned()
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(format!(" {line}"));
        } else {
            // A plain line right after a list item would be read as part of it ("lazy
            // continuation"); on the web it was meant as a new paragraph.
            let after_item = lines
                .last()
                .is_some_and(|last: &String| is_list_item(last.trim_start()));
            if after_item && !trimmed.is_empty() && !is_list_item(trimmed) {
                lines.push(String::new());
            }
            // Leading indentation would make an indented code block, i.e. a doctest.
            lines.push(format!(" {}", escape_markdown(trimmed.trim_end())));
        }
    }
    if in_fence {
        lines.push(" ```".to_owned());
    }
    lines
}

/// Rewrites the HTML some specs write their descriptions in (Stripe's `<p>`, `<code>`, `<a>`)
/// as the Markdown it means, outside code fences. Other tags are left for
/// [`escape_markdown`].
fn html_to_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
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
                // `a < b` is no tag; a `<x` that never closes still reads as one.
                _ if tag_like => out.push_str("&lt;"),
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
    fn a_line_after_a_list_starts_a_new_paragraph() {
        assert_eq!(
            sanitize("Steps:\n* one\n2. two\nMore at the end."),
            vec![" Steps:", " * one", " 2. two", "", " More at the end."]
        );
    }
}
