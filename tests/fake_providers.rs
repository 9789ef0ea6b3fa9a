//! The facade end to end against the bundled fake providers (what `cargo run --example demo`
//! shows), checking the effect on the fakes' state.

use conference_control::huawei_meeting::DisconnectParticipantsError;
use conference_control::vobiz::UnauthorizedOrNotFoundError;
use conference_control::{HuaweiParticipants, MemberSelector, VobizMembers, huawei_meeting, vobiz};
use fake_providers::{FakeProviders, HUAWEI_CONFERENCE_TOKEN, VOBIZ_AUTH_ID, VOBIZ_AUTH_TOKEN};

#[tokio::test]
async fn vobiz_members_are_hung_up_and_kicked() {
    let fake = FakeProviders::start().await;
    fake.add_conference("Team Standup", &["10", "15", "22", "31"]);
    let client = vobiz::Client::builder(
        VOBIZ_AUTH_ID,
        vobiz::Credentials::new(VOBIZ_AUTH_ID, VOBIZ_AUTH_TOKEN),
    )
    .base_url(fake.uri())
    .build()
    .unwrap();

    client
        .hang_up("Team Standup", &MemberSelector::one("10").unwrap())
        .await
        .unwrap();
    assert_eq!(
        fake.conference_members("Team Standup").unwrap(),
        ["15", "22", "31"]
    );

    let kicked = client
        .kick("Team Standup", &MemberSelector::many(["15", "22"]).unwrap())
        .await
        .unwrap();
    assert_eq!(
        (kicked.status().as_u16(), kicked.member_ids.clone()),
        (202, vec!["15".to_owned(), "22".to_owned()])
    );

    let all = client
        .kick("Team Standup", &MemberSelector::all())
        .await
        .unwrap();
    assert_eq!(all.member_ids, ["all"]);
    assert_eq!(
        fake.conference_members("Team Standup").unwrap(),
        Vec::<String>::new()
    );

    let error = client
        .hang_up("No Such Room", &MemberSelector::one("10").unwrap())
        .await
        .unwrap_err();
    assert!(
        matches!(error.error_body(), Some(UnauthorizedOrNotFoundError::NotFound(body)) if body.error == "conference not found")
    );
}

#[tokio::test]
async fn wrong_vobiz_credentials_are_unauthorized() {
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

    assert!(
        matches!(
            error.error_body(),
            Some(UnauthorizedOrNotFoundError::Unauthorized(_))
        ),
        "{error:?}"
    );
    assert_eq!(fake.conference_members("Room").unwrap(), ["1"]);
}

#[tokio::test]
async fn huawei_participants_are_disconnected() {
    let fake = FakeProviders::start().await;
    fake.add_meeting("914083136", &["a", "b"]);
    let client =
        huawei_meeting::Client::builder(huawei_meeting::Credentials::new(HUAWEI_CONFERENCE_TOKEN))
            .base_url(fake.uri())
            .build()
            .unwrap();

    let response = client.disconnect("914083136", ["a"]).await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.header("X-Request-Id").is_some());
    assert_eq!(fake.meeting_participants("914083136").unwrap(), ["b"]);

    let error = client.disconnect("1", ["b"]).await.unwrap_err();
    assert!(
        matches!(error.error_body(), Some(DisconnectParticipantsError::BadRequest(body)) if body.error_code == "MMC.111070005"),
        "{error:?}"
    );
}
