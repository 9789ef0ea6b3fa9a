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

use std::path::Path;

use serde_json::Value;
use serde_json_path::JsonPath;

use crate::diagnostics::{Diagnostics, pointer};
use crate::load::Document;

/// Applies every action of `overlay` to `target`, in order.
pub fn apply(target: &mut Value, overlay: &Document, diagnostics: &mut Diagnostics) {
    let file = overlay.path.as_path();
    let Some(actions) = validate(overlay, diagnostics) else {
        return;
    };
    for (index, action) in actions.iter().enumerate() {
        apply_action(target, file, index, action, diagnostics);
    }
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
    let mut pointers: Vec<String> = path
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
        // Deepest and last first, so earlier removals do not shift later array indices.
        pointers.sort_by(|a, b| pointer_order(b, a));
        for location in pointers {
            remove_at(target, &location);
        }
    } else if let Some(update) = update {
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

/// Orders pointers token by token, comparing array indices as numbers (`/2` before `/10`).
fn pointer_order(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |p: &str| -> Vec<(u8, usize, String)> {
        p.split('/')
            .map(|t| match t.parse::<usize>() {
                Ok(n) => (0, n, String::new()),
                Err(_) => (1, 0, t.to_owned()),
            })
            .collect()
    };
    key(a).cmp(&key(b))
}

fn remove_at(target: &mut Value, location: &str) {
    let Some(cut) = location.rfind('/') else {
        *target = Value::Null;
        return;
    };
    let (parent, last) = location.split_at(cut);
    let key = last[1..].replace("~1", "/").replace("~0", "~");
    match target.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = key.parse::<usize>()
                && index < items.len()
            {
                items.remove(index);
            }
        }
        _ => {}
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
        apply(&mut doc, &fix, &mut diagnostics);
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
        apply(&mut doc, &fix, &mut diagnostics);
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
        apply(&mut doc, &fix, &mut diagnostics);
        let expected: Vec<Value> = (0..6).map(|_| json!({"k": 0})).collect();
        assert_eq!(doc, json!({ "list": expected }));
    }
}
