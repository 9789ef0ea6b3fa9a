//! Stage 5: the intermediate representation, an owned and validated model of one API.
//!
//! The emitters see only these types, never `openapiv3`: every `$ref` is resolved, every name is
//! a Rust name (made by [`crate::names`]), and everything that is emitted is in a fixed order.

mod cycles;
mod groups;
mod operations;
mod path;
mod reach;
mod refs;
mod samples;
mod tags;
mod texts;
mod webhooks;

pub use groups::FEATURES_FROM_OPERATIONS;
pub use samples::Samples;
mod types;

pub use path::{PathPart, PathTemplate};

// The model's methods and statuses are the shared HTTP vocabulary's (`crate::http`).
pub use crate::http::{HttpMethod, StatusMatch};

use crate::diagnostics::Diagnostics;
use crate::diagnostics::Origins;
use crate::parse::Parsed;

/// One API: everything needed to emit its client module.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.version`.
    pub version: String,
    /// The absolute URL of the first server, used when the caller gives none.
    pub default_server: Option<Server>,
    /// Credentials the client holds, one per security scheme in use.
    pub credentials: Vec<Credential>,
    /// Parameters given once when the client is built instead of on every call.
    pub client_params: Vec<ClientParam>,
    /// Operations, sorted by method name.
    pub operations: Vec<Operation>,
    /// Named types, sorted by name.
    pub types: Vec<TypeDef>,
    /// The enums of documented error responses, in the order of their first operation.
    pub error_enums: Vec<ErrorEnum>,
    /// How deep its types nest: the most types on one chain of types holding one another
    /// (those that hold each other count once).
    pub type_depth: usize,
    /// The requests the provider sends to its users (OpenAPI 3.1 `webhooks`), sorted by name.
    pub webhooks: Vec<Webhook>,
    /// The cargo features that each compile a group of its operations, sorted by name; none
    /// for an API of fewer than [`FEATURES_FROM_OPERATIONS`] operations.
    pub features: Vec<Feature>,
}

/// A cargo feature that compiles one group of operations and the types they reach.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feature {
    /// Its name (`code-scanning`).
    pub name: String,
    /// The tags or path prefixes whose operations it compiles, as the spec spells them.
    pub groups: Vec<String>,
    /// How many operations it compiles.
    pub operations: usize,
}

/// The features that compile an item: any one of them does. Empty: always compiled.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gate(pub Vec<String>);

/// A request the provider sends: the client does not call it, its users decode it.
#[derive(Clone, Debug, PartialEq)]
pub struct Webhook {
    /// Its name in the spec (`newPet`).
    pub name: String,
    /// The HTTP method it arrives with (`POST`).
    pub method: String,
    /// What it tells (its summary, else its description).
    pub summary: Option<String>,
    /// The type its JSON body decodes into, when it has a typed body.
    pub payload: Option<TypeRef>,
}

/// A server entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Server {
    /// Absolute URL, server variables replaced by their defaults.
    pub url: String,
    /// Its description.
    pub description: Option<String>,
}

/// A credential taken from a security scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credential {
    /// Field name in `Credentials`.
    pub field: String,
    /// The security scheme's name in the spec.
    pub scheme: String,
    /// The scheme's description.
    pub description: Option<String>,
    /// Where the value goes on the wire.
    pub placement: CredentialPlacement,
    /// Whether every secured operation needs it, so that the client cannot be built without
    /// it; otherwise the caller gives it when they use operations that accept it.
    pub always_needed: bool,
}

/// Where a credential is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CredentialPlacement {
    /// An API key in this header.
    Header(String),
    /// An API key in this query parameter.
    Query(String),
    /// An API key in this cookie.
    Cookie(String),
    /// `Authorization: Bearer <token>` (also OAuth 2 and OpenID Connect access tokens,
    /// obtained by the caller).
    Bearer,
    /// `Authorization: Basic <base64 of username:password>`.
    Basic,
}

/// A parameter that the spec repeats on operations but the client takes once (marked with the
/// `x-client-parameter: true` extension, usually set by an overlay).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientParam {
    /// Field and builder argument name.
    pub field: String,
    /// Name on the wire.
    pub api_name: String,
    /// Its description.
    pub description: Option<String>,
    /// A value its schema accepts (see [`Param::sample`]).
    pub sample: Option<serde_json::Value>,
}

