//! Operations, parameters, bodies, responses, credentials and servers into the IR.

use std::collections::BTreeMap;

use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Response, Schema,
    SchemaKind, SecurityScheme, StringType, Type,
};

use super::refs::{self, Component};
use super::samples::{Sampler, Samples};
use super::types::{SchemaRef, TypeSpace};
use super::{
    Api, Body, BodyMedia, ClientParam, Content, Credential, CredentialPlacement, ErrorEnum,
    FixedParam, HttpMethod, Operation, Param, ParamLocation, ParamStyle, PathTemplate,
    ResponseCase, SentAs, Server, StatusMatch, TypeRef,
};
use crate::diagnostics::Origins;
use crate::diagnostics::{Diagnostics, Reporter, operation_label, pointer};
use crate::http::media::{essence, is_json, is_xml};
use crate::names::{self, Scope};

/// The extension that moves a parameter from every call onto the client.
pub const CLIENT_PARAMETER_EXTENSION: &str = "x-client-parameter";

/// The extension that says whether an operation may be retried (`true` for a POST the server
/// deduplicates, `false` for a DELETE that must never be sent twice); the method decides
/// otherwise.
pub const RETRY_SAFE_EXTENSION: &str = "x-retry-safe";

/// Names the generated client module uses for itself.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "base_url",
    "http_client",
    "options",
    "with_options",
    "clone",
    "fmt",
    // Every type has these by value (blanket impls of the prelude's `Into` and `TryInto`),
    // and method lookup tries a by-value method before a `&self` one: `client.into()` would
    // never call an operation named `into`.
    "into",
    "try_into",
];
const CLIENT_ITEMS: &[&str] = &[
    "Client",
    "ClientBuilder",
    "Credentials",
    "types",
    // The runtime, and the names the crate root re-exports from it (an API at the root sits
    // beside them) or an API module imports.
    "runtime",
    "Attempt",
    "Base64",
    "Binary",
    "BuildError",
    "Error",
    "Nullable",
    "Options",
    "RawResponse",
    "ResponseValue",
    "Secret",
    "UnparsedValue",
];

/// The most required arguments a method takes one by one (clippy's limit, with `&self`); an
/// operation that needs more takes them as the fields of one struct.
const MAX_POSITIONAL_ARGUMENTS: usize = 6;

/// Names a request builder uses itself, which no parameter may take: its fields holding the
/// client and the call's options, its methods, and the `body` argument or setter.
const REQUEST_MEMBERS: &[&str] = &[
    "body",
    "client",
    "decode_response",
    "into_call",
    "options",
    "send",
    "with_options",
];

struct Context<'a, 'd> {
    spec: &'a OpenAPI,
    report: Reporter<'d, &'a Origins>,
    /// Builds samples, when they are wanted.
    sampler: Option<&'a Sampler<'a>>,
}

impl<'a> Context<'a, '_> {
    /// A value `schema` accepts, when samples are wanted.
    fn sample(&self, schema: impl Into<SchemaRef<'a>>) -> Option<serde_json::Value> {
        self.sampler.map(|sampler| sampler.sample(schema.into()))
    }

    /// [`Self::sample`] written as XML, for an XML body.
    fn xml_sample(&self, schema: impl Into<SchemaRef<'a>>) -> Option<serde_json::Value> {
        self.sampler
            .map(|sampler| sampler.xml_sample(schema.into()))
    }

    /// `value` as a sample, when samples are wanted: for what has no schema.
    fn sample_of_any(&self, value: serde_json::Value) -> Option<serde_json::Value> {
        self.sampler.map(|_| value)
    }
}

pub(super) fn build(
    spec: &OpenAPI,
    origins: &Origins,
    types: &mut TypeSpace<'_>,
    samples: Samples,
    diagnostics: &mut Diagnostics,
) -> Api {
    let sampler = (samples == Samples::Build).then(|| Sampler::new(spec));
    let sampler = sampler.as_ref();
    let mut cx = Context {
        spec,
        report: Reporter::new(origins, diagnostics),
        sampler,
    };
    let mut credentials = CredentialSet::default();
    let mut client_params: BTreeMap<String, ClientParam> = BTreeMap::new();
    let mut method_names = Scope::with_reserved(CLIENT_METHODS);
    // The prelude names the code of an API module uses unqualified, too.
    let reserved: Vec<&str> = (CLIENT_ITEMS.iter().chain(names::PRELUDE_IN_API).copied()).collect();
    let mut item_names = Scope::with_reserved(&reserved);
    let mut operations = Vec::new();
    let mut operation_ids: BTreeMap<String, String> = BTreeMap::new();

    for (path, item) in &spec.paths.paths {
        let item_pointer = pointer(&["paths", path]);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                cx.report.warning(
                    &item_pointer,
                    format!("the operations of `{path}` are left out: `$ref: {reference}` points at no path item"),
                    "fix the reference (a file beside this one, or `#/paths/...`), or give the path item inline",
                );
                continue;
            }
        };
        for (method_key, op) in item.iter() {
            let Some(http_method) = HttpMethod::from_key(method_key) else {
                continue;
            };
            if let Some(id) = &op.operation_id {
                let this = format!("{} {path}", http_method.as_str());
                match operation_ids.entry(id.clone()) {
                    std::collections::btree_map::Entry::Vacant(slot) => {
                        slot.insert(this);
                    }
                    std::collections::btree_map::Entry::Occupied(first) => cx.report.warning(
                        &pointer(&["paths", path, method_key, "operationId"]),
                        format!(
                            "operationId `{id}` is also used by `{}`; operation ids must be unique, so this method gets a numbered name",
                            first.get()
                        ),
                        "give each operation its own operationId (in the spec or with an overlay action)",
                    ),
                }
            }
            // An operation is one unit: if anything in it cannot be expressed, it is left out
            // (with what it defined) and the rest of the client is still generated.
            let mut local = Diagnostics::default();
            let checkpoint = types.checkpoint();
            let built = OperationBuilder {
                path,
                op_pointer: pointer(&["paths", path, method_key]),
                http_method,
                item_params: &item.parameters,
                op,
            }
            .build(
                &mut Context {
                    spec,
                    report: Reporter::new(origins, &mut local),
                    sampler,
                },
                types,
                &mut credentials,
                &mut client_params,
                &mut method_names,
                &mut item_names,
            );
            let label = format!(
                "{} is left out",
                operation_label(op.operation_id.as_deref(), method_key, path)
            );
            match built {
                Some(operation) if !local.has_errors() => operations.push(operation),
                _ => types.rollback(checkpoint),
            }
            cx.report.diagnostics().extend(local.left_out(&label));
        }
    }
    operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
    let error_enums = error_enums(&mut operations, &mut item_names);

    Api {
        title: spec.info.title.clone(),
        description: spec.info.description.clone(),
        version: spec.info.version.clone(),
        default_server: default_server(spec),
        credentials: credentials.finish(&operations),
        client_params: client_params.into_values().collect(),
        operations,
        types: Vec::new(),
        error_enums,
        type_depth: 0,
        webhooks: Vec::new(),
        features: Vec::new(),
    }
}

