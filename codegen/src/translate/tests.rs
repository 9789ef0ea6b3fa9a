//! The translation of each 3.1 construct, checked on the JSON it produces and on what it
//! reported, with the pointer it reported at.

use serde_json::{Value, json};

use crate::diagnostics::{Diagnostics, Origins, Severity};

/// A document translated, and what was reported: (severity, pointer, message).
fn translated(yaml: &str) -> (Value, bool, Vec<(Severity, String, String)>) {
    let mut document: Value = serde_yaml::from_str(yaml).expect("the test document is YAML");
    let mut origins = Origins::default();
    let mut diagnostics = Diagnostics::default();
    let ok = super::translate(&mut document, &mut origins, &mut diagnostics);
    let reported = diagnostics
        .iter()
        .map(|d| (d.severity, d.pointer.clone(), d.message.clone()))
        .collect();
    (document, ok, reported)
}

/// The component schemas of a 3.1 document whose `components.schemas` is `schemas`, after
/// translation, and what was reported.
fn schemas(schemas: Value) -> (Value, Vec<(Severity, String, String)>) {
    let document = json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    });
    let (document, ok, reported) = translated(&document.to_string());
    assert!(ok, "{reported:?}");
    assert_eq!(document["openapi"], "3.0.3");
    (document["components"]["schemas"].clone(), reported)
}

/// The one schema `A`, translated, and what was reported.
fn schema(a: Value) -> (Value, Vec<(Severity, String, String)>) {
    let (schemas, reported) = schemas(json!({ "A": a }));
    (schemas["A"].clone(), reported)
}

fn reported_at(reported: &[(Severity, String, String)], severity: Severity) -> Vec<&str> {
    reported
        .iter()
        .filter(|(s, _, _)| *s == severity)
        .map(|(_, at, _)| at.as_str())
        .collect()
}

#[test]
fn a_3_0_document_passes_through_untouched() {
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: [string, 'null'], const: 1}\n";
    let (document, ok, reported) = translated(yaml);
    assert!(ok);
    assert!(reported.is_empty());
    assert_eq!(document, serde_yaml::from_str::<Value>(yaml).unwrap());
}

#[test]
fn a_type_with_null_is_nullable_and_only_null_is_the_null_value() {
    let (a, reported) = schema(json!({"type": ["string", "null"], "maxLength": 3}));
    assert_eq!(
        a,
        json!({"type": "string", "nullable": true, "maxLength": 3})
    );
    assert!(reported.is_empty());
    let (a, _) = schema(json!({"type": "null"}));
    assert_eq!(a, json!({"enum": [null]}));
}

#[test]
fn several_types_are_one_schema_per_type_each_with_its_own_keywords() {
    let (a, reported) = schema(json!({
        "type": ["string", "integer", "null"],
        "maxLength": 3,
        "minimum": 1,
        "format": "int64",
        "description": "kept on the union",
    }));
    assert_eq!(
        a,
        json!({
            "description": "kept on the union",
            "nullable": true,
            "oneOf": [
                {"type": "string", "maxLength": 3},
                {"type": "integer", "minimum": 1, "format": "int64"},
            ],
        })
    );
    assert!(reported.is_empty());
}

#[test]
fn integer_and_number_together_are_a_number() {
    let (a, _) = schema(json!({"type": ["integer", "number"], "minimum": 0}));
    assert_eq!(a, json!({"type": "number", "minimum": 0}));
}

#[test]
fn enum_values_go_to_the_types_they_are_and_a_type_with_none_is_dropped() {
    let (a, reported) = schema(json!({"type": ["string", "number", "boolean"], "enum": ["a", 2]}));
    assert_eq!(
        a,
        json!({"oneOf": [
            {"type": "string", "enum": ["a"]},
            {"type": "number", "enum": [2]},
        ]})
    );
    assert_eq!(
        reported_at(&reported, Severity::Warning),
        ["#/components/schemas/A/type"]
    );
    assert!(reported[0].2.contains("`boolean`"), "{reported:?}");
}