/// One operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// `operationId` as written in the spec.
    pub operation_id: String,
    /// Method name on the client.
    pub method_name: String,
    /// Name of the request builder the method returns (`KickMember`).
    pub request: String,
    /// Type name stem for the operation's own types (`KickMember` → `KickMemberError`).
    pub type_stem: String,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The path template.
    pub path: PathTemplate,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// Parameters: path parameters in template order, then query, header and cookie parameters.
    pub params: Vec<Param>,
    /// What every call sends without the caller giving it: the pairs of the path's query
    /// string, then the required parameters whose schema allows one value, in spec order.
    pub fixed: Vec<FixedParam>,
    /// The request body.
    pub body: Option<Body>,
    /// Success responses, by status: 2xx, and documented 1xx and 3xx (see
    /// [`StatusMatch::is_outcome`]).
    pub success: Vec<ResponseCase>,
    /// Documented error responses, by status; `default` last.
    pub errors: Vec<ResponseCase>,
    /// Whether sending it twice acts once, so that it may be retried: the HTTP method is
    /// idempotent, unless the spec says otherwise with `x-retry-safe`.
    pub retry_safe: bool,
    /// The alternative sets of credentials it accepts (indices into [`Api::credentials`]), in
    /// the spec's order: the first set the client holds in full is sent. An empty set means
    /// the operation may be sent without credentials; no sets means it needs none.
    pub security: Vec<Vec<usize>>,
    /// Name of the enum of success bodies, when the success statuses carry different bodies.
    pub response_enum: Option<String>,
    /// Name of the enum of documented error bodies (one of [`Api::error_enums`]), when errors
    /// are documented.
    pub error_enum: Option<String>,
    /// Name of the struct the required arguments are given in, when there are too many to
    /// take one by one.
    pub arguments: Option<String>,
    /// The group it belongs to: its first tag, else its path's first segment.
    pub group: String,
    /// The cargo feature that compiles it, when its API has features.
    pub feature: Option<String>,
}

/// A parameter with one possible value, sent by every call: a pair written in the path's
/// query string (`?beta=true`), or a required query, header or cookie parameter whose schema
/// allows one value (Box's `box-version: 2025.0`), which the caller would otherwise have to
/// spell out on every call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixedParam {
    /// Where it goes: the query, a header or a cookie.
    pub location: ParamLocation,
    /// Name on the wire.
    pub api_name: String,
    /// The value, as sent.
    pub value: String,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    /// A path segment.
    Path,
    /// A query parameter.
    Query,
    /// A header.
    Header,
    /// A cookie.
    Cookie,
}

/// One parameter of an operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Name on the wire.
    pub api_name: String,
    /// Rust argument name (or client field name for client parameters).
    pub name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Whether the caller must give it.
    pub required: bool,
    /// Its type.
    pub ty: TypeRef,
    /// Its description.
    pub description: Option<String>,
    /// True when the client holds the value (see [`ClientParam`]).
    pub from_client: bool,
    /// How a list or object value is written.
    pub style: ParamStyle,
    /// A path parameter the spec allows to be empty (`minLength: 0`); any other path
    /// parameter's empty value is refused before a request is sent.
    pub may_be_empty: bool,
    /// A value its schema accepts, built from the spec alone, for the generated operation
    /// tests; `None` unless they were asked for ([`Samples`]).
    pub sample: Option<serde_json::Value>,
}

/// How a parameter's list or object value is written (OpenAPI 3.0, "Style Values"); scalars
/// are written the same way in every style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamStyle {
    /// `a,b` and `k,v,k2,v2` (path and header parameters, `simple`), or with `explode`
    /// `k=v,k2=v2` for objects.
    Simple {
        /// `explode`.
        explode: bool,
    },
    /// Query and cookie `form`: with `explode`, a list repeats the parameter and an object
    /// becomes one parameter per property; without, both are comma-joined.
    Form {
        /// `explode`.
        explode: bool,
    },
    /// `name[key]=value`, nested (Stripe's filters).
    DeepObject,
    /// `a|b`.
    PipeDelimited,
    /// `a b`.
    SpaceDelimited,
}

/// A request body.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    /// The media types it may be sent as.
    pub sent_as: SentAs,
    /// Whether it must be sent.
    pub required: bool,
    /// Its description.
    pub description: Option<String>,
}

/// The media types a request body may be sent as.
#[derive(Clone, Debug, PartialEq)]
pub enum SentAs {
    /// One: the method takes the body itself.
    One(BodyMedia),
    /// Several, in the spec's order: the method takes an enum of them, and the caller picks.
    Choice {
        /// The enum's name.
        name: String,
        /// The media types, one variant each.
        media: Vec<BodyMedia>,
    },
}

