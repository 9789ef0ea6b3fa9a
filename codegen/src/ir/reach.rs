//! The one walk over the type graph: which named types a set of roots reaches. It marks the
//! types requests carry and those responses carry, and says which types each group of
//! operations needs (see [`super::groups`]).

use std::collections::{BTreeMap, BTreeSet};

use super::{TypeDef, TypeKind, TypeRef};

/// Each named type's members, by name.
pub(super) struct TypeGraph<'a> {
    members: BTreeMap<&'a str, Vec<&'a str>>,
}

impl<'a> TypeGraph<'a> {
    pub(super) fn new(types: &'a [TypeDef]) -> Self {
        Self::cut(types, |_, _| false)
    }

    /// The graph a feature's types are read from. A union of an id and whole objects (an
    /// expandable field: Stripe's `customer` is a customer's id, or the customer when the
    /// request asks to expand it) does not hold the objects some operation returns
    /// (`returned`): those compile with the operations that return them, and the union's
    /// variant with them. Otherwise every payment would compile every customer, invoice and
    /// account of the API, and every group of a large API would need most of its types.
    pub(super) fn for_features(types: &'a [TypeDef], returned: &BTreeSet<&str>) -> Self {
        Self::cut(types, |kind, name| {
            let TypeKind::Untagged { variants } = kind else {
                return false;
            };
            variants.iter().any(|v| v.ty == TypeRef::String) && returned.contains(name)
        })
    }

    /// The graph without the edges `skip(holder, held)` says.
    fn cut(types: &'a [TypeDef], skip: impl Fn(&TypeKind, &str) -> bool) -> Self {
        let members = types
            .iter()
            .map(|def| {
                let named = def.kind.members().into_iter().flat_map(TypeRef::named);
                let named = named.map(|(name, _)| name);
                let kept = named.filter(|name| !skip(&def.kind, name)).collect();
                (def.name.as_str(), kept)
            })
            .collect();
        Self { members }
    }

    /// The named types `roots` hold, and every type those hold, at any depth.
    pub(super) fn reach(&self, roots: impl IntoIterator<Item = &'a TypeRef>) -> BTreeSet<&'a str> {
        let mut pending: Vec<&str> = roots
            .into_iter()
            .flat_map(TypeRef::named)
            .map(|(name, _)| name)
            .collect();
        self.reach_names(&mut pending)
    }

    /// [`Self::reach`] from type names.
    pub(super) fn reach_names(&self, pending: &mut Vec<&'a str>) -> BTreeSet<&'a str> {
        let mut seen = BTreeSet::new();
        while let Some(name) = pending.pop() {
            if let Some((&name, members)) = self.members.get_key_value(name)
                && seen.insert(name)
            {
                pending.extend(members);
            }
        }
        seen
    }
}
