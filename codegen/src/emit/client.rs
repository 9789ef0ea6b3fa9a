//! The client module of one API: credentials, builder, client, one method per operation and
//! the per-operation response and error enums.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::body::{self, TypeIndex};
use super::docs::{doc_attrs, inner_doc_attrs, paragraphs};
use super::types::{TypePath, rust_type};
use crate::ir::{
    Api, Content, Credential, CredentialPlacement, Operation, Param, ParamLocation, ParamStyle,
    PathPart, PathTemplate, ResponseCase, StatusMatch, TypeRef,
};
use crate::names::{Scope, ident};

/// The items of one API's module, before its `impl Client` methods: the module's docs (when
/// the API has a module of its own), the `types` module, credentials, builder and client.
pub fn emit_head(api: &Api, own_module: bool) -> TokenStream {
    let docs = own_module.then(|| {
        inner_doc_attrs(&paragraphs([
            Some(&*format!("{} (version {}).", api.title, api.version)),
            api.description.as_deref(),
        ]))
    });
    let types = (!api.types.is_empty()).then(|| {
        quote! {
            pub mod types;
        }
    });
    let credentials = emit_credentials(api);
    let builder = emit_builder(api);
    let client = emit_client_struct(api);
    quote! {
        #docs
        #types
        #credentials
        #builder
        #client
    }
}

/// Constructor arguments shared by `Client::new` and `Client::builder`: their declarations,
/// their names, and the builder fields they initialise.
struct ConstructorArgs {
    params: Vec<TokenStream>,
    names: Vec<proc_macro2::Ident>,
    fields: Vec<TokenStream>,
}

