//! Typed clients for removing people from live calls: Vobiz conferences and Huawei Cloud
//! meetings.
//!
//! This crate re-exports the generated clients ([`vobiz`], [`huawei_meeting`]) and adds only
//! what their specs cannot say:
//!
//! - [`MemberSelector`]: Vobiz's `member_id` is one id, a comma-separated list, or `all`. The
//!   selector is checked when it is made, so an empty list, an id containing `,`, or an id
//!   that is `.` or `..` (which would address another path) never reaches the network.
//! - [`VobizMembers`]: hang up, kick, mute or unmute the members a selector names. Kick and
//!   mute send `{}` with `Content-Type: application/json`, accept 200 and 202, and give the
//!   member ids as a list whether the server sent one id, a comma-joined string or a list
//!   ([`MemberAction`]).
//! - [`HuaweiMeeting`]: a Huawei meeting controlled with its conference id and host password.
//!   It fetches the meeting control token, renews it before it expires and once on a 401,
//!   and shares one fetch between concurrent calls ([`TokenHeader`] decides how the header
//!   carries it).
//! - [`HuaweiParticipants`]: disconnect meeting participants, refusing an empty list before
//!   anything is sent (the API requires at least one).
//! - [`ConferenceRoom`]: one trait over both providers (remove, mute, list who is there),
//!   with one error type, [`ControlError`], that keeps the provider's own error inside.
//!
//! ```no_run
//! use conference_control::{MemberSelector, VobizMembers, vobiz};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = vobiz::Client::new("MA_XXXXXX", vobiz::Credentials::new("MA_XXXXXX", "token"))?;
//! let kicked = client.kick("MyConf", &MemberSelector::many(["10", "15"])?).await?;
//! println!("kicked {:?}", kicked.member_ids);
//! client.hang_up("MyConf", &MemberSelector::all()).await?;
//! # Ok(())
//! # }
//! ```
//!
//! The generated calls take what the spec requires in order and everything optional by name,
//! then are sent when awaited:
//!
//! ```no_run
//! use std::time::Duration;
//!
//! # async fn run(client: conference_control::vobiz::Client) -> Result<(), Box<dyn std::error::Error>> {
//! client.hangup_member("MyConf", "10").await?;
//! client
//!     .hangup_member("MyConf", "all")
//!     .with_options(|o| o.timeout(Duration::from_secs(2)))
//!     .await?;
//! # Ok(())
//! # }
//! ```
//!
//! Leaving out a required argument is a compile error, not a failed request:
//!
//! ```compile_fail,E0061
//! # async fn run(client: conference_control::vobiz::Client) {
//! let _ = client.hangup_member("MyConf").await;
//! # }
//! ```

#![forbid(unsafe_code)]

mod huawei;
mod meeting;
mod room;
mod selector;
mod vobiz_members;

pub use conference_clients::{
    Attempt, BuildError, Error, Options, RawResponse, ResponseValue, Secret, UnparsedValue,
    huawei_meeting, vobiz,
};
pub use huawei::HuaweiParticipants;
pub use meeting::{ControlResult, HuaweiMeeting, HuaweiMeetingBuilder, MeetingError, TokenHeader};
pub use room::{
    ConferenceRoom, ControlError, ErrorKind, HuaweiRoom, Participant, Provider, ProviderErrorBody,
    RoomFuture, VobizRoom,
};
pub use selector::{InvalidSelector, MemberSelector};
pub use vobiz_members::{ActionResult, MemberAction, NoContentResult, VobizMembers};

/// The README's Rust examples, compiled by `cargo test` as doctests so they cannot drift from
/// the API they show.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
