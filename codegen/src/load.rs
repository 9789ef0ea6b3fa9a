//! Stage 1: find the input files and read each one into a JSON value.
//!
//! Documents are read as untyped JSON first (not straight into `openapiv3` types) because the
//! merge and overlay stages work on the document tree, and because a typed parse of a value we
//! hold lets us name the exact JSON pointer of a type error.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Map, Number, Value};

use crate::diagnostics::Diagnostics;

/// One API to generate: the OpenAPI documents that make it up and the overlays that fix them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiSources {
    /// Module name stem (the folder name under `specs/`, or the crate name for `--spec`).
    pub name: String,
    /// OpenAPI documents, merged in this order.
    pub documents: Vec<PathBuf>,
    /// Overlay documents, applied in this order after merging.
    pub overlays: Vec<PathBuf>,
}

/// A parsed input file.
#[derive(Clone, Debug)]
pub struct Document {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its content.
    pub value: Value,
}

const EXTENSIONS: [&str; 3] = ["yaml", "yml", "json"];

/// Lists the APIs under a `specs/` folder: every sub-folder is one API; its YAML/JSON files are
/// OpenAPI documents and the files in its `overlays/` sub-folder are overlays. Sorted by name.
pub fn discover(specs_dir: &Path, diagnostics: &mut Diagnostics) -> Vec<ApiSources> {
    let mut apis = Vec::new();
    for dir in sorted_entries(specs_dir, diagnostics) {
        if !dir.is_dir() {
            continue;
        }
        let Some(name) = dir.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        let documents = spec_files(&dir, diagnostics);
        let overlays_dir = dir.join("overlays");
        let overlays = if overlays_dir.is_dir() {
            spec_files(&overlays_dir, diagnostics)
        } else {
            Vec::new()
        };
        if documents.is_empty() {
            diagnostics.error(
                &dir,
                "#",
                "this API folder holds no OpenAPI document",
                "add the provider's OpenAPI document (.yaml, .yml or .json) or remove the folder",
            );
            continue;
        }
        apis.push(ApiSources {
            name,
            documents,
            overlays,
        });
    }
    if apis.is_empty() && !diagnostics.has_errors() {
        diagnostics.error(
            specs_dir,
            "#",
            "no API folders found",
            "create one folder per provider holding its OpenAPI documents",
        );
    }
    apis
}

fn spec_files(dir: &Path, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    sorted_entries(dir, diagnostics)
        .into_iter()
        .filter(|p| p.is_file())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e))
        })
        .collect()
}

fn sorted_entries(dir: &Path, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    match fs::read_dir(dir) {
        Ok(entries) => {
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            paths
        }
        Err(error) => {
            diagnostics.error(
                dir,
                "#",
                format!("cannot read the folder: {error}"),
                "check that the path exists and is readable",
            );
            Vec::new()
        }
    }
}

/// Reads and parses one YAML or JSON file. `None` (with a diagnostic) when it cannot be used.
pub fn read_document(path: &Path, diagnostics: &mut Diagnostics) -> Option<Document> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            diagnostics.error(
                path,
                "#",
                format!("cannot read the file: {error}"),
                "check that the path exists and is readable",
            );
            return None;
        }
    };
    let value = parse_text(path, &bytes, diagnostics)?;
    Some(Document {
        path: path.to_path_buf(),
        value,
    })
}

/// Parses file content as JSON (for `.json`) or YAML (anything else).
pub fn parse_text(path: &Path, bytes: &[u8], diagnostics: &mut Diagnostics) -> Option<Value> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        diagnostics.error(
            path,
            "#",
            "the file is not UTF-8 text",
            "save the document as UTF-8 YAML or JSON",
        );
        return None;
    };
    if text.trim().is_empty() {
        diagnostics.error(
            path,
            "#",
            "the file is empty",
            "put an OpenAPI 3.0 document in it, or delete it",
        );
        return None;
    }
    let is_json = path.extension().and_then(|e| e.to_str()) == Some("json");
    let parsed = if is_json {
        serde_json::from_str::<Value>(text).map_err(|e| e.to_string())
    } else {
        serde_yaml::from_str::<serde_yaml::Value>(text)
            .map_err(|e| e.to_string())
            .and_then(|yaml| yaml_to_json(yaml, &mut Vec::new()))
    };
    match parsed {
        Ok(value) => Some(value),
        Err(error) => {
            let kind = if is_json { "JSON" } else { "YAML" };
            diagnostics.error(
                path,
                "#",
                format!("invalid {kind}: {error}"),
                format!("fix the {kind} syntax at the position given"),
            );
            None
        }
    }
}

/// Converts YAML to JSON. Mapping keys that are numbers or booleans (an unquoted `200:` status
/// code) become strings, as JSON requires; anything JSON cannot hold is an error with its path.
fn yaml_to_json(yaml: serde_yaml::Value, at: &mut Vec<String>) -> Result<Value, String> {
    use serde_yaml::Value as Y;
    Ok(match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Number(i.into())
            } else if let Some(u) = n.as_u64() {
                Value::Number(u.into())
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                match Number::from_f64(f) {
                    Some(number) => Value::Number(number),
                    None => {
                        return Err(format!(
                            "the number at {} is not finite, which JSON cannot hold",
                            crate::diagnostics::pointer(at)
                        ));
                    }
                }
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (index, item) in items.into_iter().enumerate() {
                at.push(index.to_string());
                out.push(yaml_to_json(item, at)?);
                at.pop();
            }
            Value::Array(out)
        }
        Y::Mapping(mapping) => {
            let mut out = Map::new();
            for (key, value) in mapping {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    _ => {
                        return Err(format!(
                            "a mapping key at {} is not a plain scalar",
                            crate::diagnostics::pointer(at)
                        ));
                    }
                };
                at.push(key.clone());
                let value = yaml_to_json(value, at)?;
                at.pop();
                out.insert(key, value);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, at)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_yaml_keys_become_strings() {
        let mut diagnostics = Diagnostics::default();
        let value = parse_text(
            Path::new("a.yaml"),
            b"responses:\n  200:\n    description: ok\n",
            &mut diagnostics,
        )
        .unwrap();
        assert_eq!(value["responses"]["200"]["description"], "ok");
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn empty_and_binary_files_are_errors() {
        let mut diagnostics = Diagnostics::default();
        assert!(parse_text(Path::new("a.yaml"), b"  \n", &mut diagnostics).is_none());
        assert!(parse_text(Path::new("a.yaml"), &[0xff, 0xfe], &mut diagnostics).is_none());
        let messages: Vec<_> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            ["the file is empty", "the file is not UTF-8 text"]
        );
    }
}
