//! External `$ref`s (`voice.yml#/components/schemas/EndpointApp`) are pulled into the
//! document that makes them, so every later stage sees one self-contained document.
//!
//! Each referenced component is copied into the document's own `components` under its name
//! (or, when the document already has a different component of that name, under the name
//! prefixed with the other file's stem), and the reference becomes local. References inside
//! a copied component are relative to the file it came from, so they are rewritten to name
//! that file and pulled in the same way, until none is left; a component reached twice is
//! copied once. Only references to components are pulled in; a reference to anything else in
//! another file is left for the IR, which reports it. Path items given as `$ref` are replaced
//! by the item they refer to, in this document or another file.
//!
//! Every file a reference names must be inside the spec [`Root`]; a reference to a file
//! outside it (or through a symbolic link that leads out) or to the network is an error, and
//! the file is never opened. A reference to a file inside the root that does not exist is left
//! for the IR, which leaves out what uses it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::root::{Refusal, Root};
use super::{Document, read_document};
use crate::diagnostics::{Diagnostics, escape_token, pointer};

/// Pulls the external components `document` refers to into it, reading only files under
/// `root`. False (with errors) when a reference names a file that may not or cannot be read.
pub fn bundle(document: &mut Document, root: &Root, diagnostics: &mut Diagnostics) -> bool {
    let before = diagnostics.error_count();
    let mut files: BTreeMap<PathBuf, Option<Value>> = BTreeMap::new();
    // (file, fragment) → the local reference that replaced it.
    let mut copied: BTreeMap<(PathBuf, String), String> = BTreeMap::new();
    // A reference as written → the local reference that replaces it.
    let mut replacements: BTreeMap<String, String> = BTreeMap::new();
    let base = document
        .path
        .parent()
        .unwrap_or(Path::new(""))
        .to_path_buf();
    let mut pending = Vec::new();
    let here = document.path.clone();
    collect_external(&mut document.value, &base, None, &mut pending);
    // A JSON Schema 2020-12 `$ref` to a schema by its `$id` looks like a path; it names a
    // schema of this document, which a later stage resolves, not a file.
    let ids = schema_ids(&document.value);
    pending.retain(|external| !names_an_id(&external.written, &ids));
    let mut may_read = |external: &External, diagnostics: &mut Diagnostics| {
        readable(external, &here, root, diagnostics)
    };
    inline_path_items(
        document,
        &base,
        &mut files,
        &mut pending,
        &mut may_read,
        diagnostics,
    );
    while let Some(external) = pending.pop() {
        let key = (external.file.clone(), external.fragment.clone());
        if let Some(local) = copied.get(&key) {
            replacements.insert(external.reference, local.clone());
            continue;
        }
        if !may_read(&external, diagnostics) {
            continue;
        }
        let External {
            reference,
            file,
            fragment,
            ..
        } = external;
        let Some((section, name)) = component_of(&fragment) else {
            continue;
        };
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
        let written_in = (file.clone(), fragment.clone());
        collect_external(&mut component, &file_dir, Some(written_in), &mut pending);
        insert_component(&mut document.value, &section, &local_name, component);
        document.imported.push((local.clone(), file.clone()));
        replacements.insert(reference, local);
    }
    // One walk for every reference made local, the components copied in included.
    for_each_ref(&mut document.value, &mut |reference| {
        if let Some(local) = replacements.get(reference.as_str()) {
            local.clone_into(reference);
        }
    });
    diagnostics.error_count() == before
}

