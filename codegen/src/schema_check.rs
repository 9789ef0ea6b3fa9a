//! Whether a JSON value is one a document's schema accepts.
//!
//! An OpenAPI 3.0 schema is JSON Schema draft 4 plus a few keywords, so its values are checked
//! by a draft-4 validator (the `jsonschema` crate) after `nullable: true` is rewritten as "or
//! null" and OpenAPI's own annotations are dropped. An OpenAPI 3.1 (or 3.2) schema is JSON
//! Schema 2020-12 as it stands, checked by a 2020-12 validator. The document's component
//! schemas go along, so `$ref: '#/components/schemas/...'` resolves as in the document. The
//! linter checks examples with it; the operation tests' samples pick, among candidates, one it
//! accepts.
//!
//! The validator comes with the `lint` feature; without it (a build script only generates)
//! every value is taken as accepted.

use serde_json::{Map, Value, json};

use crate::translate::Dialect;

/// A document's component schemas, ready to check values against schemas that refer to them.
pub struct SchemaCheck {
    components: Value,
    dialect: Dialect,
}

impl SchemaCheck {
    /// From the document's `components/schemas`, as JSON, written in `dialect`.
    pub fn new(schemas: Option<&Value>, dialect: Dialect) -> Self {
        let schemas: Map<String, Value> = schemas
            .and_then(Value::as_object)
            .map(|schemas| {
                schemas
                    .iter()
                    .map(|(name, schema)| (name.clone(), in_dialect(schema, dialect)))
                    .collect()
            })
            .unwrap_or_default();
        Self {
            components: json!({ "schemas": schemas }),
            dialect,
        }
    }

    /// A validator for `schema` (an OpenAPI schema as JSON), or why the schema cannot be one.
    #[cfg(feature = "lint")]
    pub fn validator(&self, schema: &Value) -> Result<jsonschema::Validator, String> {
        let root = json!({
            "allOf": [in_dialect(schema, self.dialect)],
            "components": self.components,
        });
        match self.dialect {
            Dialect::OpenApi30 => jsonschema::draft4::new(&root),
            Dialect::JsonSchema202012 => jsonschema::draft202012::new(&root),
        }
        .map_err(|error| error.to_string())
    }

    /// Whether `schema` accepts `value`; a schema the validator cannot read accepts anything.
    pub fn accepts(&self, schema: &Value, value: &Value) -> bool {
        #[cfg(feature = "lint")]
        {
            self.validator(schema)
                .map_or(true, |validator| validator.is_valid(value))
        }
        #[cfg(not(feature = "lint"))]
        {
            let _ = (schema, value, &self.components, self.dialect);
            true
        }
    }
}

/// A schema as the validator of its dialect reads it.
fn in_dialect(schema: &Value, dialect: Dialect) -> Value {
    match dialect {
        Dialect::OpenApi30 => to_draft4(schema),
        Dialect::JsonSchema202012 => schema.clone(),
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
