//! Property: for any structurally valid spec, OpenAPI 3.0 or 3.1, generation never panics,
//! never reports an internal error (a generator bug), and whatever it emits parses as Rust.
//!
//! The specs are random but shaped like real ones: operations with path templates and
//! parameters, bodies and responses, and schemas that nest, refer to components that may or
//! may not exist, and are named with Rust keywords, non-ASCII text and names that collide
//! after case conversion. 3.1 specs add JSON Schema 2020-12's constructs (type lists, `const`,
//! `$ref` beside other keywords, `$defs`, `prefixItems`, boolean schemas, conditionals, ...)
//! and webhooks. CI runs a bounded number of cases; `PROPTEST_CASES=5000 cargo test
//! -p codegen --test properties` runs more.

use std::path::Path;

use codegen::{ApiSources, Layout, Settings};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Names that stress the naming stage.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z][a-zA-Z0-9]{0,7}",
        1 => prop::sample::select(vec![
            "type", "Self", "self", "crate", "super", "fn", "r#type", "_", "", "200", "a-b",
            "a_b", "aB", "AB", "ab", "Unknown", "Client", "new", "body", "url", "request",
        ])
        .prop_map(str::to_owned),
        1 => "\\PC{1,4}",
    ]
}

/// Component schema names; some references point at names that are not defined.
const COMPONENTS: [&str; 4] = ["Pet", "pet", "Owner", "Self"];

fn component_ref() -> impl Strategy<Value = Value> {
    prop::sample::select(vec!["Pet", "pet", "Owner", "Self", "Missing"])
        .prop_map(|target| json!({ "$ref": format!("#/components/schemas/{target}") }))
}

/// Which OpenAPI version a random spec is written in.
#[derive(Clone, Copy, Debug)]
enum Version {
    V3_0,
    V3_1,
}

fn leaf_schema(version: Version) -> BoxedStrategy<Value> {
    let common = prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "string", "format": "date-time"})),
        Just(json!({"type": "integer", "format": "int32"})),
        Just(json!({"type": "integer", "minimum": -9.223372036854776e18})),
        Just(json!({"type": "number", "nullable": true})),
        Just(json!({"type": "boolean"})),
        Just(json!({})),
        prop::collection::vec(name(), 1..4)
            .prop_map(|values| json!({"type": "string", "enum": values})),
        component_ref(),
    ];
    match version {
        Version::V3_0 => common.boxed(),
        Version::V3_1 => prop_oneof![3 => common, 2 => leaf_schema_3_1()].boxed(),
    }
}

/// JSON Schema 2020-12 leaves: what 3.1 writes differently, and what it has that 3.0 has not.
fn leaf_schema_3_1() -> impl Strategy<Value = Value> {
    let types = prop::sample::subsequence(
        vec![
            "string", "integer", "number", "boolean", "array", "object", "null", "nope",
        ],
        0..4,
    );
    prop_oneof![
        (types, prop::option::of(prop::collection::vec(name(), 1..3))).prop_map(
            |(types, values)| {
                let mut schema = json!({"type": types, "minimum": 1, "maxLength": 3});
                if let Some(values) = values {
                    schema["enum"] = json!(values);
                }
                schema
            }
        ),
        prop_oneof![
            Just(json!("a")),
            Just(json!(1)),
            Just(json!(null)),
            Just(json!([1]))
        ]
        .prop_map(|value| json!({"const": value})),
        (component_ref(), name(), prop::option::of(Just("integer"))).prop_map(
            |(mut reference, description, ty)| {
                reference["description"] = json!(description);
                if let Some(ty) = ty {
                    reference["type"] = json!(ty);
                }
                reference
            }
        ),
        Just(json!({"$ref": "#/components/schemas/Pet/$defs/Inner"})),
        Just(json!({"$ref": "#/components/schemas/Pet/properties/id"})),
        Just(json!({"$ref": "#anchored"})),
        Just(json!({"$ref": "#"})),
        Just(json!({"$dynamicRef": "#item"})),
        Just(json!({"prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false})),
        Just(json!({"type": "integer", "exclusiveMinimum": 0, "examples": [1, 2]})),
        Just(json!({"contentEncoding": "base64"})),
        Just(json!({"contentMediaType": "image/png"})),
        Just(json!(true)),
        Just(json!(false)),
        Just(json!({"type": "object", "if": {"required": ["a"]}, "then": {"required": ["b"]}})),
        Just(
            json!({"type": "object", "patternProperties": {"^x-": {"type": "integer"}}, "unevaluatedProperties": false})
        ),
        Just(
            json!({"type": "object", "dependentRequired": {"a": ["b"]}, "propertyNames": {"maxLength": 3}})
        ),
    ]
}

fn schema(version: Version) -> BoxedStrategy<Value> {
    leaf_schema(version)
        .prop_recursive(4, 24, 4, move |inner| {
            let own_defs = (inner.clone(), inner.clone()).prop_map(|(defs, main)| {
                let mut schema =
                    json!({"$defs": {"Inner": defs, "anchored": {"$anchor": "anchored"}}});
                if let Value::Object(main) = main {
                    schema.as_object_mut().unwrap().extend(main);
                }
                schema
            });
            let common = prop_oneof![
            (
                prop::collection::btree_map(name(), inner.clone(), 0..4),
                prop::collection::vec(name(), 0..2),
                any::<bool>()
            )
                .prop_map(|(properties, required, closed)| {
                    let mut schema =
                        json!({"type": "object", "properties": properties, "required": required});
                    if closed {
                        schema["additionalProperties"] = json!(false);
                    }
                    schema
                }),
            inner
                .clone()
                .prop_map(|items| json!({"type": "array", "items": items})),
            inner
                .clone()
                .prop_map(|values| json!({"type": "object", "additionalProperties": values})),
            prop::collection::vec(inner.clone(), 1..4)
                .prop_map(|variants| json!({"oneOf": variants})),
            prop::collection::vec(inner.clone(), 1..3)
                .prop_map(|variants| json!({"anyOf": variants})),
            prop::collection::vec(inner, 1..3).prop_map(|parts| json!({"allOf": parts})),
        ];
            match version {
                Version::V3_0 => common.boxed(),
                Version::V3_1 => prop_oneof![4 => common, 1 => own_defs].boxed(),
            }
        })
        .boxed()
}

fn parameter(location: &'static str, version: Version) -> impl Strategy<Value = Value> {
    (name(), leaf_schema(version), any::<bool>()).prop_map(move |(name, schema, required)| {
        json!({"name": name, "in": location, "required": required || location == "path", "schema": schema})
    })
}

fn responses(version: Version) -> impl Strategy<Value = Value> {
    let status = prop::sample::select(vec![
        "200", "201", "202", "204", "2XX", "400", "404", "4XX", "500", "default",
    ]);
    let content = prop::option::of(prop_oneof![
        schema(version).prop_map(|schema| json!({"application/json": {"schema": schema}})),
        Just(json!({"text/plain": {"schema": {"type": "string"}}})),
        Just(json!({"application/octet-stream": {}})),
        Just(json!({"application/json": {"example": {"message": "no schema"}}})),
    ]);
    prop::collection::btree_map(status, content, 0..4).prop_map(|entries| {
        let mut responses = Map::new();
        for (status, content) in entries {
            let mut response = json!({"description": format!("status {status}")});
            if let Some(content) = content {
                response["content"] = content;
            }
            responses.insert(status.to_owned(), response);
        }
        Value::Object(responses)
    })
}

fn operation(version: Version) -> impl Strategy<Value = (String, String, Value)> {
    let method = prop::sample::select(vec!["get", "put", "post", "delete", "patch", "head"]);
    let segments = prop::collection::vec(
        prop_oneof![name(), name().prop_map(|n| format!("{{{n}}}"))],
        1..4,
    );
    (
        method,
        segments,
        prop::option::of(name()),
        prop::collection::vec(
            prop_oneof![
                parameter("query", version),
                parameter("header", version),
                parameter("path", version)
            ],
            0..4,
        ),
        prop::option::of(schema(version)),
        responses(version),
    )
        .prop_map(|(method, segments, id, mut parameters, body, responses)| {
            // Declare most template parameters, so that most operations are well formed.
            for segment in &segments {
                if let Some(param) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    parameters.push(json!({"name": param, "in": "path", "required": true, "schema": {"type": "string"}}));
                }
            }
            let mut op = json!({"parameters": parameters, "responses": responses});
            if let Some(id) = id {
                op["operationId"] = json!(id);
            }
            if let Some(body) = body {
                op["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": body}}});
            }
            (format!("/{}", segments.join("/")), method.to_owned(), op)
        })
}

