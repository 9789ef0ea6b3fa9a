//! Which Vobiz conference members an action applies to.

use std::fmt;

/// One member, several members, or all members of a conference, as Vobiz's `member_id` path
/// parameter takes them (`10`, `10,15,22`, `all`).
///
/// A selector is valid by construction: ids are non-empty, contain no `,` (which would split
/// one id into two), are not the word `all` (use [`MemberSelector::all`]) and are not `.` or
/// `..` (which would move the request to another path).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberSelector(Selection);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Selection {
    Ids(Vec<String>),
    All,
}

/// Why a [`MemberSelector`] could not be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InvalidSelector {
    /// No member id was given.
    #[error("no member id given: name at least one member, or select all")]
    Empty,
    /// An id is empty.
    #[error("member id number {position} is empty")]
    EmptyId {
        /// Its 1-based position in the list.
        position: usize,
    },
    /// An id contains `,`, which Vobiz reads as a separator.
    #[error("member id `{id}` contains `,`; pass several ids as a list instead")]
    Comma {
        /// The id given.
        id: String,
    },
    /// An id is `.` or `..`: as the path segment it would be removed, and the request would
    /// reach another resource (hanging up `..` would end the whole conference).
    #[error("member id `{id}` is a dot segment, which would send the request to another path")]
    DotSegment {
        /// The id given.
        id: String,
    },
    /// An id is the word `all`, which Vobiz reads as every member.
    #[error("member id `{id}` would select every member; use MemberSelector::all() for that")]
    ReservedAll {
        /// The id given.
        id: String,
    },
}

impl MemberSelector {
    /// One member.
    ///
    /// # Errors
    ///
    /// When the id is empty, contains `,`, or is `all`, `.` or `..`.
    pub fn one(id: impl Into<String>) -> Result<Self, InvalidSelector> {
        Self::many([id])
    }

    /// Several members (one is fine too).
    ///
    /// # Errors
    ///
    /// When the list is empty or an id is empty, contains `,`, or is `all`, `.` or `..`.
    pub fn many<I>(ids: I) -> Result<Self, InvalidSelector>
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let ids: Vec<String> = ids.into_iter().map(Into::into).collect();
        if ids.is_empty() {
            return Err(InvalidSelector::Empty);
        }
        for (index, id) in ids.iter().enumerate() {
            if id.is_empty() {
                return Err(InvalidSelector::EmptyId {
                    position: index + 1,
                });
            }
            if id.contains(',') {
                return Err(InvalidSelector::Comma { id: id.clone() });
            }
            if id == "." || id == ".." {
                return Err(InvalidSelector::DotSegment { id: id.clone() });
            }
            if id.eq_ignore_ascii_case("all") {
                return Err(InvalidSelector::ReservedAll { id: id.clone() });
            }
        }
        Ok(Self(Selection::Ids(ids)))
    }

    /// Every member of the conference.
    pub fn all() -> Self {
        Self(Selection::All)
    }

    /// The ids selected, or `None` for all members.
    pub fn ids(&self) -> Option<&[String]> {
        match &self.0 {
            Selection::Ids(ids) => Some(ids),
            Selection::All => None,
        }
    }
}

/// The path parameter value: `10`, `10,15,22` or `all`.
impl fmt::Display for MemberSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Selection::Ids(ids) => f.write_str(&ids.join(",")),
            Selection::All => f.write_str("all"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_one_many_and_all() {
        assert_eq!(MemberSelector::one("10").unwrap().to_string(), "10");
        assert_eq!(
            MemberSelector::many(["10", "15", "22"])
                .unwrap()
                .to_string(),
            "10,15,22"
        );
        assert_eq!(MemberSelector::all().to_string(), "all");
    }

    #[test]
    fn refuses_what_vobiz_would_misread() {
        assert_eq!(
            MemberSelector::many(Vec::<String>::new()),
            Err(InvalidSelector::Empty)
        );
        assert_eq!(
            MemberSelector::many(["10", ""]),
            Err(InvalidSelector::EmptyId { position: 2 })
        );
        assert_eq!(
            MemberSelector::one("10,11"),
            Err(InvalidSelector::Comma { id: "10,11".into() })
        );
        for id in [".", ".."] {
            assert_eq!(
                MemberSelector::one(id),
                Err(InvalidSelector::DotSegment { id: id.into() })
            );
        }
        assert_eq!(
            MemberSelector::many(["10", "..."]).unwrap().to_string(),
            "10,..."
        );
        assert_eq!(
            MemberSelector::one("ALL"),
            Err(InvalidSelector::ReservedAll { id: "ALL".into() })
        );
    }
}
