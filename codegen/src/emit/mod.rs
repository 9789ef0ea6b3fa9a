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

use crate::ir::{Api, Operation, TypeDef};
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

/// What a file of the generated crate holds.
pub enum Planned<'a> {
    /// A Rust file, as parts emitted and formatted one by one.
    Rust(Vec<Part<'a>>),
    /// Text copied as it is.
    Text(&'static str),
}

/// A run of a Rust file.
pub enum Part<'a> {
    /// Items at the file's top level.
    Items(Vec<Item<'a>>),
    /// The `impl Client` block, whose members are formatted one by one: a large API's client
    /// has hundreds of methods.
    ClientImpl(Vec<Item<'a>>),
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
        }
    }
}

/// The hand-written runtime, copied into every generated crate.
pub const RUNTIME: &str = include_str!("../../runtime/runtime.rs");

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
                files.insert(
                    PathBuf::from(format!("src/{module}.rs")),
                    Planned::Rust(parts),
                );
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
                Planned::Rust(vec![Part::Items(types.collect())]),
            );
        }
    }
    // The root API's head follows the crate's own items, in the same run.
    if let Some(Part::Items(head)) = lib_parts.first_mut() {
        lib.append(head);
        lib_parts.remove(0);
    }
    lib_parts.insert(0, Part::Items(lib));
    files.insert(PathBuf::from("src/lib.rs"), Planned::Rust(lib_parts));
    files.insert(PathBuf::from("src/runtime.rs"), Planned::Text(RUNTIME));
    files
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
