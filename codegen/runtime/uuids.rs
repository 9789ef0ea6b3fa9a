//! `uuid` values, for APIs whose spec has them.

use super::formats::Format;

impl Format for uuid::Uuid {
    /// Hyphenated, simple, braced or `urn:uuid:` text.
    fn read(text: &str) -> Result<Self, String> {
        text.parse().map_err(|_| "not a UUID".to_owned())
    }
}
