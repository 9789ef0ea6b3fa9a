//! Removes people from a Vobiz conference and a Huawei meeting, against the bundled local fake
//! of both providers: no credentials, no network beyond loopback.
//!
//! Run with `cargo run --example demo`.

use std::time::Duration;

use conference_control::{HuaweiParticipants, MemberSelector, VobizMembers, huawei_meeting, vobiz};
use fake_providers::{FakeProviders, HUAWEI_CONFERENCE_TOKEN, VOBIZ_AUTH_ID, VOBIZ_AUTH_TOKEN};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = FakeProviders::start().await;
    println!("fake providers listening on {}", fake.uri());
    fake.add_conference("Team Standup", &["10", "15", "22", "31"]);
    fake.add_meeting("914083136", &["ba9acb1e216d11eabc5165c2b91ad427", "c0ffee"]);

    let vobiz = vobiz::Client::builder(
        VOBIZ_AUTH_ID,
        vobiz::Credentials::new(VOBIZ_AUTH_ID, VOBIZ_AUTH_TOKEN),
    )
    .base_url(fake.uri())
    .build()?;

    let hung_up = vobiz
        .hang_up("Team Standup", &MemberSelector::one("10")?)
        .await?;
    println!("vobiz: hang up member 10 -> HTTP {}", hung_up.status());

    let kicked = vobiz
        .kick("Team Standup", &MemberSelector::many(["15", "22"])?)
        .await?;
    println!(
        "vobiz: kick members 15,22 -> HTTP {}, message {:?}, member ids {:?}",
        kicked.status(),
        kicked.message,
        kicked.member_ids
    );

    // The generated call the facade is built on: required arguments in order, the call's own
    // options by name, sent when awaited.
    let hung_up = vobiz
        .hangup_member("Team Standup", "31")
        .with_options(|o| o.timeout(Duration::from_secs(5)))
        .await?;
    println!(
        "vobiz: hang up member 31 (the generated call) -> HTTP {}",
        hung_up.status()
    );

    let everyone = vobiz.kick("Team Standup", &MemberSelector::all()).await?;
    println!(
        "vobiz: kick all -> HTTP {}, member ids {:?}",
        everyone.status(),
        everyone.member_ids
    );
    println!(
        "vobiz: members left in 'Team Standup': {:?}",
        fake.conference_members("Team Standup").unwrap_or_default()
    );

    match vobiz
        .hang_up("No Such Room", &MemberSelector::one("10")?)
        .await
    {
        Err(error) => println!(
            "vobiz: hang up in a missing conference -> {error}: {:?}",
            error.error_body()
        ),
        Ok(_) => println!("vobiz: unexpected success for a missing conference"),
    }

    let huawei =
        huawei_meeting::Client::builder(huawei_meeting::Credentials::new(HUAWEI_CONFERENCE_TOKEN))
            .base_url(fake.uri())
            .build()?;
    let disconnected = huawei
        .disconnect("914083136", ["ba9acb1e216d11eabc5165c2b91ad427"])
        .await?;
    println!(
        "huawei: disconnect 1 participant -> HTTP {} (request id {})",
        disconnected.status(),
        disconnected.header("X-Request-Id").unwrap_or("-")
    );
    println!(
        "huawei: participants left in 914083136: {:?}",
        fake.meeting_participants("914083136").unwrap_or_default()
    );

    match huawei.disconnect("000000000", ["c0ffee"]).await {
        Err(error) => println!(
            "huawei: disconnect in an unknown meeting -> {error}: {:?}",
            error.error_body()
        ),
        Ok(_) => println!("huawei: unexpected success for an unknown meeting"),
    }
    Ok(())
}
