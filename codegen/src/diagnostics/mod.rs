//! Problems found in the input, collected with their location instead of stopping at the first.
//!
//! Every stage pushes into one [`Diagnostics`] list; the front-ends (CLI, build script, tests)
//! decide how to show them. A location is the file the problem came from plus a JSON pointer
//! into that document (RFC 6901), so a person can find the exact spot. Stages work on parsed
//! values and know only the pointer; [`Diagnostics::locate`] adds the line and column
//! afterwards, reading the source again only for files that have problems, so a clean run pays
//! nothing for it. [`render`] shows them as rustc does, with the source line marked.

mod locate;
mod origins;
mod report;
mod reporter;

use std::fmt;
use std::path::{Path, PathBuf};

pub use origins::Origins;
pub use report::render;
pub(crate) use reporter::Reporter;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The spec is wrong here and the generator made the repair the note describes (which is
    /// also in the generated docs); nothing is missing from the output.
    Note,
    /// Generation went on; the output may lack something the spec asked for.
    Warning,
    /// Nothing is written.
    Error,
}

/// One problem, with where it is and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// The lint that found it (`example-mismatch`), for lint findings.
    pub code: Option<String>,
    /// The file the problem is in.
    pub file: PathBuf,
    /// JSON pointer into that file (`#/paths/~1a/get`); `#` is the whole document.
    pub pointer: String,
    /// Line and column in the file, when known.
    pub position: Option<Position>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: String,
}

/// Where in a file's text a problem is: 1-based line and column (in characters) and how many
/// characters to mark (0: to the end of the line).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
    /// Characters to mark from the column; 0 marks to the end of the line.
    pub width: usize,
}

impl Severity {
    fn label(self) -> &'static str {
        match self {
            Self::Note => "note",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl Diagnostic {
    /// `warning` or `warning[code]`, as rustc names its lints.
    fn level(&self) -> String {
        match &self.code {
            Some(code) => format!("{}[{code}]", self.severity.label()),
            None => self.severity.label().to_owned(),
        }
    }
}

impl Diagnostic {
    /// `file:line:column`, or just the file when the position is unknown.
    pub fn location(&self) -> String {
        match self.position {
            Some(at) => format!("{}:{}:{}", self.file.display(), at.line, at.column),
            None => self.file.display().to_string(),
        }
    }
}

impl Diagnostic {
    /// The problem on one line, for places that take one line per message (cargo's
    /// `cargo::warning=` and `cargo::error=`): `file:line:col: message (at pointer); help: ...`.
    pub fn one_line(&self) -> String {
        let flat = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        format!(
            "{}: {}: {} (at {}); help: {}",
            self.location(),
            self.level(),
            flat(&self.message),
            self.pointer,
            flat(&self.help)
        )
    }
}

/// The compact form, one problem in three lines (the build script's and the tests' form;
/// [`render`] gives the long form with the source excerpt).
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}\n  --> {} at {}\n  = help: {}",
            self.level(),
            self.message,
            self.location(),
            self.pointer,
            self.help
        )
    }
}

