//! `application/x-www-form-urlencoded` request bodies, for APIs whose spec sends them.

use super::{Error, body_value, deep_fields, scalar_text};

/// Encodes a body as `application/x-www-form-urlencoded` fields, the way form-encoded APIs
/// (Twilio, Stripe) read them: a scalar is one field; a list repeats its field (`To=a&To=b`);
/// an object is flattened into its properties, or written as `name[key]=value` (nested, and
/// lists as `name[0][key]=value`) when the spec gives the property `style: deepObject`.
/// Absent (`null`) values are left out.
#[doc(hidden)]
pub fn form_body<T: serde::Serialize + ?Sized, E>(
    body: &T,
    deep_object: &[&str],
) -> Result<Vec<u8>, Error<E>> {
    let value = body_value(body)?;
    let serde_json::Value::Object(fields) = value else {
        return Err(Error::InvalidRequest(
            "a form-encoded body must be an object".to_owned(),
        ));
    };
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (name, value) in &fields {
        if deep_object.contains(&name.as_str()) {
            deep_fields(
                &mut |name, text| {
                    form.append_pair(name, text);
                },
                name,
                value,
            );
        } else {
            match value {
                serde_json::Value::Object(properties) => {
                    for (property, value) in properties {
                        flat_field(&mut form, property, value);
                    }
                }
                value => flat_field(&mut form, name, value),
            }
        }
    }
    Ok(form.finish().into_bytes())
}

type Form = form_urlencoded::Serializer<'static, String>;

/// `name=value`, a list as the field repeated.
fn flat_field(form: &mut Form, name: &str, value: &serde_json::Value) {
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::Array(items) => {
            for item in items {
                flat_field(form, name, item);
            }
        }
        scalar => {
            form.append_pair(name, &scalar_text(scalar));
        }
    }
}
