//! `Cargo.toml` of the generated crate, written with a TOML serializer.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Package, RuntimeNeeds};
use crate::ir::Feature;

#[derive(Serialize)]
struct Manifest<'a> {
    package: PackageTable<'a>,
    lib: LibTable,
    features: BTreeMap<String, Vec<String>>,
    dependencies: BTreeMap<&'static str, Dependency>,
    #[serde(
        rename = "dev-dependencies",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    dev_dependencies: BTreeMap<&'static str, Dependency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    workspace: Option<BTreeMap<String, String>>,
}

#[derive(Serialize)]
struct PackageTable<'a> {
    name: &'a str,
    version: &'a str,
    edition: &'static str,
    description: &'a str,
    publish: bool,
}

/// The crate's docs hold spec text, which is never to run: every code block of it is a `text`
/// block, and doctests are off besides, so that `cargo test` in a workspace holding the crate
/// could not run one even if a block got through. The crate has no doctests of its own.
#[derive(Serialize)]
struct LibTable {
    doctest: bool,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Dependency {
    Version(&'static str),
    Detailed {
        version: &'static str,
        #[serde(rename = "default-features", skip_serializing_if = "Option::is_none")]
        default_features: Option<bool>,
        features: Vec<&'static str>,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        optional: bool,
    },
}

/// The manifest of `package`, with the dependencies of the runtime parts it `needs`.
pub fn manifest(
    package: &Package<'_>,
    needs: RuntimeNeeds,
    groups: &[(Option<&str>, &Feature)],
) -> Result<String, toml::ser::Error> {
    let mut dependencies = BTreeMap::from([
        // rustls, not OpenSSL: no system library to install; the generated code does its own
        // JSON encoding, so no reqwest features beyond TLS are needed.
        (
            "reqwest",
            Dependency::Detailed {
                version: "0.13",
                default_features: Some(false),
                features: vec!["rustls"],
                optional: false,
            },
        ),
        (
            "serde",
            Dependency::Detailed {
                version: "1",
                default_features: None,
                features: vec!["derive"],
                optional: false,
            },
        ),
        ("serde_json", Dependency::Version("1")),
        // Both already come with reqwest: the timer for retry backoff, and the parser for
        // `Retry-After` dates.
        (
            "tokio",
            Dependency::Detailed {
                version: "1",
                default_features: Some(false),
                features: vec!["time"],
                optional: false,
            },
        ),
        ("httpdate", Dependency::Version("1")),
        // The encoder `url` uses, to encode path segments whole (`url` drops tabs and line
        // breaks from them).
        ("percent-encoding", Dependency::Version("2")),
        // One span per call, one event per attempt; never headers or bodies.
        (
            "tracing",
            Dependency::Detailed {
                version: "0.1",
                default_features: Some(false),
                features: vec!["std"],
                optional: true,
            },
        ),
    ]);
    // Only for the runtime parts the APIs use: HTTP basic authentication (the version reqwest
    // itself uses), and form-encoded bodies (the encoder of `url`, which reqwest uses).
    if needs.basic_auth || needs.base64 {
        dependencies.insert("base64", Dependency::Version("0.23"));
    }
    // Typed formats: the date and time types most Rust code already uses (serde support,
    // RFC 3339 parsing, no clock or time zone database needed), and the uuid type.
    if needs.dates {
        dependencies.insert(
            "chrono",
            Dependency::Detailed {
                version: "0.4.40",
                default_features: Some(false),
                features: vec!["serde", "std"],
                optional: false,
            },
        );
    }
    if needs.uuid {
        dependencies.insert(
            "uuid",
            Dependency::Detailed {
                version: "1",
                default_features: None,
                features: vec!["serde"],
                optional: false,
            },
        );
    }
    if needs.form {
        dependencies.insert("form_urlencoded", Dependency::Version("1"));
    }
    let features = features(groups);
    let mut dev_dependencies = BTreeMap::new();
    if package.operation_tests {
        // The operation tests are async tests.
        dev_dependencies.insert(
            "tokio",
            Dependency::Detailed {
                version: "1",
                default_features: None,
                features: vec!["macros", "rt"],
                optional: false,
            },
        );
    }
    let manifest = Manifest {
        package: PackageTable {
            name: package.name,
            version: package.version,
            edition: "2024",
            description: package.description,
            publish: false,
        },
        lib: LibTable { doctest: false },
        features,
        dependencies,
        dev_dependencies,
        workspace: package.standalone.then(BTreeMap::new),
    };
    toml::to_string(&manifest)
}

/// `tracing`, and for an API with groups of operations one feature per group, all of them
/// in `full`, which is the default: a crate regenerated with features still compiles the
/// code written against it before.
fn features(groups: &[(Option<&str>, &Feature)]) -> BTreeMap<String, Vec<String>> {
    let mut features = BTreeMap::from([("tracing".to_owned(), vec!["dep:tracing".to_owned()])]);
    if groups.is_empty() {
        return features;
    }
    for (_, feature) in groups {
        features.insert(feature.name.clone(), Vec::new());
    }
    let mut all: Vec<String> = groups.iter().map(|(_, f)| f.name.clone()).collect();
    all.sort();
    all.dedup();
    features.insert("full".to_owned(), all);
    features.insert("default".to_owned(), vec!["full".to_owned()]);
    features
}
