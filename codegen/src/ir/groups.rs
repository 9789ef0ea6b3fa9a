//! Cargo features for the groups of a large API's operations: one feature per tag (or per
//! path prefix where an operation has no tag), each compiling its operations and exactly the
//! types they reach. A user who calls five operations of a 700-operation API then compiles a
//! few dozen items instead of thousands.

use std::collections::{BTreeMap, BTreeSet};

use super::reach::TypeGraph;
use super::{Api, Feature, Gate, Operation, TypeDef, TypeKind, TypeRef};
use crate::names;

/// APIs with fewer operations have no features. Below this a generated crate checks in a
/// few seconds (Nexus, 193 operations, in about 7), and the fixed cost every crate pays (its
/// runtime, the client) is a large part of that, so choosing features would save little.
pub const FEATURES_FROM_OPERATIONS: usize = 100;

/// The group an operation belongs to, as the spec names it: its first tag, else the first
/// segment of its path that is neither a parameter nor a version (`/v1/customers/{id}` is in
/// `customers`).
pub(super) fn group_of(tags: &[String], path: &str) -> String {
    if let Some(tag) = tags.iter().find(|tag| !tag.trim().is_empty()) {
        return tag.clone();
    }
    let is_version = |segment: &str| {
        segment.len() > 1
            && segment.starts_with(['v', 'V'])
            && segment[1..].starts_with(|c: char| c.is_ascii_digit())
    };
    path.split(['/', '?'])
        .find(|segment| !segment.is_empty() && !segment.starts_with('{') && !is_version(segment))
        .unwrap_or("root")
        .to_owned()
}

/// Gives a large API's operations their features, and its types and error enums the
/// features that need them. An item every feature needs, or none (a type only webhooks or
/// no operation use), is always compiled.
pub(super) fn assign(api: &mut Api) {
    let op_features: Vec<String> = api
        .operations
        .iter()
        .map(|op| names::feature_name(&op.group))
        .collect();
    let mut groups: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (op, feature) in api.operations.iter().zip(&op_features) {
        groups.entry(feature).or_default().insert(&op.group);
    }
    if api.operations.len() < FEATURES_FROM_OPERATIONS || groups.len() < 2 {
        return;
    }
    let needed_by = features_needing_each_type(api, &op_features);
    let all = groups.len();
    let gate = |needing: Option<&BTreeSet<&str>>| match needing {
        Some(needing) if needing.len() < all => {
            Gate(needing.iter().map(|f| (*f).to_owned()).collect())
        }
        _ => Gate::default(),
    };
    let type_gates: Vec<Gate> = api
        .types
        .iter()
        .map(|def| gate(needed_by.get(def.name.as_str())))
        .collect();
    let feature_of: BTreeMap<&str, &str> = api
        .operations
        .iter()
        .zip(&op_features)
        .map(|(op, feature)| (op.method_name.as_str(), feature.as_str()))
        .collect();
    let enum_gates: Vec<Gate> = api
        .error_enums
        .iter()
        .map(|e| {
            gate(Some(
                &e.used_by.iter().map(|m| feature_of[m.as_str()]).collect(),
            ))
        })
        .collect();
    let features: Vec<Feature> = groups
        .iter()
        .map(|(name, groups)| Feature {
            name: (*name).to_owned(),
            groups: groups.iter().map(|g| (*g).to_owned()).collect(),
            operations: op_features.iter().filter(|f| f == name).count(),
        })
        .collect();
    for (def, gate) in api.types.iter_mut().zip(type_gates) {
        def.gate = gate;
    }
    gate_variants(&mut api.types);
    for (error_enum, gate) in api.error_enums.iter_mut().zip(enum_gates) {
        error_enum.gate = gate;
    }
    for (op, feature) in api.operations.iter_mut().zip(op_features) {
        op.feature = Some(feature);
    }
    api.features = features;
}

