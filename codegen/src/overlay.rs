//! Stage 3: apply OpenAPI Overlay 1.0 documents to the merged document.
//!
//! An overlay is an ordered list of actions. Each action selects nodes with an RFC 9535
//! JSONPath `target` and either merges `update` into them or removes them. This is how we fix
//! what a provider's published document gets wrong without editing the published bytes.
//!
//! Merge rules (Overlay 1.0 §4.4.3): an object update is merged recursively into an object
//! target (scalars replace, nested objects merge, nested arrays are concatenated); an update of
//! an array target appends the update value. An action whose target selects nothing is an
//! error, because it almost always means the provider's document changed under the fix.
//!
//! An overlay is untrusted input too, and its work is bounded: a target may descend (`..`)
//! once, so its matches are at most the document's nodes (`$..*..*..*` would be their cube),
//! and the overlays together may make the document at most twice as heavy as it was, plus
//! [`GROWTH_ALLOWANCE`] (one action can copy its update into every match). Either limit is an
//! error naming the action.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;
use serde_json_path::JsonPath;

use crate::diagnostics::{Diagnostics, pointer};
use crate::load::Document;

/// What the overlays may add to a document beyond doubling it: room for every fix a person
/// writes, far from what a runaway action makes.
pub const GROWTH_ALLOWANCE: usize = 16 * 1024 * 1024;

/// How heavy the overlays may make a document, and how heavy it is now (in [`weight`]).
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    limit: usize,
    now: usize,
}

impl Budget {
    /// The budget of overlays applied to `document`.
    pub fn for_document(document: &Value) -> Self {
        let now = weight(document);
        Self {
            limit: now.saturating_mul(2).saturating_add(GROWTH_ALLOWANCE),
            now,
        }
    }
}

/// Applies every action of `overlay` to `target`, in order, within `budget`.
pub fn apply(
    target: &mut Value,
    overlay: &Document,
    budget: &mut Budget,
    diagnostics: &mut Diagnostics,
) {
    let file = overlay.path.as_path();
    let Some(actions) = validate(overlay, diagnostics) else {
        return;
    };
    for (index, action) in actions.iter().enumerate() {
        apply_action(target, file, index, action, budget, diagnostics);
    }
}

/// The bytes of a value's strings and keys plus one per value: what holding it costs, near
/// enough, without serialising it.
pub fn weight(value: &Value) -> usize {
    let mut total = 0usize;
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        total = total.saturating_add(1);
        match value {
            Value::String(text) => total = total.saturating_add(text.len()),
            Value::Array(items) => stack.extend(items),
            Value::Object(entries) => {
                for (key, value) in entries {
                    total = total.saturating_add(key.len());
                    stack.push(value);
                }
            }
            _ => {}
        }
    }
    total
}

/// How many descendant segments (`..`) a JSONPath has, outside its string literals.
fn descendant_segments(expression: &str) -> usize {
    let mut count = 0;
    let mut quote = None;
    let mut chars = expression.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(_), '\\') => {
                chars.next();
            }
            (Some(open), c) if c == open => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '.') if chars.peek() == Some(&'.') => {
                chars.next();
                count += 1;
            }
            (None, _) => {}
        }
    }
    count
}

/// Checks the overlay's own shape and returns its actions.
fn validate<'a>(overlay: &'a Document, diagnostics: &mut Diagnostics) -> Option<&'a Vec<Value>> {
    let file = overlay.path.as_path();
    let Some(root) = overlay.value.as_object() else {
        diagnostics.error(
            file,
            "#",
            "the overlay is not a mapping",
            "write an Overlay 1.0 document: `overlay: 1.0.0`, `info`, `actions`",
        );
        return None;
    };
    match root.get("overlay").and_then(Value::as_str) {
        Some(version) if version.starts_with("1.0") => {}
        Some(version) => {
            diagnostics.error(
                file,
                "#/overlay",
                format!("unsupported overlay version `{version}`"),
                "use `overlay: 1.0.0`",
            );
            return None;
        }
        None => {
            diagnostics.error(
                file,
                "#/overlay",
                "missing `overlay` version field",
                "start the document with `overlay: 1.0.0`",
            );
            return None;
        }
    }
    let info = root.get("info");
    if info
        .and_then(|i| i.get("title"))
        .and_then(Value::as_str)
        .is_none()
        || info
            .and_then(|i| i.get("version"))
            .and_then(Value::as_str)
            .is_none()
    {
        diagnostics.error(
            file,
            "#/info",
            "the overlay needs `info` with a `title` and a `version`",
            "add `info: {title: ..., version: ...}`",
        );
    }
    match root.get("actions") {
        Some(Value::Array(actions)) if !actions.is_empty() => Some(actions),
        _ => {
            diagnostics.error(
                file,
                "#/actions",
                "the overlay needs a non-empty `actions` list",
                "add at least one action with a `target`",
            );
            None
        }
    }
}