fn constructor_args(api: &Api) -> ConstructorArgs {
    let mut args = ConstructorArgs {
        params: Vec::new(),
        names: Vec::new(),
        fields: Vec::new(),
    };
    for param in &api.client_params {
        let name = ident(&param.field);
        args.params
            .push(quote!(#name: impl ::std::convert::Into<::std::string::String>));
        args.fields.push(quote!(#name: #name.into()));
        args.names.push(name);
    }
    if !api.credentials.is_empty() {
        args.params.push(quote!(credentials: Credentials));
        args.fields.push(quote!(credentials));
        args.names.push(format_ident!("credentials"));
    }
    args
}

fn emit_credentials(api: &Api) -> TokenStream {
    if api.credentials.is_empty() {
        return TokenStream::new();
    }
    let (needed, optional): (Vec<_>, Vec<_>) =
        api.credentials.iter().partition(|c| c.always_needed);
    let docs = |c: &Credential| {
        let wire = match &c.placement {
            CredentialPlacement::Header(name) => format!("Sent as the `{name}` header."),
            CredentialPlacement::Query(name) => format!("Sent as the `{name}` query parameter."),
            CredentialPlacement::Cookie(name) => format!("Sent as the `{name}` cookie."),
            CredentialPlacement::Bearer => "Sent as `Authorization: Bearer <token>`.".to_owned(),
            CredentialPlacement::Basic => {
                "Give `username:password`; sent as `Authorization: Basic ...`.".to_owned()
            }
        };
        doc_attrs(&paragraphs([
            c.description.as_deref(),
            Some(&*format!("Security scheme `{}`. {wire}", c.scheme)),
        ]))
    };
    let needed_fields: Vec<_> = needed.iter().map(|c| ident(&c.field)).collect();
    let needed_docs = needed.iter().map(|c| docs(c));
    let optional_fields: Vec<_> = optional.iter().map(|c| ident(&c.field)).collect();
    let optional_docs = optional.iter().map(|c| docs(c));
    let setters = optional.iter().map(|c| {
        let field = ident(&c.field);
        let setter = ident(&format!("with_{}", c.field));
        let doc = format!(
            " Adds the `{}` credential, sent to the operations that accept it.",
            c.scheme
        );
        quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #setter(mut self, #field: impl ::std::convert::Into<crate::runtime::Secret>) -> Self {
                self.#field = ::std::option::Option::Some(#field.into());
                self
            }
        }
    });
    let (struct_doc, derive_default) = if optional.is_empty() {
        (
            " The credentials every request carries. `Debug` never shows their values.",
            TokenStream::new(),
        )
    } else {
        (
            " The credentials the client holds. Each operation sends the first set of them the \
             spec allows that the client holds in full. `Debug` never shows their values.",
            if needed.is_empty() {
                quote!(Default,)
            } else {
                TokenStream::new()
            },
        )
    };
    quote! {
        #[doc = #struct_doc]
        #[derive(Clone, Debug, #derive_default)]
        pub struct Credentials {
            #( #needed_docs pub #needed_fields: crate::runtime::Secret, )*
            #( #optional_docs pub #optional_fields: ::std::option::Option<crate::runtime::Secret>, )*
        }

        impl Credentials {
            /// Credentials from their values.
            pub fn new(#( #needed_fields: impl ::std::convert::Into<crate::runtime::Secret> ),*) -> Self {
                Self {
                    #( #needed_fields: #needed_fields.into(), )*
                    #( #optional_fields: ::std::option::Option::None, )*
                }
            }

            #( #setters )*
        }
    }
}

fn emit_builder(api: &Api) -> TokenStream {
    let client_fields: Vec<_> = api.client_params.iter().map(|p| ident(&p.field)).collect();
    let credentials_field =
        (!api.credentials.is_empty()).then(|| quote!(credentials: Credentials,));
    let prepared = api.credentials.iter().map(|c| {
        let field = ident(&c.field);
        let scheme = &c.scheme;
        let prepare = match &c.placement {
            CredentialPlacement::Header(name) => {
                quote!(|secret| crate::runtime::PreparedCredential::header(#name, secret))
            }
            CredentialPlacement::Query(name) => {
                quote!(|secret| crate::runtime::PreparedCredential::query(#name, secret))
            }
            CredentialPlacement::Cookie(name) => {
                quote!(|secret| crate::runtime::PreparedCredential::cookie(#name, secret))
            }
            CredentialPlacement::Bearer => quote!(crate::runtime::PreparedCredential::bearer),
            CredentialPlacement::Basic => quote!(crate::runtime::PreparedCredential::basic),
        };
        let secret = if c.always_needed {
            quote!(::std::option::Option::Some(&self.credentials.#field))
        } else {
            quote!(self.credentials.#field.as_ref())
        };
        quote!(crate::runtime::HeldCredential::new(#scheme, #secret, #prepare)?)
    });
    let auth_init = (!api.credentials.is_empty())
        .then(|| quote!(auth: ::std::vec::Vec::from([#(#prepared),*]),));
    let base_url_doc = match &api.default_server {
        Some(server) => format!(
            " Sends requests to `url` instead of the default server `{}`.",
            server.url
        ),
        None => {
            " Sends requests to `url`. Required: the spec names no absolute server URL.".to_owned()
        }
    };
    quote! {
        /// Settings for a [`Client`]; create one with [`Client::builder`].
        #[derive(Debug)]
        pub struct ClientBuilder {
            base_url: ::std::option::Option<::std::string::String>,
            http: ::std::option::Option<::reqwest::Client>,
            options: crate::runtime::Options,
            #credentials_field
            #( #client_fields: ::std::string::String, )*
        }

        impl ClientBuilder {
            #[doc = #base_url_doc]
            pub fn base_url(mut self, url: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.base_url = Some(url.into());
                self
            }

            /// Uses this HTTP client (its connection pool, proxy and redirect settings) instead
            /// of a new one. Its redirect policy then decides whether credentials can follow a
            /// redirect to another host; the client made by default never lets them.
            pub fn http_client(mut self, http: ::reqwest::Client) -> Self {
                self.http = Some(http);
                self
            }

            /// Timeouts, retries, the response size cap and hooks for every call (see
            /// [`crate::runtime::Options`]; the defaults suit most uses).
            pub fn options(mut self, options: crate::runtime::Options) -> Self {
                self.options = options;
                self
            }

            /// Checks the settings and builds the client.
            ///
            /// # Errors
            ///
            /// When the base URL is missing, not an absolute `http(s)` URL, or plain `http` to a
            /// host that is not loopback (unless the options allow it), when a credential cannot
            /// be sent in a header, or when the HTTP client cannot be created.
            pub fn build(self) -> ::std::result::Result<Client, crate::runtime::BuildError> {
                let base_url = self.base_url.as_deref().ok_or(crate::runtime::BuildError::NoBaseUrl)?;
                let base_url = crate::runtime::parse_base_url(base_url, &self.options)?;
                let http = match self.http {
                    Some(http) => http,
                    None => crate::runtime::default_http_client(&self.options)?,
                };
                Ok(Client {
                    base_url,
                    http,
                    options: self.options,
                    #auth_init
                    #( #client_fields: self.#client_fields, )*
                })
            }
        }
    }
}

/// The `Client` struct.
fn emit_client_struct(api: &Api) -> TokenStream {
    let client_fields: Vec<_> = api.client_params.iter().map(|p| ident(&p.field)).collect();
    let client_field_docs = api.client_params.iter().map(|p| {
        doc_attrs(&paragraphs([
            p.description.as_deref(),
            Some(&*format!(
                "Sent as the `{}` parameter of every operation that takes it.",
                p.api_name
            )),
        ]))
    });
    let docs = doc_attrs(&paragraphs([
        Some(&*format!(
            "Client for the {} (version {}).",
            api.title, api.version
        )),
        api.description.as_deref(),
    ]));
    // An API without credentials has no `auth` field, rather than one nothing reads.
    let auth_field = (!api.credentials.is_empty())
        .then(|| quote!(auth: ::std::vec::Vec<crate::runtime::HeldCredential>,));
    quote! {
        #docs
        #[derive(Clone, Debug)]
        pub struct Client {
            base_url: ::reqwest::Url,
            http: ::reqwest::Client,
            options: crate::runtime::Options,
            #auth_field
            #( #client_field_docs #client_fields: ::std::string::String, )*
        }
    }
}

/// The members of `impl Client` that come before the operations' methods.
pub fn emit_client_members(api: &Api) -> TokenStream {
    let ConstructorArgs {
        params,
        names: arg_names,
        fields,
    } = constructor_args(api);
    let (default_const, default_init) = match &api.default_server {
        Some(server) => {
            let url = &server.url;
            let doc = format!(
                " The default server{}.",
                server
                    .description
                    .as_deref()
                    .map(|d| format!(" ({d})"))
                    .unwrap_or_default()
            );
            (
                quote! { #[doc = #doc] pub const DEFAULT_BASE_URL: &str = #url; },
                quote!(Some(Self::DEFAULT_BASE_URL.to_owned())),
            )
        }
        None => (TokenStream::new(), quote!(None)),
    };
    quote! {
        #default_const

        /// A client for the default server with a new HTTP client.
        ///
        /// # Errors
        ///
        /// See [`ClientBuilder::build`].
        pub fn new(#(#params),*) -> ::std::result::Result<Self, crate::runtime::BuildError> {
            Self::builder(#(#arg_names),*).build()
        }

        /// Settings for a client: base URL, HTTP client.
        pub fn builder(#(#params),*) -> ClientBuilder {
            ClientBuilder {
                base_url: #default_init,
                http: None,
                options: crate::runtime::Options::default(),
                #(#fields,)*
            }
        }

        /// The URL requests are sent to.
        pub fn base_url(&self) -> &::reqwest::Url {
            &self.base_url
        }

        /// The HTTP client requests are sent with (its connection pool can be shared).
        pub fn http_client(&self) -> &::reqwest::Client {
            &self.http
        }

        /// The options calls are sent with.
        pub fn options(&self) -> &crate::runtime::Options {
            &self.options
        }

        /// A copy of this client whose calls use changed options, for some calls only:
        /// `client.with_options(|o| o.timeout(Duration::from_secs(2))).kick_member(..)`.
        /// The copy shares the connection pool.
        #[must_use]
        pub fn with_options(&self, change: impl ::std::ops::FnOnce(crate::runtime::Options) -> crate::runtime::Options) -> Self {
            let mut client = self.clone();
            client.options = change(client.options);
            client
        }
    }
}

/// The return type of an operation's method.
fn success_type(op: &Operation) -> TokenStream {
    match &op.response_enum {
        Some(name) => {
            let name = ident(name);
            quote!(#name)
        }
        None => content_type(&op.success[0].content),
    }
}

fn content_type(content: &Content) -> TokenStream {
    match content {
        Content::Empty => quote!(()),
        Content::Json(ty) => rust_type(ty, TypePath::InApiModule),
        Content::Text => quote!(::std::string::String),
        // Form fields and parts are only ever sent, never received.
        Content::Bytes | Content::Form { .. } | Content::Multipart { .. } => {
            quote!(::std::vec::Vec<u8>)
        }
    }
}

fn error_type(op: &Operation) -> TokenStream {
    match &op.error_enum {
        Some(name) => {
            let name = ident(name);
            quote!(#name)
        }
        None => quote!(::std::convert::Infallible),
    }
}

/// The argument type for a parameter: borrowed where the value is not `Copy`.
fn argument_type(param: &Param) -> TokenStream {
    let inner = match &param.ty {
        TypeRef::String => quote!(&str),
        TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64 | TypeRef::Bool => {
            rust_type(&param.ty, TypePath::InApiModule)
        }
        TypeRef::Vec(item) => {
            let item = rust_type(item, TypePath::InApiModule);
            quote!(&[#item])
        }
        other => {
            let ty = rust_type(other, TypePath::InApiModule);
            quote!(&#ty)
        }
    };
    if param.required {
        inner
    } else {
        quote!(::std::option::Option<#inner>)
    }
}

/// An expression giving the text of a parameter value (`value` is the variable holding it).
/// A path, header or cookie parameter's text, borrowed.
fn text_of(param: &Param, value: &TokenStream) -> TokenStream {
    let api_name = &param.api_name;
    match &param.ty {
        TypeRef::String => quote!(#value),
        _ => {
            let style = runtime_style(param.style);
            quote!(&crate::runtime::param_text(#api_name, &#value, #style)?)
        }
    }
}

fn runtime_style(style: ParamStyle) -> TokenStream {
    match style {
        ParamStyle::Simple { explode: false } => quote!(crate::runtime::Style::Simple),
        ParamStyle::Simple { explode: true } => quote!(crate::runtime::Style::SimpleExploded),
        ParamStyle::Form { explode: true } => quote!(crate::runtime::Style::Form),
        ParamStyle::Form { explode: false } => quote!(crate::runtime::Style::FormUnexploded),
        ParamStyle::DeepObject => quote!(crate::runtime::Style::DeepObject),
        ParamStyle::PipeDelimited => quote!(crate::runtime::Style::PipeDelimited),
        ParamStyle::SpaceDelimited => quote!(crate::runtime::Style::SpaceDelimited),
    }
}

/// One operation's method of `impl Client`.
pub fn emit_method(op: &Operation, types: &TypeIndex<'_>) -> TokenStream {
    let method = ident(&op.method_name);
    let arguments: Vec<&Param> = op.params.iter().filter(|p| !p.from_client).collect();
    let mut locals = Scope::with_reserved(&["body", "self"]);
    for param in &arguments {
        locals.claim(&param.name);
    }
    let url = format_ident!("{}", locals.claim("url"));
    let headers = format_ident!("{}", locals.claim("headers"));
    let response = format_ident!("{}", locals.claim("response"));
    let value = format_ident!("{}", locals.claim("value"));

    let arg_decls = arguments.iter().map(|p| {
        let name = ident(&p.name);
        let ty = argument_type(p);
        quote!(#name: #ty)
    });
    let body_arg = op.body.as_ref().map(body::argument);

    let value_of = |param: &Param| -> TokenStream {
        if param.from_client {
            let field = ident(&param.name);
            quote!(self.#field)
        } else {
            let name = ident(&param.name);
            quote!(#name)
        }
    };

    // Path: one expression per segment. Every parameter value is checked on its way in
    // (never a dot segment, empty only where the spec allows it).
    let checked_value = |name: &str| match op
        .params
        .iter()
        .find(|p| p.location == ParamLocation::Path && p.api_name == name)
    {
        Some(param) => {
            let v = value_of(param);
            let text = text_of(param, &v);
            let text = if param.from_client {
                quote!(&#text)
            } else {
                text
            };
            let api_name = &param.api_name;
            if param.may_be_empty {
                quote!(crate::runtime::path_value_or_empty(#api_name, #text)?)
            } else {
                quote!(crate::runtime::path_value(#api_name, #text)?)
            }
        }
        None => quote!(""),
    };
    let segments = op.path.segments.iter().map(|parts| match parts.as_slice() {
        [] => quote!(""),
        [PathPart::Literal(text)] => quote!(#text),
        [PathPart::Param(name)] => checked_value(name),
        parts => {
            let template = PathTemplate::segment_text(parts);
            let pieces = parts.iter().map(|part| match part {
                PathPart::Literal(text) => quote!(#text),
                PathPart::Param(name) => checked_value(name),
            });
            quote!(&crate::runtime::joined_segment(#template, &[#(#pieces),*])?)
        }
    });

    let mut statements = Vec::new();
    for param in op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
    {
        let v = value_of(param);
        let api_name = &param.api_name;
        let add = match (param.location, &param.ty) {
            (ParamLocation::Query, TypeRef::String) => {
                quote!(#url.query_pairs_mut().append_pair(#api_name, #value);)
            }
            (ParamLocation::Query, _) => {
                let style = runtime_style(param.style);
                quote!(crate::runtime::append_query(&mut #url, #api_name, &#value, #style)?;)
            }
            (ParamLocation::Header, _) => {
                let text = text_of(param, &quote!(#value));
                quote!(crate::runtime::insert_header(&mut #headers, #api_name, #text)?;)
            }
            (ParamLocation::Cookie, _) => {
                let text = text_of(param, &quote!(#value));
                quote!(crate::runtime::add_cookie(&mut #headers, #api_name, #text)?;)
            }
            (ParamLocation::Path, _) => continue,
        };
        let borrow = param.from_client.then(|| quote!(&));
        statements.push(if param.required {
            quote! { let #value = #borrow #v; #add }
        } else {
            quote! { if let Some(#value) = #borrow #v { #add } }
        });
    }
    let auth = (!op.security.is_empty()).then(|| {
        let alternatives = op.security.iter().map(|alternative| {
            let indices = alternative
                .iter()
                .map(|index| proc_macro2::Literal::usize_unsuffixed(*index));
            quote!(&[#(#indices),*])
        });
        quote!(crate::runtime::apply_credentials(&self.auth, &[#(#alternatives),*], &mut #url, &mut #headers)?;)
    });
    let http_method = format_ident!("{}", op.http_method.as_str());
    let body_value = match &op.body {
        Some(body) => body::value(body, types),
        None => quote!(::std::option::Option::None),
    };
    let operation_id = &op.operation_id;
    // Locals are usually named like the fields; clippy wants the shorthand then.
    let field_init = |field: &str, local: &proc_macro2::Ident| {
        if local == field {
            quote!(#local)
        } else {
            let field = ident(field);
            quote!(#field: #local)
        }
    };
    let (url_init, headers_init) = (field_init("url", &url), field_init("headers", &headers));
    let idempotent = op.retry_safe;

    let arms = response_arms(op, &response);
    let success = success_type(op);
    let error = error_type(op);
    let docs = method_docs(op);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    // `self`, the parameters and the body: an API with many query parameters takes many.
    let argument_count = 1 + arguments.len() + usize::from(op.body.is_some());
    let many_arguments = (argument_count > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let headers_mut = if op
        .params
        .iter()
        .any(|p| matches!(p.location, ParamLocation::Header | ParamLocation::Cookie))
        || !op.security.is_empty()
    {
        quote!(mut)
    } else {
        TokenStream::new()
    };
    let url_mut = if op.params.iter().any(|p| p.location == ParamLocation::Query)
        || !op.security.is_empty()
    {
        quote!(mut)
    } else {
        TokenStream::new()
    };

    quote! {
        #docs
        #deprecated
        #many_arguments
        pub async fn #method(&self #(, #arg_decls)* #body_arg)
            -> ::std::result::Result<crate::runtime::ResponseValue<#success>, crate::runtime::Error<#error>>
        {
            let #url_mut #url = crate::runtime::endpoint(&self.base_url, &[#(#segments),*]);
            let #headers_mut #headers = ::reqwest::header::HeaderMap::new();
            #(#statements)*
            #auth
            let #response = crate::runtime::execute(&self.http, &self.options, crate::runtime::Call {
                operation: #operation_id,
                method: ::reqwest::Method::#http_method,
                #url_init,
                #headers_init,
                body: #body_value,
                idempotent: #idempotent,
            }).await?;
            match #response.status() {
                #(#arms)*
            }
        }
    }
}

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(digit) => {
            let low = proc_macro2::Literal::u16_unsuffixed(digit * 100);
            let high = proc_macro2::Literal::u16_unsuffixed(digit * 100 + 99);
            quote!(#low..=#high)
        }
        StatusMatch::Default => quote!(_),
    }
}

fn response_arms(op: &Operation, response: &proc_macro2::Ident) -> Vec<TokenStream> {
    let mut arms: Vec<(StatusMatch, TokenStream)> = Vec::new();
    match &op.response_enum {
        None => {
            let decode = match &op.success[0].content {
                Content::Empty => quote!(#response.empty()),
                Content::Json(_) => quote!(#response.json()),
                Content::Text => quote!(#response.text()),
                Content::Bytes | Content::Form { .. } | Content::Multipart { .. } => {
                    quote!(#response.bytes())
                }
            };
            // Every success status has the same body: one arm for codes, one per range.
            let codes: Vec<_> = op
                .success
                .iter()
                .filter(|c| matches!(c.status, StatusMatch::Code(_)))
                .map(|c| status_pattern(c.status))
                .collect();
            if !codes.is_empty() {
                let first = op
                    .success
                    .iter()
                    .find(|c| matches!(c.status, StatusMatch::Code(_)))
                    .map(|c| c.status)
                    .unwrap_or(StatusMatch::Default);
                arms.push((first, quote!(#(#codes)|* => #decode,)));
            }
            for case in op
                .success
                .iter()
                .filter(|c| matches!(c.status, StatusMatch::Range(_)))
            {
                let pattern = status_pattern(case.status);
                arms.push((case.status, quote!(#pattern => #decode,)));
            }
        }
        Some(name) => {
            let name = ident(name);
            for case in &op.success {
                let pattern = status_pattern(case.status);
                let variant = ident(&case.variant);
                let decode = match &case.content {
                    Content::Empty => {
                        quote!(#response.empty().map(|value| value.map(|()| #name::#variant)))
                    }
                    Content::Json(ty) => {
                        let ty = rust_type(ty, TypePath::InApiModule);
                        quote!(#response.json::<#ty, _>().map(|value| value.map(#name::#variant)))
                    }
                    Content::Text => {
                        quote!(#response.text().map(|value| value.map(#name::#variant)))
                    }
                    Content::Bytes | Content::Form { .. } | Content::Multipart { .. } => {
                        quote!(#response.bytes().map(|value| value.map(#name::#variant)))
                    }
                };
                arms.push((case.status, quote!(#pattern => #decode,)));
            }
        }
    }
    let mut has_default = false;
    if let Some(name) = &op.error_enum {
        let name = ident(name);
        for case in &op.errors {
            has_default |= case.status == StatusMatch::Default;
            let pattern = status_pattern(case.status);
            let variant = ident(&case.variant);
            let decode = match &case.content {
                Content::Empty => quote!(#response.error_empty(#name::#variant)),
                Content::Json(_) => quote!(#response.error_json(#name::#variant)),
                Content::Text => quote!(#response.error_text(#name::#variant)),
                Content::Bytes | Content::Form { .. } | Content::Multipart { .. } => {
                    quote!(#response.error_bytes(#name::#variant))
                }
            };
            arms.push((case.status, quote!(#pattern => #decode,)));
        }
    }
    arms.sort_by_key(|(status, _)| *status);
    let mut arms: Vec<TokenStream> = arms.into_iter().map(|(_, arm)| arm).collect();
    if !has_default {
        arms.push(quote!(_ => #response.unexpected(),));
    }
    arms
}

fn method_docs(op: &Operation) -> TokenStream {
    let route = format!("`{} {}`", op.http_method.as_str(), op.path.raw);
    let mut params_doc = String::new();
    for param in op.params.iter().filter(|p| !p.from_client) {
        let description = param
            .description
            .as_deref()
            .unwrap_or("")
            .trim()
            .replace('\n', " ");
        let empty_note = param.may_be_empty.then(|| {
            let path = op.path.raw.replace(&format!("{{{}}}", param.api_name), "");
            format!("May be empty (the spec allows it): the path is then `{path}`.")
        });
        let description = [Some(description), empty_note]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let optional = if param.required { "" } else { " (optional)" };
        params_doc.push_str(&format!(
            "- `{}`{optional}: {}\n",
            param.name,
            description.trim()
        ));
    }
    if let Some(body) = &op.body {
        params_doc.push_str(&body::argument_doc(body));
    }
    let uses_client_params: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.from_client)
        .map(|p| format!("`{}`", p.api_name))
        .collect();
    let client_note = (!uses_client_params.is_empty())
        .then(|| format!("The client supplies {}.", uses_client_params.join(", ")));
    let mut responses = String::from("Responses:\n");
    for case in op.success.iter().chain(&op.errors) {
        let status = match case.status {
            StatusMatch::Code(code) => code.to_string(),
            StatusMatch::Range(digit) => format!("{digit}XX"),
            StatusMatch::Default => "other".to_owned(),
        };
        responses.push_str(&format!(
            "- {status}: {}\n",
            case.description.trim().replace('\n', " ")
        ));
    }
    let text = paragraphs([
        op.summary.as_deref(),
        op.description.as_deref(),
        Some(&*format!("{route} (operation `{}`).", op.operation_id)),
        client_note.as_deref(),
        (!params_doc.is_empty())
            .then_some(format!("Arguments:\n{params_doc}"))
            .as_deref(),
        Some(responses.as_str()),
    ]);
    doc_attrs(&text)
}

/// The success, error and body enums of one operation.
pub fn emit_operation_enums(op: &Operation) -> TokenStream {
    let method = &op.method_name;
    let response_enum = op.response_enum.as_ref().map(|name| {
        let doc = format!(" The success responses of [`Client::{method}`], by status.");
        enum_tokens(name, &doc, &op.success)
    });
    let error_enum = op.error_enum.as_ref().map(|name| {
        let doc = format!(" The documented error responses of [`Client::{method}`], by status.");
        enum_tokens(name, &doc, &op.errors)
    });
    let body_enum = body::choice_enum(op);
    quote! { #body_enum #response_enum #error_enum }
}

fn enum_tokens(name: &str, doc: &str, cases: &[ResponseCase]) -> TokenStream {
    let name = ident(name);
    let variants = cases.iter().map(|case| {
        let variant = ident(&case.variant);
        let status = match case.status {
            StatusMatch::Code(code) => format!("HTTP {code}"),
            StatusMatch::Range(digit) => format!("HTTP {digit}XX"),
            StatusMatch::Default => "Any other status".to_owned(),
        };
        let docs = doc_attrs(&paragraphs([Some(&*format!(
            "{status}: {}",
            case.description.trim()
        ))]));
        match &case.content {
            Content::Empty => quote!(#docs #variant,),
            content => {
                let ty = content_type(content);
                quote!(#docs #variant(#ty),)
            }
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        // Bodies of different statuses differ in size; boxing them all would cost every user.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    }
}