/// The features that need each type: those whose operations reach it. A type no feature
/// needs is in none, and neither is anything it holds: both are always compiled.
fn features_needing_each_type<'a>(
    api: &'a Api,
    op_features: &'a [String],
) -> BTreeMap<&'a str, BTreeSet<&'a str>> {
    let defs: BTreeMap<&str, &TypeDef> = api.types.iter().map(|d| (d.name.as_str(), d)).collect();
    let returned: Vec<Vec<&str>> = api.operations.iter().map(|op| returns(op, &defs)).collect();
    let graph = TypeGraph::for_features(&api.types, &returned.iter().flatten().copied().collect());
    let mut needed_by: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for feature in op_features.iter().collect::<BTreeSet<&String>>() {
        let ops = api.operations.iter().zip(op_features).zip(&returned);
        let ops = ops.filter(|((_, f), _)| *f == feature);
        let mut roots: Vec<&str> = Vec::new();
        for ((op, _), returned) in ops {
            let carried = op.sent_types().chain(op.received_types());
            roots.extend(carried.flat_map(TypeRef::named).map(|(name, _)| name));
            roots.extend(returned);
        }
        for name in graph.reach_names(&mut roots) {
            needed_by.entry(name).or_default().insert(feature.as_str());
        }
    }
    let mut unneeded: Vec<&str> = api
        .types
        .iter()
        .map(|def| def.name.as_str())
        .filter(|name| !needed_by.contains_key(name))
        .collect();
    for name in graph.reach_names(&mut unneeded) {
        needed_by.remove(name);
    }
    needed_by
}

/// The named types an operation's successes return: their bodies' types, and the variants of
/// a body that is a union (a customer, or a deleted one).
fn returns<'a>(op: &'a Operation, defs: &BTreeMap<&str, &'a TypeDef>) -> Vec<&'a str> {
    let bodies = op.success.iter().filter_map(|case| case.content.ty());
    let mut returned: Vec<&str> = bodies.flat_map(TypeRef::named).map(|(n, _)| n).collect();
    let unions = returned.iter().filter_map(|name| defs.get(name));
    let variants: Vec<&str> = unions
        .filter(|def| {
            matches!(
                def.kind,
                TypeKind::Untagged { .. } | TypeKind::Tagged { .. }
            )
        })
        .flat_map(|def| def.kind.members())
        .flat_map(TypeRef::named)
        .map(|(name, _)| name)
        .collect();
    returned.extend(variants);
    returned
}

/// Gates the variants of a union that hold a type the union's features may leave out (an
/// expanded object, see [`TypeGraph::for_features`]): such a variant compiles with its type.
fn gate_variants(types: &mut [TypeDef]) {
    let gates: BTreeMap<String, Gate> = types
        .iter()
        .map(|def| (def.name.clone(), def.gate.clone()))
        .collect();
    for def in types {
        let TypeKind::Untagged { variants } = &mut def.kind else {
            continue;
        };
        for variant in variants {
            let mut held = variant
                .ty
                .named()
                .into_iter()
                .filter_map(|(n, _)| gates.get(n));
            if let Some(gate) = held.find(|held| !implies(&def.gate, held)) {
                variant.gate = gate.clone();
            }
        }
    }
}

/// Whether an item compiled under `holder` is sure to have one compiled under `held`.
fn implies(holder: &Gate, held: &Gate) -> bool {
    held.0.is_empty() || !holder.0.is_empty() && holder.0.iter().all(|f| held.0.contains(f))
}

#[cfg(test)]
mod tests {
    use super::super::types::tests::build;
    use super::*;

    /// A spec of `per_group` operations in each of the `pets` and `stores` tags. Pets
    /// return a `Pet`, which holds an `Owner`; stores a `Store`; both document a `Problem`
    /// for 404, and only pets a 409 too. `Unused`, which no operation reaches,
    /// holds a `Store`. A store's `pet` is a pet's id, or the pet expanded.
    fn two_groups(per_group: usize) -> Api {
        let mut paths = String::from("paths:\n");
        for i in 0..per_group {
            for (tag, schema, conflict) in [("pets", "Pet", true), ("stores", "Store", false)] {
                let conflict = if conflict {
                    "'409': {description: taken, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}"
                } else {
                    ""
                };
                paths.push_str(&format!(
                    "  /v1/{tag}/{i}/{{id}}:\n    get:\n      operationId: get-{tag}-{i}\n      tags: [{tag}]\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/{schema}'}}}}}}}}\n        '404': {{description: gone, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Problem'}}}}}}}}\n        {conflict}\n"
                ));
            }
        }
        let components = "components:\n  schemas:\n    Pet: {type: object, properties: {owner: {$ref: '#/components/schemas/Owner'}}}\n    Owner: {type: object, properties: {name: {type: string}}}\n    Store: {type: object, properties: {name: {type: string}, pet: {anyOf: [{type: string}, {$ref: '#/components/schemas/Pet'}]}}}\n    Problem: {type: object, properties: {detail: {type: string}}}\n    Unused: {type: object, properties: {note: {type: string}, store: {$ref: '#/components/schemas/Store'}}}\n";
        let spec = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{paths}{components}");
        let (api, diagnostics) = build(&spec);
        assert_eq!(api.operations.len(), 2 * per_group, "{diagnostics:#?}");
        api
    }