/// The enums of the operations' documented errors, one per distinct list of errors, each
/// operation given the name of its own: `<Operation>Error` where no other operation documents
/// the same errors, else a name made of the variants, shared.
fn error_enums(operations: &mut [Operation], item_names: &mut Scope) -> Vec<ErrorEnum> {
    let mut enums: Vec<ErrorEnum> = Vec::new();
    // The index into `enums` of each operation's errors.
    let mut chosen = Vec::with_capacity(operations.len());
    for op in operations.iter() {
        if op.errors.is_empty() {
            chosen.push(None);
            continue;
        }
        let index = match enums.iter().position(|e| e.cases == op.errors) {
            Some(index) => index,
            None => {
                enums.push(ErrorEnum {
                    name: format!("{}Error", op.type_stem),
                    cases: op.errors.clone(),
                    used_by: Vec::new(),
                    gate: super::Gate::default(),
                });
                enums.len() - 1
            }
        };
        enums[index].used_by.push(op.method_name.clone());
        chosen.push(Some(index));
    }
    let group_names = group_error_names(operations, &enums);
    for (error_enum, group_name) in enums.iter_mut().zip(group_names) {
        let name = match (error_enum.used_by.len(), group_name) {
            (1, _) => std::mem::take(&mut error_enum.name),
            (_, Some(name)) => name,
            (_, None) => shared_error_name(&error_enum.cases),
        };
        error_enum.name = item_names.claim(&name);
    }
    for (op, index) in operations.iter_mut().zip(chosen) {
        op.error_enum = index.map(|index| enums[index].name.clone());
    }
    enums
}

/// The names of shared error enums that serve one group of operations (a tag): the group's
/// name and `Error` (`MeetingControlError`), for the enum that serves the most of the
/// group's operations. The others are named by their variants.
fn group_error_names(operations: &[Operation], enums: &[ErrorEnum]) -> Vec<Option<String>> {
    let group_of: BTreeMap<&str, &str> = operations
        .iter()
        .map(|op| (op.method_name.as_str(), op.group.as_str()))
        .collect();
    // For each group, the shared enum serving most of its operations (the first on a tie).
    let mut best: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (index, error_enum) in enums.iter().enumerate() {
        let mut groups = error_enum.used_by.iter().map(|m| group_of[m.as_str()]);
        let Some(first) = groups.next() else { continue };
        if error_enum.used_by.len() < 2 || groups.any(|group| group != first) {
            continue;
        }
        let served = error_enum.used_by.len();
        let entry = best.entry(first).or_insert((index, served));
        if served > entry.1 {
            *entry = (index, served);
        }
    }
    let mut names = vec![None; enums.len()];
    for (group, (index, _)) in best {
        names[index] = Some(format!("{}Error", names::type_name(group)));
    }
    names
}

/// The name of an error enum several operations share: its variants joined by `Or`, ending
/// in `Error` (`UnauthorizedOrNotFoundError`, `ClientErrorOrServerError`).
fn shared_error_name(cases: &[ResponseCase]) -> String {
    let joined = cases
        .iter()
        .map(|case| case.variant.as_str())
        .collect::<Vec<_>>()
        .join("Or");
    if joined.ends_with("Error") {
        joined
    } else {
        format!("{joined}Error")
    }
}

fn default_server(spec: &OpenAPI) -> Option<Server> {
    let server = spec.servers.first()?;
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    let absolute = url.starts_with("https://") || url.starts_with("http://");
    absolute.then(|| Server {
        url,
        description: server.description.clone(),
    })
}

#[derive(Default)]
struct CredentialSet {
    list: Vec<Credential>,
    fields: Scope,
    /// Schemes already reported as unsupported.
    unsupported: Vec<String>,
}

impl CredentialSet {
    /// The alternative credential sets an operation accepts, adding new credentials to the
    /// client's set. An alternative that needs a scheme the client cannot send is dropped.
    fn for_operation(
        &mut self,
        cx: &mut Context<'_, '_>,
        op: &openapiv3::Operation,
        at: &str,
    ) -> Vec<Vec<usize>> {
        let (requirements, requirements_at) = match &op.security {
            Some(requirements) => (requirements, format!("{at}/security")),
            None => match &cx.spec.security {
                Some(requirements) => (requirements, pointer(&["security"])),
                None => return Vec::new(),
            },
        };
        let mut alternatives = Vec::new();
        for requirement in requirements {
            let indices: Option<Vec<usize>> = requirement
                .keys()
                .map(|scheme_name| self.credential(cx, scheme_name, &requirements_at))
                .collect();
            if let Some(indices) = indices.filter(|i| !alternatives.contains(i)) {
                alternatives.push(indices);
            }
        }
        // An undefined scheme is an error that already leaves the operation out.
        if alternatives.is_empty()
            && !requirements.is_empty()
            && !cx.report.diagnostics().has_errors()
        {
            cx.report.warning(
                &requirements_at,
                "none of the security requirements can be met by the client; the operation is sent without credentials",
                "add the credential yourself with your own `reqwest::Client` (default headers)",
            );
        }
        alternatives
    }

