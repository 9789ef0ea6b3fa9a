//! JSON Schema 2020-12 keywords in their OpenAPI 3.0 form, one schema at a time.
//!
//! What 3.0 can say the same way is rewritten silently: `type` lists (`[string, "null"]` is
//! `nullable: true`; several types a `oneOf` of one schema per type, each with its own
//! keywords), `const`, `examples`, numeric `exclusiveMinimum`/`exclusiveMaximum`,
//! `contentEncoding`/`contentMediaType` (the `byte` and `binary` formats), `prefixItems`
//! whose items are all alike, `unevaluatedProperties`, `patternProperties` (the map's value
//! type) and `$ref` beside other keywords (an `allOf` of the reference and the rest, which the
//! IR reads as the referenced type with those annotations). What has no Rust shape
//! (`if`/`then`/`else`, `dependentRequired`, `contains`, key patterns) is taken out with a note
//! naming it, so nothing goes silently.

use serde_json::{Map, Value, json};

use super::Translation;

/// Which keywords apply to which instance type: a schema with several types is split into one
/// schema per type, each with the keywords that apply to it.
const TYPE_KEYWORDS: [(&str, &[&str]); 5] = [
    (
        "string",
        &[
            "minLength",
            "maxLength",
            "pattern",
            "contentEncoding",
            "contentMediaType",
        ],
    ),
    (
        "number",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
    ),
    (
        "integer",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
    ),
    (
        "array",
        &[
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
        ],
    ),
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "unevaluatedProperties",
            "propertyNames",
            "minProperties",
            "maxProperties",
            "discriminator",
        ],
    ),
];

/// Keywords that identify or comment a schema; their work is done once references are
/// resolved, and nothing of them reaches the client.
const RESOLVED: [&str; 8] = [
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$schema",
    "$comment",
    "$vocabulary",
    "$defs",
    "definitions",
];

/// Keywords with no Rust shape: (keyword, what the note says is not enforced).
const NO_RUST_SHAPE: [(&str, &str); 10] = [
    ("if", "a conditional schema (`if`/`then`/`else`)"),
    ("then", "a conditional schema (`if`/`then`/`else`)"),
    ("else", "a conditional schema (`if`/`then`/`else`)"),
    (
        "dependentRequired",
        "properties required when another is present (`dependentRequired`)",
    ),
    (
        "dependentSchemas",
        "schemas applied when a property is present (`dependentSchemas`)",
    ),
    ("contains", "an item the array must contain (`contains`)"),
    ("minContains", "how many items must match `contains`"),
    ("maxContains", "how many items may match `contains`"),
    (
        "unevaluatedItems",
        "items beyond those evaluated (`unevaluatedItems`)",
    ),
    (
        "contentSchema",
        "the schema of encoded content (`contentSchema`)",
    ),
];

/// Rewrites one schema (not the ones it holds) into its OpenAPI 3.0 form.
pub(super) fn translate(at: &str, schema: &mut Value, cx: &mut Translation<'_>) {
    if let Value::Bool(admits) = schema {
        if at.ends_with("/additionalProperties") {
            return; // 3.0 has the boolean form here.
        }
        // `true` admits anything; `false` nothing, which 3.0 writes `not: {}`.
        *schema = if *admits {
            json!({})
        } else {
            json!({"not": {}})
        };
        return;
    }
    let Value::Object(map) = schema else { return };
    for key in RESOLVED {
        map.remove(key);
    }
    if map.remove("$dynamicRef").is_some() {
        cx.report.note(
            at,
            "a `$dynamicRef` no schema binds is read as any JSON value",
            "bind it with a `$dynamicAnchor` or write a `$ref`",
        );
    }
    no_rust_shape(at, map, cx);
    reference_with_siblings(at, map, cx);
    constant(map);
    examples(map);
    exclusive_bounds(map);
    content_encoding(at, map, cx);
    prefix_items(at, map, cx);
    object_keywords(at, map, cx);
    type_list(at, map, cx);
}

