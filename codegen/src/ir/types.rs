//! Schemas to named Rust types: a registry with one entry per named type.
//!
//! Component schemas get their names first, so `$ref`s (forward and cyclic) resolve by name
//! before any type is converted. Inline schemas that need a type of their own (objects, enums,
//! unions) are named from a hint that says where they are (`KickMemberResponse`,
//! `ConferenceMembers`). After everything is converted, fields that make a type contain
//! itself are boxed.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, OpenAPI, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::refs::{self, Unresolved};
use super::tags::{self, mapped_component};
use super::{Field, Held, TaggedVariant, TypeDef, TypeKind, TypeRef, UntaggedVariant};
use crate::diagnostics::Diagnostics;
use crate::diagnostics::Origins;
use crate::names::{self, Scope};

/// Nesting deeper than this is refused instead of risking the stack.
const MAX_DEPTH: usize = 64;

/// A schema as found in the spec: a reference or an inline schema.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'s> {
    Ref(&'s str),
    Item(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for SchemaRef<'s> {
    fn from(value: &'s ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(schema) => Self::Item(schema),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for SchemaRef<'s> {
    fn from(value: &'s ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(schema) => Self::Item(schema),
        }
    }
}

pub(super) struct TypeSpace<'a> {
    spec: &'a OpenAPI,
    origins: &'a Origins,
    /// Components the parse stage left out, so references to them can say why they dangle.
    left_out: &'a BTreeSet<String>,
    names: Scope,
    /// Component schema name → Rust type name.
    components: BTreeMap<String, String>,
    /// Rust type name → component schema name.
    component_by_rust: BTreeMap<String, String>,
    defs: BTreeMap<String, TypeDef>,
    /// Names defined so far, in order, so a failed unit's definitions can be taken back.
    added: Vec<String>,
    /// Inline schema pointer → the named type made for it, so a schema reached again (a
    /// property of an `allOf` base copied into each type that includes it) is one type.
    inline: BTreeMap<String, String>,
    /// Every doc text of the model is copied through it, operations' too.
    pub(super) texts: super::texts::Texts,
    /// What each component's `allOf` gathers, by component name.
    all_of_gathered: std::cell::RefCell<BTreeMap<String, Rc<Gathered<'a>>>>,
    /// Components are converted; a reference to one that is not defined is one left out.
    components_done: bool,
    depth: usize,
}

/// How many definitions existed at some point; see [`TypeSpace::rollback`].
#[derive(Clone, Copy)]
pub(super) struct Checkpoint(usize);

impl<'a> TypeSpace<'a> {
    pub(super) fn new(
        spec: &'a OpenAPI,
        origins: &'a Origins,
        left_out: &'a BTreeSet<String>,
    ) -> Self {
        Self {
            spec,
            origins,
            left_out,
            names: Scope::with_reserved(names::PRELUDE_IN_TYPES),
            components: BTreeMap::new(),
            component_by_rust: BTreeMap::new(),
            defs: BTreeMap::new(),
            added: Vec::new(),
            inline: BTreeMap::new(),
            texts: super::texts::Texts::default(),
            all_of_gathered: std::cell::RefCell::default(),
            components_done: false,
            depth: 0,
        }
    }

    /// Names every component schema, then converts each. A schema that cannot be converted
    /// is left out with a warning, and so is every schema that uses it; operations that use
    /// a left-out schema are left out when they are built.
    pub(super) fn add_components(&mut self, diagnostics: &mut Diagnostics) {
        let Some(components) = &self.spec.components else {
            self.components_done = true;
            return;
        };
        for name in components.schemas.keys() {
            let wanted = names::type_name(name);
            let rust = self.names.claim(&wanted);
            if names::PRELUDE_IN_TYPES.contains(&wanted.as_str()) {
                let pointer = crate::diagnostics::pointer(&["components", "schemas", name]);
                diagnostics.note(
                    self.origins.file_for(&pointer),
                    &pointer,
                    format!("schema `{name}` is the type `{rust}`: the generated code uses `{wanted}` from Rust's prelude"),
                    "nothing to do; rename the schema to choose another name",
                );
            }
            self.component_by_rust.insert(rust.clone(), name.clone());
            self.components.insert(name.clone(), rust);
        }
        for (name, schema) in &components.schemas {
            let rust = self.components[name].clone();
            let pointer = crate::diagnostics::pointer(&["components", "schemas", name]);
            let mut local = Diagnostics::default();
            let checkpoint = self.checkpoint();
            match SchemaRef::from(schema) {
                SchemaRef::Item(schema) => self.define(&rust, schema, &pointer, &mut local),
                reference @ SchemaRef::Ref(_) => {
                    let target = self.type_for(reference, &rust, &pointer, &mut local);
                    self.insert(&rust, &pointer, None, TypeKind::Alias(target));
                }
            }
            if local.has_errors() {
                self.rollback(checkpoint);
            }
            diagnostics.extend(local.left_out(&format!("schema `{name}` is left out")));
        }
        self.reject_alias_cycles(diagnostics);
        self.drop_dependents(diagnostics);
        self.components_done = true;
    }

    /// The current number of definitions, to [`rollback`](Self::rollback) to.
    pub(super) fn checkpoint(&self) -> Checkpoint {
        Checkpoint(self.added.len())
    }

    /// Removes every definition made since `checkpoint`. Their names stay taken, so a
    /// reference to a left-out component can never find another type under its name.
    pub(super) fn rollback(&mut self, checkpoint: Checkpoint) {
        for name in self.added.drain(checkpoint.0..) {
            self.defs.remove(&name);
        }
        self.inline.retain(|_, name| self.defs.contains_key(name));
    }

    /// The spec name and pointer of the component a Rust type name was made for.
    fn component_of(&self, rust: &str) -> Option<(&str, String)> {
        self.component_by_rust.get(rust).map(|spec_name| {
            (
                spec_name.as_str(),
                crate::diagnostics::pointer(&["components", "schemas", spec_name]),
            )
        })
    }

    /// `A: {$ref: B}` and `B: {$ref: A}` name each other and never a schema: no Rust type
    /// can be made of them (a type alias cannot contain itself).
    ///
    /// This follows the aliases of the types made, not the `$ref`s of the spec, which
    /// [`refs::resolve`] follows: a schema that only describes a reference
    /// (`A: {description: ..., allOf: [{$ref: B}]}`) is a schema to the spec but an alias
    /// here, so `B: {$ref: A}` is a circle that no `$ref` chain shows.
    ///
    /// Each type is an alias of at most one other, so every chain is walked once: time grows
    /// with the number of types, however long the chains.
    fn reject_alias_cycles(&mut self, diagnostics: &mut Diagnostics) {
        // Each type of a circle is left out with the circle shown from it, in name order.
        let cycles = alias_cycles(&self.defs);
        let mut left_out: Vec<(&str, &[String], usize)> = (cycles.iter())
            .flat_map(|cycle| {
                (0..cycle.len()).map(move |start| (&*cycle[start], &cycle[..], start))
            })
            .collect();
        left_out.sort();
        for &(rust, cycle, start) in &left_out {
            self.warn_alias_cycle(rust, cycle, start, diagnostics);
        }
        for (rust, ..) in left_out {
            self.defs.remove(rust);
        }
    }

    /// Warns that the component made into `cycle[start]` is left out: its aliases go round
    /// in `cycle`. A long circle is shown by its first names.
    fn warn_alias_cycle(
        &self,
        rust: &str,
        cycle: &[String],
        start: usize,
        diagnostics: &mut Diagnostics,
    ) {
        const SHOWN: usize = 8;
        let Some((name, pointer)) = self.component_of(rust) else {
            return;
        };
        let from_here = cycle[start..].iter().chain(&cycle[..start]);
        let names = from_here.filter_map(|rust| self.component_of(rust).map(|(name, _)| name));
        let mut shown: Vec<String> = names.take(SHOWN + 1).map(|n| format!("`{n}`")).collect();
        if shown.len() > SHOWN {
            shown.truncate(SHOWN);
            shown.push(format!("... ({} in all)", cycle.len()));
        }
        shown.push(format!("`{name}`"));
        diagnostics.warning(
            self.origins.file_for(&pointer),
            &pointer,
            format!(
                "schema `{name}` is left out: its `$ref`s go round in a circle ({}) and never reach a schema",
                shown.join(" → ")
            ),
            "make one of the schemas in the circle a real schema instead of a `$ref`",
        );
    }

    /// Leaves out, until none is left, every definition that uses one that is not defined:
    /// those that use a missing one first, then those that use one of them, and so on, each
    /// round in name order. Each definition's uses are read once.
    fn drop_dependents(&mut self, diagnostics: &mut Diagnostics) {
        let uses: BTreeMap<String, Vec<String>> = self
            .defs
            .iter()
            .map(|(name, def)| (name.clone(), def.kind.referenced()))
            .collect();
        let mut users: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (user, used) in &uses {
            for used in used {
                users
                    .entry(used.as_str())
                    .or_default()
                    .insert(user.as_str());
            }
        }
        let mut round: BTreeSet<&str> = uses.keys().map(String::as_str).collect();
        while !round.is_empty() {
            let broken: Vec<(&str, &str)> = round
                .iter()
                .filter_map(|&name| {
                    let missing = uses[name]
                        .iter()
                        .find(|used| !self.defs.contains_key(*used))?;
                    Some((name, missing.as_str()))
                })
                .collect();
            for &(rust, _) in &broken {
                self.defs.remove(rust);
            }
            round = broken
                .iter()
                .flat_map(|(rust, _)| users.get(rust).into_iter().flatten().copied())
                .filter(|user| self.defs.contains_key(*user))
                .collect();
            for (rust, missing) in broken {
                let Some((name, pointer)) = self.component_of(rust) else {
                    continue;
                };
                let missing = self
                    .component_of(missing)
                    .map_or(missing.to_owned(), |(name, _)| name.to_owned());
                diagnostics.warning(
                    self.origins.file_for(&pointer),
                    &pointer,
                    format!("schema `{name}` is left out: it uses `{missing}`, which is left out"),
                    format!("fix `{missing}` (see its warning)"),
                );
            }
        }
    }

    /// Whether `null` is a value of the schema, following a reference to the component it
    /// names (OpenAI's `metadata: {$ref: Metadata}`, where `Metadata` is `nullable`). A
    /// component that is itself "one variant or null" is already an `Option`.
    fn admits_null_at(&self, schema: SchemaRef<'_>) -> bool {
        match schema {
            SchemaRef::Item(schema) => admits_null(schema),
            SchemaRef::Ref(reference) => {
                refs::resolve::<Schema>(self.spec, reference).is_ok_and(|(_, target)| {
                    admits_null(target) && sole_non_null_variant(target).is_none()
                })
            }
        }
    }

    /// The type of a schema; inline schemas that need a named type get one named from `hint`.
    pub(super) fn type_for(
        &mut self,
        schema: SchemaRef<'_>,
        hint: &str,
        pointer: &str,
        diagnostics: &mut Diagnostics,
    ) -> TypeRef {
        let schema = match schema {
            SchemaRef::Ref(reference) => return self.resolve_ref(reference, pointer, diagnostics),
            SchemaRef::Item(schema) => schema,
        };
        if self.depth >= MAX_DEPTH {
            diagnostics.error(
                self.origins.file_for(pointer),
                pointer,
                format!("schemas nest more than {MAX_DEPTH} levels deep"),
                "move nested schemas into `components/schemas` and refer to them with `$ref`",
            );
            return TypeRef::Json;
        }
        if let Some(variant) = sole_non_null_variant(schema) {
            return self.type_for(variant.into(), hint, pointer, diagnostics);
        }
        if needs_named_type(schema) {
            if let Some(name) = self.inline.get(pointer) {
                return TypeRef::Named(name.clone());
            }
            let name = self.names.claim(&names::type_name(hint));
            self.inline.insert(pointer.to_owned(), name.clone());
            self.depth += 1;
            self.define(&name, schema, pointer, diagnostics);
            self.depth -= 1;
            return TypeRef::Named(name);
        }
        self.depth += 1;
        let ty = self.plain_type(schema, hint, pointer, diagnostics);
        self.depth -= 1;
        ty
    }

    fn resolve_ref(
        &mut self,
        reference: &str,
        pointer: &str,
        diagnostics: &mut Diagnostics,
    ) -> TypeRef {
        let target = refs::component_name::<Schema>(reference);
        if let Some(name) = target.as_ref().and_then(|name| self.components.get(name))
            && (!self.components_done || self.defs.contains_key(name))
        {
            return TypeRef::Named(name.clone());
        }
        let file = self.origins.file_for(pointer);
        let is_left_out = self.left_out.contains(reference)
            || target
                .as_ref()
                .is_some_and(|name| self.components.contains_key(name));
        if is_left_out {
            diagnostics.error(
                file,
                pointer,
                format!("`$ref: {reference}` points at a schema that is left out"),
                "fix that schema (see its warning)",
            );
        } else if let Some((kind, found)) = refs::misplaced_schema(self.spec, reference) {
            return self.misplaced(reference, kind, found, pointer, diagnostics);
        } else if reference.starts_with('#') {
            diagnostics.error(
                file,
                pointer,
                format!("`$ref: {reference}` points at nothing"),
                "define the schema under `components/schemas`, or fix the reference",
            );
        } else if let Some(missing) = missing_file(file, reference) {
            diagnostics.error(
                file,
                pointer,
                format!(
                    "`$ref: {reference}` points into `{}`, which does not exist",
                    missing.display()
                ),
                "fix the file name (it is relative to the file holding the `$ref`), or add the file",
            );
        } else {
            diagnostics.warning(
                file,
                pointer,
                format!("`$ref: {reference}` refers to another file, which is not supported yet; the value is typed as `serde_json::Value`"),
                "inline the schema into `components/schemas` with an overlay",
            );
        }
        TypeRef::Json
    }

    /// The type for a schema position's `$ref` to a response, parameter or request body: its
    /// schema when it has exactly one, with a note; otherwise a warning naming the pointers,
    /// and the value is typed as `serde_json::Value`.
    fn misplaced(
        &mut self,
        reference: &str,
        kind: &str,
        found: refs::Misplaced<'a>,
        pointer: &str,
        diagnostics: &mut Diagnostics,
    ) -> TypeRef {
        let file = self.origins.file_for(pointer).to_path_buf();
        let help = "point the `$ref` at the schema itself (under `components/schemas`)";
        match found {
            refs::Misplaced::Schema(schema, at) => {
                diagnostics.note(
                    &file,
                    pointer,
                    format!("`$ref: {reference}` points at a {kind}, not a schema; the {kind}'s schema (`{at}`) is used"),
                    help,
                );
                let hint = names::type_name(reference.rsplit('/').next().unwrap_or(kind));
                self.type_for(SchemaRef::from(schema), &hint, &at, diagnostics)
            }
            refs::Misplaced::Ambiguous(pointers) => {
                diagnostics.warning(
                    &file,
                    pointer,
                    format!("`$ref: {reference}` points at a {kind}, not a schema, and its media types have different schemas (`{}`); the value is typed as `serde_json::Value`", pointers.join("`, `")),
                    help,
                );
                TypeRef::Json
            }
            refs::Misplaced::NoSchema => {
                diagnostics.warning(
                    &file,
                    pointer,
                    format!("`$ref: {reference}` points at a {kind}, not a schema, and the {kind} has no schema; the value is typed as `serde_json::Value`"),
                    help,
                );
                TypeRef::Json
            }
        }
    }

    /// Types that need no definition of their own.
    fn plain_type(
        &mut self,
        schema: &Schema,
        hint: &str,
        pointer: &str,
        diagnostics: &mut Diagnostics,
    ) -> TypeRef {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string))
                if string.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary) =>
            {
                TypeRef::Binary
            }
            // `type: string, enum: [null]` (how Dropshot writes "null"): the value is null.
            SchemaKind::Type(Type::String(_)) if is_null_only(schema) => {
                TypeRef::Nullable(Box::new(TypeRef::String))
            }
            SchemaKind::Type(Type::String(string)) => string_type(&string.format),
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Integer(integer)) => match integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(number)) => match number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Array(array)) => {
                self.list_type(array.items.as_ref(), hint, pointer, diagnostics)
            }
            SchemaKind::Type(Type::Object(object)) => self.map_type(
                object.additional_properties.as_ref(),
                hint,
                pointer,
                diagnostics,
            ),
            SchemaKind::AllOf { all_of } => match sole_part(all_of) {
                Some((index, part)) => {
                    let at = format!("{pointer}/allOf/{index}");
                    self.type_for(part.into(), hint, &at, diagnostics)
                }
                // Handled by `needs_named_type`.
                None => TypeRef::Json,
            },
            // Keywords of several types together (GitHub's `type: string` with
            // `additionalProperties`, Box's `type: array` with `minimum`): `type` says what the
            // value is, and keywords of other types do not apply to it.
            SchemaKind::Any(any) => match any.typ.as_deref() {
                Some("string") => TypeRef::String,
                Some("boolean") => TypeRef::Bool,
                Some("integer") => TypeRef::I64,
                Some("number") => TypeRef::F64,
                Some("array") => self.list_type(any.items.as_ref(), hint, pointer, diagnostics),
                Some("object") => self.map_type(
                    any.additional_properties.as_ref(),
                    hint,
                    pointer,
                    diagnostics,
                ),
                None if any.additional_properties.is_some() => self.map_type(
                    any.additional_properties.as_ref(),
                    hint,
                    pointer,
                    diagnostics,
                ),
                _ => TypeRef::Json,
            },
            SchemaKind::Not { .. } => {
                diagnostics.warning(
                    self.origins.file_for(pointer),
                    pointer,
                    "`not` schemas cannot be expressed as a Rust type; the value is typed as `serde_json::Value`",
                    "describe the allowed values positively, with an overlay if the spec is not yours",
                );
                TypeRef::Json
            }
            // Handled by `needs_named_type`.
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => TypeRef::Json,
        }
    }

    /// A list of `items` (of anything when the schema does not say).
    fn list_type(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        hint: &str,
        pointer: &str,
        diagnostics: &mut Diagnostics,
    ) -> TypeRef {
        let Some(items) = items else {
            return TypeRef::Vec(Box::new(TypeRef::Json));
        };
        let item_pointer = format!("{pointer}/items");
        let item = self.type_for(
            items.into(),
            &format!("{hint}Item"),
            &item_pointer,
            diagnostics,
        );
        TypeRef::Vec(Box::new(or_null(item, self.admits_null_at(items.into()))))
    }

    fn map_type(
        &mut self,
        additional: Option<&AdditionalProperties>,
        hint: &str,
        pointer: &str,
        diagnostics: &mut Diagnostics,
    ) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(value)) => {
                let value_pointer = format!("{pointer}/additionalProperties");
                let value_ty = self.type_for(
                    value.as_ref().into(),
                    &format!("{hint}Value"),
                    &value_pointer,
                    diagnostics,
                );
                let nullable = self.admits_null_at(value.as_ref().into());
                TypeRef::Map(Box::new(or_null(value_ty, nullable)))
            }
            _ => TypeRef::Map(Box::new(TypeRef::Json)),
        }
    }

    /// The property that tells a union's variants apart when the spec names no
    /// discriminator: one every variant requires, each limited to a single string value of
    /// its own. The first such property of the first variant, in the spec's order.
    fn implied_tag(&self, variants: &[ReferenceOr<Schema>]) -> Option<String> {
        let first = variants.first()?;
        let candidates: Vec<String> = match self.object_of(first)?.schema_kind {
            SchemaKind::Type(Type::Object(ref object)) => {
                object.properties.keys().cloned().collect()
            }
            SchemaKind::Any(ref any) => any.properties.keys().cloned().collect(),
            _ => return None,
        };
        if variants.len() < 2 {
            return None;
        }
        candidates.into_iter().find(|property| {
            let mut seen = BTreeSet::new();
            variants.iter().all(|variant| {
                let required = self.object_of(variant).is_some_and(|object| {
                    ObjectParts::of(object).required.contains(property.as_str())
                });
                match tags::tag_enum(self.spec, variant, property, 0).as_slice() {
                    [value] => required && seen.insert(value.clone()),
                    _ => false,
                }
            })
        })
    }

    /// The object schema a union variant is, through `$ref`s.
    fn object_of<'s>(&'s self, schema: &'s ReferenceOr<Schema>) -> Option<&'s Schema> {
        match schema {
            ReferenceOr::Reference { reference } => {
                let (_, schema) = refs::resolve::<Schema>(self.spec, reference).ok()?;
                object_schema(schema)
            }
            ReferenceOr::Item(schema) => object_schema(schema),
        }
    }

    /// Defines a named type for `schema`.
    fn define(
        &mut self,
        name: &str,
        schema: &Schema,
        pointer: &str,
        diagnostics: &mut Diagnostics,
    ) {
        let description = self
            .texts
            .copy(doc_text(schema), || format!("type `{name}`"));
        // Reserve the name first so a schema that refers to itself finds it.
        self.insert(
            name,
            pointer,
            description.clone(),
            TypeKind::Alias(TypeRef::Json),
        );
        // "One variant or null": named, it is an alias of that variant's type or `null`, as
        // the same idiom is inline, not a union with a variant for `null`.
        if let Some(variant) = sole_non_null_variant(schema) {
            let ty = self.type_for(variant.into(), name, pointer, diagnostics);
            let kind = TypeKind::Alias(or_null(ty, admits_null(schema)));
            self.insert(name, pointer, description, kind);
            return;
        }
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string))
                if string.enumeration.iter().any(Option::is_some) =>
            {
                string_enum(&string.enumeration)
            }
            SchemaKind::OneOf { one_of: variants } => {
                let at = format!("{pointer}/oneOf");
                self.define_union(name, schema, variants, &at, diagnostics)
            }
            SchemaKind::AnyOf { any_of: variants } => {
                let at = format!("{pointer}/anyOf");
                self.define_union(name, schema, variants, &at, diagnostics)
            }
            SchemaKind::AllOf { all_of } => self.define_all_of(name, all_of, pointer, diagnostics),
            SchemaKind::Type(Type::Object(_)) | SchemaKind::Any(_) => {
                self.define_object(name, schema, pointer, diagnostics)
            }
            _ => TypeKind::Alias(self.plain_type(schema, name, pointer, diagnostics)),
        };
        self.insert(name, pointer, description, kind);
    }

    /// A `oneOf`/`anyOf` whose variants are at `pointer`: a tagged union when a discriminator
    /// or a one-value property tells the variants apart, a string enum when it is any string
    /// with some known ones, else an untagged union.
    fn define_union(
        &mut self,
        name: &str,
        schema: &Schema,
        variants: &[ReferenceOr<Schema>],
        pointer: &str,
        diagnostics: &mut Diagnostics,
    ) -> TypeKind {
        if let Some(discriminator) = &schema.schema_data.discriminator {
            return self.define_discriminated_union(
                name,
                discriminator,
                variants,
                pointer,
                diagnostics,
            );
        }
        // "Any string, these are the known ones" (OpenAI's model names): a string enum
        // already keeps the values it does not know, so the union is the enum.
        if let Some(values) = open_string_enum(variants) {
            return string_enum(values);
        }
        // Every variant an object whose one required property holds one string of its own
        // (`type: {enum: [bool]}`): a tagged union, though the spec names no discriminator.
        if let Some(property) = self.implied_tag(variants) {
            return self.define_implied_union(name, variants, &property, pointer, diagnostics);
        }
        self.define_untagged_union(name, variants, pointer, diagnostics)
    }

    /// The variants of a union at `pointer`, each with its Rust name (claimed in `scope`)
    /// and type.
    fn union_variants<'v>(
        &mut self,
        name: &str,
        variants: &'v [ReferenceOr<Schema>],
        pointer: &str,
        mut scope: Scope,
        diagnostics: &mut Diagnostics,
    ) -> Vec<(String, TypeRef, &'v ReferenceOr<Schema>)> {
        variants
            .iter()
            .enumerate()
            .map(|(index, variant)| {
                let at = format!("{pointer}/{index}");
                let title = match variant {
                    ReferenceOr::Item(schema) => schema.schema_data.title.as_deref(),
                    ReferenceOr::Reference { .. } => None,
                };
                let hint = match title {
                    Some(title) => format!("{name}{}", names::type_name(title)),
                    None => format!("{name}Variant{index}"),
                };
                let ty = self.type_for(variant.into(), &hint, &at, diagnostics);
                let rust = title.map_or_else(|| variant_name(&ty), names::type_name);
                (scope.claim(&rust), ty, variant)
            })
            .collect()
    }

    /// A union whose `discriminator` names the tag property. A value with another tag is
    /// kept in an `Unknown` variant, so no variant may take that name.
    fn define_discriminated_union(
        &mut self,
        name: &str,
        discriminator: &openapiv3::Discriminator,
        variants: &[ReferenceOr<Schema>],
        pointer: &str,
        diagnostics: &mut Diagnostics,
    ) -> TypeKind {
        let scope = Scope::with_reserved(&["Unknown"]);
        let variants = self.union_variants(name, variants, pointer, scope, diagnostics);
        TypeKind::Tagged {
            property: discriminator.property_name.clone(),
            variants: variants
                .into_iter()
                .map(|(name, ty, variant)| TaggedVariant {
                    tags: tags::tags_of(self.spec, discriminator, variant),
                    name,
                    ty: Some(ty),
                    description: None,
                    keeps_tag: true,
                })
                .collect(),
        }
    }

    /// A union whose variants are tried in order; but a string or a named enum of strings is
    /// that enum, which keeps the values it does not know (as [`Self::define_union`] says).
    fn define_untagged_union(
        &mut self,
        name: &str,
        variants: &[ReferenceOr<Schema>],
        pointer: &str,
        diagnostics: &mut Diagnostics,
    ) -> TypeKind {
        let variants = self.union_variants(name, variants, pointer, Scope::default(), diagnostics);
        if let [(_, TypeRef::String, _), (_, TypeRef::Named(known), _)]
        | [(_, TypeRef::Named(known), _), (_, TypeRef::String, _)] = variants.as_slice()
            && let Some(TypeDef {
                kind: TypeKind::StringEnum { .. },
                ..
            }) = self.defs.get(known)
        {
            return TypeKind::Alias(TypeRef::Named(known.clone()));
        }
        TypeKind::Untagged {
            variants: variants
                .into_iter()
                .map(|(name, ty, _)| UntaggedVariant::new(name, ty))
                .collect(),
        }
    }

    /// A tagged union from variants told apart by `property` ([`Self::implied_tag`]), at
    /// `pointer`. A variant written inline is a struct without the tag
    /// (`Datum::Bool(DatumBool { datum })`), which the union writes and reads; a `$ref`
    /// variant is its component as it is.
    fn define_implied_union(
        &mut self,
        name: &str,
        variants: &[ReferenceOr<Schema>],
        property: &str,
        pointer: &str,
        diagnostics: &mut Diagnostics,
    ) -> TypeKind {
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let variants = variants
            .iter()
            .enumerate()
            .map(|(index, variant)| {
                let tags = tags::tag_enum(self.spec, variant, property, 0);
                let rust = scope.claim(&names::type_name(tags.first().map_or("", String::as_str)));
                let at = format!("{pointer}/{index}");
                let hint = format!("{name}{rust}");
                let (ty, description, keeps_tag) = match variant {
                    ReferenceOr::Item(schema) => {
                        let ty = self.type_without_tag(schema, property, &hint, &at, diagnostics);
                        let doc = self
                            .texts
                            .copy(doc_text(schema), || format!("type `{name}`"));
                        (ty, doc, false)
                    }
                    ReferenceOr::Reference { .. } => {
                        let ty = self.type_for(variant.into(), &hint, &at, diagnostics);
                        (Some(ty), None, true)
                    }
                };
                TaggedVariant {
                    name: rust,
                    description: description.filter(|_| ty.is_none()),
                    ty,
                    tags,
                    keeps_tag,
                }
            })
            .collect();
        TypeKind::Tagged {
            property: property.to_owned(),
            variants,
        }
    }

    /// The type of an inline variant of an implied union once its tag `property` is taken
    /// out; `None` when the tag is all it holds.
    fn type_without_tag(
        &mut self,
        schema: &Schema,
        property: &str,
        hint: &str,
        pointer: &str,
        diagnostics: &mut Diagnostics,
    ) -> Option<TypeRef> {
        let mut without_tag = schema.clone();
        let additional = match &mut without_tag.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                object.properties.shift_remove(property);
                object.required.retain(|p| p != property);
                &object.additional_properties
            }
            SchemaKind::Any(any) => {
                any.properties.shift_remove(property);
                any.required.retain(|p| p != property);
                &any.additional_properties
            }
            _ => &None,
        };
        let holds_more = matches!(additional, Some(AdditionalProperties::Schema(_)))
            || !ObjectParts::of(&without_tag).properties.is_empty();
        holds_more.then(|| self.type_for(SchemaRef::Item(&without_tag), hint, pointer, diagnostics))
    }

    /// An object schema: the union of the schemas that extend it when it is a discriminated
    /// base, a struct when it has properties (or refuses unknown ones), else a map or any
    /// JSON value.
    fn define_object(
        &mut self,
        name: &str,
        schema: &Schema,
        pointer: &str,
        diagnostics: &mut Diagnostics,
    ) -> TypeKind {
        let extensions = extensions(schema, pointer);
        if !extensions.is_empty() {
            return self.define_discriminated_base(schema, extensions, pointer, diagnostics);
        }
        let parts = ObjectParts::of(schema);
        if parts.properties.is_empty() && !parts.deny_unknown {
            return TypeKind::Alias(self.plain_type(schema, name, pointer, diagnostics));
        }
        self.struct_kind(name, &parts, pointer, diagnostics)
    }

    /// A base schema whose discriminator maps tags to the schemas that extend it
    /// (`allOf: [Base, ...]`, found by [`extensions`]): a value of the base is one of them.
    fn define_discriminated_base(
        &mut self,
        schema: &Schema,
        extensions: Vec<(String, Vec<String>)>,
        pointer: &str,
        diagnostics: &mut Diagnostics,
    ) -> TypeKind {
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let at = format!("{pointer}/discriminator/mapping");
        let variants = extensions
            .into_iter()
            .map(|(component, tags)| {
                let reference = crate::diagnostics::pointer(&["components", "schemas", &component]);
                let ty = self.resolve_ref(&reference, &at, diagnostics);
                TaggedVariant {
                    name: scope.claim(&variant_name(&ty)),
                    ty: Some(ty),
                    tags,
                    description: None,
                    keeps_tag: true,
                }
            })
            .collect();
        let property = schema
            .schema_data
            .discriminator
            .as_ref()
            .map(|d| d.property_name.clone())
            .unwrap_or_default();
        TypeKind::Tagged { property, variants }
    }

    /// An `allOf`: the type of its one part that says what the value is (the others only
    /// annotate it), else a struct of the properties of every part.
    fn define_all_of(
        &mut self,
        name: &str,
        all_of: &[ReferenceOr<Schema>],
        pointer: &str,
        diagnostics: &mut Diagnostics,
    ) -> TypeKind {
        if let Some((index, part)) = sole_part(all_of) {
            let at = format!("{pointer}/allOf/{index}");
            return TypeKind::Alias(self.type_for(part.into(), name, &at, diagnostics));
        }
        let mut parts = ObjectParts::default();
        let mut included = Included::default();
        let mut problems = Diagnostics::default();
        for (index, part) in all_of.iter().enumerate() {
            self.collect_all_of(
                part.into(),
                &format!("{pointer}/allOf/{index}"),
                &mut parts,
                &mut included,
                &mut problems,
            );
        }
        problems.dedup();
        diagnostics.extend(problems);
        self.struct_kind(name, &parts, pointer, diagnostics)
    }

    fn struct_kind(
        &mut self,
        name: &str,
        parts: &ObjectParts<'_>,
        pointer: &str,
        diagnostics: &mut Diagnostics,
    ) -> TypeKind {
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        for (api_name, (schema, at)) in &parts.properties {
            let at = at.clone().unwrap_or_else(|| {
                format!(
                    "{pointer}/properties/{}",
                    crate::diagnostics::escape_token(api_name)
                )
            });
            let hint = format!("{name}{}", names::type_name(api_name));
            let ty = self.type_for(*schema, &hint, &at, diagnostics);
            let (description, read_only) = match schema {
                SchemaRef::Item(schema) => (
                    self.texts
                        .copy(doc_text(schema), || format!("type `{name}`")),
                    schema.schema_data.read_only,
                ),
                SchemaRef::Ref(_) => (None, false),
            };
            let nullable = self.admits_null_at(*schema);
            let empty_object_is_null = match schema {
                SchemaRef::Item(schema) => null_is_an_empty_object(schema),
                SchemaRef::Ref(_) => false,
            };
            fields.push(Field {
                name: scope.claim(&names::snake_name(api_name)),
                api_name: api_name.clone(),
                ty,
                required: parts.required.contains(api_name.as_str()),
                read_only,
                nullable,
                empty_object_is_null,
                description,
                flatten: false,
            });
        }
        for (union, at) in &parts.unions {
            let ty = self.type_for(*union, &format!("{name}Variant"), at, diagnostics);
            let field_name = match &ty {
                TypeRef::Named(type_name) => names::snake_name(type_name),
                _ => "variant".to_owned(),
            };
            fields.push(Field {
                name: scope.claim(&field_name),
                api_name: String::new(),
                ty,
                required: true,
                read_only: false,
                nullable: false,
                empty_object_is_null: false,
                description: None,
                flatten: true,
            });
        }
        TypeKind::Struct {
            fields,
            // serde cannot refuse unknown fields beside a flattened one.
            deny_unknown: parts.deny_unknown && parts.unions.is_empty(),
        }
    }

    /// Gathers the properties of one `allOf` part, following references.
    fn collect_all_of<'s>(
        &self,
        part: SchemaRef<'s>,
        pointer: &str,
        parts: &mut ObjectParts<'s>,
        included: &mut Included,
        diagnostics: &mut Diagnostics,
    ) where
        'a: 's,
    {
        let schema: &'s Schema = match part {
            SchemaRef::Item(schema) => schema,
            SchemaRef::Ref(reference) => {
                self.include_component(part, reference, pointer, parts, included, diagnostics);
                return;
            }
        };
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => {
                for (index, nested) in all_of.iter().enumerate() {
                    let at = format!("{pointer}/allOf/{index}");
                    self.collect_all_of(nested.into(), &at, parts, included, diagnostics);
                }
            }
            SchemaKind::Type(Type::Object(_)) | SchemaKind::Any(_) => {
                let own = ObjectParts::of(schema);
                parts.required.extend(own.required);
                parts.deny_unknown |= own.deny_unknown;
                for (name, (schema, _)) in own.properties {
                    let at = format!("{pointer}/properties/{}", crate::diagnostics::escape_token(&name));
                    parts.properties.insert(name, (schema, Some(at)));
                }
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                parts.unions.push((part, pointer.to_owned()));
            }
            _ => diagnostics.warning(
                self.origins.file_for(pointer),
                pointer,
                "this `allOf` part is not an object, so it adds no fields; its constraints are not checked",
                "remove the part, or make it an object schema",
            ),
        }
    }

    /// Gathers the component an `allOf` part refers to. `included` holds the components being
    /// followed, so a schema that includes itself is an error, not an endless recursion, and
    /// those this `allOf` already gathered, so a schema reached twice (two parts that both
    /// include a base) is gathered once. What a component gathers is kept
    /// ([`TypeSpace::gathered`]): the work grows with the schemas, not with the paths to them.
    fn include_component<'s>(
        &self,
        part: SchemaRef<'s>,
        reference: &str,
        pointer: &str,
        parts: &mut ObjectParts<'s>,
        included: &mut Included,
        diagnostics: &mut Diagnostics,
    ) where
        'a: 's,
    {
        let (name, schema) = match refs::resolve::<Schema>(self.spec, reference) {
            Ok(found) => found,
            Err(why @ Unresolved::Cycle(_)) => {
                diagnostics.error(
                    self.origins.file_for(pointer),
                    pointer,
                    format!("`allOf` part {}", refs::describe(reference, &why, "schema")),
                    "point the part at a schema that is defined, not only an alias",
                );
                return;
            }
            Err(_) => {
                diagnostics.error(
                    self.origins.file_for(pointer),
                    pointer,
                    format!("`allOf` part `$ref: {reference}` does not point at a schema in this document"),
                    "refer to a schema defined under `components/schemas`",
                );
                return;
            }
        };
        if included.following.contains(name.as_str()) {
            diagnostics.error(
                self.origins.file_for(pointer),
                pointer,
                format!("`allOf` part `$ref: {reference}` includes the schema in itself, which no type can be"),
                "refer to the schema from a property instead (a property may be recursive)",
            );
            included.met_a_cycle = true;
            return;
        }
        if !included.gathered.insert(name.clone()) {
            return;
        }
        if matches!(
            schema.schema_kind,
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. }
        ) {
            // A named union is one field of its own type.
            parts.unions.push((part, pointer.to_owned()));
            return;
        }
        let gathered = self.gathered(&name, schema, included);
        parts.merge(&gathered.parts);
        diagnostics.extend(gathered.problems.clone());
    }

    /// What the `allOf` of component `name` gathers, worked out once. A result that met a
    /// schema including itself depends on what was being followed around it, and is not kept.
    fn gathered(
        &self,
        name: &str,
        schema: &'a Schema,
        included: &mut Included,
    ) -> Rc<Gathered<'a>> {
        if let Some(done) = self.all_of_gathered.borrow().get(name) {
            return Rc::clone(done);
        }
        // Inside the target, pointers are the target's own (a local `$ref` is one).
        let target = crate::diagnostics::pointer(&["components", "schemas", name]);
        let mut inner = Included {
            following: std::mem::take(&mut included.following),
            gathered: BTreeSet::from([name.to_owned()]),
            met_a_cycle: false,
        };
        inner.following.insert(name.to_owned());
        let mut gathered = Gathered {
            parts: ObjectParts::default(),
            problems: Diagnostics::default(),
        };
        let item = SchemaRef::Item(schema);
        self.collect_all_of(
            item,
            &target,
            &mut gathered.parts,
            &mut inner,
            &mut gathered.problems,
        );
        inner.following.remove(name);
        included.following = inner.following;
        included.met_a_cycle |= inner.met_a_cycle;
        let gathered = Rc::new(gathered);
        if !inner.met_a_cycle {
            (self.all_of_gathered.borrow_mut()).insert(name.to_owned(), Rc::clone(&gathered));
        }
        gathered
    }

    fn insert(&mut self, name: &str, pointer: &str, description: Option<String>, kind: TypeKind) {
        if !self.defs.contains_key(name) {
            self.added.push(name.to_owned());
        }
        self.defs.insert(
            name.to_owned(),
            TypeDef {
                name: name.to_owned(),
                pointer: pointer.to_owned(),
                description,
                kind,
                sent: false,
                received: false,
                serde: super::Serde::default(),
                gate: super::Gate::default(),
            },
        );
    }

    /// Boxes fields that make a type contain itself, and returns the types sorted by name.
    pub(super) fn finish(mut self) -> Vec<super::TypeDef> {
        let edges: BTreeMap<String, Vec<String>> = self
            .defs
            .iter()
            .map(|(name, def)| (name.clone(), direct_children(&def.kind)))
            .collect();
        let group_of = super::cycles::groups(&edges);
        // A child in its parent's group (types that contain one another) reaches the parent:
        // it must be boxed.
        let reaches = |from: &str, target: &str| -> bool {
            from == target
                || matches!(
                    (group_of.get(from), group_of.get(target)),
                    (Some(a), Some(b)) if a == b
                )
        };
        for (name, def) in &mut self.defs {
            for ty in def.kind.members_mut() {
                if let Some(slot) = ty.inline_named_mut()
                    && let TypeRef::Named(child) = slot
                    && reaches(child, name)
                {
                    *slot = TypeRef::Boxed(child.clone());
                }
            }
        }
        self.defs.into_values().collect()
    }
}