/// The problems of one run, in the order they were found.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records an error.
    pub fn error(
        &mut self,
        file: &Path,
        pointer: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(Severity::Error, file, pointer, None, message, help);
    }

    /// Records a lint finding: a warning named by the lint that found it.
    pub fn finding(
        &mut self,
        code: &str,
        file: &Path,
        pointer: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.items.push(Diagnostic {
            severity: Severity::Warning,
            code: Some(code.to_owned()),
            file: file.to_path_buf(),
            pointer: pointer.into(),
            position: None,
            message: message.into(),
            help: help.into(),
        });
    }

    /// Drops every problem that is the same as one before it (a base two parts of one
    /// `allOf` include reports its problems once).
    pub fn dedup(&mut self) {
        let mut seen = std::collections::BTreeSet::new();
        self.items.retain(|item| seen.insert(item.clone()));
    }

    /// Keeps only the problems `keep` accepts.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    /// Records an error whose line and column the parser reported.
    pub fn error_at(
        &mut self,
        file: &Path,
        position: Position,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(Severity::Error, file, "#", Some(position), message, help);
    }

    /// Records a warning.
    pub fn warning(
        &mut self,
        file: &Path,
        pointer: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(Severity::Warning, file, pointer, None, message, help);
    }

    /// Records a repair of the spec that the output reflects (see [`Severity::Note`]).
    pub fn note(
        &mut self,
        file: &Path,
        pointer: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(Severity::Note, file, pointer, None, message, help);
    }

    fn push(
        &mut self,
        severity: Severity,
        file: &Path,
        pointer: impl Into<String>,
        position: Option<Position>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.items.push(Diagnostic {
            severity,
            code: None,
            file: file.to_path_buf(),
            pointer: pointer.into(),
            position,
            message: message.into(),
            help: help.into(),
        });
    }

    /// The problems of a unit that is left out of the output because of them: its errors
    /// become warnings that say so (`what` names the unit), as the rest is still generated.
    pub fn left_out(mut self, what: &str) -> Self {
        for item in &mut self.items {
            if item.severity == Severity::Error {
                item.severity = Severity::Warning;
                item.message = format!("{what}: {}", item.message);
            }
        }
        self
    }

    /// Makes every warning an error (`--strict`); notes stay notes, since nothing is missing.
    pub fn promote_warnings(&mut self) {
        for item in &mut self.items {
            if item.severity == Severity::Warning {
                item.severity = Severity::Error;
            }
        }
    }

    /// Fills in the line and column of every problem that has only a pointer, reading each
    /// file concerned once.
    pub fn locate(&mut self) {
        locate::locate(&mut self.items);
    }

    /// Shows the problems found after the first `since` where their parts are written, for
    /// parts a stage moved (a schema hoisted out of `$defs`, say).
    pub fn show_where_written(&mut self, origins: &Origins, since: usize) {
        for item in self.items.iter_mut().skip(since) {
            if let Some(pointer) = origins.as_written(&item.pointer) {
                item.pointer = pointer;
            }
        }
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Number of problems of one severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// Moves every problem of `other` into this list.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// True when at least one problem is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// All problems, in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// True when nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Number of problems.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The same problems with file paths shown relative to `root` where they are inside it,
    /// so messages read `specs/vobiz/kick-member.yaml` rather than an absolute path.
    pub fn relative_to(mut self, root: &Path) -> Self {
        for item in &mut self.items {
            if let Ok(relative) = item.file.strip_prefix(root) {
                item.file = relative.to_path_buf();
            }
        }
        self
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.items.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

/// The text of a file a problem is in, to place the problem in it and show its line: only a
/// file the load stage would read (a larger one was refused for its size, and is not read for
/// its message either).
pub(crate) fn source_text(file: &Path) -> Option<String> {
    let metadata = std::fs::metadata(file).ok()?;
    if !metadata.is_file() || metadata.len() > crate::load::MAX_DOCUMENT_BYTES {
        return None;
    }
    std::fs::read_to_string(file).ok()
}

/// How problems name an operation: by its operationId when it has one, always with its
/// method and path (`operation `kick-member` (POST /Member/{id}/Kick/)`).
pub fn operation_label(operation_id: Option<&str>, method: &str, path: &str) -> String {
    match operation_id {
        Some(id) => format!("operation `{id}` ({} {path})", method.to_uppercase()),
        None => format!("operation `{} {path}`", method.to_uppercase()),
    }
}

/// Escapes one reference token of a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Builds a pointer from `#` and tokens: `pointer(&["paths", "/a"])` is `#/paths/~1a`.
pub fn pointer<S: AsRef<str>>(tokens: &[S]) -> String {
    let mut out = String::from("#");
    for token in tokens {
        out.push('/');
        out.push_str(&escape_token(token.as_ref()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        assert_eq!(
            pointer(&["paths", "/v1/a~b", "post"]),
            "#/paths/~1v1~1a~0b/post"
        );
        assert_eq!(pointer::<&str>(&[]), "#");
    }

    #[test]
    fn display_names_file_pointer_and_help() {
        let mut diagnostics = Diagnostics::default();
        diagnostics.error(Path::new("specs/a.yaml"), "#/paths", "bad", "fix it");
        assert_eq!(
            diagnostics.to_string(),
            "error: bad\n  --> specs/a.yaml at #/paths\n  = help: fix it"
        );
    }
}