fn apply_action(
    target: &mut Value,
    file: &Path,
    index: usize,
    action: &Value,
    budget: &mut Budget,
    diagnostics: &mut Diagnostics,
) {
    let at = pointer(&["actions", &index.to_string()]);
    let Some(action) = action.as_object() else {
        diagnostics.error(
            file,
            at,
            "the action is not a mapping",
            "write the action as `target:` plus `update:` or `remove: true`",
        );
        return;
    };
    let Some(expression) = action.get("target").and_then(Value::as_str) else {
        diagnostics.error(
            file,
            format!("{at}/target"),
            "the action has no `target` string",
            "add a JSONPath `target` such as `$.paths['/a'].get`",
        );
        return;
    };
    let descents = descendant_segments(expression);
    if descents > 1 {
        diagnostics.error(
            file,
            format!("{at}/target"),
            format!(
                "the target `{expression}` descends (`..`) {descents} times; a target may descend once, so that what it matches is bounded by the document"
            ),
            "name the nodes by their path, descending at most once",
        );
        return;
    }
    let path = match JsonPath::parse(expression) {
        Ok(path) => path,
        Err(error) => {
            diagnostics.error(
                file,
                format!("{at}/target"),
                format!("invalid JSONPath `{expression}`: {error}"),
                "write the target in RFC 9535 JSONPath syntax",
            );
            return;
        }
    };
    let remove = match action.get("remove") {
        None | Some(Value::Bool(false)) => false,
        Some(Value::Bool(true)) => true,
        Some(_) => {
            diagnostics.error(
                file,
                format!("{at}/remove"),
                "`remove` must be true or false",
                "write `remove: true` or leave it out",
            );
            return;
        }
    };
    let update = action.get("update");
    if remove == update.is_some() {
        diagnostics.error(
            file,
            at,
            "an action needs exactly one of `update` and `remove: true`",
            "keep one of them",
        );
        return;
    }
    let pointers: Vec<String> = path
        .query_located(target)
        .locations()
        .map(|location| location.to_json_pointer())
        .collect();
    if pointers.is_empty() {
        diagnostics.error(
            file,
            format!("{at}/target"),
            format!("the target `{expression}` matches nothing"),
            "the document this fixes has changed: update the target, or delete the action if the fix is no longer needed",
        );
        return;
    }
    if remove {
        remove_all(target, &pointers);
        budget.now = weight(target);
    } else if let Some(update) = update {
        let added = weight(update).saturating_mul(pointers.len());
        if budget.now.saturating_add(added) > budget.limit {
            diagnostics.error(
                file,
                format!("{at}/update"),
                format!(
                    "the action would copy its update into {} places, adding about {} KiB; overlays may make a document at most twice as large as it was, plus {} MiB",
                    pointers.len(),
                    added / 1024,
                    GROWTH_ALLOWANCE / (1024 * 1024)
                ),
                "target only the nodes the fix is for",
            );
            return;
        }
        budget.now = budget.now.saturating_add(added);
        for location in pointers {
            let Some(node) = target.pointer_mut(&location) else {
                continue;
            };
            match (node, update) {
                (Value::Object(node), Value::Object(update)) => {
                    for (key, value) in update {
                        merge_value(node.entry(key.clone()).or_insert(Value::Null), value);
                    }
                }
                (Value::Array(items), value) => items.push(value.clone()),
                _ => diagnostics.error(
                    file,
                    format!("{at}/update"),
                    format!("the target `#{location}` is not an object or an array (or the update is not an object)"),
                    "target the object that holds the value and update that field",
                ),
            }
        }
    }
}