fn no_rust_shape(at: &str, map: &mut Map<String, Value>, cx: &mut Translation<'_>) {
    for (keyword, what) in NO_RUST_SHAPE {
        if map.remove(keyword).is_some() {
            cx.report.note(
                &format!("{at}/{keyword}"),
                format!("{what} has no Rust shape: the client does not check it"),
                "the server still checks it; document it in the description if callers need to know",
            );
        }
    }
}

/// A `$ref` with other keywords beside it (3.1 applies both; 3.0 ignores the others):
/// `allOf: [{$ref}]` with the others kept, which the IR reads as the referenced type with
/// those annotations. A `type` beside it that the referenced schema contradicts is dropped
/// with a warning: no value could match both.
fn reference_with_siblings(at: &str, map: &mut Map<String, Value>, cx: &mut Translation<'_>) {
    let has_siblings = map
        .keys()
        .any(|key| key != "$ref" && !RESOLVED.contains(&key.as_str()));
    if !map.contains_key("$ref") || !has_siblings {
        return;
    }
    let Some(reference) = map.remove("$ref") else {
        return;
    };
    if let (Some(own), Some(referenced)) = (
        map.get("type").cloned(),
        reference.as_str().and_then(|r| cx.referenced_type(r)),
    ) && !types_overlap(&own, &referenced)
    {
        map.remove("type");
        cx.report.warning(
            &format!("{at}/type"),
            format!("`type: {own}` beside the `$ref` contradicts the referenced schema's `type: {referenced}`, so no value could match both; the `type` is dropped"),
            "remove the `type` beside the reference, or refer to a schema of that type",
        );
    }
    let part = json!({"$ref": reference});
    match map.get_mut("allOf") {
        Some(Value::Array(parts)) => parts.insert(0, part),
        _ => {
            map.insert("allOf".to_owned(), json!([part]));
        }
    }
}

