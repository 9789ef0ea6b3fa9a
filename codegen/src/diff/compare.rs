//! Two surfaces of one API compared: each difference, what it does to the people who depend
//! on the client, the Rust item it touches and where the spec says it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::surface::{Argument, Credential, Field, Operation, Shape, Surface, Type};

/// What a change does to the crate's users, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Impact {
    /// Code that compiled against the old client may not compile (semver: major).
    BreaksCallers,
    /// Code compiles, but a response that decoded before may not now.
    BreaksDecoding,
    /// Code compiles and decodes as before, but calls send something else (another server,
    /// route or header).
    ChangesRequests,
    /// Nothing that worked stops working (semver: minor).
    Compatible,
}

impl Impact {
    /// How a report heads the changes of this kind.
    pub fn heading(self) -> &'static str {
        match self {
            Self::BreaksCallers => "breaking for callers",
            Self::BreaksDecoding => "breaking for decoding",
            Self::ChangesRequests => "changes what is sent",
            Self::Compatible => "compatible",
        }
    }
}

impl fmt::Display for Impact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.heading())
    }
}

/// One difference between the old and the new client.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Change {
    /// What it does to users.
    pub impact: Impact,
    /// The Rust item it touches, as users write it (`vobiz::Client::kick_member`).
    pub item: String,
    /// What changed, in words.
    pub what: String,
    /// Where the spec says so (a JSON pointer), when one place does.
    pub pointer: Option<String>,
    /// Whether an item that stays has another type (a field, argument, body or return
    /// type): a break that cargo-semver-checks does not look for.
    pub retyped: bool,
}

/// Every difference from `old` to `new`, sorted by impact (worst first), then by item.
pub fn compare(old: &Surface, new: &Surface) -> Vec<Change> {
    let mut changes = Changes {
        prefix: new
            .module
            .as_ref()
            .map_or_else(String::new, |m| format!("{m}::")),
        list: Vec::new(),
    };
    changes.client(old, new);
    changes.operations(&old.operations, &new.operations);
    changes.types(&old.types, &new.types);
    let mut list = changes.list;
    list.sort();
    list
}

struct Changes {
    /// `vobiz::` for an API in a module.
    prefix: String,
    list: Vec<Change>,
}

impl Changes {
    fn push(&mut self, impact: Impact, item: &str, what: String, pointer: Option<String>) {
        self.list.push(Change {
            impact,
            item: format!("{}{item}", self.prefix),
            what,
            pointer,
            retyped: false,
        });
    }

    /// [`Self::push`], or [`Self::push_retyped`] when `retyped`.
    fn record(
        &mut self,
        retyped: bool,
        impact: Impact,
        item: &str,
        what: String,
        at: &Option<String>,
    ) {
        match retyped {
            true => self.push_retyped(impact, item, what, at.clone()),
            false => self.push(impact, item, what, at.clone()),
        }
    }

    /// [`Self::push`] for a change of an item's type.
    fn push_retyped(&mut self, impact: Impact, item: &str, what: String, pointer: Option<String>) {
        self.push(impact, item, what, pointer);
        if let Some(change) = self.list.last_mut() {
            change.retyped = true;
        }
    }

    fn client(&mut self, old: &Surface, new: &Surface) {
        if old.server != new.server {
            let what = format!(
                "the default server is now {} (was {})",
                shown(new.server.as_deref()),
                shown(old.server.as_deref())
            );
            let pointer = Some("#/servers/0/url".to_owned());
            self.push(
                Impact::ChangesRequests,
                "Client::DEFAULT_BASE_URL",
                what,
                pointer,
            );
        }
        if old.client_arguments != new.client_arguments {
            let what = format!(
                "the client is now built with ({}) (was ({}))",
                new.client_arguments.join(", "),
                old.client_arguments.join(", ")
            );
            self.push(Impact::BreaksCallers, "Client::new", what, None);
        }
        self.credentials(&old.credentials, &new.credentials);
    }

