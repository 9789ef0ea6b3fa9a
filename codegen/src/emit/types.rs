//! Named types (the `types` module) as tokens.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc_attrs, doc_paragraphs, first_line, inner_doc_lines, type_link};
use crate::ir::{
    Field, Gate, Serde, TaggedVariant, TypeDef, TypeKind, TypeRef, UntaggedVariant, Webhook,
};
use crate::names::ident;

/// Where a type's path is written: the same named type is `Name` inside the `types` module
/// and `types::Name` in the API's module around it (the client, its methods and enums).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TypePath {
    /// Inside the `types` module.
    InTypes,
    /// In the API's module, which contains `types`.
    InApiModule,
}

/// Whether a type's code names the runtime (so that its `types` module imports it): a type
/// holding bytes (`Binary`, `Base64`), a discriminated union (read and written by the
/// runtime's `tagged`), or a struct with a field the runtime reads or holds (a typed format, a
/// null that is an empty object, a request's `Nullable`).
pub fn references_runtime(def: &TypeDef) -> bool {
    let holds_bytes = |ty: &TypeRef| ty.holds(|ty| matches!(ty, TypeRef::Binary | TypeRef::Base64));
    match &def.kind {
        TypeKind::Tagged { .. } => true,
        TypeKind::Struct { fields, .. } => fields.iter().any(|field| {
            holds_bytes(&field.ty)
                || field.ty.is_formatted()
                || field.empty_object_is_null
                || (def.sent && field.nullable && !field.required)
        }),
        kind => kind.members().into_iter().any(holds_bytes),
    }
}

/// Whether the Rust type of `ty` is `Copy`, so that a call takes it by value, not borrowed.
pub fn is_copy(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::Bool
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Uuid
    )
}

