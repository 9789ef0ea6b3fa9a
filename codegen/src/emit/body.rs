//! Request bodies: the argument a method takes, the enum the caller picks a media type with
//! when the spec offers several, and the code that encodes the body.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc_attrs, method_link};
use super::types::{TypePath, allow_large_variants, rust_type};
use crate::ir::{Body, BodyMedia, Content, Field, Operation, SentAs, TypeDef, TypeKind, TypeRef};
use crate::names::ident;

/// The named types of one API, for looking into a multipart body's fields.
#[derive(Clone, Copy)]
pub struct TypeIndex<'a>(&'a [TypeDef]);

impl<'a> TypeIndex<'a> {
    /// The index of `types`, which the IR keeps sorted by name.
    pub fn new(types: &'a [TypeDef]) -> Self {
        debug_assert!(types.is_sorted_by(|a, b| a.name < b.name));
        Self(types)
    }

    fn get(&self, name: &str) -> Option<&'a TypeDef> {
        let found = self.0.binary_search_by(|def| def.name.as_str().cmp(name));
        found.ok().map(|index| &self.0[index])
    }
}

/// How a request builder holds the body, and whether that borrows: the caller's value, except
/// bytes, which are moved in.
pub fn held_type(body: &Body) -> (TokenStream, bool) {
    match &body.sent_as {
        SentAs::Choice { name, .. } => {
            let name = ident(name);
            (quote!(&'a #name), true)
        }
        SentAs::One(media) => match &media.content {
            Content::Json(ty) | Content::Form { ty, .. } | Content::Multipart { ty, .. } => {
                let ty = rust_type(ty, TypePath::InApiModule);
                (quote!(&'a #ty), true)
            }
            Content::Text => (quote!(&'a str), true),
            Content::Bytes | Content::Empty => (quote!(::std::vec::Vec<u8>), false),
        },
    }
}

/// The request body as an `Option<RequestBody>` expression, from the `body` argument.
pub fn value(body: &Body, types: &TypeIndex<'_>) -> TokenStream {
    let encoded = match &body.sent_as {
        SentAs::Choice { name, media } => {
            let name = ident(name);
            let arms = media.iter().map(|media| {
                let variant = ident(&media.variant);
                // Inside the enum every body is borrowed; bytes are copied into the request.
                let encode = encode(media, types, true);
                quote!(#name::#variant(body) => #encode,)
            });
            quote!(match body { #(#arms)* })
        }
        SentAs::One(media) => encode(media, types, false),
    };
    if body.required {
        quote!(Some(#encoded))
    } else {
        quote! {
            body.map(|body| Result::<_, runtime::Error<_>>::Ok(#encoded))
                .transpose()?
        }
    }
}

/// A `RequestBody` expression encoding `body` as one media type. `borrowed`: bytes are
/// behind a reference (in the choice enum) rather than owned (a `Vec<u8>` argument).
fn encode(media: &BodyMedia, types: &TypeIndex<'_>, borrowed: bool) -> TokenStream {
    let media_type = &media.media_type;
    let bytes = match &media.content {
        Content::Json(_) => quote!(runtime::json_body(body)?),
        Content::Form { deep_object, .. } => {
            quote!(runtime::form_body(body, &[#(#deep_object),*])?)
        }
        Content::Multipart {
            ty,
            deep_object,
            file_types,
        } => return multipart(ty, deep_object, file_types, types),
        Content::Text => quote!(body.as_bytes().to_vec()),
        Content::Bytes | Content::Empty if borrowed => quote!(body.clone()),
        Content::Bytes | Content::Empty => quote!(body),
    };
    quote!(runtime::RequestBody::new(#media_type, #bytes))
}

/// A block that builds a multipart body from `body`, one part per property in the spec's
/// order. Which part a property becomes is decided here, from its type: a `Binary` is a file,
/// anything else a value (text, or JSON for objects). A body whose type has no known
/// properties is written property by property as values.
fn multipart(
    ty: &TypeRef,
    deep_object: &[String],
    file_types: &[(String, String)],
    types: &TypeIndex<'_>,
) -> TokenStream {
    let fields = match ty {
        TypeRef::Named(name) | TypeRef::Boxed(name) => match types.get(name.as_str()) {
            Some(TypeDef {
                kind: TypeKind::Struct { fields, .. },
                ..
            }) => Some(fields),
            _ => None,
        },
        _ => None,
    };
    let parts = match fields {
        Some(fields) if fields.is_empty() => {
            return quote!(runtime::Multipart::default().finish());
        }
        Some(fields) => {
            let parts = fields.iter().map(|field| {
                let file_type = file_types
                    .iter()
                    .find(|(property, _)| *property == field.api_name)
                    .map_or("application/octet-stream", |(_, media)| media.as_str());
                field_parts(
                    field,
                    deep_object.contains(&field.api_name),
                    file_type,
                    types,
                )
            });
            quote!(#(#parts)*)
        }
        None => quote!(form.properties(body)?;),
    };
    quote! {{
        let mut form = runtime::Multipart::default();
        #parts
        form.finish()
    }}
}

/// The statements adding one field's parts; absent and `null` values add none.
fn field_parts(
    field: &Field,
    deep_object: bool,
    file_type: &str,
    types: &TypeIndex<'_>,
) -> TokenStream {
    let name = ident(&field.name);
    let api_name = &field.api_name;
    let add = |value: TokenStream| {
        if deep_object {
            quote!(form.deep_object(#api_name, #value)?;)
        } else {
            parts_of(
                &field.ty,
                &value,
                api_name,
                file_type,
                types,
                &mut BTreeSet::new(),
            )
        }
    };
    match (field.required, field.nullable) {
        (true, false) => add(quote!(&body.#name)),
        (true, true) | (false, false) => {
            let add = add(quote!(value));
            quote! { if let Some(value) = &body.#name { #add } }
        }
        // A body's type is sent, so its optional nullable fields are `Nullable`; `null` is
        // left out like absent, as a part cannot say `null`.
        (false, true) => {
            let add = add(quote!(value));
            quote! { if let runtime::Nullable::Value(value) = &body.#name { #add } }
        }
    }
}

/// The statements adding the parts of `value` (a reference to a `ty`): files where the type
/// holds `Binary` (directly, in a list, or in a union such as OpenAI's "one image or a list of
/// images"), one value part otherwise. `seen` stops at types that contain themselves.
fn parts_of(
    ty: &TypeRef,
    value: &TokenStream,
    api_name: &str,
    file_type: &str,
    types: &TypeIndex<'_>,
    seen: &mut BTreeSet<String>,
) -> TokenStream {
    if !holds_binary(ty, types, &mut BTreeSet::new()) {
        return quote!(form.value(#api_name, #value)?;);
    }
    match ty {
        TypeRef::Binary => quote!(form.file(#api_name, #value, #file_type);),
        TypeRef::Vec(item) => {
            let add = parts_of(item, &quote!(item), api_name, file_type, types, seen);
            quote!(for item in #value { #add })
        }
        TypeRef::Nullable(inner) => {
            let add = parts_of(inner, &quote!(inner), api_name, file_type, types, seen);
            quote!(if let Some(inner) = #value { #add })
        }
        TypeRef::Named(name) | TypeRef::Boxed(name) if seen.insert(name.clone()) => {
            let def = types.get(name.as_str()).map(|def| &def.kind);
            let scrutinee = match ty {
                TypeRef::Boxed(_) => quote!(&**#value),
                _ => value.clone(),
            };
            let tokens = match def {
                Some(TypeKind::Untagged { variants }) => {
                    let union = ident(name);
                    let arms = variants.iter().map(|variant| {
                        let cfg = super::features::cfg(&variant.gate);
                        let add = parts_of(
                            &variant.ty,
                            &quote!(inner),
                            api_name,
                            file_type,
                            types,
                            seen,
                        );
                        let variant = ident(&variant.name);
                        quote!(#cfg types::#union::#variant(inner) => { #add })
                    });
                    quote!(match #scrutinee { #(#arms)* })
                }
                Some(TypeKind::Alias(inner)) => {
                    parts_of(inner, value, api_name, file_type, types, seen)
                }
                _ => quote!(form.value(#api_name, #value)?;),
            };
            seen.remove(name);
            tokens
        }
        _ => quote!(form.value(#api_name, #value)?;),
    }
}

/// Whether a value of the type can hold bytes that must be sent as a file.
fn holds_binary(ty: &TypeRef, types: &TypeIndex<'_>, seen: &mut BTreeSet<String>) -> bool {
    match ty {
        TypeRef::Binary => true,
        TypeRef::Vec(item) | TypeRef::Nullable(item) => holds_binary(item, types, seen),
        TypeRef::Named(name) | TypeRef::Boxed(name) => {
            if !seen.insert(name.clone()) {
                return false;
            }
            match types.get(name.as_str()).map(|def| &def.kind) {
                Some(TypeKind::Untagged { variants }) => {
                    variants.iter().any(|v| holds_binary(&v.ty, types, seen))
                }
                Some(TypeKind::Alias(inner)) => holds_binary(inner, types, seen),
                _ => false,
            }
        }
        _ => false,
    }
}

/// The enum a caller picks the body's media type with, when the spec offers several.
pub fn choice_enum(op: &Operation) -> Option<TokenStream> {
    let SentAs::Choice { name, media } = &op.body.as_ref()?.sent_as else {
        return None;
    };
    let name = ident(name);
    let allowance = allow_large_variants(media.iter().map(|media| media.content.ty()));
    let cfg = super::features::operation_cfg(op);
    let doc = format!(
        " The request body of {}, in one of the media types it accepts.",
        method_link(&op.method_name)
    );
    let variants = media.iter().map(|media| {
        let variant = ident(&media.variant);
        let docs = doc_attrs(&format!(
            "`{}`{}.",
            media.media_type,
            sent_as(&media.content)
        ));
        let ty = match &media.content {
            Content::Json(ty) | Content::Form { ty, .. } | Content::Multipart { ty, .. } => {
                rust_type(ty, TypePath::InApiModule)
            }
            Content::Text => quote!(::std::string::String),
            Content::Bytes | Content::Empty => quote!(::std::vec::Vec<u8>),
        };
        quote!(#docs #variant(#ty),)
    });
    Some(quote! {
        #[doc = #doc]
        #cfg
        #[derive(Clone, Debug, PartialEq)]
        #allowance
        pub enum #name {
            #(#variants)*
        }
    })
}

/// How a body of this content is written, for docs: said only where the caller must know.
fn sent_as(content: &Content) -> &'static str {
    match content {
        Content::Bytes | Content::Empty => " (the bytes as given)",
        _ => "",
    }
}

/// The line documenting the `body` argument.
pub fn argument_doc(body: &Body) -> String {
    format!("- `body` ({}): {}\n", media_doc(body), description(body))
}

/// The docs of the `body` setter of a request whose body is optional.
pub fn setter_doc(body: &Body) -> String {
    format!("{}\n\nSent as {}.", description(body), media_doc(body))
}

fn description(body: &Body) -> String {
    let text = body.description.as_deref().unwrap_or("The request body.");
    text.trim().replace('\n', " ")
}

/// The media types a body is sent as, for docs.
fn media_doc(body: &Body) -> String {
    let mut media: Vec<String> = body
        .media()
        .iter()
        .map(|media| format!("{}{}", code(&media.media_type), sent_as(&media.content)))
        .collect();
    let last = media.pop().unwrap_or_default();
    let media = if media.is_empty() {
        last
    } else {
        format!("{} or {last}", media.join(", "))
    };
    match &body.sent_as {
        SentAs::Choice { name, .. } => format!("`{name}`: {media}"),
        SentAs::One(_) => media,
    }
}
