//! The facade end to end against the bundled fake providers (what `cargo run --example demo`
//! shows): one trait over both providers, checked by the effect on the fakes' room state, and
//! the documented failures the fakes inject.

use conference_control::vobiz::types::EmptyObject;
use conference_control::{
    ConferenceRoom, ErrorKind, HuaweiMeeting, HuaweiRoom, MemberAction, MemberSelector,
    Participant, Provider, VobizMembers, VobizRoom, vobiz,
};
use fake_providers::{
    FakeProviders, Fault, HUAWEI_HOST_PASSWORD, VOBIZ_AUTH_ID, VOBIZ_AUTH_TOKEN, VobizStyle,
};

fn vobiz_client(fake: &FakeProviders) -> vobiz::Client {
    vobiz::Client::builder(
        VOBIZ_AUTH_ID,
        vobiz::Credentials::new(VOBIZ_AUTH_ID, VOBIZ_AUTH_TOKEN),
    )
    .base_url(fake.uri())
    .build()
    .unwrap()
}

fn vobiz_room(fake: &FakeProviders, name: &str) -> Box<dyn ConferenceRoom> {
    Box::new(VobizRoom::new(vobiz_client(fake), name))
}

fn huawei_room(fake: &FakeProviders, conference_id: &str) -> Box<dyn ConferenceRoom> {
    let meeting = HuaweiMeeting::builder(conference_id, HUAWEI_HOST_PASSWORD)
        .base_url(fake.uri())
        .build()
        .unwrap();
    Box::new(HuaweiRoom::new(meeting))
}

fn ids(list: &[&str]) -> MemberSelector {
    MemberSelector::many(list.iter().copied()).unwrap()
}