fn type_names(value: &Value) -> Vec<&str> {
    match value {
        Value::String(name) => vec![name.as_str()],
        Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn types_overlap(own: &Value, referenced: &Value) -> bool {
    let referenced = type_names(referenced);
    type_names(own).iter().any(|name| {
        referenced.contains(name)
            || (*name == "number" && referenced.contains(&"integer"))
            || (*name == "integer" && referenced.contains(&"number"))
    })
}

/// `const: v` is `enum: [v]`, typed by its value when the schema has no type.
fn constant(map: &mut Map<String, Value>) {
    let Some(value) = map.remove("const") else {
        return;
    };
    if !map.contains_key("type") {
        let ty = match &value {
            Value::String(_) => Some("string"),
            Value::Bool(_) => Some("boolean"),
            Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
            Value::Number(_) => Some("number"),
            Value::Object(_) => Some("object"),
            Value::Array(_) => Some("array"),
            Value::Null => None,
        };
        if let Some(ty) = ty {
            map.insert("type".to_owned(), json!(ty));
        }
    }
    map.entry("enum").or_insert_with(|| json!([value]));
}

/// `examples: [a, b]` gives `example: a` (the others are checked by the linter, which reads
/// the document as written).
fn examples(map: &mut Map<String, Value>) {
    if let Some(Value::Array(examples)) = map.remove("examples")
        && let Some(first) = examples.into_iter().next()
    {
        map.entry("example").or_insert(first);
    }
}

/// A numeric `exclusiveMinimum: 0` is `minimum: 0, exclusiveMinimum: true` (the stricter of
/// it and a `minimum` beside it); the same for maximum.
fn exclusive_bounds(map: &mut Map<String, Value>) {
    for (exclusive, inclusive, stricter) in [
        ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
        ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
    ] {
        let Some(bound) = map.get(exclusive).and_then(Value::as_f64) else {
            continue; // Absent, or a 3.0 boolean left in the document.
        };
        let Some(bound_value) = map.remove(exclusive) else {
            continue;
        };
        let other = map.get(inclusive).and_then(Value::as_f64);
        let exclusive_wins = other.is_none_or(|other| {
            bound
                .partial_cmp(&other)
                .is_some_and(|o| o == stricter || o.is_eq())
        });
        if exclusive_wins {
            map.insert(inclusive.to_owned(), bound_value);
            map.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
}

/// `contentEncoding: base64` is `format: byte`; `contentMediaType` alone (raw bytes of that
/// type) is `format: binary`.
fn content_encoding(at: &str, map: &mut Map<String, Value>, cx: &mut Translation<'_>) {
    let encoding = map.remove("contentEncoding");
    let media = map.remove("contentMediaType");
    let format = match encoding.as_ref().and_then(Value::as_str) {
        Some("base64" | "base64url") => "byte",
        Some(other) => {
            cx.report.note(
                &format!("{at}/contentEncoding"),
                format!(
                    "`contentEncoding: {other}` has no Rust shape: the value is the encoded string"
                ),
                "decode it after reading, or use base64 (`format: byte`)",
            );
            return;
        }
        None if media.is_some() => "binary",
        None => return,
    };
    map.entry("format").or_insert_with(|| json!(format));
    map.entry("type").or_insert_with(|| json!("string"));
}

/// `prefixItems` (a tuple): with items all alike, a list of that item with its length; else
/// a list of any of them, with a note that positions are not kept.
fn prefix_items(at: &str, map: &mut Map<String, Value>, cx: &mut Translation<'_>) {
    let Some(Value::Array(prefix)) = map.remove("prefixItems") else {
        return;
    };
    let rest = map.remove("items");
    let closed = matches!(rest, Some(Value::Bool(false)));
    let mut kinds: Vec<Value> = Vec::new();
    for item in prefix
        .iter()
        .chain(rest.iter().filter(|rest| !rest.is_boolean()))
    {
        if !kinds.contains(item) {
            kinds.push(item.clone());
        }
    }
    let items = match kinds.len() {
        0 => json!({}),
        1 => kinds.remove(0),
        _ => {
            cx.report.note(
                &format!("{at}/prefixItems"),
                "the items of this tuple differ in type: the list holds any of them, and which position holds which is not kept",
                "a list of alike items, or an object with named fields, keeps every type",
            );
            json!({ "anyOf": kinds })
        }
    };
    map.insert("items".to_owned(), items);
    if closed {
        map.entry("maxItems").or_insert_with(|| json!(prefix.len()));
    }
    map.entry("minItems").or_insert_with(|| json!(prefix.len()));
    map.entry("type").or_insert_with(|| json!("array"));
}

/// `unevaluatedProperties` where there is no `additionalProperties` is one; the value type of
/// `patternProperties` is the map's (its key patterns are noted); `propertyNames` beyond
/// "a string" is noted.
fn object_keywords(at: &str, map: &mut Map<String, Value>, cx: &mut Translation<'_>) {
    if let Some(unevaluated) = map.remove("unevaluatedProperties") {
        map.entry("additionalProperties").or_insert(unevaluated);
    }
    if let Some(Value::Object(patterns)) = map.remove("patternProperties") {
        let names: Vec<String> = patterns.keys().map(|p| format!("`{p}`")).collect();
        cx.report.note(
            &format!("{at}/patternProperties"),
            format!(
                "the key patterns {} are not checked by the client; the values are typed",
                names.join(", ")
            ),
            "the server still checks them",
        );
        let mut values: Vec<Value> = Vec::new();
        for value in patterns.into_values() {
            if !values.contains(&value) {
                values.push(value);
            }
        }
        if !map.contains_key("additionalProperties") && !values.is_empty() {
            let value = match values.len() {
                1 => values.remove(0),
                _ => json!({ "anyOf": values }),
            };
            map.insert("additionalProperties".to_owned(), value);
        }
    }
    if let Some(names) = map.remove("propertyNames")
        && names != json!({"type": "string"})
        && names != json!(true)
    {
        cx.report.note(
            &format!("{at}/propertyNames"),
            "what the keys must look like (`propertyNames`) is not checked by the client",
            "the server still checks it",
        );
    }
}

/// A `type` list: `[T, "null"]` is `type: T, nullable: true`; `["null"]` admits only null;
/// several types become a `oneOf` with one schema per type.
fn type_list(at: &str, map: &mut Map<String, Value>, cx: &mut Translation<'_>) {
    let types: Vec<String> = match map.get("type") {
        Some(Value::String(one)) if one == "null" => vec!["null".to_owned()],
        Some(Value::Array(list)) => {
            let mut names = Vec::new();
            for (index, name) in list.iter().enumerate() {
                match name.as_str() {
                    Some(name) if KNOWN_TYPES.contains(&name) => {
                        if !names.iter().any(|known| known == name) {
                            names.push(name.to_owned());
                        }
                    }
                    _ => cx.report.warning(
                        &format!("{at}/type/{index}"),
                        format!(
                            "`{name}` is not a JSON Schema type; it is left out of the type list"
                        ),
                        "use string, number, integer, boolean, array, object or null",
                    ),
                }
            }
            names
        }
        _ => return,
    };
    map.remove("type");
    let nullable = types.iter().any(|t| t == "null");
    let mut others: Vec<&str> = types
        .iter()
        .map(String::as_str)
        .filter(|t| *t != "null")
        .collect();
    if others.contains(&"number") && others.contains(&"integer") {
        others.retain(|t| *t != "integer"); // Every integer is a number.
    }
    if let Some(Value::Array(values)) = map.get("enum") {
        others.retain(|ty| {
            let admitted = values.iter().any(|value| is_of_type(value, ty));
            if !admitted {
                cx.report.warning(
                    &format!("{at}/type"),
                    format!("the type list names `{ty}`, but no `enum` value is one, so no {ty} matches; `{ty}` is left out"),
                    format!("add the {ty} values to `enum`, or remove `{ty}` from the type list"),
                );
            }
            admitted
        });
    }
    match others.as_slice() {
        [] if nullable => {
            map.insert("enum".to_owned(), json!([null]));
        }
        [] => cx.report.warning(
            &format!("{at}/type"),
            "no type is left in the type list, so no value matches; the schema is read as any value",
            "list the types the value may have",
        ),
        [one] => {
            map.insert("type".to_owned(), json!(one));
            if nullable {
                map.insert("nullable".to_owned(), Value::Bool(true));
            }
        }
        several => split_by_type(map, several, nullable),
    }
}

const KNOWN_TYPES: [&str; 7] = [
    "string", "number", "integer", "boolean", "array", "object", "null",
];

/// One schema per type, each with the keywords (and enum values) that apply to it.
fn split_by_type(map: &mut Map<String, Value>, types: &[&str], nullable: bool) {
    let values = map.remove("enum");
    let format = map.remove("format");
    let mut variants = Vec::new();
    for ty in types {
        let mut variant = Map::new();
        variant.insert("type".to_owned(), json!(ty));
        let keywords = TYPE_KEYWORDS
            .iter()
            .find(|(name, _)| name == ty)
            .map_or(&[][..], |(_, keywords)| *keywords);
        for keyword in keywords {
            if let Some(value) = map.get(*keyword) {
                variant.insert((*keyword).to_owned(), value.clone());
            }
        }
        if let Some(format) = format.as_ref().filter(|f| format_type(f) == *ty) {
            variant.insert("format".to_owned(), format.clone());
        }
        if let Some(Value::Array(values)) = &values {
            let own: Vec<Value> = values
                .iter()
                .filter(|v| is_of_type(v, ty))
                .cloned()
                .collect();
            if !own.is_empty() {
                variant.insert("enum".to_owned(), Value::Array(own));
            }
        }
        variants.push(Value::Object(variant));
    }
    for (_, keywords) in TYPE_KEYWORDS {
        for keyword in keywords {
            map.remove(*keyword);
        }
    }
    if nullable {
        map.insert("nullable".to_owned(), Value::Bool(true));
    }
    let key = if map.contains_key("oneOf") {
        "anyOf"
    } else {
        "oneOf"
    };
    map.insert(key.to_owned(), Value::Array(variants));
}

/// The type a `format` belongs to.
fn format_type(format: &Value) -> &'static str {
    match format.as_str() {
        Some("int32" | "int64") => "integer",
        Some("float" | "double") => "number",
        _ => "string",
    }
}

/// Whether `value` is an instance of the JSON Schema type `ty` (every integer is a number).
fn is_of_type(value: &Value, ty: &str) -> bool {
    match value_type(value) {
        Some("integer") => ty == "integer" || ty == "number",
        Some(own) => own == ty,
        None => ty == "null",
    }
}

fn value_type(value: &Value) -> Option<&'static str> {
    Some(match value {
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Null => return None,
    })
}
