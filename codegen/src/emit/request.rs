//! One operation's call: the `Client` method that starts it with the required arguments, and
//! the request builder it returns, which takes the optional ones by name and is sent when
//! awaited (what sending does is `send`'s).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::body::{self, TypeIndex};
use super::docs::{code, doc_attrs, doc_paragraphs, method_link, type_link};
use super::send;
use super::types::{TypePath, is_copy, rust_type};
use crate::ir::{Body, Content, Operation, Param, ParamLocation, StatusMatch, TypeRef};
use crate::names::ident;

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
    let cfg = super::features::operation_cfg(op);
    quote! {
        #docs
        #cfg
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
        " The required arguments of {}, each named.",
        method_link(&op.method_name)
    );
    let cfg = super::features::operation_cfg(op);
    quote! {
        #[doc = #doc]
        #cfg
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
    let (success, error) = (success_type(op), error_type(op));
    let output = quote!(Result<ResponseValue<#success>, Error<#error>>);
    let send = send::emit_send(op, types, &error);
    let settable = if optional.is_empty() && op.body.as_ref().is_none_or(|b| b.required) {
        ""
    } else {
        " set its optional parts by name, then"
    };
    let doc = format!(
        " A {} call, made by {}:{settable} `.await` it to send it.",
        code(&format!("{} {}", op.http_method.as_str(), op.path.raw)),
        method_link(method)
    );
    let cfg = super::features::operation_cfg(op);
    quote! {
        #[doc = #doc]
        #cfg
        #[derive(Debug)]
        #[must_use = "a call is sent when it is awaited"]
        pub struct #request<'a> {
            client: &'a Client,
            options: Option<Options>,
            #(#fields,)*
        }

        #cfg
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

        #cfg
        impl<'a> ::std::future::IntoFuture for #request<'a> {
            type Output = #output;
            type IntoFuture = runtime::Pending<'a, #success, #error>;

            fn into_future(self) -> Self::IntoFuture {
                self.send()
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
    let docs = doc_paragraphs([
        param.description.as_deref(),
        Some(&*format!("Sent as the {} {place}.", code(&param.api_name))),
    ]);
    quote! {
        #docs
        pub fn #name(mut self, #name: #ty) -> Self {
            self.#name = Some(#name);
            self
        }
    }
}

/// The docs of an operation's method: the spec's text, its route, its required arguments,
/// its responses, and what its builder sets by name.
fn method_docs(op: &Operation, optional: &[&Param]) -> TokenStream {
    let route = code(&format!("{} {}", op.http_method.as_str(), op.path.raw));
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
        .map(|p| code(&p.api_name))
        .collect();
    let client_note = (!uses_client_params.is_empty())
        .then(|| format!("The client supplies {}.", uses_client_params.join(", ")));
    let fixed_note = fixed_note(op);
    let mut by_name: Vec<String> = optional.iter().map(|p| format!("`{}`", p.name)).collect();
    if op.body.as_ref().is_some_and(|body| !body.required) {
        by_name.push("`body`".to_owned());
    }
    // Written after the spec's text and not escaped with it: the link is ours.
    let by_name_note = (!by_name.is_empty()).then(|| {
        let note = format!(
            " Set by name on the returned {}: {}.",
            type_link(&op.request),
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
    let docs = doc_paragraphs([
        op.summary.as_deref(),
        op.description.as_deref(),
        Some(&*format!("{route} (operation {}).", code(&op.operation_id))),
        super::features::operation_note(op).as_deref(),
        client_note.as_deref(),
        fixed_note.as_deref(),
        (!arguments.is_empty())
            .then_some(format!("Arguments:\n{arguments}"))
            .as_deref(),
        Some(responses.as_str()),
    ]);
    quote!(#docs #by_name_note)
}

/// What every call sends without the caller giving it, when there is any.
fn fixed_note(op: &Operation) -> Option<String> {
    let sent: Vec<String> = (op.fixed.iter())
        .map(|fixed| {
            let (name, value) = (&fixed.api_name, &fixed.value);
            match fixed.location {
                ParamLocation::Query => {
                    format!("{} in the query", code(&format!("{name}={value}")))
                }
                ParamLocation::Header => {
                    format!("the header {}", code(&format!("{name}: {value}")))
                }
                ParamLocation::Cookie => format!("the cookie {}", code(&format!("{name}={value}"))),
                ParamLocation::Path => {
                    format!("{} as {}", code(value), code(&format!("{{{name}}}")))
                }
            }
        })
        .collect();
    (!sent.is_empty()).then(|| {
        format!(
            "Every call sends {}, which the spec fixes.",
            sent.join(", ")
        )
    })
}

/// The bullet documenting a required argument, when there is something to say about it.
fn argument_doc(op: &Operation, param: &Param) -> Option<String> {
    let description = param.description.as_deref().unwrap_or("").trim();
    let empty_note = param.may_be_empty.then(|| {
        let path = op.path.raw.replace(&format!("{{{}}}", param.api_name), "");
        format!(
            "May be empty (the spec allows it): the path is then {}.",
            code(&path)
        )
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