    /// `Credentials::new` takes the credentials every operation needs; the others are set by
    /// name.
    fn credentials(
        &mut self,
        old: &BTreeMap<String, Credential>,
        new: &BTreeMap<String, Credential>,
    ) {
        for (scheme, change) in keyed(old, new) {
            let pointer = Some(format!("#/components/securitySchemes/{scheme}"));
            let (item, impact, what) = match change {
                Keyed::Removed(c) => (&c.field, Impact::BreaksCallers, "removed".to_owned()),
                Keyed::Added(c) if c.needed => (
                    &c.field,
                    Impact::BreaksCallers,
                    "added; `Credentials::new` takes it".to_owned(),
                ),
                Keyed::Added(c) => (
                    &c.field,
                    Impact::Compatible,
                    format!("added, optional (`with_{}`)", c.field),
                ),
                Keyed::Both(a, b) if a.needed != b.needed || a.field != b.field => (
                    &b.field,
                    Impact::BreaksCallers,
                    format!("now {} (was {})", needed(b.needed), needed(a.needed)),
                ),
                Keyed::Both(a, b) if a.sent_as != b.sent_as => (
                    &b.field,
                    Impact::ChangesRequests,
                    format!("now sent as {} (was {})", b.sent_as, a.sent_as),
                ),
                Keyed::Both(..) => continue,
            };
            self.push(impact, &format!("Credentials::{item}"), what, pointer);
        }
    }

    fn operations(&mut self, old: &BTreeMap<String, Operation>, new: &BTreeMap<String, Operation>) {
        let gone: Vec<&String> = old.keys().filter(|k| !new.contains_key(*k)).collect();
        let mut came: BTreeSet<&String> = new.keys().filter(|k| !old.contains_key(*k)).collect();
        for name in gone {
            let before = &old[name];
            let renamed = came
                .iter()
                .copied()
                .find(|n| new[*n].method == before.method && new[*n].path == before.path);
            let item = format!("Client::{name}");
            match renamed {
                Some(now) => {
                    came.remove(now);
                    let after = &new[now];
                    let what = format!(
                        "renamed to `{now}` (operationId `{}` is now `{}`)",
                        before.operation_id, after.operation_id
                    );
                    self.push(Impact::BreaksCallers, &item, what, Some(after.pointer()));
                    self.operation(now, before, after);
                }
                None => {
                    let what = format!("removed ({} {})", before.method, before.path);
                    self.push(Impact::BreaksCallers, &item, what, Some(before.pointer()));
                }
            }
        }
        for name in came {
            let op = &new[name];
            let what = match &op.summary {
                Some(summary) => format!("added: {summary} ({} {})", op.method, op.path),
                None => format!("added ({} {})", op.method, op.path),
            };
            self.push(
                Impact::Compatible,
                &format!("Client::{name}"),
                what,
                Some(op.pointer()),
            );
        }
        for (name, before) in old {
            if let Some(after) = new.get(name) {
                self.operation(name, before, after);
            }
        }
    }

    /// The changes of one method whose name is now `name`.
    fn operation(&mut self, name: &str, old: &Operation, new: &Operation) {
        let item = format!("Client::{name}");
        let at = Some(new.pointer());
        if (&old.method, &old.path) != (&new.method, &new.path) {
            let what = format!(
                "now sends {} {} (was {} {})",
                new.method, new.path, old.method, old.path
            );
            self.push(Impact::ChangesRequests, &item, what, at.clone());
        }
        self.arguments(&item, old, new, &at);
        if old.returns != new.returns {
            let what = format!("now gives {} (was {})", new.returns, old.returns);
            self.push_retyped(Impact::BreaksCallers, &item, what, at.clone());
        }
        self.responses(&item, "success", &old.success, &new.success, &at);
        self.responses(&item, "error", &old.errors, &new.errors, &at);
        if old.error_type != new.error_type {
            let what = format!(
                "its errors are now {} (was {})",
                named(new.error_type.as_deref()),
                named(old.error_type.as_deref())
            );
            self.push_retyped(Impact::BreaksCallers, &item, what, at.clone());
        }
        if !old.deprecated && new.deprecated {
            self.push(
                Impact::Compatible,
                &item,
                "deprecated".to_owned(),
                at.clone(),
            );
        }
        self.feature(&item, old.feature.as_deref(), new.feature.as_deref(), at);
    }