fn merge_value(node: &mut Value, update: &Value) {
    match (node, update) {
        (Value::Object(node), Value::Object(update)) => {
            for (key, value) in update {
                merge_value(node.entry(key.clone()).or_insert(Value::Null), value);
            }
        }
        (Value::Array(node), Value::Array(update)) => node.extend(update.iter().cloned()),
        (node, update) => *node = update.clone(),
    }
}

/// Removes the nodes at `locations` (JSON pointers). A node inside another removed one goes
/// with it; the rest are removed parent by parent, deepest parents first so that removing
/// array items never shifts a location still to be removed, and each parent once, so that
/// removing many items of one array is one pass over it.
fn remove_all(target: &mut Value, locations: &[String]) {
    let all: BTreeSet<&str> = locations.iter().map(String::as_str).collect();
    let inside_another = |location: &str| {
        let mut prefix = location;
        while let Some(cut) = prefix.rfind('/') {
            prefix = &prefix[..cut];
            if all.contains(prefix) {
                return true;
            }
        }
        false
    };
    let mut by_parent: BTreeMap<(usize, &str), BTreeSet<String>> = BTreeMap::new();
    for &location in &all {
        if inside_another(location) {
            continue;
        }
        let Some(cut) = location.rfind('/') else {
            *target = Value::Null;
            return;
        };
        let (parent, last) = location.split_at(cut);
        let key = last[1..].replace("~1", "/").replace("~0", "~");
        let depth = parent.matches('/').count();
        by_parent.entry((depth, parent)).or_default().insert(key);
    }
    for ((_, parent), keys) in by_parent.into_iter().rev() {
        match target.pointer_mut(parent) {
            Some(Value::Object(map)) => map.retain(|key, _| !keys.contains(key)),
            Some(Value::Array(items)) => {
                let mut index = 0;
                items.retain(|_| {
                    index += 1;
                    !keys.contains(&(index - 1).to_string())
                });
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::PathBuf;

    fn overlay(actions: Value) -> Document {
        Document {
            path: PathBuf::from("fix.yaml"),
            value: json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": actions}),
            imported: Vec::new(),
        }
    }

    #[test]
    fn update_merges_and_remove_deletes() {
        let mut doc =
            json!({"paths": {"/a": {"get": {"summary": "old", "tags": ["x"]}, "put": {}}}});
        let fix = overlay(json!([
            {"target": "$.paths['/a'].get", "update": {"summary": "new", "tags": ["y"]}},
            {"target": "$.paths['/a'].put", "remove": true}
        ]));
        let mut diagnostics = Diagnostics::default();
        apply(
            &mut doc,
            &fix,
            &mut Budget::for_document(&json!({})),
            &mut diagnostics,
        );
        assert!(diagnostics.is_empty(), "{diagnostics}");
        assert_eq!(
            doc,
            json!({"paths": {"/a": {"get": {"summary": "new", "tags": ["x", "y"]}}}})
        );
    }

    #[test]
    fn a_target_that_matches_nothing_is_an_error() {
        let mut doc = json!({"paths": {}});
        let fix = overlay(json!([{"target": "$.paths['/gone'].get", "update": {"summary": "x"}}]));
        let mut diagnostics = Diagnostics::default();
        apply(
            &mut doc,
            &fix,
            &mut Budget::for_document(&json!({})),
            &mut diagnostics,
        );
        let d = diagnostics.iter().next().unwrap();
        assert_eq!(d.pointer, "#/actions/0/target");
        assert!(d.message.contains("matches nothing"));
    }

    #[test]
    fn removing_several_array_items_keeps_the_right_ones() {
        let mut list: Vec<Value> = (0..12).map(|k| json!({"k": k % 2})).collect();
        list[11] = json!({"k": 1});
        let mut doc = json!({ "list": list });
        let fix = overlay(json!([{"target": "$.list[?@.k == 1]", "remove": true}]));
        let mut diagnostics = Diagnostics::default();
        apply(
            &mut doc,
            &fix,
            &mut Budget::for_document(&json!({})),
            &mut diagnostics,
        );
        let expected: Vec<Value> = (0..6).map(|_| json!({"k": 0})).collect();
        assert_eq!(doc, json!({ "list": expected }));
    }
}
