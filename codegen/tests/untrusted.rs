//! Spec text is untrusted input: whatever a document says, and wherever it says it, the crate
//! generated from it holds no code block rustdoc would run, no character a reader cannot see,
//! no manifest table it did not ask for, and compiles without warnings.
//!
//! The hostile text is made of pieces that each try to leave the place they are put: code
//! fences of every style (backticks, tildes, longer ones around shorter ones, indented, inside
//! a quote or a list item), control, bidi and invisible characters, the ends of comments,
//! strings and raw strings, attribute syntax, Markdown links and HTML comments, and very long
//! runs. It goes into every place spec text reaches: names of every kind, descriptions and
//! summaries at every level, enum values, defaults, examples, path keys, server URLs, security
//! scheme names, webhook names and tags.
//!
//! The property test checks many random documents as text; a few fixed ones (the same
//! builder, every piece at once) are then compiled with clippy and rustdoc, warnings denied.
//! `PROPTEST_CASES=2000 cargo test -p codegen --test untrusted` runs more.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::{ApiSources, Layout, Settings};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Value, json};
use syn::visit_mut::VisitMut;

/// Text that tries to end, open or escape what holds it.
const PIECES: &[&str] = &[
    "```rust\nstd::process::exit(3);\n```",
    "```\nstd::process::exit(3);\n```",
    "~~~\nstd::process::exit(3);\n~~~",
    "~~~rust,no_run\nfn main() {}\n~~~",
    "````\n```rust\nstd::process::exit(3);\n```\n````",
    "```rust",
    "~~~",
    "\n    std::process::exit(3);\n",
    "> ```rust\n> std::process::exit(3);\n> ```",
    "- ```rust\n  std::process::exit(3);\n  ```",
    "-     std::process::exit(3);",
    ">     std::process::exit(3);",
    "1.     std::process::exit(3);",
    "\r",
    "a\rb\r\n",
    "\0",
    "\u{1b}[31m",
    "\u{7f}\u{85}",
    "\u{202a}\u{202b}\u{202c}\u{202d}\u{202e}",
    "\u{2066}\u{2067}\u{2068}\u{2069}",
    "\u{200b}\u{200c}\u{200d}\u{2060}\u{feff}",
    "\u{2028}\u{2029}",
    "\"",
    "'",
    "\\",
    "*/",
    "/*",
    "#![deny(warnings)]",
    "#[doc = \"x\"]",
    "\"#",
    "r#\"",
    "\"###",
    "<!-- ",
    "<b>",
    "[link](crate::x)",
    "`",
    "{",
    "}",
    "%",
    "~",
    "/",
    "..",
    " ",
    "\n",
    "\t",
    "é中😀",
];

/// A hostile text: a few pieces, with some plain words between them.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(PIECES).prop_map(str::to_owned),
        1 => "[a-z]{1,6}",
        1 => Just("x".repeat(3000)),
    ];
    prop::collection::vec(piece, 1..5).prop_map(|pieces| pieces.concat())
}

/// How many places of the document take a text of their own.
const PLACES: usize = 32;