/// The properties of an object schema, with the pointer of each when it came from elsewhere.
#[derive(Default)]
struct ObjectParts<'s> {
    properties: indexmap::IndexMap<String, (SchemaRef<'s>, Option<String>)>,
    required: BTreeSet<&'s str>,
    deny_unknown: bool,
    /// `allOf` parts that are unions (`oneOf`/`anyOf`): each is one field whose properties
    /// sit beside the others on the wire, with its pointer.
    unions: Vec<(SchemaRef<'s>, String)>,
}

impl<'s> ObjectParts<'s> {
    fn of(schema: &'s Schema) -> Self {
        let (properties, required, additional) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => (
                &object.properties,
                &object.required,
                &object.additional_properties,
            ),
            SchemaKind::Any(any) => (&any.properties, &any.required, &any.additional_properties),
            _ => return Self::default(),
        };
        Self {
            properties: properties
                .iter()
                .map(|(k, v)| (k.clone(), (v.into(), None)))
                .collect(),
            required: required.iter().map(String::as_str).collect(),
            deny_unknown: matches!(additional, Some(AdditionalProperties::Any(false))),
            unions: Vec::new(),
        }
    }
}

impl<'s> ObjectParts<'s> {
    /// Adds what `other` gathered: its properties (a property both have takes `other`'s
    /// schema, in this one's place), requirements and unions.
    fn merge(&mut self, other: &ObjectParts<'s>) {
        for (name, property) in &other.properties {
            self.properties.insert(name.clone(), property.clone());
        }
        self.required.extend(&other.required);
        self.deny_unknown |= other.deny_unknown;
        for union in &other.unions {
            if !self.unions.iter().any(|(_, at)| *at == union.1) {
                self.unions.push(union.clone());
            }
        }
    }
}

