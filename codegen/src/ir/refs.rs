//! Following a `$ref` to the component it names: the one place that decodes JSON-pointer
//! escapes (`~1` is `/`, `~0` is `~`), follows aliases (a component that is only a `$ref` to
//! another of its kind, in chains) and reports a cycle of them. References into other files
//! were pulled into the document by the load stage, so every reference here is local.

use openapiv3::{Components, OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};

/// A kind of component a `$ref` can name, by the section of `components` it lives in.
pub(super) trait Component: Sized {
    /// The section's key (`schemas`).
    const SECTION: &'static str;
    /// The section's entries.
    fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>>;
}

impl Component for Schema {
    const SECTION: &'static str = "schemas";
    fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
        &components.schemas
    }
}

impl Component for Parameter {
    const SECTION: &'static str = "parameters";
    fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
        &components.parameters
    }
}

impl Component for Response {
    const SECTION: &'static str = "responses";
    fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
        &components.responses
    }
}

impl Component for RequestBody {
    const SECTION: &'static str = "requestBodies";
    fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
        &components.request_bodies
    }
}

/// Why a reference names no component of the kind asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Unresolved {
    /// It is not a `#/components/<section>/<name>` reference of this kind.
    NotOfKind,
    /// It names a component that is not defined.
    Missing,
    /// It is an alias whose chain comes back to itself: the names, from the first.
    Cycle(Vec<String>),
}

/// The component name a `#/components/<section>/<name>` reference names, unescaped.
pub(super) fn component_name<T: Component>(reference: &str) -> Option<String> {
    let name = reference
        .strip_prefix("#/components/")?
        .strip_prefix(T::SECTION)?
        .strip_prefix('/')?;
    (!name.contains('/')).then(|| name.replace("~1", "/").replace("~0", "~"))
}

/// The component a reference names, following aliases: its name and its definition.
pub(super) fn resolve<'s, T: Component>(
    spec: &'s OpenAPI,
    reference: &str,
) -> Result<(String, &'s T), Unresolved> {
    let mut name = component_name::<T>(reference).ok_or(Unresolved::NotOfKind)?;
    let mut chain = Vec::new();
    // The names in `chain`, so a long chain is followed in linear time.
    let mut seen = std::collections::BTreeSet::new();
    loop {
        let found = spec
            .components
            .as_ref()
            .and_then(|components| T::section(components).get(&name))
            .ok_or(Unresolved::Missing)?;
        match found {
            ReferenceOr::Item(item) => return Ok((name, item)),
            ReferenceOr::Reference { reference } => {
                seen.insert(name.clone());
                chain.push(name);
                let next = component_name::<T>(reference).ok_or(Unresolved::NotOfKind)?;
                if seen.contains(&next) {
                    chain.push(next);
                    return Err(Unresolved::Cycle(chain));
                }
                name = next;
            }
        }
    }
}

/// What a schema position's `$ref` to a response, parameter or request body (a mistake real
/// documents make) can stand for.
#[derive(Debug)]
pub(super) enum Misplaced<'s> {
    /// The component has one schema: it and its pointer.
    Schema(&'s ReferenceOr<Schema>, String),
    /// Its media types have different schemas: their pointers.
    Ambiguous(Vec<String>),
    /// It has no schema.
    NoSchema,
}

