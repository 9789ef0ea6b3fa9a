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

use super::types::{SchemaRef, is_null_only};
use super::{refs, tags};
use crate::schema_check::SchemaCheck;

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

fn write_xml(name: &str, value: &Value, out: &mut String) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| write_xml(name, item, out)),
        Value::Object(fields) => {
            out.push_str(&format!("<{name}>"));
            for (field, value) in fields {
                write_xml(field, value, out);
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::String(text) => out.push_str(&format!("<{name}>{}</{name}>", escape_xml(text))),
        Value::Null => out.push_str(&format!("<{name}/>")),
        scalar => out.push_str(&format!("<{name}>{scalar}</{name}>")),
    }
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// What an object schema and its `allOf` parts say of its properties.
#[derive(Clone, Default)]
struct Shape<'s> {
    properties: indexmap::IndexMap<&'s str, SchemaRef<'s>>,
    /// In the order the schemas name them.
    required: Vec<&'s str>,
}

/// Whether a schema describes an object, or puts no type on the value at all (a part of an
/// `allOf` that only adds `required` or a description).
fn is_object_like(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => true,
        SchemaKind::Any(any) => {
            any.typ.as_deref().is_none_or(|typ| typ == "object")
                && any.one_of.is_empty()
                && any.any_of.is_empty()
        }
        _ => false,
    }
}

/// The variants of a `oneOf` or `anyOf`, whether alone or beside other keywords.
fn variants(schema: &Schema) -> &[ReferenceOr<Schema>] {
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants } => variants,
        SchemaKind::Any(any) if !any.one_of.is_empty() => &any.one_of,
        SchemaKind::Any(any) => &any.any_of,
        _ => &[],
    }
}

/// Builds samples for the schemas of one document.
pub(super) struct Sampler<'s> {
    spec: &'s OpenAPI,
    /// Tells which of several candidates a schema accepts (a union's variants may overlap).
    check: SchemaCheck,
}

impl<'s> Sampler<'s> {
    pub(super) fn new(spec: &'s OpenAPI) -> Self {
        let schemas = spec
            .components
            .as_ref()
            .and_then(|components| serde_json::to_value(&components.schemas).ok());
        Self {
            spec,
            check: SchemaCheck::new(schemas.as_ref(), crate::translate::Dialect::OpenApi30),
        }
    }

    /// A value `schema` accepts, for a request (read-only properties are left out).
    pub(super) fn sample(&self, schema: SchemaRef<'s>) -> Value {
        self.of(schema, 0)
    }

    /// [`Self::sample`] written as XML: the root element named after the component (OpenAPI's
    /// default), a property as an element of its name, a list as its items repeated. Enough
    /// for a well-formed body; the `xml` object (names, attributes, wrapping) is not read, as
    /// the parsed model does not keep it.
    pub(super) fn xml_sample(&self, schema: SchemaRef<'s>) -> Value {
        let root = match schema {
            SchemaRef::Ref(reference) => reference.rsplit('/').next().unwrap_or("body"),
            SchemaRef::Item(_) => "body",
        };
        let mut text = String::new();
        write_xml(root, &self.of(schema, 0), &mut text);
        Value::String(text)
    }