/// What gathering a component's `allOf` found: its parts and the problems on the way.
struct Gathered<'s> {
    parts: ObjectParts<'s>,
    problems: Diagnostics,
}

/// The components one `allOf` has reached.
#[derive(Default)]
struct Included {
    /// Being followed.
    following: BTreeSet<String>,
    /// Gathered, or being gathered.
    gathered: BTreeSet<String>,
    /// Whether a schema that includes itself was met.
    met_a_cycle: bool,
}

/// The circles of aliases among `defs` (each type an alias of at most one other), each from
/// its first type by name. Every type is visited once: a walk stops at a type an earlier
/// walk reached, and a circle is found when a walk comes back to a type of its own.
fn alias_cycles(defs: &BTreeMap<String, TypeDef>) -> Vec<Vec<String>> {
    let next = |name: &str| match defs.get(name).map(|def| &def.kind) {
        Some(TypeKind::Alias(TypeRef::Named(next))) => Some(next.as_str()),
        _ => None,
    };
    // The walk that reached each type, by number.
    let mut reached: BTreeMap<&str, usize> = BTreeMap::new();
    let mut cycles = Vec::new();
    for (walk, start) in defs.keys().enumerate() {
        let mut path: Vec<&str> = Vec::new();
        let mut current = Some(start.as_str());
        while let Some(name) = current {
            match reached.get(name) {
                Some(&by) if by == walk => {
                    let from = path.iter().position(|n| *n == name).unwrap_or(0);
                    let mut cycle: Vec<String> =
                        path[from..].iter().map(|n| (*n).to_owned()).collect();
                    let first = cycle
                        .iter()
                        .enumerate()
                        .min_by_key(|(_, n)| *n)
                        .map_or(0, |(i, _)| i);
                    cycle.rotate_left(first);
                    cycles.push(cycle);
                    break;
                }
                Some(_) => break,
                None => {}
            }
            reached.insert(name, walk);
            path.push(name);
            current = next(name).filter(|next| defs.contains_key(*next));
        }
    }
    cycles
}

