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
}

impl Origins {
    /// Origins where every pointer not recorded otherwise came from `first`.
    pub fn new(first: PathBuf) -> Self {
        Self {
            by_pointer: BTreeMap::new(),
            first,
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
}
