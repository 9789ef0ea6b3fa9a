//! The lints that read the document's structure and text.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::diagnostics::Origins;
use crate::diagnostics::{Diagnostics, escape_token, operation_label};
use crate::http::HttpMethod;
use crate::parse::SECTIONS;

/// What every lint works with.
pub(super) struct Context<'a, 'd> {
    pub document: &'a Value,
    pub origins: &'a Origins,
    pub findings: &'d mut Diagnostics,
}

impl Context<'_, '_> {
    pub(super) fn report(
        &mut self,
        lint: &str,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let file = self.origins.file_for(pointer).to_path_buf();
        self.findings.finding(lint, &file, pointer, message, help);
    }
}

/// One operation of the document.
pub(super) struct Op<'a> {
    pub path: &'a str,
    pub method: &'a str,
    pub value: &'a Value,
    pub pointer: String,
}

impl Op<'_> {
    pub(super) fn label(&self) -> String {
        operation_label(
            self.value.get("operationId").and_then(Value::as_str),
            self.method,
            self.path,
        )
    }
}

/// Every operation, in document order.
pub(super) fn operations(document: &Value) -> Vec<Op<'_>> {
    let mut out = Vec::new();
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, value) in item {
            if HttpMethod::from_key(method).is_some() && value.is_object() {
                out.push(Op {
                    path,
                    method,
                    value,
                    pointer: format!("#/paths/{}/{method}", escape_token(path)),
                });
            }
        }
    }
    out
}

pub(super) fn run(cx: &mut Context<'_, '_>) {
    let operations = operations(cx.document);
    for op in &operations {
        body_on_204(cx, op);
        no_error_responses(cx, op);
        summary_contradicts_operation_id(cx, op);
        body_in_prose_only(cx, op);
    }
    tags(cx, &operations);
    unused_components(cx);
}

fn responses<'a>(op: &Op<'a>) -> impl Iterator<Item = (&'a String, &'a Value)> {
    op.value
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
}

fn body_on_204(cx: &mut Context<'_, '_>, op: &Op<'_>) {
    for (status, response) in responses(op) {
        let has_content = response
            .get("content")
            .and_then(Value::as_object)
            .is_some_and(|content| !content.is_empty());
        if matches!(status.as_str(), "204" | "205" | "304") && has_content {
            cx.report(
                "body-on-204",
                &format!("{}/responses/{status}/content", op.pointer),
                format!(
                    "{} documents a body on its {status} response, which HTTP says has none",
                    op.label()
                ),
                "remove the `content` (with an overlay action), or document the status that really carries the body",
            );
        }
    }
}

fn no_error_responses(cx: &mut Context<'_, '_>, op: &Op<'_>) {
    let documents_errors = responses(op).any(|(status, _)| {
        status == "default" || status.starts_with('4') || status.starts_with('5')
    });
    if !documents_errors {
        cx.report(
            "no-error-responses",
            &format!("{}/responses", op.pointer),
            format!("{} documents no error response", op.label()),
            "document the error statuses and their body (with an overlay action), so callers get typed errors",
        );
    }
}

/// Words that name the same action; an operation's summary and operationId should share one.
const ACTIONS: &[&[&str]] = &[
    &[
        "get", "fetch", "retrieve", "read", "list", "show", "find", "search", "query", "describe",
        "lookup",
    ],
    &[
        "create", "add", "new", "make", "insert", "register", "invite",
    ],
    &[
        "update", "modify", "edit", "change", "patch", "set", "replace", "put",
    ],
    &["delete", "remove", "destroy", "erase", "drop", "purge"],
    &["hangup", "disconnect", "terminate", "end"],
    &["kick", "eject", "expel"],
    &["mute"],
    &["unmute"],
    &["deaf", "deafen"],
    &["undeaf", "undeafen"],
    &["start", "begin", "launch"],
    &["stop", "halt"],
    &["play"],
    &["record"],
    &["transfer", "forward", "redirect"],
];