#[test]
fn unknown_and_empty_type_lists_are_warned_about() {
    let (a, reported) = schema(json!({"type": ["strin", "null"]}));
    assert_eq!(a, json!({"enum": [null]}));
    assert_eq!(
        reported_at(&reported, Severity::Warning),
        ["#/components/schemas/A/type/0"]
    );
    let (a, reported) = schema(json!({"type": []}));
    assert_eq!(a, json!({}));
    assert_eq!(
        reported_at(&reported, Severity::Warning),
        ["#/components/schemas/A/type"]
    );
}

#[test]
fn const_is_a_one_value_enum_typed_by_its_value() {
    assert_eq!(
        schema(json!({"const": "card"})).0,
        json!({"type": "string", "enum": ["card"]})
    );
    assert_eq!(
        schema(json!({"const": 7})).0,
        json!({"type": "integer", "enum": [7]})
    );
    assert_eq!(
        schema(json!({"type": "string", "const": "x"})).0,
        json!({"type": "string", "enum": ["x"]})
    );
}

#[test]
fn the_first_of_examples_is_the_example() {
    let (a, _) = schema(json!({"type": "integer", "examples": [3, 4]}));
    assert_eq!(a, json!({"type": "integer", "example": 3}));
}

#[test]
fn numeric_exclusive_bounds_are_the_3_0_pair_and_the_stricter_bound_wins() {
    let (a, _) = schema(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10}));
    assert_eq!(
        a,
        json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": true})
    );
    let (a, _) = schema(json!({"type": "number", "exclusiveMinimum": 0, "minimum": 5}));
    assert_eq!(a, json!({"type": "number", "minimum": 5}));
}

#[test]
fn base64_content_is_bytes_and_a_media_type_alone_is_binary() {
    let (a, _) = schema(json!({"type": "string", "contentEncoding": "base64"}));
    assert_eq!(a, json!({"type": "string", "format": "byte"}));
    let (a, _) = schema(json!({"contentMediaType": "image/png"}));
    assert_eq!(a, json!({"type": "string", "format": "binary"}));
    let (a, reported) = schema(json!({"type": "string", "contentEncoding": "quoted-printable"}));
    assert_eq!(a, json!({"type": "string"}));
    assert_eq!(
        reported_at(&reported, Severity::Note),
        ["#/components/schemas/A/contentEncoding"]
    );
}