    /// A method's feature. Moving to another feature (a renamed tag) breaks a caller who
    /// turned the defaults off and named the old one; gaining or losing features does not,
    /// as every feature is on by default.
    fn feature(&mut self, item: &str, old: Option<&str>, new: Option<&str>, at: Option<String>) {
        match (old, new) {
            (Some(old), Some(new)) if old != new => {
                let what = format!("now needs the feature `{new}` (was `{old}`)");
                self.push(Impact::BreaksCallers, item, what, at);
            }
            (None, Some(new)) => {
                let what = format!("now needs the feature `{new}`, on by default");
                self.push(Impact::Compatible, item, what, at);
            }
            _ => {}
        }
    }

    fn arguments(&mut self, item: &str, old: &Operation, new: &Operation, at: &Option<String>) {
        let positional = |op: &Operation| op.arguments.iter().map(|a| a.name.clone()).collect();
        let (was, now): (Vec<String>, Vec<String>) = (positional(old), positional(new));
        if was != now {
            let what = format!("now takes ({}) (was ({}))", now.join(", "), was.join(", "));
            self.push(Impact::BreaksCallers, item, what, at.clone());
        }
        let all = |op: &Operation| -> BTreeMap<String, Argument> {
            op.arguments
                .iter()
                .chain(op.settable.values())
                .map(|a| (a.name.clone(), a.clone()))
                .collect()
        };
        for (name, change) in keyed(&all(old), &all(new)) {
            let retyped = matches!(&change, Keyed::Both(a, b) if a.ty != b.ty);
            let (impact, what) = match change {
                Keyed::Removed(a) if old.settable.contains_key(&a.name) => {
                    (Impact::BreaksCallers, format!("setter `{name}` removed"))
                }
                Keyed::Added(a) if new.settable.contains_key(&a.name) => (
                    Impact::Compatible,
                    format!("new optional `{name}` ({}: {})", a.sent_as, a.ty),
                ),
                // A positional argument that came or went is in the list above.
                Keyed::Removed(_) | Keyed::Added(_) => continue,
                Keyed::Both(a, b) if a.ty != b.ty => (
                    Impact::BreaksCallers,
                    format!("`{name}` is now {} (was {})", b.ty, a.ty),
                ),
                Keyed::Both(a, b) if a.sent_as != b.sent_as => (
                    Impact::ChangesRequests,
                    format!("`{name}` is now sent as {} (was {})", b.sent_as, a.sent_as),
                ),
                Keyed::Both(..) => continue,
            };
            self.record(retyped, impact, item, what, at);
        }
    }

    fn responses(
        &mut self,
        item: &str,
        kind: &str,
        old: &BTreeMap<String, String>,
        new: &BTreeMap<String, String>,
        at: &Option<String>,
    ) {
        for (status, change) in keyed(old, new) {
            let retyped = matches!(&change, Keyed::Both(a, b) if a != b);
            let (impact, what) = match change {
                // A new error status is a new variant of the error enum callers match on.
                Keyed::Added(ty) if kind == "error" => (
                    Impact::BreaksCallers,
                    format!("documents error {status} ({ty}): a new variant of its error enum"),
                ),
                Keyed::Added(ty) => (
                    Impact::Compatible,
                    format!("also succeeds with {status} ({ty})"),
                ),
                Keyed::Removed(ty) if kind == "error" => (
                    Impact::BreaksCallers,
                    format!("no longer documents error {status} ({ty}): its variant is gone"),
                ),
                Keyed::Removed(ty) => (
                    Impact::BreaksDecoding,
                    format!(
                        "no longer succeeds with {status} ({ty}): such an answer is now an unexpected response"
                    ),
                ),
                Keyed::Both(a, b) if a != b => (
                    Impact::BreaksCallers,
                    format!("the {kind} {status} body is now {b} (was {a})"),
                ),
                Keyed::Both(..) => continue,
            };
            self.record(retyped, impact, item, what, at);
        }
    }

