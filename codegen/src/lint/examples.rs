//! Examples against their schemas.
//!
//! An OpenAPI 3.0 schema is JSON Schema draft 4 plus a few keywords, so examples are checked
//! by a draft-4 validator (the `jsonschema` crate) after `nullable: true` is rewritten as
//! "or null" and OpenAPI's own annotations are dropped. The document's component schemas go
//! along, so `$ref: '#/components/schemas/...'` resolves as in the document.

use serde_json::{Map, Value, json};

use super::rules::{Context, operations};
use crate::diagnostics::escape_token;
use crate::http::media::is_json;

/// At most this many mismatches are reported per example; the first ones explain the rest.
const MAX_PER_EXAMPLE: usize = 3;

pub(super) fn run(cx: &mut Context<'_, '_>) {
    let components = json!({
        "schemas": cx
            .document
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|schemas| schemas.iter().map(|(k, v)| (k.clone(), to_draft4(v))).collect::<Map<_, _>>())
            .unwrap_or_default(),
    });
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
            media_type(cx, &at, media, object, &components);
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

fn media_type(cx: &mut Context<'_, '_>, at: &str, media: &str, object: &Value, components: &Value) {
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
    let root = json!({ "allOf": [to_draft4(schema)], "components": components });
    let validator = match jsonschema::draft4::new(&root) {
        Ok(validator) => validator,
        Err(error) => {
            cx.report(
                "example-mismatch",
                &format!("{at}/schema"),
                format!("this schema cannot be used to check its examples: {error}"),
                "fix the schema so it is valid OpenAPI 3.0",
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

/// An OpenAPI 3.0 schema as JSON Schema draft 4: `nullable: true` becomes "or null", and the
/// keywords draft 4 does not know are dropped.
fn to_draft4(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (key, value) in map {
        let converted = match key.as_str() {
            "nullable" | "discriminator" | "xml" | "externalDocs" | "example" | "deprecated"
            | "readOnly" | "writeOnly" => continue,
            "properties" | "patternProperties" | "definitions" => Value::Object(
                value
                    .as_object()
                    .map(|entries| {
                        entries
                            .iter()
                            .map(|(k, v)| (k.clone(), to_draft4(v)))
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
            "allOf" | "anyOf" | "oneOf" => Value::Array(
                value
                    .as_array()
                    .map(|items| items.iter().map(to_draft4).collect())
                    .unwrap_or_default(),
            ),
            "items" | "not" | "additionalProperties" => to_draft4(value),
            _ => value.clone(),
        };
        out.insert(key.clone(), converted);
    }
    if map.get("nullable") == Some(&Value::Bool(true)) && !map.contains_key("$ref") {
        json!({ "anyOf": [Value::Object(out), { "type": "null" }] })
    } else {
        Value::Object(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_becomes_or_null_and_annotations_go() {
        let schema = json!({
            "type": "object",
            "properties": {"id": {"type": "string", "nullable": true, "example": "x"}},
            "discriminator": {"propertyName": "id"}
        });
        assert_eq!(
            to_draft4(&schema),
            json!({
                "type": "object",
                "properties": {"id": {"anyOf": [{"type": "string"}, {"type": "null"}]}}
            })
        );
    }
}