/// The file an external `$ref` points into, when that file does not exist. The load stage
/// refused every reference of the documents to a file outside their root; one an overlay put
/// in is only looked up when it stays in the folder of the file that holds it (no absolute
/// path, no `..`), and URLs are never looked up.
fn missing_file(from: &std::path::Path, reference: &str) -> Option<std::path::PathBuf> {
    use std::path::{Component, Path};
    let file = reference.split('#').next().unwrap_or_default();
    let stays_in_folder = Path::new(file)
        .components()
        .all(|part| matches!(part, Component::Normal(_) | Component::CurDir));
    if file.is_empty() || file.contains("://") || !stays_in_folder {
        return None;
    }
    let path = from.parent().unwrap_or(Path::new("")).join(file);
    (!path.is_file()).then_some(path)
}

/// Named types a definition holds in place (not behind a list, map or box).
fn direct_children(kind: &TypeKind) -> Vec<String> {
    kind.members()
        .into_iter()
        .flat_map(TypeRef::named)
        .filter(|(_, held)| *held == Held::Inline)
        .map(|(name, _)| name.to_owned())
        .collect()
}

/// Whether an inline schema needs a named type of its own.
fn needs_named_type(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => string.enumeration.iter().any(Option::is_some),
        SchemaKind::Type(Type::Object(object)) => {
            !object.properties.is_empty()
                || matches!(
                    object.additional_properties,
                    Some(AdditionalProperties::Any(false))
                )
        }
        SchemaKind::Any(any) => !any.properties.is_empty(),
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
        SchemaKind::AllOf { all_of } => sole_part(all_of).is_none(),
        _ => false,
    }
}