    fn types(&mut self, old: &BTreeMap<String, Type>, new: &BTreeMap<String, Type>) {
        for (name, change) in keyed(old, new) {
            let item = format!("types::{name}");
            match change {
                Keyed::Removed(t) => {
                    let at = Some(t.pointer.clone());
                    self.push(Impact::BreaksCallers, &item, "removed".to_owned(), at);
                }
                Keyed::Added(t) => {
                    let at = Some(t.pointer.clone());
                    self.push(Impact::Compatible, &item, "added".to_owned(), at);
                }
                Keyed::Both(a, b) => self.shape(&item, a, b),
            }
        }
    }

    fn shape(&mut self, item: &str, old: &Type, new: &Type) {
        let decoded = old.received && new.received;
        let at = &Some(new.pointer.clone());
        for lost in old
            .implements
            .iter()
            .filter(|t| !new.implements.contains(t))
        {
            let carrier = if lost == "Serialize" {
                "request"
            } else {
                "response"
            };
            let what = format!("no longer implements `{lost}`: no {carrier} carries it");
            self.push(Impact::BreaksCallers, item, what, at.clone());
        }
        match (&old.shape, &new.shape) {
            (Shape::Struct(a), Shape::Struct(b)) => {
                self.fields(item, a, b, (decoded, new.sent), at);
            }
            (Shape::Enum(a), Shape::Enum(b)) => self.values(item, a, b, at),
            (Shape::Union(a), Shape::Union(b)) => self.variants(item, a, b, decoded, at),
            (a, b) if a == b => {}
            (a, b) => {
                let what = format!("is now {} (was {})", shape_name(b), shape_name(a));
                if decoded {
                    self.push(Impact::BreaksDecoding, item, what.clone(), at.clone());
                }
                self.push(Impact::BreaksCallers, item, what, at.clone());
            }
        }
    }

    /// A struct's fields. Any new field breaks callers: a struct with public fields is built
    /// with a literal naming them all.
    fn fields(
        &mut self,
        item: &str,
        old: &BTreeMap<String, Field>,
        new: &BTreeMap<String, Field>,
        (decoded, sent): (bool, bool),
        at: &Option<String>,
    ) {
        for (name, change) in keyed(old, new) {
            let place = format!("{item}::{name}");
            let retyped = matches!(&change, Keyed::Both(x, y) if x.ty != y.ty);
            let (impacts, what) = match change {
                Keyed::Added(f) if decoded && f.must_be_present => (
                    vec![Impact::BreaksCallers, Impact::BreaksDecoding],
                    format!(
                        "new required field `{name}: {}`: answers without `{}` no longer decode",
                        f.ty, f.api_name
                    ),
                ),
                Keyed::Added(f) => (
                    vec![Impact::BreaksCallers],
                    format!("new field `{name}: {}`", f.ty),
                ),
                Keyed::Removed(f) => (
                    vec![Impact::BreaksCallers],
                    format!("field `{name}: {}` removed", f.ty),
                ),
                Keyed::Both(x, y) if x == y => continue,
                Keyed::Both(x, y) => (
                    field_impacts(x, y, decoded, sent),
                    field_change(&name, x, y),
                ),
            };
            for impact in impacts {
                self.record(retyped, impact, &place, what.clone(), at);
            }
        }
    }

    /// A string enum's values. Its `Unknown` variant keeps values it does not know, so no
    /// answer stops decoding; but every value is a variant callers match on.
    fn values(
        &mut self,
        item: &str,
        old: &BTreeSet<String>,
        new: &BTreeSet<String>,
        at: &Option<String>,
    ) {
        for value in new.difference(old) {
            let what = format!("new value `{value}`: a new variant for exhaustive matches");
            self.push(Impact::BreaksCallers, item, what, at.clone());
        }
        for value in old.difference(new) {
            let what = format!(
                "value `{value}` removed: its variant is gone (answers with it decode as `Unknown`)"
            );
            self.push(Impact::BreaksCallers, item, what, at.clone());
        }
    }