impl Body {
    /// The media types it may be sent as, in the spec's order.
    pub fn media(&self) -> &[BodyMedia] {
        match &self.sent_as {
            SentAs::One(media) => std::slice::from_ref(media),
            SentAs::Choice { media, .. } => media,
        }
    }
}

/// One media type a request body may be sent as.
#[derive(Clone, Debug, PartialEq)]
pub struct BodyMedia {
    /// The media type sent as `Content-Type`.
    pub media_type: String,
    /// Its variant in the body's choice enum.
    pub variant: String,
    /// How the body is encoded and its type.
    pub content: Content,
    /// A value its schema accepts, built from the spec alone, for the generated operation
    /// tests; `None` unless they were asked for ([`Samples`]).
    pub sample: Option<serde_json::Value>,
}

/// What a body holds and how it is encoded.
#[derive(Clone, Debug, PartialEq)]
pub enum Content {
    /// No body.
    Empty,
    /// JSON of this type.
    Json(TypeRef),
    /// `application/x-www-form-urlencoded` fields from this (object) type; request bodies only.
    Form {
        /// The body's type.
        ty: TypeRef,
        /// Properties the spec encodes with `style: deepObject` (`metadata[key]=value`).
        deep_object: Vec<String>,
    },
    /// `multipart/form-data` parts from this (object) type, one per property; request bodies
    /// only.
    Multipart {
        /// The body's type.
        ty: TypeRef,
        /// Properties the spec encodes with `style: deepObject` (one part per leaf).
        deep_object: Vec<String>,
        /// (property, media type) for the spec's `encoding.contentType` of file parts.
        file_types: Vec<(String, String)>,
    },
    /// Text.
    Text,
    /// Raw bytes.
    Bytes,
}

/// An enum of documented error responses, by status: one operation's, or one that several
/// operations share because they document the same errors (the same statuses, bodies and
/// descriptions). Each enum is an item rustc checks and derives for, so a large API whose
/// operations all answer errors alike compiles one enum instead of hundreds.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorEnum {
    /// Rust name: `<Operation>Error` for one operation's; for a shared one, its variants
    /// joined by `Or` (`ClientErrorOrServerError`), which changes only when they do.
    pub name: String,
    /// Its variants, one per documented error response.
    pub cases: Vec<ResponseCase>,
    /// The methods whose errors it holds, in method order.
    pub used_by: Vec<String>,
    /// The features that compile it.
    pub gate: Gate,
}

impl Content {
    /// The type it holds, if any.
    pub fn ty(&self) -> Option<&TypeRef> {
        match self {
            Self::Json(ty) | Self::Form { ty, .. } | Self::Multipart { ty, .. } => Some(ty),
            Self::Text | Self::Bytes | Self::Empty => None,
        }
    }
}

impl Operation {
    /// The types its requests carry: parameters and bodies.
    pub fn sent_types(&self) -> impl Iterator<Item = &TypeRef> {
        let bodies = self.body.iter().flat_map(|body| body.media());
        let bodies = bodies.filter_map(|media| media.content.ty());
        self.params.iter().map(|param| &param.ty).chain(bodies)
    }

    /// The types its responses carry, successes and errors.
    pub fn received_types(&self) -> impl Iterator<Item = &TypeRef> {
        let responses = self.success.iter().chain(&self.errors);
        responses.filter_map(|case| case.content.ty())
    }
}

/// One documented response.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseCase {
    /// Statuses it matches.
    pub status: StatusMatch,
    /// Enum variant name for it.
    pub variant: String,
    /// Its description.
    pub description: String,
    /// Its body.
    pub content: Content,
    /// The media types of the body the client can decode as `content` (for the `Accept`
    /// header); empty when the spec documents none.
    pub decodable: Vec<String>,
}

/// A named type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// Rust name.
    pub name: String,
    /// The JSON pointer of the schema it was made from.
    pub pointer: String,
    /// Its doc text.
    pub description: Option<String>,
    /// What it is.
    pub kind: TypeKind,
    /// Whether requests carry it (a request body or parameter reaches it): its optional
    /// nullable fields must then tell `null` from absent, which a server may treat apart.
    pub sent: bool,
    /// Whether responses or webhook payloads carry it (the client's users decode it).
    pub received: bool,
    /// Which of serde's traits it implements.
    pub serde: Serde,
    /// The features that compile it.
    pub gate: Gate,
}

