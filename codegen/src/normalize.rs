//! Stage 4b: schemas written in a mixed form are rewritten into the one form the IR reads.
//!
//! `openapiv3` keeps a schema that has both `type: object` (or `properties`) and `allOf`,
//! `oneOf` or `anyOf` as an untyped [`AnySchema`]. Real specs write that all the time (Box:
//! `{type: object, allOf: [{$ref: Base}, {properties: ...}]}`), and read as an untyped schema
//! it would lose every field. Here such a schema becomes the composition it means: an `allOf`
//! of its parts plus its own object part, or a plain `oneOf`/`anyOf`. Pointers into the
//! document stay valid, except for the object part appended to an `allOf`, which has none.

use openapiv3::{
    AdditionalProperties, AnySchema, Components, MediaType, ObjectType, OpenAPI, Operation,
    Parameter, ParameterSchemaOrContent, ReferenceOr, Response, Schema, SchemaKind, Type,
};

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
            if let Some(kind) = composition(any) {
                schema.schema_kind = kind;
            }
        }
    }
}

/// The composition an untyped schema means, when it is one.
fn composition(any: &mut AnySchema) -> Option<SchemaKind> {
    let has_object_part = !any.properties.is_empty()
        || !any.required.is_empty()
        || any.additional_properties.is_some();
    if !any.all_of.is_empty() {
        let mut parts = std::mem::take(&mut any.all_of);
        if has_object_part {
            parts.push(ReferenceOr::Item(Schema {
                schema_data: Default::default(),
                schema_kind: SchemaKind::Type(Type::Object(ObjectType {
                    properties: std::mem::take(&mut any.properties),
                    required: std::mem::take(&mut any.required),
                    additional_properties: any.additional_properties.take(),
                    min_properties: any.min_properties,
                    max_properties: any.max_properties,
                })),
            }));
        }
        // A `oneOf` beside the `allOf` must hold as well: it becomes one more part, unless
        // it allows anything (`oneOf: [{}]`).
        if !any.one_of.is_empty() && !any.one_of.iter().all(is_empty_schema) {
            parts.push(untyped_part(SchemaKind::OneOf {
                one_of: std::mem::take(&mut any.one_of),
            }));
        }
        if !any.any_of.is_empty() && !any.any_of.iter().all(is_empty_schema) {
            parts.push(untyped_part(SchemaKind::AnyOf {
                any_of: std::mem::take(&mut any.any_of),
            }));
        }
        return Some(SchemaKind::AllOf { all_of: parts });
    }
    if has_object_part {
        return None;
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

/// `{}`: any value.
fn is_empty_schema(schema: &ReferenceOr<Schema>) -> bool {
    matches!(schema, ReferenceOr::Item(schema) if schema.schema_kind == SchemaKind::Any(AnySchema::default()))
}

fn untyped_part(kind: SchemaKind) -> ReferenceOr<Schema> {
    ReferenceOr::Item(Schema {
        schema_data: Default::default(),
        schema_kind: kind,
    })
}
