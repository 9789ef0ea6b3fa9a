//! Form-encoded request bodies, byte for byte, in the two shapes real APIs use: Twilio's flat
//! fields with repeated keys for lists, and Stripe's `deepObject` brackets.

use crate::form::form_body;
use serde_json::json;

fn encoded(body: serde_json::Value, deep_object: &[&str]) -> String {
    let bytes = form_body::<_, ()>(&body, deep_object).unwrap();
    String::from_utf8(bytes).unwrap()
}

#[test]
fn twilio_style_fields_repeat_for_lists_and_leave_out_absent_values() {
    let body = json!({
        "To": "+15558675310",
        "StatusCallbackEvent": ["initiated", "ringing"],
        "Timeout": 30,
        "Record": true,
        "Url": null,
        "Twiml": "<Response><Say>Bye & thanks</Say></Response>",
    });
    assert_eq!(
        encoded(body, &[]),
        "To=%2B15558675310&StatusCallbackEvent=initiated&StatusCallbackEvent=ringing\
         &Timeout=30&Record=true&Twiml=%3CResponse%3E%3CSay%3EBye+%26+thanks%3C%2FSay%3E%3C%2FResponse%3E"
    );
}

#[test]
fn stripe_style_deep_objects_nest_in_brackets() {
    let body = json!({
        "customer": "cus_123",
        "metadata": {"order_id": "6735"},
        "items": [{"price": "price_1", "quantity": 2}],
        "expand": ["customer"],
    });
    assert_eq!(
        encoded(body, &["metadata", "items", "expand"]),
        "customer=cus_123&metadata%5Border_id%5D=6735&items%5B0%5D%5Bprice%5D=price_1\
         &items%5B0%5D%5Bquantity%5D=2&expand%5B0%5D=customer"
    );
}

#[test]
fn a_body_that_is_not_an_object_is_refused_before_sending() {
    let error = form_body::<_, ()>(&json!(["a"]), &[]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid request: a form-encoded body must be an object"
    );
}
