//! Operation tests, emitted on request: one test per operation and request media type that
//! calls a mock server of the spec with arguments built from the spec alone (the IR's
//! samples) and fails unless the request is accepted and the answer decodes.
//!
//! Each API's tests sit in a module named like the API's, which imports the API's items, so
//! a type is written the same way as in the API's own module (`types::Pet`).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::types::{TypePath, is_copy, rust_type};
use crate::ir::{
    Api, Body, BodyMedia, Content, CredentialPlacement, Operation, Param, SentAs, TypeRef,
};
use crate::names::{Scope, ident};

/// The hand-written part every operation test uses.
pub const SUPPORT: &str = include_str!("../../runtime/operation_tests.rs");
/// Its submodule reading the mock's list of violations.
pub const SUPPORT_VIOLATIONS: &str = include_str!("../../runtime/mock_violations.rs");

/// The test file's head: its docs, the crate's items the support module reads, and the
/// support module.
pub fn head(crate_ident: &str) -> TokenStream {
    let krate = ident(crate_ident);
    quote! {
        //! Calls every operation once per request media type against a mock server of the
        //! spec, with arguments built from the spec alone. The tests are ignored unless asked
        //! for: `OPERATION_TESTS_BASE_URL=http://127.0.0.1:4010 cargo test --test operations -- --ignored`.

        // Not every API uses all of it: one whose operations take no argument builds none
        // from a sample.
        #[allow(dead_code)]
        mod support;

        use #krate::{Error, Options, ResponseValue};
    }
}

