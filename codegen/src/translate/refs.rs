//! Every schema reference of a 3.1 document made the one kind the IR resolves:
//! `#/components/schemas/<name>`.
//!
//! JSON Schema 2020-12 names a schema in more ways than OpenAPI 3.0: by a JSON pointer into
//! any schema (`#/components/schemas/Pet/properties/id`), into `$defs`, by a `$id` URI
//! (relative to the `$id`s around it), by an `$anchor`, or dynamically (`$dynamicRef` to a
//! `$dynamicAnchor`, how 2020-12 writes a generic schema). Each reference is resolved here to a
//! pointer into the document; a schema it names that is not a component is copied into
//! `components/schemas` under a name of its own (once, however many refer to it), and the
//! reference names that copy. A generic schema specialised by its referrer (the referrer binds
//! the `$dynamicAnchor`) becomes a copy of the generic with the binding in place.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use url::Url;

use super::Translation;
use super::walk::each_schema;
use crate::diagnostics::escape_token;

/// What the document's `$id`s and anchors name: URIs to pointers.
#[derive(Default)]
struct Index {
    /// Schema resources by their `$id`, resolved, without fragment.
    ids: BTreeMap<String, String>,
    /// `$anchor`s and `$dynamicAnchor`s by their resource URI and `#name`.
    anchors: BTreeMap<String, String>,
    /// Every reference: where it is, the base URI it is resolved against, and whether it is a
    /// `$dynamicRef`.
    sites: Vec<Site>,
}

struct Site {
    at: String,
    base: Url,
    reference: String,
    dynamic: bool,
}

/// The base URI of the document itself; `$id`s without a scheme resolve against it.
fn document_base() -> Url {
    Url::parse("file:///").expect("a constant URL")
}

fn index(document: &mut Value) -> Index {
    let mut index = Index::default();
    // (pointer, base) of the schemas with an `$id` around the one visited, outermost first.
    let mut scopes: Vec<(String, Url)> = Vec::new();
    each_schema(document, &mut |at, schema| {
        while scopes
            .last()
            .is_some_and(|(scope, _)| !at.starts_with(&format!("{scope}/")))
        {
            scopes.pop();
        }
        let mut base = scopes
            .last()
            .map_or_else(document_base, |(_, base)| base.clone());
        let Value::Object(schema) = schema else {
            return;
        };
        if let Some(id) = schema.get("$id").and_then(Value::as_str)
            && let Ok(mut resolved) = base.join(id)
        {
            resolved.set_fragment(None);
            index
                .ids
                .entry(resolved.to_string())
                .or_insert_with(|| at.to_owned());
            scopes.push((at.to_owned(), resolved.clone()));
            base = resolved;
        }
        for key in ["$anchor", "$dynamicAnchor"] {
            if let Some(anchor) = schema.get(key).and_then(Value::as_str) {
                let mut uri = base.clone();
                uri.set_fragment(Some(anchor));
                index
                    .anchors
                    .entry(uri.to_string())
                    .or_insert_with(|| at.to_owned());
            }
        }
        for (key, dynamic) in [("$ref", false), ("$dynamicRef", true)] {
            if let Some(reference) = schema.get(key).and_then(Value::as_str) {
                index.sites.push(Site {
                    at: at.to_owned(),
                    base: base.clone(),
                    reference: reference.to_owned(),
                    dynamic,
                });
            }
        }
    });
    index
}

impl Index {
    /// The pointer (`#/...`) a reference names, if it names anything in the document.
    fn resolve(&self, site: &Site) -> Option<Target> {
        let reference = site.reference.as_str();
        // A pointer fragment is read against the whole document: that is what authors of
        // OpenAPI documents mean by it, also inside a schema with an `$id` of its own.
        if let Some(fragment) = reference.strip_prefix('#')
            && (fragment.is_empty() || fragment.starts_with('/'))
        {
            return Some(Target::plain(format!("#{fragment}")));
        }
        let mut uri = site.base.join(reference).ok()?;
        let fragment = uri.fragment().map(percent_decoded);
        uri.set_fragment(None);
        let resource = match self.ids.get(uri.as_str()) {
            Some(at) => at.clone(),
            None if uri == document_base() => "#".to_owned(),
            None => return None,
        };
        match fragment.as_deref() {
            None | Some("") => Some(Target {
                at: resource,
                name: uri
                    .path_segments()
                    .and_then(|mut s| s.next_back())
                    .map(str::to_owned),
            }),
            Some(pointer) if pointer.starts_with('/') => {
                Some(Target::plain(format!("{resource}{pointer}")))
            }
            Some(anchor) => {
                uri.set_fragment(Some(anchor));
                let at = self.anchors.get(uri.as_str())?;
                Some(Target {
                    at: at.clone(),
                    name: Some(anchor.to_owned()),
                })
            }
        }
    }
}

