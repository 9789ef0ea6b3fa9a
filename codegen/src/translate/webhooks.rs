//! `webhooks`: the requests a provider sends to its users. A client does not call them, but
//! its users must decode what arrives, so each webhook's payload schema becomes a component
//! (and so a type of the client) and the webhooks are listed, with their payload types, in
//! the `x-webhooks` extension the IR reads to document them.

use serde_json::{Map, Value, json};

use super::Translation;
use super::walk::entries;
use crate::diagnostics::escape_token;
use crate::http::HttpMethod;

/// Moves the webhooks' payload schemas into `components/schemas` and lists the webhooks in
/// `x-webhooks`; the `webhooks` section is taken out.
pub(super) fn extract(document: &mut Value, cx: &mut Translation<'_>) {
    let Some(Value::Object(webhooks)) = document
        .as_object_mut()
        .and_then(|root| root.remove("webhooks"))
    else {
        return;
    };
    let mut listed = Vec::new();
    for (name, item) in webhooks {
        let at = format!("#/webhooks/{}", escape_token(&name));
        let item = path_item(document, item);
        for method in HttpMethod::ALL.map(HttpMethod::key) {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let op_at = format!("{at}/{method}");
            let payload = payload(document, &name, operation, &op_at, cx);
            let mut entry = Map::new();
            entry.insert("name".to_owned(), json!(name));
            entry.insert("method".to_owned(), json!(method.to_uppercase()));
            for key in ["summary", "description", "operationId"] {
                if let Some(text) = operation.get(key).or_else(|| item.get(key)) {
                    entry.insert(key.to_owned(), text.clone());
                }
            }
            if let Some(payload) = payload {
                entry.insert("payload".to_owned(), json!(payload));
            }
            listed.push(Value::Object(entry));
        }
    }
    if let Some(root) = document.as_object_mut() {
        root.insert("x-webhooks".to_owned(), Value::Array(listed));
    }
}

/// The path item itself, when it is given as a `$ref` to `components/pathItems`; the
/// referrer's `summary` and `description` take precedence, as 3.1 says.
fn path_item(document: &Value, item: Value) -> Value {
    let Some(reference) = item.get("$ref").and_then(Value::as_str) else {
        return item;
    };
    let Some(Value::Object(mut target)) = reference
        .strip_prefix('#')
        .and_then(|pointer| document.pointer(pointer))
        .cloned()
    else {
        return item;
    };
    for (key, value) in entries(Some(&item)) {
        if key != "$ref" {
            target.insert(key.clone(), value.clone());
        }
    }
    Value::Object(target)
}

/// The component pointer of a webhook's payload: its JSON body's schema, copied into
/// `components/schemas` when it is given inline.
fn payload(
    document: &mut Value,
    name: &str,
    operation: &Value,
    at: &str,
    cx: &mut Translation<'_>,
) -> Option<String> {
    let mut body = operation.get("requestBody")?.clone();
    if let Some(reference) = body.get("$ref").and_then(Value::as_str) {
        body = document.pointer(reference.strip_prefix('#')?)?.clone();
    }
    let (media, object) = entries(body.get("content"))
        .find(|(media, _)| crate::http::media::is_json(media))
        .or_else(|| entries(body.get("content")).next())?;
    let schema = object.get("schema")?;
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str)
        && schema.as_object().is_some_and(|map| map.len() == 1)
    {
        return Some(reference.to_owned());
    }
    let schemas = document
        .as_object_mut()?
        .entry("components")
        .or_insert_with(|| json!({}))
        .as_object_mut()?
        .entry("schemas")
        .or_insert_with(|| json!({}))
        .as_object_mut()?;
    let mut component = format!("{name}-payload");
    let mut number = 2;
    while schemas.contains_key(&component) {
        component = format!("{name}-payload{number}");
        number += 1;
    }
    schemas.insert(component.clone(), schema.clone());
    let to = format!("#/components/schemas/{}", escape_token(&component));
    let from = format!("{at}/requestBody/content/{}/schema", escape_token(media));
    cx.record_origin(&to, &from);
    Some(to)
}
