//! The client module of one API: credentials, builder, client, and the per-operation
//! response and error enums. Each operation's call is emitted by `request`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::body;
use super::docs::{code, doc_attrs, doc_paragraphs, first_line, inner_doc_paragraphs, method_link};
use super::request::content_type;
use super::types::allow_large_variants;
use crate::ir::{
    Api, Content, Credential, CredentialPlacement, ErrorEnum, Operation, ResponseCase, StatusMatch,
};
use crate::names::ident;

/// The items of one API's module, before its `impl Client` methods: the module's docs (when
/// the API has a module of its own), the `types` module, credentials, builder and client.
pub fn emit_head(api: &Api, own_module: bool) -> TokenStream {
    let docs = own_module.then(|| {
        inner_doc_paragraphs([
            Some(&*format!("{} (version {}).", api.title, api.version)),
            api.description.as_deref(),
        ])
    });
    let types = (!api.types.is_empty()).then(|| {
        quote! {
            pub mod types;
        }
    });
    let imports = runtime_imports(api, own_module);
    let credentials = emit_credentials(api);
    let builder = emit_builder(api);
    let client = emit_client_struct(api);
    quote! {
        #docs
        #imports
        #types
        #credentials
        #builder
        #client
    }
}

/// What the module's code names from the runtime. At the crate root the runtime and its public
/// types are in scope already (the root declares and re-exports them); an API module imports
/// them, the call types only when it has calls.
fn runtime_imports(api: &Api, own_module: bool) -> TokenStream {
    if !own_module {
        return TokenStream::new();
    }
    if api.operations.is_empty() {
        quote!(
            use crate::runtime::{self, Options};
        )
    } else {
        quote!(
            use crate::runtime::{self, Error, Options, ResponseValue};
        )
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
            CredentialPlacement::Header(name) => format!("Sent as the {} header.", code(name)),
            CredentialPlacement::Query(name) => {
                format!("Sent as the {} query parameter.", code(name))
            }
            CredentialPlacement::Cookie(name) => format!("Sent as the {} cookie.", code(name)),
            CredentialPlacement::Bearer => "Sent as `Authorization: Bearer <token>`.".to_owned(),
            CredentialPlacement::Basic => {
                "Give `username:password`; sent as `Authorization: Basic ...`.".to_owned()
            }
        };
        doc_paragraphs([
            c.description.as_deref(),
            Some(&*format!("Security scheme {}. {wire}", code(&c.scheme))),
        ])
    };
    let needed_fields: Vec<_> = needed.iter().map(|c| ident(&c.field)).collect();
    let needed_docs = needed.iter().map(|c| docs(c));
    let optional_fields: Vec<_> = optional.iter().map(|c| ident(&c.field)).collect();
    let optional_docs = optional.iter().map(|c| docs(c));
    let setters = optional.iter().map(|c| {
        let field = ident(&c.field);
        let setter = ident(&format!("with_{}", c.field));
        let doc = format!(
            " Adds the {} credential, sent to the operations that accept it.",
            code(&c.scheme)
        );
        quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #setter(mut self, #field: impl ::std::convert::Into<runtime::Secret>) -> Self {
                self.#field = Some(#field.into());
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
            #( #needed_docs pub #needed_fields: runtime::Secret, )*
            #( #optional_docs pub #optional_fields: Option<runtime::Secret>, )*
        }

        impl Credentials {
            /// Credentials from their values.
            pub fn new(#( #needed_fields: impl ::std::convert::Into<runtime::Secret> ),*) -> Self {
                Self {
                    #( #needed_fields: #needed_fields.into(), )*
                    #( #optional_fields: None, )*
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
                quote!(|secret| runtime::PreparedCredential::header(#name, secret))
            }
            CredentialPlacement::Query(name) => {
                quote!(|secret| runtime::PreparedCredential::query(#name, secret))
            }
            CredentialPlacement::Cookie(name) => {
                quote!(|secret| runtime::PreparedCredential::cookie(#name, secret))
            }
            CredentialPlacement::Bearer => quote!(runtime::PreparedCredential::bearer),
            CredentialPlacement::Basic => quote!(runtime::PreparedCredential::basic),
        };
        let secret = if c.always_needed {
            quote!(Some(&self.credentials.#field))
        } else {
            quote!(self.credentials.#field.as_ref())
        };
        quote!(runtime::HeldCredential::new(#scheme, #secret, #prepare)?)
    });
    let auth_init = (!api.credentials.is_empty())
        .then(|| quote!(auth: ::std::vec::Vec::from([#(#prepared),*]),));
    let base_url_doc = match &api.default_server {
        Some(server) => format!(
            " Sends requests to `url` instead of the default server {}.",
            code(&server.url)
        ),
        None => {
            " Sends requests to `url`. Required: the spec names no absolute server URL.".to_owned()
        }
    };
    quote! {
        /// Settings for a [`Client`]; create one with [`Client::builder`].
        #[derive(Debug)]
        pub struct ClientBuilder {
            base_url: Option<::std::string::String>,
            http: Option<::reqwest::Client>,
            options: Options,
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
            /// [`Options`]; the defaults suit most uses).
            pub fn options(mut self, options: Options) -> Self {
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
            pub fn build(self) -> Result<Client, runtime::BuildError> {
                let base_url = self.base_url.as_deref().ok_or(runtime::BuildError::NoBaseUrl)?;
                let base_url = runtime::parse_base_url(base_url, &self.options)?;
                let http = match self.http {
                    Some(http) => http,
                    None => runtime::default_http_client(&self.options)?,
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
        doc_paragraphs([
            p.description.as_deref(),
            Some(&*format!(
                "Sent as the {} parameter of every operation that takes it.",
                code(&p.api_name)
            )),
        ])
    });
    let docs = doc_paragraphs([
        Some(&*format!(
            "Client for the {} (version {}).",
            api.title, api.version
        )),
        api.description.as_deref(),
    ]);
    // Only operations read the credentials and the client parameters, and the features on
    // may leave out every operation that does (a `health` group that takes no credentials).
    let read_by_operations = super::features::unread_without_all(api);
    // An API without credentials has no `auth` field, rather than one nothing reads.
    let auth_field = (!api.credentials.is_empty())
        .then(|| quote!(#read_by_operations auth: ::std::vec::Vec<runtime::HeldCredential>,));
    quote! {
        #docs
        #[derive(Clone, Debug)]
        pub struct Client {
            base_url: ::reqwest::Url,
            http: ::reqwest::Client,
            options: Options,
            #auth_field
            #( #client_field_docs #read_by_operations #client_fields: ::std::string::String, )*
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
                    .and_then(first_line)
                    .map(|d| format!(" ({})", d.trim()))
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
        pub fn new(#(#params),*) -> Result<Self, runtime::BuildError> {
            Self::builder(#(#arg_names),*).build()
        }

        /// Settings for a client: base URL, HTTP client.
        pub fn builder(#(#params),*) -> ClientBuilder {
            ClientBuilder {
                base_url: #default_init,
                http: None,
                options: Options::default(),
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
        pub fn options(&self) -> &Options {
            &self.options
        }

        /// A copy of this client whose calls use changed options, for some calls only:
        /// `client.with_options(|o| o.timeout(Duration::from_secs(2))).kick_member(..)`.
        /// The copy shares the connection pool.
        #[must_use]
        pub fn with_options(&self, change: impl ::std::ops::FnOnce(Options) -> Options) -> Self {
            let mut client = self.clone();
            client.options = change(client.options);
            client
        }
    }
}

/// The success and body enums of one operation.
pub fn emit_operation_enums(op: &Operation) -> TokenStream {
    let response_enum = op.response_enum.as_ref().map(|name| {
        let doc = format!(
            " The success responses of {}, by status.",
            method_link(&op.method_name)
        );
        enum_tokens(name, &doc, &op.success, super::features::operation_cfg(op))
    });
    let body_enum = body::choice_enum(op);
    quote! { #body_enum #response_enum }
}

/// How many operations a shared error enum's docs name before they count the rest.
const LISTED_USERS: usize = 8;

/// An enum of documented error responses; its docs name the operations it serves.
pub fn emit_error_enum(error_enum: &ErrorEnum) -> TokenStream {
    let link = |method: &String| method_link(method);
    let doc = match error_enum.used_by.as_slice() {
        [method] => format!(
            " The documented error responses of {}, by status.",
            link(method)
        ),
        methods => {
            let mut listed: Vec<String> = methods.iter().take(LISTED_USERS).map(link).collect();
            if methods.len() > LISTED_USERS {
                listed.push(format!("and {} more", methods.len() - LISTED_USERS));
            }
            format!(
                " The documented error responses, by status, of the {} operations that document the same ones: {}.",
                methods.len(),
                listed.join(", ")
            )
        }
    };
    let cfg = super::features::cfg(&error_enum.gate);
    enum_tokens(&error_enum.name, &doc, &error_enum.cases, cfg)
}

fn enum_tokens(
    name: &str,
    doc: &str,
    cases: &[ResponseCase],
    cfg: Option<TokenStream>,
) -> TokenStream {
    let name = ident(name);
    let allowance = allow_large_variants(cases.iter().map(|case| match &case.content {
        Content::Json(ty) => Some(ty),
        _ => None,
    }));
    let variants = cases.iter().map(|case| {
        let variant = ident(&case.variant);
        let status = match case.status {
            StatusMatch::Default => "Any other status".to_owned(),
            status => format!("HTTP {status}"),
        };
        let docs = doc_attrs(&format!("{status}: {}", case.description.trim()));
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
        #cfg
        #[derive(Clone, Debug, PartialEq)]
        #allowance
        pub enum #name {
            #(#variants)*
        }
    }
}
