//! Stage 6: what every file of the generated crate holds, and the tokens of each part.
//!
//! [`plan`] lays out the files as lists of [`Item`]s that point into the IR; [`Item::tokens`]
//! emits one of them. The render stage emits and formats item by item, on every core, so a
//! large API's tokens and syntax trees are never all in memory at once.
//!
//! The plan is keyed by file path in a `BTreeMap` and every list follows the IR's sorted
//! order, so the set of files and their contents never depend on discovery order or on
//! which thread formatted what.

mod body;
mod client;
mod docs;
mod manifest;
mod types;

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Content, CredentialPlacement, Operation, TypeDef};
use crate::names::ident;

use body::TypeIndex;
pub use manifest::manifest;

/// One API and the module it goes in (`None`: the crate root).
pub struct ApiModule<'a> {
    /// Module name, or `None` to put the API at the crate root.
    pub module: Option<String>,
    /// The API.
    pub api: &'a Api,
}

/// A Rust file of the generated crate, as runs of items emitted and formatted one by one.
pub type Planned<'a> = Vec<Part<'a>>;

/// A run of a Rust file.
pub enum Part<'a> {
    /// Hand-written code copied as it is (the runtime).
    Verbatim(&'static str),
    /// Items at the file's top level.
    Items(Vec<Item<'a>>),
    /// The `impl Client` block, whose members are formatted one by one: a large API's client
    /// has hundreds of methods.
    ClientImpl(Vec<Item<'a>>),
}

impl<'a> Part<'a> {
    /// The items this run formats, and whether they are members of `impl Client`; `None` for
    /// verbatim text.
    pub fn formatted(&self) -> Option<(&[Item<'a>], bool)> {
        match self {
            Part::Verbatim(_) => None,
            Part::Items(items) => Some((items, false)),
            Part::ClientImpl(items) => Some((items, true)),
        }
    }
}

/// Something emitted as one unit of tokens.
#[derive(Clone, Copy)]
pub enum Item<'a> {
    /// The crate root's docs, module declarations and re-exports.
    CrateRoot {
        /// The crate-level docs.
        description: &'a str,
        /// The API modules.
        modules: &'a [String],
    },
    /// An API's module docs, its `types` module, credentials, builder and client struct.
    ApiHead {
        /// The API.
        api: &'a Api,
        /// Whether the API has a module of its own (and so module-level docs).
        own_module: bool,
    },
    /// The members of `impl Client` before the operations' methods.
    ClientMembers(&'a Api),
    /// One operation's method.
    Method(&'a Operation, TypeIndex<'a>),
    /// One operation's response, error and body enums.
    OperationEnums(&'a Operation),
    /// The docs of a `types` module.
    TypesHead,
    /// One named type and its impls.
    Type(&'a TypeDef),
    /// The runtime's submodules this crate needs.
    RuntimeParts(RuntimeNeeds),
}

/// The parts of the runtime only some APIs need; each brings a dependency.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RuntimeNeeds {
    /// HTTP basic authentication (`base64`).
    pub basic_auth: bool,
    /// Form-encoded request bodies (`form_urlencoded`).
    pub form: bool,
}

impl RuntimeNeeds {
    /// What the APIs use.
    pub fn of<'a>(apis: impl IntoIterator<Item = &'a Api>) -> Self {
        let mut needs = Self::default();
        for api in apis {
            needs.basic_auth |= api
                .credentials
                .iter()
                .any(|c| c.placement == CredentialPlacement::Basic);
            needs.form |= api
                .operations
                .iter()
                .flat_map(|op| op.body.iter().flat_map(|body| body.media()))
                .any(|media| matches!(media.content, Content::Form { .. }));
        }
        needs
    }
}

impl Item<'_> {
    /// The item's tokens.
    pub fn tokens(self) -> TokenStream {
        match self {
            Item::CrateRoot {
                description,
                modules,
            } => crate_root(description, modules),
            Item::ApiHead { api, own_module } => client::emit_head(api, own_module),
            Item::ClientMembers(api) => client::emit_client_members(api),
            Item::Method(op, types) => client::emit_method(op, &types),
            Item::OperationEnums(op) => client::emit_operation_enums(op),
            Item::TypesHead => quote! {
                //! Types of the request and response bodies.
            },
            Item::Type(def) => types::emit_type(def),
            Item::RuntimeParts(needs) => runtime_parts(needs),
        }
    }
}

/// The hand-written runtime, copied into every generated crate.
pub const RUNTIME: &str = include_str!("../../runtime/runtime.rs");
/// The runtime's HTTP basic authentication, copied into crates that use it.
const RUNTIME_BASIC_AUTH: &str = include_str!("../../runtime/basic_auth.rs");
/// The runtime's form-encoded bodies, copied into crates that use them.
const RUNTIME_FORM: &str = include_str!("../../runtime/form.rs");

/// Every source file of the crate, keyed by path relative to the crate root. `modules` holds
/// the module names of `apis` in order; the plan borrows from both.
pub fn plan<'a>(
    crate_description: &'a str,
    apis: &'a [ApiModule<'a>],
    modules: &'a [String],
) -> BTreeMap<PathBuf, Planned<'a>> {
    let mut files = BTreeMap::new();
    let mut lib = vec![Item::CrateRoot {
        description: crate_description,
        modules,
    }];
    let mut lib_parts = Vec::new();
    for ApiModule { module, api } in apis {
        let mut parts = vec![
            Part::Items(vec![Item::ApiHead {
                api,
                own_module: module.is_some(),
            }]),
            Part::ClientImpl(
                std::iter::once(Item::ClientMembers(api))
                    .chain(
                        api.operations
                            .iter()
                            .map(|op| Item::Method(op, TypeIndex::new(&api.types))),
                    )
                    .collect(),
            ),
            Part::Items(api.operations.iter().map(Item::OperationEnums).collect()),
        ];
        let folder = match module {
            Some(module) => {
                files.insert(PathBuf::from(format!("src/{module}.rs")), parts);
                format!("src/{module}")
            }
            None => {
                lib_parts.append(&mut parts);
                "src".to_owned()
            }
        };
        if !api.types.is_empty() {
            let types = std::iter::once(Item::TypesHead).chain(api.types.iter().map(Item::Type));
            files.insert(
                PathBuf::from(format!("{folder}/types.rs")),
                vec![Part::Items(types.collect())],
            );
        }
    }
    // The root API's head follows the crate's own items, in the same run.
    if let Some(Part::Items(head)) = lib_parts.first_mut() {
        lib.append(head);
        lib_parts.remove(0);
    }
    lib_parts.insert(0, Part::Items(lib));
    files.insert(PathBuf::from("src/lib.rs"), lib_parts);
    let needs = RuntimeNeeds::of(apis.iter().map(|a| a.api));
    files.insert(
        PathBuf::from("src/runtime.rs"),
        vec![
            Part::Verbatim(RUNTIME),
            Part::Items(vec![Item::RuntimeParts(needs)]),
        ],
    );
    for (needed, path, text) in [
        (
            needs.basic_auth,
            "src/runtime/basic_auth.rs",
            RUNTIME_BASIC_AUTH,
        ),
        (needs.form, "src/runtime/form.rs", RUNTIME_FORM),
    ] {
        if needed {
            files.insert(PathBuf::from(path), vec![Part::Verbatim(text)]);
        }
    }
    files
}

/// Declares the runtime's submodules this crate needs.
fn runtime_parts(needs: RuntimeNeeds) -> TokenStream {
    let basic_auth = needs.basic_auth.then(|| {
        quote!(
            mod basic_auth;
        )
    });
    let form = needs.form.then(|| {
        quote! {
            mod form;
            #[doc(hidden)]
            pub use form::form_body;
        }
    });
    quote! { #basic_auth #form }
}

fn crate_root(description: &str, modules: &[String]) -> TokenStream {
    let module_idents = modules.iter().map(|m| ident(m));
    let crate_docs = docs::inner_doc_attrs(description);
    quote! {
        #crate_docs
        #![forbid(unsafe_code)]

        pub mod runtime;
        #( pub mod #module_idents; )*

        pub use runtime::{Attempt, Binary, BuildError, Error, Options, RawResponse, ResponseValue, Secret};
    }
}