    /// Whether `schema` accepts `value`, as a draft-4 validator reads it.
    fn accepts(&self, schema: &Schema, value: &Value) -> bool {
        serde_json::to_value(schema).is_ok_and(|schema| self.check.accepts(&schema, value))
    }

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
            .find(|value| fits(&schema.schema_kind, value) && self.accepts(schema, value))
        {
            return value.clone();
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => string_sample(string),
            SchemaKind::Type(Type::Integer(integer)) => integer_sample(integer),
            SchemaKind::Type(Type::Number(number)) => number_sample(number),
            SchemaKind::Type(Type::Boolean(_)) => Value::Bool(true),
            SchemaKind::Type(Type::Array(array)) => self.list(
                array.items.as_ref(),
                array.min_items,
                array.max_items,
                depth,
            ),
            SchemaKind::Type(Type::Object(_)) => self.object(schema, depth),
            SchemaKind::AllOf { all_of } => {
                let parts = all_of.iter().filter_map(|part| self.resolve(part.into()));
                let of_objects = |part: &&'s Schema| {
                    is_object_like(part)
                        || (variants(part).first())
                            .and_then(|first| self.resolve(first.into()))
                            .is_some_and(is_object_like)
                };
                match parts.clone().find(|part| !of_objects(part)) {
                    // `allOf` with a scalar part (a string with a pattern, say): that part.
                    Some(scalar) => self.of_schema(scalar, depth + 1),
                    None => self.object(schema, depth),
                }
            }
            SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants } => {
                self.union(schema, variants, depth)
            }
            SchemaKind::Not { .. } => json!("x"),
            SchemaKind::Any(any) => self.untyped(schema, any, depth),
        }
    }

    /// A list of as few items as it allows, at least one.
    fn list(
        &self,
        items: Option<&'s ReferenceOr<Box<Schema>>>,
        min_items: Option<usize>,
        max_items: Option<usize>,
        depth: usize,
    ) -> Value {
        let item = items.map_or(json!("x"), |items| self.of(items.into(), depth + 1));
        let count = min_items.unwrap_or(1).max(1);
        let count = count.min(max_items.unwrap_or(count).max(1));
        Value::Array(vec![item; count])
    }

    /// A schema the parser could not give one shape (keywords of several types together, as
    /// Box's `type: array` with `minimum`): sampled by its `type` and the keywords it has.
    fn untyped(&self, schema: &'s Schema, any: &'s openapiv3::AnySchema, depth: usize) -> Value {
        if let Some(first) = any.enumeration.iter().find(|value| !value.is_null()) {
            return first.clone();
        }
        match any.typ.as_deref() {
            Some("array") => self.list(any.items.as_ref(), any.min_items, any.max_items, depth),
            Some("integer" | "number") => json!(any.minimum.map_or(1.0, |min| min.max(1.0)) as i64),
            Some("boolean") => Value::Bool(true),
            Some("string") => Value::String("x".repeat(any.min_length.unwrap_or(1).max(1))),
            _ if any.items.is_some() => {
                self.list(any.items.as_ref(), any.min_items, any.max_items, depth)
            }
            _ if any.properties.is_empty() && any.required.is_empty() && any.all_of.is_empty() => {
                json!("x")
            }
            _ => self.object(schema, depth),
        }
    }

    /// An object with the required properties of the schema and of its `allOf` parts (a part
    /// may require what another describes), but not read-only ones, which a request must not
    /// send. A required property that no part describes may be anything. Beside properties, a
    /// `oneOf` or `anyOf` (of the schema or of an `allOf` part) often only requires some of
    /// them (GitHub: "a description or files"; Garage: a bucket id and one of two aliases);
    /// then the object also has what the first branch the schema accepts requires.
    fn object(&self, schema: &'s Schema, depth: usize) -> Value {
        let mut shape = Shape::default();
        self.collect(schema, &mut shape, depth);
        let plain = self.object_of(&shape, depth);
        let parts: &[ReferenceOr<Schema>] = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(any) => &any.all_of,
            _ => &[],
        };
        let mut branches = parts
            .iter()
            .filter_map(|part| self.resolve(part.into()))
            .flat_map(variants)
            .chain(variants(schema))
            .peekable();
        if branches.peek().is_none() || self.accepts(schema, &plain) {
            return plain;
        }
        branches
            .filter_map(|branch| self.resolve(branch.into()))
            .map(|branch| {
                let mut shape = shape.clone();
                self.collect(branch, &mut shape, depth + 1);
                self.object_of(&shape, depth)
            })
            .find(|object| self.accepts(schema, object))
            .unwrap_or(plain)
    }

    fn object_of(&self, shape: &Shape<'s>, depth: usize) -> Value {
        let mut object = Map::new();
        for &name in &shape.required {
            let value = match shape.properties.get(name) {
                Some(property)
                    if self
                        .resolve(*property)
                        .is_some_and(|s| s.schema_data.read_only) =>
                {
                    continue;
                }
                Some(property) => self.of(*property, depth + 1),
                None => json!("x"),
            };
            object.insert(name.to_owned(), value);
        }
        Value::Object(object)
    }

    /// Adds the properties and required names of `schema` and its `allOf` parts to `shape`.
    fn collect(&self, schema: &'s Schema, shape: &mut Shape<'s>, depth: usize) {
        if depth >= MAX_DEPTH {
            return;
        }
        let (properties, required, parts): (_, &'s [String], &'s [ReferenceOr<Schema>]) =
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(object)) => {
                    (Some(&object.properties), &object.required, &[])
                }
                SchemaKind::AllOf { all_of } => (None, &[], all_of),
                SchemaKind::Any(any) => (Some(&any.properties), &any.required, &any.all_of),
                _ => (None, &[], &[]),
            };
        for (name, property) in properties.into_iter().flatten() {
            shape.properties.entry(name).or_insert(property.into());
        }
        for name in required {
            if !shape.required.contains(&name.as_str()) {
                shape.required.push(name);
            }
        }
        for part in parts.iter().filter_map(|part| self.resolve(part.into())) {
            self.collect(part, shape, depth + 1);
        }
    }

    /// The first variant (not only `null`) whose sample, with the discriminator's value for
    /// it, the union accepts: the variants of a `oneOf` may overlap, and a value that more
    /// than one accepts is not one of them. The first variant's when none is accepted.
    fn union(
        &self,
        schema: &'s Schema,
        variants: &'s [ReferenceOr<Schema>],
        depth: usize,
    ) -> Value {
        let mut candidates = variants
            .iter()
            .filter(|v| !self.resolve(SchemaRef::from(*v)).is_some_and(is_null_only))
            .map(|variant| {
                let mut value = self.of(variant.into(), depth + 1);
                if let (Some(discriminator), Value::Object(object)) =
                    (&schema.schema_data.discriminator, &mut value)
                {
                    let tag = tags::tags_of(self.spec, discriminator, variant)
                        .into_iter()
                        .next()
                        .unwrap_or_default();
                    object.insert(discriminator.property_name.clone(), Value::String(tag));
                }
                value
            });
        let Some(first) = candidates.next() else {
            return json!("x");
        };
        if self.accepts(schema, &first) {
            return first;
        }
        candidates
            .find(|candidate| self.accepts(schema, candidate))
            .unwrap_or(first)
    }
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
        // A spec's example of an object or a list is often partial or stale: taken only when
        // the validator accepts it.
        (SchemaKind::Type(Type::Object(_)), Value::Object(_))
        | (SchemaKind::Type(Type::Array(_)), Value::Array(_)) => true,
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
    let min_length = string.min_length.unwrap_or(0);
    if let Some(text) = string
        .pattern
        .as_deref()
        .and_then(|pattern| pattern_sample(pattern, min_length))
    {
        return Value::String(text);
    }
    let length = string.min_length.unwrap_or(1).max(1);
    let length = length.min(string.max_length.unwrap_or(length));
    Value::String("x".repeat(length))
}