/// Lower-case words of a text; `hang up`, `hang-up` and `hangUp` all give `hangup`.
fn words(text: &str) -> Vec<String> {
    let snake = heck::ToSnakeCase::to_snake_case(text);
    let mut out: Vec<String> = snake
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let mut joined = Vec::with_capacity(out.len());
    let mut index = 0;
    while index < out.len() {
        if out[index] == "hang" && out.get(index + 1).is_some_and(|w| w == "up") {
            joined.push("hangup".to_owned());
            index += 2;
        } else {
            joined.push(std::mem::take(&mut out[index]));
            index += 1;
        }
    }
    joined
}

fn action_of(word: &str) -> Option<usize> {
    ACTIONS.iter().position(|group| group.contains(&word))
}

fn summary_contradicts_operation_id(cx: &mut Context<'_, '_>, op: &Op<'_>) {
    let (Some(id), Some(summary)) = (
        op.value.get("operationId").and_then(Value::as_str),
        op.value.get("summary").and_then(Value::as_str),
    ) else {
        return;
    };
    let id_words = words(id);
    let Some((id_word, id_action)) = id_words
        .iter()
        .find_map(|word| Some((word, action_of(word)?)))
    else {
        return;
    };
    let summary_words = words(summary);
    if summary_words
        .iter()
        .any(|w| action_of(w) == Some(id_action))
    {
        return;
    }
    let Some(said) = summary_words.iter().find(|w| action_of(w).is_some()) else {
        return;
    };
    cx.report(
        "summary-contradicts-operation-id",
        &format!("{}/summary", op.pointer),
        format!("the summary `{summary}` says `{said}`, but the operationId `{id}` says `{id_word}`"),
        "check which action the endpoint performs, and fix the summary or the operationId (with an overlay action)",
    );
}

fn body_in_prose_only(cx: &mut Context<'_, '_>, op: &Op<'_>) {
    if op.value.get("requestBody").is_some() {
        return;
    }
    for field in ["summary", "description"] {
        let Some(text) = op.value.get(field).and_then(Value::as_str) else {
            continue;
        };
        let lower = text.to_lowercase();
        let words = words(&lower);
        let mentions =
            words.iter().any(|w| w == "body" || w == "payload") || lower.contains("json object");
        if mentions {
            cx.report(
                "body-in-prose-only",
                &format!("{}/{field}", op.pointer),
                format!(
                    "the {field} of {} describes a request body, but the operation defines none",
                    op.label()
                ),
                "add the `requestBody` the text describes (with an overlay action)",
            );
            return;
        }
    }
}

/// A tag's spelling reduced to what people mean: case, spacing and a plural `s` dropped.
fn tag_key(tag: &str) -> String {
    let key: String = tag
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .flat_map(char::to_lowercase)
        .collect();
    key.strip_suffix('s').map(str::to_owned).unwrap_or(key)
}

fn tags(cx: &mut Context<'_, '_>, operations: &[Op<'_>]) {
    let declared: Vec<(&str, String)> = cx
        .document
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(index, tag)| {
            Some((tag.get("name")?.as_str()?, format!("#/tags/{index}/name")))
        })
        .collect();
    let mut spellings: BTreeMap<String, (String, String)> = declared
        .iter()
        .rev()
        .map(|(name, at)| (tag_key(name), ((*name).to_owned(), at.clone())))
        .collect();
    let mut reported = BTreeSet::new();
    for op in operations {
        let used = op.value.get("tags").and_then(Value::as_array);
        for (index, tag) in used.into_iter().flatten().enumerate() {
            let Some(tag) = tag.as_str() else {
                continue;
            };
            let at = format!("{}/tags/{index}", op.pointer);
            let (first, first_at) = spellings
                .entry(tag_key(tag))
                .or_insert_with(|| (tag.to_owned(), at.clone()))
                .clone();
            if first != tag && reported.insert(tag.to_owned()) {
                cx.report(
                    "inconsistent-tag",
                    &at,
                    format!("the tag `{tag}` differs from `{first}` (at {first_at}) only in case, spacing or a plural"),
                    format!("use `{first}` everywhere (with an overlay action)"),
                );
            } else if first == tag
                && !declared.iter().any(|(name, _)| *name == tag)
                && reported.insert(tag.to_owned())
            {
                cx.report(
                    "undeclared-tag",
                    &at,
                    format!(
                        "the tag `{tag}` of {} is not declared in the top-level `tags`",
                        op.label()
                    ),
                    format!(
                        "declare `{tag}` with a description under `tags` (with an overlay action)"
                    ),
                );
            }
        }
    }
}

