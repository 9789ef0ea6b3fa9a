//! Stage 6: tokens for every file of the generated crate.
//!
//! Output is keyed by file path in a `BTreeMap`, so the set of files and their order never
//! depend on the order in which things were discovered.

mod body;
mod client;
mod docs;
mod manifest;
mod types;

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;
use crate::names::ident;

pub use manifest::manifest;

/// One API and the module it goes in (`None`: the crate root).
pub struct ApiModule<'a> {
    /// Module name, or `None` to put the API at the crate root.
    pub module: Option<String>,
    /// The API.
    pub api: &'a Api,
}

/// A Rust source file before formatting, or a file emitted as it is.
pub enum FileContent {
    /// Tokens of a whole file.
    Rust(TokenStream),
    /// Text emitted verbatim.
    Text(String),
}

/// The hand-written runtime, copied into every generated crate.
pub const RUNTIME: &str = include_str!("../../runtime/runtime.rs");

/// Tokens of every source file of the crate, keyed by path relative to the crate root.
pub fn emit_sources(
    crate_description: &str,
    apis: &[ApiModule<'_>],
) -> BTreeMap<PathBuf, FileContent> {
    let mut files = BTreeMap::new();
    let mut modules = Vec::new();
    let mut root_items = TokenStream::new();
    for api in apis {
        let items = client::emit_api(api.api);
        match &api.module {
            Some(module) => {
                let docs = docs::inner_doc_attrs(&docs::paragraphs([
                    Some(&*format!(
                        "{} (version {}).",
                        api.api.title, api.api.version
                    )),
                    api.api.description.as_deref(),
                ]));
                let file = quote! {
                    #docs
                    #items
                };
                files.insert(
                    PathBuf::from(format!("src/{module}.rs")),
                    FileContent::Rust(file),
                );
                modules.push(module.clone());
            }
            None => root_items.extend(items),
        }
    }
    let module_idents = modules.iter().map(|m| ident(m));
    let crate_docs = docs::inner_doc_attrs(crate_description);
    let lib = quote! {
        #crate_docs
        #![forbid(unsafe_code)]

        pub mod runtime;
        #( pub mod #module_idents; )*

        pub use runtime::{Attempt, Binary, BuildError, Error, Options, RawResponse, ResponseValue, Secret};

        #root_items
    };
    files.insert(PathBuf::from("src/lib.rs"), FileContent::Rust(lib));
    files.insert(
        PathBuf::from("src/runtime.rs"),
        FileContent::Text(RUNTIME.to_owned()),
    );
    files
}
