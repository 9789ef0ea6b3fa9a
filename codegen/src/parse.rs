//! Stage 4: the merged, overlaid document into typed `openapiv3` values.
//!
//! A provider's document is often wrong in one place and right everywhere else, so it is read
//! in units that can be left out on their own: each operation and each component. A unit that
//! does not match OpenAPI 3.0 is left out with a warning naming its JSON pointer, and the rest
//! of the client is still generated; only a broken skeleton (`info`, the shape of `paths` or
//! `components`) fails the whole API. Each value is deserialized once, moved out of the tree.

use std::collections::BTreeSet;

use openapiv3::{Components, OpenAPI, Operation, PathItem, Paths, ReferenceOr};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::diagnostics::Origins;
use crate::diagnostics::{Diagnostics, escape_token, operation_label};
use crate::http::HttpMethod;

/// The typed document, and the pointers of the units that were left out.
#[derive(Clone, Debug)]
pub struct Parsed {
    /// The document without the units that did not match OpenAPI 3.0.
    pub spec: OpenAPI,
    /// Pointers of the components left out (`#/components/schemas/Pet`), so that references
    /// to them can say why they point at nothing.
    pub left_out: BTreeSet<String>,
}

/// Checks the version, then deserializes unit by unit.
pub fn parse(value: Value, origins: &Origins, diagnostics: &mut Diagnostics) -> Option<Parsed> {
    if !supported_version(&value, origins, diagnostics) {
        return None;
    }
    let Value::Object(mut root) = value else {
        return None;
    };
    let paths = root.remove("paths");
    let components = root.remove("components");
    root.insert("paths".to_owned(), Value::Object(Map::new()));
    let mut spec: OpenAPI = deserialize(Value::Object(root), "#", origins, diagnostics, None)?;
    let mut parser = Parser {
        origins,
        diagnostics,
        left_out: BTreeSet::new(),
    };
    if let Some(paths) = paths {
        spec.paths = parser.paths(paths)?;
    }
    if let Some(components) = components {
        spec.components = Some(parser.components(components)?);
    }
    Some(Parsed {
        spec,
        left_out: parser.left_out,
    })
}

fn supported_version(value: &Value, origins: &Origins, diagnostics: &mut Diagnostics) -> bool {
    let file = origins.file_for("#/openapi");
    let (pointer, message, help) = match value.get("openapi") {
        Some(Value::String(version)) if version.starts_with("3.0.") => return true,
        Some(other) => {
            let shown = other
                .as_str()
                .map_or_else(|| other.to_string(), str::to_owned);
            (
                "#/openapi",
                format!("unsupported OpenAPI version `{shown}`"),
                "use an OpenAPI 3.0, 3.1 or 3.2 document (`openapi: 3.1.1`, say)",
            )
        }
        None if value.get("swagger").is_some() => (
            "#/swagger",
            "Swagger 2.0 documents are not supported".to_owned(),
            "convert the document to OpenAPI 3.0 first (for example with swagger2openapi)",
        ),
        None if !value.is_object() => (
            "#",
            "the document is not a mapping (an OpenAPI document is an object at the top level)"
                .to_owned(),
            "check that this is an OpenAPI document",
        ),
        None => (
            "#",
            "not an OpenAPI document: there is no `openapi` field".to_owned(),
            "start the document with its OpenAPI version (`openapi: 3.1.1`, say)",
        ),
    };
    diagnostics.error(file, pointer, message, help);
    false
}

struct Parser<'a, 'd> {
    origins: &'a Origins,
    diagnostics: &'d mut Diagnostics,
    left_out: BTreeSet<String>,
}

impl Parser<'_, '_> {
    fn paths(&mut self, paths: Value) -> Option<Paths> {
        let Value::Object(mut entries) = paths else {
            return deserialize(paths, "#/paths", self.origins, self.diagnostics, None);
        };
        let extensions: Map<String, Value> = entries
            .iter()
            .filter(|(key, _)| key.starts_with("x-"))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        entries.retain(|key, _| !key.starts_with("x-"));
        let mut out: Paths = deserialize(
            Value::Object(extensions),
            "#/paths",
            self.origins,
            self.diagnostics,
            None,
        )?;
        for (path, item) in entries {
            let at = format!("#/paths/{}", escape_token(&path));
            if let Some(item) = self.path_item(item, &at, &path) {
                out.paths.insert(path, item);
            }
        }
        Some(out)
    }

    fn path_item(&mut self, item: Value, at: &str, path: &str) -> Option<ReferenceOr<PathItem>> {
        let Value::Object(mut fields) = item else {
            let leaving = format!("the path item `{path}` is left out");
            return deserialize(item, at, self.origins, self.diagnostics, Some(&leaving));
        };
        let operations: Vec<(HttpMethod, Value)> = HttpMethod::ALL
            .into_iter()
            .filter_map(|method| Some((method, fields.remove(method.key())?)))
            .collect();
        let leaving = format!("the path item `{path}` and its operations are left out");
        let mut item = reference_or::<PathItem>(
            Value::Object(fields),
            at,
            self.origins,
            self.diagnostics,
            Some(&leaving),
        )?;
        let ReferenceOr::Item(path_item) = &mut item else {
            return Some(item);
        };
        for (method, value) in operations {
            let op_at = format!("{at}/{}", method.key());
            let id = value.get("operationId").and_then(Value::as_str);
            let leaving = format!("{} is left out", operation_label(id, method.key(), path));
            let Some(operation) = deserialize::<Operation>(
                value,
                &op_at,
                self.origins,
                self.diagnostics,
                Some(&leaving),
            ) else {
                continue;
            };
            *method.operation_mut(path_item) = Some(operation);
        }
        Some(item)
    }

