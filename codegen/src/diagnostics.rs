//! Problems found in the input, collected with their location instead of stopping at the first.
//!
//! Every stage pushes into one [`Diagnostics`] list; the front-ends (CLI, build script, tests)
//! decide how to show them. A location is the file the problem came from plus a JSON pointer
//! into that document (RFC 6901), so a person can find the exact spot.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
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
    /// The file the problem is in.
    pub file: PathBuf,
    /// JSON pointer into that file (`#/paths/~1a/get`); `#` is the whole document.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(
            f,
            "{level}: {}\n  --> {}{}\n  = help: {}",
            self.message,
            self.file.display(),
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
        self.push(Severity::Error, file, pointer, message, help);
    }

    /// Records a warning.
    pub fn warning(
        &mut self,
        file: &Path,
        pointer: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(Severity::Warning, file, pointer, message, help);
    }

    fn push(
        &mut self,
        severity: Severity,
        file: &Path,
        pointer: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.items.push(Diagnostic {
            severity,
            file: file.to_path_buf(),
            pointer: pointer.into(),
            message: message.into(),
            help: help.into(),
        });
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
            "error: bad\n  --> specs/a.yaml#/paths\n  = help: fix it"
        );
    }
}