    /// The index of a scheme's credential, adding it on first use; `None` when the client
    /// cannot send it (reported once per scheme).
    fn credential(
        &mut self,
        cx: &mut Context<'_, '_>,
        scheme_name: &str,
        requirements_at: &str,
    ) -> Option<usize> {
        if let Some(index) = self.list.iter().position(|c| c.scheme == scheme_name) {
            return Some(index);
        }
        if self.unsupported.iter().any(|s| s == scheme_name) {
            return None;
        }
        let scheme_pointer = pointer(&["components", "securitySchemes", scheme_name]);
        let scheme = cx
            .spec
            .components
            .as_ref()
            .and_then(|c| c.security_schemes.get(scheme_name));
        let (placement, description) = match scheme {
            Some(ReferenceOr::Item(SecurityScheme::APIKey {
                location,
                name,
                description,
                ..
            })) => {
                let placement = match location {
                    openapiv3::APIKeyLocation::Header => CredentialPlacement::Header(name.clone()),
                    openapiv3::APIKeyLocation::Query => CredentialPlacement::Query(name.clone()),
                    openapiv3::APIKeyLocation::Cookie => CredentialPlacement::Cookie(name.clone()),
                };
                (placement, description.clone())
            }
            Some(ReferenceOr::Item(SecurityScheme::HTTP {
                scheme,
                description,
                ..
            })) if scheme.eq_ignore_ascii_case("bearer") => {
                (CredentialPlacement::Bearer, description.clone())
            }
            Some(ReferenceOr::Item(SecurityScheme::HTTP {
                scheme,
                description,
                ..
            })) if scheme.eq_ignore_ascii_case("basic") => {
                (CredentialPlacement::Basic, description.clone())
            }
            // The client does not run OAuth flows; the caller brings the access token.
            Some(ReferenceOr::Item(
                SecurityScheme::OAuth2 { description, .. }
                | SecurityScheme::OpenIDConnect { description, .. },
            )) => (CredentialPlacement::Bearer, description.clone()),
            Some(_) => {
                cx.report.warning(
                    &scheme_pointer,
                    format!("security scheme `{scheme_name}` is not supported yet (API keys, bearer and basic authentication, OAuth 2 and OpenID Connect tokens are); requirements that need it are not offered"),
                    "add the credential yourself with your own `reqwest::Client` (default headers)",
                );
                self.unsupported.push(scheme_name.to_owned());
                return None;
            }
            None => {
                cx.report.error(
                    requirements_at,
                    format!("security scheme `{scheme_name}` is not defined"),
                    "define it under `components/securitySchemes`, or fix the name",
                );
                return None;
            }
        };
        self.list.push(Credential {
            field: self.fields.claim(&names::snake_name(scheme_name)),
            scheme: scheme_name.to_owned(),
            description,
            placement,
            always_needed: false,
        });
        Some(self.list.len() - 1)
    }

    /// The client's credentials; those that every secured operation needs are marked
    /// [`Credential::always_needed`].
    fn finish(mut self, operations: &[Operation]) -> Vec<Credential> {
        for (index, credential) in self.list.iter_mut().enumerate() {
            credential.always_needed = operations
                .iter()
                .flat_map(|op| &op.security)
                .all(|alternative| alternative.contains(&index));
        }
        self.list
    }
}

struct OperationBuilder<'a> {
    path: &'a str,
    op_pointer: String,
    http_method: HttpMethod,
    item_params: &'a [ReferenceOr<Parameter>],
    op: &'a openapiv3::Operation,
}

