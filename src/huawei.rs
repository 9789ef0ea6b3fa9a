//! Disconnect Huawei Cloud Meeting participants.

use std::future::Future;

use conference_clients::huawei_meeting::types::BulkHangUpRequest;
use conference_clients::huawei_meeting::{Client, MeetingControlError as ControlCallError};
use conference_clients::{Error, ResponseValue};

/// Participant actions on a Huawei Cloud meeting.
pub trait HuaweiParticipants {
    /// Disconnects the given participants (ends their calls; they stay on the attendee list).
    ///
    /// The API requires at least one participant: an empty list is refused with
    /// [`Error::InvalidRequest`] before anything is sent.
    fn disconnect<I, S>(
        &self,
        conference_id: &str,
        participant_ids: I,
    ) -> impl Future<Output = Result<ResponseValue<()>, Error<ControlCallError>>> + Send
    where
        I: IntoIterator<Item = S>,
        S: Into<String>;
}

impl HuaweiParticipants for Client {
    fn disconnect<I, S>(
        &self,
        conference_id: &str,
        participant_ids: I,
    ) -> impl Future<Output = Result<ResponseValue<()>, Error<ControlCallError>>> + Send
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let body = BulkHangUpRequest {
            bulk_hang_up_participants: participant_ids.into_iter().map(Into::into).collect(),
        };
        async move {
            if body.bulk_hang_up_participants.is_empty() {
                return Err(Error::InvalidRequest(
                    "name at least one participant to disconnect".to_owned(),
                ));
            }
            self.disconnect_participants(conference_id, &body).await
        }
    }
}