/// An escaped JSON-pointer token, for a `$ref` to a component named `name`.
fn token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// A document with `texts[i]` in place `i`, as OpenAPI `version` (3.1 adds webhooks).
fn document(texts: &[String], version: &str) -> Value {
    let t = |i: usize| texts[i % texts.len()].clone();
    let obj = format!("Obj{}", t(0));
    let obj_ref = json!({"$ref": format!("#/components/schemas/{}", token(&obj))});
    let kind = format!("kind{}", t(1));
    let scheme = format!("key{}", t(2));
    let mut spec = json!({
        "openapi": version,
        "info": {"title": format!("T{}", t(3)), "version": format!("1{}", t(4)), "description": t(5)},
        "servers": [{"url": format!("https://api.example.com/{}", t(6)), "description": t(7)}],
        "tags": [{"name": format!("tag{}", t(8)), "description": t(9)}],
        "security": [{ (scheme.clone()): [] }],
        "paths": {
            "/items/{id}": {
                "summary": t(10),
                "description": t(11),
                "get": {
                    "operationId": format!("get{}", t(12)),
                    "summary": t(13),
                    "description": t(14),
                    "tags": [format!("tag{}", t(8))],
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}, "description": t(15)},
                        {"name": format!("q{}", t(16)), "in": "query", "description": t(17), "example": t(18),
                         "schema": {"type": "string", "default": t(19), "enum": [t(19), format!("b{}", t(20))]}},
                        {"name": format!("X-H{}", t(21)), "in": "header", "schema": {"type": "string"}, "description": t(22)},
                        {"name": format!("c{}", t(23)), "in": "cookie", "schema": {"type": "integer"}},
                        {"name": "fixed", "in": "query", "required": true, "schema": {"type": "string", "enum": [format!("v{}", t(24))]}},
                    ],
                    "responses": {
                        "200": {"description": t(25), "content": {"application/json": {"schema": obj_ref.clone(), "example": {"p": t(26)}}}},
                        "404": {"description": t(27), "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Union"}}}},
                        "default": {"description": t(28)},
                    },
                },
                "post": {
                    "operationId": format!("post{}", t(29)),
                    "requestBody": {"description": t(30), "required": true, "content": {
                        "application/json": {"schema": obj_ref.clone()},
                        "application/x-www-form-urlencoded": {"schema": obj_ref.clone()},
                    }},
                    "responses": {"204": {"description": t(31)}},
                },
            },
            // Builders named like the prelude: `Option`, `Some`.
            "/option": {"get": {"operationId": "option", "responses": {"204": {"description": t(2)}}}},
            "/some": {"put": {"operationId": "some", "responses": {"204": {"description": t(3)}}}},
            (format!("/p{}", t(9))): {"get": {"operationId": format!("other{}", t(10)), "responses": {
                "200": {"description": t(11), "content": {"text/plain": {"schema": {"type": "string", "description": t(12)}}}},
            }}},
        },
        "components": {
            "securitySchemes": {
                (scheme): {"type": "apiKey", "in": "header", "name": format!("X-Key{}", t(13)), "description": t(14)},
            },
            "schemas": {
                (obj.clone()): {
                    "type": "object", "title": t(15), "description": t(16), "required": [format!("p{}", t(17))],
                    "properties": {
                        (format!("p{}", t(17))): {"type": "string", "description": t(18), "default": t(19), "example": t(20)},
                        "e": {"type": "string", "enum": [t(21), format!("z{}", t(22)), "q"], "description": t(23)},
                        "n": {"type": "integer", "description": t(24), "default": 3},
                        "when": {"type": "string", "format": "date-time", "nullable": true, "description": t(25)},
                    },
                },
                "Union": {
                    "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}],
                    "discriminator": {"propertyName": kind.clone(), "mapping": {
                        (format!("a{}", t(26))): "#/components/schemas/A", "b": "#/components/schemas/B",
                    }},
                    "description": t(27),
                },
                "A": {"type": "object", "required": [kind.clone()], "properties": {
                    (kind.clone()): {"type": "string"}, "a": {"type": "string", "description": t(28)},
                }},
                "B": {"type": "object", "required": [kind.clone()], "properties": {
                    (kind): {"type": "string"}, "b": {"type": "integer"},
                }},
                "User": {"type": "object", "properties": {"id": {"type": "string"}}},
                (format!("User{}", t(29))): {"type": "object", "properties": {"other": {"type": "string"}}},
                "Option": {"type": "object", "properties": {"id": {"type": "string"}}},
            },
        },
    });
    if version.starts_with("3.1") {
        spec["webhooks"] = json!({
            (format!("hook{}", t(30))): {"post": {
                "operationId": format!("hook{}", t(31)),
                "summary": t(0),
                "requestBody": {"content": {"application/json": {"schema": obj_ref}}},
                "responses": {"200": {"description": t(1)}},
            }},
        });
    }
    spec
}

fn settings(spec: &Path, name: &str, standalone: bool) -> Settings {
    Settings {
        crate_name: name.to_owned(),
        description: "A client of a hostile document.".to_owned(),
        apis: vec![ApiSources {
            name: name.to_owned(),
            documents: vec![spec.to_path_buf()],
            overlays: Vec::new(),
            spec_root: None,
        }],
        layout: Layout::Root,
        standalone,
        command: "cargo codegen generate".to_owned(),
        strict: false,
        operation_tests: true,
        history: None,
    }
}

/// Generates the crate of `spec`; `None` when the document is refused (which is fine, as
/// long as the refusal is not a bug of ours).
fn generate(
    spec: &Value,
    name: &str,
    standalone: bool,
) -> Result<Option<codegen::Generated>, String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.json");
    std::fs::write(&path, serde_json::to_vec_pretty(spec).unwrap()).unwrap();
    match codegen::generate(&settings(&path, name, standalone)) {
        Ok(generated) => Ok(Some(generated)),
        Err(diagnostics) => match diagnostics
            .iter()
            .find(|d| d.message.contains("internal error"))
        {
            Some(bug) => Err(format!("generator bug: {bug}")),
            None => Ok(None),
        },
    }
}