/// One API's tests: a module with a client for the mock server and a test per operation and
/// request media type.
pub fn api_tests(crate_ident: &str, module: Option<&str>, api: &Api) -> TokenStream {
    let krate = ident(crate_ident);
    let (name, path) = match module {
        Some(module) => {
            let module = ident(module);
            (module.clone(), quote!(#krate::#module))
        }
        None => (format_ident!("api"), quote!(#krate)),
    };
    // An API of webhooks alone has no operation to call.
    if api.operations.is_empty() {
        return TokenStream::new();
    }
    let client = client_fn(api);
    let mut names = Scope::with_reserved(&["client", "support", "types"]);
    let tests = api.operations.iter().flat_map(|op| {
        media_of(op)
            .into_iter()
            .map(|media| operation_test(op, media, &mut names))
            .collect::<Vec<_>>()
    });
    quote! {
        // Every operation is called, the deprecated ones too.
        #[allow(deprecated)]
        mod #name {
            use super::support;
            #[allow(unused_imports)]
            use #path::*;

            #client
            #(#tests)*
        }
    }
}

/// The body media types an operation is called with: each one, or none for no body.
fn media_of(op: &Operation) -> Vec<Option<&BodyMedia>> {
    match &op.body {
        Some(body) => body.media().iter().map(Some).collect(),
        None => vec![None],
    }
}

/// A client of the mock server holding a dummy value of every credential.
fn client_fn(api: &Api) -> TokenStream {
    let params = api.client_params.iter().map(|param| {
        let sample = text(param.sample.as_ref());
        quote!(#sample)
    });
    let credentials = (!api.credentials.is_empty()).then(|| {
        let dummy = |placement: &CredentialPlacement| match placement {
            CredentialPlacement::Basic => "user:password",
            _ => "dummy-credential",
        };
        let needed = api.credentials.iter().filter(|c| c.always_needed);
        let needed = needed.map(|c| dummy(&c.placement));
        let optional = api
            .credentials
            .iter()
            .filter(|c| !c.always_needed)
            .map(|c| {
                let field = ident(&c.field);
                let value = dummy(&c.placement);
                quote!(credentials.#field = ::std::option::Option::Some(#value.into());)
            });
        quote! {{
            #[allow(unused_mut)]
            let mut credentials = Credentials::new(#(#needed),*);
            #(#optional)*
            credentials
        }}
    });
    let args = params.chain(credentials);
    quote! {
        fn client() -> Client {
            Client::builder(#(#args),*)
                .base_url(support::base_url())
                .options(support::options())
                .build()
                .expect("a client of the mock server")
        }
    }
}

/// The test of one operation sent with one body media type (or none).
fn operation_test(op: &Operation, media: Option<&BodyMedia>, names: &mut Scope) -> TokenStream {
    let stem = match media {
        Some(media) if op.body.as_ref().is_some_and(|b| b.media().len() > 1) => {
            format!(
                "{}_{}",
                op.method_name,
                crate::names::snake_name(&media.variant)
            )
        }
        _ => op.method_name.clone(),
    };
    let test = ident(&names.claim(&stem));
    let method = ident(&op.method_name);
    let operation_id = &op.operation_id;
    let media_type = match media {
        Some(media) => {
            let media_type = &media.media_type;
            quote!(::std::option::Option::Some(#media_type))
        }
        None => quote!(::std::option::Option::None),
    };
    let params: Vec<&Param> = op.params.iter().filter(|p| !p.from_client).collect();
    let locals = params.iter().filter(|p| p.required).map(|param| {
        let local = ident(&param.name);
        let ty = owned_type(&param.ty);
        let name = &param.api_name;
        let sample = json(param.sample.as_ref());
        quote!(let #local: #ty = support::value(#name, #sample)?;)
    });
    let (body_local, body_arg, body_setter) = match (op.body.as_ref(), media) {
        (Some(body), Some(media)) => body_argument(body, media),
        _ => Default::default(),
    };
    let mut args: Vec<(Ident, TokenStream)> = params
        .iter()
        .filter(|p| p.required)
        .map(|param| (ident(&param.name), argument(param)))
        .collect();
    if !body_arg.is_empty() {
        args.push((format_ident!("body"), body_arg));
    }
    let args = match &op.arguments {
        Some(arguments) => {
            let arguments = ident(arguments);
            let fields = args.iter().map(|(name, value)| quote!(#name: #value));
            quote!(#arguments { #(#fields),* })
        }
        None => {
            let values = args.iter().map(|(_, value)| value);
            quote!(#(#values),*)
        }
    };
    quote! {
        #[tokio::test]
        #[ignore = "calls a mock server of the spec: set OPERATION_TESTS_BASE_URL and pass --ignored"]
        async fn #test() {
            let call = async {
                #(#locals)*
                #body_local
                ::std::result::Result::<_, support::BadSample>::Ok(
                    // A path, so a parameter named `client` does not hide it.
                    self::client().#method(#args) #body_setter .await,
                )
            };
            support::report(#operation_id, #media_type, call.await);
        }
    }
}

/// How a required parameter is passed: its sample. Optional ones are left unset, for the
/// smallest request the spec allows.
fn argument(param: &Param) -> TokenStream {
    let local = ident(&param.name);
    if is_copy(&param.ty) {
        quote!(#local)
    } else {
        quote!(&#local)
    }
}

/// The body, built into a local, and how it is passed: as the method's argument when it is
/// required, else with the `body` setter.
fn body_argument(body: &Body, media: &BodyMedia) -> (TokenStream, TokenStream, TokenStream) {
    let value = match &media.content {
        Content::Json(ty) | Content::Form { ty, .. } | Content::Multipart { ty, .. } => {
            let ty = owned_type(ty);
            let sample = json(media.sample.as_ref());
            quote!(support::value::<#ty>("body", #sample)?)
        }
        Content::Text => {
            let sample = text(media.sample.as_ref());
            quote!(::std::string::String::from(#sample))
        }
        // The caller's bytes: a text sample (an XML body) as its bytes.
        Content::Bytes | Content::Empty => match media.sample.as_ref() {
            Some(Value::String(text)) => quote!(::std::vec::Vec::from(#text)),
            _ => quote!(::std::vec::Vec::from("x")),
        },
    };
    let value = match &body.sent_as {
        SentAs::Choice { name, .. } => {
            let (name, variant) = (ident(name), ident(&media.variant));
            quote!(#name::#variant(#value))
        }
        SentAs::One(_) => value,
    };
    let by_value = matches!(media.content, Content::Bytes | Content::Empty)
        && matches!(body.sent_as, SentAs::One(_));
    let passed = if by_value {
        quote!(body)
    } else {
        quote!(&body)
    };
    let local = quote!(let body = #value;);
    if body.required {
        (local, passed, TokenStream::new())
    } else {
        (local, TokenStream::new(), quote!(.body(#passed)))
    }
}

/// The owned type a parameter or body of type `ty` is built as.
fn owned_type(ty: &TypeRef) -> TokenStream {
    rust_type(ty, TypePath::InApiModule)
}

/// A sample as a `serde_json::json!` expression. The IR carries samples whenever tests are
/// emitted; without one the argument is `null`, which fails the test by saying so.
fn json(sample: Option<&Value>) -> TokenStream {
    let body = json_body(sample.unwrap_or(&Value::Null));
    quote!(::serde_json::json!(#body))
}

/// The tokens `json!` takes for a value, as a person writes them.
fn json_body(value: &Value) -> TokenStream {
    match value {
        Value::Null => quote!(null),
        Value::Bool(flag) => quote!(#flag),
        Value::Number(number) => {
            let literal = if let Some(n) = number.as_i64() {
                proc_macro2::Literal::i64_unsuffixed(n)
            } else if let Some(n) = number.as_u64() {
                proc_macro2::Literal::u64_unsuffixed(n)
            } else {
                proc_macro2::Literal::f64_unsuffixed(number.as_f64().unwrap_or_default())
            };
            quote!(#literal)
        }
        Value::String(text) => quote!(#text),
        Value::Array(items) => {
            let items = items.iter().map(json_body);
            quote!([#(#items),*])
        }
        Value::Object(fields) => {
            let fields = fields.iter().map(|(key, value)| {
                let value = json_body(value);
                quote!(#key: #value)
            });
            quote!({ #(#fields),* })
        }
    }
}

/// A sample as text: a string as it is, anything else as its JSON.
fn text(sample: Option<&Value>) -> String {
    match sample {
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// The support's reading of the mock's violations, tested here because the generated crates
/// run only the calls.
#[cfg(test)]
#[path = "../../runtime/mock_violations.rs"]
#[allow(
    dead_code,
    reason = "the header's name is read by the generated tests only"
)]
mod mock_violations;

#[cfg(test)]
mod violation_tests {
    use super::mock_violations::of_the_request;

    const OF_REQUEST: &str = r#"{"location":["request","body","Permission"],"severity":"Error","code":"type","message":"must be array"}"#;
    const OF_RESPONSE: &str = r#"{"location":["response","body","data","0"],"severity":"Error","code":"required","message":"must have required property 'input_tokens'"}"#;

    fn cut_short(list: &str) -> String {
        format!("Too many violations! {}", &list[..list.len() - 20])
    }

    #[test]
    fn only_the_request_violations_count() {
        let both = format!("[{OF_REQUEST},{OF_RESPONSE}]");
        let kept = of_the_request(both.as_bytes()).unwrap();
        assert!(
            kept.contains("Permission") && !kept.contains("input_tokens"),
            "{kept}"
        );
        assert_eq!(of_the_request(format!("[{OF_RESPONSE}]").as_bytes()), None);
    }

    #[test]
    fn a_list_cut_short_is_read_up_to_its_last_whole_entry() {
        let responses = vec![OF_RESPONSE; 40].join(",");
        assert_eq!(
            of_the_request(cut_short(&format!("[{responses}]")).as_bytes()),
            None
        );
        let request_first = format!("[{OF_REQUEST},{responses}]");
        let kept = of_the_request(cut_short(&request_first).as_bytes()).unwrap();
        assert!(kept.contains("Permission"), "{kept}");
    }

    #[test]
    fn text_that_is_no_list_counts_as_a_request_violation() {
        assert_eq!(
            of_the_request(b"request body is not JSON").as_deref(),
            Some("request body is not JSON")
        );
        assert!(of_the_request(b"Too many violations! [{\"loc").is_some());
    }
}
