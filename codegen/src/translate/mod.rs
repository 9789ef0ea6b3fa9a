//! Stage 3b: an OpenAPI 3.1 or 3.2 document brought to the OpenAPI 3.0 form every later stage
//! reads (the `openapiv3` model), on the JSON tree, in one place.
//!
//! 3.1 made schemas JSON Schema 2020-12 and added webhooks, reusable path items and a few
//! fields; 3.2 added more on top. What 3.0 says the same way is rewritten without a word; what
//! it cannot say is rewritten to the nearest form with a note or a warning naming its pointer,
//! so nothing is lost silently; what has no 3.0 form at all (3.2's `query` operations,
//! `additionalOperations`, streamed `itemSchema` bodies) is an error naming it. A 3.0 document
//! passes through untouched.
//!
//! The passes, in order: webhooks (`webhooks`), the document's own fields, references
//! (`refs`: every schema reference made a component reference), then each schema's keywords
//! (`keywords`); `walk` says where the schemas are, for all of them.

mod keywords;
mod refs;
#[cfg(test)]
mod tests;
mod walk;
mod webhooks;

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::diagnostics::{Diagnostics, Origins, Reporter};

/// The dialect a document's schemas are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// OpenAPI 3.0: JSON Schema draft 4 (extended with `nullable` and friends).
    OpenApi30,
    /// OpenAPI 3.1 and 3.2: JSON Schema 2020-12.
    JsonSchema202012,
}

/// The OpenAPI versions this stage brings to 3.0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Version {
    V3_1,
    V3_2,
}

fn version(document: &Value) -> Option<Version> {
    let version = document.get("openapi")?.as_str()?;
    if version.starts_with("3.1.") || version == "3.1" {
        Some(Version::V3_1)
    } else if version.starts_with("3.2.") || version == "3.2" {
        Some(Version::V3_2)
    } else {
        None
    }
}

/// How the schemas of a document (as written, before this stage) are to be read.
pub fn dialect(document: &Value) -> Dialect {
    match version(document) {
        Some(_) => Dialect::JsonSchema202012,
        None => Dialect::OpenApi30,
    }
}

/// The default dialect of OpenAPI 3.1 schemas; any other is read as if it were this one.
const OAS_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// Brings a 3.1 or 3.2 document to 3.0. False (with errors) when it uses what 3.0 cannot
/// express at all; every other document comes out as OpenAPI 3.0.3.
pub fn translate(
    document: &mut Value,
    origins: &mut Origins,
    diagnostics: &mut Diagnostics,
) -> bool {
    let Some(version) = version(document) else {
        return true;
    };
    let mut cx = Translation {
        report: Reporter::new(origins, diagnostics),
        component_types: BTreeMap::new(),
    };
    if version == Version::V3_2 && !only_what_31_has(document, &mut cx) {
        return false;
    }
    webhooks::extract(document, &mut cx);
    document_fields(document, &mut cx);
    refs::to_components(document, &mut cx);
    cx.component_types = component_types(document);
    walk::each_schema(document, &mut |at, schema| {
        keywords::translate(at, schema, &mut cx)
    });
    if let Some(root) = document.as_object_mut() {
        root.insert("openapi".to_owned(), json!("3.0.3"));
    }
    true
}

/// What the passes share: where to report, and what they learned of the document.
struct Translation<'a> {
    report: Reporter<'a, &'a mut Origins>,
    /// The `type` of each component schema, by its reference.
    component_types: BTreeMap<String, Value>,
}

impl Translation<'_> {
    /// Problems about a copy at `to` are shown where the original at `from` is written.
    fn record_origin(&mut self, to: &str, from: &str) {
        self.report.origins.record_move(to, from);
    }

    /// The `type` of the component schema a reference names, when it has one.
    fn referenced_type(&self, reference: &str) -> Option<Value> {
        self.component_types.get(reference).cloned()
    }
}

fn component_types(document: &Value) -> BTreeMap<String, Value> {
    walk::entries(document.pointer("/components/schemas"))
        .filter_map(|(name, schema)| {
            let reference = format!(
                "#/components/schemas/{}",
                crate::diagnostics::escape_token(name)
            );
            Some((reference, schema.get("type")?.clone()))
        })
        .collect()
}