/// A string matching a simple regular expression: literals, escapes (`\\d`, `\\w`, `\\.`),
/// classes (`[0-9a-fA-F]`), `.`, groups with alternatives (the first is taken, at the top
/// level too), and the quantifiers `{n}`, `{n,m}`, `+`, `*`, `?`. Each atom is repeated as
/// few times as its quantifier allows, and then more, first atom first, until the text is
/// `min_length` long where the quantifiers let it be (GitHub's commit SHA: `^[0-9a-fA-F]+$`,
/// 40 characters). An anchored pattern is matched whole; one that is not anchored is matched
/// by its sample anyway. `None` for anything else (back-references, look-arounds): the caller
/// falls back.
fn pattern_sample(pattern: &str, min_length: usize) -> Option<String> {
    let pattern = pattern.strip_prefix('^').unwrap_or(pattern);
    let pattern = pattern.strip_suffix('$').unwrap_or(pattern);
    let chars: Vec<char> = pattern.chars().collect();
    let shortest = sequence(&chars, &mut 0)?.0.chars().count();
    let mut missing = min_length.saturating_sub(shortest);
    let (text, rest) = sequence(&chars, &mut missing)?;
    // The first of the top-level alternatives matches the whole pattern as well.
    (rest.is_empty() || rest.first() == Some(&'|')).then_some(text)
}

/// The sample of a sequence, up to an unmatched `)` or `|`; returns it and what is left.
/// Repetitions beyond the least are added while `missing` characters remain, and counted off.
fn sequence<'c>(mut chars: &'c [char], missing: &mut usize) -> Option<(String, &'c [char])> {
    let mut out = String::new();
    while let Some(&first) = chars.first() {
        let (atom, rest) = match first {
            ')' | '|' => break,
            // Anchors match no text; a look-around is taken to hold (the sample of the rest
            // is not what a negative one excludes: Nexus's "not a UUID" names).
            '^' | '$' => (String::new(), &chars[1..]),
            '(' if chars.get(1) == Some(&'?') && matches!(chars.get(2), Some('=' | '!' | '<')) => {
                (String::new(), skip_group(&chars[1..])?)
            }
            '(' => {
                let inner = chars.get(1..)?;
                let inner = inner.strip_prefix(&['?', ':']).unwrap_or(inner);
                let (text, rest) = sequence(inner, missing)?;
                // The other alternatives are skipped: the first one is the sample.
                (text, skip_group(rest)?)
            }
            '[' => class(&chars[1..])?,
            '\\' => {
                let escaped = *chars.get(1)?;
                let text = match escaped {
                    'd' => '0',
                    'w' => 'a',
                    's' => ' ',
                    c if c.is_ascii_alphanumeric() => return None,
                    c => c,
                };
                (text.to_string(), &chars[2..])
            }
            '.' => ("a".to_owned(), &chars[1..]),
            '*' | '+' | '?' | '{' => return None,
            c => (c.to_string(), &chars[1..]),
        };
        let (least, most, rest) = quantifier(rest)?;
        let length = atom.chars().count();
        let more = match length {
            0 => 0,
            _ => missing
                .div_ceil(length)
                .min(most.map_or(usize::MAX, |most| most - least)),
        };
        *missing = missing.saturating_sub(more * length);
        out.push_str(&atom.repeat(least + more));
        chars = rest;
    }
    Some((out, chars))
}

