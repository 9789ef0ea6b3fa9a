//! Stage 4b: schemas written in a mixed form are rewritten into the one form the IR reads.
//!
//! `openapiv3` keeps a schema that has both `type: object` (or `properties`) and `allOf`,
//! `oneOf` or `anyOf` as an untyped [`AnySchema`]. Real specs write that all the time (Box:
//! `{type: object, allOf: [{$ref: Base}, {properties: ...}]}`), and read as an untyped schema
//! it would lose every field. Here such a schema becomes the composition it means: an `allOf`
//! of its parts plus its own object part (and the union beside them), properties with a
//! union whose branches describe more than which of them are required as an `allOf` of the
//! two, or a plain `oneOf`/`anyOf`. Pointers into the document stay valid, except for the
//! parts appended to an `allOf`, which have none.

use openapiv3::{
    AdditionalProperties, AnySchema, Components, Discriminator, MediaType, ObjectType, OpenAPI,
    Operation, Parameter, ParameterSchemaOrContent, ReferenceOr, Response, Schema, SchemaData,
    SchemaKind, Type,
};

/// The properties of an object schema, by name.
type Properties = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

use crate::http::HttpMethod;

/// Rewrites every schema of the document, wherever it is.
pub fn normalize(spec: &mut OpenAPI) {
    if let Some(components) = &mut spec.components {
        normalize_components(components);
    }
    for item in spec.paths.paths.values_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        item.parameters.iter_mut().for_each(parameter);
        for method in HttpMethod::ALL {
            if let Some(operation) = method.operation_mut(item) {
                normalize_operation(operation);
            }
        }
    }
}

fn normalize_components(components: &mut Components) {
    components.schemas.values_mut().for_each(schema_or_ref);
    components.parameters.values_mut().for_each(parameter);
    for response in components.responses.values_mut() {
        if let ReferenceOr::Item(response) = response {
            normalize_response(response);
        }
    }
    for body in components.request_bodies.values_mut() {
        if let ReferenceOr::Item(body) = body {
            body.content.values_mut().for_each(media);
        }
    }
}

fn normalize_operation(operation: &mut Operation) {
    operation.parameters.iter_mut().for_each(parameter);
    if let Some(ReferenceOr::Item(body)) = &mut operation.request_body {
        body.content.values_mut().for_each(media);
    }
    let responses = &mut operation.responses;
    for response in responses
        .default
        .iter_mut()
        .chain(responses.responses.values_mut())
    {
        if let ReferenceOr::Item(response) = response {
            normalize_response(response);
        }
    }
}

fn normalize_response(response: &mut Response) {
    response.content.values_mut().for_each(media);
    for header in response.headers.values_mut() {
        if let ReferenceOr::Item(header) = header
            && let ParameterSchemaOrContent::Schema(schema) = &mut header.format
        {
            schema_or_ref(schema);
        }
    }
}

fn parameter(parameter: &mut ReferenceOr<Parameter>) {
    let ReferenceOr::Item(parameter) = parameter else {
        return;
    };
    let data = match parameter {
        Parameter::Query { parameter_data, .. }
        | Parameter::Header { parameter_data, .. }
        | Parameter::Path { parameter_data, .. }
        | Parameter::Cookie { parameter_data, .. } => parameter_data,
    };
    match &mut data.format {
        ParameterSchemaOrContent::Schema(schema) => schema_or_ref(schema),
        ParameterSchemaOrContent::Content(content) => content.values_mut().for_each(media),
    }
}

fn media(media: &mut MediaType) {
    if let Some(schema) = &mut media.schema {
        schema_or_ref(schema);
    }
}

fn schema_or_ref(schema: &mut ReferenceOr<Schema>) {
    if let ReferenceOr::Item(schema) = schema {
        normalize_schema(schema);
    }
}

fn boxed(schema: &mut ReferenceOr<Box<Schema>>) {
    if let ReferenceOr::Item(schema) = schema {
        normalize_schema(schema);
    }
}

fn additional(additional: &mut Option<AdditionalProperties>) {
    if let Some(AdditionalProperties::Schema(schema)) = additional {
        schema_or_ref(schema);
    }
}