/// The doc text of each list of attributes (one item's, one field's...), joined.
#[derive(Default)]
struct Docs(Vec<String>);

impl VisitMut for Docs {
    fn visit_attributes_mut(&mut self, attrs: &mut Vec<syn::Attribute>) {
        let mut text = String::new();
        for attr in attrs.iter() {
            if let syn::Meta::NameValue(meta) = &attr.meta
                && meta.path.is_ident("doc")
                && let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(line),
                    ..
                }) = &meta.value
            {
                text.push_str(&line.value());
                text.push('\n');
            }
        }
        self.0.push(text);
        for attr in attrs {
            self.visit_attribute_mut(attr);
        }
    }
}

/// What must hold of every file of a generated crate, whatever the spec said.
fn check_files(generated: &codegen::Generated) -> Result<(), String> {
    for (path, text) in &generated.files {
        let file = path.display();
        if let Some((at, c)) = codegen::visible::first_hidden(text) {
            return Err(format!(
                "{file} holds the hidden character {c:?} at byte {at}"
            ));
        }
        match path.extension().and_then(|e| e.to_str()) {
            Some("rs") => {
                let mut parsed =
                    syn::parse_file(text).map_err(|e| format!("{file} is not Rust: {e}"))?;
                let mut docs = Docs::default();
                docs.visit_file_mut(&mut parsed);
                for doc in docs.0 {
                    let blocks = codegen::markdown::runnable_code_blocks(&doc);
                    if !blocks.is_empty() {
                        return Err(format!(
                            "{file} has a doc comment with a code block rustdoc runs ({blocks:?}):\n{doc}"
                        ));
                    }
                }
            }
            Some("toml") => {
                let manifest: toml::Table = text
                    .parse()
                    .map_err(|e| format!("{file} is not TOML: {e}"))?;
                let tables: Vec<&String> = manifest.keys().collect();
                let known = [
                    "package",
                    "lib",
                    "features",
                    "dependencies",
                    "dev-dependencies",
                    "workspace",
                ];
                if path == Path::new("Cargo.toml")
                    && tables.iter().any(|t| !known.contains(&t.as_str()))
                {
                    return Err(format!(
                        "{file} has tables the generator does not write: {tables:?}"
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(48)
    ))]

    #[test]
    fn no_spec_text_becomes_a_doctest_a_hidden_character_or_a_manifest_table(
        texts in prop::collection::vec(hostile(), PLACES),
        version in prop::sample::select(vec!["3.0.3", "3.1.0"]),
    ) {
        let generated = generate(&document(&texts, version), "hostile", true).map_err(TestCaseError::fail)?;
        if let Some(generated) = generated {
            check_files(&generated).map_err(TestCaseError::fail)?;
        }
    }
}

/// Where the compiled crates go: beside this workspace's own build, so that they share its
/// compiled dependencies.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

/// Runs cargo in `dir`, failing with its output when it fails.
fn cargo(dir: &Path, args: &[&str], rustdocflags: Option<&str>) {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command
        .current_dir(dir)
        .args(args)
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("RUSTFLAGS");
    if let Some(flags) = rustdocflags {
        command.env("RUSTDOCFLAGS", flags);
    }
    let output = command.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo {} failed:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every name of Rust's prelude (and of the items a generated crate names itself) as a
/// schema and as an operation: whatever a spec calls its types, each path of the generated
/// code resolves as it would without them.
fn named_like_the_prelude() -> Value {
    const NAMES: &[&str] = &[
        "AsMut",
        "AsRef",
        "Box",
        "Clone",
        "Copy",
        "Default",
        "Drop",
        "Eq",
        "Err",
        "Extend",
        "Fn",
        "FnMut",
        "FnOnce",
        "From",
        "FromIterator",
        "Future",
        "Into",
        "IntoFuture",
        "IntoIterator",
        "Iterator",
        "None",
        "Ok",
        "Option",
        "Ord",
        "PartialEq",
        "PartialOrd",
        "Result",
        "Send",
        "Sized",
        "Some",
        "String",
        "Sync",
        "ToOwned",
        "ToString",
        "TryFrom",
        "TryInto",
        "Unpin",
        "Vec",
        "Debug",
        "Display",
        "Formatter",
        "Hash",
        "Value",
        "Map",
        "Error",
        "Client",
        "Options",
        "Nullable",
        "Secret",
        "Binary",
        "Url",
        "Duration",
        "Pin",
        "Serialize",
        "Deserialize",
        "Cow",
        "Arc",
        "Self",
        "runtime",
        "types",
        "std",
        "core",
        "serde",
        "reqwest",
        "Unknown",
        "UnparsedValue",
        "Attempt",
        "BuildError",
        "RawResponse",
        "ResponseValue",
        "DateTime",
        "Uuid",
    ];
    let object = json!({"type": "object", "properties": {
        "a": {"type": "string"}, "maybe": {"type": "string", "nullable": true},
        "when": {"type": "string", "format": "date-time"}, "id": {"type": "string", "format": "uuid"},
        "kind": {"type": "string", "enum": ["x", "y"]},
    }});
    let schemas: serde_json::Map<String, Value> = NAMES
        .iter()
        .map(|name| ((*name).to_owned(), object.clone()))
        .collect();
    let holder: serde_json::Map<String, Value> = NAMES
        .iter()
        .map(|name| {
            (
                format!("of_{name}"),
                json!({"$ref": format!("#/components/schemas/{name}")}),
            )
        })
        .collect();
    let paths: serde_json::Map<String, Value> = NAMES
        .iter()
        .map(|name| {
            let op = json!({"post": {
                "operationId": name,
                "parameters": [{"name": "q", "in": "query", "schema": {"$ref": format!("#/components/schemas/{name}")}}],
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Holder"}}}},
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}},
                    "400": {"description": "bad", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                },
            }});
            (format!("/{name}"), op)
        })
        .collect();
    let mut spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "Prelude", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    });
    spec["components"]["schemas"]["Holder"] = json!({"type": "object", "properties": holder});
    spec
}

