//! YAML text straight into a JSON value.
//!
//! Reading through `serde_yaml::Value` first would hold the document twice and refuse what
//! providers really write: integers wider than 64 bits (OpenAI's int64 minimum is written
//! `-9223372036854776000`, one more than `i64::MIN` after rounding). JSON numbers are doubles
//! in practice, so such integers become the nearest double, as every JSON parser in a browser
//! would read them. Mapping keys that are numbers or booleans (an unquoted `200:` status code)
//! become strings, as JSON requires. Infinities and NaN, which JSON cannot hold, are errors.
//!
//! One more guard: libyaml's scanner takes time quadratic in the nesting depth of flow
//! collections (`[[[[...`), so 200 KB of brackets would take a minute before any depth limit
//! applies. A document with enough brackets to nest that deep is first walked by a linear
//! parser that stops at the depth limit.

use std::cell::Cell;
use std::fmt;

use saphyr_parser::{Event, Parser};
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Collections nested deeper than this are refused (serde_yaml's own limit too, and
/// serde_json's).
pub const MAX_DEPTH: usize = 128;

/// The most a document may hold once read: its strings' bytes plus one per value. Text of
/// the largest size read ([`super::MAX_DOCUMENT_BYTES`]) holds less; only aliases, which
/// repeat what their anchor names, can make more (a 1 MB description named by 3,000
/// operations is 3 GB read).
pub(super) const MAX_EXPANDED_BYTES: usize = 64 * 1024 * 1024;

/// Below this many `[` and `{`, flow nesting cannot be deep enough to be slow to scan.
const BRACKETS_WORTH_CHECKING: usize = 4096;

/// A YAML problem and where it is (1-based line and column), when known.
pub(super) struct YamlError {
    pub message: String,
    pub at: Option<(usize, usize)>,
}

/// Parses YAML text into JSON.
pub(super) fn parse(text: &str) -> Result<Value, YamlError> {
    if text.bytes().filter(|b| matches!(b, b'[' | b'{')).count() >= BRACKETS_WORTH_CHECKING {
        check_depth(text)?;
    }
    let budget = Cell::new(MAX_EXPANDED_BYTES);
    JsonSeed(&budget)
        .deserialize(serde_yaml::Deserializer::from_str(text))
        .map_err(|error| YamlError {
            message: error.to_string(),
            at: error.location().map(|at| (at.line(), at.column())),
        })
}

/// Walks the document's events with a parser that is linear in its size, stopping at the
/// first collection nested deeper than [`MAX_DEPTH`] or the first syntax error.
fn check_depth(text: &str) -> Result<(), YamlError> {
    let mut depth = 0usize;
    for event in Parser::new_from_str(text) {
        match event {
            Ok((Event::MappingStart(..) | Event::SequenceStart(..), span)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(YamlError {
                        message: format!("collections nest more than {MAX_DEPTH} levels deep"),
                        at: Some((span.start.line(), span.start.col() + 1)),
                    });
                }
            }
            Ok((Event::MappingEnd | Event::SequenceEnd, _)) => depth = depth.saturating_sub(1),
            Ok(_) => {}
            Err(error) => {
                return Err(YamlError {
                    message: error.info().to_owned(),
                    at: Some((error.marker().line(), error.marker().col() + 1)),
                });
            }
        }
    }
    Ok(())
}

/// Reads a JSON value from YAML, spending what it holds from the budget of the document.
#[derive(Clone, Copy)]
struct JsonSeed<'b>(&'b Cell<usize>);

impl<'de> DeserializeSeed<'de> for JsonSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(JsonVisitor(self.0))
    }
}

impl JsonSeed<'_> {
    /// Takes `bytes` from the budget; an error once it is spent.
    fn spend<E: de::Error>(self, bytes: usize) -> Result<(), E> {
        match self.0.get().checked_sub(bytes) {
            Some(left) => {
                self.0.set(left);
                Ok(())
            }
            None => Err(E::custom(format!(
                "the document holds more than {} MiB once its aliases are expanded (each `*alias` repeats what its anchor names)",
                MAX_EXPANDED_BYTES / (1024 * 1024)
            ))),
        }
    }
}

/// A number JSON can hold, from any float.
fn finite<E: de::Error>(value: f64) -> Result<Value, E> {
    Number::from_f64(value).map(Value::Number).ok_or_else(|| {
        E::custom("an infinite or not-a-number value, which JSON (and OpenAPI) cannot hold; write a finite number or leave the bound out")
    })
}

struct JsonVisitor<'b>(&'b Cell<usize>);

impl<'de> Visitor<'de> for JsonVisitor<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value JSON can hold")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Value, E> {
        finite(value as f64)
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Value, E> {
        finite(value as f64)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Value, E> {
        finite(value)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Value, E> {
        JsonSeed(self.0).spend(value.len())?;
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Value, E> {
        JsonSeed(self.0).spend(value.len())?;
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        JsonSeed(self.0).deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let seed = JsonSeed(self.0);
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element_seed(seed)? {
            seed.spend(1)?;
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let seed = JsonSeed(self.0);
        let mut entries = Map::new();
        while let Some(Key(key)) = map.next_key()? {
            seed.spend(key.len() + 1)?;
            let value = map.next_value_seed(seed)?;
            entries.insert(key, value);
        }
        Ok(Value::Object(entries))
    }
}

/// A mapping key as JSON's string: scalars are written as YAML spells them.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KeyVisitor).map(Key)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a plain string, number or boolean as a mapping key (JSON keys are strings)")
    }

    fn visit_bool<E>(self, value: bool) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_i64<E>(self, value: i64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_u64<E>(self, value: u64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_i128<E>(self, value: i128) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_u128<E>(self, value: u128) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_f64<E>(self, value: f64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_str<E>(self, value: &str) -> Result<String, E> {
        Ok(value.to_owned())
    }

    fn visit_string<E>(self, value: String) -> Result<String, E> {
        Ok(value)
    }

    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }
}