/// The one part of an `allOf` that says what the value is, when the others only annotate it
/// (`allOf: [{$ref: X}, {description: ...}]`, the usual way to describe a reference): the
/// `allOf` is then that part's type, not a copy of it.
fn sole_part(all_of: &[ReferenceOr<Schema>]) -> Option<(usize, &ReferenceOr<Schema>)> {
    let mut substantive = all_of
        .iter()
        .enumerate()
        .filter(|(_, part)| !is_annotation(part));
    let first = substantive.next()?;
    substantive.next().is_none().then_some(first)
}

/// The one variant of a `oneOf`/`anyOf` whose other variants admit only `null` (the
/// "OpenAPI 3.0 null schema type" idiom for an optional reference): the value is that
/// variant, or `null`.
fn sole_non_null_variant(schema: &Schema) -> Option<&ReferenceOr<Schema>> {
    let (SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants }) =
        &schema.schema_kind
    else {
        return None;
    };
    let mut rest = variants.iter().filter(|variant| !only_null(variant));
    let first = rest.next()?;
    (rest.next().is_none() && variants.len() > 1).then_some(first)
}

/// Whether a schema admits `null` and nothing else: `enum: [null]` (also with `type: string`,
/// as Dropshot writes it), or a nullable object that may have no properties at all.
fn only_null(schema: &ReferenceOr<Schema>) -> bool {
    matches!(schema, ReferenceOr::Item(schema) if is_null_only(schema))
}

