//! Removes and mutes people in a live room through one trait, against the bundled local fakes
//! of both providers: no credentials, no network beyond loopback.
//!
//! Run with `cargo run --example demo` (both providers in turn), or choose one by
//! configuration only: `cargo run --example demo -- vobiz` or `CONFERENCE_PROVIDER=huawei
//! cargo run --example demo`. The code that acts on the room does not know which it got.

use conference_control::{
    ConferenceRoom, HuaweiMeeting, HuaweiRoom, MemberSelector, VobizMembers, VobizRoom, vobiz,
};
use fake_providers::{FakeProviders, HUAWEI_HOST_PASSWORD, VOBIZ_AUTH_ID, VOBIZ_AUTH_TOKEN};

/// What a user would keep in a configuration file: which provider, and its settings.
enum RoomConfig {
    Vobiz {
        auth_id: String,
        auth_token: String,
        conference_name: String,
    },
    Huawei {
        conference_id: String,
        host_password: String,
    },
}

impl RoomConfig {
    /// The settings for `provider`, pointing at the fakes.
    fn for_fake(provider: &str) -> Result<Self, String> {
        match provider {
            "vobiz" => Ok(Self::Vobiz {
                auth_id: VOBIZ_AUTH_ID.into(),
                auth_token: VOBIZ_AUTH_TOKEN.into(),
                conference_name: "Team Standup".into(),
            }),
            "huawei" => Ok(Self::Huawei {
                conference_id: "914083136".into(),
                host_password: HUAWEI_HOST_PASSWORD.into(),
            }),
            other => Err(format!(
                "unknown provider `{other}`: use `vobiz` or `huawei`"
            )),
        }
    }

    /// The room the configuration names, behind the one trait.
    fn connect(
        self,
        base_url: &str,
    ) -> Result<Box<dyn ConferenceRoom>, Box<dyn std::error::Error>> {
        Ok(match self {
            Self::Vobiz {
                auth_id,
                auth_token,
                conference_name,
            } => {
                let credentials = vobiz::Credentials::new(auth_id.as_str(), auth_token);
                let client = vobiz::Client::builder(auth_id, credentials)
                    .base_url(base_url)
                    .build()?;
                Box::new(VobizRoom::new(client, conference_name))
            }
            Self::Huawei {
                conference_id,
                host_password,
            } => {
                let meeting = HuaweiMeeting::builder(conference_id, host_password)
                    .base_url(base_url)
                    .build()?;
                Box::new(HuaweiRoom::new(meeting))
            }
        })
    }
}

/// The provider-independent part: what a user's code does with a room.
async fn tidy_up(
    room: &dyn ConferenceRoom,
    ids: [&str; 3],
) -> Result<(), Box<dyn std::error::Error>> {
    let provider = room.provider();
    room.set_muted(&MemberSelector::many([ids[0], ids[1]])?, true)
        .await?;
    println!("{provider}: muted {} and {}", ids[0], ids[1]);
    room.remove(&MemberSelector::one(ids[2])?).await?;
    println!("{provider}: removed {}", ids[2]);
    match room.participants().await {
        Ok(participants) => println!("{provider}: still there: {participants:?}"),
        Err(error) => println!("{provider}: cannot list participants: {error}"),
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = FakeProviders::start().await;
    println!("fake providers listening on {}", fake.uri());
    fake.add_conference("Team Standup", &["10", "15", "22", "31"]);
    fake.add_meeting(
        "914083136",
        &["ba9acb1e216d11eabc5165c2b91ad427", "c0ffee", "d00d"],
    );

    let chosen = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("CONFERENCE_PROVIDER").ok());
    let providers = match &chosen {
        Some(provider) => vec![provider.as_str()],
        None => vec!["vobiz", "huawei"],
    };
    for provider in providers {
        let room = RoomConfig::for_fake(provider)?.connect(&fake.uri())?;
        let ids = match provider {
            "vobiz" => ["10", "15", "22"],
            _ => ["c0ffee", "d00d", "ba9acb1e216d11eabc5165c2b91ad427"],
        };
        tidy_up(room.as_ref(), ids).await?;
    }
    println!(
        "huawei: control tokens fetched: {} (shared by every call)",
        fake.tokens_issued()
    );

    // A documented error, kept whole inside the one error type.
    let missing = RoomConfig::Vobiz {
        auth_id: VOBIZ_AUTH_ID.into(),
        auth_token: VOBIZ_AUTH_TOKEN.into(),
        conference_name: "No Such Room".into(),
    }
    .connect(&fake.uri())?;
    if let Err(error) = missing.remove(&MemberSelector::all()).await {
        println!("vobiz: removing everyone from a missing room -> {error}");
    }

    // The provider-specific facade stays available: Vobiz's kick normalises the member ids.
    let vobiz = vobiz::Client::builder(
        VOBIZ_AUTH_ID,
        vobiz::Credentials::new(VOBIZ_AUTH_ID, VOBIZ_AUTH_TOKEN),
    )
    .base_url(fake.uri())
    .build()?;
    let kicked = vobiz.kick("Team Standup", &MemberSelector::all()).await?;
    println!(
        "vobiz: kick all -> HTTP {}, member ids {:?}; left: {:?}",
        kicked.status(),
        kicked.member_ids,
        fake.conference_members("Team Standup").unwrap_or_default()
    );
    Ok(())
}
