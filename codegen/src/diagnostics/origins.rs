//! Which file each part of a merged document came from.
//!
//! The merge stage builds it; every later stage reports problems through it, so a pointer
//! into the merged document is shown in the file a person has to edit.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Maps JSON pointers of the merged document to the file that defined them.
#[derive(Clone, Debug, Default)]
pub struct Origins {
    by_pointer: BTreeMap<String, PathBuf>,
    first: PathBuf,
    /// Parts a later stage moved: where each is now, and where it is written.
    moved: BTreeMap<String, String>,
}

impl Origins {
    /// Origins where every pointer not recorded otherwise came from `first`.
    pub fn new(first: PathBuf) -> Self {
        Self {
            by_pointer: BTreeMap::new(),
            first,
            moved: BTreeMap::new(),
        }
    }

    /// The file that defined the most specific recorded prefix of `pointer`.
    pub fn file_for(&self, pointer: &str) -> &Path {
        let mut candidate = pointer;
        loop {
            if let Some(file) = self.by_pointer.get(candidate) {
                return file;
            }
            match candidate.rfind('/') {
                Some(cut) => candidate = &candidate[..cut],
                None => return &self.first,
            }
        }
    }

    /// Records that `pointer` (and what lies below it, unless recorded itself) came from
    /// `file`; the first file recorded for a pointer keeps it.
    pub(crate) fn record(&mut self, pointer: String, file: &Path) {
        self.by_pointer
            .entry(pointer)
            .or_insert_with(|| file.to_path_buf());
    }

    /// Records that the part at `to` was moved there from `from`: problems found in it are
    /// shown where it is written.
    pub(crate) fn record_move(&mut self, to: &str, from: &str) {
        let file = self.file_for(from).to_path_buf();
        self.record(to.to_owned(), &file);
        self.moved.insert(to.to_owned(), from.to_owned());
    }

    /// `pointer` as its file writes it, when it lies in a part that was moved.
    pub fn as_written(&self, pointer: &str) -> Option<String> {
        let mut candidate = pointer;
        loop {
            if let Some(from) = self.moved.get(candidate) {
                return Some(format!("{from}{}", &pointer[candidate.len()..]));
            }
            let cut = candidate.rfind('/')?;
            candidate = &candidate[..cut];
        }
    }
}