/// Whether a schema's null is the object form of [`only_null`] (a union variant, also
/// inside a sole `allOf` part), which `{}` matches as well as `null`.
fn null_is_an_empty_object(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants } => {
            variants.iter().any(|variant| {
                matches!(variant, ReferenceOr::Item(v)
                    if is_null_only(v) && matches!(v.schema_kind, SchemaKind::Type(Type::Object(_))))
            })
        }
        SchemaKind::AllOf { all_of } => {
            matches!(sole_part(all_of), Some((_, ReferenceOr::Item(part))) if null_is_an_empty_object(part))
        }
        _ => false,
    }
}

/// [`only_null`] of a schema in place.
pub(super) fn is_null_only(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            !string.enumeration.is_empty() && string.enumeration.iter().all(Option::is_none)
        }
        SchemaKind::Type(Type::Object(object)) => {
            schema.schema_data.nullable
                && object.properties.is_empty()
                && matches!(
                    object.additional_properties,
                    Some(AdditionalProperties::Any(false))
                )
        }
        SchemaKind::Any(any) => {
            !any.enumeration.is_empty() && any.enumeration.iter().all(serde_json::Value::is_null)
        }
        _ => false,
    }
}

/// Whether `null` is a value of the schema: `nullable`, a null variant of a union, or either
/// in the one part of an `allOf` that says what the value is.
pub(super) fn admits_null(schema: &Schema) -> bool {
    if schema.schema_data.nullable {
        return true;
    }
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants } => {
            variants.iter().any(only_null)
        }
        SchemaKind::AllOf { all_of } => match sole_part(all_of) {
            Some((_, ReferenceOr::Item(part))) => admits_null(part),
            _ => false,
        },
        _ => false,
    }
}

/// Whether a schema only describes (title, description, example, ...) without constraining.
fn is_annotation(part: &ReferenceOr<Schema>) -> bool {
    match part {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(schema) => {
            matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default())
        }
    }
}

/// The schema when it is an object (or untyped, which may hold properties).
fn object_schema(schema: &Schema) -> Option<&Schema> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) | SchemaKind::Any(_) => Some(schema),
        _ => None,
    }
}

/// The schemas a base schema's discriminator maps to (other than itself), each with the
/// tags that select it, in mapping order.
fn extensions(schema: &Schema, pointer: &str) -> Vec<(String, Vec<String>)> {
    let mut found: Vec<(String, Vec<String>)> = Vec::new();
    let Some(discriminator) = &schema.schema_data.discriminator else {
        return found;
    };
    for (tag, target) in &discriminator.mapping {
        let own = refs::component_name::<Schema>(pointer);
        let Some(component) = mapped_component(target).filter(|c| Some(c) != own.as_ref()) else {
            continue;
        };
        match found.iter_mut().find(|(c, _)| *c == component) {
            Some((_, tags)) => tags.push(tag.clone()),
            None => found.push((component, vec![tag.clone()])),
        }
    }
    found
}

/// The type of a string of this format: its own type for the formats that have one, `String`
/// for the others (`email`, `uri`... are strings a server checks, not values of another kind).
fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => TypeRef::Base64,
        VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" => TypeRef::Uuid,
        _ => TypeRef::String,
    }
}

/// A variant name for a union member, from its type.
fn variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) | TypeRef::Boxed(name) => name.clone(),
        TypeRef::String => "String".to_owned(),
        TypeRef::I32 | TypeRef::I64 => "Integer".to_owned(),
        TypeRef::F32 | TypeRef::F64 => "Number".to_owned(),
        TypeRef::Bool => "Boolean".to_owned(),
        TypeRef::Vec(_) => "List".to_owned(),
        TypeRef::Map(_) => "Map".to_owned(),
        TypeRef::Json => "Value".to_owned(),
        TypeRef::Binary => "Binary".to_owned(),
        TypeRef::DateTime => "DateTime".to_owned(),
        TypeRef::Date => "Date".to_owned(),
        TypeRef::Uuid => "Uuid".to_owned(),
        TypeRef::Base64 => "Base64".to_owned(),
        TypeRef::Nullable(inner) => variant_name(inner),
    }
}

/// A string enum of these values (repeats left out), with room for values it does not know.
fn string_enum(values: &[Option<String>]) -> TypeKind {
    let mut scope = Scope::with_reserved(&["Unknown"]);
    let mut seen = BTreeSet::new();
    let variants = values
        .iter()
        .flatten()
        .filter(|value| seen.insert(value.as_str()))
        .map(|value| (scope.claim(&names::type_name(value)), value.clone()))
        .collect();
    TypeKind::StringEnum { variants }
}

/// The values of a union of a plain string and an inline string enum, written in either
/// order: `anyOf: [{type: string}, {type: string, enum: [...]}]`, when they name a value.
fn open_string_enum(variants: &[ReferenceOr<Schema>]) -> Option<&[Option<String>]> {
    fn string(variant: &ReferenceOr<Schema>) -> Option<&[Option<String>]> {
        match variant {
            ReferenceOr::Item(Schema {
                schema_kind: SchemaKind::Type(Type::String(string)),
                schema_data,
            }) if !schema_data.nullable && string.format == VariantOrUnknownOrEmpty::Empty => {
                Some(string.enumeration.as_slice())
            }
            _ => None,
        }
    }
    match variants {
        [first, second] => match (string(first)?, string(second)?) {
            // Stripe's `enum: ['']` (send an empty string to clear a value) names no value
            // worth a variant: the string stays a string there.
            ([], values) | (values, []) if values.iter().flatten().any(|v| !v.is_empty()) => {
                Some(values)
            }
            _ => None,
        },
        _ => None,
    }
}

/// A list item's or map value's type, made `Option` when its schema admits `null` (buildomat's
/// `items: {nullable: true, allOf: [...]}`); a struct field says so with its own flag instead.
fn or_null(ty: TypeRef, admits_null: bool) -> TypeRef {
    if admits_null && ty != TypeRef::Json {
        TypeRef::Nullable(Box::new(ty))
    } else {
        ty
    }
}

/// Doc text of a schema: its description, else its title.
pub(super) fn doc_text(schema: &Schema) -> Option<&String> {
    let data = &schema.schema_data;
    data.description.as_ref().or(data.title.as_ref())
}

#[cfg(test)]
pub(super) mod tests {
    use std::collections::BTreeMap;

    use super::super::{Api, Field, TaggedVariant, TypeKind, TypeRef, UntaggedVariant};
    use crate::diagnostics::{Diagnostics, Severity};

    /// The IR of a spec written inline, built through the stages before it as a run would,
    /// and what they reported.
    pub(in crate::ir) fn build(yaml: &str) -> (Api, Diagnostics) {
        let mut value: serde_json::Value = serde_yaml::from_str(yaml).expect("the spec is YAML");
        let mut origins = Default::default();
        let mut diagnostics = Diagnostics::default();
        assert!(crate::translate::translate(
            &mut value,
            &mut origins,
            &mut diagnostics
        ));
        let mut parsed =
            crate::parse::parse(value, &origins, &mut diagnostics).expect("the spec parses");
        crate::normalize::normalize(&mut parsed.spec);
        let api = crate::ir::build(
            &parsed,
            &origins,
            crate::ir::Samples::Build,
            &mut diagnostics,
        );
        (api, diagnostics)
    }

