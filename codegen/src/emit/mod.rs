//! Stage 6: what every file of the generated crate holds, and the tokens of each part.
//!
//! [`plan`] lays out every file of the crate: the manifest whole, and each Rust file as lists
//! of [`Item`]s that point into the IR; [`Item::tokens`] emits one of them. The pipeline emits
//! and formats item by item, on every core, so a large API's tokens and syntax trees are
//! never all in memory at once.
//!
//! The plan is keyed by file path in a `BTreeMap` and every list follows the IR's sorted
//! order, so the set of files and their contents never depend on discovery order or on
//! which thread formatted what.

mod body;
mod client;
mod docs;
mod features;
mod manifest;
mod request;
mod send;
mod tests;
mod types;

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{
    Api, Content, CredentialPlacement, ErrorEnum, Feature, Operation, TypeDef, TypeRef, Webhook,
};
use crate::names::ident;

use body::TypeIndex;
use manifest::manifest;

/// One API and the module it goes in (`None`: the crate root).
pub struct ApiModule<'a> {
    /// Module name, or `None` to put the API at the crate root.
    pub module: Option<String>,
    /// The API.
    pub api: &'a Api,
}

/// Every file of the generated crate, keyed by path relative to the crate root.
pub type Plan<'a> = BTreeMap<PathBuf, PlannedFile<'a>>;

/// One file of the generated crate: what it holds, before any of it is emitted.
pub enum PlannedFile<'a> {
    /// A Rust file, as runs of items emitted and formatted one by one.
    Rust(Vec<Part<'a>>),
    /// A TOML file (the manifest, the formatter settings), complete.
    Toml(String),
}

/// A run of a Rust file.
pub enum Part<'a> {
    /// Hand-written code copied as it is (the runtime).
    Verbatim(&'static str),
    /// Items at the file's top level.
    Items(Vec<Item<'a>>),
    /// A block whose members are formatted one by one: the `impl Client` of a large API has
    /// hundreds of methods. `shell` emits the block with nothing inside (`impl Client {}`);
    /// the members go between its braces.
    Block {
        /// The empty block.
        shell: Item<'a>,
        /// What goes inside it, in order.
        members: Vec<Item<'a>>,
    },
}

/// Something emitted as one unit of tokens.
#[derive(Clone, Copy)]
pub enum Item<'a> {
    /// The crate root's docs, module declarations and re-exports.
    CrateRoot {
        /// The package name, for the example of choosing features.
        package: &'a str,
        /// The crate-level docs.
        description: &'a str,
        /// The API modules.
        modules: &'a [String],
        /// The runtime parts the crate has, some of whose types it re-exports.
        needs: RuntimeNeeds,
        /// How deep the deepest API's types nest.
        type_depth: usize,
        /// The APIs, for the list of their features.
        apis: &'a [ApiModule<'a>],
    },
    /// An API's module docs, its `types` module, credentials, builder and client struct.
    ApiHead {
        /// The API.
        api: &'a Api,
        /// Whether the API has a module of its own (and so module-level docs).
        own_module: bool,
    },
    /// The `impl Client` block, empty: its members are items of their own.
    ClientImpl,
    /// The members of `impl Client` before the operations' methods.
    ClientMembers(&'a Api),
    /// One operation's method, which starts its call.
    Method(&'a Operation),
    /// One operation's request builder and its response and body enums.
    OperationItems(&'a Operation, TypeIndex<'a>),
    /// An enum of documented error responses, of one operation or shared by several.
    ErrorEnum(&'a ErrorEnum),
    /// The docs of a `types` module, and its import of the runtime when its types use it.
    TypesHead {
        /// Whether a type of the module names the runtime.
        imports_runtime: bool,
        /// Whether the API has features, which may leave out every type that names it.
        has_features: bool,
        /// The webhooks whose payloads the module's docs list.
        webhooks: &'a [Webhook],
    },
    /// One named type and its impls.
    Type(&'a TypeDef),
    /// The head of the operation tests: docs, imports, the support module.
    TestsHead {
        /// The crate's library name (`corpus_petstore`).
        lib: &'a str,
    },
    /// One API's operation tests.
    ApiTests {
        /// The crate's library name.
        lib: &'a str,
        /// The API's module, or `None` at the crate root.
        module: Option<&'a str>,
        /// The API.
        api: &'a Api,
    },
    /// The runtime's submodules this crate needs.
    RuntimeParts(RuntimeNeeds),
}

/// The parts of the runtime only some APIs need; each brings a dependency.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RuntimeNeeds {
    /// HTTP basic authentication (`base64`).
    basic_auth: bool,
    /// Form-encoded request bodies (`form_urlencoded`).
    form: bool,
    /// `date-time` and `date` values (`chrono`).
    dates: bool,
    /// `uuid` values (`uuid`).
    uuid: bool,
    /// `byte` values, bytes as base64 text (`base64`).
    base64: bool,
}

impl RuntimeNeeds {
    /// What the APIs use.
    fn of<'a>(apis: impl IntoIterator<Item = &'a Api>) -> Self {
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
            for ty in type_refs(api) {
                needs.dates |= ty.holds(|ty| matches!(ty, TypeRef::DateTime | TypeRef::Date));
                needs.uuid |= ty.holds(|ty| *ty == TypeRef::Uuid);
                needs.base64 |= ty.holds(|ty| *ty == TypeRef::Base64);
            }
        }
        needs
    }
}