fn unused_components(cx: &mut Context<'_, '_>) {
    let Some(components) = cx.document.get("components").and_then(Value::as_object) else {
        return;
    };
    // Everything outside `components` is in use; a component is in use when something in use
    // refers to it.
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut pending: Vec<String> = Vec::new();
    if let Some(root) = cx.document.as_object() {
        for (key, value) in root {
            if key != "components" {
                references(value, &mut pending);
            }
        }
    }
    while let Some(reference) = pending.pop() {
        if !used.insert(reference.clone()) {
            continue;
        }
        if let Some(target) = reference
            .strip_prefix('#')
            .and_then(|pointer| cx.document.pointer(pointer))
        {
            references(target, &mut pending);
        }
    }
    let mut schemes_used: BTreeSet<&str> = BTreeSet::new();
    let operations = operations(cx.document);
    let requirements = std::iter::once(cx.document.get("security"))
        .chain(operations.iter().map(|op| op.value.get("security")))
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(Value::as_object);
    for requirement in requirements {
        schemes_used.extend(requirement.keys().map(String::as_str));
    }
    let mut unused = Vec::new();
    // Security schemes are used by name in requirements, not by `$ref`: checked below.
    for section in SECTIONS.into_iter().filter(|s| *s != "securitySchemes") {
        for name in components
            .get(section)
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|entries| entries.keys())
        {
            let pointer = format!("#/components/{section}/{}", escape_token(name));
            if !used.contains(&pointer) {
                unused.push((pointer, format!("{section}/{name}")));
            }
        }
    }
    for name in components
        .get("securitySchemes")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|entries| entries.keys())
    {
        if !schemes_used.contains(name.as_str()) {
            let pointer = format!("#/components/securitySchemes/{}", escape_token(name));
            unused.push((pointer, format!("securitySchemes/{name}")));
        }
    }
    for (pointer, name) in unused {
        cx.report(
            "unused-component",
            &pointer,
            format!("the component `{name}` is not used by any operation"),
            "remove it, or refer to it where it was meant to be used (with an overlay action)",
        );
    }
}

/// Collects the internal references in `value`: `$ref`s, and discriminator mappings.
fn references(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("$ref", Value::String(reference)) if reference.starts_with('#') => {
                        out.push(reference.clone());
                    }
                    ("mapping", Value::Object(mapping)) => out.extend(
                        mapping
                            .values()
                            .filter_map(Value::as_str)
                            .filter(|r| r.starts_with('#'))
                            .map(str::to_owned),
                    ),
                    _ => references(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| references(item, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_join_hang_up_and_split_identifiers() {
        assert_eq!(words("Hang up a member"), ["hangup", "a", "member"]);
        assert_eq!(words("hangup-member"), ["hangup", "member"]);
        assert_eq!(words("kickMember"), ["kick", "member"]);
    }

    #[test]
    fn tag_keys_ignore_case_spacing_and_plurals() {
        assert_eq!(tag_key("Live Calls"), tag_key("live-call"));
        assert_ne!(tag_key("Calls"), tag_key("Conference"));
    }
}