/// For a `$ref` that names a response, parameter or request body where a schema belongs: the
/// kind it names ("response") and the schema it holds; `None` for any other reference.
pub(super) fn misplaced_schema<'s>(
    spec: &'s OpenAPI,
    reference: &str,
) -> Option<(&'static str, Misplaced<'s>)> {
    let base =
        |section: &str, name: &str| crate::diagnostics::pointer(&["components", section, name]);
    let of_content = |at: String, content: &'s indexmap::IndexMap<String, openapiv3::MediaType>| {
        let schemas: Vec<(&'s ReferenceOr<Schema>, String)> = content
            .iter()
            .filter_map(|(media, item)| {
                let schema = item.schema.as_ref()?;
                let escaped = crate::diagnostics::escape_token(media);
                Some((schema, format!("{at}/content/{escaped}/schema")))
            })
            .collect();
        match schemas.as_slice() {
            [] => Misplaced::NoSchema,
            [(first, pointer), rest @ ..] if rest.iter().all(|(s, _)| s == first) => {
                Misplaced::Schema(first, pointer.clone())
            }
            _ => Misplaced::Ambiguous(schemas.into_iter().map(|(_, p)| p).collect()),
        }
    };
    if let Ok((name, response)) = resolve::<Response>(spec, reference) {
        let at = base(Response::SECTION, &name);
        return Some(("response", of_content(at, &response.content)));
    }
    if let Ok((name, body)) = resolve::<RequestBody>(spec, reference) {
        let at = base(RequestBody::SECTION, &name);
        return Some(("request body", of_content(at, &body.content)));
    }
    let (name, parameter) = resolve::<Parameter>(spec, reference).ok()?;
    let at = base(Parameter::SECTION, &name);
    let found = match &parameter.parameter_data_ref().format {
        openapiv3::ParameterSchemaOrContent::Schema(schema) => {
            Misplaced::Schema(schema, format!("{at}/schema"))
        }
        openapiv3::ParameterSchemaOrContent::Content(content) => of_content(at, content),
    };
    Some(("parameter", found))
}

/// What a reference that names nothing of its kind is, as a sentence for a diagnostic.
pub(super) fn describe(reference: &str, why: &Unresolved, what: &str) -> String {
    match why {
        Unresolved::Cycle(chain) => format!(
            "`$ref: {reference}` is a cycle of aliases ({}), which names no {what}",
            chain.join(" → ")
        ),
        Unresolved::NotOfKind | Unresolved::Missing => {
            format!("`$ref: {reference}` points at no {what}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(yaml: &str) -> OpenAPI {
        serde_yaml::from_str(yaml).unwrap()
    }

    const DOCUMENT: &str = r"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    a/b: {type: string}
    x~y: {type: string}
    Alias: {$ref: '#/components/schemas/Second'}
    Second: {$ref: '#/components/schemas/a~1b'}
    Loop1: {$ref: '#/components/schemas/Loop2'}
    Loop2: {$ref: '#/components/schemas/Loop1'}
  parameters:
    Id: {name: id, in: path, required: true, schema: {type: string}}
    IdAlias: {$ref: '#/components/parameters/Id'}
";

    #[test]
    fn decodes_escapes_and_follows_alias_chains() {
        let spec = spec(DOCUMENT);
        let (name, _) = resolve::<Schema>(&spec, "#/components/schemas/x~0y").unwrap();
        assert_eq!(name, "x~y");
        let (name, _) = resolve::<Schema>(&spec, "#/components/schemas/Alias").unwrap();
        assert_eq!(name, "a/b");
        let (name, _) = resolve::<Parameter>(&spec, "#/components/parameters/IdAlias").unwrap();
        assert_eq!(name, "Id");
    }

    #[test]
    fn reports_cycles_missing_names_and_other_kinds() {
        let spec = spec(DOCUMENT);
        assert_eq!(
            resolve::<Schema>(&spec, "#/components/schemas/Loop1").unwrap_err(),
            Unresolved::Cycle(vec!["Loop1".into(), "Loop2".into(), "Loop1".into()])
        );
        assert_eq!(
            resolve::<Schema>(&spec, "#/components/schemas/Nope").unwrap_err(),
            Unresolved::Missing
        );
        assert_eq!(
            resolve::<Schema>(&spec, "#/components/parameters/Id").unwrap_err(),
            Unresolved::NotOfKind
        );
        assert_eq!(component_name::<Schema>("#/components/schemas/a/b"), None);
    }
}
