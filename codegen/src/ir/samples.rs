//! A value that a schema accepts, built from the spec alone: what the generated operation
//! tests send to a mock server of the spec.
//!
//! An `example` or `default` is taken where it fits the schema as far as this module can tell
//! (its type, enum, lengths and bounds); otherwise the smallest value that honours the type,
//! format, enum, `required`, length and item bounds, and for unions the first variant (with
//! its discriminator value written). Never `null`: a sample shows a value being sent.

use openapiv3::{
    IntegerType, NumberType, OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, StringType,
    Type, VariantOrUnknownOrEmpty,
};
use serde_json::{Map, Number, Value, json};

use super::refs;
use super::types::{SchemaRef, is_null_only};

/// How deep a sample follows nested and self-referring schemas; past it, optional parts are
/// left out and a required one becomes an empty object.
const MAX_DEPTH: usize = 12;

/// Whether the IR carries samples: only the operation tests use them, and building them for a
/// large document costs memory every other run would pay for nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Samples {
    /// Leave them out.
    Skip,
    /// Build one for every parameter and request body.
    Build,
}

/// A value `schema` accepts, for a request (read-only properties are left out).
pub(super) fn sample<'s>(spec: &'s OpenAPI, schema: impl Into<SchemaRef<'s>>) -> Value {
    Sampler { spec }.of(schema.into(), 0)
}

struct Sampler<'s> {
    spec: &'s OpenAPI,
}

impl<'s> Sampler<'s> {
    fn of(&self, schema: SchemaRef<'s>, depth: usize) -> Value {
        match self.resolve(schema) {
            Some(schema) if depth < MAX_DEPTH => self.of_schema(schema, depth),
            _ => Value::Object(Map::new()),
        }
    }

    fn resolve(&self, schema: SchemaRef<'s>) -> Option<&'s Schema> {
        match schema {
            SchemaRef::Item(schema) => Some(schema),
            SchemaRef::Ref(reference) => refs::resolve::<Schema>(self.spec, reference)
                .ok()
                .map(|(_, schema)| schema),
        }
    }

    fn of_schema(&self, schema: &'s Schema, depth: usize) -> Value {
        let given = [&schema.schema_data.example, &schema.schema_data.default];
        if let Some(value) = given
            .into_iter()
            .flatten()
            .find(|value| fits(&schema.schema_kind, value))
        {
            return value.clone();
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => string_sample(string),
            SchemaKind::Type(Type::Integer(integer)) => integer_sample(integer),
            SchemaKind::Type(Type::Number(number)) => number_sample(number),
            SchemaKind::Type(Type::Boolean(_)) => Value::Bool(true),
            SchemaKind::Type(Type::Array(array)) => {
                let item = array
                    .items
                    .as_ref()
                    .map_or(json!("x"), |items| self.of(items.into(), depth + 1));
                let count = array.min_items.unwrap_or(1).max(1);
                let count = count.min(array.max_items.unwrap_or(count).max(1));
                Value::Array(vec![item; count])
            }
            SchemaKind::Type(Type::Object(object)) => {
                self.object(&object.properties, &object.required, depth)
            }
            SchemaKind::AllOf { all_of } => self.all_of(all_of, depth),
            SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants } => {
                self.union(schema, variants, depth)
            }
            SchemaKind::Not { .. } => json!("x"),
            SchemaKind::Any(any) => {
                if any.properties.is_empty() && any.all_of.is_empty() {
                    json!("x")
                } else {
                    let mut value = self.object(&any.properties, &any.required, depth);
                    merge(&mut value, self.all_of(&any.all_of, depth));
                    value
                }
            }
        }
    }

    /// The required properties, but not read-only ones, which a request must not send.
    fn object(
        &self,
        properties: &'s indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        depth: usize,
    ) -> Value {
        let mut object = Map::new();
        for (name, property) in properties {
            let property = SchemaRef::from(property);
            let read_only = self
                .resolve(property)
                .is_some_and(|s| s.schema_data.read_only);
            if required.contains(name) && !read_only {
                object.insert(name.clone(), self.of(property, depth + 1));
            }
        }
        Value::Object(object)
    }

    fn all_of(&self, parts: &'s [ReferenceOr<Schema>], depth: usize) -> Value {
        let mut value = Value::Object(Map::new());
        for part in parts {
            merge(&mut value, self.of(part.into(), depth + 1));
        }
        value
    }

