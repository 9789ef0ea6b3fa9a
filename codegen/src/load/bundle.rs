//! External `$ref`s (`voice.yml#/components/schemas/EndpointApp`) are pulled into the
//! document that makes them, so every later stage sees one self-contained document.
//!
//! Each referenced component is copied into the document's own `components` under its name
//! (or, when the document already has a different component of that name, under the name
//! prefixed with the other file's stem), and the reference becomes local. References inside
//! a copied component are relative to the file it came from, so they are rewritten to name
//! that file and pulled in the same way, until none is left; a component reached twice is
//! copied once. Only references to components are pulled in; a reference to a file that
//! does not exist, or to anything else, is left for the IR, which reports it. Path items given
//! as `$ref` are replaced by the item they refer to, in this document or another file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::{Document, read_document};
use crate::diagnostics::{Diagnostics, escape_token, pointer};

/// Pulls the external components `document` refers to into it.
pub fn bundle(document: &mut Document, diagnostics: &mut Diagnostics) {
    let mut files: BTreeMap<PathBuf, Option<Value>> = BTreeMap::new();
    // (file, fragment) → the local reference that replaced it.
    let mut copied: BTreeMap<(PathBuf, String), String> = BTreeMap::new();
    let base = document
        .path
        .parent()
        .unwrap_or(Path::new(""))
        .to_path_buf();
    let mut pending = Vec::new();
    collect_external(&mut document.value, &base, false, &mut pending);
    inline_path_items(document, &base, &mut files, &mut pending, diagnostics);
    while let Some((reference, file, fragment)) = pending.pop() {
        let Some((section, name)) = component_of(&fragment) else {
            continue;
        };
        let key = (file.clone(), fragment.clone());
        if let Some(local) = copied.get(&key) {
            replace_reference(&mut document.value, &reference, local);
            continue;
        }
        if !file.is_file() {
            continue;
        }
        let source = files
            .entry(file.clone())
            .or_insert_with(|| read_document(&file, diagnostics).map(|document| document.value));
        let Some(mut component) = source
            .as_ref()
            .and_then(|value| value.pointer(&fragment))
            .cloned()
        else {
            continue;
        };
        let local_name = free_name(&document.value, &section, &name, &component, &file);
        let local = pointer(&["components", &section, &local_name]);
        copied.insert(key, local.clone());
        let file_dir = file.parent().unwrap_or(Path::new("")).to_path_buf();
        relocate(&mut component, &file);
        collect_external(&mut component, &file_dir, true, &mut pending);
        insert_component(&mut document.value, &section, &local_name, component);
        document.imported.push((local.clone(), file.clone()));
        replace_reference(&mut document.value, &reference, &local);
    }
}

/// Path items given as `$ref` (to another path of the document, or to a file, as split specs
/// keep one path per file) are replaced by what they refer to, so that their operations are
/// generated like any other. References inside an item from another file are relative to
/// that file: they are rewritten and pulled in like a component's. A reference that cannot be
/// followed is left for the IR, which reports it.
fn inline_path_items(
    document: &mut Document,
    base: &Path,
    files: &mut BTreeMap<PathBuf, Option<Value>>,
    pending: &mut Vec<External>,
    diagnostics: &mut Diagnostics,
) {
    let Some(Value::Object(paths)) = document.value.get("paths") else {
        return;
    };
    let references: Vec<(String, String)> = paths
        .iter()
        .filter_map(|(path, item)| {
            let reference = item.as_object()?.get("$ref")?.as_str()?;
            Some((path.clone(), reference.to_owned()))
        })
        .collect();
    for (path, reference) in references {
        let (file, fragment) = reference.split_once('#').unwrap_or((&reference, ""));
        let item = if file.is_empty() {
            // Another path item of this document, itself given inline.
            document
                .value
                .pointer(fragment)
                .filter(|target| target.get("$ref").is_none())
                .cloned()
        } else {
            let file = base.join(file);
            if !file.is_file() {
                continue;
            }
            let source = files
                .entry(file.clone())
                .or_insert_with(|| read_document(&file, diagnostics).map(|d| d.value));
            source
                .as_ref()
                .and_then(|value| value.pointer(fragment))
                .filter(|target| target.get("$ref").is_none())
                .cloned()
                .map(|mut item| {
                    let file_dir = file.parent().unwrap_or(Path::new("")).to_path_buf();
                    relocate(&mut item, &file);
                    collect_external(&mut item, &file_dir, true, pending);
                    item
                })
        };
        if let (Some(item), Some(Value::Object(paths))) = (item, document.value.get_mut("paths")) {
            paths.insert(path, item);
        }
    }
}

