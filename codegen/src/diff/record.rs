//! The record a generated crate keeps of its own API (`api.json`): the surface of every API it
//! was generated with and a fingerprint of every file it was written with. Comparing the
//! specs now with it tells what a regeneration changes without the old specs, and a file
//! whose fingerprint no longer matches was edited by hand.

use std::collections::BTreeMap;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use fnv::FnvHasher;
use serde::{Deserialize, Serialize};

use super::slashed;
use super::surface::Surface;

/// The record's file name, at the root of the generated crate.
pub const RECORD_FILE: &str = "api.json";

/// Bumped when the record's shape changes, so an old record is refused rather than misread.
const FORMAT: u32 = 1;

/// What `api.json` holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The record's format.
    pub format: u32,
    /// The crate's version when it was generated.
    pub version: String,
    /// FNV-1a 64 of every other file of the crate, by path (`/`-separated), in hex.
    pub files: BTreeMap<String, String>,
    /// The APIs, in module order.
    pub apis: Vec<Surface>,
}

/// Why a recorded API cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// There is no record.
    #[error("{0} does not exist: the crate was generated before it kept a record of its API")]
    Missing(PathBuf),
    /// It cannot be read or parsed.
    #[error("{path} cannot be read: {reason}")]
    Unreadable {
        /// The record.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// Files changed since generation.
    #[error("{} was edited by hand since it was generated ({}): the record no longer says what the crate offers", .folder.display(), .files.join(", "))]
    Edited {
        /// The crate's folder.
        folder: PathBuf,
        /// The files that differ, are missing or were added.
        files: Vec<String>,
    },
}

/// The record's text for a crate of this version, files and APIs.
pub fn write(version: &str, apis: &[Surface], files: &BTreeMap<PathBuf, String>) -> String {
    let record = Record {
        format: FORMAT,
        version: version.to_owned(),
        files: files
            .iter()
            .map(|(path, text)| (slashed(path), fingerprint(text.as_bytes())))
            .collect(),
        apis: apis.to_vec(),
    };
    // Maps and lists only: serialising cannot fail.
    let text = serde_json::to_string_pretty(&record).unwrap_or_default();
    // Spec pointers hold spec text: a hidden character in them is written as its escape.
    let mut text = crate::visible::escape_json(&text).into_owned();
    text.push('\n');
    text
}

/// The record of the crate at `folder`, as written: what it was last generated as, whatever
/// happened to its files since.
pub fn read_unchecked(folder: &Path) -> Result<Record, RecordError> {
    let path = folder.join(RECORD_FILE);
    let text = std::fs::read_to_string(&path).map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => RecordError::Missing(path.clone()),
        _ => RecordError::Unreadable {
            path: path.clone(),
            reason: error.to_string(),
        },
    })?;
    let record: Record = serde_json::from_str(&text).map_err(|error| RecordError::Unreadable {
        path: path.clone(),
        reason: error.to_string(),
    })?;
    if record.format != FORMAT {
        return Err(RecordError::Unreadable {
            path,
            reason: format!(
                "format {} is not {FORMAT}: regenerate the crate",
                record.format
            ),
        });
    }
    Ok(record)
}

/// The APIs the crate at `folder` offers, from its record, after checking that no file was
/// edited since it was generated (else the record would not say what the crate offers).
pub fn read(folder: &Path) -> Result<Vec<Surface>, RecordError> {
    let record = read_unchecked(folder)?;
    let edited: Vec<String> = record
        .files
        .iter()
        .filter(|(file, hash)| {
            std::fs::read(folder.join(file))
                .map(|bytes| fingerprint(&bytes))
                .ok()
                .as_ref()
                != Some(hash)
        })
        .map(|(file, _)| file.clone())
        .collect();
    if !edited.is_empty() {
        return Err(RecordError::Edited {
            folder: folder.to_path_buf(),
            files: edited,
        });
    }
    Ok(record.apis)
}

fn fingerprint(bytes: &[u8]) -> String {
    let mut hasher = FnvHasher::default();
    hasher.write(bytes);
    format!("{:016x}", hasher.finish())
}
