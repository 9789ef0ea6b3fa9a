//! The client module of one API: credentials, builder, client, one method per operation and
//! the per-operation response and error enums.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::body::{self, TypeIndex};
use super::docs::{doc_attrs, inner_doc_attrs, paragraphs};
use super::types::{TypePath, rust_type};
use crate::http::media;
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

            /// Uses this HTTP client (its connection pool and proxy settings) instead of a new
            /// one. Build it with `redirect(reqwest::redirect::Policy::none())`: the calls then
            /// follow redirects themselves, only within the same origin (so credentials never
            /// reach another host) and only where the spec documents no redirect status. A
            /// client that follows redirects itself decides both instead.
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

/// One operation's method of `impl Client`: the URL from the path, then the parameters and
/// credentials added to it and to the headers, then the call.
pub fn emit_method(op: &Operation, types: &TypeIndex<'_>) -> TokenStream {
    let arguments: Vec<&Param> = op.params.iter().filter(|p| !p.from_client).collect();
    let locals = Locals::new(&arguments);
    let signature = method_signature(op, &arguments);
    let segments = path_segments(&op.path, &op.params);
    let statements: Vec<Statement> = op
        .params
        .iter()
        .filter_map(|param| param_statement(param, &locals))
        .chain(auth_statement(&op.security, &locals))
        .collect();
    // A local is `mut` exactly when a statement changes it: rustc warns about any other `mut`.
    let mutable = |changed: fn(Changes) -> bool| {
        let changes = statements
            .iter()
            .any(|statement| changed(statement.changes));
        changes.then(|| quote!(mut))
    };
    let (url_mut, headers_mut) = (mutable(Changes::url), mutable(Changes::headers));
    let statements = statements.iter().map(|statement| &statement.tokens);
    let call = call(op, types, &locals);
    let Locals { url, headers, .. } = &locals;
    quote! {
        #signature {
            let #url_mut #url = crate::runtime::endpoint(&self.base_url, &[#(#segments),*]);
            let #headers_mut #headers = ::reqwest::header::HeaderMap::new();
            #(#statements)*
            #call
        }
    }
}

/// The names of a method's locals, chosen so that no argument is shadowed.
struct Locals {
    url: Ident,
    headers: Ident,
    response: Ident,
    /// The value of the parameter being added.
    value: Ident,
}

impl Locals {
    fn new(arguments: &[&Param]) -> Self {
        let mut scope = Scope::with_reserved(&["body", "self"]);
        for param in arguments {
            scope.claim(&param.name);
        }
        let mut local = |name: &str| format_ident!("{}", scope.claim(name));
        Self {
            url: local("url"),
            headers: local("headers"),
            response: local("response"),
            value: local("value"),
        }
    }
}