impl<'a> OperationBuilder<'a> {
    /// How docs name the operation: `operation `getPet` (GET /pets/{id})`.
    fn owner(&self) -> String {
        operation_label(
            self.op.operation_id.as_deref(),
            self.http_method.as_str(),
            self.path,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn build(
        self,
        cx: &mut Context<'a, '_>,
        types: &mut TypeSpace<'_>,
        credentials: &mut CredentialSet,
        client_params: &mut BTreeMap<String, ClientParam>,
        method_names: &mut Scope,
        item_names: &mut Scope,
    ) -> Option<Operation> {
        let template = match PathTemplate::parse(self.path) {
            Ok(template) => template,
            Err(problem) => {
                cx.report.error(
                    &pointer(&["paths", self.path]),
                    format!("invalid path template: {problem}"),
                    "fix the path in the spec or with an overlay",
                );
                return None;
            }
        };
        if !template.query.is_empty() {
            let query = self.path.split_once('?').map_or("", |(_, query)| query);
            cx.report.note(
                &pointer(&["paths", self.path]),
                format!("the path `{}` ends in the query string `?{query}`, which is not part of a path template; every call of this operation sends it as its query", self.path),
                "declare its parameters with `in: query` and remove the query string from the path",
            );
        }
        let operation_id = match &self.op.operation_id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => format!("{} {}", self.http_method.as_str().to_lowercase(), self.path),
        };
        let method_name = method_names.claim(&names::snake_name(&operation_id));
        let type_stem = names::type_name(&method_name);
        let request = item_names.claim(&type_stem);

        // Every part is built even when an earlier one failed, so all problems of the
        // operation are reported together.
        let mut fixed: Vec<FixedParam> = (template.query.iter())
            .map(|(name, value)| FixedParam {
                location: ParamLocation::Query,
                api_name: name.clone(),
                value: value.clone(),
            })
            .collect();
        let params = self.params(cx, types, &template, &type_stem, client_params, &mut fixed);
        let body = self.body(cx, types, &type_stem, item_names);
        let (success, errors) = self.responses(cx, types, &type_stem);
        let (params, body) = (params?, body?);
        let response_enum = (success
            .windows(2)
            .any(|pair| pair[0].content != pair[1].content))
        .then(|| item_names.claim(&format!("{type_stem}Response")));
        let required_arguments = params
            .iter()
            .filter(|p| p.required && !p.from_client)
            .count()
            + usize::from(body.as_ref().is_some_and(|b| b.required));
        let arguments = (required_arguments > MAX_POSITIONAL_ARGUMENTS)
            .then(|| item_names.claim(&format!("{type_stem}Arguments")));
        let security = credentials.for_operation(cx, self.op, &self.op_pointer);

        let retry_safe = match self.op.extensions.get(RETRY_SAFE_EXTENSION) {
            Some(serde_json::Value::Bool(flag)) => *flag,
            Some(_) => {
                cx.report.error(
                    &format!("{}/{RETRY_SAFE_EXTENSION}", self.op_pointer),
                    format!("`{RETRY_SAFE_EXTENSION}` must be true or false"),
                    "write `true` when sending the operation twice acts once, `false` when it must never be retried",
                );
                return None;
            }
            None => self.http_method.is_idempotent(),
        };

        Some(Operation {
            operation_id,
            retry_safe,
            method_name,
            request,
            type_stem,
            http_method: self.http_method,
            path: template,
            summary: types.texts.copy(self.op.summary.as_ref(), || self.owner()),
            description: types
                .texts
                .copy(self.op.description.as_ref(), || self.owner()),
            deprecated: self.op.deprecated,
            params,
            fixed,
            body,
            success,
            errors,
            security,
            response_enum,
            // Named once every operation is built: operations may share one.
            error_enum: None,
            arguments,
            group: super::groups::group_of(&self.op.tags, self.path),
            feature: None,
        })
    }

    /// Path-item and operation parameters (the operation's win), in call order; those with
    /// one possible value go to `fixed` instead.
    fn params(
        &self,
        cx: &mut Context<'a, '_>,
        types: &mut TypeSpace<'_>,
        template: &PathTemplate,
        type_stem: &str,
        client_params: &mut BTreeMap<String, ClientParam>,
        fixed: &mut Vec<FixedParam>,
    ) -> Option<Vec<Param>> {
        let item_pointer = pointer(&["paths", self.path]);
        let mut declared: Vec<(String, &Parameter)> = Vec::new();
        let sources = self
            .item_params
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("{item_pointer}/parameters/{i}"), p))
            .chain(
                self.op
                    .parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (format!("{}/parameters/{i}", self.op_pointer), p)),
            );
        for (at, parameter) in sources {
            let Some(parameter) = resolve_item(cx, parameter, &at, "parameter") else {
                continue;
            };
            let key = (
                parameter.parameter_data_ref().name.as_str(),
                location_of(parameter),
            );
            declared.retain(|(_, p)| (p.parameter_data_ref().name.as_str(), location_of(p)) != key);
            declared.push((at, parameter));
        }

        let mut ok = true;
        let PathRepairs {
            renamed,
            undeclared,
        } = self.repair_path_params(cx, template, &mut declared);
        let mut scope = Scope::with_reserved(REQUEST_MEMBERS);
        let mut params = Vec::new();
        for (at, parameter) in &declared {
            let data = parameter.parameter_data_ref();
            let location = location_of(parameter);
            if let Some(value) = only_value(cx.spec, parameter) {
                fixed.push(FixedParam {
                    location,
                    api_name: data.name.clone(),
                    value,
                });
                continue;
            }
            let api_name = match renamed.iter().find(|(declared, _)| *declared == data.name) {
                Some((_, in_template)) => in_template.clone(),
                None => data.name.clone(),
            };
            let sample = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => cx.sample(schema),
                ParameterSchemaOrContent::Content(_) => cx.sample_of_any(serde_json::json!("x")),
            };
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let hint = format!("{type_stem}{}", names::type_name(&data.name));
                    types.type_for(
                        SchemaRef::from(schema),
                        &hint,
                        &format!("{at}/schema"),
                        cx.report.diagnostics(),
                    )
                }
                ParameterSchemaOrContent::Content(_) => {
                    cx.report.warning(
                        at,
                        "parameters with `content` are sent as plain strings",
                        "give the parameter a `schema` instead of `content`",
                    );
                    TypeRef::String
                }
            };
            let style = style_of(parameter).unwrap_or_else(|| {
                cx.report.warning(
                    &format!("{at}/style"),
                    format!("parameter `{}` uses the `matrix` or `label` path style, which is not supported yet; it is written in the `simple` style", data.name),
                    "use the `simple` style, or build the path yourself",
                );
                ParamStyle::Simple {
                    explode: data.explode.unwrap_or(false),
                }
            });
            let from_client = data
                .extensions
                .get(CLIENT_PARAMETER_EXTENSION)
                .is_some_and(|v| v.as_bool() == Some(true));
            let name = if from_client {
                let field = names::snake_name(&data.name);
                client_params
                    .entry(data.name.clone())
                    .or_insert_with(|| ClientParam {
                        field: field.clone(),
                        api_name: data.name.clone(),
                        description: types.texts.copy(data.description.as_ref(), || self.owner()),
                        sample: sample.clone(),
                    });
                if ty != TypeRef::String {
                    cx.report.error(
                        at,
                        format!("client parameter `{}` must be a string", data.name),
                        "remove `x-client-parameter` or make the schema `type: string`",
                    );
                    ok = false;
                }
                field
            } else {
                scope.claim(&names::snake_name(&data.name))
            };
            params.push(Param {
                api_name,
                name,
                location,
                required: data.required || location == ParamLocation::Path,
                ty,
                description: types.texts.copy(data.description.as_ref(), || self.owner()),
                from_client,
                style,
                may_be_empty: location == ParamLocation::Path && states_empty_allowed(&data.format),
                sample,
            });
        }
        for api_name in undeclared {
            params.push(Param {
                name: scope.claim(&names::snake_name(&api_name)),
                description: Some(format!(
                    "The `{{{api_name}}}` segment of the path (the spec does not declare it)."
                )),
                api_name,
                location: ParamLocation::Path,
                required: true,
                ty: TypeRef::String,
                from_client: false,
                style: ParamStyle::Simple { explode: false },
                may_be_empty: false,
                sample: cx.sample_of_any(serde_json::json!("x")),
            });
        }
        // Path parameters in template order, then the rest by location, each in spec order.
        let order: Vec<&str> = template.params().collect();
        params.sort_by_key(|p| {
            let path_index = order
                .iter()
                .position(|n| *n == p.api_name && p.location == ParamLocation::Path);
            (p.location, path_index)
        });
        ok.then_some(params)
    }

    /// Reconciles the path template with the declared path parameters, for the two mistakes
    /// real specs make: a parameter renamed in the template but not in its declaration (one
    /// unmatched on each side: the declaration is used for the template's name), and a
    /// template variable never declared (taken as a required string). A declared path
    /// parameter that is still unmatched cannot be sent and is dropped with a warning.
    fn repair_path_params(
        &self,
        cx: &mut Context<'a, '_>,
        template: &PathTemplate,
        declared: &mut Vec<(String, &Parameter)>,
    ) -> PathRepairs {
        let is_path = |p: &Parameter| location_of(p) == ParamLocation::Path;
        let mut undeclared: Vec<String> = template
            .params()
            .filter(|name| {
                !declared
                    .iter()
                    .any(|(_, p)| is_path(p) && p.parameter_data_ref().name == *name)
            })
            .map(str::to_owned)
            .collect();
        let unmatched: Vec<(String, String)> = declared
            .iter()
            .filter(|(_, p)| {
                is_path(p) && !template.params().any(|n| n == p.parameter_data_ref().name)
            })
            .map(|(at, p)| (at.clone(), p.parameter_data_ref().name.clone()))
            .collect();
        let mut renamed = Vec::new();
        if let ([in_template], [(at, declared_name)]) =
            (undeclared.as_slice(), unmatched.as_slice())
        {
            cx.report.note(
                at,
                format!(
                    "path parameter `{declared_name}` is declared, but the path `{}` names it `{{{in_template}}}`; the declaration is used for `{{{in_template}}}`",
                    self.path
                ),
                format!("rename the parameter to `{in_template}` in the spec or with an overlay"),
            );
            renamed.push((declared_name.clone(), in_template.clone()));
            undeclared.clear();
        } else {
            for name in &undeclared {
                cx.report.note(
                    &self.op_pointer,
                    format!("path parameter `{name}` is in the path `{}` but not declared; it is taken as a required string", self.path),
                    format!("declare `{name}` under `parameters` with `in: path`"),
                );
            }
            // Nothing is lost: a path parameter with no place in the path has no place on
            // the wire either.
            for (at, name) in &unmatched {
                cx.report.note(
                    at,
                    format!(
                        "path parameter `{name}` is declared but not in the path `{}`; the method does not take it, since it cannot be sent",
                        self.path
                    ),
                    "remove the declaration or add the parameter to the path template",
                );
            }
            declared.retain(|(at, _)| !unmatched.iter().any(|(dropped, _)| dropped == at));
        }
        PathRepairs {
            renamed,
            undeclared,
        }
    }

    fn body(
        &self,
        cx: &mut Context<'a, '_>,
        types: &mut TypeSpace<'_>,
        type_stem: &str,
        item_names: &mut Scope,
    ) -> Option<Option<Body>> {
        let Some(body) = &self.op.request_body else {
            return Some(None);
        };
        let at = format!("{}/requestBody", self.op_pointer);
        let body: &RequestBody = resolve_item(cx, body, &at, "request body")?;
        let content_at = format!("{at}/content");
        if body.content.is_empty() {
            cx.report.warning(
                &content_at,
                "the request body names no media type, so the method sends none",
                "give it the media types the API accepts under `content`, or remove `requestBody`",
            );
            return Some(None);
        }
        let several = body.content.len() > 1;
        let mut variants = Scope::default();
        let media = body
            .content
            .iter()
            .map(|(media_type, offered)| {
                let variant = variants.claim(&names::media_variant(media_type));
                let hint = if several {
                    format!("{type_stem}{variant}Request")
                } else {
                    format!("{type_stem}Request")
                };
                let at = format!(
                    "{content_at}/{}",
                    crate::diagnostics::escape_token(media_type)
                );
                BodyMedia {
                    media_type: media_type.clone(),
                    variant,
                    content: request_content(cx, types, media_type, offered, &hint, &at),
                    sample: match &offered.schema {
                        Some(schema) if is_xml(media_type) => cx.xml_sample(schema),
                        Some(schema) => cx.sample(schema),
                        None => cx.sample_of_any(serde_json::json!({})),
                    },
                }
            })
            .collect::<Vec<_>>();
        let sent_as = match <[BodyMedia; 1]>::try_from(media) {
            Ok([one]) => SentAs::One(one),
            Err(media) => SentAs::Choice {
                name: item_names.claim(&format!("{type_stem}Body")),
                media,
            },
        };
        Some(Some(Body {
            sent_as,
            required: body.required,
            description: types.texts.copy(body.description.as_ref(), || self.owner()),
        }))
    }

    fn responses(
        &self,
        cx: &mut Context<'a, '_>,
        types: &mut TypeSpace<'_>,
        type_stem: &str,
    ) -> (Vec<ResponseCase>, Vec<ResponseCase>) {
        let responses = &self.op.responses;
        let mut entries: Vec<(StatusMatch, &ReferenceOr<Response>)> = responses
            .responses
            .iter()
            .map(|(status, response)| (StatusMatch::from(status), response))
            .collect();
        if let Some(default) = &responses.default {
            entries.push((StatusMatch::Default, default));
        }
        entries.sort_by_key(|(status, _)| *status);
        let success_count = entries.iter().filter(|(s, _)| s.is_outcome()).count();

        let mut variants = Scope::default();
        let mut success = Vec::new();
        let mut errors = Vec::new();
        for (status, response) in entries {
            let at = format!("{}/responses/{status}", self.op_pointer);
            let Some(response) = resolve_item(cx, response, &at, "response") else {
                continue;
            };
            let variant = variants.claim(&match status {
                StatusMatch::Code(code) => names::status_variant(code),
                StatusMatch::Range(digit) => names::status_range_variant(digit),
                StatusMatch::Default => "Default".to_owned(),
            });
            let hint = if status.is_outcome() && success_count == 1 {
                format!("{type_stem}Response")
            } else {
                format!("{type_stem}{variant}")
            };
            let (content, decodable) = if response.content.is_empty() {
                (Content::Empty, Vec::new())
            } else {
                response_content(
                    cx,
                    types,
                    &response.content,
                    &hint,
                    &format!("{at}/content"),
                )
            };
            let case = ResponseCase {
                status,
                variant,
                description: (types
                    .texts
                    .copy(Some(&response.description), || self.owner()))
                .unwrap_or_default(),
                content,
                decodable,
            };
            if status.is_outcome() {
                success.push(case)
            } else {
                errors.push(case)
            }
        }
        if success.is_empty() {
            // `default` stands for every status not listed, so with no success status listed
            // it describes the success response too.
            match errors
                .iter()
                .find(|case| case.status == StatusMatch::Default)
            {
                Some(default) => success.push(ResponseCase {
                    status: StatusMatch::Range(2),
                    variant: "Success".to_owned(),
                    description: default.description.clone(),
                    content: default.content.clone(),
                    decodable: default.decodable.clone(),
                }),
                None => {
                    cx.report.note(
                        &format!("{}/responses", self.op_pointer),
                        "no success (2xx) response is documented; any 2xx is accepted and its body returned as bytes",
                        "document the success response in the spec or with an overlay",
                    );
                    success.push(ResponseCase {
                        status: StatusMatch::Range(2),
                        variant: "Success".to_owned(),
                        description: "Any success status (none is documented).".to_owned(),
                        content: Content::Bytes,
                        decodable: Vec::new(),
                    });
                }
            }
        }
        (success, errors)
    }
}