/// Whether the file `external` names may be read; an error (at the `$ref`, in the file that
/// holds it) when not. `document` is the file being bundled.
fn readable(
    external: &External,
    document: &Path,
    root: &Root,
    diagnostics: &mut Diagnostics,
) -> bool {
    let (file, at) = match &external.written_in {
        Some((file, fragment)) => (file.as_path(), format!("#{fragment}{}", external.at)),
        None => (document, format!("#{}", external.at)),
    };
    if external.written.contains("://") || external.written.starts_with("//") {
        diagnostics.error(
            file,
            at,
            format!(
                "`$ref: {}` names a network address; nothing is fetched",
                external.written
            ),
            "download the document into the spec root and refer to it by its path",
        );
        return false;
    }
    match root.confine(&external.file) {
        Ok(_) => true,
        // Inside the root but not there: the IR says so where the reference is used, and
        // leaves out only what uses it.
        Err(Refusal::Missing) => false,
        Err(refusal) => {
            diagnostics.error(
                file,
                at,
                refusal.message(&external.written, root),
                refusal.help(),
            );
            false
        }
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
    readable: &mut impl FnMut(&External, &mut Diagnostics) -> bool,
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
            let external = External {
                reference: reference.clone(),
                written: reference.clone(),
                file: base.join(file),
                fragment: fragment.to_owned(),
                at: pointer(&["paths", &path, "$ref"])[1..].to_owned(),
                written_in: None,
            };
            if !readable(&external, diagnostics) {
                continue;
            }
            let file = external.file;
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
                    let written_in = Some((file.clone(), fragment.to_owned()));
                    collect_external(&mut item, &file_dir, written_in, pending);
                    item
                })
        };
        if let (Some(item), Some(Value::Object(paths))) = (item, document.value.get_mut("paths")) {
            paths.insert(path, item);
        }
    }
}

/// Every `$id` string in `value`.
fn schema_ids(value: &Value) -> Vec<&str> {
    let mut ids = Vec::new();
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(id)) = object.get("$id") {
                    ids.push(id.as_str());
                }
                stack.extend(object.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    ids
}

/// Whether `reference` names a schema by its `$id`: its part before `#` is one of `ids`, or
/// the end of one (a reference relative to the `$id` around it).
fn names_an_id(reference: &str, ids: &[&str]) -> bool {
    let resource = reference.split('#').next().unwrap_or_default();
    !resource.is_empty()
        && ids
            .iter()
            .any(|id| *id == resource || id.ends_with(&format!("/{resource}")))
}

/// An external reference found in the document.
struct External {
    /// The `$ref` as it now stands in the document.
    reference: String,
    /// The `$ref` as its file wrote it.
    written: String,
    /// The file it names, joined to the folder of the file that holds it.
    file: PathBuf,
    /// The JSON pointer after `#`.
    fragment: String,
    /// Where the `$ref` is, as a pointer (without `#`) into the value it was found in.
    at: String,
    /// For a reference inside a value copied from another file: that file and the pointer
    /// (without `#`) of the value in it.
    written_in: Option<(PathBuf, String)>,
}

/// Calls `visit` with every `$ref` string under `value`; examples are data and are skipped.
fn for_each_ref(value: &mut Value, visit: &mut impl FnMut(&mut String)) {
    for_each_ref_at(value, &mut String::new(), &mut |reference, _| {
        visit(reference)
    });
}

/// Collects the external references under `value`; their files are relative to `base`.
/// Inside a value copied from another file (`written_in`), whose folder may not be the
/// document's, each is first rewritten to name its file from the document's folder.
fn collect_external(
    value: &mut Value,
    base: &Path,
    written_in: Option<(PathBuf, String)>,
    out: &mut Vec<External>,
) {
    let mut at = String::new();
    for_each_ref_at(value, &mut at, &mut |reference, at| {
        if reference.starts_with('#') {
            return;
        }
        let written = reference.clone();
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let (file, fragment) = (base.join(file), fragment.to_owned());
        if written_in.is_some() && !written.contains("://") {
            *reference = format!("{}#{fragment}", file.display());
        }
        out.push(External {
            reference: reference.clone(),
            written,
            file,
            fragment,
            at: at.to_owned(),
            written_in: written_in.clone(),
        });
    });
}

/// Calls `visit` with every `$ref` string under `value` and where it is (examples are data
/// and are skipped): `at` is the pointer (without `#`) of
/// `value`, and grows as the walk goes down.
fn for_each_ref_at(value: &mut Value, at: &mut String, visit: &mut impl FnMut(&mut String, &str)) {
    let mark = at.len();
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                at.push('/');
                at.push_str(&escape_token(key));
                match (key.as_str(), child) {
                    ("example" | "examples", _) => {}
                    ("$ref", Value::String(reference)) => visit(reference, at),
                    (_, child) => for_each_ref_at(child, at, visit),
                }
                at.truncate(mark);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                at.push('/');
                at.push_str(&index.to_string());
                for_each_ref_at(item, at, visit);
                at.truncate(mark);
            }
        }
        _ => {}
    }
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
