//! The tag values that select the variants of a discriminated union: one answer for the
//! types the union becomes and for the samples its operation tests send.

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};

use super::refs;

/// The tag values that select a union variant: the discriminator's mapping entries for
/// it; else the values its tag property allows (a one-value `enum`, as OpenAI writes
/// them); else, as OpenAPI says, its component name.
pub(super) fn tags_of(
    spec: &OpenAPI,
    discriminator: &openapiv3::Discriminator,
    variant: &ReferenceOr<Schema>,
) -> Vec<String> {
    let component = match variant {
        ReferenceOr::Reference { reference } => mapped_component(reference),
        ReferenceOr::Item(_) => None,
    };
    let mapped: Vec<String> = discriminator
        .mapping
        .iter()
        .filter(|(_, target)| component.is_some() && mapped_component(target) == component)
        .map(|(tag, _)| tag.clone())
        .collect();
    if !mapped.is_empty() {
        return mapped;
    }
    let allowed = tag_enum(spec, variant, &discriminator.property_name, 0);
    if !allowed.is_empty() {
        return allowed;
    }
    component.into_iter().collect()
}

/// The string values a schema's `property` is limited to, looking through `$ref`s and
/// `allOf` parts.
pub(super) fn tag_enum(
    spec: &OpenAPI,
    schema: &ReferenceOr<Schema>,
    property: &str,
    depth: usize,
) -> Vec<String> {
    if depth > 16 {
        return Vec::new();
    }
    let schema = match schema {
        ReferenceOr::Item(schema) => schema,
        ReferenceOr::Reference { reference } => match refs::resolve::<Schema>(spec, reference) {
            Ok((_, schema)) => schema,
            Err(_) => return Vec::new(),
        },
    };
    let from_property =
        |properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>| match properties
            .get(property)
        {
            Some(ReferenceOr::Item(schema)) => match &schema.schema_kind {
                SchemaKind::Type(Type::String(string)) => {
                    string.enumeration.iter().flatten().cloned().collect()
                }
                _ => Vec::new(),
            },
            Some(ReferenceOr::Reference { reference }) => tag_enum(
                spec,
                &ReferenceOr::Reference {
                    reference: reference.clone(),
                },
                "",
                depth + 1,
            ),
            None => Vec::new(),
        };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => from_property(&object.properties),
        SchemaKind::Any(any) => from_property(&any.properties),
        // The referenced schema of a tag property is the string enum itself.
        SchemaKind::Type(Type::String(string)) if property.is_empty() => {
            string.enumeration.iter().flatten().cloned().collect()
        }
        SchemaKind::AllOf { all_of } => all_of
            .iter()
            .map(|part| tag_enum(spec, part, property, depth + 1))
            .find(|values| !values.is_empty())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The component a `#/components/schemas/...` reference (or a bare name, as discriminator
/// mappings may give) names.
pub(super) fn mapped_component(reference: &str) -> Option<String> {
    match refs::component_name::<Schema>(reference) {
        Some(name) => Some(name),
        None if !reference.contains(['#', '/']) => Some(reference.to_owned()),
        None => None,
    }
}
