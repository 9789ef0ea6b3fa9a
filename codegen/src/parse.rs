//! Stage 4: the merged, overlaid document into typed `openapiv3` values.

use std::path::Path;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostics::{Diagnostics, escape_token};

/// Checks the version, then deserializes; a type error names the JSON pointer where it is.
pub fn parse(value: Value, file: &Path, diagnostics: &mut Diagnostics) -> Option<OpenAPI> {
    match value.get("openapi") {
        Some(Value::String(version)) if version.starts_with("3.0.") => {}
        Some(Value::String(version)) if version.starts_with("3.1") => {
            diagnostics.error(
                file,
                "#/openapi",
                format!("OpenAPI {version} is not supported"),
                "use an OpenAPI 3.0.x document",
            );
            return None;
        }
        Some(other) => {
            let shown = other
                .as_str()
                .map_or_else(|| other.to_string(), str::to_owned);
            diagnostics.error(
                file,
                "#/openapi",
                format!("unsupported OpenAPI version `{shown}`"),
                "use an OpenAPI 3.0.x document (`openapi: 3.0.3`)",
            );
            return None;
        }
        None if value.get("swagger").is_some() => {
            diagnostics.error(
                file,
                "#/swagger",
                "Swagger 2.0 documents are not supported",
                "convert the document to OpenAPI 3.0 first",
            );
            return None;
        }
        None => {
            diagnostics.error(
                file,
                "#",
                "not an OpenAPI document: there is no `openapi` field",
                "start the document with `openapi: 3.0.3`",
            );
            return None;
        }
    }
    match serde_path_to_error::deserialize::<_, OpenAPI>(value) {
        Ok(spec) => Some(spec),
        Err(error) => {
            let mut pointer = String::from("#");
            for segment in error.path().iter() {
                use serde_path_to_error::Segment;
                let token = match segment {
                    Segment::Seq { index } => index.to_string(),
                    Segment::Map { key } => key.clone(),
                    Segment::Enum { variant } => variant.clone(),
                    Segment::Unknown => continue,
                };
                pointer.push('/');
                pointer.push_str(&escape_token(&token));
            }
            diagnostics.error(
                file,
                pointer,
                format!("the document does not match OpenAPI 3.0: {}", error.inner()),
                "fix the value at this location (the spec's own file, or an overlay action)",
            );
            None
        }
    }
}