#[tokio::test]
async fn the_trait_removes_and_mutes_in_a_vobiz_conference() {
    let fake = FakeProviders::start().await;
    fake.add_conference("Team Standup", &["10", "15", "22"]);
    let room = vobiz_room(&fake, "Team Standup");

    room.set_muted(&ids(&["15", "22"]), true).await.unwrap();
    room.remove(&ids(&["10"])).await.unwrap();

    assert_eq!(room.provider(), Provider::Vobiz);
    assert_eq!(
        room.participants().await.unwrap(),
        [
            Participant {
                id: "15".into(),
                muted: Some(true)
            },
            Participant {
                id: "22".into(),
                muted: Some(true)
            },
        ]
    );
    room.set_muted(&MemberSelector::all(), false).await.unwrap();
    let state = fake.conference("Team Standup").unwrap();
    assert!(state.members.values().all(|m| !m.muted));
    room.remove(&MemberSelector::all()).await.unwrap();
    assert_eq!(
        fake.conference_members("Team Standup").unwrap(),
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn the_trait_removes_and_mutes_in_a_huawei_meeting() {
    let fake = FakeProviders::start().await;
    fake.add_meeting("914083136", &["p1", "p2", "p3"]);
    let room = huawei_room(&fake, "914083136");

    room.set_muted(&ids(&["p1"]), true).await.unwrap();
    room.remove(&ids(&["p2", "p3"])).await.unwrap();
    room.set_muted(&MemberSelector::all(), true).await.unwrap();

    assert_eq!(room.provider(), Provider::Huawei);
    let state = fake.meeting("914083136").unwrap();
    assert_eq!(state.participants.keys().collect::<Vec<_>>(), ["p1"]);
    assert!(state.participants["p1"].muted && state.all_muted);
    assert_eq!(fake.tokens_issued(), 1);
}

#[tokio::test]
async fn what_a_provider_cannot_do_is_unsupported_and_sends_nothing() {
    let fake = FakeProviders::start().await;
    fake.add_meeting("914083136", &["p1"]);
    let room = huawei_room(&fake, "914083136");

    let listing = room.participants().await.unwrap_err();
    let everyone = room.remove(&MemberSelector::all()).await.unwrap_err();

    for error in [&listing, &everyone] {
        assert_eq!(error.kind(), ErrorKind::Unsupported, "{error}");
        assert_eq!(error.provider(), Provider::Huawei);
    }
    assert_eq!(fake.request_count().await, 0);
}

#[tokio::test]
async fn one_error_type_keeps_each_providers_code_and_request_id() {
    let fake = FakeProviders::start().await;

    let vobiz = vobiz_room(&fake, "No Such Room")
        .remove(&ids(&["10"]))
        .await
        .unwrap_err();
    assert_eq!(
        (vobiz.kind(), vobiz.status(), vobiz.code()),
        (ErrorKind::Refused, Some(404), Some("conference not found"))
    );
    assert!(vobiz.request_id().is_some_and(|id| id.starts_with("fake-")));
    assert!(
        std::error::Error::source(&vobiz).is_some(),
        "the provider's error is kept"
    );

    let huawei = huawei_room(&fake, "000000000")
        .set_muted(&ids(&["p1"]), true)
        .await
        .unwrap_err();
    // No token for an unknown meeting: the token API's documented 400.
    assert_eq!(
        (huawei.kind(), huawei.status(), huawei.code()),
        (ErrorKind::ControlToken, Some(400), Some("MMC.111070005"))
    );
    assert!(
        huawei
            .request_id()
            .is_some_and(|id| id.starts_with("fake-"))
    );
    assert!(
        huawei
            .to_string()
            .starts_with("huawei: no meeting control token (HTTP 400)"),
        "{huawei}"
    );
}

#[tokio::test]
async fn vobiz_retrieval_failure_and_gateway_404_come_back_as_refusals() {
    let fake = FakeProviders::start().await;
    fake.add_conference("Room", &["1"]);
    let room = vobiz_room(&fake, "Room");

    fake.inject(Fault::vobiz_retrieve_failed());
    let failed = room.participants().await.unwrap_err();
    assert_eq!(
        (failed.kind(), failed.status(), failed.code()),
        (ErrorKind::Refused, Some(200), Some("failed"))
    );

    fake.inject(Fault::vobiz_gateway_not_found());
    let gateway = room.set_muted(&ids(&["1"]), true).await.unwrap_err();
    assert_eq!(
        (gateway.status(), gateway.code(), gateway.message()),
        (Some(404), None, Some("Not Found"))
    );
    // The faults were used up: the room is untouched and answers again.
    assert_eq!(room.participants().await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_vobiz_fake_answers_every_member_action_and_keeps_state() {
    let fake = FakeProviders::start().await;
    fake.add_conference("Room", &["1", "2"]);
    let client = vobiz_client(&fake);
    let empty = &EmptyObject {};
    let play = conference_control::vobiz::types::PlayAudioMemberRequest {
        url: "https://example.com/a.mp3".into(),
    };

    let deaf = client.deaf_member("Room", "1", empty).await.unwrap();
    client.play_audio_member("Room", "2", &play).await.unwrap();
    let member = |id: &str| fake.conference("Room").unwrap().members[id].clone();
    assert!(member("1").deaf);
    assert_eq!(
        member("2").playing.as_deref(),
        Some("https://example.com/a.mp3")
    );
    assert_eq!(
        (
            deaf.status().as_u16(),
            MemberAction::from(deaf.into_body()).message
        ),
        (202, "deaf".to_owned())
    );

    client.undeaf_member("Room", "1", empty).await.unwrap();
    client.stop_audio_member("Room", "2", empty).await.unwrap();
    client.start_conference_recording("Room").await.unwrap();
    assert!(!member("1").deaf && member("2").playing.is_none());
    assert_eq!(
        fake.conference("Room").unwrap().recording.as_deref(),
        Some("mp3")
    );
    client.stop_conference_recording("Room").await.unwrap();

    let list = client.list_conferences().await.unwrap().into_body();
    assert_eq!(list.conferences, ["Room"]);
    client.delete_conference("Room").await.unwrap();
    assert!(fake.conference("Room").is_none());
}

#[tokio::test]
async fn the_vobiz_fake_can_answer_as_the_v2_docs_print() {
    let fake = FakeProviders::start().await;
    fake.add_conference("Room", &["15", "22"]);
    fake.set_vobiz_style(VobizStyle::V2Docs);
    let client = vobiz_client(&fake);

    let kicked = client.kick("Room", &ids(&["15", "22"])).await.unwrap();
    let recording = client
        .start_conference_recording("Room")
        .await
        .unwrap()
        .into_body();

    // 200 with one comma-joined string, which the facade still reads as two ids.
    assert_eq!(kicked.status(), 200);
    assert_eq!(kicked.member_ids, ["15", "22"]);
    assert_eq!(recording.recording_id.as_deref(), Some("rec_Room"));
}

#[tokio::test]
async fn wrong_vobiz_credentials_are_unauthorized_and_change_nothing() {
    let fake = FakeProviders::start().await;
    fake.add_conference("Room", &["1"]);
    let client = vobiz::Client::builder(
        VOBIZ_AUTH_ID,
        vobiz::Credentials::new(VOBIZ_AUTH_ID, "wrong"),
    )
    .base_url(fake.uri())
    .build()
    .unwrap();

    let error = client
        .hang_up("Room", &MemberSelector::one("1").unwrap())
        .await
        .unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(fake.conference_members("Room").unwrap(), ["1"]);
}

#[tokio::test]
async fn the_huawei_fake_answers_every_control_and_keeps_state() {
    let fake = FakeProviders::start().await;
    fake.add_meeting("914083136", &["p1", "p2"]);
    let meeting = HuaweiMeeting::builder("914083136", HUAWEI_HOST_PASSWORD)
        .base_url(fake.uri())
        .build()
        .unwrap();
    let id = meeting.conference_id();
    use conference_control::huawei_meeting::types::{
        LockViewRequest, RenameParticipantRequest, SetRoleRequest,
    };

    meeting
        .call(|c| async move { c.roll_call_participant(id, "p1").await })
        .await
        .unwrap();
    meeting
        .call(|c| async move {
            let body = SetRoleRequest {
                apply_chair: 1,
                chairman_pwd: None,
            };
            c.set_participant_role(id, "p2", &body).await
        })
        .await
        .unwrap();
    meeting
        .call(|c| async move {
            let body = RenameParticipantRequest {
                participant_id: Some("p1".into()),
                number: "p1".into(),
                new_name: "Ada".into(),
            };
            c.rename_participant(id, &body).await
        })
        .await
        .unwrap();
    meeting
        .call(|c| async move {
            let body = LockViewRequest {
                status: 1,
                participant_id: "p2".into(),
            };
            c.lock_view(id, "p2", &body).await
        })
        .await
        .unwrap();
    let state = fake.meeting("914083136").unwrap();
    assert_eq!(state.floor.as_deref(), Some("p1"));
    assert!(state.participants["p2"].host);
    assert_eq!(state.participants["p1"].name, "Ada");
    assert_eq!(state.locked_view.as_deref(), Some("p2"));

    meeting
        .call(|c| async move { c.stop_meeting(id).await })
        .await
        .unwrap();
    assert!(fake.meeting("914083136").unwrap().ended);
    let after = meeting.mute("p1", true).await.unwrap_err();
    let body = after.call_error().and_then(|e| e.error_body());
    assert!(format!("{body:?}").contains("MMC.111070005"), "{after:?}");
}

#[tokio::test]
async fn the_vobiz_fake_answers_speak_retrieve_and_hang_up_all() {
    use conference_control::vobiz::types::{ConferenceRetrieval, SpeakMemberRequest};
    let fake = FakeProviders::start().await;
    fake.add_conference("A", &["1"]);
    fake.add_conference("B", &["2"]);
    let client = vobiz_client(&fake);
    let speak = SpeakMemberRequest {
        text: "Five minutes left.".into(),
        voice: None,
        language: None,
    };

    let spoken = client.speak_member("A", "1", &speak).await.unwrap();
    assert_eq!(spoken.status(), 202);
    let member = fake.conference("A").unwrap().members["1"].clone();
    assert_eq!(member.speaking.as_deref(), Some("Five minutes left."));
    client.stop_speak_member("A", "1").await.unwrap();
    assert!(
        fake.conference("A").unwrap().members["1"]
            .speaking
            .is_none()
    );

    let ConferenceRetrieval::Conference(room) =
        client.get_conference("A").await.unwrap().into_body()
    else {
        panic!("expected the conference")
    };
    assert_eq!(
        (room.conference_member_count.as_str(), room.members.len()),
        ("1", 1)
    );

    client.delete_all_conferences().await.unwrap();
    assert!(fake.conference("A").is_none() && fake.conference("B").is_none());
    let missing = client.get_conference("A").await.unwrap_err();
    assert_eq!(missing.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn the_huawei_fake_answers_invitations_removals_and_settings() {
    use conference_control::huawei_meeting::types::{
        AllowUnmuteRequest, Attendee, AttendeeType, BulkDelAttendRequest, DelAttendInfo,
        InviteRequest, UpdateStartedConfConfigRequest, VideoInviteRequest,
    };
    let fake = FakeProviders::start().await;
    fake.add_meeting("914083136", &["p1"]);
    let meeting = HuaweiMeeting::builder("914083136", HUAWEI_HOST_PASSWORD)
        .base_url(fake.uri())
        .build()
        .unwrap();
    let id = meeting.conference_id();
    let invite = &InviteRequest {
        attendees: vec![Attendee {
            user_uuid: None,
            account_id: None,
            name: "Li Ming".into(),
            role: None,
            phone: "+8613800000000".into(),
            phone2: None,
            phone3: None,
            email: None,
            sms: None,
            r#type: AttendeeType::Mobile,
            dept_uuid: None,
            dept_name: None,
        }],
    };
    let settings = &UpdateStartedConfConfigRequest {
        lock_sharing: Some(1),
        call_in_restriction: None,
        allow_unmute_by_oneself: None,
        chat_permission: None,
        audience_call_in_restriction: None,
        client_rec_mode: None,
        allow_open_camera: None,
        allow_rename: None,
        is_lock: None,
        free_share: None,
    };

    meeting
        .call(|c| async move { c.invite_participants(id, invite).await })
        .await
        .unwrap();
    meeting
        .call(|c| async move {
            c.invite_participant_video(id, "p1", &VideoInviteRequest { status: 1 })
                .await
        })
        .await
        .unwrap();
    meeting
        .call(|c| async move { c.update_started_conference_config(id, settings).await })
        .await
        .unwrap();
    meeting
        .call(|c| async move {
            c.allow_guest_unmute(
                id,
                &AllowUnmuteRequest {
                    allow_unmute_by_oneself: 0,
                },
            )
            .await
        })
        .await
        .unwrap();
    let ws = meeting
        .call(|c| async move { c.create_websocket_token(id).await })
        .await
        .unwrap();
    assert_eq!(ws.web_socket_token, "fake-ws-token");
    let state = fake.meeting("914083136").unwrap();
    assert_eq!(state.participants["+8613800000000"].name, "Li Ming");
    assert!(state.participants["p1"].video && !state.self_unmute_allowed);
    assert_eq!(state.settings["lockSharing"], 1);

    let remove = &BulkDelAttendRequest {
        bulk_del_attend_info: vec![DelAttendInfo {
            number: "+8613800000000".into(),
            participant_id: None,
        }],
    };
    meeting
        .call(|c| async move { c.remove_attendees(id, remove).await })
        .await
        .unwrap();
    let state = fake.meeting("914083136").unwrap();
    assert!(!state.attendees.contains("+8613800000000"));
    assert_eq!(state.participants.keys().collect::<Vec<_>>(), ["p1"]);
    assert_eq!(fake.tokens_issued(), 1);
}