fn percent_decoded(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// A schema a reference names: its pointer, and the name it suggests for a copy.
struct Target {
    at: String,
    name: Option<String>,
}

impl Target {
    fn plain(at: String) -> Self {
        Self { at, name: None }
    }
}

/// The component name of a `#/components/schemas/<name>` pointer (escaped as in the pointer).
fn component(at: &str) -> Option<&str> {
    let name = at.strip_prefix("#/components/schemas/")?;
    (!name.contains('/') && !name.is_empty()).then_some(name)
}

/// Makes every schema reference name a component.
pub(super) fn to_components(document: &mut Value, cx: &mut Translation<'_>) {
    let first = index(document);
    if bind_dynamic_anchors(document, &first) {
        let index = index(document);
        rewrite(document, &index, cx);
    } else {
        rewrite(document, &first, cx);
    }
}

fn rewrite(document: &mut Value, index: &Index, cx: &mut Translation<'_>) {
    // Pointer of a copied schema → its component pointer.
    let mut copies: BTreeMap<String, String> = BTreeMap::new();
    let mut order: Vec<(String, String)> = Vec::new();
    let mut taken: Vec<String> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default();
    for site in &index.sites {
        let Some(target) = index.resolve(site) else {
            if site.reference.starts_with('#') || site.dynamic {
                continue; // Left as written: the IR says what it points at (nothing).
            }
            cx.report.warning(
                &site.at,
                format!("`{}` names no schema of this document (by `$id` or anchor)", site.reference),
                "give the schema it means the `$id` or `$anchor` it names, or refer to it by a JSON pointer",
            );
            continue;
        };
        if target.at == "#" {
            cx.report.warning(
                &site.at,
                format!(
                    "`{}` names the whole document, not a schema; the reference is left out",
                    site.reference
                ),
                "refer to a schema: `#/components/schemas/<name>`, or a `$defs` entry",
            );
            if let Some(Value::Object(schema)) = document.pointer_mut(&site.at[1..]) {
                schema.remove(if site.dynamic { "$dynamicRef" } else { "$ref" });
            }
            continue;
        }
        let resolved = match component(&target.at) {
            Some(_) => target.at.clone(),
            None if document.pointer(&target.at[1..]).is_none() => continue,
            None => copies
                .entry(target.at.clone())
                .or_insert_with(|| {
                    let name = free_name(&suggested_name(&target), &mut taken);
                    let to = format!("#/components/schemas/{}", escape_token(&name));
                    order.push((target.at.clone(), to.clone()));
                    to
                })
                .clone(),
        };
        let Some(Value::Object(schema)) = document.pointer_mut(&site.at[1..]) else {
            continue;
        };
        if site.dynamic {
            schema.remove("$dynamicRef");
            if schema.contains_key("$ref") {
                continue; // A `$ref` beside it says what the schema is.
            }
        }
        schema.insert("$ref".to_owned(), Value::String(resolved));
    }
    for (from, to) in order {
        let Some(mut copy) = document.pointer(&from[1..]).cloned() else {
            continue;
        };
        if let Value::Object(schema) = &mut copy {
            schema.remove("$id");
        }
        placeholder_as_any(&mut copy, &from, cx);
        let schemas = document
            .as_object_mut()
            .map(|root| {
                root.entry("components")
                    .or_insert_with(|| Value::Object(Map::new()))
            })
            .and_then(Value::as_object_mut)
            .map(|components| {
                components
                    .entry("schemas")
                    .or_insert_with(|| Value::Object(Map::new()))
            });
        if let Some(Value::Object(schemas)) = schemas {
            let name = component(&to).map(|n| n.replace("~1", "/").replace("~0", "~"));
            schemas.insert(name.unwrap_or_default(), copy);
            cx.record_origin(&to, &from);
        }
    }
}

/// A generic's unbound type parameter (a `$dynamicAnchor` whose default admits nothing,
/// `not: {}`) is read as "any value" where the generic is used as it is.
fn placeholder_as_any(schema: &mut Value, at: &str, cx: &mut Translation<'_>) {
    let Value::Object(map) = schema else { return };
    if map.contains_key("$dynamicAnchor") && map.get("not") == Some(&Value::Object(Map::new())) {
        map.remove("not");
        cx.report.note(
            at,
            "the generic schema's unbound `$dynamicAnchor` admits no value; where the generic is used without binding it, its values are typed as any JSON value",
            "bind the anchor in the schema that uses the generic (`$defs` with the same `$dynamicAnchor`)",
        );
    }
}

fn suggested_name(target: &Target) -> String {
    if let Some(name) = target.name.as_deref().filter(|name| !name.is_empty()) {
        return name.to_owned();
    }
    // `#/components/schemas/Pet/$defs/Owner` → `Owner`; `.../Pet/properties/id` → `Pet-id`.
    let tokens: Vec<String> = target.at[1..]
        .split('/')
        .skip(1)
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect();
    if let [.., defs, name] = tokens.as_slice()
        && (defs == "$defs" || defs == "definitions")
    {
        return name.clone();
    }
    let meaningful: Vec<&str> = tokens
        .iter()
        .map(String::as_str)
        .filter(|token| !is_structural(token))
        .collect();
    meaningful.join("-")
}

/// Pointer tokens that say where a schema sits, not what it is.
fn is_structural(token: &str) -> bool {
    token.chars().all(|c| c.is_ascii_digit())
        || matches!(
            token,
            "components"
                | "schemas"
                | "properties"
                | "items"
                | "allOf"
                | "anyOf"
                | "oneOf"
                | "prefixItems"
                | "$defs"
                | "definitions"
                | "additionalProperties"
                | "content"
                | "schema"
                | "paths"
                | "responses"
                | "requestBody"
                | "parameters"
        )
}

/// `wanted`, or `wanted` with the first free number, as a new component name.
fn free_name(wanted: &str, taken: &mut Vec<String>) -> String {
    let wanted = if wanted.is_empty() { "Schema" } else { wanted };
    let mut name = wanted.to_owned();
    let mut number = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        name = format!("{wanted}{number}");
        number += 1;
    }
    taken.push(name.clone());
    name
}