/// What follows the group that `chars` is inside of (just after its `(`).
fn skip_group(mut chars: &[char]) -> Option<&[char]> {
    let mut depth = 0;
    while let Some((&c, rest)) = chars.split_first() {
        chars = rest;
        match c {
            '\\' => chars = chars.get(1..)?,
            '(' => depth += 1,
            ')' if depth == 0 => return Some(chars),
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The first character a class allows: `[0-9a-f]` is `0`. Negated classes are refused.
fn class(chars: &[char]) -> Option<(String, &[char])> {
    if chars.first() == Some(&'^') {
        return None;
    }
    let end = chars.iter().position(|&c| c == ']')?;
    let first = match chars.first()? {
        '\\' => match chars.get(1)? {
            'd' => '0',
            'w' => 'a',
            's' => ' ',
            c => *c,
        },
        c => *c,
    };
    Some((first.to_string(), &chars[end + 1..]))
}

/// How many times the atom before `chars` may repeat: at least, at most (`None`: no limit),
/// and what follows the quantifier.
fn quantifier(chars: &[char]) -> Option<(usize, Option<usize>, &[char])> {
    match chars.first() {
        Some('+') => Some((1, None, &chars[1..])),
        Some('*') => Some((0, None, &chars[1..])),
        Some('?') => Some((0, Some(1), &chars[1..])),
        Some('{') => {
            let end = chars.iter().position(|&c| c == '}')?;
            let inside: String = chars[1..end].iter().collect();
            let (least, most) = match inside.split_once(',') {
                Some((least, most)) => (least, most.trim()),
                None => (inside.as_str(), inside.as_str()),
            };
            let least: usize = least.trim().parse().ok()?;
            let most = match most {
                "" => None,
                most => Some(most.parse::<usize>().ok()?.max(least)),
            };
            Some((least, most, &chars[end + 1..]))
        }
        _ => Some((1, Some(1), chars)),
    }
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
        Sampler::new(&spec).sample((&schema).into())
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
    fn a_simple_pattern_is_matched() {
        assert_eq!(
            pattern_sample("^NY[0-9a-fA-F]{32}$", 0).as_deref(),
            Some(&*format!("NY{}", "0".repeat(32)))
        );
        assert_eq!(
            pattern_sample(r"^\d{3}-\w+(a|b)?\.x$", 0).as_deref(),
            Some("000-a.x")
        );
        assert_eq!(pattern_sample("^(ab|cd){2}$", 0).as_deref(), Some("abab"));
        let name =
            "^(?![0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$)^[a-z][a-z0-9-]*[a-zA-Z0-9]$";
        assert_eq!(pattern_sample(name, 0).as_deref(), Some("aa"));
        assert_eq!(pattern_sample(r"^a\1", 0), None);
        assert_eq!(pattern_sample("[^a]", 0), None);
        assert_eq!(
            sample_of("    {}", "{type: string, pattern: '^CA[0-9a-f]{4}$'}"),
            json!("CA0000")
        );
    }

    #[test]
    fn all_of_parts_may_require_what_another_describes() {
        let components = "    Base: {type: object, required: [to], properties: {to: {type: string}, from: {type: string}}}\n";
        let schema = "{allOf: [{required: [ncco]}, {properties: {ncco: {type: array, items: {type: object}}}}, {$ref: '#/components/schemas/Base'}]}";
        assert_eq!(
            sample_of(components, schema),
            json!({"ncco": [{}], "to": "x"})
        );
    }

    #[test]
    fn an_all_of_part_that_is_a_union_of_objects_adds_a_branch() {
        let components = "    Alias: {oneOf: [{type: object, required: [globalAlias], properties: {globalAlias: {type: string}}}, {type: object, required: [localAlias], properties: {localAlias: {type: string}}}]}\n";
        let schema = "{allOf: [{$ref: '#/components/schemas/Alias'}, {type: object, required: [bucketId], properties: {bucketId: {type: string}}}]}";
        assert_eq!(
            sample_of(components, schema),
            json!({"bucketId": "x", "globalAlias": "x"})
        );
    }

    #[test]
    fn a_pattern_is_stretched_to_the_least_length_and_takes_its_first_alternative() {
        let sha = "{type: string, minLength: 40, maxLength: 40, pattern: '^[0-9a-fA-F]+$'}";
        assert_eq!(sample_of("    {}", sha), json!("0".repeat(40)));
        assert_eq!(pattern_sample("^a{2,3}b?c*$", 6).as_deref(), Some("aaabcc"));
        assert_eq!(pattern_sample("^a{2}$", 6).as_deref(), Some("aa"));
        let ssh = "^ssh-(rsa|dss|ed25519) |^ecdsa-sha2-nistp(256|384|521) ";
        assert_eq!(pattern_sample(ssh, 0).as_deref(), Some("ssh-rsa "));
    }

    #[test]
    fn properties_beside_branches_that_require_some_take_the_first_branch() {
        let gist = "{type: object, properties: {description: {type: string}, files: {type: object}}, anyOf: [{required: [description]}, {required: [files]}]}";
        assert_eq!(sample_of("    {}", gist), json!({"description": "x"}));
    }

    #[test]
    fn a_schema_of_mixed_keywords_is_sampled_by_its_type() {
        // Box: `minimum`/`maximum` beside `type: array` leave the parser without one shape.
        let schema = "{type: array, items: {type: string}, minimum: 1, maximum: 1000}";
        assert_eq!(sample_of("    {}", schema), json!(["x"]));
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
        // No mapping: the tag its property allows (OpenAI's `type: {enum: [message]}` on
        // EasyInputMessage), as the union's type writes it, not the component's name.
        let message = "    EasyInputMessage: {type: object, required: [role], properties: {role: {type: string}, type: {type: string, enum: [message]}}}\n";
        let schema = "{oneOf: [{$ref: '#/components/schemas/EasyInputMessage'}], discriminator: {propertyName: type}}";
        assert_eq!(
            sample_of(message, schema),
            json!({"role": "x", "type": "message"})
        );
        let nullable_first = "{oneOf: [{enum: [null]}, {type: string}]}";
        assert_eq!(sample_of("    {}", nullable_first), json!("x"));
    }

    #[test]
    fn a_union_takes_the_first_variant_whose_sample_only_it_accepts() {
        // Any `{type: ...}` is a Sip endpoint too, so a phone endpoint is not one of them.
        let components = "    Phone: {type: object, required: [number, type], properties: {number: {type: string}, type: {type: string}}}\n    Sip: {type: object, required: [type], properties: {type: {type: string}}}\n";
        let schema =
            "{oneOf: [{$ref: '#/components/schemas/Phone'}, {$ref: '#/components/schemas/Sip'}]}";
        assert_eq!(sample_of(components, schema), json!({"type": "x"}));
    }

    #[test]
    fn an_example_the_schema_refuses_is_not_taken() {
        let schema =
            "{type: object, required: [a], properties: {a: {type: string}}, example: {b: 1}}";
        assert_eq!(sample_of("    {}", schema), json!({"a": "x"}));
    }

    #[test]
    fn an_xml_sample_is_the_sample_as_elements() {
        let components = "    Pet: {type: object, required: [name, tags], properties: {name: {type: string, example: 'a<b'}, tags: {type: array, items: {type: string}}}}\n";
        let yaml = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{components}"
        );
        let spec: OpenAPI = serde_yaml::from_str(&yaml).unwrap();
        let schema: ReferenceOr<Schema> =
            serde_yaml::from_str("$ref: '#/components/schemas/Pet'").unwrap();
        assert_eq!(
            Sampler::new(&spec).xml_sample((&schema).into()),
            json!("<Pet><name>a&lt;b</name><tags>x</tags></Pet>")
        );
    }

    #[test]
    fn a_schema_that_contains_itself_ends() {
        let components = "    Node: {type: object, required: [next], properties: {next: {$ref: '#/components/schemas/Node'}}}\n";
        let value = sample_of(components, "$ref: '#/components/schemas/Node'");
        assert!(value.to_string().len() < 200, "{value}");
    }
}
