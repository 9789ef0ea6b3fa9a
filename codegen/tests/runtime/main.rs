//! The runtime's own tests, beside its source: its files compiled here as the module tree
//! every generated crate compiles them into, with every optional part. Generated crates keep
//! the runtime private, so what only the runtime can see is tested here; what their users see
//! is tested through generated clients (the workspace's `tests/`).

// Each generated crate uses the parts of the runtime its operations need; here nothing calls
// most of it but the tests. `tracing` is a feature of generated crates, not of this package.
// The runtime's public names are judged where they are public, in the generated crates
// (clippy leaves exported names alone: renaming them would break their users).
#![allow(dead_code, unexpected_cfgs, clippy::enum_variant_names)]

#[path = "../../runtime/runtime.rs"]
mod runtime;

// The optional parts, which read the runtime as their parent (`super::`), as in a generated
// crate, where the runtime declares them.
#[path = "../../runtime/base64_bytes.rs"]
mod base64_bytes;
#[path = "../../runtime/basic_auth.rs"]
mod basic_auth;
#[path = "../../runtime/dates.rs"]
mod dates;
#[path = "../../runtime/form.rs"]
mod form;
#[path = "../../runtime/uuids.rs"]
mod uuids;

use runtime::*;

mod credentials;
mod form_bodies;
mod parameter_styles;
mod typed_formats;
