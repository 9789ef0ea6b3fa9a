//! Vobiz conference member actions, with the fixes the published spec cannot carry.

use std::future::{Future, IntoFuture};

use conference_clients::vobiz::types::{EmptyObject, MemberActionResponse, MemberIds};
use conference_clients::vobiz::{Client, ConferenceError};
use conference_clients::{Error, ResponseValue};

use crate::MemberSelector;

/// The answer to a member action (kick, mute, deaf, play, speak), whatever shape the server
/// used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberAction {
    /// What the server said (`kicked`, `muted`, ...).
    pub message: String,
    /// The members acted on. The V2 docs send ids as one string (`"10"`, or `"15,22"` for a
    /// list), V3 and the live API a list; all arrive here as a list, a comma-joined string
    /// split at its commas (an id never holds one). Acting on `all` gives `["all"]`; no ids at
    /// all gives `[]`.
    pub member_ids: Vec<String>,
    /// The request id, when the server sent one.
    pub api_id: Option<String>,
}

impl From<MemberActionResponse> for MemberAction {
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

/// The result of a member action, its ids normalised.
pub type ActionResult = Result<ResponseValue<MemberAction>, Error<ConferenceError>>;
/// The result of a member action Vobiz answers with 204 and no body.
pub type NoContentResult = Result<ResponseValue<()>, Error<ConferenceError>>;

/// Member actions on a Vobiz conference, taking a checked [`MemberSelector`].
///
/// The other member calls (deaf, play, speak and their undo) are the generated ones; turn
/// their answer into a [`MemberAction`] with `response.map(MemberAction::from)`.
pub trait VobizMembers {
    /// Ends the selected members' calls. Vobiz answers 204 with no body.
    fn hang_up(
        &self,
        conference_name: &str,
        members: &MemberSelector,
    ) -> impl Future<Output = NoContentResult> + Send;

    /// Removes the selected members from the conference; their call goes on with the next
    /// XML element. Sends `{}` as the docs require; 200 and 202 both succeed.
    fn kick(
        &self,
        conference_name: &str,
        members: &MemberSelector,
    ) -> impl Future<Output = ActionResult> + Send;

    /// Mutes the selected members. Sends `{}` as the docs require; 200 and 202 both succeed.
    fn mute(
        &self,
        conference_name: &str,
        members: &MemberSelector,
    ) -> impl Future<Output = ActionResult> + Send;

    /// Unmutes the selected members. Vobiz answers 204 with no body.
    fn unmute(
        &self,
        conference_name: &str,
        members: &MemberSelector,
    ) -> impl Future<Output = NoContentResult> + Send;
}

/// A member action's answer with its ids normalised.
async fn normalised(
    call: impl IntoFuture<Output = Result<ResponseValue<MemberActionResponse>, Error<ConferenceError>>>,
) -> ActionResult {
    Ok(call.await?.map(MemberAction::from))
}

impl VobizMembers for Client {
    fn hang_up(
        &self,
        conference_name: &str,
        members: &MemberSelector,
    ) -> impl Future<Output = NoContentResult> + Send {
        let member_id = members.to_string();
        async move { self.hangup_member(conference_name, &member_id).await }
    }

    fn kick(
        &self,
        conference_name: &str,
        members: &MemberSelector,
    ) -> impl Future<Output = ActionResult> + Send {
        let member_id = members.to_string();
        async move { normalised(self.kick_member(conference_name, &member_id, &EmptyObject {})).await }
    }

    fn mute(
        &self,
        conference_name: &str,
        members: &MemberSelector,
    ) -> impl Future<Output = ActionResult> + Send {
        let member_id = members.to_string();
        async move { normalised(self.mute_member(conference_name, &member_id, &EmptyObject {})).await }
    }

    fn unmute(
        &self,
        conference_name: &str,
        members: &MemberSelector,
    ) -> impl Future<Output = NoContentResult> + Send {
        let member_id = members.to_string();
        async move { self.unmute_member(conference_name, &member_id).await }
    }
}