    fn components(&mut self, components: Value) -> Option<Components> {
        let Value::Object(mut sections) = components else {
            return deserialize(
                components,
                "#/components",
                self.origins,
                self.diagnostics,
                None,
            );
        };
        let taken: Vec<(&str, Value)> = SECTIONS
            .iter()
            .filter_map(|section| Some((*section, sections.remove(*section)?)))
            .collect();
        let mut out: Components = deserialize(
            Value::Object(sections),
            "#/components",
            self.origins,
            self.diagnostics,
            None,
        )?;
        for (section, entries) in taken {
            let at = format!("#/components/{section}");
            let Value::Object(entries) = entries else {
                self.diagnostics.error(
                    self.origins.file_for(&at),
                    &at,
                    format!("`components/{section}` is not a mapping"),
                    "make it a mapping from names to definitions",
                );
                return None;
            };
            for (name, entry) in entries {
                let entry_at = format!("{at}/{}", escape_token(&name));
                self.component(&mut out, section, name, entry, entry_at);
            }
        }
        Some(out)
    }

    fn component(
        &mut self,
        out: &mut Components,
        section: &str,
        name: String,
        entry: Value,
        at: String,
    ) {
        let leaving = format!("component `{section}/{name}` is left out");
        let mut unit = Unit {
            name,
            entry,
            at: &at,
            origins: self.origins,
            diagnostics: self.diagnostics,
            leaving: &leaving,
        };
        let kept = match section {
            "schemas" => unit.read_into(&mut out.schemas),
            "responses" => unit.read_into(&mut out.responses),
            "parameters" => unit.read_into(&mut out.parameters),
            "examples" => unit.read_into(&mut out.examples),
            "requestBodies" => unit.read_into(&mut out.request_bodies),
            "headers" => unit.read_into(&mut out.headers),
            "securitySchemes" => unit.read_into(&mut out.security_schemes),
            "links" => unit.read_into(&mut out.links),
            _ => unit.read_into(&mut out.callbacks),
        };
        if !kept {
            self.left_out.insert(at);
        }
    }
}

/// One component entry on its way into its section of `Components`.
struct Unit<'u, 'd> {
    name: String,
    entry: Value,
    at: &'u str,
    origins: &'u Origins,
    diagnostics: &'d mut Diagnostics,
    leaving: &'u str,
}

impl Unit<'_, '_> {
    /// Reads the entry into `section`; false (with a warning) when it is left out.
    fn read_into<T: DeserializeOwned>(
        &mut self,
        section: &mut indexmap::IndexMap<String, ReferenceOr<T>>,
    ) -> bool {
        let entry = std::mem::take(&mut self.entry);
        match reference_or(
            entry,
            self.at,
            self.origins,
            self.diagnostics,
            Some(self.leaving),
        ) {
            Some(value) => {
                section.insert(std::mem::take(&mut self.name), value);
                true
            }
            None => false,
        }
    }
}

/// The sections of `components`, whose entries are read (and can be left out) one by one.
pub const SECTIONS: [&str; 9] = [
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];

/// Deserializes a value that may be a `$ref`. Values without `$ref` are read as `T` directly,
/// so a mistake inside them is reported where it is, not as "no variant of `ReferenceOr`".
fn reference_or<T: DeserializeOwned>(
    value: Value,
    at: &str,
    origins: &Origins,
    diagnostics: &mut Diagnostics,
    leaving: Option<&str>,
) -> Option<ReferenceOr<T>> {
    if value.get("$ref").is_some() {
        deserialize(value, at, origins, diagnostics, leaving)
    } else {
        deserialize(value, at, origins, diagnostics, leaving).map(ReferenceOr::Item)
    }
}

/// Deserializes one value found at `at`. On failure the problem is an error, or, when the
/// value is a unit that can be left out (`leaving` says what is left out), a warning.
fn deserialize<T: DeserializeOwned>(
    value: Value,
    at: &str,
    origins: &Origins,
    diagnostics: &mut Diagnostics,
    leaving: Option<&str>,
) -> Option<T> {
    let error = match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(parsed) => return Some(parsed),
        Err(error) => error,
    };
    let mut pointer = at.to_owned();
    for segment in error.path().iter() {
        use serde_path_to_error::Segment;
        let token = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => continue,
        };
        pointer.push('/');
        pointer.push_str(&escape_token(&token));
    }
    let file = origins.file_for(&pointer);
    let problem = format!("the value does not match OpenAPI 3.0: {}", error.inner());
    match leaving {
        Some(leaving) => diagnostics.warning(
            file,
            &pointer,
            format!("{leaving}: {problem}"),
            "fix the value in the spec or with an overlay action, or remove the unit with an overlay action (`remove: true`)",
        ),
        None => diagnostics.error(
            file,
            &pointer,
            problem,
            "fix the value in the spec or with an overlay action",
        ),
    }
    None
}