/// Which of serde's traits a type implements: only those its messages need. Each derive is
/// code rustc checks, and most types of a large API travel one way only. A type no message
/// carries implements both, as does everything it holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Serde {
    /// `Serialize`: requests carry it.
    pub serialize: bool,
    /// `Deserialize`: responses carry it (or the operation tests build it from JSON).
    pub deserialize: bool,
}

/// The shapes of named types.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct {
        /// Its fields, in spec order.
        fields: Vec<Field>,
        /// `additionalProperties: false`: unknown properties are an error.
        deny_unknown: bool,
    },
    /// A string enum; unknown values are kept in an `Unknown(String)` variant.
    StringEnum {
        /// Variants: (Rust name, wire value).
        variants: Vec<(String, String)>,
    },
    /// `oneOf`/`anyOf`: the first variant that decodes wins.
    Untagged {
        /// Its variants, in spec order.
        variants: Vec<UntaggedVariant>,
    },
    /// A union with a `discriminator`: the tag property's value says which variant a value
    /// is; a value with another tag (or none) is kept as JSON in an `Unknown` variant.
    Tagged {
        /// The tag property's name on the wire.
        property: String,
        /// The variants, each with the tag values that select it.
        variants: Vec<TaggedVariant>,
    },
    /// Another name for a type.
    Alias(TypeRef),
}

impl TypeKind {
    /// The types its members hold, in order: field types, variant types, the aliased type.
    /// The one walk over a definition; [`TypeRef::named`] walks on into each.
    pub fn members(&self) -> Vec<&TypeRef> {
        match self {
            Self::Struct { fields, .. } => fields.iter().map(|f| &f.ty).collect(),
            Self::Untagged { variants } => variants.iter().map(|v| &v.ty).collect(),
            Self::Tagged { variants, .. } => {
                variants.iter().filter_map(|v| v.ty.as_ref()).collect()
            }
            Self::Alias(ty) => vec![ty],
            Self::StringEnum { .. } => Vec::new(),
        }
    }

    /// Every named type it uses, at any depth.
    pub fn referenced(&self) -> Vec<String> {
        self.members()
            .into_iter()
            .flat_map(TypeRef::named)
            .map(|(name, _)| name.to_owned())
            .collect()
    }

    /// [`Self::members`], to change them.
    pub fn members_mut(&mut self) -> Vec<&mut TypeRef> {
        match self {
            Self::Struct { fields, .. } => fields.iter_mut().map(|f| &mut f.ty).collect(),
            Self::Untagged { variants } => variants.iter_mut().map(|v| &mut v.ty).collect(),
            Self::Tagged { variants, .. } => {
                variants.iter_mut().filter_map(|v| v.ty.as_mut()).collect()
            }
            Self::Alias(ty) => vec![ty],
            Self::StringEnum { .. } => Vec::new(),
        }
    }
}

/// One variant of a [`TypeKind::Untagged`] union.
#[derive(Clone, Debug, PartialEq)]
pub struct UntaggedVariant {
    /// Rust name.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// The features that compile it, when they are not all the union's: the variant holds a
    /// whole object that another group's operations return, in place of its id (an expanded
    /// field), and compiles with that group. Empty: compiled with the union.
    pub gate: Gate,
}

impl UntaggedVariant {
    /// A variant compiled with its union.
    pub fn new(name: String, ty: TypeRef) -> Self {
        let gate = Gate::default();
        Self { name, ty, gate }
    }
}

/// One variant of a [`TypeKind::Tagged`] union.
#[derive(Clone, Debug, PartialEq)]
pub struct TaggedVariant {
    /// Rust name.
    pub name: String,
    /// Its type; `None` when the tag is all the variant holds (a unit variant).
    pub ty: Option<TypeRef>,
    /// The tag values that select it; the first is written when the value has none of them.
    pub tags: Vec<String>,
    /// What the spec says of a variant that holds nothing but its tag (a variant with a type
    /// has the type's docs).
    pub description: Option<String>,
    /// Whether its type has the tag property itself; when not, the tag is taken out of a
    /// value before the value is decoded as the variant.
    pub keeps_tag: bool,
}

