//! What a spec-driven mock says is wrong with a request, read from the header it says it in.
//! Copied as it is into crates generated with operation tests.

/// The header in which a spec-driven mock lists what is wrong with a request.
pub const VIOLATIONS: &str = "sl-violations";

/// The violations the mock found in the request, if any. It lists those of its own response
/// too (a generated value that misses its schema): those are the mock's, not the client's.
pub fn of_the_request(violations: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(violations);
    let Some(all) = listed(&text) else {
        return Some(text.into_owned());
    };
    let of_request: Vec<serde_json::Value> = all
        .into_iter()
        .filter(|violation| {
            violation.pointer("/location/0").and_then(|l| l.as_str()) != Some("response")
        })
        .collect();
    (!of_request.is_empty()).then(|| serde_json::Value::from(of_request).to_string())
}

/// The violations in the header's JSON array. A long list comes cut short (behind "Too many
/// violations! ", at about 8 KB): then the entries read in full are kept. None are lost
/// that matter, because the mock lists the request's violations before its response's.
fn listed(text: &str) -> Option<Vec<serde_json::Value>> {
    let Some(cut) = text.strip_prefix("Too many violations! ") else {
        return serde_json::from_str(text).ok();
    };
    let mut rest = cut.strip_prefix('[')?;
    let mut entries = Vec::new();
    loop {
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<serde_json::Value>();
        let Some(Ok(entry)) = stream.next() else {
            break;
        };
        entries.push(entry);
        rest = rest[stream.byte_offset()..].trim_start_matches([',', ' ']);
    }
    (!entries.is_empty()).then_some(entries)
}
