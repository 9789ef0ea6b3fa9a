//! Stage 2: fold several OpenAPI documents of one provider into one document.
//!
//! Some providers publish one document per operation (Vobiz does: each docs page carries its
//! own excerpt of a larger spec). Merging them back gives one client. Anything both documents
//! define must be identical, so a shared component is generated once; a real conflict is an
//! error naming both files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostics, Origins, pointer};
use crate::load::Document;

/// The merged document and, for each part of it, the file it came from.
#[derive(Clone, Debug)]
pub struct Merged {
    /// The merged OpenAPI document.
    pub value: Value,
    /// Which file each path item, operation and component came from.
    pub origins: Origins,
}

/// Top-level fields that must agree between documents.
const SHARED_FIELDS: [&str; 5] = ["openapi", "info", "servers", "security", "externalDocs"];

/// Merges documents in order; `documents` must not be empty.
pub fn merge(documents: &[Document], diagnostics: &mut Diagnostics) -> Option<Merged> {
    let (first, rest) = documents.split_first()?;
    let Some(base) = first.value.as_object() else {
        not_an_object(&first.path, diagnostics);
        return None;
    };
    let mut merged = base.clone();
    let mut origins = Origins::new(first.path.clone());
    record_imports(first, &mut origins);
    record_origins(&merged, &first.path, &mut origins);
    // Which file each top-level field came from, for conflict messages.
    let mut field_files: BTreeMap<String, PathBuf> = merged
        .keys()
        .map(|k| (k.clone(), first.path.clone()))
        .collect();

    for document in rest {
        let Some(incoming) = document.value.as_object() else {
            not_an_object(&document.path, diagnostics);
            continue;
        };
        record_imports(document, &mut origins);
        record_origins(incoming, &document.path, &mut origins);
        for (key, value) in incoming {
            let here = &document.path;
            match key.as_str() {
                "paths" => merge_nested(&mut merged, &PATHS, value, here, &origins, diagnostics),
                "components" => {
                    merge_nested(&mut merged, &COMPONENTS, value, here, &origins, diagnostics)
                }
                "tags" => merge_tags(&mut merged, value, here, &field_files, diagnostics),
                _ => match merged.get(key) {
                    None => {
                        merged.insert(key.clone(), value.clone());
                        field_files.insert(key.clone(), here.clone());
                    }
                    Some(existing) if existing == value => {}
                    Some(_) => {
                        let other = field_files.get(key).cloned().unwrap_or_default();
                        let what = if SHARED_FIELDS.contains(&key.as_str()) {
                            "must be the same in every document of one API"
                        } else {
                            "differs between documents of one API"
                        };
                        conflict(diagnostics, here, &other, &pointer(&[key]), what);
                    }
                },
            }
        }
    }
    Some(Merged {
        value: Value::Object(merged),
        origins,
    })
}

fn not_an_object(path: &Path, diagnostics: &mut Diagnostics) {
    diagnostics.error(
        path,
        "#",
        "the document is not a mapping (an OpenAPI document is an object at the top level)",
        "check that this is an OpenAPI 3.0 document",
    );
}

fn conflict(diagnostics: &mut Diagnostics, here: &Path, other: &Path, at: &str, what: &str) {
    diagnostics.error(
        here,
        at,
        format!("{at} {what}: it differs from {}", other.display()),
        "make both definitions identical, rename one of them, or fix one with an overlay action",
    );
}

/// Components copied in from other files are that file's.
fn record_imports(document: &Document, origins: &mut Origins) {
    for (pointer, file) in &document.imported {
        origins.record(pointer.clone(), file);
    }
}

fn record_origins(document: &Map<String, Value>, file: &Path, origins: &mut Origins) {
    if let Some(Value::Object(paths)) = document.get("paths") {
        for (path, item) in paths {
            origins.record(pointer(&["paths", path]), file);
            if let Value::Object(item) = item {
                for method in item.keys() {
                    origins.record(pointer(&["paths", path, method]), file);
                }
            }
        }
    }
    if let Some(Value::Object(components)) = document.get("components") {
        for (section, entries) in components {
            if let Value::Object(entries) = entries {
                for name in entries.keys() {
                    origins.record(pointer(&["components", section, name]), file);
                }
            }
        }
    }
}

/// A top-level field that maps names to mappings (`paths` → path item → operation,
/// `components` → section → component), and what to say when a document gets it wrong.
struct Nested {
    field: &'static str,
    help: &'static str,
    /// What an inner entry that two documents define differently is.
    entry: &'static str,
}

const PATHS: Nested = Nested {
    field: "paths",
    help: "make `paths` a mapping from path templates to path items",
    entry: "is defined differently in two documents",
};

const COMPONENTS: Nested = Nested {
    field: "components",
    help: "make `components` a mapping of component sections",
    entry: "is a component defined differently in two documents",
};