/// A field of a struct.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Rust name.
    pub name: String,
    /// Name on the wire.
    pub api_name: String,
    /// Its type.
    pub ty: TypeRef,
    /// Whether the property is required (in the messages that carry it: see `read_only`).
    pub required: bool,
    /// Whether the property is `readOnly`: responses only, so when requests carry its type a
    /// required one is optional there (and in the type).
    pub read_only: bool,
    /// Whether `null` is an allowed value.
    pub nullable: bool,
    /// Whether `{}` is read as `null` too: the spec's null is "an object with no properties"
    /// (Box's "OpenAPI 3.0 null schema type"), which `{}` also matches.
    pub empty_object_is_null: bool,
    /// Its doc text.
    pub description: Option<String>,
    /// An `allOf` part that is a union: its properties sit beside the struct's own on the
    /// wire (`#[serde(flatten)]`), so it has no name there (`api_name` is empty).
    pub flatten: bool,
}

/// A reference to a type, as used in fields, parameters and bodies.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    /// A named type of this API.
    Named(String),
    /// A named type that contains itself, boxed.
    Boxed(String),
    /// `String`.
    String,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// A list.
    Vec(Box<TypeRef>),
    /// A list item or map value that may be `null`.
    Nullable(Box<TypeRef>),
    /// A map with string keys.
    Map(Box<TypeRef>),
    /// Any JSON value.
    Json,
    /// Bytes (`format: binary`), sent as a file part in multipart bodies.
    Binary,
    /// `format: date-time`: an instant (RFC 3339).
    DateTime,
    /// `format: date`: a calendar date (`2024-01-02`).
    Date,
    /// `format: uuid`.
    Uuid,
    /// `format: byte`: bytes that travel as base64 text.
    Base64,
}

/// Whether a named type is held in place or behind a pointer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held {
    /// In place (also inside an `Option`): a type that holds itself this way has no size.
    Inline,
    /// Behind a list, a map or a box, on the heap.
    Indirect,
}

impl TypeRef {
    /// Whether it is, or holds at any depth, a type for which `wanted` is true.
    pub fn holds(&self, wanted: fn(&TypeRef) -> bool) -> bool {
        wanted(self)
            || match self {
                Self::Nullable(inner) | Self::Vec(inner) | Self::Map(inner) => inner.holds(wanted),
                _ => false,
            }
    }

    /// Whether it is a string of a format with a type of its own (`date-time`, `date`,
    /// `uuid`, `byte`).
    pub fn is_formatted(&self) -> bool {
        matches!(
            self,
            Self::DateTime | Self::Date | Self::Uuid | Self::Base64
        )
    }

    /// Every named type it holds, at any depth, and how.
    pub fn named(&self) -> Vec<(&str, Held)> {
        let mut found = Vec::new();
        let mut stack = vec![(self, Held::Inline)];
        while let Some((ty, held)) = stack.pop() {
            match ty {
                Self::Named(name) => found.push((name.as_str(), held)),
                Self::Boxed(name) => found.push((name.as_str(), Held::Indirect)),
                Self::Nullable(inner) => stack.push((inner, held)),
                Self::Vec(inner) | Self::Map(inner) => stack.push((inner, Held::Indirect)),
                _ => {}
            }
        }
        found
    }

    /// The named type held in place (itself, or inside an `Option`), to box it.
    pub fn inline_named_mut(&mut self) -> Option<&mut Self> {
        match self {
            Self::Named(_) => Some(self),
            Self::Nullable(inner) => inner.inline_named_mut(),
            _ => None,
        }
    }
}

/// Builds the IR of a parsed document; `origins` says which file each part came from.
pub fn build(
    parsed: &Parsed,
    origins: &Origins,
    samples: Samples,
    diagnostics: &mut Diagnostics,
) -> Api {
    let spec = &parsed.spec;
    let mut types = types::TypeSpace::new(spec, origins, &parsed.left_out);
    types.add_components(diagnostics);
    let mut api = operations::build(spec, origins, &mut types, samples, diagnostics);
    api.webhooks = webhooks::build(spec, origins, &mut types, diagnostics);
    api.types = types.finish();
    mark_directions(&mut api, samples);
    groups::assign(&mut api);
    let edges = api
        .types
        .iter()
        .map(|def| (def.name.clone(), def.kind.referenced()))
        .collect();
    api.type_depth = cycles::depth(&edges);
    api
}

