//! HTTP basic authentication, for APIs whose spec has an `http` `basic` security scheme.

use base64::Engine;

use super::{BuildError, PreparedCredential, Secret};

impl PreparedCredential {
    /// HTTP basic authentication; the secret is `username:password`.
    pub fn basic(secret: &Secret) -> Result<Self, BuildError> {
        let encoded = base64::engine::general_purpose::STANDARD.encode(secret.expose());
        Self::sensitive_header(
            reqwest::header::AUTHORIZATION,
            "Authorization",
            format!("Basic {encoded}"),
        )
    }
}