    fn variants(
        &mut self,
        item: &str,
        old: &BTreeMap<String, String>,
        new: &BTreeMap<String, String>,
        decoded: bool,
        at: &Option<String>,
    ) {
        for (variant, change) in keyed(old, new) {
            let retyped = matches!(&change, Keyed::Both(x, y) if x != y);
            let (impact, what) = match change {
                Keyed::Added(ty) => (
                    Impact::BreaksCallers,
                    format!("new variant `{variant}({ty})`"),
                ),
                Keyed::Removed(ty) if decoded => (
                    Impact::BreaksDecoding,
                    format!(
                        "variant `{variant}({ty})` removed: answers of that shape no longer decode"
                    ),
                ),
                Keyed::Removed(ty) => (
                    Impact::BreaksCallers,
                    format!("variant `{variant}({ty})` removed"),
                ),
                Keyed::Both(x, y) if x != y => (
                    Impact::BreaksCallers,
                    format!("variant `{variant}` now holds {y} (was {x})"),
                ),
                Keyed::Both(..) => continue,
            };
            self.record(retyped, impact, item, what, at);
        }
    }
}

/// What a changed field does: a new type breaks callers; an answer that must now hold it,
/// under another name or of another type breaks decoding; a request that sends it under
/// another name sends something else.
fn field_impacts(old: &Field, new: &Field, decoded: bool, sent: bool) -> Vec<Impact> {
    let mut impacts = Vec::new();
    if old.ty != new.ty {
        impacts.push(Impact::BreaksCallers);
    }
    let stricter = new.must_be_present && !old.must_be_present;
    let renamed = old.api_name != new.api_name;
    if decoded && (stricter || renamed || strip(&old.ty) != strip(&new.ty)) {
        impacts.push(Impact::BreaksDecoding);
    }
    if sent && renamed {
        impacts.push(Impact::ChangesRequests);
    }
    impacts
}

/// What changed in one field.
fn field_change(name: &str, old: &Field, new: &Field) -> String {
    let mut parts = Vec::new();
    if old.ty != new.ty {
        parts.push(format!("is now {} (was {})", new.ty, old.ty));
    }
    if old.must_be_present != new.must_be_present {
        parts.push(match new.must_be_present {
            true => "is now required in answers".to_owned(),
            false => "may now be absent".to_owned(),
        });
    }
    if old.api_name != new.api_name {
        parts.push(format!(
            "is now `{}` on the wire (was `{}`)",
            new.api_name, old.api_name
        ));
    }
    format!("field `{name}` {}", parts.join(", "))
}

/// A type without its `Option`/`Nullable` wrapper: what must decode when a value is there.
fn strip(ty: &str) -> &str {
    ["Option<", "Nullable<"]
        .iter()
        .find_map(|w| ty.strip_prefix(w).and_then(|t| t.strip_suffix('>')))
        .unwrap_or(ty)
}

fn shape_name(shape: &Shape) -> String {
    match shape {
        Shape::Struct(_) => "a struct".to_owned(),
        Shape::Enum(_) => "a string enum".to_owned(),
        Shape::Union(_) => "a union".to_owned(),
        Shape::Alias(ty) => format!("another name for {ty}"),
    }
}

fn named(item: Option<&str>) -> String {
    item.map_or_else(|| "none".to_owned(), |name| format!("`{name}`"))
}

fn shown(server: Option<&str>) -> String {
    server.map_or_else(|| "none".to_owned(), |s| format!("`{s}`"))
}

fn needed(needed: bool) -> &'static str {
    match needed {
        true => "required by `Credentials::new`",
        false => "optional",
    }
}

/// One key of two maps: only in the old, only in the new, or in both.
enum Keyed<'a, V> {
    Removed(&'a V),
    Added(&'a V),
    Both(&'a V, &'a V),
}

/// The keys of both maps in order, with where each is.
fn keyed<'a, V>(
    old: &'a BTreeMap<String, V>,
    new: &'a BTreeMap<String, V>,
) -> Vec<(String, Keyed<'a, V>)> {
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .filter_map(|key| {
            let keyed = match (old.get(key), new.get(key)) {
                (Some(a), Some(b)) => Keyed::Both(a, b),
                (Some(a), None) => Keyed::Removed(a),
                (None, Some(b)) => Keyed::Added(b),
                (None, None) => return None,
            };
            Some((key.clone(), keyed))
        })
        .collect()
}
