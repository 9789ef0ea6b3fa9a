//! Where the schemas of an OpenAPI 3.1 document are: the roots the document structure holds
//! (components, parameters, headers, media types, in paths, webhooks, callbacks and reusable
//! path items), and the subschemas each schema holds by its keywords. Every pass of the
//! translation walks the schemas through here, so they all visit the same places.

use serde_json::{Map, Value};

use crate::diagnostics::escape_token;
use crate::http::HttpMethod;

/// The path-item keys that hold an operation: OpenAPI 3.0's methods and 3.2's `query`.
pub fn operation_keys() -> impl Iterator<Item = &'static str> {
    HttpMethod::ALL
        .into_iter()
        .map(HttpMethod::key)
        .chain(["query"])
}

/// Keywords whose value is one subschema.
const ONE: [&str; 12] = [
    "additionalProperties",
    "unevaluatedProperties",
    "items",
    "additionalItems",
    "unevaluatedItems",
    "contains",
    "not",
    "if",
    "then",
    "else",
    "propertyNames",
    "contentSchema",
];

/// Keywords whose value maps names to subschemas.
const BY_NAME: [&str; 5] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

/// Keywords whose value is a list of subschemas.
const LISTED: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];

/// The pointers of every schema the document structure holds directly (not through another
/// schema), in document order. A root that is a reference is listed too: its `$ref` is a
/// schema reference like any other.
pub fn schema_roots(document: &Value) -> Vec<String> {
    let mut roots = Roots(Vec::new());
    let components = document.get("components");
    for (name, _) in entries(components.and_then(|c| c.get("schemas"))) {
        roots
            .0
            .push(format!("#/components/schemas/{}", escape_token(name)));
    }
    for section in ["parameters", "headers"] {
        for (name, value) in entries(components.and_then(|c| c.get(section))) {
            roots.parameter(
                &format!("#/components/{section}/{}", escape_token(name)),
                value,
            );
        }
    }
    for (name, value) in entries(components.and_then(|c| c.get("responses"))) {
        roots.response(
            &format!("#/components/responses/{}", escape_token(name)),
            value,
        );
    }
    for (name, value) in entries(components.and_then(|c| c.get("requestBodies"))) {
        let at = format!("#/components/requestBodies/{}", escape_token(name));
        roots.content(&format!("{at}/content"), value.get("content"));
    }
    for (name, value) in entries(components.and_then(|c| c.get("callbacks"))) {
        roots.callback(
            &format!("#/components/callbacks/{}", escape_token(name)),
            value,
        );
    }
    let item_holders = [
        (
            "#/components/pathItems",
            components.and_then(|c| c.get("pathItems")),
        ),
        ("#/paths", document.get("paths")),
        ("#/webhooks", document.get("webhooks")),
    ];
    for (at, holder) in item_holders {
        for (name, item) in entries(holder) {
            roots.path_item(&format!("{at}/{}", escape_token(name)), item);
        }
    }
    roots.0
}

struct Roots(Vec<String>);

impl Roots {
    fn path_item(&mut self, at: &str, item: &Value) {
        self.parameters(at, item);
        for key in operation_keys() {
            if let Some(operation) = item.get(key) {
                self.operation(&format!("{at}/{key}"), operation);
            }
        }
        for (name, operation) in entries(item.get("additionalOperations")) {
            self.operation(
                &format!("{at}/additionalOperations/{}", escape_token(name)),
                operation,
            );
        }
    }

    fn operation(&mut self, at: &str, operation: &Value) {
        self.parameters(at, operation);
        if let Some(body) = operation.get("requestBody") {
            self.content(&format!("{at}/requestBody/content"), body.get("content"));
        }
        for (status, response) in entries(operation.get("responses")) {
            self.response(
                &format!("{at}/responses/{}", escape_token(status)),
                response,
            );
        }
        for (name, callback) in entries(operation.get("callbacks")) {
            self.callback(&format!("{at}/callbacks/{}", escape_token(name)), callback);
        }
    }

    fn callback(&mut self, at: &str, callback: &Value) {
        for (expression, item) in entries(Some(callback)) {
            self.path_item(&format!("{at}/{}", escape_token(expression)), item);
        }
    }

    fn parameters(&mut self, at: &str, holder: &Value) {
        let list = holder.get("parameters").and_then(Value::as_array);
        for (index, parameter) in list.into_iter().flatten().enumerate() {
            self.parameter(&format!("{at}/parameters/{index}"), parameter);
        }
    }

    /// A parameter or a header: a schema, or content.
    fn parameter(&mut self, at: &str, parameter: &Value) {
        if parameter.get("schema").is_some() {
            self.0.push(format!("{at}/schema"));
        }
        self.content(&format!("{at}/content"), parameter.get("content"));
    }

    fn response(&mut self, at: &str, response: &Value) {
        for (name, header) in entries(response.get("headers")) {
            self.parameter(&format!("{at}/headers/{}", escape_token(name)), header);
        }
        self.content(&format!("{at}/content"), response.get("content"));
    }

    fn content(&mut self, at: &str, content: Option<&Value>) {
        for (media, object) in entries(content) {
            let at = format!("{at}/{}", escape_token(media));
            for key in ["schema", "itemSchema"] {
                if object.get(key).is_some() {
                    self.0.push(format!("{at}/{key}"));
                }
            }
            for (name, encoding) in entries(object.get("encoding")) {
                let at = format!("{at}/encoding/{}", escape_token(name));
                for (header, value) in entries(encoding.get("headers")) {
                    self.parameter(&format!("{at}/headers/{}", escape_token(header)), value);
                }
            }
        }
    }
}

/// The entries of a mapping; none for anything else.
pub fn entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value.and_then(Value::as_object).into_iter().flatten()
}

/// The subschemas a schema holds by its keywords: (keyword path below the schema, value).
pub fn subschemas(schema: &Map<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    for key in ONE {
        if schema.contains_key(key) {
            out.push(escape_token(key));
        }
    }
    for key in BY_NAME {
        for (name, _) in entries(schema.get(key)) {
            out.push(format!("{}/{}", escape_token(key), escape_token(name)));
        }
    }
    for key in LISTED {
        let count = schema
            .get(key)
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        out.extend((0..count).map(|index| format!("{key}/{index}")));
    }
    out
}

/// Calls `visit` on every schema of the document, a schema before the ones it holds, with its
/// pointer. `visit` may rewrite the schema; what it holds afterwards is what is walked next.
/// A boolean schema is given as itself, so `visit` can replace it.
pub fn each_schema(document: &mut Value, visit: &mut dyn FnMut(&str, &mut Value)) {
    for root in schema_roots(document) {
        if let Some(schema) = document.pointer_mut(&root[1..]) {
            walk(&root, schema, visit, 0);
        }
    }
}

/// How deep schemas are walked: far beyond any real document, and short of the stack's end
/// on a hostile one.
const MAX_DEPTH: usize = 256;

fn walk(at: &str, schema: &mut Value, visit: &mut dyn FnMut(&str, &mut Value), depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    visit(at, schema);
    let Value::Object(map) = schema else {
        return;
    };
    for below in subschemas(map) {
        if let Some(child) = schema.pointer_mut(&format!("/{below}")) {
            walk(&format!("{at}/{below}"), child, visit, depth + 1);
        }
    }
}