#[test]
fn prefix_items_alike_are_a_list_of_that_length_and_mixed_ones_are_noted() {
    let (a, reported) =
        schema(json!({"prefixItems": [{"type": "number"}, {"type": "number"}], "items": false}));
    assert_eq!(
        a,
        json!({"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2})
    );
    assert!(reported.is_empty());
    let (a, reported) =
        schema(json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]}));
    assert_eq!(
        a,
        json!({"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}, "minItems": 2})
    );
    assert_eq!(
        reported_at(&reported, Severity::Note),
        ["#/components/schemas/A/prefixItems"]
    );
}

#[test]
fn unevaluated_and_pattern_properties_say_what_the_map_holds() {
    let (a, _) = schema(
        json!({"type": "object", "properties": {"a": {"type": "string"}}, "unevaluatedProperties": false}),
    );
    assert_eq!(
        a,
        json!({"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false})
    );
    let (a, reported) =
        schema(json!({"type": "object", "patternProperties": {"^x-": {"type": "integer"}}}));
    assert_eq!(
        a,
        json!({"type": "object", "additionalProperties": {"type": "integer"}})
    );
    assert_eq!(
        reported_at(&reported, Severity::Note),
        ["#/components/schemas/A/patternProperties"]
    );
}

#[test]
fn keywords_with_no_rust_shape_are_noted_where_they_are() {
    let (a, reported) = schema(json!({
        "type": "object",
        "if": {"required": ["a"]},
        "then": {"required": ["b"]},
        "dependentRequired": {"a": ["b"]},
        "$comment": "dropped without a word",
    }));
    assert_eq!(a, json!({"type": "object"}));
    assert_eq!(
        reported_at(&reported, Severity::Note),
        [
            "#/components/schemas/A/if",
            "#/components/schemas/A/then",
            "#/components/schemas/A/dependentRequired",
        ]
    );
}

#[test]
fn boolean_schemas_are_any_value_and_no_value() {
    let (schemas, _) = schemas(json!({
        "Any": true,
        "None": false,
        "Open": {"type": "object", "additionalProperties": true},
    }));
    assert_eq!(schemas["Any"], json!({}));
    assert_eq!(schemas["None"], json!({"not": {}}));
    assert_eq!(schemas["Open"]["additionalProperties"], json!(true));
}

#[test]
fn a_reference_with_siblings_is_an_all_of_and_a_contradicting_type_is_dropped() {
    let (schemas, reported) = schemas(json!({
        "Pet": {"type": "object"},
        "A": {"$ref": "#/components/schemas/Pet", "description": "The pet."},
        "B": {"$ref": "#/components/schemas/Pet", "type": "string"},
    }));
    assert_eq!(
        schemas["A"],
        json!({"allOf": [{"$ref": "#/components/schemas/Pet"}], "description": "The pet."})
    );
    assert_eq!(
        schemas["B"],
        json!({"allOf": [{"$ref": "#/components/schemas/Pet"}]})
    );
    assert_eq!(
        reported_at(&reported, Severity::Warning),
        ["#/components/schemas/B/type"]
    );
}

#[test]
fn defs_are_hoisted_into_components_under_their_own_names() {
    let (schemas, reported) = schemas(json!({
        "A": {
            "type": "object",
            "properties": {"owner": {"$ref": "#/components/schemas/A/$defs/Owner"}},
            "$defs": {"Owner": {"type": "object", "properties": {"name": {"type": "string"}}}},
        },
    }));
    assert_eq!(
        schemas["A"]["properties"]["owner"],
        json!({"$ref": "#/components/schemas/Owner"})
    );
    assert_eq!(
        schemas["Owner"],
        json!({"type": "object", "properties": {"name": {"type": "string"}}})
    );
    assert!(schemas["A"].get("$defs").is_none());
    assert!(reported.is_empty());
}

#[test]
fn ids_and_anchors_resolve_against_their_base_and_names_do_not_collide() {
    let (schemas, reported) = schemas(json!({
        "Tag": {"type": "string"},
        "A": {
            "$id": "https://example.com/schemas/a",
            "type": "object",
            "properties": {
                "tag": {"$ref": "#tag"},
                "sibling": {"$ref": "b"},
                "id": {"$ref": "#/components/schemas/B/properties/id"},
            },
            "$defs": {"tag": {"$anchor": "tag", "type": "integer"}},
        },
        "B": {
            "$id": "https://example.com/schemas/b",
            "type": "object",
            "properties": {"id": {"type": "string", "format": "uuid"}},
        },
    }));
    let properties = &schemas["A"]["properties"];
    // The anchor `tag` names a schema that is not a component; `Tag` is taken.
    assert_eq!(
        properties["tag"],
        json!({"$ref": "#/components/schemas/tag2"})
    );
    assert_eq!(schemas["tag2"], json!({"type": "integer"}));
    assert_eq!(
        properties["sibling"],
        json!({"$ref": "#/components/schemas/B"})
    );
    assert_eq!(
        properties["id"],
        json!({"$ref": "#/components/schemas/B-id"})
    );
    assert_eq!(schemas["B-id"], json!({"type": "string", "format": "uuid"}));
    assert!(reported.is_empty(), "{reported:?}");
}

#[test]
fn references_to_nothing_or_the_whole_document_are_warned_about() {
    let (schemas, reported) = schemas(json!({
        "A": {"type": "object", "properties": {
            "gone": {"$ref": "https://example.com/elsewhere"},
            "all": {"$ref": "#"},
        }},
    }));
    assert_eq!(schemas["A"]["properties"]["all"], json!({}));
    assert_eq!(
        reported_at(&reported, Severity::Warning),
        [
            "#/components/schemas/A/properties/gone",
            "#/components/schemas/A/properties/all",
        ]
    );
}

#[test]
fn a_generic_bound_by_its_referrer_is_specialised() {
    let (schemas, reported) = schemas(json!({
        "Page": {
            "$id": "https://example.com/page",
            "type": "object",
            "properties": {"data": {"type": "array", "items": {"$dynamicRef": "#item"}}},
            "$defs": {"item": {"$dynamicAnchor": "item", "not": {}}},
        },
        "Planet": {"type": "object", "properties": {"name": {"type": "string"}}},
        "Planets": {
            "$ref": "https://example.com/page",
            "$defs": {"item": {"$dynamicAnchor": "item", "$ref": "#/components/schemas/Planet"}},
        },
    }));
    assert_eq!(
        schemas["Planets"]["properties"]["data"]["items"],
        json!({"$ref": "#/components/schemas/Planet"})
    );
    // Used as it is, the generic's item (its unbound anchor) is any value.
    assert_eq!(
        schemas["Page"]["properties"]["data"]["items"],
        json!({"$ref": "#/components/schemas/item"})
    );
    assert_eq!(schemas["item"], json!({}));
    assert_eq!(
        reported_at(&reported, Severity::Note),
        ["#/components/schemas/Page/$defs/item"]
    );
}

#[test]
fn the_document_fields_3_0_lacks_are_carried_over_or_noted() {
    let yaml = r#"
openapi: 3.1.0
info:
  title: t
  version: '1'
  summary: In short.
  description: At length.
  license: {name: MIT, identifier: MIT}
jsonSchemaDialect: https://json-schema.org/draft/2020-12/schema
paths:
  /a:
    get: {operationId: a}
components:
  pathItems:
    Shared: {get: {operationId: b, responses: {'204': {description: done}}}}
  securitySchemes:
    tls: {type: mutualTLS}
"#;
    let (document, ok, reported) = translated(yaml);
    assert!(ok);
    assert_eq!(document["info"]["description"], "In short.\n\nAt length.");
    assert_eq!(
        document["info"]["license"]["url"],
        "https://spdx.org/licenses/MIT.html"
    );
    assert!(document.get("jsonSchemaDialect").is_none());
    assert_eq!(document["paths"]["/a"]["get"]["responses"], json!({}));
    assert!(document["components"].get("pathItems").is_none());
    assert_eq!(document["components"]["securitySchemes"], json!({}));
    assert_eq!(
        reported_at(&reported, Severity::Note),
        ["#/jsonSchemaDialect", "#/components/securitySchemes/tls"]
    );
}

#[test]
fn webhooks_become_payload_types_and_a_list_of_them() {
    let yaml = r#"
openapi: 3.1.0
info: {title: t, version: '1'}
webhooks:
  newPet:
    post:
      summary: A pet was added.
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses: {'200': {description: ok}}
  petGone:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {id: {type: integer}}}
components:
  schemas:
    Pet: {type: object}
"#;
    let (document, ok, reported) = translated(yaml);
    assert!(ok);
    assert!(reported.is_empty());
    assert!(document.get("webhooks").is_none());
    assert_eq!(
        document["x-webhooks"],
        json!([
            {"name": "newPet", "method": "POST", "summary": "A pet was added.", "payload": "#/components/schemas/Pet"},
            {"name": "petGone", "method": "POST", "payload": "#/components/schemas/petGone-payload"},
        ])
    );
    assert_eq!(
        document["components"]["schemas"]["petGone-payload"],
        json!({"type": "object", "properties": {"id": {"type": "integer"}}})
    );
}

#[test]
fn what_only_3_2_has_is_an_error_naming_each_construct() {
    let yaml = r#"
openapi: 3.2.0
info: {title: t, version: '1'}
paths:
  /a:
    query: {responses: {'204': {description: done}}}
    additionalOperations:
      PURGE: {responses: {'204': {description: done}}}
    get:
      responses:
        '200':
          description: a stream
          content:
            application/jsonl: {itemSchema: {type: object}}
components:
  parameters:
    whole: {name: q, in: querystring, content: {application/x-www-form-urlencoded: {}}}
"#;
    let (_, ok, reported) = translated(yaml);
    assert!(!ok);
    assert_eq!(
        reported_at(&reported, Severity::Error),
        [
            "#/paths/~1a/query",
            "#/paths/~1a/additionalOperations",
            "#/paths/~1a/get/responses/200/content/application~1jsonl/itemSchema",
            "#/components/parameters/whole/in",
        ]
    );
}

#[test]
fn a_3_2_document_with_only_what_3_1_has_is_read() {
    let yaml = "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n";
    let (document, ok, reported) = translated(yaml);
    assert!(ok && reported.is_empty());
    assert_eq!(document["openapi"], "3.0.3");
}
