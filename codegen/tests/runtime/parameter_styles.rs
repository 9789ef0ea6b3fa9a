//! Parameter styles, checked against the examples of the OpenAPI 3.0.3 specification
//! ("Style Examples": `color` as a list and as an object).

use crate::runtime::{Style, append_query, param_text};
use serde_json::{Value, json};

fn query(value: Value, style: Style) -> String {
    let mut url = reqwest::Url::parse("https://api.example.com/v1").unwrap();
    append_query::<_, ()>(&mut url, "color", &value, style).unwrap();
    url.query().unwrap_or_default().to_owned()
}

fn list() -> Value {
    json!(["blue", "black", "brown"])
}

fn object() -> Value {
    // The specification's `R, G, B` written in sorted order, so that the expectations hold
    // whether or not serde_json keeps insertion order.
    json!({"B": 150, "G": 200, "R": 100})
}

#[test]
fn form_style_repeats_lists_and_spreads_objects_when_exploded() {
    assert_eq!(
        query(list(), Style::Form),
        "color=blue&color=black&color=brown"
    );
    assert_eq!(query(object(), Style::Form), "B=150&G=200&R=100");
    assert_eq!(
        query(list(), Style::FormUnexploded),
        "color=blue%2Cblack%2Cbrown"
    );
    assert_eq!(
        query(object(), Style::FormUnexploded),
        "color=B%2C150%2CG%2C200%2CR%2C100"
    );
}

#[test]
fn delimited_styles_join_lists() {
    assert_eq!(
        query(list(), Style::PipeDelimited),
        "color=blue%7Cblack%7Cbrown"
    );
    assert_eq!(
        query(list(), Style::SpaceDelimited),
        "color=blue+black+brown"
    );
}

#[test]
fn deep_object_style_nests_in_brackets_as_stripe_filters_do() {
    assert_eq!(
        query(object(), Style::DeepObject),
        "color%5BB%5D=150&color%5BG%5D=200&color%5BR%5D=100"
    );
    // Stripe's `created` filter: a range object, or a plain timestamp.
    assert_eq!(
        query(
            json!({"gte": 1700000000, "lt": 1800000000}),
            Style::DeepObject
        ),
        "color%5Bgte%5D=1700000000&color%5Blt%5D=1800000000"
    );
    assert_eq!(
        query(json!(1700000000), Style::DeepObject),
        "color=1700000000"
    );
}

#[test]
fn absent_values_and_null_items_are_left_out() {
    assert_eq!(query(Value::Null, Style::Form), "");
    assert_eq!(
        query(json!(["a", null, "b"]), Style::Form),
        "color=a&color=b"
    );
}

#[test]
fn simple_style_joins_with_commas_for_paths_and_headers() {
    let text = |value: Value, style| param_text::<_, ()>("color", &value, style).unwrap();
    assert_eq!(text(list(), Style::Simple), "blue,black,brown");
    assert_eq!(text(object(), Style::Simple), "B,150,G,200,R,100");
    assert_eq!(text(object(), Style::SimpleExploded), "B=150,G=200,R=100");
    assert_eq!(text(json!(5), Style::Simple), "5");
}
