//! The public API a generated client offers, as a comparable value: what its users call and
//! what its responses decode into, keyed by the Rust names they see.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::diagnostics::escape_token;
use crate::ir::{self, Content, CredentialPlacement, ParamLocation, TypeKind, TypeRef};

/// One API's client, as its users see it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Surface {
    /// The module the API is in (`vobiz`), `None` at the crate root.
    pub module: Option<String>,
    /// The default server, `Client::DEFAULT_BASE_URL`.
    pub server: Option<String>,
    /// The credentials, by security scheme.
    pub credentials: BTreeMap<String, Credential>,
    /// The values the client is built with (`x-client-parameter`), in order.
    pub client_arguments: Vec<String>,
    /// The client's methods, by name.
    pub operations: BTreeMap<String, Operation>,
    /// The named types, by name.
    pub types: BTreeMap<String, Type>,
}

/// A credential of `Credentials`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credential {
    /// Its field.
    pub field: String,
    /// Whether `Credentials::new` takes it (every secured operation needs it).
    pub needed: bool,
    /// Where it is sent (`header X-Auth-Token`).
    pub sent_as: String,
}

/// One method of the client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operation {
    /// The spec's `operationId`.
    pub operation_id: String,
    /// The spec's summary.
    pub summary: Option<String>,
    /// `GET`, `POST`...
    pub method: String,
    /// The path template.
    pub path: String,
    /// The positional arguments of the method, in order.
    pub arguments: Vec<Argument>,
    /// The values set by name on the request builder, by setter name.
    pub settable: BTreeMap<String, Argument>,
    /// What the method's call gives: the success body type, or the enum of several.
    pub returns: String,
    /// The success responses: status and body type.
    pub success: BTreeMap<String, String>,
    /// The documented error responses: status and body type.
    pub errors: BTreeMap<String, String>,
    /// The enum its errors decode into, which callers may name.
    pub error_type: Option<String>,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// The cargo feature that compiles it, when its API has features.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
}

impl Operation {
    /// The JSON pointer of the operation in its spec.
    pub fn pointer(&self) -> String {
        format!(
            "#/paths/{}/{}",
            escape_token(&self.path),
            self.method.to_lowercase()
        )
    }
}

/// A value a call takes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Argument {
    /// The Rust name.
    pub name: String,
    /// Where it goes: `path id`, `query limit`, `header X-Nonce`, `body application/json`.
    pub sent_as: String,
    /// Its type, as written in the API module.
    pub ty: String,
}

/// A named type and the messages it travels in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Type {
    /// The JSON pointer of the schema it is made from.
    pub pointer: String,
    /// Its shape.
    pub shape: Shape,
    /// Whether requests carry it (callers build it).
    pub sent: bool,
    /// Whether responses carry it (the client decodes it).
    pub received: bool,
    /// The serde traits it implements (a record written before types implemented only
    /// the ones their messages need says both).
    #[serde(default = "both_serde_traits")]
    pub implements: Vec<String>,
}

fn both_serde_traits() -> Vec<String> {
    vec!["Deserialize".to_owned(), "Serialize".to_owned()]
}

/// The shape of a named type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shape {
    /// A struct: its fields by Rust name.
    Struct(BTreeMap<String, Field>),
    /// A string enum: its values on the wire (an unknown value is kept, not refused).
    Enum(BTreeSet<String>),
    /// A union: its variants and their types.
    Union(BTreeMap<String, String>),
    /// Another name for a type.
    Alias(String),
}

/// A struct field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// The property's name on the wire.
    pub api_name: String,
    /// Its type as declared (`Option<..>` when it may have no value).
    pub ty: String,
    /// Whether a response without the property fails to decode.
    pub must_be_present: bool,
}

/// The surface of one API of the IR.
pub fn surface(module: Option<&str>, api: &ir::Api) -> Surface {
    Surface {
        module: module.map(str::to_owned),
        server: api.default_server.as_ref().map(|s| s.url.clone()),
        credentials: api
            .credentials
            .iter()
            .map(|c| (c.scheme.clone(), credential(c)))
            .collect(),
        client_arguments: api.client_params.iter().map(|p| p.field.clone()).collect(),
        operations: api
            .operations
            .iter()
            .map(|op| (op.method_name.clone(), operation(op)))
            .collect(),
        types: api
            .types
            .iter()
            .map(|def| {
                let ty = Type {
                    pointer: def.pointer.clone(),
                    shape: shape(&def.kind, def.sent),
                    sent: def.sent,
                    received: def.received,
                    implements: [
                        (def.serde.deserialize, "Deserialize"),
                        (def.serde.serialize, "Serialize"),
                    ]
                    .into_iter()
                    .filter(|(has, _)| *has)
                    .map(|(_, name)| name.to_owned())
                    .collect(),
                };
                (def.name.clone(), ty)
            })
            .collect(),
    }
}

fn credential(credential: &ir::Credential) -> Credential {
    let sent_as = match &credential.placement {
        CredentialPlacement::Header(name) => format!("header {name}"),
        CredentialPlacement::Query(name) => format!("query {name}"),
        CredentialPlacement::Cookie(name) => format!("cookie {name}"),
        CredentialPlacement::Bearer => "bearer token".to_owned(),
        CredentialPlacement::Basic => "basic auth".to_owned(),
    };
    Credential {
        field: credential.field.clone(),
        needed: credential.always_needed,
        sent_as,
    }
}

