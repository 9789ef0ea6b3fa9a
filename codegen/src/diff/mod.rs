//! What a regeneration changes for the people who depend on the client, in the words of the
//! generated API: the [`surface`] of each API (the methods, arguments, responses and types its
//! users see), two surfaces [`compare`]d into classified [`Change`]s, and a [`Report`] of them.
//!
//! It reads the IR after naming, so a change is told in Rust names (`vobiz::Client::kick_member`,
//! `types::Member::join_time`) with the spec pointer it comes from, and a spec edit that
//! changes nothing users see reports nothing.

mod compare;
pub mod record;
pub mod release;
mod report;
pub mod revision;
mod surface;

pub use compare::{Change, Impact, compare};
pub use report::{ApiChanges, Report};
pub use surface::{Surface, surface};

/// The changes from the `old` to the `new` surfaces of a crate's APIs, matched by module.
pub fn diff(old: &[Surface], new: &[Surface]) -> Report {
    let key = |s: &Surface| s.module.clone().unwrap_or_default();
    let mut apis = Vec::new();
    for before in old {
        match new.iter().find(|after| key(after) == key(before)) {
            Some(after) => apis.push(ApiChanges::new(
                after.module.clone(),
                compare(before, after),
            )),
            None => apis.push(ApiChanges::whole(
                before.module.clone(),
                Impact::BreaksCallers,
                "removed",
            )),
        }
    }
    for after in new
        .iter()
        .filter(|after| !old.iter().any(|b| key(b) == key(after)))
    {
        apis.push(ApiChanges::whole(
            after.module.clone(),
            Impact::Compatible,
            "added",
        ));
    }
    apis.sort_by(|a, b| a.module.cmp(&b.module));
    Report { apis }
}

/// A relative path with `/` between its parts, as git and the record write paths.
fn slashed(path: &std::path::Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