/// Adds what `incoming` defines under `nested.field` to the merged document, two levels deep:
/// what only one document defines is taken, what both define must be identical.
fn merge_nested(
    merged: &mut Map<String, Value>,
    nested: &Nested,
    incoming: &Value,
    here: &Path,
    origins: &Origins,
    diagnostics: &mut Diagnostics,
) {
    let field = nested.field;
    let Value::Object(incoming) = incoming else {
        diagnostics.error(
            here,
            format!("#/{field}"),
            format!("`{field}` is not a mapping"),
            nested.help,
        );
        return;
    };
    let Value::Object(target) = merged
        .entry(field)
        .or_insert_with(|| Value::Object(Map::new()))
    else {
        return;
    };
    let mut conflict_at = |at: String, what: &str| {
        conflict(diagnostics, here, origins.file_for(&at), &at, what);
    };
    for (name, item) in incoming {
        match (target.get_mut(name), item) {
            (None, _) => {
                target.insert(name.clone(), item.clone());
            }
            (Some(Value::Object(existing)), Value::Object(item)) => {
                for (key, value) in item {
                    match existing.get(key) {
                        None => {
                            existing.insert(key.clone(), value.clone());
                        }
                        Some(old) if old == value => {}
                        Some(_) => conflict_at(pointer(&[field, name, key]), nested.entry),
                    }
                }
            }
            (Some(existing), item) if existing == item => {}
            (Some(_), _) => conflict_at(
                pointer(&[field, name]),
                "is defined differently in two documents",
            ),
        }
    }
}

fn merge_tags(
    merged: &mut Map<String, Value>,
    incoming: &Value,
    here: &Path,
    field_files: &BTreeMap<String, PathBuf>,
    diagnostics: &mut Diagnostics,
) {
    let Value::Array(incoming) = incoming else {
        diagnostics.error(
            here,
            "#/tags",
            "`tags` is not a list",
            "make `tags` a list of tag objects",
        );
        return;
    };
    let target = merged
        .entry("tags")
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(target) = target else { return };
    for tag in incoming {
        let name = tag.get("name");
        match target.iter().find(|t| t.get("name") == name) {
            None => target.push(tag.clone()),
            Some(existing) if existing == tag => {}
            Some(_) => {
                let other = field_files.get("tags").cloned().unwrap_or_default();
                let label = name.and_then(Value::as_str).unwrap_or("?");
                conflict(
                    diagnostics,
                    here,
                    &other,
                    "#/tags",
                    &format!("declares tag `{label}`, which"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(path: &str, value: Value) -> Document {
        Document {
            path: PathBuf::from(path),
            value,
            imported: Vec::new(),
        }
    }

    #[test]
    fn identical_components_are_shared_and_paths_are_joined() {
        let a = doc(
            "a.yaml",
            json!({"openapi": "3.0.3", "paths": {"/a": {"get": {}}}, "components": {"schemas": {"S": {"type": "string"}}}}),
        );
        let b = doc(
            "b.yaml",
            json!({"openapi": "3.0.3", "paths": {"/b": {"get": {}}}, "components": {"schemas": {"S": {"type": "string"}}}}),
        );
        let mut diagnostics = Diagnostics::default();
        let merged = merge(&[a, b], &mut diagnostics).unwrap();
        assert!(diagnostics.is_empty(), "{diagnostics}");
        assert_eq!(merged.value["paths"].as_object().unwrap().len(), 2);
        assert_eq!(
            merged.origins.file_for("#/paths/~1b/get/responses"),
            Path::new("b.yaml")
        );
    }

    #[test]
    fn conflicting_components_name_both_files() {
        let a = doc(
            "a.yaml",
            json!({"components": {"schemas": {"S": {"type": "string"}}}}),
        );
        let b = doc(
            "b.yaml",
            json!({"components": {"schemas": {"S": {"type": "integer"}}}}),
        );
        let mut diagnostics = Diagnostics::default();
        merge(&[a, b], &mut diagnostics).unwrap();
        let d = diagnostics.iter().next().unwrap();
        assert_eq!(d.file, Path::new("b.yaml"));
        assert_eq!(d.pointer, "#/components/schemas/S");
        assert!(d.message.contains("a.yaml"), "{}", d.message);
    }

    #[test]
    fn the_same_operation_twice_is_a_conflict_when_it_differs() {
        let a = doc(
            "a.yaml",
            json!({"paths": {"/a": {"get": {"operationId": "x"}}}}),
        );
        let b = doc(
            "b.yaml",
            json!({"paths": {"/a": {"get": {"operationId": "y"}}}}),
        );
        let mut diagnostics = Diagnostics::default();
        merge(&[a, b], &mut diagnostics).unwrap();
        assert_eq!(
            diagnostics.iter().next().unwrap().pointer,
            "#/paths/~1a/get"
        );
    }
}
