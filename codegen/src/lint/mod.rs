//! `cargo codegen lint`: what providers get wrong in their documents, reported with the same
//! diagnostics as generation (file, line, column, pointer, what to do).
//!
//! Lints read the document as assembled for generation (merged, overlays applied), as a JSON
//! tree rather than typed values, so that a document the generator would partly leave out can
//! still be linted in full. Each finding is named by its lint, like rustc's, and a finding a
//! project accepts is listed, with the reason, in an allow file (`specs/lint.toml`); an allow
//! entry that no longer matches anything is itself reported, so the file cannot go stale.

mod examples;
mod rules;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::Diagnostics;
use crate::load::ApiSources;
use crate::merge::Merged;

/// Every lint, with what it finds.
pub const LINTS: &[(&str, &str)] = &[
    (
        "example-without-schema",
        "a request or response example with no schema to check it against or to type it by",
    ),
    (
        "example-mismatch",
        "an example that does not match its schema",
    ),
    (
        "body-on-204",
        "a 204 (or 205, 304) response documented with a body",
    ),
    (
        "no-error-responses",
        "an operation that documents no error response (4xx, 5xx or default)",
    ),
    (
        "summary-contradicts-operation-id",
        "a summary whose action is not the operationId's (`Kick a member` on `hangupMember`)",
    ),
    (
        "undeclared-tag",
        "an operation tag missing from the top-level `tags` list",
    ),
    (
        "inconsistent-tag",
        "tags that differ only in case, spacing or a plural `s`",
    ),
    ("unused-component", "a component nothing refers to"),
    (
        "body-in-prose-only",
        "an operation whose text describes a request body the spec does not define",
    ),
    ("stale-allow", "an allow entry that matches no finding"),
];

/// The allow file: findings a project accepts, each with its reason.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The accepted findings.
    #[serde(default)]
    pub allow: Vec<Allow>,
    /// Where the file was read from, for findings about it.
    #[serde(skip)]
    pub path: PathBuf,
}

/// One accepted finding.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    /// The lint (`unused-component`).
    pub lint: String,
    /// The API folder it is in (`vobiz`).
    pub api: String,
    /// The JSON pointer of the finding.
    pub pointer: String,
    /// Why it is accepted; required, so that every exception explains itself.
    pub reason: String,
}

impl Config {
    /// Reads an allow file; a missing file allows nothing.
    pub fn read(path: &Path, diagnostics: &mut Diagnostics) -> Self {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Self {
                    path: path.to_path_buf(),
                    ..Self::default()
                };
            }
            Err(error) => {
                diagnostics.error(
                    path,
                    "#",
                    format!("cannot read the allow file: {error}"),
                    "check that it is readable",
                );
                return Self::default();
            }
        };
        match toml::from_str::<Self>(&text) {
            Ok(config) => {
                for (index, allow) in config.allow.iter().enumerate() {
                    if !LINTS.iter().any(|(name, _)| *name == allow.lint) {
                        diagnostics.error(
                            path,
                            format!("#/allow/{index}/lint"),
                            format!("there is no lint named `{}`", allow.lint),
                            format!("use one of: {}", lint_names()),
                        );
                    }
                    if allow.reason.trim().is_empty() {
                        diagnostics.error(
                            path,
                            format!("#/allow/{index}/reason"),
                            "an allow entry needs a reason",
                            "say why the finding is accepted",
                        );
                    }
                }
                Self {
                    path: path.to_path_buf(),
                    ..config
                }
            }
            Err(error) => {
                diagnostics.error(
                    path,
                    "#",
                    format!("invalid allow file: {}", error.message()),
                    "each entry is an `[[allow]]` table with `lint`, `api`, `pointer` and `reason`",
                );
                Self::default()
            }
        }
    }
}

fn lint_names() -> String {
    LINTS
        .iter()
        .map(|(name, _)| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Lints every API; returns the findings not allowed by `config` (and any problem reading the
/// documents), with their positions.
pub fn lint(apis: &[ApiSources], config: &Config) -> Diagnostics {
    let mut out = Diagnostics::default();
    let mut used = vec![false; config.allow.len()];
    for sources in apis {
        let mut findings = Diagnostics::default();
        if let Some(merged) = crate::pipeline::assemble(sources, &mut findings) {
            lint_document(&merged, &mut findings);
        }
        findings.retain(|finding| {
            let allowed = config.allow.iter().position(|allow| {
                allow.api == sources.name
                    && Some(allow.lint.as_str()) == finding.code.as_deref()
                    && allow.pointer == finding.pointer
            });
            if let Some(index) = allowed {
                used[index] = true;
            }
            allowed.is_none()
        });
        out.extend(findings);
    }
    for (index, allow) in config.allow.iter().enumerate() {
        if !used[index] && apis.iter().any(|api| api.name == allow.api) {
            out.finding(
                "stale-allow",
                &config.path,
                format!("#/allow/{index}"),
                format!(
                    "nothing in `{}` at `{}` is found by `{}` any more",
                    allow.api, allow.pointer, allow.lint
                ),
                "delete the entry: the finding it accepted is gone",
            );
        }
    }
    out.locate();
    out
}

/// Runs every lint over one assembled document.
pub fn lint_document(merged: &Merged, findings: &mut Diagnostics) {
    let mut cx = rules::Context {
        document: &merged.value,
        origins: &merged.origins,
        findings,
    };
    rules::run(&mut cx);
    examples::run(&mut cx);
}