/// Normalizes the schema's subschemas, then the schema itself.
fn normalize_schema(schema: &mut Schema) {
    match &mut schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            object.properties.values_mut().for_each(boxed);
            additional(&mut object.additional_properties);
        }
        SchemaKind::Type(Type::Array(array)) => array.items.iter_mut().for_each(boxed),
        SchemaKind::Type(_) => {}
        SchemaKind::OneOf { one_of: parts }
        | SchemaKind::AllOf { all_of: parts }
        | SchemaKind::AnyOf { any_of: parts } => parts.iter_mut().for_each(schema_or_ref),
        SchemaKind::Not { not } => schema_or_ref(not),
        SchemaKind::Any(any) => {
            any.properties.values_mut().for_each(boxed);
            additional(&mut any.additional_properties);
            any.items.iter_mut().for_each(boxed);
            any.one_of.iter_mut().for_each(schema_or_ref);
            any.all_of.iter_mut().for_each(schema_or_ref);
            any.any_of.iter_mut().for_each(schema_or_ref);
            any.not.iter_mut().for_each(|not| schema_or_ref(not));
            if let Some(kind) = composition(any, &mut schema.schema_data) {
                schema.schema_kind = kind;
            }
        }
    }
}

/// The composition an untyped schema means, when it is one. Properties beside a `oneOf` or
/// `anyOf` stay one object when the branches only require some of them (GitHub's gist: "a
/// description or files"); when a branch describes more (Svix's destination: a `type` and
/// its `config`), the schema is the object and the union together, as an `allOf`, and a
/// discriminator beside them goes with the union.
fn composition(any: &mut AnySchema, data: &mut SchemaData) -> Option<SchemaKind> {
    let has_object_part = !any.properties.is_empty()
        || !any.required.is_empty()
        || any.additional_properties.is_some();
    let branches_add =
        (any.one_of.iter().chain(&any.any_of)).any(|branch| adds_to(branch, &any.properties));
    if any.all_of.is_empty() && has_object_part && !branches_add {
        return None;
    }
    if !any.all_of.is_empty() || has_object_part {
        let written_all_of = !any.all_of.is_empty();
        let mut parts = std::mem::take(&mut any.all_of);
        if has_object_part {
            parts.push(object_part(any));
        }
        // A `oneOf` beside the `allOf` must hold as well: it becomes one more part, unless
        // it allows anything (`oneOf: [{}]`).
        let discriminator = if written_all_of {
            None
        } else {
            data.discriminator.take()
        };
        if !any.one_of.is_empty() && !any.one_of.iter().all(is_empty_schema) {
            parts.push(union_part(
                SchemaKind::OneOf {
                    one_of: std::mem::take(&mut any.one_of),
                },
                discriminator.clone(),
            ));
        }
        if !any.any_of.is_empty() && !any.any_of.iter().all(is_empty_schema) {
            parts.push(union_part(
                SchemaKind::AnyOf {
                    any_of: std::mem::take(&mut any.any_of),
                },
                discriminator,
            ));
        }
        return Some(SchemaKind::AllOf { all_of: parts });
    }
    if !any.one_of.is_empty() && any.any_of.is_empty() {
        return Some(SchemaKind::OneOf {
            one_of: std::mem::take(&mut any.one_of),
        });
    }
    if !any.any_of.is_empty() && any.one_of.is_empty() {
        return Some(SchemaKind::AnyOf {
            any_of: std::mem::take(&mut any.any_of),
        });
    }
    None
}

/// The object an untyped schema describes with its own keywords, taken out of it.
fn object_part(any: &mut AnySchema) -> ReferenceOr<Schema> {
    ReferenceOr::Item(Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Type(Type::Object(ObjectType {
            properties: std::mem::take(&mut any.properties),
            required: std::mem::take(&mut any.required),
            additional_properties: any.additional_properties.take(),
            min_properties: any.min_properties,
            max_properties: any.max_properties,
        })),
    })
}

/// Whether a branch of a union beside `properties` describes more than which of them are
/// required or what values they take: a reference, a type other than object, a property of
/// its own or a schema for other properties.
fn adds_to(branch: &ReferenceOr<Schema>, properties: &Properties) -> bool {
    let ReferenceOr::Item(branch) = branch else {
        return true;
    };
    let own = |names: &Properties| names.keys().any(|name| !properties.contains_key(name));
    match &branch.schema_kind {
        SchemaKind::Type(Type::Object(object)) => own(&object.properties),
        SchemaKind::Any(any) => {
            own(&any.properties)
                || any.typ.as_deref().is_some_and(|typ| typ != "object")
                || matches!(
                    any.additional_properties,
                    Some(AdditionalProperties::Schema(_))
                )
                || !(any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty())
        }
        _ => true,
    }
}

/// `{}`: any value.
fn is_empty_schema(schema: &ReferenceOr<Schema>) -> bool {
    matches!(schema, ReferenceOr::Item(schema) if schema.schema_kind == SchemaKind::Any(AnySchema::default()))
}

fn union_part(kind: SchemaKind, discriminator: Option<Discriminator>) -> ReferenceOr<Schema> {
    ReferenceOr::Item(Schema {
        schema_data: SchemaData {
            discriminator,
            ..Default::default()
        },
        schema_kind: kind,
    })
}
