//! Stage 1: find the input files and read each one into a JSON value.
//!
//! Documents are read as untyped JSON first (not straight into `openapiv3` types) because the
//! merge and overlay stages work on the document tree, and because a typed parse of a value we
//! hold lets us name the exact JSON pointer of a type error.

mod bundle;
mod root;
mod yaml;

pub use bundle::bundle;
pub use root::{Refusal, Root};
pub use yaml::MAX_DEPTH;

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostics::{Diagnostics, Position};

/// One API to generate: the OpenAPI documents that make it up and the overlays that fix them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiSources {
    /// Module name stem (the folder name under `specs/`, or the crate name for `--spec`).
    pub name: String,
    /// OpenAPI documents, merged in this order.
    pub documents: Vec<PathBuf>,
    /// Overlay documents, applied in this order after merging.
    pub overlays: Vec<PathBuf>,
    /// The folder the documents' external references may reach; `None`: each document's own
    /// folder.
    pub spec_root: Option<PathBuf>,
}

impl ApiSources {
    /// The root the references of `document` (one of [`ApiSources::documents`]) may reach.
    pub fn root_of(&self, document: &Path) -> Root {
        match &self.spec_root {
            Some(root) => Root::new(root),
            None => Root::new(document.parent().unwrap_or(Path::new(""))),
        }
    }
}

/// A parsed input file.
#[derive(Clone, Debug)]
pub struct Document {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its content.
    pub value: Value,
    /// Components [`bundle`] copied in from other files: (their pointer here, that file).
    pub imported: Vec<(String, PathBuf)>,
}

const EXTENSIONS: [&str; 3] = ["yaml", "yml", "json"];

const MIB: u64 = 1024 * 1024;

/// The largest document read. Parsing holds the text, a YAML tree and a JSON tree at once,
/// about eight times the file size; the largest public specs we know are under 5 MiB.
pub const MAX_DOCUMENT_BYTES: u64 = 32 * MIB;

/// Lists the APIs under a `specs/` folder: every sub-folder is one API; its YAML/JSON files are
/// OpenAPI documents and the files in its `overlays/` sub-folder are overlays. Sorted by name.
/// External references of an API's documents may reach files under `spec_root` when given,
/// else under the API's folder. A folder or file that is a symbolic link leading out of
/// `specs_dir` is not read.
pub fn discover(
    specs_dir: &Path,
    spec_root: Option<&Path>,
    diagnostics: &mut Diagnostics,
) -> Vec<ApiSources> {
    let mut apis = Vec::new();
    let inside = Root::new(specs_dir);
    for dir in sorted_entries(specs_dir, diagnostics) {
        if !dir.is_dir() || !stays_inside(&dir, &inside, diagnostics) {
            continue;
        }
        let Some(name) = dir.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        let documents = spec_files(&dir, &inside, diagnostics);
        let overlays_dir = dir.join("overlays");
        let overlays = if overlays_dir.is_dir() && stays_inside(&overlays_dir, &inside, diagnostics)
        {
            spec_files(&overlays_dir, &inside, diagnostics)
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
            spec_root: Some(spec_root.map_or(dir, Path::to_path_buf)),
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

fn spec_files(dir: &Path, inside: &Root, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    sorted_entries(dir, diagnostics)
        .into_iter()
        .filter(|p| p.is_file())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e))
        })
        .filter(|p| stays_inside(p, inside, diagnostics))
        .collect()
}

/// Whether `path` (found in the specs folder) is really inside it; an error when it is a
/// symbolic link that leads out, which is not followed. The error names the folder holding
/// the link, so that showing it never reads what the link points at.
fn stays_inside(path: &Path, specs: &Root, diagnostics: &mut Diagnostics) -> bool {
    if specs.locate(path).is_ok() {
        return true;
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    diagnostics.error(
        path.parent().unwrap_or(specs.shown()),
        "#",
        format!(
            "`{name}` is a symbolic link that leads out of `{}`; it is not read",
            specs.shown().display()
        ),
        "put the file itself in the specs folder",
    );
    false
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
    if let Ok(metadata) = fs::metadata(path)
        && metadata.len() > MAX_DOCUMENT_BYTES
    {
        diagnostics.error(
            path,
            "#",
            format!(
                "the file is {:.1} MiB; documents over {} MiB are refused, to bound memory use",
                metadata.len() as f64 / MIB as f64,
                MAX_DOCUMENT_BYTES / MIB
            ),
            "split it into several documents in the API's folder (they are merged into one API)",
        );
        return None;
    }
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
        imported: Vec::new(),
    })
}

/// The pointer of the first collection nested more than [`MAX_DEPTH`] deep, if any. The
/// walk keeps its own stack (any depth is safe to look at) and builds the pointer only of the
/// way down it is on.
pub fn too_deep(value: &Value) -> Option<String> {
    enum Children<'v> {
        Object(serde_json::map::Iter<'v>),
        Array(std::iter::Enumerate<std::slice::Iter<'v, Value>>),
    }
    fn children(value: &Value) -> Option<Children<'_>> {
        match value {
            Value::Object(entries) => Some(Children::Object(entries.iter())),
            Value::Array(items) => Some(Children::Array(items.iter().enumerate())),
            _ => None,
        }
    }
    let mut stack: Vec<Children<'_>> = children(value).into_iter().collect();
    let mut path: Vec<String> = Vec::new();
    while let Some(top) = stack.last_mut() {
        let next = match top {
            Children::Object(entries) => entries.next().map(|(key, child)| (Ok(key), child)),
            Children::Array(items) => items.next().map(|(index, child)| (Err(index), child)),
        };
        let Some((token, child)) = next else {
            stack.pop();
            path.pop();
            continue;
        };
        let Some(inside) = children(child) else {
            continue;
        };
        path.push(match token {
            Ok(key) => crate::diagnostics::escape_token(key),
            Err(index) => index.to_string(),
        });
        if stack.len() >= MAX_DEPTH {
            return Some(format!("#/{}", path.join("/")));
        }
        stack.push(inside);
    }
    None
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
    let (kind, parsed) = if is_json {
        let parsed = serde_json::from_str::<Value>(text).map_err(|error| {
            let at = (error.line() > 0).then(|| (error.line(), error.column()));
            (error.to_string(), at)
        });
        ("JSON", parsed)
    } else {
        let parsed = yaml::parse(text).map_err(|error| (error.message, error.at));
        ("YAML", parsed)
    };
    match parsed {
        Ok(value) => Some(value),
        Err((error, at)) => {
            let message = format!("invalid {kind}: {error}");
            let help = format!("fix the {kind} at the position given");
            match at {
                Some((line, column)) => diagnostics.error_at(
                    path,
                    Position {
                        line,
                        column,
                        width: 1,
                    },
                    message,
                    help,
                ),
                None => diagnostics.error(path, "#", message, help),
            }
            None
        }
    }
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
