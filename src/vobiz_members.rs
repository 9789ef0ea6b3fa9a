//! Hang up and kick Vobiz conference members, with the fixes the published spec cannot carry.

use std::future::Future;

use conference_clients::vobiz::types::{EmptyObject, MemberActionResponse, MemberIds};
use conference_clients::vobiz::{Client, UnauthorizedOrNotFoundError};
use conference_clients::{Error, ResponseValue};

use crate::MemberSelector;

/// The result of a kick, whatever shape the server used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kicked {
    /// What the server said (`kicked`).
    pub message: String,
    /// The members kicked. The V2 docs send ids as one string (`"10"`, or `"15,22"` for a
    /// list), V3 and the live API a list; all arrive here as a list, a comma-joined string
    /// split at its commas (an id never holds one). Kicking `all` gives `["all"]`; no ids at
    /// all gives `[]`.
    pub member_ids: Vec<String>,
    /// The request id, when the server sent one.
    pub api_id: Option<String>,
}

impl From<MemberActionResponse> for Kicked {
    fn from(response: MemberActionResponse) -> Self {
        let member_ids = match response.member_id {
            Some(MemberIds::One(ids)) => ids
                .split(',')
                .map(str::trim)
                .filter(|id| !id.is_empty())
                .map(str::to_owned)
                .collect(),
            Some(MemberIds::Many(ids)) => ids,
            None => Vec::new(),
        };
        Self {
            message: response.message,
            member_ids,
            api_id: response.api_id,
        }
    }
}

/// Member actions on a Vobiz conference, taking a checked [`MemberSelector`].
pub trait VobizMembers {
    /// Ends the selected members' calls. Vobiz answers 204 with no body.
    fn hang_up(
        &self,
        conference_name: &str,
        members: &MemberSelector,
    ) -> impl Future<Output = Result<ResponseValue<()>, Error<UnauthorizedOrNotFoundError>>> + Send;

    /// Removes the selected members from the conference; their call goes on with the next
    /// XML element. Sends `{}` as the docs require; 200 and 202 both succeed.
    fn kick(
        &self,
        conference_name: &str,
        members: &MemberSelector,
    ) -> impl Future<Output = Result<ResponseValue<Kicked>, Error<UnauthorizedOrNotFoundError>>> + Send;
}

impl VobizMembers for Client {
    fn hang_up(
        &self,
        conference_name: &str,
        members: &MemberSelector,
    ) -> impl Future<Output = Result<ResponseValue<()>, Error<UnauthorizedOrNotFoundError>>> + Send
    {
        let member_id = members.to_string();
        async move { self.hangup_member(conference_name, &member_id).await }
    }

    fn kick(
        &self,
        conference_name: &str,
        members: &MemberSelector,
    ) -> impl Future<Output = Result<ResponseValue<Kicked>, Error<UnauthorizedOrNotFoundError>>> + Send
    {
        let member_id = members.to_string();
        async move {
            let response = self
                .kick_member(conference_name, &member_id, &EmptyObject {})
                .await?;
            Ok(response.map(Kicked::from))
        }
    }
}