    /// The named types made of `components` (a `components:` section), by name, and the
    /// messages reported, each with its severity.
    fn types(components: &str) -> (BTreeMap<String, TypeKind>, Vec<(Severity, String)>) {
        let spec =
            format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n{components}");
        let (api, diagnostics) = build(&spec);
        let types = api
            .types
            .into_iter()
            .map(|def| (def.name, def.kind))
            .collect();
        let messages = diagnostics
            .iter()
            .map(|d| (d.severity, d.message.clone()))
            .collect();
        (types, messages)
    }

    fn field(name: &str, ty: TypeRef, required: bool, nullable: bool) -> Field {
        Field {
            empty_object_is_null: false,
            name: name.to_owned(),
            api_name: name.to_owned(),
            ty,
            required,
            read_only: false,
            nullable,
            description: None,
            flatten: false,
        }
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.to_owned())
    }

    fn object(fields: Vec<Field>) -> TypeKind {
        TypeKind::Struct {
            fields,
            deny_unknown: false,
        }
    }

    fn tagged(property: &str, variants: Vec<TaggedVariant>) -> TypeKind {
        TypeKind::Tagged {
            property: property.to_owned(),
            variants,
        }
    }

    fn variant(name: &str, ty: Option<TypeRef>, tags: &[&str], keeps_tag: bool) -> TaggedVariant {
        TaggedVariant {
            name: name.to_owned(),
            ty,
            tags: tags.iter().map(|tag| (*tag).to_owned()).collect(),
            description: None,
            keeps_tag,
        }
    }

    #[test]
    fn an_object_has_required_and_optional_nullable_fields() {
        let (types, messages) = types(
            r"
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: {type: integer, format: int32, description: The id.}
        nick: {type: string, nullable: true}
",
        );
        let id = Field {
            description: Some("The id.".to_owned()),
            ..field("id", TypeRef::I32, true, false)
        };
        let nick = field("nick", TypeRef::String, false, true);
        assert_eq!(types["Pet"], object(vec![id, nick]));
        assert_eq!(messages, []);
    }

    #[test]
    fn keywords_of_another_type_do_not_change_what_type_says() {
        let (types, messages) = types(
            r"
components:
  schemas:
    Delivery:
      type: object
      required: [payload, emails]
      properties:
        payload: {type: string, nullable: true, additionalProperties: true}
        emails: {type: array, items: {type: string}, minimum: 1}
",
        );
        let payload = field("payload", TypeRef::String, true, true);
        let emails = field(
            "emails",
            TypeRef::Vec(Box::new(TypeRef::String)),
            true,
            false,
        );
        assert_eq!(types["Delivery"], object(vec![payload, emails]));
        assert_eq!(messages, []);
    }

    #[test]
    fn a_named_one_variant_or_null_is_that_variant_or_null_as_it_is_inline() {
        let (types, messages) = types(
            r"
components:
  schemas:
    Owner: {type: object, properties: {name: {type: string}}}
    MaybeOwner:
      oneOf:
        - $ref: '#/components/schemas/Owner'
        - enum: [null]
",
        );
        assert_eq!(
            types["MaybeOwner"],
            TypeKind::Alias(TypeRef::Nullable(Box::new(named("Owner"))))
        );
        assert_eq!(messages, []);
    }

    #[test]
    fn a_field_referring_to_a_nullable_component_may_be_null() {
        let (types, messages) = types(
            r"
components:
  schemas:
    Metadata: {type: object, nullable: true, additionalProperties: {type: string}}
    Message:
      type: object
      required: [metadata, tags]
      properties:
        metadata: {$ref: '#/components/schemas/Metadata'}
        tags: {type: array, items: {$ref: '#/components/schemas/Metadata'}}
",
        );
        let metadata = field("metadata", named("Metadata"), true, true);
        let tags = field(
            "tags",
            TypeRef::Vec(Box::new(TypeRef::Nullable(Box::new(named("Metadata"))))),
            true,
            false,
        );
        assert_eq!(types["Message"], object(vec![metadata, tags]));
        assert_eq!(messages, []);
    }

    #[test]
    fn a_null_written_as_an_object_without_properties_reads_an_empty_object_as_null() {
        let (types, messages) = types(
            r"
components:
  schemas:
    File: {type: object, required: [id], properties: {id: {type: string}}}
    Job:
      type: object
      properties:
        output:
          allOf:
            - oneOf:
                - $ref: '#/components/schemas/File'
                - {type: object, nullable: true, additionalProperties: false}
            - description: Null until the job is done.
        input: {oneOf: [{$ref: '#/components/schemas/File'}, {enum: [null]}]}
",
        );
        let TypeKind::Struct { fields, .. } = &types["Job"] else {
            panic!("{:?}", types["Job"]);
        };
        let flags: Vec<(&str, bool, bool)> = fields
            .iter()
            .map(|f| (f.name.as_str(), f.nullable, f.empty_object_is_null))
            .collect();
        assert_eq!(flags, [("output", true, true), ("input", true, false)]);
        assert_eq!(messages, []);
    }

    #[test]
    fn an_all_of_takes_the_fields_at_the_end_of_an_alias_chain() {
        let (types, messages) = types(
            r"
components:
  schemas:
    Pet:
      allOf:
        - $ref: '#/components/schemas/Named'
        - {type: object, properties: {age: {type: integer}}}
    Named: {$ref: '#/components/schemas/Middle'}
    Middle: {$ref: '#/components/schemas/Base'}
    Base:
      type: object
      required: [name]
      properties:
        name: {type: string}
",
        );
        let fields = vec![
            field("name", TypeRef::String, true, false),
            field("age", TypeRef::I64, false, false),
        ];
        assert_eq!(types["Pet"], object(fields));
        assert_eq!(types["Named"], TypeKind::Alias(named("Middle")));
        assert_eq!(messages, []);
    }

    #[test]
    fn a_union_among_all_of_parts_is_a_flattened_field() {
        let (types, messages) = types(
            r"
components:
  schemas:
    Payment:
      allOf:
        - {type: object, required: [amount], properties: {amount: {type: integer}}}
        - oneOf:
            - $ref: '#/components/schemas/Card'
            - $ref: '#/components/schemas/Bank'
    Card: {type: object, properties: {number: {type: string}}}
    Bank: {type: object, properties: {iban: {type: string}}}
",
        );
        let TypeKind::Struct {
            fields,
            deny_unknown,
        } = &types["Payment"]
        else {
            panic!("Payment is a struct: {:?}", types["Payment"]);
        };
        assert_eq!(fields[0], field("amount", TypeRef::I64, true, false));
        let union = &fields[1];
        assert!(union.flatten && union.required && union.api_name.is_empty());
        let TypeRef::Named(union_type) = &union.ty else {
            panic!("the union is a named type: {:?}", union.ty);
        };
        assert!(
            matches!(types[union_type], TypeKind::Untagged { .. }),
            "{:?}",
            types[union_type]
        );
        assert!(
            !deny_unknown,
            "serde cannot refuse unknown fields beside a flattened one"
        );
        assert_eq!(messages, []);
    }

    #[test]
    fn a_3_1_reference_with_a_description_beside_it_is_the_referenced_type() {
        let (api, diagnostics) = build(
            r"
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Owner:
      type: object
      properties:
        pet: {$ref: '#/components/schemas/Pet', description: The pet this owner has.}
        nickname: {type: [string, 'null']}
    Pet: {type: object, properties: {name: {type: string}}}
",
        );
        let owner = api
            .types
            .iter()
            .find(|t| t.name == "Owner")
            .expect("Owner is a type");
        let TypeKind::Struct { fields, .. } = &owner.kind else {
            panic!("Owner is a struct: {:?}", owner.kind);
        };
        let mut pet = field("pet", named("Pet"), false, false);
        pet.description = Some("The pet this owner has.".to_owned());
        assert_eq!(fields[0], pet);
        assert_eq!(fields[1], field("nickname", TypeRef::String, false, true));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
    }

    #[test]
    fn a_required_read_only_property_is_optional_in_a_type_requests_carry() {
        let yaml = |body: &str| {
            format!(
                r"
openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /planets:
    post:
      operationId: createPlanet
{body}      responses:
        '200':
          description: the planet
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Planet'}}
components:
  schemas:
    Planet:
      type: object
      required: [id, name]
      properties:
        id: {{type: integer, readOnly: true}}
        name: {{type: string}}
"
            )
        };
        let required = |body: &str| -> Vec<(String, bool)> {
            let (api, _) = build(&yaml(body));
            let planet = api.types.iter().find(|t| t.name == "Planet").unwrap();
            let TypeKind::Struct { fields, .. } = &planet.kind else {
                panic!("Planet is a struct");
            };
            fields
                .iter()
                .map(|f| (f.name.clone(), f.required))
                .collect()
        };
        let sent = "      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Planet'}\n";
        assert_eq!(
            required(sent),
            [("id".to_owned(), false), ("name".to_owned(), true)]
        );
        // Only received: responses always hold it.
        assert_eq!(
            required(""),
            [("id".to_owned(), true), ("name".to_owned(), true)]
        );
    }

    #[test]
    fn properties_beside_a_union_of_shapes_hold_it_as_a_flattened_field() {
        // Svix's destination: common settings, and a `type` with the `config` it needs.
        let (types, messages) = types(
            r"
components:
  schemas:
    Destination:
      type: object
      properties:
        uid: {type: string}
      oneOf:
        - {type: object, required: [type], properties: {type: {type: string, enum: [polling]}}}
        - type: object
          required: [type, config]
          properties:
            type: {type: string, enum: [s3]}
            config: {type: object, properties: {bucket: {type: string}}}
",
        );
        let TypeKind::Struct { fields, .. } = &types["Destination"] else {
            panic!("a struct: {:?}", types["Destination"]);
        };
        let names: Vec<_> = fields
            .iter()
            .map(|f| (f.api_name.as_str(), f.flatten))
            .collect();
        assert_eq!(names, [("uid", false), ("", true)]);
        let TypeRef::Named(union) = &fields[1].ty else {
            panic!("a named union: {:?}", fields[1].ty);
        };
        let TypeKind::Tagged { property, variants } = &types[union] else {
            panic!("a tagged union: {:?}", types[union]);
        };
        assert_eq!(property, "type");
        let tags: Vec<_> = variants.iter().map(|v| v.tags.clone()).collect();
        assert_eq!(tags, [vec!["polling".to_owned()], vec!["s3".to_owned()]]);
        assert_eq!(messages, []);
    }

    #[test]
    fn properties_beside_branches_that_only_require_some_stay_one_struct() {
        // GitHub's gist: "a description or files".
        let (types, _) = types(
            r"
components:
  schemas:
    Gist:
      type: object
      properties:
        description: {type: string}
        files: {type: object}
      anyOf:
        - required: [description]
        - required: [files]
",
        );
        let TypeKind::Struct { fields, .. } = &types["Gist"] else {
            panic!("a struct: {:?}", types["Gist"]);
        };
        assert!(fields.iter().all(|f| !f.flatten && !f.required));
        assert_eq!(fields.len(), 2);
    }

    #[test]
    fn a_one_of_with_a_discriminator_is_a_tagged_union() {
        let (types, messages) = types(
            r"
components:
  schemas:
    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
      discriminator:
        propertyName: kind
        mapping:
          kitty: '#/components/schemas/Cat'
    Cat: {type: object, properties: {kind: {type: string}}}
    Dog: {type: object, properties: {kind: {type: string}}}
",
        );
        // A variant the mapping leaves out is selected by its component name.
        let variants = vec![
            variant("Cat", Some(named("Cat")), &["kitty"], true),
            variant("Dog", Some(named("Dog")), &["Dog"], true),
        ];
        assert_eq!(types["Pet"], tagged("kind", variants));
        assert_eq!(messages, []);
    }

    #[test]
    fn a_base_whose_discriminator_maps_its_extensions_is_a_union_of_them() {
        let (types, messages) = types(
            r"
components:
  schemas:
    Pet:
      type: object
      required: [kind]
      properties:
        kind: {type: string}
      discriminator:
        propertyName: kind
        mapping:
          cat: '#/components/schemas/Cat'
    Cat:
      allOf:
        - $ref: '#/components/schemas/Pet'
        - {type: object, properties: {lives: {type: integer}}}
",
        );
        let variants = vec![variant("Cat", Some(named("Cat")), &["cat"], true)];
        assert_eq!(types["Pet"], tagged("kind", variants));
        let fields = vec![
            field("kind", TypeRef::String, true, false),
            field("lives", TypeRef::I64, false, false),
        ];
        assert_eq!(types["Cat"], object(fields));
        assert_eq!(messages, []);
    }

    #[test]
    fn a_union_told_apart_by_a_one_value_property_is_tagged_by_it() {
        let (types, messages) = types(
            r"
components:
  schemas:
    Datum:
      oneOf:
        - type: object
          required: [type, value]
          properties:
            type: {type: string, enum: [bool]}
            value: {type: boolean}
        - type: object
          description: Nothing but the tag.
          required: [type]
          properties:
            type: {type: string, enum: [empty]}
        - $ref: '#/components/schemas/Text'
    Text:
      type: object
      required: [type, text]
      properties:
        type: {type: string, enum: [text]}
        text: {type: string}
",
        );
        let empty = TaggedVariant {
            description: Some("Nothing but the tag.".to_owned()),
            ..variant("Empty", None, &["empty"], false)
        };
        let variants = vec![
            variant("Bool", Some(named("DatumBool")), &["bool"], false),
            empty,
            variant("Text", Some(named("Text")), &["text"], true),
        ];
        assert_eq!(types["Datum"], tagged("type", variants));
        // An inline variant's struct leaves the tag to the union.
        let fields = vec![field("value", TypeRef::Bool, true, false)];
        assert_eq!(types["DatumBool"], object(fields));
        assert_eq!(messages, []);
    }

    #[test]
    fn a_union_of_any_string_and_known_ones_is_a_string_enum() {
        let (types, messages) = types(
            r"
components:
  schemas:
    Model:
      anyOf:
        - {type: string}
        - {type: string, enum: [small, large]}
    Size: {type: string, enum: [s, m]}
    SizeOrAny:
      anyOf: [{type: string}, {$ref: '#/components/schemas/Size'}]
    IdOrName:
      oneOf: [{type: integer}, {type: string}]
",
        );
        let values = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(rust, wire)| ((*rust).to_owned(), (*wire).to_owned()))
                .collect()
        };
        assert_eq!(
            types["Model"],
            TypeKind::StringEnum {
                variants: values(&[("Small", "small"), ("Large", "large")])
            }
        );
        assert_eq!(types["SizeOrAny"], TypeKind::Alias(named("Size")));
        let variants = vec![
            UntaggedVariant::new("Integer".to_owned(), TypeRef::I64),
            UntaggedVariant::new("String".to_owned(), TypeRef::String),
        ];
        assert_eq!(types["IdOrName"], TypeKind::Untagged { variants });
        assert_eq!(messages, []);
    }

    #[test]
    fn a_type_that_contains_itself_is_boxed() {
        let (types, messages) = types(
            r"
components:
  schemas:
    Node:
      type: object
      properties:
        next: {$ref: '#/components/schemas/Node'}
        maybe: {nullable: true, allOf: [{$ref: '#/components/schemas/Node'}]}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
    Left: {type: object, properties: {right: {$ref: '#/components/schemas/Right'}}}
    Right: {type: object, properties: {left: {$ref: '#/components/schemas/Left'}}}
    Holder: {type: object, properties: {left: {$ref: '#/components/schemas/Left'}}}
",
        );
        let boxed = |name: &str| TypeRef::Boxed(name.to_owned());
        let fields = vec![
            field("next", boxed("Node"), false, false),
            field("maybe", boxed("Node"), false, true),
            // A list is on the heap already.
            field(
                "children",
                TypeRef::Vec(Box::new(named("Node"))),
                false,
                false,
            ),
        ];
        assert_eq!(types["Node"], object(fields));
        let only_field = |name: &str| match &types[name] {
            TypeKind::Struct { fields, .. } => fields[0].ty.clone(),
            other => panic!("{name} is {other:?}"),
        };
        assert_eq!(only_field("Left"), boxed("Right"));
        assert_eq!(only_field("Right"), boxed("Left"));
        // `Left` does not contain `Holder`: nothing to box.
        assert_eq!(only_field("Holder"), named("Left"));
        assert_eq!(messages, []);
    }

    #[test]
    fn a_type_holding_a_list_of_optional_left_out_values_is_left_out_with_them() {
        let (types, messages) = types(
            r"
components:
  schemas:
    Holder:
      type: object
      properties:
        items:
          type: array
          items: {nullable: true, allOf: [{$ref: '#/components/schemas/Broken'}]}
    Broken:
      type: object
      properties:
        part: {$ref: '#/components/schemas/Missing'}
    Kept: {type: object, properties: {name: {type: string}}}
",
        );
        assert_eq!(types.keys().collect::<Vec<_>>(), ["Kept"]);
        let holder = (
            Severity::Warning,
            "schema `Holder` is left out: it uses `Broken`, which is left out".to_owned(),
        );
        assert!(messages.contains(&holder), "{messages:#?}");
    }

    #[test]
    fn a_schema_that_only_describes_a_reference_can_close_a_circle_of_aliases() {
        let (types, messages) = types(
            r"
components:
  schemas:
    Described:
      description: A plain thing, described.
      allOf: [{$ref: '#/components/schemas/Plain'}]
    Plain: {$ref: '#/components/schemas/Described'}
",
        );
        assert!(types.is_empty(), "{types:#?}");
        let circle = "schema `Plain` is left out: its `$ref`s go round in a circle (`Plain` → `Described` → `Plain`) and never reach a schema";
        assert!(
            messages.contains(&(Severity::Warning, circle.to_owned())),
            "{messages:#?}"
        );
    }
}