/// The method's docs, attributes and signature, up to its body.
fn method_signature(op: &Operation, arguments: &[&Param]) -> TokenStream {
    let method = ident(&op.method_name);
    let arg_decls = arguments.iter().map(|p| {
        let name = ident(&p.name);
        let ty = argument_type(p);
        quote!(#name: #ty)
    });
    let body_arg = op.body.as_ref().map(body::argument);
    let success = success_type(op);
    let error = error_type(op);
    let docs = method_docs(op);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    // `self`, the parameters and the body: an API with many query parameters takes many.
    let argument_count = 1 + arguments.len() + usize::from(op.body.is_some());
    let many_arguments = (argument_count > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #docs
        #deprecated
        #many_arguments
        pub async fn #method(&self #(, #arg_decls)* #body_arg)
            -> ::std::result::Result<crate::runtime::ResponseValue<#success>, crate::runtime::Error<#error>>
    }
}

/// Where a parameter's value is read from: its argument, or the client's field.
fn value_of(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    if param.from_client {
        quote!(self.#name)
    } else {
        quote!(#name)
    }
}

/// The URL path, one expression per segment; a trailing slash is a last, empty segment.
fn path_segments(path: &PathTemplate, params: &[Param]) -> Vec<TokenStream> {
    let segment = |parts: &[PathPart]| match parts {
        [] => quote!(""),
        [PathPart::Literal(text)] => quote!(#text),
        [PathPart::Param(name)] => path_value(name, params),
        parts => {
            let template = PathTemplate::segment_text(parts);
            let pieces = parts.iter().map(|part| match part {
                PathPart::Literal(text) => quote!(#text),
                PathPart::Param(name) => path_value(name, params),
            });
            quote!(&crate::runtime::joined_segment(#template, &[#(#pieces),*])?)
        }
    };
    path.segments.iter().map(|parts| segment(parts)).collect()
}

/// The text of the path parameter `name`, checked on its way in: never a dot segment, and
/// empty only where the spec allows it.
fn path_value(name: &str, params: &[Param]) -> TokenStream {
    let Some(param) = params
        .iter()
        .find(|p| p.location == ParamLocation::Path && p.api_name == name)
    else {
        // The IR declares every parameter of the template, so this is never reached.
        return quote!("");
    };
    let text = text_of(param, &value_of(param));
    // A client field is read in place, so its text is borrowed like an argument's.
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

/// A statement that adds to the request before it is sent, and which locals it changes.
struct Statement {
    tokens: TokenStream,
    changes: Changes,
}

/// The locals holding the request that a statement changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Changes {
    Url,
    Headers,
    Both,
}

impl Changes {
    fn url(self) -> bool {
        matches!(self, Self::Url | Self::Both)
    }

    fn headers(self) -> bool {
        matches!(self, Self::Headers | Self::Both)
    }
}

/// The statement that adds a query, header or cookie parameter to the request (when the
/// caller gives an optional one); `None` for a path parameter, which is in the URL already.
fn param_statement(param: &Param, locals: &Locals) -> Option<Statement> {
    let Locals {
        url,
        headers,
        value,
        ..
    } = locals;
    let api_name = &param.api_name;
    let (changes, add) = match (param.location, &param.ty) {
        (ParamLocation::Path, _) => return None,
        (ParamLocation::Query, TypeRef::String) => (
            Changes::Url,
            quote!(#url.query_pairs_mut().append_pair(#api_name, #value);),
        ),
        (ParamLocation::Query, _) => {
            let style = runtime_style(param.style);
            (
                Changes::Url,
                quote!(crate::runtime::append_query(&mut #url, #api_name, &#value, #style)?;),
            )
        }
        (ParamLocation::Header, _) => {
            let text = text_of(param, &quote!(#value));
            (
                Changes::Headers,
                quote!(crate::runtime::insert_header(&mut #headers, #api_name, #text)?;),
            )
        }
        (ParamLocation::Cookie, _) => {
            let text = text_of(param, &quote!(#value));
            (
                Changes::Headers,
                quote!(crate::runtime::add_cookie(&mut #headers, #api_name, #text)?;),
            )
        }
    };
    let read = value_of(param);
    let borrow = param.from_client.then(|| quote!(&));
    let tokens = if param.required {
        quote! { let #value = #borrow #read; #add }
    } else {
        quote! { if let Some(#value) = #borrow #read { #add } }
    };
    Some(Statement { tokens, changes })
}

/// The statement that adds the first set of credentials the client holds in full, of the
/// `security` sets the operation accepts; `None` when it takes no credentials.
fn auth_statement(security: &[Vec<usize>], locals: &Locals) -> Option<Statement> {
    if security.is_empty() {
        return None;
    }
    let Locals { url, headers, .. } = locals;
    let alternatives = security.iter().map(|alternative| {
        let indices = alternative
            .iter()
            .map(|index| proc_macro2::Literal::usize_unsuffixed(*index));
        quote!(&[#(#indices),*])
    });
    let tokens = quote!(crate::runtime::apply_credentials(&self.auth, &[#(#alternatives),*], &mut #url, &mut #headers)?;);
    Some(Statement {
        tokens,
        changes: Changes::Both,
    })
}

/// Sending the request, then decoding the response by its status.
fn call(op: &Operation, types: &TypeIndex<'_>, locals: &Locals) -> TokenStream {
    let Locals {
        url,
        headers,
        response,
        ..
    } = locals;
    let operation_id = &op.operation_id;
    let http_method = format_ident!("{}", op.http_method.as_str());
    let url_init = field_init("url", url);
    let headers_init = field_init("headers", headers);
    let body_value = match &op.body {
        Some(body) => body::value(body, types),
        None => quote!(::std::option::Option::None),
    };
    let idempotent = op.retry_safe;
    let follow_redirects = !op.success.iter().any(|case| case.status.is_redirect());
    let decodable = op
        .success
        .iter()
        .chain(&op.errors)
        .flat_map(|case| &case.decodable);
    let accept = match media::accept(decodable.map(String::as_str)) {
        Some(accept) => quote!(::std::option::Option::Some(#accept)),
        None => quote!(::std::option::Option::None),
    };
    let arms = response_arms(op, response);
    quote! {
        let #response = crate::runtime::execute(&self.http, &self.options, crate::runtime::Call {
            operation: #operation_id,
            method: ::reqwest::Method::#http_method,
            #url_init,
            #headers_init,
            body: #body_value,
            accept: #accept,
            idempotent: #idempotent,
            follow_redirects: #follow_redirects,
        }).await?;
        match #response.status() {
            #(#arms)*
        }
    }
}

/// `field: local`, or the shorthand clippy wants when the local is named like the field (it
/// usually is: only an argument of that name makes it differ).
fn field_init(field: &str, local: &Ident) -> TokenStream {
    if local == field {
        quote!(#local)
    } else {
        let field = ident(field);
        quote!(#field: #local)
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

/// The arms of the `match` on the response's status, in status order, and a last one for
/// undocumented statuses unless the spec documents a `default` response.
fn response_arms(op: &Operation, response: &Ident) -> Vec<TokenStream> {
    let mut arms = match &op.response_enum {
        None => same_body_arms(op, response),
        // Success statuses with different bodies: each has its variant of the response enum.
        Some(name) => enum_arms(&op.success, name, |content, variant| {
            success_variant(content, variant, response)
        }),
    };
    if let Some(name) = &op.error_enum {
        arms.extend(enum_arms(&op.errors, name, |content, variant| {
            error_variant(content, variant, response)
        }));
    }
    arms.sort_by_key(|(status, _)| *status);
    let has_default = arms
        .iter()
        .any(|(status, _)| *status == StatusMatch::Default);
    let mut arms: Vec<TokenStream> = arms.into_iter().map(|(_, arm)| arm).collect();
    if !has_default {
        arms.push(quote!(_ => #response.unexpected(),));
    }
    arms
}

/// The success arms when every success status has the same body: one arm for the codes, one
/// per range.
fn same_body_arms(op: &Operation, response: &Ident) -> Vec<(StatusMatch, TokenStream)> {
    let read = format_ident!("{}", reader(&op.success[0].content));
    let decode = quote!(#response.#read());
    let statuses = || op.success.iter().map(|case| case.status);
    let codes: Vec<StatusMatch> = statuses()
        .filter(|status| matches!(status, StatusMatch::Code(_)))
        .collect();
    let mut arms = Vec::new();
    if let Some(&first) = codes.first() {
        let patterns = codes.iter().map(|&status| status_pattern(status));
        arms.push((first, quote!(#(#patterns)|* => #decode,)));
    }
    for status in statuses().filter(|status| matches!(status, StatusMatch::Range(_))) {
        let pattern = status_pattern(status);
        arms.push((status, quote!(#pattern => #decode,)));
    }
    arms
}

/// One arm per response case, decoding into its variant of the enum `name`; `decode` gives
/// the expression for the case's content and the variant's path.
fn enum_arms(
    cases: &[ResponseCase],
    name: &str,
    decode: impl Fn(&Content, TokenStream) -> TokenStream,
) -> Vec<(StatusMatch, TokenStream)> {
    let name = ident(name);
    let arm = |case: &ResponseCase| {
        let pattern = status_pattern(case.status);
        let variant = ident(&case.variant);
        let decode = decode(&case.content, quote!(#name::#variant));
        (case.status, quote!(#pattern => #decode,))
    };
    cases.iter().map(arm).collect()
}

/// A success body decoded into `variant` of the response enum.
fn success_variant(content: &Content, variant: TokenStream, response: &Ident) -> TokenStream {
    match content {
        Content::Empty => quote!(#response.empty().map(|value| value.map(|()| #variant))),
        Content::Json(ty) => {
            let ty = rust_type(ty, TypePath::InApiModule);
            quote!(#response.json::<#ty, _>().map(|value| value.map(#variant)))
        }
        content => {
            let read = format_ident!("{}", reader(content));
            quote!(#response.#read().map(|value| value.map(#variant)))
        }
    }
}

/// An error body decoded into `variant` of the error enum.
fn error_variant(content: &Content, variant: TokenStream, response: &Ident) -> TokenStream {
    let read = format_ident!("error_{}", reader(content));
    quote!(#response.#read(#variant))
}

/// The stem of the runtime's method that reads a response body holding `content`: `json`
/// for a success, `error_json` for an error. Form and multipart bodies are only ever sent,
/// never received, so they would be read as bytes.
fn reader(content: &Content) -> &'static str {
    match content {
        Content::Empty => "empty",
        Content::Json(_) => "json",
        Content::Text => "text",
        Content::Bytes | Content::Form { .. } | Content::Multipart { .. } => "bytes",
    }
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
            StatusMatch::Default => "other".to_owned(),
            status => status.to_string(),
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
            StatusMatch::Default => "Any other status".to_owned(),
            status => format!("HTTP {status}"),
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// The generated crate root for a spec with one API, at the crate root, whose `paths` are
    /// given (as YAML, indented by two spaces).
    fn generated(paths: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("spec.yaml");
        let document = format!(
            "openapi: 3.0.3\ninfo:\n  title: Test\n  version: '1'\nservers:\n  - url: https://api.example.com\npaths:\n{paths}"
        );
        std::fs::write(&spec, document).unwrap();
        let settings = crate::Settings {
            crate_name: "test-client".to_owned(),
            description: "Test client.".to_owned(),
            apis: vec![crate::ApiSources {
                name: "test".to_owned(),
                documents: vec![spec],
                overlays: Vec::new(),
            }],
            layout: crate::Layout::Root,
            standalone: true,
            command: "cargo codegen generate".to_owned(),
            strict: false,
            operation_tests: false,
        };
        let generated = crate::generate(&settings).unwrap_or_else(|d| panic!("{d}"));
        generated.files[Path::new("src/lib.rs")].clone()
    }

    /// The crate root for one operation at `path`, with these `parameters` and `responses`
    /// (YAML flow collections).
    fn one_operation(path: &str, parameters: &str, responses: &str) -> String {
        generated(&format!(
            "  {path}:\n    post:\n      operationId: act\n      parameters: {parameters}\n      responses: {responses}\n"
        ))
    }

    const NO_CONTENT: &str = "{'204': {description: Done.}}";

    /// Asserts which of the method's URL and headers locals are declared `mut`.
    fn assert_mutable(parameters: &str, url: bool, headers: bool) {
        let lib = one_operation("/rooms/{room}", parameters, NO_CONTENT);
        let url = if url { "let mut url =" } else { "let url =" };
        let headers = if headers {
            "let mut headers ="
        } else {
            "let headers ="
        };
        assert!(lib.contains(url) && lib.contains(headers), "{lib}");
    }

    const ROOM: &str = "{name: room, in: path, required: true, schema: {type: string}}";

    #[test]
    fn a_method_with_only_path_parameters_changes_neither_url_nor_headers() {
        assert_mutable(&format!("[{ROOM}]"), false, false);
    }

    #[test]
    fn a_query_parameter_makes_only_the_url_mutable() {
        let limit = "{name: limit, in: query, schema: {type: integer}}";
        assert_mutable(&format!("[{ROOM}, {limit}]"), true, false);
    }

    #[test]
    fn a_header_parameter_makes_only_the_headers_mutable() {
        let trace = "{name: X-Trace, in: header, required: true, schema: {type: string}}";
        assert_mutable(&format!("[{ROOM}, {trace}]"), false, true);
    }

    #[test]
    fn a_cookie_parameter_makes_only_the_headers_mutable() {
        let session = "{name: session, in: cookie, schema: {type: string}}";
        assert_mutable(&format!("[{ROOM}, {session}]"), false, true);
    }

    fn text(tokens: &TokenStream) -> String {
        tokens.to_string()
    }

    #[test]
    fn credentials_change_both_url_and_headers() {
        let locals = Locals::new(&[]);
        assert!(auth_statement(&[], &locals).is_none());
        // An empty set: the operation may also be sent without credentials.
        let auth = auth_statement(&[vec![1], vec![]], &locals).unwrap();
        assert_eq!(auth.changes, Changes::Both);
        let tokens = text(&auth.tokens);
        assert!(tokens.contains(&text(&quote!(&[&[1], &[]]))), "{tokens}");
    }

    #[test]
    fn a_trailing_slash_is_a_last_empty_segment() {
        let path = PathTemplate::parse("/rooms/").unwrap();
        let segments: Vec<String> = path_segments(&path, &[]).iter().map(text).collect();
        assert_eq!(segments, [text(&quote!("rooms")), text(&quote!(""))]);
        let lib = one_operation("/rooms/", "[]", NO_CONTENT);
        assert!(lib.contains(r#"&["rooms", ""]"#), "{lib}");
    }

    #[test]
    fn an_argument_named_like_a_local_renames_the_local() {
        let url = "{name: url, in: path, required: true, schema: {type: string}}";
        let lib = one_operation("/links/{url}", &format!("[{url}]"), NO_CONTENT);
        assert!(
            lib.contains("let url_2 = crate::runtime::endpoint("),
            "{lib}"
        );
        assert!(
            lib.contains("url: url_2,") && lib.contains("headers,"),
            "{lib}"
        );
    }

    #[test]
    fn the_docs_list_every_documented_status() {
        let responses = "{'200': {description: The rooms.}, '404': {description: No such building.}, default: {description: Anything else.}}";
        let lib = one_operation("/rooms", "[]", responses);
        for line in [
            "/// - 200: The rooms.",
            "/// - 404: No such building.",
            "/// - other: Anything else.",
        ] {
            assert!(lib.contains(line), "{line} in {lib}");
        }
    }

    #[test]
    fn a_status_range_gets_one_arm_and_codes_of_the_same_body_share_one() {
        assert_eq!(
            text(&status_pattern(StatusMatch::Range(4))),
            text(&quote!(400..=499))
        );
        let responses = "{'200': {description: Existed.}, '201': {description: Created.}, '4XX': {description: Refused.}}";
        let lib = one_operation("/rooms", "[]", responses);
        assert!(lib.contains("200 | 201 => response.empty(),"), "{lib}");
        assert!(lib.contains("400..=499 => response.error_empty("), "{lib}");
        assert!(lib.contains("_ => response.unexpected(),"), "{lib}");
    }

    #[test]
    fn a_documented_default_takes_the_place_of_the_unexpected_arm() {
        let responses = "{'204': {description: Done.}, default: {description: Failed.}}";
        let lib = one_operation("/rooms", "[]", responses);
        assert!(lib.contains("_ => response.error_empty("), "{lib}");
        assert!(!lib.contains(".unexpected()"), "{lib}");
    }
}
