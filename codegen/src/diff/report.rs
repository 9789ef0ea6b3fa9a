//! A diff as people read it: a review report, a changelog entry, a one-line summary.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::compare::{Change, Impact};

/// The changes of every API of a crate.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Per API, sorted by module.
    pub apis: Vec<ApiChanges>,
}

/// The changes of one API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiChanges {
    /// Its module, `None` at the crate root.
    pub module: Option<String>,
    /// Its changes, worst first.
    pub changes: Vec<Change>,
}

const IMPACTS: [Impact; 4] = [
    Impact::BreaksCallers,
    Impact::BreaksDecoding,
    Impact::ChangesRequests,
    Impact::Compatible,
];

impl ApiChanges {
    /// An API's changes.
    pub fn new(module: Option<String>, changes: Vec<Change>) -> Self {
        Self { module, changes }
    }

    /// An API added or removed as a whole.
    pub fn whole(module: Option<String>, impact: Impact, what: &str) -> Self {
        let item = module.clone().unwrap_or_else(|| "the API".to_owned());
        let change = Change {
            impact,
            item,
            what: what.to_owned(),
            pointer: None,
            retyped: false,
        };
        Self::new(module, vec![change])
    }

    fn name(&self) -> &str {
        self.module.as_deref().unwrap_or("the API")
    }

    fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|c| c.impact == impact).count()
    }
}

impl Report {
    /// Whether nothing users see changed.
    pub fn is_empty(&self) -> bool {
        self.apis.iter().all(|api| api.changes.is_empty())
    }

    /// The worst impact of any change; `None` when nothing changed.
    pub fn worst(&self) -> Option<Impact> {
        self.changes().map(|c| c.impact).min()
    }

    fn changes(&self) -> impl Iterator<Item = &Change> {
        self.apis.iter().flat_map(|api| &api.changes)
    }

    fn counts(&self) -> String {
        let counts: Vec<String> = IMPACTS
            .iter()
            .filter_map(|&impact| {
                let n = self.changes().filter(|c| c.impact == impact).count();
                (n > 0).then(|| format!("{n} {impact}"))
            })
            .collect();
        match counts.is_empty() {
            true => "no change to the generated API".to_owned(),
            false => counts.join(", "),
        }
    }

    /// One line: `3 breaking for callers, 12 compatible`.
    pub fn summary(&self) -> String {
        self.counts()
    }

    /// The report for review: per API, per impact, each change with its spec pointer.
    pub fn text(&self) -> String {
        let mut out = format!("{}\n", self.counts());
        for api in self.apis.iter().filter(|api| !api.changes.is_empty()) {
            let _ = writeln!(out, "\n{}:", api.name());
            for impact in IMPACTS.into_iter().filter(|&i| api.count(i) > 0) {
                let _ = writeln!(out, "  {impact}:");
                for change in api.changes.iter().filter(|c| c.impact == impact) {
                    let _ = writeln!(out, "    {}: {}", change.item, change.what);
                    if let Some(pointer) = &change.pointer {
                        let _ = writeln!(out, "      at {pointer}");
                    }
                }
            }
        }
        out
    }

    /// A changelog entry headed `heading`: the changes grouped as a reader of a changelog
    /// looks for them, breaking ones first.
    pub fn changelog(&self, heading: &str) -> String {
        let mut out = format!("## {heading}\n");
        if self.is_empty() {
            out.push_str("\nNo change to the generated API.\n");
            return out;
        }
        for impact in IMPACTS {
            let changes: Vec<&Change> = self.changes().filter(|c| c.impact == impact).collect();
            if changes.is_empty() {
                continue;
            }
            let title = match impact {
                Impact::BreaksCallers => "Breaking: code that used these must change",
                Impact::BreaksDecoding => "Breaking: answers that decoded before may not",
                Impact::ChangesRequests => "Changed: calls send something else",
                Impact::Compatible => "Added and compatible",
            };
            let _ = writeln!(out, "\n### {title}\n");
            // New types come with the operations that use them: one line says which.
            let (new_types, rest): (Vec<&Change>, Vec<&Change>) = changes
                .into_iter()
                .partition(|c| c.what == "added" && c.item.contains("types::"));
            for change in rest {
                // Under "Added", an addition needs no "added".
                let what = change.what.strip_prefix("added: ").unwrap_or(&change.what);
                let _ = writeln!(out, "- `{}`: {what}", change.item);
            }
            if !new_types.is_empty() {
                let names: Vec<String> =
                    new_types.iter().map(|c| format!("`{}`", c.item)).collect();
                let _ = writeln!(out, "- New types: {}", names.join(", "));
            }
        }
        out
    }
}