/// The features of the crate's APIs, with the module of each. Two APIs' groups of the same
/// name are one feature, which compiles both.
fn features<'a>(apis: &'a [ApiModule<'a>]) -> Vec<(Option<&'a str>, &'a Feature)> {
    let each = apis
        .iter()
        .map(|ApiModule { module, api }| (module.as_deref(), api));
    each.flat_map(|(module, api)| api.features.iter().map(move |feature| (module, feature)))
        .collect()
}

/// Every type reference of an API: its types' members, its parameters, request bodies and
/// responses.
fn type_refs(api: &Api) -> impl Iterator<Item = &TypeRef> {
    let members = api.types.iter().flat_map(|def| def.kind.members());
    let operations =
        (api.operations.iter()).flat_map(|op| op.sent_types().chain(op.received_types()));
    members.chain(operations)
}

impl Item<'_> {
    /// The item's tokens.
    pub fn tokens(self) -> TokenStream {
        match self {
            Item::CrateRoot {
                package,
                description,
                modules,
                needs,
                type_depth,
                apis,
            } => crate_root(
                package,
                description,
                modules,
                needs,
                type_depth,
                &features(apis),
                apis.iter()
                    .any(|module| features::gates_variants(module.api)),
            ),
            Item::ApiHead { api, own_module } => client::emit_head(api, own_module),
            Item::ClientImpl => quote! { impl Client {} },
            Item::ClientMembers(api) => client::emit_client_members(api),
            Item::Method(op) => request::emit_method(op),
            Item::OperationItems(op, types) => request::emit_operation_items(op, &types),
            Item::ErrorEnum(error_enum) => client::emit_error_enum(error_enum),
            Item::TypesHead {
                imports_runtime,
                has_features,
                webhooks,
            } => {
                // With features, the types that name the runtime may all be left out.
                let allow = has_features.then(|| quote!(#[allow(unused_imports)]));
                let import = imports_runtime.then(|| {
                    quote!(
                        #allow
                        use crate::runtime;
                    )
                });
                let docs = types::module_docs(webhooks);
                quote! {
                    #docs

                    #import
                }
            }
            Item::Type(def) => types::emit_type(def),
            Item::TestsHead { lib } => tests::head(lib),
            Item::ApiTests { lib, module, api } => tests::api_tests(lib, module, api),
            Item::RuntimeParts(needs) => runtime_parts(needs),
        }
    }
}

/// The hand-written runtime, copied into every generated crate.
const RUNTIME: &str = include_str!("../../runtime/runtime.rs");
/// The runtime's HTTP basic authentication, copied into crates that use it.
const RUNTIME_BASIC_AUTH: &str = include_str!("../../runtime/basic_auth.rs");
/// The runtime's form-encoded bodies, copied into crates that use them.
const RUNTIME_FORM: &str = include_str!("../../runtime/form.rs");
/// The runtime's bytes written as base64, copied into crates that use them.
const RUNTIME_BASE64: &str = include_str!("../../runtime/base64_bytes.rs");
/// The runtime's reading of `date-time` and `date` values, copied into crates that have them.
const RUNTIME_DATES: &str = include_str!("../../runtime/dates.rs");
/// The runtime's reading of `uuid` values, copied into crates that have them.
const RUNTIME_UUIDS: &str = include_str!("../../runtime/uuids.rs");

/// The crate as a package: what its manifest and root docs say.
pub struct Package<'a> {
    /// The package name.
    pub name: &'a str,
    /// The package version.
    pub version: &'a str,
    /// The description, also the crate-level docs.
    pub description: &'a str,
    /// The library's name, as code names the crate (`-` as `_`).
    pub lib: &'a str,
    /// Adds an empty `[workspace]` so the crate builds on its own even inside another
    /// workspace's folder.
    pub standalone: bool,
    /// Adds a test target calling every operation against a mock server of the spec.
    pub operation_tests: bool,
}