/// What [`OperationBuilder::repair_path_params`] did.
struct PathRepairs {
    /// (declared name, name in the template) of a renamed parameter.
    renamed: Vec<(String, String)>,
    /// Template variables no parameter declares.
    undeclared: Vec<String>,
}

/// How a request body of one media type is encoded, and its type. Media types without an
/// encoder of their own (XML, images) are sent as the bytes the caller gives.
fn request_content(
    cx: &mut Context<'_, '_>,
    types: &mut TypeSpace<'_>,
    media_type: &str,
    offered: &openapiv3::MediaType,
    hint: &str,
    at: &str,
) -> Content {
    let mut object_type = |cx: &mut Context<'_, '_>| {
        let fields = TypeRef::Map(Box::new(TypeRef::Json));
        body_type(cx, types, offered, hint, at, fields)
    };
    let deep_object = || {
        offered
            .encoding
            .iter()
            .filter(|(_, encoding)| encoding.style == Some(openapiv3::QueryStyle::DeepObject))
            .map(|(name, _)| name.clone())
            .collect()
    };
    match essence(media_type).as_str() {
        _ if is_json(media_type) => {
            Content::Json(body_type(cx, types, offered, hint, at, TypeRef::Json))
        }
        "application/x-www-form-urlencoded" => Content::Form {
            ty: object_type(cx),
            deep_object: deep_object(),
        },
        "multipart/form-data" => Content::Multipart {
            ty: object_type(cx),
            deep_object: deep_object(),
            file_types: offered
                .encoding
                .iter()
                .filter_map(|(name, encoding)| {
                    // A list (`image/png, image/jpeg`) or a wildcard names no one type to send.
                    let media = encoding.content_type.as_deref()?.trim();
                    (!media.is_empty() && !media.contains([',', '*']))
                        .then(|| (name.clone(), media.to_owned()))
                })
                .collect(),
        },
        media if media.starts_with("text/") => Content::Text,
        _ => Content::Bytes,
    }
}

