//! A project's generated crates, as its settings file (`codegen.toml`) names them.
//!
//! The generator itself knows no project: which folders hold specs, what their crates are
//! called and which command regenerates them is the project's to say, once, in a file the
//! command line, the build script and the tests all read.

use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::Diagnostics;
use crate::diff::record::{self, RecordError};
use crate::diff::release::{CHANGELOG_FILE, Previous};
use crate::load;
use crate::pipeline::{History, Layout, Settings};

/// A project's generated crates, read from [`Project::FILE`] at its root.
#[derive(Clone, Debug)]
pub struct Project {
    /// The folder holding the settings file.
    pub root: PathBuf,
    /// The command that regenerates every crate, named in each generated file's header.
    pub command: String,
    /// The crates, in the file's order.
    pub workspaces: Vec<Workspace>,
}

/// A folder whose `specs/` generate its `generated/` client crate.
#[derive(Clone, Debug)]
pub struct Workspace {
    /// The folder holding `specs/` and `generated/`.
    pub root: PathBuf,
    /// The generated crate's package name.
    pub crate_name: String,
    /// The generated crate's description.
    pub description: String,
    /// Whether `cargo codegen lint` checks these specs (against `specs/lint.toml`).
    pub lint: bool,
    /// Whether a regeneration that changes the API moves the crate's version on (semver).
    pub bump_version: bool,
    /// The command that regenerates the crate.
    pub command: String,
    /// The folder the specs' external references may reach; `None`: each API's folder.
    pub spec_root: Option<PathBuf>,
}

/// The settings file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    command: String,
    #[serde(rename = "crate")]
    crates: Vec<CrateEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CrateEntry {
    folder: PathBuf,
    name: String,
    description: String,
    #[serde(default)]
    lint: bool,
    #[serde(default, rename = "bump-version")]
    bump_version: bool,
    /// Relative to `folder`.
    #[serde(default, rename = "spec-root")]
    spec_root: Option<PathBuf>,
}

impl Project {
    /// The settings file's name.
    pub const FILE: &'static str = "codegen.toml";

    /// Reads the settings file at `root`; a missing or malformed file is a diagnostic that
    /// says what to write.
    pub fn load(root: &Path) -> Result<Self, Diagnostics> {
        let path = root.join(Self::FILE);
        let mut diagnostics = Diagnostics::default();
        let help = "the file lists `command = \"...\"` and one `[[crate]]` table per generated crate, with `folder`, `name`, `description` and optionally `lint = true`, `bump-version = true` and `spec-root = \"FOLDER\"`";
        let text = std::fs::read_to_string(&path).map_err(|error| {
            diagnostics.error(
                &path,
                "#",
                format!("cannot read the project settings: {error}"),
                help,
            );
            diagnostics.clone()
        })?;
        let file: File = toml::from_str(&text).map_err(|error| {
            diagnostics.error(
                &path,
                "#",
                format!("invalid project settings: {}", error.message()),
                help,
            );
            diagnostics.clone()
        })?;
        let workspaces = file
            .crates
            .into_iter()
            .map(|entry| Workspace {
                spec_root: entry
                    .spec_root
                    .map(|spec_root| under(&under(root, &entry.folder), &spec_root)),
                root: under(root, &entry.folder),
                crate_name: entry.name,
                description: entry.description,
                lint: entry.lint,
                bump_version: entry.bump_version,
                command: file.command.clone(),
            })
            .collect();
        Ok(Self {
            root: root.to_path_buf(),
            command: file.command,
            workspaces,
        })
    }

    /// Finds the project of `folder`: the nearest folder at or above it holding the settings
    /// file.
    pub fn find(folder: &Path) -> Result<Self, Diagnostics> {
        match folder
            .ancestors()
            .find(|dir| dir.join(Self::FILE).is_file())
        {
            Some(root) => Self::load(root),
            None => {
                let mut diagnostics = Diagnostics::default();
                diagnostics.error(
                    &folder.join(Self::FILE),
                    "#",
                    format!("no `{}` in {} or any folder above it", Self::FILE, folder.display()),
                    "run the command inside a project, or generate a single crate with `--spec FILE --out DIR --crate-name NAME`",
                );
                Err(diagnostics)
            }
        }
    }

    /// The crate generated in `folder` itself (a build script's own package), if any.
    pub fn workspace_at(&self, folder: &Path) -> Option<&Workspace> {
        self.workspaces
            .iter()
            .find(|w| w.root.components().eq(folder.components()))
    }
}

/// `folder` under `root`, with `.` parts dropped: `folder = "."` is `root` itself, not
/// `root/.` or `root/`.
fn under(root: &Path, folder: &Path) -> PathBuf {
    let mut path = root.to_path_buf();
    path.extend(
        folder
            .components()
            .filter(|part| *part != Component::CurDir),
    );
    path
}

impl Workspace {
    /// The folder of provider specs.
    pub fn specs_dir(&self) -> PathBuf {
        self.root.join("specs")
    }

    /// The generated crate's folder.
    pub fn out_dir(&self) -> PathBuf {
        self.root.join("generated")
    }

    /// Settings for the workspace's client crate; problems finding the specs or reading the
    /// crate's history are diagnostics.
    pub fn settings(&self) -> Result<Settings, Diagnostics> {
        let mut diagnostics = Diagnostics::default();
        let apis = load::discover(
            &self.specs_dir(),
            self.spec_root.as_deref(),
            &mut diagnostics,
        );
        let previous = self.previous(&mut diagnostics);
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(Settings {
            crate_name: self.crate_name.clone(),
            description: self.description.clone(),
            apis,
            layout: Layout::ModulePerApi,
            standalone: false,
            command: self.command.clone(),
            strict: false,
            operation_tests: false,
            history: Some(History {
                previous,
                bump_version: self.bump_version,
            }),
        })
    }

    /// What the crate was last generated as: its record and changelog. `None` for a crate
    /// with neither (never generated, or generated before it kept them). A changelog without
    /// a readable record is an error: generating would start its history again.
    fn previous(&self, diagnostics: &mut Diagnostics) -> Option<Previous> {
        let out = self.out_dir();
        let changelog = std::fs::read_to_string(out.join(CHANGELOG_FILE)).ok();
        match record::read_unchecked(&out) {
            Ok(record) => Some(Previous {
                version: record.version,
                apis: record.apis,
                changelog,
            }),
            Err(RecordError::Missing(_)) if changelog.is_none() => None,
            Err(error) => {
                diagnostics.error(
                    &out.join(record::RECORD_FILE),
                    "#",
                    format!("the crate's record of its API is not usable: {error}"),
                    format!(
                        "restore it from git (`git checkout -- {}`), or delete {} to start the crate's history again",
                        out.join(record::RECORD_FILE).display(),
                        out.join(CHANGELOG_FILE).display()
                    ),
                );
                None
            }
        }
    }
}
