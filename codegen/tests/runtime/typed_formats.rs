//! Typed formats and the three states of a request's nullable property, on the wire.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use crate::base64_bytes::Base64;
use crate::runtime::formats::{self, Format};
use crate::runtime::{Nullable, UnparsedValue};

#[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
struct Record {
    #[serde(deserialize_with = "formats::required")]
    created: DateTime<Utc>,
    #[serde(default, deserialize_with = "formats::optional")]
    updated: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "formats::optional")]
    id: Option<uuid::Uuid>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    note: Nullable<String>,
}

fn decode(value: serde_json::Value) -> (Result<Record, String>, Vec<UnparsedValue>) {
    let (record, unparsed) =
        formats::collecting(|| serde_json::from_value::<Record>(value).map_err(|e| e.to_string()));
    (record, unparsed)
}

#[test]
fn a_date_time_reads_in_rfc_3339_and_rfc_2822() {
    let instant = |text: &str| DateTime::<Utc>::read(text).map(|t| t.to_rfc3339());
    let expected = Ok("2010-08-18T20:01:40+00:00".to_owned());
    assert_eq!(instant("2010-08-18T20:01:40Z"), expected);
    assert_eq!(instant("2010-08-18T22:01:40+02:00"), expected);
    assert_eq!(instant("2010-08-18 20:01:40Z"), expected);
    assert_eq!(instant("Wed, 18 Aug 2010 20:01:40 +0000"), expected);
    assert!(
        instant("2010-08-18T20:01:40").is_err(),
        "no offset: which instant?"
    );
    assert_eq!(
        NaiveDate::read("2024-01-02"),
        Ok(NaiveDate::from_ymd_opt(2024, 1, 2).unwrap())
    );
}

/// A required `uuid`, `date` or `byte` field is read by its type's own `Deserialize`, not
/// through `formats::required` (each `deserialize_with` costs generated code): that reading
/// must accept every spelling the format's does.
#[test]
fn the_types_own_readings_accept_every_spelling_their_format_reads() {
    fn same<T: Format + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(text: &str) {
        let own = serde_json::from_value::<T>(json!(text)).map_err(|e| e.to_string());
        assert_eq!(own.ok(), T::read(text).ok(), "{text}");
    }
    for text in [
        "4c1dd7b8-0d76-4e8c-9a8a-38d4c6a9f3bd",
        "4c1dd7b80d764e8c9a8a38d4c6a9f3bd",
        "{4c1dd7b8-0d76-4e8c-9a8a-38d4c6a9f3bd}",
        "urn:uuid:4c1dd7b8-0d76-4e8c-9a8a-38d4c6a9f3bd",
        "4C1DD7B8-0D76-4E8C-9A8A-38D4C6A9F3BD",
        "not-a-uuid",
    ] {
        same::<uuid::Uuid>(text);
    }
    for text in ["2024-01-02", "2024-1-2", "2024-02-30", "02/01/2024"] {
        same::<NaiveDate>(text);
    }
    for text in ["+/8=", "+/8", "-_8=", "-_8", "not base64!"] {
        same::<Base64>(text);
    }
}

#[test]
fn base64_reads_both_alphabets_with_or_without_padding_and_writes_the_standard_one() {
    for text in ["+/8=", "+/8", "-_8=", "-_8"] {
        assert_eq!(Base64::read(text), Ok(Base64(vec![0xfb, 0xff])), "{text}");
    }
    assert_eq!(
        serde_json::to_value(Base64(vec![0xfb, 0xff])).unwrap(),
        json!("+/8=")
    );
    assert!(Base64::read("not base64!").is_err());
}

#[test]
fn an_odd_value_of_an_optional_field_is_set_aside_and_of_a_required_one_fails() {
    let (record, unparsed) = decode(json!({
        "created": "2024-01-02T03:04:05Z", "updated": "yesterday", "id": "not-a-uuid",
    }));
    let record = record.unwrap();
    assert_eq!((record.updated, record.id), (None, None));
    let values: Vec<&serde_json::Value> = unparsed.iter().map(|u| &u.value).collect();
    assert_eq!(values, [&json!("yesterday"), &json!("not-a-uuid")]);

    let (record, _) = decode(json!({"created": 1700000000}));
    let error = record.unwrap_err();
    assert!(error.contains("1700000000: expected a string"), "{error}");
    // Outside a decoding that collects, nothing is kept (and nothing fails).
    let record: Record =
        serde_json::from_value(json!({"created": "2024-01-02T03:04:05Z", "updated": 5})).unwrap();
    assert_eq!(record.updated, None);
}

#[test]
fn a_nullable_property_is_left_out_written_as_null_or_written_with_its_value() {
    let created = DateTime::<Utc>::read("2024-01-02T03:04:05Z").unwrap();
    let written = |note: Nullable<String>| {
        let record = Record {
            created,
            updated: None,
            id: None,
            note,
        };
        serde_json::to_value(record).unwrap()["note"].clone()
    };
    let record = Record {
        created,
        updated: None,
        id: None,
        note: Nullable::Absent,
    };
    assert!(serde_json::to_value(record).unwrap().get("note").is_none());
    assert_eq!(written(Nullable::Null), json!(null));
    assert_eq!(written("hi".to_owned().into()), json!("hi"));
    // Read back: absent, null and a value.
    let read = |value| decode(value).0.unwrap().note;
    assert_eq!(
        read(json!({"created": "2024-01-02T03:04:05Z"})),
        Nullable::Absent
    );
    assert_eq!(
        read(json!({"created": "2024-01-02T03:04:05Z", "note": null})),
        Nullable::Null
    );
    assert_eq!(
        read(json!({"created": "2024-01-02T03:04:05Z", "note": "hi"})).value(),
        Some(&"hi".to_owned())
    );
}