/// The type of a body of one media type (at `at`): its schema's, or `untyped` without one.
fn body_type(
    cx: &mut Context<'_, '_>,
    types: &mut TypeSpace<'_>,
    media: &openapiv3::MediaType,
    hint: &str,
    at: &str,
    untyped: TypeRef,
) -> TypeRef {
    match &media.schema {
        Some(schema) => {
            let at = format!("{at}/schema");
            types.type_for(SchemaRef::from(schema), hint, &at, cx.report.diagnostics())
        }
        None => untyped,
    }
}

/// How a response body is read: JSON first, then text, else the bytes as they came. A
/// response may offer several media types; the server picks one, and JSON is what a typed
/// client can decode.
fn response_content(
    cx: &mut Context<'_, '_>,
    types: &mut TypeSpace<'_>,
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
    hint: &str,
    at: &str,
) -> (Content, Vec<String>) {
    let of_kind = |kind: fn(&str) -> bool| -> Vec<String> {
        content.keys().filter(|m| kind(m)).cloned().collect()
    };
    if let Some((media, body)) = content.iter().find(|(media, _)| is_json(media)) {
        let at = format!("{at}/{}", crate::diagnostics::escape_token(media));
        let ty = body_type(cx, types, body, hint, &at, TypeRef::Json);
        return (Content::Json(ty), of_kind(is_json));
    }
    // Without JSON, the first media type the spec lists says what the body is: OpenAI's
    // speech is audio (`application/octet-stream`) unless asked for as events, so it is
    // bytes, which hold either; text only when text comes first.
    let is_text = |media: &str| essence(media).starts_with("text/");
    match content.keys().next() {
        Some(first) if is_text(first) => (Content::Text, of_kind(is_text)),
        _ => (Content::Bytes, of_kind(|_| true)),
    }
}