/// 3.2 documents are read when they use only what 3.1 has; each 3.2-only construct is an
/// error naming it.
fn only_what_31_has(document: &Value, cx: &mut Translation<'_>) -> bool {
    let mut found = Vec::new();
    let items = ["paths", "webhooks"]
        .into_iter()
        .flat_map(|section| {
            walk::entries(document.get(section)).map(move |(k, v)| {
                (
                    format!("#/{section}/{}", crate::diagnostics::escape_token(k)),
                    v,
                )
            })
        })
        .chain(
            walk::entries(document.pointer("/components/pathItems")).map(|(k, v)| {
                (
                    format!(
                        "#/components/pathItems/{}",
                        crate::diagnostics::escape_token(k)
                    ),
                    v,
                )
            }),
        );
    for (at, item) in items {
        if item.get("query").is_some() {
            found.push((
                format!("{at}/query"),
                "a `query` operation (the HTTP QUERY method)",
            ));
        }
        if item.get("additionalOperations").is_some() {
            found.push((
                format!("{at}/additionalOperations"),
                "`additionalOperations` (methods beyond OpenAPI's fixed list)",
            ));
        }
    }
    for root in walk::schema_roots(document) {
        if root.ends_with("/itemSchema") {
            found.push((
                root,
                "a streamed body (`itemSchema`: a sequence of items, not one JSON value)",
            ));
        }
    }
    let is_querystring =
        |value: &Value| value.get("in").and_then(Value::as_str) == Some("querystring");
    for (name, parameter) in walk::entries(document.pointer("/components/parameters")) {
        if is_querystring(parameter) {
            found.push((
                format!(
                    "#/components/parameters/{}/in",
                    crate::diagnostics::escape_token(name)
                ),
                "a `querystring` parameter (the whole query string as one value)",
            ));
        }
    }
    for (at, what) in &found {
        cx.report.error(
            at,
            format!("{what} is OpenAPI 3.2 only, and the client cannot express it yet"),
            "describe the operation with OpenAPI 3.1 constructs (or remove it with an overlay action), then generate again",
        );
    }
    found.is_empty()
}

/// `info.summary`, `license.identifier`, `jsonSchemaDialect`, `$self`, mutual TLS and
/// reusable path items: the document's fields that 3.0 has not.
fn document_fields(document: &mut Value, cx: &mut Translation<'_>) {
    let Some(root) = document.as_object_mut() else {
        return;
    };
    if let Some(Value::Object(info)) = root.get_mut("info") {
        if let Some(Value::String(summary)) = info.remove("summary") {
            let description = match info.get("description").and_then(Value::as_str) {
                Some(description) => format!("{summary}\n\n{description}"),
                None => summary,
            };
            info.insert("description".to_owned(), json!(description));
        }
        if let Some(Value::Object(license)) = info.get_mut("license")
            && let Some(Value::String(identifier)) = license.remove("identifier")
        {
            license
                .entry("url")
                .or_insert_with(|| json!(format!("https://spdx.org/licenses/{identifier}.html")));
        }
    }
    root.remove("$self");
    if let Some(dialect) = root.remove("jsonSchemaDialect")
        && dialect.as_str() != Some(OAS_DIALECT)
    {
        cx.report.note(
            "#/jsonSchemaDialect",
            format!(
                "schemas are read as OpenAPI's own dialect (JSON Schema 2020-12), not {dialect}"
            ),
            "keywords of other vocabularies are not read",
        );
    }
    // 3.1 lets an operation leave out `responses`; 3.0 requires the (possibly empty) map.
    for (_, item) in root.iter_mut().filter(|(key, _)| *key == "paths") {
        for item in item
            .as_object_mut()
            .into_iter()
            .flat_map(|paths| paths.values_mut())
        {
            for key in walk::operation_keys() {
                if let Some(Value::Object(operation)) = item.get_mut(key) {
                    operation.entry("responses").or_insert_with(|| json!({}));
                }
            }
        }
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        // Path items given by reference were inlined when the document was loaded.
        components.remove("pathItems");
        if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
            let mutual: Vec<String> = schemes
                .iter()
                .filter(|(_, scheme)| {
                    scheme.get("type").and_then(Value::as_str) == Some("mutualTLS")
                })
                .map(|(name, _)| name.clone())
                .collect();
            for name in mutual {
                schemes.remove(&name);
                cx.report.note(
                    &format!("#/components/securitySchemes/{}", crate::diagnostics::escape_token(&name)),
                    "mutual TLS is not a credential the client sends: give the client certificate to the `reqwest::Client` the generated client is built with",
                    "nothing to change in the spec",
                );
            }
        }
    }
}
