//! `date-time` and `date` values, for APIs whose spec has them.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::formats::Format;

impl Format for DateTime<Utc> {
    /// RFC 3339 (`2024-01-02T03:04:05Z`, a space for the `T` too), as the spec says, or
    /// RFC 2822 (`Tue, 02 Jan 2024 03:04:05 +0000`), as some servers write it.
    fn read(text: &str) -> Result<Self, String> {
        text.parse::<DateTime<FixedOffset>>()
            .or_else(|_| DateTime::parse_from_rfc2822(text))
            .map(|instant| instant.with_timezone(&Utc))
            .map_err(|_| "not an RFC 3339 or RFC 2822 date-time".to_owned())
    }
}

impl Format for NaiveDate {
    /// `2024-01-02`.
    fn read(text: &str) -> Result<Self, String> {
        text.parse()
            .map_err(|_| "not a `YYYY-MM-DD` date".to_owned())
    }
}