/// Every file of the crate. `modules` holds the module names of `apis` in order; the plan
/// borrows from both.
pub fn plan<'a>(
    package: &Package<'a>,
    apis: &'a [ApiModule<'a>],
    modules: &'a [String],
) -> Result<Plan<'a>, toml::ser::Error> {
    let needs = RuntimeNeeds::of(apis.iter().map(|a| a.api));
    let mut files = rust_files(package, apis, modules, needs);
    files.extend(runtime_files(needs));
    if package.operation_tests {
        files.extend(test_files(package.lib, apis));
    }
    files.insert(
        PathBuf::from("Cargo.toml"),
        PlannedFile::Toml(manifest(package, needs, &features(apis))?),
    );
    // The files are formatted by the generator; `cargo fmt` must not reformat them, or the
    // freshness check would fail after every `cargo fmt --all`.
    files.insert(
        PathBuf::from("rustfmt.toml"),
        PlannedFile::Toml("disable_all_formatting = true\n".to_owned()),
    );
    Ok(files)
}

/// The crate root and each API's client and types.
fn rust_files<'a>(
    package: &Package<'a>,
    apis: &'a [ApiModule<'a>],
    modules: &'a [String],
    needs: RuntimeNeeds,
) -> Plan<'a> {
    let mut files = BTreeMap::new();
    let mut lib = vec![Item::CrateRoot {
        package: package.name,
        description: package.description,
        modules,
        needs,
        type_depth: apis.iter().map(|a| a.api.type_depth).max().unwrap_or(0),
        apis,
    }];
    let mut lib_parts = Vec::new();
    for ApiModule { module, api } in apis {
        let mut parts = client_file(api, module.is_some());
        let folder = match module {
            Some(module) => {
                files.insert(
                    PathBuf::from(format!("src/{module}.rs")),
                    PlannedFile::Rust(parts),
                );
                format!("src/{module}")
            }
            None => {
                // The root API's head follows the crate's own items, in the same run.
                if let Some(Part::Items(head)) = parts.first_mut() {
                    lib.append(head);
                    parts.remove(0);
                }
                lib_parts.append(&mut parts);
                "src".to_owned()
            }
        };
        if !api.types.is_empty() {
            let head = Item::TypesHead {
                imports_runtime: api.types.iter().any(types::references_runtime),
                has_features: !api.features.is_empty(),
                webhooks: &api.webhooks,
            };
            let types = std::iter::once(head).chain(api.types.iter().map(Item::Type));
            files.insert(
                PathBuf::from(format!("{folder}/types.rs")),
                PlannedFile::Rust(vec![Part::Items(types.collect())]),
            );
        }
    }
    lib_parts.insert(0, Part::Items(lib));
    files.insert(PathBuf::from("src/lib.rs"), PlannedFile::Rust(lib_parts));
    files
}

/// One API's head, its `impl Client`, its operations' request builders and enums, and its
/// error enums.
fn client_file(api: &Api, own_module: bool) -> Vec<Part<'_>> {
    let methods = api.operations.iter().map(Item::Method);
    let types = TypeIndex::new(&api.types);
    vec![
        Part::Items(vec![Item::ApiHead { api, own_module }]),
        Part::Block {
            shell: Item::ClientImpl,
            members: std::iter::once(Item::ClientMembers(api))
                .chain(methods)
                .collect(),
        },
        Part::Items(
            api.operations
                .iter()
                .map(|op| Item::OperationItems(op, types))
                .chain(api.error_enums.iter().map(Item::ErrorEnum))
                .collect(),
        ),
    ]
}

