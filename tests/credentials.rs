//! How each kind of credential goes on the wire, checked against the RFCs' own examples.

use conference_control::runtime::{PreparedCredential, Secret};
use reqwest::header::HeaderMap;

fn headers_of(credential: &PreparedCredential) -> HeaderMap {
    let mut url = reqwest::Url::parse("https://api.example.com/v1").unwrap();
    let mut headers = HeaderMap::new();
    credential.apply(&mut url, &mut headers);
    assert_eq!(url.query(), None);
    headers
}

#[test]
fn basic_authentication_encodes_username_and_password_as_rfc_7617_shows() {
    let credential = PreparedCredential::basic(&Secret::new("Aladdin:open sesame")).unwrap();
    let headers = headers_of(&credential);
    let value = &headers["authorization"];
    assert_eq!(value, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    assert!(value.is_sensitive());
    assert!(!format!("{credential:?}").contains("QWxhZGRpbjpvcGVuIHNlc2FtZQ"));
}

#[test]
fn bearer_tokens_are_sent_as_rfc_6750_shows() {
    let credential = PreparedCredential::bearer(&Secret::new("mF_9.B5f-4.1JqM")).unwrap();
    assert_eq!(
        headers_of(&credential)["authorization"],
        "Bearer mF_9.B5f-4.1JqM"
    );
}
