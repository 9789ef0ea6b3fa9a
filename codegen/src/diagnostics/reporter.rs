//! Reporting at a pointer of the merged document, shown in the file that wrote it.

use std::ops::Deref;

use super::{Diagnostics, Origins, Severity};

/// Where a stage that walks the merged document reports: each problem at a pointer is
/// recorded with the file [`Origins`] says wrote that part, so the stage names only the
/// pointer. `O` is `&Origins`, or `&mut Origins` for a stage that also moves parts.
pub(crate) struct Reporter<'d, O> {
    /// Which file wrote each part of the document.
    pub(crate) origins: O,
    diagnostics: &'d mut Diagnostics,
}

impl<'d, O: Deref<Target = Origins>> Reporter<'d, O> {
    /// Reports into `diagnostics`, locating problems with `origins`.
    pub(crate) fn new(origins: O, diagnostics: &'d mut Diagnostics) -> Self {
        Self {
            origins,
            diagnostics,
        }
    }

    /// Records an error at `at`.
    pub(crate) fn error(&mut self, at: &str, message: impl Into<String>, help: impl Into<String>) {
        self.push(Severity::Error, at, message.into(), help.into());
    }

    /// Records a warning at `at`.
    pub(crate) fn warning(
        &mut self,
        at: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(Severity::Warning, at, message.into(), help.into());
    }

    /// Records a note at `at`: a repair the output reflects.
    pub(crate) fn note(&mut self, at: &str, message: impl Into<String>, help: impl Into<String>) {
        self.push(Severity::Note, at, message.into(), help.into());
    }

    /// The problems recorded so far, for what a stage passes on or checks.
    pub(crate) fn diagnostics(&mut self) -> &mut Diagnostics {
        self.diagnostics
    }

    fn push(&mut self, severity: Severity, at: &str, message: String, help: String) {
        let file = self.origins.file_for(at).to_path_buf();
        self.diagnostics
            .push(severity, &file, at, None, message, help);
    }
}
