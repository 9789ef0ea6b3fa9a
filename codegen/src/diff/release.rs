//! The version and changelog a regeneration gives the crate: the previous ones, moved on by
//! what the regeneration changes for users (semver: a breaking change is a major bump, any
//! other a minor one; below 1.0 a minor and a patch bump).

use semver::Version;

use super::compare::Impact;
use super::diff;
use super::surface::Surface;

/// The version of a crate generated with no record of a previous generation.
pub const FIRST_VERSION: &str = "0.1.0";

/// The changelog's file name, at the root of the generated crate.
pub const CHANGELOG_FILE: &str = "CHANGELOG.md";

/// What the crate was last generated as, read from its folder.
#[derive(Clone, Debug, Default)]
pub struct Previous {
    /// Its version.
    pub version: String,
    /// Its APIs.
    pub apis: Vec<Surface>,
    /// Its changelog, if it has one.
    pub changelog: Option<String>,
}

/// The version and changelog of a generation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Release {
    /// The crate's version.
    pub version: String,
    /// The changelog's text.
    pub changelog: String,
}

/// The release of crate `name` generated with `now`, after `previous`. With `bump`, a change
/// users see moves the version on; without, the version stays and the entry is headed
/// "Unreleased".
pub fn release(name: &str, previous: Option<&Previous>, now: &[Surface], bump: bool) -> Release {
    let Some(previous) = previous else {
        let entry = format!(
            "## {FIRST_VERSION}\n\nThe first generation with a record of its API: later \
             entries say what each regeneration changed.\n"
        );
        return Release {
            version: FIRST_VERSION.to_owned(),
            changelog: with_entry(&header(name), &entry),
        };
    };
    let report = diff(&previous.apis, now);
    let changelog = previous.changelog.clone().unwrap_or_else(|| header(name));
    let Some(worst) = report.worst() else {
        return Release {
            version: previous.version.clone(),
            changelog,
        };
    };
    let version = match bump {
        true => bumped(&previous.version, worst),
        false => previous.version.clone(),
    };
    let heading = match bump {
        true => version.clone(),
        false => "Unreleased".to_owned(),
    };
    // The entry names spec text (paths, pointers): a hidden character is shown as its escape.
    let entry = report.changelog(&heading);
    Release {
        changelog: with_entry(&changelog, &crate::visible::escape(&entry)),
        version,
    }
}

fn header(name: &str) -> String {
    format!(
        "# Changelog of `{name}`\n\nWritten by the generator from what each regeneration \
         changed in the generated API, newest first (`cargo codegen diff` shows the same before \
         you regenerate).\n"
    )
}

/// The changelog with `entry` before its newest entry.
fn with_entry(changelog: &str, entry: &str) -> String {
    match changelog.find("\n## ") {
        Some(at) => format!("{}{entry}{}", &changelog[..=at], &changelog[at..]),
        None => format!(
            "{}\n{entry}",
            changelog.trim_end_matches('\n').to_owned() + "\n"
        ),
    }
}

/// `version` moved on by a change of this impact; an unreadable version starts again at the
/// first.
fn bumped(version: &str, worst: Impact) -> String {
    let Ok(mut version) = Version::parse(version) else {
        return FIRST_VERSION.to_owned();
    };
    let breaking = matches!(worst, Impact::BreaksCallers | Impact::BreaksDecoding);
    match (version.major, breaking) {
        (0, true) => {
            version.minor += 1;
            version.patch = 0;
        }
        (0, false) => version.patch += 1,
        (_, true) => {
            version.major += 1;
            version.minor = 0;
            version.patch = 0;
        }
        (_, false) => {
            version.minor += 1;
            version.patch = 0;
        }
    }
    version.pre = semver::Prerelease::EMPTY;
    version.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_move_on_by_semver() {
        assert_eq!(bumped("0.1.0", Impact::BreaksCallers), "0.2.0");
        assert_eq!(bumped("0.1.3", Impact::BreaksDecoding), "0.2.0");
        assert_eq!(bumped("0.1.3", Impact::Compatible), "0.1.4");
        assert_eq!(bumped("1.4.2", Impact::BreaksCallers), "2.0.0");
        assert_eq!(bumped("1.4.2", Impact::ChangesRequests), "1.5.0");
        assert_eq!(bumped("not a version", Impact::Compatible), FIRST_VERSION);
    }

    #[test]
    fn a_new_entry_goes_above_the_newest() {
        let log = "# Changelog\n\nIntro.\n\n## 0.1.0\n\nFirst.\n";
        assert_eq!(
            with_entry(log, "## 0.2.0\n\nSecond.\n"),
            "# Changelog\n\nIntro.\n\n## 0.2.0\n\nSecond.\n\n## 0.1.0\n\nFirst.\n"
        );
        assert_eq!(
            with_entry("# Changelog\n\nIntro.\n", "## 0.1.0\n\nFirst.\n"),
            "# Changelog\n\nIntro.\n\n## 0.1.0\n\nFirst.\n"
        );
    }
}
