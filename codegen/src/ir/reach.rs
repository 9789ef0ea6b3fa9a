//! The one walk over the type graph: which named types a set of roots reaches. It marks the
//! types requests carry and those responses carry, and says which types each group of
//! operations needs (see [`super::groups`]).

use std::collections::{BTreeMap, BTreeSet};

use super::{TypeDef, TypeRef};

/// Each named type's members, by name.
pub(super) struct TypeGraph<'a> {
    members: BTreeMap<&'a str, Vec<&'a str>>,
}

impl<'a> TypeGraph<'a> {
    pub(super) fn new(types: &'a [TypeDef]) -> Self {
        let members = types
            .iter()
            .map(|def| {
                let named = def.kind.members().into_iter().flat_map(TypeRef::named);
                (def.name.as_str(), named.map(|(name, _)| name).collect())
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
