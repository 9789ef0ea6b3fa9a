//! Bytes that travel as base64 text (`format: byte`), for APIs whose spec has such values.

use ::base64::Engine;
use ::base64::engine::general_purpose::STANDARD;

use super::formats::Format;

/// Bytes sent and received as base64 text (a spec's `format: byte`). It reads as the bytes
/// themselves: it dereferences to `[u8]` and converts from and into `Vec<u8>`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Base64(pub Vec<u8>);

impl Base64 {
    /// The bytes.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl std::ops::Deref for Base64 {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for Base64 {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

impl From<Base64> for Vec<u8> {
    fn from(bytes: Base64) -> Self {
        bytes.0
    }
}

impl serde::Serialize for Base64 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(&self.0))
    }
}

impl<'de> serde::Deserialize<'de> for Base64 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        <Self as Format>::read(&text).map_err(serde::de::Error::custom)
    }
}

impl Format for Base64 {
    /// Standard base64, with or without padding; the URL-safe alphabet is read too, as some
    /// servers write it for `byte` values.
    fn read(text: &str) -> Result<Self, String> {
        use ::base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
        [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
            .iter()
            .find_map(|engine| engine.decode(text).ok())
            .map(Self)
            .ok_or_else(|| "not base64 text".to_owned())
    }
}
