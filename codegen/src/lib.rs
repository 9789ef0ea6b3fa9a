//! An OpenAPI 3.0, 3.1 and 3.2 to Rust generator of typed async clients.
//!
//! The pipeline is a row of small stages with typed data between them:
//! [`load`] (files to JSON values) → [`merge`] (several documents of one API into one) →
//! [`overlay`] (fixes as Overlay 1.0 actions) → [`translate`] (OpenAPI 3.1 and 3.2 to the 3.0
//! form) → [`parse`] (into `openapiv3`) → [`normalize`]
//! (mixed schema forms into one) → [`ir`] (the
//! validated model, named by [`names`]) → emit (tokens) → [`render`] (formatted text) →
//! [`write`](mod@write) (the output folder). Beside emit, [`diff`] reads the IR's public
//! surface to say what a regeneration changes for the crate's users. [`pipeline`] runs them in that order; a stage
//! uses what the stages before it made and never calls back into them. Every stage reports problems into [`Diagnostics`] with the file and JSON
//! pointer they concern; nothing is written unless the whole run succeeded.
//!
//! A spec is untrusted input: references never leave its root ([`load::Root`]), no text of it
//! becomes a doctest ([`markdown`]) or a character a reader cannot see in a generated file
//! ([`visible`]), and every stage's work is bounded (see the README, "Untrusted specs").
//!
//! The generator knows no project of its own: a project names its crates in a settings file
//! read by [`Project`].

#![deny(missing_docs)]

pub mod build_script;
pub mod diagnostics;
pub mod diff;
mod emit;
pub mod http;
pub mod ir;
#[cfg(feature = "lint")]
pub mod lint;
pub mod load;
pub mod markdown;
pub mod merge;
pub mod names;
pub mod normalize;
pub mod overlay;
mod parallel;
pub mod parse;
pub mod pipeline;
pub mod render;
mod schema_check;
pub mod translate;
pub mod visible;
mod workspace;
pub mod write;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use load::ApiSources;
pub use pipeline::{Generated, History, Layout, Settings, Timings, generate};
pub use workspace::{Project, Workspace};