    /// The first variant that is not only `null`, with the discriminator's value for it.
    fn union(
        &self,
        schema: &'s Schema,
        variants: &'s [ReferenceOr<Schema>],
        depth: usize,
    ) -> Value {
        let Some(variant) = variants
            .iter()
            .find(|v| !self.resolve(SchemaRef::from(*v)).is_some_and(is_null_only))
        else {
            return json!("x");
        };
        let mut value = self.of(variant.into(), depth + 1);
        if let (Some(discriminator), Value::Object(object)) =
            (&schema.schema_data.discriminator, &mut value)
        {
            let tag = tag_for(discriminator, variant);
            object.insert(discriminator.property_name.clone(), Value::String(tag));
        }
        value
    }
}

/// Adds `part`'s properties to `whole` (the parts of an `allOf`).
fn merge(whole: &mut Value, part: Value) {
    match (whole, part) {
        (Value::Object(whole), Value::Object(part)) => whole.extend(part),
        (whole, part) if whole.as_object().is_some_and(Map::is_empty) => *whole = part,
        _ => {}
    }
}

/// The discriminator value that selects `variant`: its key in the mapping, else the name of
/// the component it refers to.
fn tag_for(discriminator: &openapiv3::Discriminator, variant: &ReferenceOr<Schema>) -> String {
    let ReferenceOr::Reference { reference } = variant else {
        return String::new();
    };
    discriminator
        .mapping
        .iter()
        .find(|(_, target)| *target == reference)
        .map(|(tag, _)| tag.clone())
        .unwrap_or_else(|| {
            let name = reference.rsplit('/').next().unwrap_or(reference);
            name.replace("~1", "/").replace("~0", "~")
        })
}

/// Whether a given `example` or `default` fits the schema's type, enum, lengths and bounds.
/// Formats and patterns are not checked: a spec's own example is the best guess there.
fn fits(kind: &SchemaKind, value: &Value) -> bool {
    match (kind, value) {
        (SchemaKind::Type(Type::String(string)), Value::String(text)) => {
            let length = text.chars().count();
            let enumerated = &string.enumeration;
            (enumerated.is_empty() || enumerated.iter().any(|e| e.as_deref() == Some(text)))
                && string.min_length.is_none_or(|min| length >= min)
                && string.max_length.is_none_or(|max| length <= max)
        }
        (SchemaKind::Type(Type::Integer(integer)), Value::Number(number)) => {
            number.as_i64().is_some_and(|n| {
                let enumerated = &integer.enumeration;
                (enumerated.is_empty() || enumerated.contains(&Some(n)))
                    && integer.minimum.is_none_or(|min| n >= min)
                    && integer.maximum.is_none_or(|max| n <= max)
            })
        }
        (SchemaKind::Type(Type::Number(number)), Value::Number(value)) => {
            value.as_f64().is_some_and(|n| {
                number.minimum.is_none_or(|min| n >= min)
                    && number.maximum.is_none_or(|max| n <= max)
            })
        }
        (SchemaKind::Type(Type::Boolean(_)), Value::Bool(_)) => true,
        // Objects, lists and unions: a spec's example is often partial or stale, and a
        // built value is checked against the schema by construction.
        _ => false,
    }
}

fn string_sample(string: &StringType) -> Value {
    if let Some(Some(first)) = string.enumeration.iter().find(|e| e.is_some()) {
        return Value::String(first.clone());
    }
    let formatted = match &string.format {
        VariantOrUnknownOrEmpty::Item(format) => Some(match format {
            StringFormat::Date => "2024-01-02",
            StringFormat::DateTime => "2024-01-02T03:04:05Z",
            StringFormat::Password => "secret",
            StringFormat::Byte => "eA==",
            StringFormat::Binary => "x",
        }),
        VariantOrUnknownOrEmpty::Unknown(format) => match format.as_str() {
            "uuid" => Some("123e4567-e89b-42d3-a456-426614174000"),
            "email" => Some("user@example.com"),
            "uri" | "url" | "uri-reference" | "iri" => Some("https://example.com/"),
            "hostname" => Some("example.com"),
            "ipv4" => Some("127.0.0.1"),
            "ipv6" => Some("::1"),
            "time" => Some("03:04:05Z"),
            "duration" => Some("PT1S"),
            _ => None,
        },
        VariantOrUnknownOrEmpty::Empty => None,
    };
    if let Some(text) = formatted {
        return Value::String(text.to_owned());
    }
    let length = string.min_length.unwrap_or(1).max(1);
    let length = length.min(string.max_length.unwrap_or(length));
    Value::String("x".repeat(length))
}