#[test]
fn crates_of_hostile_documents_compile_and_document_without_warnings() {
    let mut documents = vec![
        document(&[PIECES.concat()], "3.1.0"),
        document(
            &PIECES.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>(),
            "3.0.3",
        ),
        named_like_the_prelude(),
    ];
    // Two random ones, the same on every run.
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
    let texts = prop::collection::vec(hostile(), PLACES);
    for version in ["3.0.3", "3.1.0"] {
        let tree = texts.new_tree(&mut runner).unwrap();
        documents.push(document(&tree.current(), version));
    }
    let workspace = target_dir().join("untrusted");
    let _ = std::fs::remove_dir_all(&workspace);
    let mut members = Vec::new();
    for (index, spec) in documents.iter().enumerate() {
        let name = format!("hostile-{index}");
        let generated = generate(spec, &name, false)
            .unwrap()
            .unwrap_or_else(|| panic!("document {index} was refused"));
        check_files(&generated).unwrap();
        codegen::write::sync(&workspace.join(&name), &generated.files).unwrap();
        members.push(name);
    }
    std::fs::write(
        workspace.join("Cargo.toml"),
        format!("[workspace]\nmembers = {members:?}\nresolver = \"3\"\n"),
    )
    .unwrap();
    // This workspace's versions of the dependencies, which are already built.
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock"),
        workspace.join("Cargo.lock"),
    )
    .unwrap();
    cargo(
        &workspace,
        &[
            "clippy",
            "--quiet",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        None,
    );
    cargo(
        &workspace,
        &["doc", "--quiet", "--workspace", "--no-deps"],
        Some("-D warnings"),
    );
}

#[test]
fn a_long_text_shared_by_thousands_of_operations_is_written_out_once() {
    let description = "A long text. ".repeat(80_000);
    let paths: serde_json::Map<String, Value> = (0..3000)
        .map(|i| {
            let op = json!({"get": {
                "operationId": format!("op{i}"),
                "parameters": [{"$ref": "#/components/parameters/Shared"}],
                "responses": {"200": {"$ref": "#/components/responses/Shared"}},
            }});
            (format!("/p{i}"), op)
        })
        .collect();
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "Shared", "version": "1"},
        "paths": paths,
        "components": {
            "parameters": {"Shared": {"name": "q", "in": "query", "description": description, "schema": {"type": "string"}}},
            "responses": {"Shared": {"description": description}},
        },
    });
    let generated = generate(&spec, "shared", true).unwrap().expect("the crate");
    let bytes: usize = generated.files.values().map(String::len).sum();
    // 3,000 operations of 1 MB text would be 6 GB; one whole copy (cut at 64 KiB) and 5,999
    // shortened ones are a few MB.
    assert!(bytes < 40 * 1024 * 1024, "{bytes} bytes generated");
    let lib = &generated.files[Path::new("src/lib.rs")];
    assert_eq!(
        lib.matches("(The spec repeats this text of 1040000 bytes: see the docs of operation `op0` (GET /p0).)").count(),
        // The parameter's setter and the method's list of responses, in each other operation.
        2 * 2999 + 1,
    );
}