    fn gate_of<'a>(api: &'a Api, name: &str) -> &'a [String] {
        let def = api.types.iter().find(|def| def.name == name).expect(name);
        &def.gate.0
    }

    #[test]
    fn each_type_is_compiled_by_the_features_whose_operations_reach_it() {
        let api = two_groups(FEATURES_FROM_OPERATIONS / 2);
        let names: Vec<(&str, usize)> = api
            .features
            .iter()
            .map(|f| (f.name.as_str(), f.operations))
            .collect();
        assert_eq!(names, [("pets", 50), ("stores", 50)]);
        assert!(
            api.operations
                .iter()
                .all(|op| op.feature.as_deref() == Some(op.group.as_str()))
        );
        assert_eq!(gate_of(&api, "Pet"), ["pets"]);
        assert_eq!(gate_of(&api, "Owner"), ["pets"], "reached through a field");
        assert!(
            gate_of(&api, "Problem").is_empty(),
            "every feature needs it"
        );
        assert!(gate_of(&api, "Unused").is_empty(), "no feature needs it");
        assert!(
            gate_of(&api, "Store").is_empty(),
            "a type always compiled holds it"
        );
        let gates: Vec<(&str, &[String])> = api
            .error_enums
            .iter()
            .map(|e| (e.name.as_str(), e.gate.0.as_slice()))
            .collect();
        assert_eq!(
            gates,
            [
                ("PetsError", &["pets".to_owned()][..]),
                ("StoresError", &["stores".to_owned()][..])
            ]
        );
    }

    #[test]
    fn an_expanded_object_compiles_with_the_operations_that_return_it() {
        let api = two_groups(FEATURES_FROM_OPERATIONS / 2);
        assert_eq!(gate_of(&api, "Pet"), ["pets"], "not with every store");
        let union = api.types.iter().find(|def| def.name == "StorePet").unwrap();
        assert!(union.gate.0.is_empty(), "a store is always compiled");
        let TypeKind::Untagged { variants } = &union.kind else {
            panic!("{:?}", union.kind)
        };
        let gates: Vec<(&str, &[String])> = variants
            .iter()
            .map(|v| (v.name.as_str(), v.gate.0.as_slice()))
            .collect();
        assert_eq!(
            gates,
            [("String", &[][..]), ("Pet", &["pets".to_owned()][..])]
        );
    }

    #[test]
    fn a_smaller_api_has_no_features() {
        let api = two_groups(FEATURES_FROM_OPERATIONS / 2 - 1);
        assert!(api.features.is_empty());
        assert!(api.operations.iter().all(|op| op.feature.is_none()));
        assert!(api.types.iter().all(|def| def.gate.0.is_empty()));
    }

    #[test]
    fn an_operation_without_a_tag_is_grouped_by_its_path() {
        let tags = |tags: &[&str]| tags.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>();
        assert_eq!(group_of(&tags(&["Box Hubs", "other"]), "/hubs"), "Box Hubs");
        assert_eq!(group_of(&tags(&[]), "/v1/customers/{id}"), "customers");
        assert_eq!(group_of(&tags(&[" "]), "/{org}/v2beta/teams"), "teams");
        assert_eq!(group_of(&tags(&[]), "/v1/"), "root");
        assert_eq!(group_of(&tags(&[]), "/vault/items"), "vault");
    }

    #[test]
    fn feature_names_are_kebab_case_and_never_the_crate_s_own() {
        assert_eq!(names::feature_name("Box Hubs"), "box-hubs");
        assert_eq!(names::feature_name("payment_intents"), "payment-intents");
        assert_eq!(
            names::feature_name("ConversationsV1Webhook"),
            "conversations-v1-webhook"
        );
        assert_eq!(names::feature_name("tracing"), "tracing-operations");
        assert_eq!(names::feature_name("Default"), "default-operations");
        assert_eq!(names::feature_name("full"), "full-operations");
        assert_eq!(names::feature_name("!!"), "unnamed");
    }
}
