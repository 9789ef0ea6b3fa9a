//! Examples against their schemas.
//!
//! Each example is checked in the dialect its document writes schemas in (JSON Schema draft 4
//! with OpenAPI's extensions for 3.0, 2020-12 for 3.1 and 3.2; see [`SchemaCheck`]). The
//! document's component schemas go along, so `$ref: '#/components/schemas/...'` resolves as
//! in the document.

use serde_json::Value;

use super::rules::{Context, operations};
use crate::diagnostics::escape_token;
use crate::http::media::is_json;
use crate::schema_check::SchemaCheck;

/// At most this many mismatches are reported per example; the first ones explain the rest.
const MAX_PER_EXAMPLE: usize = 3;

pub(super) fn run(cx: &mut Context<'_, '_>) {
    let dialect = crate::translate::dialect(cx.document);
    let check = SchemaCheck::new(cx.document.pointer("/components/schemas"), dialect);
    let mut contents: Vec<(String, &Value)> = Vec::new();
    for op in operations(cx.document) {
        if let Some(content) = op.value.pointer("/requestBody/content") {
            contents.push((format!("{}/requestBody/content", op.pointer), content));
        }
        for (status, response) in op
            .value
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if let Some(content) = response.get("content") {
                let at = format!("{}/responses/{}/content", op.pointer, escape_token(status));
                contents.push((at, content));
            }
        }
    }
    for section in ["responses", "requestBodies"] {
        for (name, entry) in cx
            .document
            .pointer(&format!("/components/{section}"))
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if let Some(content) = entry.get("content") {
                let at = format!("#/components/{section}/{}/content", escape_token(name));
                contents.push((at, content));
            }
        }
    }
    for (at, content) in contents {
        for (media, object) in content.as_object().into_iter().flatten() {
            let at = format!("{at}/{}", escape_token(media));
            media_type(cx, &at, media, object, &check);
        }
    }
}

/// The examples of one media type object, each with its pointer.
fn examples<'v>(cx: &Context<'v, '_>, at: &str, object: &'v Value) -> Vec<(String, &'v Value)> {
    let mut found = Vec::new();
    if let Some(example) = object.get("example") {
        found.push((format!("{at}/example"), example));
    }
    for (name, example) in object
        .get("examples")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let example_at = format!("{at}/examples/{}", escape_token(name));
        // An example object, possibly a `$ref` to `components/examples`.
        let resolved = match example.get("$ref").and_then(Value::as_str) {
            Some(reference) => reference
                .strip_prefix('#')
                .and_then(|pointer| cx.document.pointer(pointer)),
            None => Some(example),
        };
        if let Some(value) = resolved.and_then(|example| example.get("value")) {
            found.push((format!("{example_at}/value"), value));
        }
    }
    found
}

fn media_type(
    cx: &mut Context<'_, '_>,
    at: &str,
    media: &str,
    object: &Value,
    check: &SchemaCheck,
) {
    let examples = examples(cx, at, object);
    let Some((first_at, _)) = examples.first() else {
        return;
    };
    let Some(schema) = object.get("schema") else {
        cx.report(
            "example-without-schema",
            first_at,
            format!("this `{media}` example has no schema: the generated client cannot type the body, and nothing checks the example"),
            "add the schema the example (and the API's real answer) follows, with an overlay action",
        );
        return;
    };
    if !is_json(media) {
        return;
    }
    let validator = match check.validator(schema) {
        Ok(validator) => validator,
        Err(error) => {
            cx.report(
                "example-mismatch",
                &format!("{at}/schema"),
                format!("this schema cannot be used to check its examples: {error}"),
                "fix the schema so it is valid in its OpenAPI version's dialect",
            );
            return;
        }
    };
    for (example_at, example) in examples {
        let mismatches: Vec<(String, String)> = validator
            .iter_errors(example)
            .take(MAX_PER_EXAMPLE)
            .map(|error| (error.instance_path().as_str().to_owned(), error.to_string()))
            .collect();
        for (instance_path, message) in mismatches {
            let shown = if instance_path.is_empty() {
                "the example"
            } else {
                instance_path.as_str()
            };
            cx.report(
                "example-mismatch",
                &format!("{example_at}{instance_path}"),
                format!("the `{media}` example does not match its schema: {shown}: {message}"),
                "fix the example or the schema (with an overlay action); when the API really answers like the example, the schema is what is wrong",
            );
        }
    }
}
