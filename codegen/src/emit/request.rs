//! One operation's call: the `Client` method that starts it with the required arguments, and
//! the request builder it returns, which takes the optional ones by name and is sent when
//! awaited. The builder's `send` builds the URL from the path, adds the parameters and
//! credentials to it and to the headers, sends it and decodes the response by its status.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::body::{self, TypeIndex};
use super::docs::{doc_attrs, paragraphs};
use super::types::{TypePath, is_copy, rust_type};
use crate::http::media;
use crate::ir::{
    Body, Content, Operation, Param, ParamLocation, ParamStyle, PathPart, PathTemplate,
    ResponseCase, StatusMatch, TypeRef,
};
use crate::names::{Scope, ident};

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

pub(super) fn content_type(content: &Content) -> TokenStream {
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

/// An expression giving the text of a parameter value (`value` is the variable holding it).
/// A path, header or cookie parameter's text, borrowed.
fn text_of(param: &Param, value: &TokenStream) -> TokenStream {
    let api_name = &param.api_name;
    match &param.ty {
        TypeRef::String => quote!(#value),
        _ => {
            let style = runtime_style(param.style);
            quote!(&runtime::param_text(#api_name, &#value, #style)?)
        }
    }
}

fn runtime_style(style: ParamStyle) -> TokenStream {
    match style {
        ParamStyle::Simple { explode: false } => quote!(runtime::Style::Simple),
        ParamStyle::Simple { explode: true } => quote!(runtime::Style::SimpleExploded),
        ParamStyle::Form { explode: true } => quote!(runtime::Style::Form),
        ParamStyle::Form { explode: false } => quote!(runtime::Style::FormUnexploded),
        ParamStyle::DeepObject => quote!(runtime::Style::DeepObject),
        ParamStyle::PipeDelimited => quote!(runtime::Style::PipeDelimited),
        ParamStyle::SpaceDelimited => quote!(runtime::Style::SpaceDelimited),
    }
}

/// A value the request builder holds: its type there, and whether that type borrows (and so
/// needs the builder's lifetime).
struct Held {
    ty: TokenStream,
    borrows: bool,
}

/// How the builder holds a parameter's value: borrowed where it is not `Copy`.
fn held_param(param: &Param) -> Held {
    let (ty, borrows) = match &param.ty {
        ty if is_copy(ty) => (rust_type(ty, TypePath::InApiModule), false),
        TypeRef::String => (quote!(&'a str), true),
        TypeRef::Vec(item) => {
            let item = rust_type(item, TypePath::InApiModule);
            (quote!(&'a [#item]), true)
        }
        other => {
            let ty = rust_type(other, TypePath::InApiModule);
            (quote!(&'a #ty), true)
        }
    };
    Held { ty, borrows }
}

/// How the builder holds the request body: borrowed, except bytes, which it owns.
fn held_body(body: &Body) -> Held {
    let (ty, borrows) = body::held_type(body);
    Held { ty, borrows }
}

/// What one operation's call is made of: the arguments its method takes, in order, and what
/// its builder sets by name.
struct Members<'o> {
    /// Required parameters, in call order.
    required: Vec<&'o Param>,
    /// Optional parameters, in call order.
    optional: Vec<&'o Param>,
}

impl<'o> Members<'o> {
    fn of(op: &'o Operation) -> Self {
        let (required, optional) = op
            .params
            .iter()
            .filter(|p| !p.from_client)
            .partition(|p| p.required);
        Self { required, optional }
    }
}

/// The required arguments of an operation's method, in order: name, type as held, docs.
struct Required {
    arguments: Vec<(Ident, TokenStream, TokenStream)>,
    /// Whether any of them borrows, so that the method needs a lifetime.
    borrows: bool,
}

impl Required {
    fn of(op: &Operation, required: &[&Param]) -> Self {
        let mut borrows = false;
        let mut arguments = Vec::new();
        for param in required {
            let held = held_param(param);
            borrows |= held.borrows;
            let docs = argument_doc(op, param)
                .map(|text| doc_attrs(&text))
                .unwrap_or_default();
            arguments.push((ident(&param.name), held.ty, docs));
        }
        if let Some(body) = op.body.as_ref().filter(|body| body.required) {
            let held = held_body(body);
            borrows |= held.borrows;
            let docs = doc_attrs(&body::setter_doc(body));
            arguments.push((format_ident!("body"), held.ty, docs));
        }
        Self { arguments, borrows }
    }

    /// The lifetime the arguments are borrowed for, as generics, in a reference and as the
    /// builder's argument; elided when nothing is borrowed.
    fn lifetime(&self) -> (TokenStream, TokenStream) {
        if self.borrows {
            (quote!(<'a>), quote!('a))
        } else {
            (TokenStream::new(), quote!('_))
        }
    }
}

/// The `Client` method that starts an operation's call: it takes the required parameters and
/// body, so the compiler checks they are given, and returns the request builder.
pub fn emit_method(op: &Operation) -> TokenStream {
    let Members { required, optional } = Members::of(op);
    let method = ident(&op.method_name);
    let request = ident(&op.request);
    let required = Required::of(op, &required);
    let (generics, lifetime) = required.lifetime();
    let receiver = if required.borrows {
        quote!(&'a self)
    } else {
        quote!(&self)
    };
    let names: Vec<&Ident> = required.arguments.iter().map(|(name, ..)| name).collect();
    let (parameters, unpack) = match &op.arguments {
        // Too many to take one by one: the fields of one struct, named where they are given.
        Some(arguments) => {
            let arguments = ident(arguments);
            (
                quote!(, arguments: #arguments #generics),
                quote!(let #arguments { #(#names),* } = arguments;),
            )
        }
        None => {
            let declarations = required
                .arguments
                .iter()
                .map(|(name, ty, _)| quote!(#name: #ty));
            (quote!(#(, #declarations)*), TokenStream::new())
        }
    };
    let unset_body = op
        .body
        .as_ref()
        .filter(|body| !body.required)
        .map(|_| quote!(body: None,));
    let unset = optional.iter().map(|param| {
        let name = ident(&param.name);
        quote!(#name: None,)
    });
    let docs = method_docs(op, &optional);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #docs
        #deprecated
        pub fn #method #generics(#receiver #parameters) -> #request<#lifetime> {
            #unpack
            #request {
                client: self,
                options: None,
                #(#names,)*
                #(#unset)*
                #unset_body
            }
        }
    }
}

/// The struct an operation with many required arguments takes them in.
fn emit_arguments(op: &Operation, name: &str) -> TokenStream {
    let Members { required, .. } = Members::of(op);
    let required = Required::of(op, &required);
    let (generics, _) = required.lifetime();
    let name = ident(name);
    let fields = required
        .arguments
        .iter()
        .map(|(field, ty, docs)| quote!(#docs pub #field: #ty,));
    let doc = format!(
        " The required arguments of [`Client::{}`], each named.",
        op.method_name
    );
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug)]
        pub struct #name #generics {
            #(#fields)*
        }
    }
}

/// An operation's request builder: the struct, its setters, `send`, and `IntoFuture`.
fn emit_request(op: &Operation, types: &TypeIndex<'_>) -> TokenStream {
    let Members { required, optional } = Members::of(op);
    let request = ident(&op.request);
    let method = &op.method_name;
    let mut fields = Vec::new();
    for param in required.iter().chain(&optional) {
        let name = ident(&param.name);
        let ty = held_param(param).ty;
        fields.push(if param.required {
            quote!(#name: #ty)
        } else {
            quote!(#name: Option<#ty>)
        });
    }
    let body_setter = op.body.as_ref().map(|body| {
        let ty = held_body(body).ty;
        if body.required {
            fields.push(quote!(body: #ty));
            TokenStream::new()
        } else {
            fields.push(quote!(body: Option<#ty>));
            let docs = doc_attrs(&body::setter_doc(body));
            quote! {
                #docs
                pub fn body(mut self, body: #ty) -> Self {
                    self.body = Some(body);
                    self
                }
            }
        }
    });
    let setters = optional.iter().map(|param| setter(param));
    let output = output_type(op);
    let send = emit_send(op, types);
    let settable = if optional.is_empty() && op.body.as_ref().is_none_or(|b| b.required) {
        ""
    } else {
        " set its optional parts by name, then"
    };
    let doc = format!(
        " A `{} {}` call, made by [`Client::{method}`]:{settable} `.await` it to send it.",
        op.http_method.as_str(),
        op.path.raw
    );
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        #[must_use = "a call is sent when it is awaited"]
        pub struct #request<'a> {
            client: &'a Client,
            options: Option<Options>,
            #(#fields,)*
        }

        impl<'a> #request<'a> {
            #(#setters)*
            #body_setter

            /// Changes the options of this call only (timeout, retries, hooks), starting from
            /// the client's.
            pub fn with_options(mut self, change: impl ::std::ops::FnOnce(Options) -> Options) -> Self {
                let options = self.options.take().unwrap_or_else(|| self.client.options.clone());
                self.options = Some(change(options));
                self
            }

            #send
        }

        impl<'a> ::std::future::IntoFuture for #request<'a> {
            type Output = #output;
            type IntoFuture = ::std::pin::Pin<::std::boxed::Box<dyn ::std::future::Future<Output = #output> + ::std::marker::Send + 'a>>;

            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }
    }
}

/// The setter of an optional parameter.
fn setter(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let ty = held_param(param).ty;
    let place = match param.location {
        ParamLocation::Path => "path segment",
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    let docs = doc_attrs(&paragraphs([
        param.description.as_deref(),
        Some(&*format!("Sent as the `{}` {place}.", param.api_name)),
    ]));
    quote! {
        #docs
        pub fn #name(mut self, #name: #ty) -> Self {
            self.#name = Some(#name);
            self
        }
    }
}

/// What awaiting the call gives.
fn output_type(op: &Operation) -> TokenStream {
    let success = success_type(op);
    let error = error_type(op);
    quote!(Result<ResponseValue<#success>, Error<#error>>)
}

/// The builder's `send`: the URL from the path, then the parameters and credentials added to
/// it and to the headers, then the call.
fn emit_send(op: &Operation, types: &TypeIndex<'_>) -> TokenStream {
    let arguments: Vec<&Param> = op.params.iter().filter(|p| !p.from_client).collect();
    let locals = Locals::new(&arguments);
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
    let names = arguments.iter().map(|p| ident(&p.name));
    let body = op.body.as_ref().map(|_| quote!(body,));
    let output = output_type(op);
    quote! {
        /// Sends the call; awaiting the builder does the same.
        pub async fn send(self) -> #output {
            let Self { client, options, #(#names,)* #body } = self;
            let #url_mut #url = runtime::endpoint(&client.base_url, &[#(#segments),*]);
            let #headers_mut #headers = ::reqwest::header::HeaderMap::new();
            #(#statements)*
            #call
        }
    }
}

/// The names of `send`'s locals, chosen so that no argument is shadowed.
struct Locals {
    url: Ident,
    headers: Ident,
    response: Ident,
    /// The value of the parameter being added.
    value: Ident,
}

impl Locals {
    fn new(arguments: &[&Param]) -> Self {
        let mut scope = Scope::with_reserved(&["body", "self", "client", "options"]);
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

/// Where a parameter's value is read from: its argument, or the client's field.
fn value_of(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    if param.from_client {
        quote!(client.#name)
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
            quote!(&runtime::joined_segment(#template, &[#(#pieces),*])?)
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
        quote!(runtime::path_value_or_empty(#api_name, #text)?)
    } else {
        quote!(runtime::path_value(#api_name, #text)?)
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
                quote!(runtime::append_query(&mut #url, #api_name, &#value, #style)?;),
            )
        }
        (ParamLocation::Header, _) => {
            let text = text_of(param, &quote!(#value));
            (
                Changes::Headers,
                quote!(runtime::insert_header(&mut #headers, #api_name, #text)?;),
            )
        }
        (ParamLocation::Cookie, _) => {
            let text = text_of(param, &quote!(#value));
            (
                Changes::Headers,
                quote!(runtime::add_cookie(&mut #headers, #api_name, #text)?;),
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
    let tokens = quote!(runtime::apply_credentials(&client.auth, &[#(#alternatives),*], &mut #url, &mut #headers)?;);
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
        None => quote!(None),
    };
    let idempotent = op.retry_safe;
    let follow_redirects = !op.success.iter().any(|case| case.status.is_redirect());
    let decodable = op
        .success
        .iter()
        .chain(&op.errors)
        .flat_map(|case| &case.decodable);
    let accept = match media::accept(decodable.map(String::as_str)) {
        Some(accept) => quote!(Some(#accept)),
        None => quote!(None),
    };
    let arms = response_arms(op, response);
    quote! {
        let #response = runtime::execute(&client.http, options.as_ref().unwrap_or(&client.options), runtime::Call {
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

fn method_docs(op: &Operation, optional: &[&Param]) -> TokenStream {
    let route = format!("`{} {}`", op.http_method.as_str(), op.path.raw);
    let mut arguments: String = op
        .params
        .iter()
        .filter(|p| p.required && !p.from_client)
        .filter_map(|param| argument_doc(op, param))
        .collect();
    if let Some(body) = op.body.as_ref().filter(|body| body.required) {
        arguments.push_str(&body::argument_doc(body));
    }
    let uses_client_params: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.from_client)
        .map(|p| format!("`{}`", p.api_name))
        .collect();
    let client_note = (!uses_client_params.is_empty())
        .then(|| format!("The client supplies {}.", uses_client_params.join(", ")));
    let mut by_name: Vec<String> = optional.iter().map(|p| format!("`{}`", p.name)).collect();
    if op.body.as_ref().is_some_and(|body| !body.required) {
        by_name.push("`body`".to_owned());
    }
    // Written after the spec's text and not escaped with it: the link is ours.
    let by_name_note = (!by_name.is_empty()).then(|| {
        let note = format!(
            " Set by name on the returned [`{}`]: {}.",
            op.request,
            by_name.join(", ")
        );
        quote!(#[doc = ""] #[doc = #note])
    });
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
        (!arguments.is_empty())
            .then_some(format!("Arguments:\n{arguments}"))
            .as_deref(),
        Some(responses.as_str()),
    ]);
    let docs = doc_attrs(&text);
    quote!(#docs #by_name_note)
}

/// The bullet documenting a required argument, when there is something to say about it.
fn argument_doc(op: &Operation, param: &Param) -> Option<String> {
    let description = param.description.as_deref().unwrap_or("").trim();
    let empty_note = param.may_be_empty.then(|| {
        let path = op.path.raw.replace(&format!("{{{}}}", param.api_name), "");
        format!("May be empty (the spec allows it): the path is then `{path}`.")
    });
    let text = [Some(description.replace('\n', " ")), empty_note]
        .into_iter()
        .flatten()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!text.is_empty()).then(|| format!("- `{}`: {text}\n", param.name))
}

/// The success, error and body enums and the request builder of one operation.
pub fn emit_operation_items(op: &Operation, types: &TypeIndex<'_>) -> TokenStream {
    let arguments = op.arguments.as_ref().map(|name| emit_arguments(op, name));
    let request = emit_request(op, types);
    let enums = super::client::emit_operation_enums(op);
    quote! { #arguments #request #enums }
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
        assert!(lib.contains("let url_2 = runtime::endpoint("), "{lib}");
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
