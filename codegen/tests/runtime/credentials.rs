//! How each kind of credential goes on the wire, checked against the RFCs' own examples.

use crate::runtime::{HeldCredential, PreparedCredential, Secret, apply_credentials};
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

/// Two alternatives, as Stripe writes them: basic authentication or a bearer token.
fn stripe_like(basic: Option<&str>, bearer: Option<&str>) -> Vec<HeldCredential> {
    let basic = basic.map(Secret::new);
    let bearer = bearer.map(Secret::new);
    vec![
        HeldCredential::new("basicAuth", basic.as_ref(), PreparedCredential::basic).unwrap(),
        HeldCredential::new("bearerAuth", bearer.as_ref(), PreparedCredential::bearer).unwrap(),
    ]
}

fn apply(held: &[HeldCredential], alternatives: &[&[usize]]) -> Result<HeaderMap, String> {
    let mut url = reqwest::Url::parse("https://api.example.com/v1").unwrap();
    let mut headers = HeaderMap::new();
    apply_credentials::<()>(held, alternatives, &mut url, &mut headers)
        .map_err(|e| e.to_string())?;
    Ok(headers)
}

#[test]
fn the_first_alternative_the_client_holds_in_full_is_sent() {
    let both = stripe_like(Some("sk_test:"), Some("sk_test"));
    assert_eq!(
        apply(&both, &[&[0], &[1]]).unwrap()["authorization"],
        "Basic c2tfdGVzdDo="
    );
    let bearer_only = stripe_like(None, Some("sk_test"));
    let headers = apply(&bearer_only, &[&[0], &[1]]).unwrap();
    assert_eq!(headers["authorization"], "Bearer sk_test");
    assert_eq!(headers.len(), 1);
}

#[test]
fn an_operation_whose_credentials_the_client_lacks_fails_before_sending() {
    let none = stripe_like(None, None);
    assert_eq!(
        apply(&none, &[&[0], &[1]]).unwrap_err(),
        "invalid request: the operation needs credentials the client was built without: give \
         `basicAuth`, or `bearerAuth` in `Credentials`"
    );
    // An empty alternative lets the operation go without credentials...
    assert!(apply(&none, &[&[1], &[]]).unwrap().is_empty());
    // ...but only when no other alternative can be sent.
    let bearer_only = stripe_like(None, Some("t"));
    assert_eq!(
        apply(&bearer_only, &[&[], &[1]]).unwrap()["authorization"],
        "Bearer t"
    );
}