/// Marks which way each type travels: the types a request body or parameter reaches are
/// sent, those a response or a webhook payload reaches are received. `samples`: the
/// operation tests build their arguments from JSON, so sent types are decoded too.
fn mark_directions(api: &mut Api, samples: Samples) {
    let graph = reach::TypeGraph::new(&api.types);
    let sent = graph.reach(api.operations.iter().flat_map(Operation::sent_types));
    let received = graph.reach(
        api.operations
            .iter()
            .flat_map(Operation::received_types)
            .chain(api.webhooks.iter().filter_map(|w| w.payload.as_ref())),
    );
    // A type no message carries may serve either way, and so may everything it holds.
    let mut unused: Vec<&str> = api
        .types
        .iter()
        .map(|def| def.name.as_str())
        .filter(|name| !sent.contains(name) && !received.contains(name))
        .collect();
    let either_way = graph.reach_names(&mut unused);
    let directions: Vec<(bool, bool, Serde)> = api
        .types
        .iter()
        .map(|def| {
            let name = def.name.as_str();
            let (is_sent, is_received) = (sent.contains(name), received.contains(name));
            let any = either_way.contains(name);
            let serde = Serde {
                serialize: is_sent || any,
                deserialize: is_received || any || (is_sent && samples == Samples::Build),
            };
            (is_sent, is_received, serde)
        })
        .collect();
    for (def, (sent, received, serde)) in api.types.iter_mut().zip(directions) {
        def.sent = sent;
        def.received = received;
        def.serde = serde;
        if sent {
            relax_read_only(&mut def.kind);
        }
    }
}

/// A type requests carry leaves its read-only properties out of requests, so they cannot
/// be required of it, only of responses (OpenAPI 3.0, Fixed Fields: `readOnly`).
fn relax_read_only(kind: &mut TypeKind) {
    if let TypeKind::Struct { fields, .. } = kind {
        for field in fields.iter_mut().filter(|field| field.read_only) {
            field.required = false;
        }
    }
}

#[cfg(test)]
mod type_walk_tests {
    use super::*;

    #[test]
    fn a_type_implements_the_serde_traits_its_messages_need() {
        let spec = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /things:
    post:
      operationId: make
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Receipt'}}}}
components:
  schemas:
    Order: {type: object, properties: {item: {$ref: '#/components/schemas/Item'}}}
    Receipt: {type: object, properties: {item: {$ref: '#/components/schemas/Item'}}}
    Item: {type: object, properties: {name: {type: string}}}
    Draft: {type: object, properties: {note: {$ref: '#/components/schemas/Note'}}}
    Note: {type: object, properties: {text: {type: string}}}
";
        let (mut api, _) = types::tests::build(spec);
        let serde_of = |api: &Api, name: &str| {
            let def = api.types.iter().find(|def| def.name == name).expect(name);
            (def.serde.serialize, def.serde.deserialize)
        };
        mark_directions(&mut api, Samples::Skip);
        assert_eq!(serde_of(&api, "Order"), (true, false), "only sent");
        assert_eq!(serde_of(&api, "Receipt"), (false, true), "only received");
        assert_eq!(serde_of(&api, "Item"), (true, true), "both ways");
        assert_eq!(
            serde_of(&api, "Draft"),
            (true, true),
            "no message: either way"
        );
        assert_eq!(
            serde_of(&api, "Note"),
            (true, true),
            "held by a type of no message"
        );
        // The operation tests build what they send from JSON.
        mark_directions(&mut api, Samples::Build);
        assert_eq!(serde_of(&api, "Order"), (true, true));
        assert_eq!(serde_of(&api, "Receipt"), (false, true));
    }

    fn named(name: &str) -> Box<TypeRef> {
        Box::new(TypeRef::Named(name.to_owned()))
    }

    #[test]
    fn named_types_are_found_through_options_lists_and_maps() {
        let list_of_options = TypeRef::Vec(Box::new(TypeRef::Nullable(named("A"))));
        assert_eq!(list_of_options.named(), [("A", Held::Indirect)]);
        let option = TypeRef::Nullable(named("B"));
        assert_eq!(option.named(), [("B", Held::Inline)]);
        let map_of_boxes = TypeRef::Map(Box::new(TypeRef::Boxed("C".to_owned())));
        assert_eq!(map_of_boxes.named(), [("C", Held::Indirect)]);
        assert!(TypeRef::String.named().is_empty());
    }

    #[test]
    fn the_type_held_in_place_can_be_boxed_inside_an_option() {
        let mut option = TypeRef::Nullable(named("A"));
        *option.inline_named_mut().unwrap() = TypeRef::Boxed("A".to_owned());
        assert_eq!(
            option,
            TypeRef::Nullable(Box::new(TypeRef::Boxed("A".to_owned())))
        );
        assert!(TypeRef::Vec(named("A")).inline_named_mut().is_none());
    }
}
