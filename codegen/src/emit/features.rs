//! The cargo features of a large API: the `#[cfg]` on each item a feature compiles, and the
//! manifest's and the crate docs' lists of features.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::code;
use crate::ir::{Api, Feature, Gate, Operation, TypeKind};

/// The `#[cfg]` of an item only some features compile; nothing for an item always compiled.
pub(super) fn cfg(gate: &Gate) -> Option<TokenStream> {
    match gate.0.as_slice() {
        [] => None,
        [feature] => Some(quote!(#[cfg(feature = #feature)])),
        features => Some(quote!(#[cfg(any(#(feature = #features),*))])),
    }
}

/// The features of a gate, for docs: "the `a` feature", "any of the `a`, `b` features".
pub(super) fn listed(gate: &Gate) -> String {
    match gate.0.as_slice() {
        [feature] => format!("the `{feature}` feature"),
        features => {
            let quoted: Vec<String> = features.iter().map(|f| format!("`{f}`")).collect();
            format!("any of the {} features", quoted.join(", "))
        }
    }
}

/// Whether some union of the API has a variant only some features compile (an expanded
/// object).
pub(super) fn gates_variants(api: &Api) -> bool {
    api.types.iter().any(|def| match &def.kind {
        TypeKind::Untagged { variants } => variants.iter().any(|v| !v.gate.0.is_empty()),
        _ => false,
    })
}

/// For an item only operations use, in an API with features: unused is no warning unless
/// every feature is on (`full`), as some features alone may compile none of its users.
pub(super) fn unread_without_all(api: &Api) -> Option<TokenStream> {
    (!api.features.is_empty()).then(|| quote!(#[cfg_attr(not(feature = "full"), allow(dead_code))]))
}

/// The `#[cfg]` of an operation's method, request builder and enums.
pub(super) fn operation_cfg(op: &Operation) -> Option<TokenStream> {
    op.feature
        .as_ref()
        .map(|feature| quote!(#[cfg(feature = #feature)]))
}

/// The line of a method's docs that names the feature it needs.
pub(super) fn operation_note(op: &Operation) -> Option<String> {
    op.feature.as_ref().map(|feature| {
        format!("Needs the `{feature}` feature (on by default, as are all features of this crate).")
    })
}

/// The crate docs' section on features: how to choose, and each feature with what it compiles.
pub(super) fn crate_docs(
    package: &str,
    features: &[(Option<&str>, &Feature)],
    gates_variants: bool,
) -> String {
    if features.is_empty() {
        return String::new();
    }
    let mut text = String::from(
        "# Features\n\n\
         Each group of operations (a tag of the spec, or the first segment of the paths where an \
         operation has none) is a cargo feature that compiles its operations and the types they \
         use. All are on by default (`full`). To compile only what you call, turn the defaults \
         off and name the groups of the methods you call; each method's docs name its feature:\n\n\
         ```toml\n\
         [dependencies]\n",
    );
    let example = features[0].1.name.as_str();
    text.push_str(&format!(
        "{package} = {{ version = \"*\", default-features = false, features = [\"{example}\"] }}\n```\n\n"
    ));
    if gates_variants {
        text.push_str(
            "A field that holds an id or, when the request asks to expand it, the whole object \
             decodes the object only with the feature of the operations that return it: its \
             union is `#[non_exhaustive]`, and a value whose feature is off does not decode \
             (the error names the feature).\n\n",
        );
    }
    text.push_str("| feature | operations | groups of the spec |\n|---|---:|---|\n");
    for (module, feature) in features {
        // A `|` would end the table cell, even inside a code span.
        let groups: Vec<String> = (feature.groups.iter())
            .map(|g| code(g).replace('|', "\\|"))
            .collect();
        let api = module.map(|m| format!(" (`{m}`)")).unwrap_or_default();
        text.push_str(&format!(
            "| `{}` | {}{api} | {} |\n",
            feature.name,
            feature.operations,
            groups.join(", ")
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crate_docs_say_how_expanded_objects_decode_only_where_there_are_some() {
        let feature = Feature {
            name: "customers".to_owned(),
            groups: vec!["Customers".to_owned()],
            operations: 3,
        };
        let features = [(None, &feature)];
        let with = crate_docs("stripe", &features, true);
        let without = crate_docs("stripe", &features, false);
        let paragraph = with.find("A field that holds an id").expect("said");
        assert!(
            paragraph < with.find("| feature |").unwrap(),
            "before the table"
        );
        assert!(!without.contains("A field that holds an id"));
        assert!(without.contains("| `customers` | 3 | `Customers` |"));
    }
}