fn integer_sample(integer: &IntegerType) -> Value {
    if let Some(Some(first)) = integer.enumeration.iter().find(|e| e.is_some()) {
        return json!(first);
    }
    let low = integer.minimum.map(|min| {
        if integer.exclusive_minimum {
            min + 1
        } else {
            min
        }
    });
    let high = integer.maximum.map(|max| {
        if integer.exclusive_maximum {
            max - 1
        } else {
            max
        }
    });
    let mut n = match (low, high) {
        (Some(low), _) => low.max(1).min(high.unwrap_or(i64::MAX)),
        (None, Some(high)) => high.min(1),
        (None, None) => 1,
    };
    if let Some(step) = integer.multiple_of.filter(|step| *step > 0) {
        n = (n + step - 1).div_euclid(step) * step;
    }
    json!(n)
}

fn number_sample(number: &NumberType) -> Value {
    if let Some(Some(first)) = number.enumeration.iter().find(|e| e.is_some()) {
        return json!(first);
    }
    let n = match (number.minimum, number.maximum) {
        (Some(low), high) => {
            let low = if number.exclusive_minimum {
                low + 1.0
            } else {
                low
            };
            low.max(1.0).min(high.unwrap_or(f64::MAX))
        }
        (None, Some(high)) => high.min(1.0),
        (None, None) => 1.0,
    };
    Number::from_f64(n).map_or(json!(1), Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_of(components: &str, schema: &str) -> Value {
        let yaml = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{components}"
        );
        let spec: OpenAPI = serde_yaml::from_str(&yaml).expect("the spec parses");
        let schema: ReferenceOr<Schema> = serde_yaml::from_str(schema).expect("the schema parses");
        sample(&spec, &schema)
    }

    #[test]
    fn scalars_honour_format_enum_lengths_and_bounds() {
        assert_eq!(
            sample_of("    {}", "{type: string, format: date-time}"),
            json!("2024-01-02T03:04:05Z")
        );
        assert_eq!(
            sample_of("    {}", "{type: string, format: uuid}"),
            json!("123e4567-e89b-42d3-a456-426614174000")
        );
        assert_eq!(
            sample_of("    {}", "{type: string, enum: [b, a]}"),
            json!("b")
        );
        assert_eq!(
            sample_of("    {}", "{type: string, minLength: 3}"),
            json!("xxx")
        );
        assert_eq!(
            sample_of("    {}", "{type: integer, minimum: 5, maximum: 9}"),
            json!(5)
        );
        assert_eq!(
            sample_of(
                "    {}",
                "{type: integer, minimum: 0, exclusiveMinimum: true}"
            ),
            json!(1)
        );
        assert_eq!(
            sample_of("    {}", "{type: integer, maximum: -3}"),
            json!(-3)
        );
        assert_eq!(
            sample_of("    {}", "{type: number, minimum: 0.5}"),
            json!(1.0)
        );
    }

    #[test]
    fn an_example_or_default_is_taken_only_where_it_fits() {
        assert_eq!(
            sample_of("    {}", "{type: string, example: doggie}"),
            json!("doggie")
        );
        assert_eq!(
            sample_of("    {}", "{type: integer, example: 'ten', default: 10}"),
            json!(10)
        );
        assert_eq!(
            sample_of("    {}", "{type: string, maxLength: 2, example: long}"),
            json!("x")
        );
    }

    #[test]
    fn objects_hold_their_required_properties_but_not_read_only_ones() {
        let components = "    Pet:\n      type: object\n      required: [id, name, photoUrls]\n      properties:\n        id: {type: integer, readOnly: true}\n        name: {type: string}\n        tag: {type: string}\n        photoUrls: {type: array, minItems: 2, items: {type: string}}\n";
        assert_eq!(
            sample_of(components, "$ref: '#/components/schemas/Pet'"),
            json!({"name": "x", "photoUrls": ["x", "x"]})
        );
    }

    #[test]
    fn unions_take_their_first_variant_with_its_discriminator_value() {
        let components = "    Cat: {type: object, required: [kind], properties: {kind: {type: string}}}\n    Dog: {type: object, properties: {bark: {type: boolean}}}\n";
        let schema = "{oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}], discriminator: {propertyName: kind, mapping: {cat: '#/components/schemas/Cat'}}}";
        assert_eq!(sample_of(components, schema), json!({"kind": "cat"}));
        let nullable_first = "{oneOf: [{enum: [null]}, {type: string}]}";
        assert_eq!(sample_of("    {}", nullable_first), json!("x"));
    }

    #[test]
    fn a_schema_that_contains_itself_ends() {
        let components = "    Node: {type: object, required: [next], properties: {next: {$ref: '#/components/schemas/Node'}}}\n";
        let value = sample_of(components, "$ref: '#/components/schemas/Node'");
        assert!(value.to_string().len() < 200, "{value}");
    }
}