/// The operation tests: one file of tests, and the support they share.
fn test_files<'a>(lib: &'a str, apis: &'a [ApiModule<'a>]) -> Plan<'a> {
    let head = std::iter::once(Item::TestsHead { lib });
    let each_api = apis.iter().map(|ApiModule { module, api }| Item::ApiTests {
        lib,
        module: module.as_deref(),
        api,
    });
    BTreeMap::from([
        (
            PathBuf::from("tests/operations.rs"),
            PlannedFile::Rust(vec![Part::Items(head.chain(each_api).collect())]),
        ),
        (
            PathBuf::from("tests/support/mod.rs"),
            PlannedFile::Rust(vec![Part::Verbatim(tests::SUPPORT)]),
        ),
        (
            PathBuf::from("tests/support/violations.rs"),
            PlannedFile::Rust(vec![Part::Verbatim(tests::SUPPORT_VIOLATIONS)]),
        ),
    ])
}

/// The runtime, and the submodules of it this crate needs.
fn runtime_files<'a>(needs: RuntimeNeeds) -> Plan<'a> {
    let mut files = BTreeMap::from([(
        PathBuf::from("src/runtime.rs"),
        PlannedFile::Rust(vec![
            Part::Verbatim(RUNTIME),
            Part::Items(vec![Item::RuntimeParts(needs)]),
        ]),
    )]);
    for (needed, path, text) in [
        (
            needs.basic_auth,
            "src/runtime/basic_auth.rs",
            RUNTIME_BASIC_AUTH,
        ),
        (needs.form, "src/runtime/form.rs", RUNTIME_FORM),
        (needs.base64, "src/runtime/base64_bytes.rs", RUNTIME_BASE64),
        (needs.dates, "src/runtime/dates.rs", RUNTIME_DATES),
        (needs.uuid, "src/runtime/uuids.rs", RUNTIME_UUIDS),
    ] {
        if needed {
            files.insert(
                PathBuf::from(path),
                PlannedFile::Rust(vec![Part::Verbatim(text)]),
            );
        }
    }
    files
}

/// The recursion limit a crate whose types nest `type_depth` deep needs, when the default
/// (128) is not enough. rustdoc works out the auto traits (`Send`, `UnwindSafe`...) of every
/// type through each level of the types it holds, several steps a level (`Vec`, `RawVec`,
/// `NonNull`...): Stripe's types, 22 deep, exceed the default; OpenAI's, 13 deep, do not.
fn recursion_limit(type_depth: usize) -> Option<usize> {
    const STEPS_PER_LEVEL: usize = 8;
    const DEFAULT: usize = 128;
    let needed = type_depth * STEPS_PER_LEVEL;
    (needed > DEFAULT).then(|| needed.next_power_of_two())
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
            // Unused when the features on leave out every operation with a form body.
            #[doc(hidden)]
            #[allow(unused_imports)]
            pub use form::form_body;
        }
    });
    let base64 = needs.base64.then(|| {
        quote! {
            mod base64_bytes;
            pub use base64_bytes::Base64;
        }
    });
    let dates = needs.dates.then(|| {
        quote!(
            mod dates;
        )
    });
    let uuids = needs.uuid.then(|| {
        quote!(
            mod uuids;
        )
    });
    quote! { #basic_auth #form #base64 #dates #uuids }
}

fn crate_root(
    package: &str,
    description: &str,
    modules: &[String],
    needs: RuntimeNeeds,
    type_depth: usize,
    features: &[(Option<&str>, &Feature)],
    gates_variants: bool,
) -> TokenStream {
    let base64 = needs.base64.then(|| {
        quote!(
            pub use runtime::Base64;
        )
    });
    let recursion_limit = recursion_limit(type_depth).map(|limit| {
        let limit = limit.to_string();
        quote!(#![recursion_limit = #limit])
    });
    let module_idents = modules.iter().map(|m| ident(m));
    let feature_docs = features::crate_docs(package, features, gates_variants);
    let crate_docs = docs::inner_doc_paragraphs([Some(description), Some(&*feature_docs)]);
    quote! {
        #crate_docs
        #![forbid(unsafe_code)]
        #recursion_limit

        // The runtime serves every generated crate: each uses the parts its operations need.
        // It is private; what users call from it is re-exported below.
        #[allow(dead_code)]
        mod runtime;
        #( pub mod #module_idents; )*

        pub use runtime::{Attempt, Binary, BuildError, Error, Nullable, Options, RawResponse, ResponseValue, Secret, UnparsedValue};
        #base64
    }
}