/// The Rust type for a type reference, its named types written as seen from `written_in`.
pub fn rust_type(ty: &TypeRef, written_in: TypePath) -> TokenStream {
    let named = |name: &str| {
        let name = ident(name);
        match written_in {
            TypePath::InTypes => quote!(#name),
            TypePath::InApiModule => quote!(types::#name),
        }
    };
    match ty {
        TypeRef::Named(name) => named(name),
        TypeRef::Boxed(name) => {
            let inner = named(name);
            quote!(::std::boxed::Box<#inner>)
        }
        TypeRef::String => quote!(::std::string::String),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bool => quote!(bool),
        TypeRef::Vec(item) => {
            let item = rust_type(item, written_in);
            quote!(::std::vec::Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = rust_type(value, written_in);
            quote!(::std::collections::BTreeMap<::std::string::String, #value>)
        }
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::Binary => quote!(runtime::Binary),
        TypeRef::DateTime => quote!(::chrono::DateTime<::chrono::Utc>),
        TypeRef::Date => quote!(::chrono::NaiveDate),
        TypeRef::Uuid => quote!(::uuid::Uuid),
        TypeRef::Base64 => quote!(runtime::Base64),
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner, written_in);
            quote!(::std::option::Option<#inner>)
        }
    }
}

/// `#[allow(clippy::large_enum_variant)]` for an enum whose variants may differ much in size:
/// one holds a named type of the spec (which may be large) and another holds something else.
/// Boxing the large variant would cost every user an allocation, so the lint is allowed there
/// and nowhere else. `payloads`: each variant's type, `None` for no data or small data.
pub(super) fn allow_large_variants<'t>(
    payloads: impl IntoIterator<Item = Option<&'t TypeRef>>,
) -> Option<TokenStream> {
    fn may_be_large(ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(_) => true,
            TypeRef::Nullable(inner) => may_be_large(inner),
            _ => false,
        }
    }
    let payloads: Vec<Option<&TypeRef>> = payloads.into_iter().collect();
    let large = payloads.iter().flatten().any(|ty| may_be_large(ty));
    let differ = payloads.windows(2).any(|pair| pair[0] != pair[1]);
    (large && differ).then(|| quote!(#[allow(clippy::large_enum_variant)]))
}

/// The docs of a `types` module: what it holds, and the webhooks whose payloads it types.
pub fn module_docs(webhooks: &[Webhook]) -> TokenStream {
    let mut lines = vec!["Types of the request and response bodies.".to_owned()];
    if !webhooks.is_empty() {
        lines.extend(
            [
                "",
                "# Webhooks",
                "",
                "The provider sends these requests to you. Each body decodes into the type named,",
                "for example with `serde_json::from_slice`:",
                "",
            ]
            .map(str::to_owned),
        );
    }
    for webhook in webhooks {
        let payload = match &webhook.payload {
            Some(TypeRef::Named(name) | TypeRef::Boxed(name)) => type_link(name),
            Some(other) => format!("`{}`", rust_type(other, TypePath::InTypes)).replace(' ', ""),
            None => "no typed body".to_owned(),
        };
        let summary = webhook
            .summary
            .as_deref()
            .and_then(first_line)
            .map(|line| format!(": {}", line.trim()))
            .unwrap_or_default();
        lines.push(format!(
            "- {} ({}), {payload}{summary}",
            code(&webhook.name),
            code(&webhook.method)
        ));
    }
    inner_doc_lines(&lines)
}

/// One named type and its impls.
pub fn emit_type(def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(def.description.as_deref().unwrap_or(""));
    // Each of its items is compiled by the features that need the type.
    let docs = &match super::features::cfg(&def.gate) {
        Some(cfg) => quote!(#docs #cfg),
        None => docs,
    };
    let cfg = super::features::cfg(&def.gate);
    match &def.kind {
        TypeKind::Struct {
            fields,
            deny_unknown,
        } => {
            let deny = deny_unknown.then(|| quote!(#[serde(deny_unknown_fields)]));
            let all_optional = fields.iter().all(|f| !f.required || f.nullable);
            let default = all_optional.then(|| quote!(Default,));
            let fields = fields.iter().map(|field| emit_field(field, def.sent));
            let serde = serde_derives(def.serde);
            quote! {
                #docs
                #[derive(Clone, Debug, #default PartialEq, #serde)]
                #deny
                pub struct #name {
                    #(#fields)*
                }
            }
        }
        TypeKind::StringEnum { variants } => {
            emit_string_enum(&name, docs, cfg.as_ref(), variants, def.serde)
        }
        TypeKind::Untagged { variants } => emit_untagged(&def.name, docs, variants, def.serde),
        TypeKind::Tagged { property, variants } => {
            emit_tagged(&name, docs, cfg.as_ref(), property, variants, def.serde)
        }
        TypeKind::Alias(ty) => {
            let ty = rust_type(ty, TypePath::InTypes);
            quote! {
                #docs
                pub type #name = #ty;
            }
        }
    }
}

/// A union whose first variant that decodes wins. A variant only some features compile (an
/// expanded object, in place of its id) makes the enum `#[non_exhaustive]`, so that turning
/// a feature on, which adds the variant, breaks no one's `match`; and a value that needs it
/// fails to decode with an error that names the feature.
fn emit_untagged(
    name: &str,
    docs: &TokenStream,
    variants: &[UntaggedVariant],
    serde: Serde,
) -> TokenStream {
    let allowance = allow_large_variants(variants.iter().map(|v| Some(&v.ty)));
    // The variants each gate compiles, in order: "`Customer`, `DeletedCustomer` need ...".
    let mut by_gate: Vec<(&Gate, Vec<String>)> = Vec::new();
    for variant in variants.iter().filter(|v| !v.gate.0.is_empty()) {
        let name = format!("`{}`", variant.name);
        match by_gate.iter_mut().find(|(gate, _)| **gate == variant.gate) {
            Some((_, names)) => names.push(name),
            None => by_gate.push((&variant.gate, vec![name])),
        }
    }
    let gated: Vec<String> = by_gate
        .iter()
        .map(|(gate, names)| {
            let verb = if names.len() == 1 { "needs" } else { "need" };
            format!(
                "{} {verb} {}",
                names.join(", "),
                super::features::listed(gate)
            )
        })
        .collect();
    let declarations = variants.iter().map(|variant| {
        let cfg = super::features::cfg(&variant.gate);
        let note = cfg.is_some().then(|| {
            let needs = super::features::listed(&variant.gate);
            doc_attrs(&format!("Compiled with {needs}."))
        });
        let rust = ident(&variant.name);
        let ty = rust_type(&variant.ty, TypePath::InTypes);
        quote!(#note #cfg #rust(#ty),)
    });
    let open = (!gated.is_empty()).then(|| {
        let expecting = format!(
            "data did not match any variant of untagged enum {name} ({})",
            gated.join("; ")
        );
        quote!(#[non_exhaustive] #[serde(expecting = #expecting)])
    });
    let name = ident(name);
    let serde = serde_derives(serde);
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, #serde)]
        #[serde(untagged)]
        #open
        #allowance
        pub enum #name {
            #(#declarations)*
        }
    }
}

/// serde's derives a type needs (see [`Serde`]).
fn serde_derives(serde: Serde) -> TokenStream {
    let deserialize = serde.deserialize.then(|| quote!(::serde::Deserialize,));
    let serialize = serde.serialize.then(|| quote!(::serde::Serialize,));
    quote!(#deserialize #serialize)
}

/// Whether a required value of `ty` is read by the runtime's format rather than by its type's
/// own `Deserialize`: only a `date-time`, which the runtime also reads in the RFC 2822
/// spelling some servers use. The other formats' types read the same spellings themselves,
/// and each `deserialize_with` costs a wrapper type and two impls of serde's derive, which
/// rustc checks one by one.
fn reads_more_than_its_type(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::DateTime)
}

/// One field of a struct. `sent`: requests carry the struct, so an optional nullable field
/// tells `null` from absent; in a struct only ever received both read as `None`.
fn emit_field(field: &Field, sent: bool) -> TokenStream {
    let name = ident(&field.name);
    let docs = doc_attrs(field.description.as_deref().unwrap_or(""));
    let raw_name = name.to_string();
    let rename = (raw_name.trim_start_matches("r#") != field.api_name).then(|| {
        let api_name = &field.api_name;
        quote!(#[serde(rename = #api_name)])
    });
    let ty = rust_type(&field.ty, TypePath::InTypes);
    if field.flatten {
        return quote! { #docs #[serde(flatten)] pub #name: #ty, };
    }
    // `{}` read as `null` where the spec's null is an object with no properties; a value of a
    // format that does not parse read as no value (and kept aside) where there may be none.
    let read = |module: &str| {
        let with = if field.empty_object_is_null {
            format!("runtime::empty_object_is_null::{module}")
        } else if field.ty.is_formatted() && module != "nullable" {
            "runtime::formats::optional".to_owned()
        } else {
            return None;
        };
        Some(quote!(deserialize_with = #with))
    };
    if field.required && !field.nullable {
        let read = reads_more_than_its_type(&field.ty)
            .then(|| quote!(#[serde(deserialize_with = "runtime::formats::required")]));
        quote! { #docs #rename #read pub #name: #ty, }
    } else if field.required {
        // Required but nullable: always sent, `None` as `null`.
        let read = read("deserialize").map(|read| quote!(#[serde(default, #read)]));
        quote! { #docs #rename #read pub #name: ::std::option::Option<#ty>, }
    } else if field.nullable && sent {
        // Absent is not the same as `null` in a request: `null` often clears a value.
        let read = read("nullable").map(|read| quote!(, #read));
        quote! {
            #docs
            #rename
            #[serde(default, skip_serializing_if = "runtime::Nullable::is_absent" #read)]
            pub #name: runtime::Nullable<#ty>,
        }
    } else {
        let read = read("deserialize").map(|read| quote!(, #read));
        quote! {
            #docs
            #rename
            #[serde(default, skip_serializing_if = "Option::is_none" #read)]
            pub #name: ::std::option::Option<#ty>,
        }
    }
}

/// A discriminated union. Its serde impls are written out because serde's internally tagged
/// enums take the tag out before decoding a variant (whose struct has the tag as a required
/// field) and write it a second time on the way out: here a value is decoded whole by its
/// tag, and written with its tag exactly once.
fn emit_tagged(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    cfg: Option<&TokenStream>,
    property: &str,
    variants: &[TaggedVariant],
    serde: Serde,
) -> TokenStream {
    let mut claimed = std::collections::BTreeSet::new();
    let mut declarations = Vec::new();
    let mut writes = Vec::new();
    let mut reads = Vec::new();
    for variant in variants {
        let rust = ident(&variant.name);
        let tags: Vec<&String> = variant
            .tags
            .iter()
            .filter(|tag| claimed.insert(tag.as_str()))
            .collect();
        let selected_by = match tags.as_slice() {
            [] => format!(
                "No {} value selects this variant; it is only written.",
                code(property)
            ),
            tags => format!(
                "{}: {}.",
                code(property),
                tags.iter().map(|t| code(t)).collect::<Vec<_>>().join(", ")
            ),
        };
        let doc = doc_paragraphs([variant.description.as_deref(), Some(&*selected_by)]);
        let all_tags = &variant.tags;
        let first_tag = all_tags.first().map_or("", String::as_str);
        match &variant.ty {
            Some(ty) => {
                let ty = rust_type(ty, TypePath::InTypes);
                declarations.push(quote! { #doc #rust(#ty), });
                writes.push(quote! {
                    Self::#rust(value) => runtime::tagged::serialize(value, #property, &[#(#all_tags),*], serializer),
                });
            }
            None => {
                declarations.push(quote! { #doc #rust, });
                writes.push(quote! {
                    Self::#rust => runtime::tagged::serialize_tag(#property, #first_tag, serializer),
                });
            }
        }
        if !tags.is_empty() {
            let decode = match (&variant.ty, variant.keeps_tag) {
                (None, _) => quote!(::std::result::Result::Ok(Self::#rust)),
                (Some(_), true) => quote!(runtime::tagged::variant(value).map(Self::#rust)),
                (Some(_), false) => {
                    quote!(runtime::tagged::variant_without_tag(value, #property).map(Self::#rust))
                }
            };
            reads.push(quote! {
                ::std::option::Option::Some(#(#tags)|*) => #decode,
            });
        }
    }
    let serialize = serde.serialize.then(|| {
        quote! {
            #cfg
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    match self {
                        #(#writes)*
                        Self::Unknown(value) => ::serde::Serialize::serialize(value, serializer),
                    }
                }
            }
        }
    });
    let deserialize = serde.deserialize.then(|| {
        quote! {
            #cfg
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    match runtime::tagged::tag(&value, #property) {
                        #(#reads)*
                        _ => ::std::result::Result::Ok(Self::Unknown(value)),
                    }
                }
            }
        }
    });
    let unknown_doc = format!(
        " A value whose {} is none of the above, kept as it came.",
        code(property)
    );
    // `Unknown` holds a JSON value: small.
    let allowance = allow_large_variants(
        variants
            .iter()
            .map(|variant| variant.ty.as_ref())
            .chain([None]),
    );
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        #allowance
        pub enum #name {
            #(#declarations)*
            #[doc = #unknown_doc]
            Unknown(::serde_json::Value),
        }

        #serialize
        #deserialize
    }
}

/// A string enum that keeps values it does not know (servers add values over time).
fn emit_string_enum(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    cfg: Option<&TokenStream>,
    variants: &[(String, String)],
    serde: Serde,
) -> TokenStream {
    let idents: Vec<_> = variants.iter().map(|(v, _)| ident(v)).collect();
    let wires: Vec<&str> = variants.iter().map(|(_, w)| w.as_str()).collect();
    let variant_docs = wires.iter().map(|w| format!(" {}", code(w)));
    // An enum whose listed values are all non-strings has no known variant to match.
    let from_body = if variants.is_empty() {
        quote!(Self::Unknown(value.to_owned()))
    } else {
        quote! {
            match value {
                #( #wires => Self::#idents, )*
                other => Self::Unknown(other.to_owned()),
            }
        }
    };
    let serialize = serde.serialize.then(|| {
        quote! {
            #cfg
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }
        }
    });
    let deserialize = serde.deserialize.then(|| {
        quote! {
            #cfg
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                    Ok(Self::from(value.as_str()))
                }
            }
        }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #[doc = #variant_docs] #idents, )*
            /// A value this client does not know yet.
            Unknown(::std::string::String),
        }

        #cfg
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#idents => #wires, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        #cfg
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #cfg
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                #from_body
            }
        }

        #serialize
        #deserialize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variant_of_another_feature_is_compiled_with_it_and_named_when_a_value_needs_it() {
        let expanded = |name: &str| {
            let ty = TypeRef::Boxed(name.to_owned());
            let mut variant = UntaggedVariant::new(name.to_owned(), ty);
            variant.gate = Gate(vec!["customers".to_owned()]);
            variant
        };
        let variants = [
            UntaggedVariant::new("String".to_owned(), TypeRef::String),
            expanded("Customer"),
            expanded("DeletedCustomer"),
        ];
        let serde = Serde {
            serialize: false,
            deserialize: true,
        };
        let tokens = emit_untagged("PaymentCustomer", &quote!(), &variants, serde);
        let file = syn::parse2(tokens).expect("an item");
        expect_test::expect![[r##"
            #[derive(Clone, Debug, PartialEq, ::serde::Deserialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            #[serde(
                expecting = "data did not match any variant of untagged enum PaymentCustomer (`Customer`, `DeletedCustomer` need the `customers` feature)"
            )]
            pub enum PaymentCustomer {
                String(::std::string::String),
                /// Compiled with the `customers` feature.
                #[cfg(feature = "customers")]
                Customer(::std::boxed::Box<Customer>),
                /// Compiled with the `customers` feature.
                #[cfg(feature = "customers")]
                DeletedCustomer(::std::boxed::Box<DeletedCustomer>),
            }
        "##]]
        .assert_eq(&prettyplease::unparse(&file));
    }
}
