//! The webhooks a provider sends, from the `x-webhooks` list the translate stage makes of an
//! OpenAPI 3.1 document's `webhooks`: each with the type its payload decodes into.

use openapiv3::OpenAPI;
use serde::Deserialize;

use super::types::{SchemaRef, TypeSpace};
use super::{TypeRef, Webhook};
use crate::diagnostics::{Diagnostics, Origins};

/// One entry of `x-webhooks`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Listed {
    name: String,
    method: String,
    summary: Option<String>,
    description: Option<String>,
    /// `#/components/schemas/<name>` of the payload.
    payload: Option<String>,
}

/// The webhooks, sorted by name and method; their payload types join the type space.
pub(super) fn build(
    spec: &OpenAPI,
    origins: &Origins,
    types: &mut TypeSpace<'_>,
    diagnostics: &mut Diagnostics,
) -> Vec<Webhook> {
    let Some(listed) = spec.extensions.get("x-webhooks") else {
        return Vec::new();
    };
    let listed: Vec<Listed> = match serde_json::from_value(listed.clone()) {
        Ok(listed) => listed,
        Err(error) => {
            diagnostics.warning(
                origins.file_for("#/x-webhooks"),
                "#/x-webhooks",
                format!("the webhooks are not documented: `x-webhooks` is not a list of webhooks ({error})"),
                "list webhooks under `webhooks` in an OpenAPI 3.1 document",
            );
            return Vec::new();
        }
    };
    let mut webhooks: Vec<Webhook> = listed
        .into_iter()
        .map(|listed| {
            let payload = listed.payload.as_deref().map(|reference| {
                let at = format!(
                    "#/webhooks/{}",
                    crate::diagnostics::escape_token(&listed.name)
                );
                types.type_for(SchemaRef::Ref(reference), &listed.name, &at, diagnostics)
            });
            Webhook {
                name: listed.name,
                method: listed.method,
                summary: listed.summary.or(listed.description),
                payload: payload.filter(|ty| *ty != TypeRef::Json),
            }
        })
        .collect();
    webhooks.sort_by(|a, b| (&a.name, &a.method).cmp(&(&b.name, &b.method)));
    webhooks
}