/// An external reference as written, the file it names and the fragment.
type External = (String, PathBuf, String);

/// Calls `visit` with every `$ref` string under `value`; examples are data and are skipped.
fn for_each_ref(value: &mut Value, visit: &mut impl FnMut(&mut String)) {
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                match (key.as_str(), child) {
                    ("example" | "examples", _) => {}
                    ("$ref", Value::String(reference)) => visit(reference),
                    (_, child) => for_each_ref(child, visit),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| for_each_ref(item, visit)),
        _ => {}
    }
}

/// Collects the external references under `value`; their files are relative to `base`.
/// With `rewrite` (inside a copied component, whose folder may not be the document's), each
/// is first rewritten to name its file from the document's folder.
fn collect_external(value: &mut Value, base: &Path, rewrite: bool, out: &mut Vec<External>) {
    for_each_ref(value, &mut |reference| {
        if reference.starts_with('#') || reference.contains("://") {
            return;
        }
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let (file, fragment) = (base.join(file), fragment.to_owned());
        if rewrite {
            *reference = format!("{}#{fragment}", file.display());
        }
        out.push((reference.clone(), file, fragment));
    });
}

/// Local references inside a component copied from `file` name that file (relative to its
/// own folder, as its other references are).
fn relocate(value: &mut Value, file: &Path) {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for_each_ref(value, &mut |reference| {
        if reference.starts_with('#') {
            *reference = format!("{name}{reference}");
        }
    });
}

fn replace_reference(value: &mut Value, from: &str, to: &str) {
    for_each_ref(value, &mut |reference| {
        if reference == from {
            *reference = to.to_owned();
        }
    });
}

/// `(section, name)` of a `/components/<section>/<name>` fragment.
fn component_of(fragment: &str) -> Option<(String, String)> {
    let rest = fragment.strip_prefix("/components/")?;
    let (section, name) = rest.split_once('/')?;
    if name.contains('/') {
        return None;
    }
    let unescape = |token: &str| token.replace("~1", "/").replace("~0", "~");
    Some((unescape(section), unescape(name)))
}

/// The name the component gets in the document: its own, unless the document has another
/// component of that name.
fn free_name(
    document: &Value,
    section: &str,
    name: &str,
    component: &Value,
    file: &Path,
) -> String {
    let existing = |candidate: &str| {
        document
            .pointer(&format!(
                "/components/{}/{}",
                escape_token(section),
                escape_token(candidate)
            ))
            .cloned()
    };
    match existing(name) {
        None => return name.to_owned(),
        Some(found) if &found == component => return name.to_owned(),
        Some(_) => {}
    }
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefixed = format!("{stem}_{name}");
    let mut candidate = prefixed.clone();
    let mut counter = 2;
    while existing(&candidate).is_some() {
        candidate = format!("{prefixed}{counter}");
        counter += 1;
    }
    candidate
}

fn insert_component(document: &mut Value, section: &str, name: &str, component: Value) {
    let Some(root) = document.as_object_mut() else {
        return;
    };
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(components) = components.as_object_mut() else {
        return;
    };
    let entries = components
        .entry(section)
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(entries) = entries.as_object_mut() {
        entries.entry(name).or_insert(component);
    }
}