fn spec(version: Version) -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(operation(version), 0..6),
        prop::collection::vec(prop::option::of(schema(version)), COMPONENTS.len()),
        prop::collection::btree_map(name(), prop::option::of(schema(version)), 0..3),
    )
        .prop_map(move |(operations, components, webhooks)| {
            let mut paths = Map::new();
            for (path, method, op) in operations {
                let item = paths.entry(path).or_insert_with(|| json!({}));
                item[method] = op;
            }
            let schemas: Map<String, Value> = COMPONENTS
                .iter()
                .zip(components)
                .filter_map(|(name, schema)| Some(((*name).to_owned(), schema?)))
                .collect();
            let mut spec = json!({
                "openapi": "3.0.3",
                "info": {"title": "Random", "version": "1"},
                "paths": paths,
                "components": {"schemas": schemas},
            });
            if let Version::V3_1 = version {
                spec["openapi"] = json!("3.1.0");
                spec["webhooks"] = webhooks
                    .into_iter()
                    .map(|(name, payload)| {
                        let body = payload.map(
                            |schema| json!({"content": {"application/json": {"schema": schema}}}),
                        );
                        (name, json!({"post": {"requestBody": body}}))
                    })
                    .collect();
            }
            spec
        })
}

fn settings(spec: &Path) -> Settings {
    Settings {
        crate_name: "random".to_owned(),
        description: "Random client.".to_owned(),
        apis: vec![ApiSources {
            name: "random".to_owned(),
            documents: vec![spec.to_path_buf()],
            overlays: Vec::new(),
            spec_root: None,
        }],
        layout: Layout::Root,
        standalone: true,
        command: "cargo codegen generate".to_owned(),
        strict: false,
        operation_tests: false,
        history: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(96)
    ))]

    #[test]
    fn generation_never_panics_and_emits_rust_that_parses(spec in spec(Version::V3_0)) {
        check(&spec)?;
    }

    #[test]
    fn generation_from_3_1_never_panics_and_emits_rust_that_parses(spec in spec(Version::V3_1)) {
        check(&spec)?;
    }
}

fn check(spec: &Value) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&spec).unwrap()).unwrap();
    match codegen::generate(&settings(&path)) {
        Ok(generated) => {
            for (file, text) in &generated.files {
                if file.extension().is_some_and(|e| e == "rs") {
                    syn::parse_file(text).map_err(|e| {
                        TestCaseError::fail(format!("{} does not parse: {e}", file.display()))
                    })?;
                }
            }
        }
        Err(diagnostics) => {
            let internal: Vec<String> = diagnostics
                .iter()
                .filter(|d| d.message.contains("internal error"))
                .map(ToString::to_string)
                .collect();
            prop_assert!(
                internal.is_empty(),
                "generator bug:\n{}",
                internal.join("\n")
            );
        }
    }
    Ok(())
}
