//! Path templates (`/Conference/{conference_name}/Member/{member_id}/`), parsed into segments
//! so that each parameter value is encoded as exactly one path segment.

/// One piece of a path segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathPart {
    /// Text written in the template.
    Literal(String),
    /// A path parameter, by its name in the spec.
    Param(String),
}

/// A parsed path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathTemplate {
    /// The template as written in the spec.
    pub raw: String,
    /// The segments between slashes; a trailing slash is a last, empty segment.
    pub segments: Vec<Vec<PathPart>>,
    /// Query pairs the template writes after a `?` (OpenAI's `/responses?beta=true`), sent
    /// with every call, decoded.
    pub query: Vec<(String, String)>,
}

impl PathTemplate {
    /// Parses a template. Errors say what is wrong with it.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let (path, query) = raw.split_once('?').unwrap_or((raw, ""));
        if query.contains(['{', '}']) {
            return Err(format!(
                "the query string `?{query}` of the path holds a parameter; declare it with `in: query` instead"
            ));
        }
        let query = url::form_urlencoded::parse(query.as_bytes())
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        let Some(rest) = path.strip_prefix('/') else {
            return Err("a path must start with `/`".to_owned());
        };
        let mut segments = Vec::new();
        for segment in rest.split('/') {
            let mut parts = Vec::new();
            let mut remaining = segment;
            while !remaining.is_empty() {
                match remaining.find(['{', '}']) {
                    None => {
                        parts.push(PathPart::Literal(remaining.to_owned()));
                        remaining = "";
                    }
                    Some(start) if remaining[start..].starts_with('}') => {
                        return Err(format!("unmatched `}}` in segment `{segment}`"));
                    }
                    Some(start) => {
                        if start > 0 {
                            parts.push(PathPart::Literal(remaining[..start].to_owned()));
                        }
                        let after = &remaining[start + 1..];
                        let end = after
                            .find(['{', '}'])
                            .filter(|&i| after[i..].starts_with('}'))
                            .ok_or_else(|| format!("unclosed `{{` in segment `{segment}`"))?;
                        let name = &after[..end];
                        if name.is_empty() {
                            return Err(format!(
                                "empty parameter name `{{}}` in segment `{segment}`"
                            ));
                        }
                        if matches!(parts.last(), Some(PathPart::Param(_))) {
                            return Err(format!(
                                "two parameters touch in segment `{segment}`, so their values cannot be told apart"
                            ));
                        }
                        parts.push(PathPart::Param(name.to_owned()));
                        remaining = &after[end + 1..];
                    }
                }
            }
            if let [PathPart::Literal(text)] = parts.as_slice()
                && matches!(text.as_str(), "." | "..")
            {
                return Err(format!(
                    "the segment `{text}` is a dot segment, which is removed from a path before it is sent; write the path without it"
                ));
            }
            segments.push(parts);
        }
        Ok(Self {
            raw: raw.to_owned(),
            segments,
            query,
        })
    }

    /// One segment as the template writes it (`{id}.json`).
    pub fn segment_text(parts: &[PathPart]) -> String {
        parts
            .iter()
            .map(|part| match part {
                PathPart::Literal(text) => text.clone(),
                PathPart::Param(name) => format!("{{{name}}}"),
            })
            .collect()
    }

    /// The parameter names, in template order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments
            .iter()
            .flatten()
            .filter_map(|part| match part {
                PathPart::Param(name) => Some(name.as_str()),
                PathPart::Literal(_) => None,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_case_and_trailing_slash() {
        let t = PathTemplate::parse("/Conference/{name}/Member/{id}.json/").unwrap();
        assert_eq!(
            t.segments,
            vec![
                vec![PathPart::Literal("Conference".into())],
                vec![PathPart::Param("name".into())],
                vec![PathPart::Literal("Member".into())],
                vec![
                    PathPart::Param("id".into()),
                    PathPart::Literal(".json".into())
                ],
                vec![],
            ]
        );
        assert_eq!(t.params().collect::<Vec<_>>(), ["name", "id"]);
        assert_eq!(PathTemplate::segment_text(&t.segments[3]), "{id}.json");
    }

    #[test]
    fn a_query_string_is_kept_apart_from_the_segments() {
        let t = PathTemplate::parse("/responses/{id}?beta=true&x=a%20b").unwrap();
        assert_eq!(
            t.segments,
            vec![
                vec![PathPart::Literal("responses".into())],
                vec![PathPart::Param("id".into())],
            ]
        );
        assert_eq!(
            t.query,
            [("beta".into(), "true".into()), ("x".into(), "a b".into())]
        );
        assert!(PathTemplate::parse("/a").unwrap().query.is_empty());
    }

    #[test]
    fn rejects_broken_templates() {
        for (raw, message) in [
            ("a/b", "a path must start with `/`"),
            ("/a/{b", "unclosed `{` in segment `{b`"),
            ("/a/b}", "unmatched `}` in segment `b}`"),
            ("/a/{}", "empty parameter name `{}` in segment `{}`"),
            (
                "/a/../b",
                "the segment `..` is a dot segment, which is removed from a path before it is sent; write the path without it",
            ),
            (
                "/a?b={b}",
                "the query string `?b={b}` of the path holds a parameter; declare it with `in: query` instead",
            ),
            (
                "/{a}{b}",
                "two parameters touch in segment `{a}{b}`, so their values cannot be told apart",
            ),
        ] {
            assert_eq!(PathTemplate::parse(raw).unwrap_err(), message, "{raw}");
        }
    }
}