fn operation(op: &ir::Operation) -> Operation {
    let own = op.params.iter().filter(|p| !p.from_client);
    let (required, optional): (Vec<_>, Vec<_>) = own.partition(|p| p.required);
    let mut arguments: Vec<Argument> = required.into_iter().map(param).collect();
    let mut settable: BTreeMap<String, Argument> = optional
        .into_iter()
        .map(|p| (p.name.clone(), param(p)))
        .collect();
    if let Some(body) = &op.body {
        let argument = body_argument(body);
        match body.required {
            true => arguments.push(argument),
            false => {
                settable.insert(argument.name.clone(), argument);
            }
        }
    }
    let cases = |cases: &[ir::ResponseCase]| {
        cases
            .iter()
            .map(|case| (case.status.to_string(), content(&case.content)))
            .collect()
    };
    Operation {
        operation_id: op.operation_id.clone(),
        summary: op.summary.clone(),
        method: op.http_method.as_str().to_owned(),
        path: op.path.raw.clone(),
        arguments,
        settable,
        returns: match (&op.response_enum, op.success.first()) {
            (Some(name), _) => name.clone(),
            (None, Some(case)) => content(&case.content),
            (None, None) => "()".to_owned(),
        },
        success: cases(&op.success),
        errors: cases(&op.errors),
        error_type: op.error_enum.clone(),
        deprecated: op.deprecated,
        feature: op.feature.clone(),
    }
}

fn param(param: &ir::Param) -> Argument {
    let location = match param.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    Argument {
        name: param.name.clone(),
        sent_as: format!("{location} {}", param.api_name),
        ty: spelled(&param.ty),
    }
}

fn body_argument(body: &ir::Body) -> Argument {
    let media: Vec<&str> = body.media().iter().map(|m| m.media_type.as_str()).collect();
    let ty = match &body.sent_as {
        ir::SentAs::One(media) => content(&media.content),
        ir::SentAs::Choice { name, .. } => format!("types::{name}"),
    };
    Argument {
        name: "body".to_owned(),
        sent_as: format!("body {}", media.join(" or ")),
        ty,
    }
}

fn content(content: &Content) -> String {
    match content {
        Content::Empty => "()".to_owned(),
        Content::Json(ty) | Content::Form { ty, .. } | Content::Multipart { ty, .. } => spelled(ty),
        Content::Text => "String".to_owned(),
        Content::Bytes => "Bytes".to_owned(),
    }
}

fn shape(kind: &TypeKind, sent: bool) -> Shape {
    match kind {
        TypeKind::Struct { fields, .. } => Shape::Struct(
            fields
                .iter()
                .map(|f| (f.name.clone(), field(f, sent)))
                .collect(),
        ),
        TypeKind::StringEnum { variants } => {
            Shape::Enum(variants.iter().map(|(_, wire)| wire.clone()).collect())
        }
        // A variant that compiles with its own features (an expanded object) says so: one
        // that becomes so makes its union `#[non_exhaustive]`, which breaks a `match`.
        TypeKind::Untagged { variants } => Shape::Union(
            variants
                .iter()
                .map(|v| {
                    let ty = match v.gate.0.as_slice() {
                        [] => spelled(&v.ty),
                        features => format!("{} with {}", spelled(&v.ty), features.join(" or ")),
                    };
                    (v.name.clone(), ty)
                })
                .collect(),
        ),
        TypeKind::Tagged { variants, .. } => Shape::Union(
            variants
                .iter()
                .map(|v| {
                    let ty = v.ty.as_ref().map_or_else(|| "()".to_owned(), spelled);
                    (v.name.clone(), ty)
                })
                .collect(),
        ),
        TypeKind::Alias(ty) => Shape::Alias(spelled(ty)),
    }
}

/// A field as declared: the rules of the emitted struct (`T`, `Option<T>`, or a request's
/// `Nullable<T>`, which tells `null` from absent).
fn field(field: &ir::Field, sent: bool) -> Field {
    let ty = spelled(&field.ty);
    let ty = if field.required && !field.nullable {
        ty
    } else if !field.required && field.nullable && sent {
        format!("Nullable<{ty}>")
    } else {
        format!("Option<{ty}>")
    };
    Field {
        api_name: field.api_name.clone(),
        ty,
        must_be_present: field.required && !field.nullable,
    }
}

/// A type reference as a reader of the API module writes it.
fn spelled(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => format!("types::{name}"),
        TypeRef::Boxed(name) => format!("Box<types::{name}>"),
        TypeRef::String => "String".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::F32 => "f32".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::Vec(item) => format!("Vec<{}>", spelled(item)),
        TypeRef::Nullable(inner) => format!("Option<{}>", spelled(inner)),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", spelled(value)),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::Binary => "Binary".to_owned(),
        TypeRef::DateTime => "DateTime<Utc>".to_owned(),
        TypeRef::Date => "NaiveDate".to_owned(),
        TypeRef::Uuid => "Uuid".to_owned(),
        TypeRef::Base64 => "Base64".to_owned(),
    }
}