/// The item in place, or the component its `$ref` names (through aliases); an error naming
/// the reference otherwise. `what` names the kind in the message ("parameter").
fn resolve_item<'a, T: Component>(
    cx: &mut Context<'a, '_>,
    item: &'a ReferenceOr<T>,
    at: &str,
    what: &str,
) -> Option<&'a T> {
    match item {
        ReferenceOr::Item(item) => Some(item),
        ReferenceOr::Reference { reference } => match refs::resolve::<T>(cx.spec, reference) {
            Ok((_, item)) => Some(item),
            Err(why) => {
                cx.report.error(
                    at,
                    refs::describe(reference, &why, what),
                    format!(
                        "define it under `components/{}`, or fix the reference",
                        T::SECTION
                    ),
                );
                None
            }
        },
    }
}

/// The one value a required query, header or cookie parameter may take, as sent: its
/// schema (not nullable) is a one-value `enum` (or a 3.1 `const`) of a string, integer or
/// boolean. A client parameter, and a path parameter (part of the route), stay arguments.
fn only_value(spec: &OpenAPI, parameter: &Parameter) -> Option<String> {
    let data = parameter.parameter_data_ref();
    let from_client = data.extensions.contains_key(CLIENT_PARAMETER_EXTENSION);
    if !data.required || from_client || location_of(parameter) == ParamLocation::Path {
        return None;
    }
    let ParameterSchemaOrContent::Schema(schema) = &data.format else {
        return None;
    };
    let schema = match schema {
        ReferenceOr::Item(schema) => schema,
        ReferenceOr::Reference { reference } => refs::resolve::<Schema>(spec, reference).ok()?.1,
    };
    if schema.schema_data.nullable {
        return None;
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => match string.enumeration.as_slice() {
            [Some(value)] => Some(value.clone()),
            _ => None,
        },
        SchemaKind::Type(Type::Integer(integer)) => match integer.enumeration.as_slice() {
            [Some(value)] => Some(value.to_string()),
            _ => None,
        },
        SchemaKind::Type(Type::Boolean(boolean)) => match boolean.enumeration.as_slice() {
            [Some(value)] => Some(value.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// Whether a parameter's own schema says an empty string is a value (`minLength: 0`). Only
/// the schema written in place counts: a referenced one takes the safe reading (not empty).
fn states_empty_allowed(format: &ParameterSchemaOrContent) -> bool {
    matches!(
        format,
        ParameterSchemaOrContent::Schema(ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Type(Type::String(StringType {
                min_length: Some(0),
                ..
            })),
            ..
        }))
    )
}

fn location_of(parameter: &Parameter) -> ParamLocation {
    match parameter {
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

/// The parameter's style, its `explode` defaulting as OpenAPI says (true for `form` only);
/// `None` for the path styles not supported yet.
fn style_of(parameter: &Parameter) -> Option<ParamStyle> {
    let explode = parameter.parameter_data_ref().explode;
    Some(match parameter {
        Parameter::Query { style, .. } => match style {
            openapiv3::QueryStyle::Form => ParamStyle::Form {
                explode: explode.unwrap_or(true),
            },
            openapiv3::QueryStyle::DeepObject => ParamStyle::DeepObject,
            openapiv3::QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
            openapiv3::QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
        },
        Parameter::Cookie { .. } => ParamStyle::Form {
            explode: explode.unwrap_or(true),
        },
        Parameter::Header { .. } => ParamStyle::Simple {
            explode: explode.unwrap_or(false),
        },
        Parameter::Path { style, .. } => match style {
            openapiv3::PathStyle::Simple => ParamStyle::Simple {
                explode: explode.unwrap_or(false),
            },
            openapiv3::PathStyle::Label | openapiv3::PathStyle::Matrix => return None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::super::types::tests::build;
    use super::*;
    use crate::diagnostics::Severity;

    /// The one operation of `paths` (a `paths:` section), and the messages reported, each
    /// with its severity.
    fn operation(paths: &str) -> (Operation, Vec<(Severity, String)>) {
        let spec = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{paths}");
        let (mut api, diagnostics) = build(&spec);
        assert_eq!(api.operations.len(), 1, "{diagnostics:#?}");
        let messages = diagnostics
            .iter()
            .map(|d| (d.severity, d.message.clone()))
            .collect();
        (api.operations.remove(0), messages)
    }

    /// That `messages` is one message of `severity` that begins with `beginning`.
    fn assert_only_message(messages: &[(Severity, String)], severity: Severity, beginning: &str) {
        assert!(
            matches!(messages, [(found, message)] if *found == severity && message.starts_with(beginning)),
            "{messages:#?}"
        );
    }

    /// Each parameter's wire name, Rust name and place.
    fn params(operation: &Operation) -> Vec<(&str, &str, ParamLocation)> {
        operation
            .params
            .iter()
            .map(|p| (p.api_name.as_str(), p.name.as_str(), p.location))
            .collect()
    }

    #[test]
    fn success_and_error_cases_are_sorted_by_status() {
        let (operation, messages) = operation(
            r"
paths:
  /pets:
    get:
      operationId: getPets
      responses:
        '404': {description: missing}
        default: {description: other}
        '201': {description: made}
        '5XX': {description: broken}
        '200': {description: found, content: {application/json: {schema: {type: string}}}}
        '302': {description: moved}
",
        );
        let statuses = |cases: &[ResponseCase]| cases.iter().map(|c| c.status).collect::<Vec<_>>();
        use StatusMatch::{Code, Default, Range};
        assert_eq!(
            statuses(&operation.success),
            [Code(200), Code(201), Code(302)]
        );
        assert_eq!(statuses(&operation.errors), [Code(404), Range(5), Default]);
        assert_eq!(operation.success[0].content, Content::Json(TypeRef::String));
        assert_eq!(messages, []);
    }

    #[test]
    fn a_parameter_renamed_in_the_path_is_sent_under_the_path_s_name() {
        let (operation, messages) = operation(
            r"
paths:
  /certificates/{certificate_id}:
    get:
      operationId: getCertificate
      parameters:
        - {name: cert_id, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: done}
",
        );
        assert_eq!(
            params(&operation),
            [("certificate_id", "cert_id", ParamLocation::Path)]
        );
        assert!(operation.params[0].required);
        assert_only_message(
            &messages,
            Severity::Note,
            "path parameter `cert_id` is declared",
        );
    }

    #[test]
    fn an_undeclared_path_parameter_is_a_required_string_in_path_order() {
        let (operation, messages) = operation(
            r"
paths:
  /teams/{team}/members/{member}:
    get:
      operationId: getMember
      parameters:
        - {name: q, in: query, schema: {type: string}}
        - {name: member, in: path, required: true, schema: {type: integer}}
      responses:
        '204': {description: done}
",
        );
        assert_eq!(
            params(&operation),
            [
                ("team", "team", ParamLocation::Path),
                ("member", "member", ParamLocation::Path),
                ("q", "q", ParamLocation::Query),
            ]
        );
        let team = &operation.params[0];
        assert!(team.required);
        assert_eq!(team.ty, TypeRef::String);
        assert_only_message(
            &messages,
            Severity::Note,
            "path parameter `team` is in the path",
        );
    }

    #[test]
    fn a_path_parameter_not_in_the_path_is_dropped() {
        let (operation, messages) = operation(
            r"
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: ghost, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: done}
",
        );
        assert_eq!(params(&operation), [("id", "id", ParamLocation::Path)]);
        assert_only_message(
            &messages,
            Severity::Note,
            "path parameter `ghost` is declared but not in the path",
        );
    }

    #[test]
    fn a_parameter_of_one_possible_value_is_sent_by_every_call_not_asked_for() {
        let (operation, messages) = operation(
            r"
paths:
  /things?beta=true:
    get:
      operationId: getThings
      parameters:
        - {name: box-version, in: header, required: true, schema: {type: string, enum: ['2025.0']}}
        - {name: X-Login-Type, in: header, required: true, schema: {type: integer, enum: [1]}}
        - {name: maybe, in: header, required: false, schema: {type: string, enum: [only]}}
        - {name: nullable, in: query, required: true, schema: {type: string, enum: [one], nullable: true}}
        - {name: two, in: query, required: true, schema: {type: string, enum: [a, b]}}
      responses:
        '204': {description: done}
",
        );
        let fixed: Vec<_> = (operation.fixed.iter())
            .map(|f| (f.location, f.api_name.as_str(), f.value.as_str()))
            .collect();
        assert_eq!(
            fixed,
            [
                (ParamLocation::Query, "beta", "true"),
                (ParamLocation::Header, "box-version", "2025.0"),
                (ParamLocation::Header, "X-Login-Type", "1"),
            ]
        );
        // Optional, nullable or of several values: the caller chooses.
        assert_eq!(
            params(&operation),
            [
                ("nullable", "nullable", ParamLocation::Query),
                ("two", "two", ParamLocation::Query),
                ("maybe", "maybe", ParamLocation::Header),
            ]
        );
        assert_only_message(
            &messages,
            Severity::Note,
            "the path `/things?beta=true` ends in",
        );
    }

    #[test]
    fn operations_that_document_the_same_errors_share_one_enum_named_by_its_variants() {
        let refused =
            "'4XX': {description: Refused., content: {application/json: {schema: {type: string}}}}";
        let failed = "'5XX': {description: Failed.}";
        let other = "'404': {description: Refused.}";
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: {{'204': {{description: Done.}}, {refused}, {failed}}}\n  /b:\n    get:\n      operationId: b\n      responses: {{'204': {{description: Done.}}, {refused}, {failed}}}\n  /c:\n    get:\n      operationId: c\n      responses: {{'204': {{description: Done.}}, {other}}}\n  /d:\n    get:\n      operationId: d\n      responses: {{'204': {{description: Done.}}, {refused}, '5XX': {{description: Broken.}}}}\n  /e:\n    get:\n      operationId: e\n      responses: {{'204': {{description: Done.}}}}\n"
        );
        let (api, _) = build(&spec);
        let enums: Vec<(&str, Vec<&str>)> = api
            .error_enums
            .iter()
            .map(|e| {
                (
                    e.name.as_str(),
                    e.used_by.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        // `d` differs from `a` and `b` only in a description, which would be lost if shared.
        assert_eq!(
            enums,
            [
                ("ClientErrorOrServerError", vec!["a", "b"]),
                ("CError", vec!["c"]),
                ("DError", vec!["d"]),
            ]
        );
        let chosen: Vec<Option<&str>> = api
            .operations
            .iter()
            .map(|op| op.error_enum.as_deref())
            .collect();
        assert_eq!(
            chosen,
            [
                Some("ClientErrorOrServerError"),
                Some("ClientErrorOrServerError"),
                Some("CError"),
                Some("DError"),
                None,
            ]
        );
    }
}