/// Specialises generics: a schema that refers to another and binds, in its own `$defs`, a
/// `$dynamicAnchor` the other's `$dynamicRef` names, becomes a copy of the other with the
/// binding in place of the dynamic reference. True when anything changed.
fn bind_dynamic_anchors(document: &mut Value, index: &Index) -> bool {
    let mut specialised = Vec::new();
    for site in index.sites.iter().filter(|site| !site.dynamic) {
        let Some(Value::Object(schema)) = document.pointer(&site.at[1..]) else {
            continue;
        };
        let bindings: BTreeMap<String, Value> = super::walk::entries(schema.get("$defs"))
            .filter_map(|(_, def)| {
                let anchor = def.get("$dynamicAnchor")?.as_str()?;
                let mut bound = def.clone();
                bound.as_object_mut()?.remove("$dynamicAnchor");
                Some((format!("#{anchor}"), bound))
            })
            .collect();
        if bindings.is_empty() {
            continue;
        }
        let Some(generic) = index
            .resolve(site)
            .and_then(|target| document.pointer(&target.at[1..]).cloned())
        else {
            continue;
        };
        let mut copy = generic;
        if !substitute(&mut copy, &bindings) {
            continue;
        }
        if let Value::Object(copy_map) = &mut copy {
            copy_map.remove("$id");
            copy_map.remove("$defs");
            for (key, value) in schema {
                if !matches!(key.as_str(), "$ref" | "$defs") {
                    copy_map.insert(key.clone(), value.clone());
                }
            }
        }
        specialised.push((site.at.clone(), copy));
    }
    let changed = !specialised.is_empty();
    for (at, copy) in specialised {
        if let Some(slot) = document.pointer_mut(&at[1..]) {
            *slot = copy;
        }
    }
    changed
}

/// Replaces the `$dynamicRef`s of `schema` that `bindings` binds; true when one was.
fn substitute(schema: &mut Value, bindings: &BTreeMap<String, Value>) -> bool {
    match schema {
        Value::Object(map) => {
            let bound = map
                .get("$dynamicRef")
                .and_then(Value::as_str)
                .and_then(|reference| bindings.get(reference));
            if let Some(bound) = bound {
                *schema = bound.clone();
                return true;
            }
            let mut any = false;
            for (key, value) in map.iter_mut() {
                if key != "$defs" {
                    any |= substitute(value, bindings);
                }
            }
            any
        }
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |any, item| substitute(item, bindings) | any),
        _ => false,
    }
}
