//! The last look at every doc comment before it is printed, whichever emitter wrote it.
//!
//! Doc text carries spec text, and spec text is untrusted. Two things must hold of every doc
//! comment of a generated file, however its text was put together: it holds no character a
//! reader cannot see (each is shown as `\u{...}`; rustc refuses some raw), and it holds no code
//! block rustdoc would compile and run (a doctest: code execution on `cargo test`). The first
//! is made true here; the second was made true where the text was written (the doc emitters
//! turn every spec fence into a `text` block) and is checked here, so that a path of spec text
//! into docs that skipped those rules fails generation instead of shipping a doctest.

use std::borrow::Cow;

use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Expr, ExprLit, Lit, LitStr, Meta};

use crate::{markdown, visible};

/// Shows hidden characters in every doc comment of `file` and checks that none holds a code
/// block rustdoc would run; the problem, if one does.
pub(super) fn guard(file: &mut syn::File) -> Result<(), String> {
    let mut guard = Guard { problem: None };
    guard.visit_file_mut(file);
    guard.problem.map_or(Ok(()), Err)
}

struct Guard {
    problem: Option<String>,
}

impl VisitMut for Guard {
    fn visit_attributes_mut(&mut self, attrs: &mut Vec<Attribute>) {
        // Outer and inner docs of one item are separate comments to rustdoc.
        let mut text = String::new();
        for attr in attrs.iter_mut() {
            if let Some(line) = doc_line(attr) {
                text.push_str(&line);
                text.push('\n');
            }
        }
        if self.problem.is_none()
            && let Some(info) = markdown::runnable_code_blocks(&text).first()
        {
            let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            self.problem = Some(format!(
                "a doc comment holds a code block rustdoc would run (info string `{info}`); \
                 the comment starts `{}`",
                first.trim()
            ));
        }
        for attr in attrs {
            visit_mut::visit_attribute_mut(self, attr);
        }
    }
}

/// The text of a `#[doc = "..."]` attribute, made one visible line in place first: a hidden
/// character or a line break inside one attribute can only have come from spec text put in a
/// line of ours, and is shown rather than obeyed.
fn doc_line(attr: &mut Attribute) -> Option<String> {
    let Meta::NameValue(meta) = &mut attr.meta else {
        return None;
    };
    if !meta.path.is_ident("doc") {
        return None;
    }
    let Expr::Lit(ExprLit {
        lit: Lit::Str(literal),
        ..
    }) = &mut meta.value
    else {
        return None;
    };
    let value = literal.value();
    if let Cow::Owned(shown) = visible::one_line(&value) {
        *literal = LitStr::new(&shown, literal.span());
        return Some(shown);
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn hidden_characters_in_docs_are_shown_and_line_breaks_inside_one_line_are_too() {
        let mut file: syn::File = syn::parse2(quote! {
            #[doc = " a\u{202e}b"]
            #[doc = " `GET /a\n```rust` c"]
            pub struct S;
        })
        .unwrap();
        guard(&mut file).unwrap();
        let text = prettyplease::unparse(&file);
        assert_eq!(
            text,
            "/// a\\u{202e}b\n/// `GET /a\\u{a}```rust` c\npub struct S;\n"
        );
    }

    #[test]
    fn a_code_block_rustdoc_would_run_fails_generation() {
        let mut file: syn::File = syn::parse2(quote! {
            pub struct S {
                #[doc = " ```"]
                #[doc = " std::process::exit(1);"]
                #[doc = " ```"]
                pub f: u8,
            }
        })
        .unwrap();
        let problem = guard(&mut file).unwrap_err();
        assert!(
            problem.contains("code block rustdoc would run"),
            "{problem}"
        );
        let mut text: syn::File = syn::parse2(quote! {
            #[doc = " ```text"]
            #[doc = " std::process::exit(1);"]
            #[doc = " ```"]
            pub struct S;
        })
        .unwrap();
        assert_eq!(guard(&mut text), Ok(()));
    }
}
