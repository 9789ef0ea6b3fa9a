//! What a request builder's `send` does: build the URL from the path, add the parameters and
//! credentials to it and to the headers, send the request, and decode the response by its
//! status.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::body::{self, TypeIndex};
use super::types::{TypePath, rust_type};
use crate::http::media;
use crate::ir::{
    Content, FixedParam, Operation, Param, ParamLocation, ParamStyle, PathPart, PathTemplate,
    ResponseCase, StatusMatch, TypeRef,
};
use crate::names::{Scope, ident};

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

/// The builder's `send` and the two plain functions it hands to the runtime's one `async`
/// function: `into_call`, which builds the request from the arguments (the URL from the path,
/// then the parameters and credentials added to it and to the headers), and
/// `decode_response`, which reads the response by its status. Nothing here is `async`, so
/// the compiler checks one future for the whole crate rather than one per operation.
///
/// Both name what the call gives as the `IntoFuture` impl's `Output`, which spells it out once:
/// a success type nested a few levels deep spelled in every signature is what clippy's
/// `type_complexity` refuses.
pub(super) fn emit_send(op: &Operation, types: &TypeIndex<'_>, error: &TokenStream) -> TokenStream {
    let output = quote!(<Self as ::std::future::IntoFuture>::Output);
    let into_call = emit_into_call(op, types, error);
    let arms = response_arms(op);
    quote! {
        /// Sends the call; awaiting the builder does the same.
        pub fn send(self) -> <Self as ::std::future::IntoFuture>::IntoFuture {
            let client = self.client;
            runtime::send(&client.http, &client.options, self.into_call(), Self::decode_response)
        }

        #into_call

        /// The response, read by its status.
        fn decode_response(response: runtime::Received) -> #output {
            match response.status() {
                #(#arms)*
            }
        }
    }
}

/// The request the arguments describe.
fn emit_into_call(op: &Operation, types: &TypeIndex<'_>, error: &TokenStream) -> TokenStream {
    let arguments: Vec<&Param> = op.params.iter().filter(|p| !p.from_client).collect();
    let locals = Locals::new(&arguments);
    let segments = path_segments(&op.path, &op.params);
    let statements: Vec<Statement> = (op.fixed.iter())
        .filter_map(|fixed| fixed_statement(fixed, &locals))
        .chain(
            op.params
                .iter()
                .filter_map(|param| param_statement(param, &locals)),
        )
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
    quote! {
        /// The request the arguments describe.
        fn into_call(self) -> Result<runtime::Call, Error<#error>> {
            let Self { client, options, #(#names,)* #body } = self;
            let #url_mut #url = runtime::endpoint(&client.base_url, &[#(#segments),*]);
            let #headers_mut #headers = ::reqwest::header::HeaderMap::new();
            #(#statements)*
            #call
        }
    }
}

/// The statement that sends a parameter of one possible value ([`FixedParam`]).
fn fixed_statement(fixed: &FixedParam, locals: &Locals) -> Option<Statement> {
    let Locals { url, headers, .. } = locals;
    let FixedParam {
        api_name, value, ..
    } = fixed;
    let (changes, tokens) = match fixed.location {
        ParamLocation::Query => (
            Changes::Url,
            quote!(#url.query_pairs_mut().append_pair(#api_name, #value);),
        ),
        ParamLocation::Header => (
            Changes::Headers,
            quote!(runtime::insert_header(&mut #headers, #api_name, #value)?;),
        ),
        ParamLocation::Cookie => (
            Changes::Headers,
            quote!(runtime::add_cookie(&mut #headers, #api_name, #value)?;),
        ),
        // A path parameter is part of the route, never fixed by the IR.
        ParamLocation::Path => return None,
    };
    Some(Statement { tokens, changes })
}

/// The names of `into_call`'s locals, chosen so that no argument is shadowed.
struct Locals {
    url: Ident,
    headers: Ident,
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

/// The call, as the runtime sends it.
fn call(op: &Operation, types: &TypeIndex<'_>, locals: &Locals) -> TokenStream {
    let Locals { url, headers, .. } = locals;
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
    quote! {
        Ok(runtime::Call {
            operation: #operation_id,
            method: ::reqwest::Method::#http_method,
            #url_init,
            #headers_init,
            body: #body_value,
            accept: #accept,
            idempotent: #idempotent,
            follow_redirects: #follow_redirects,
            options,
        })
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
fn response_arms(op: &Operation) -> Vec<TokenStream> {
    let mut arms = match &op.response_enum {
        None => same_body_arms(op),
        // Success statuses with different bodies: each has its variant of the response enum.
        Some(name) => enum_arms(&op.success, name, success_variant),
    };
    if let Some(name) = &op.error_enum {
        arms.extend(enum_arms(&op.errors, name, error_variant));
    }
    arms.sort_by_key(|(status, _)| *status);
    let has_default = arms
        .iter()
        .any(|(status, _)| *status == StatusMatch::Default);
    let mut arms: Vec<TokenStream> = arms.into_iter().map(|(_, arm)| arm).collect();
    if !has_default {
        arms.push(quote!(_ => response.unexpected(),));
    }
    arms
}

/// The success arms when every success status has the same body: one arm for the codes, one
/// per range.
fn same_body_arms(op: &Operation) -> Vec<(StatusMatch, TokenStream)> {
    let read = format_ident!("{}", reader(&op.success[0].content));
    let decode = quote!(response.#read());
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
fn success_variant(content: &Content, variant: TokenStream) -> TokenStream {
    match content {
        Content::Empty => quote!(response.empty().map(|value| value.map(|()| #variant))),
        Content::Json(ty) => {
            let ty = rust_type(ty, TypePath::InApiModule);
            quote!(response.json::<#ty, _>().map(|value| value.map(#variant)))
        }
        content => {
            let read = format_ident!("{}", reader(content));
            quote!(response.#read().map(|value| value.map(#variant)))
        }
    }
}

/// An error body decoded into `variant` of the error enum.
fn error_variant(content: &Content, variant: TokenStream) -> TokenStream {
    let read = format_ident!("error_{}", reader(content));
    quote!(response.#read(#variant))
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
                spec_root: None,
            }],
            layout: crate::Layout::Root,
            standalone: true,
            command: "cargo codegen generate".to_owned(),
            strict: false,
            operation_tests: false,
            history: None,
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
