//! An OpenAPI 3.0 to Rust generator of typed async clients.
//!
//! The pipeline is a row of small stages with typed data between them:
//! [`load`] (files to JSON values) → [`merge`] (several documents of one API into one) →
//! [`overlay`] (fixes as Overlay 1.0 actions) → [`parse`] (into `openapiv3`) → [`normalize`]
//! (mixed schema forms into one) → [`ir`] (the
//! validated model, named by [`names`]) → emit (tokens) → [`render`] (formatted text) →
//! [`write`](mod@write) (the output folder). Every stage reports problems into [`Diagnostics`] with the
//! file and JSON pointer they concern; nothing is written unless the whole run succeeded.

#![deny(missing_docs)]

pub mod build_script;
pub mod diagnostics;
mod emit;
pub mod http;
pub mod ir;
#[cfg(feature = "lint")]
pub mod lint;
pub mod load;
pub mod merge;
pub mod names;
pub mod normalize;
pub mod overlay;
pub mod parse;
pub mod render;
pub mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use load::ApiSources;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The generated crate's package name.
    pub crate_name: String,
    /// The generated crate's description (and crate-level docs).
    pub description: String,
    /// The APIs, each with its documents and overlays.
    pub apis: Vec<ApiSources>,
    /// Where each API goes in the crate.
    pub layout: Layout,
    /// Adds an empty `[workspace]` so the crate builds outside any workspace.
    pub standalone: bool,
    /// The command that regenerates the output, named in every file header.
    pub command: String,
    /// Treat warnings as errors: nothing is left out silently or otherwise.
    pub strict: bool,
}

/// Where APIs go in the generated crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One module per API, named after the API.
    ModulePerApi,
    /// A single API, at the crate root.
    Root,
}

/// The generated crate in memory.
#[derive(Clone, Debug)]
pub struct Generated {
    /// File contents by path relative to the crate root.
    pub files: BTreeMap<PathBuf, String>,
    /// Warnings (errors make [`generate`] fail instead).
    pub diagnostics: Diagnostics,
    /// Every file that was read, for build-script rerun tracking.
    pub inputs: Vec<PathBuf>,
    /// The client methods generated, as `module::method` (or `method` for a crate with the
    /// API at its root), in emitted order: what made it into the client.
    pub operations: Vec<String>,
    /// How long each stage took.
    pub timings: Timings,
}

/// How long each stage of [`generate`] took, summed over the APIs, in pipeline order.
#[derive(Clone, Debug, Default)]
pub struct Timings {
    stages: Vec<(&'static str, Duration)>,
    /// Work done on several threads: (stage, time summed over the threads, threads).
    threaded: Vec<(&'static str, Duration, usize)>,
}

impl Timings {
    /// Adds the time since `start` to `stage`, and restarts the clock.
    pub fn lap(&mut self, stage: &'static str, start: &mut Instant) {
        let elapsed = start.elapsed();
        *start = Instant::now();
        match self.stages.iter_mut().find(|(name, _)| *name == stage) {
            Some((_, total)) => *total += elapsed,
            None => self.stages.push((stage, elapsed)),
        }
    }

    /// Records `work`, the time `stage` took summed over `threads` threads.
    pub fn threaded(&mut self, stage: &'static str, work: Duration, threads: usize) {
        self.threaded.push((stage, work, threads));
    }

    /// (stage, wall-clock time) in pipeline order.
    pub fn stages(&self) -> &[(&'static str, Duration)] {
        &self.stages
    }
}

/// `load 1.2 ms, parse 0.8 ms, ...; thread time: emit 2.0 ms, format 5.1 ms (2 threads)`.
impl std::fmt::Display for Timings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |time: &Duration| time.as_secs_f64() * 1000.0;
        let stages: Vec<String> = self
            .stages
            .iter()
            .map(|(stage, time)| format!("{stage} {:.1} ms", ms(time)))
            .collect();
        f.write_str(&stages.join(", "))?;
        if let Some((_, _, threads)) = self.threaded.first() {
            let work: Vec<String> = self
                .threaded
                .iter()
                .map(|(stage, time, _)| format!("{stage} {:.1} ms", ms(time)))
                .collect();
            write!(
                f,
                "; of which thread time ({threads} threads): {}",
                work.join(", ")
            )?;
        }
        Ok(())
    }
}

/// A folder whose `specs/` generate its `generated/` client crate. The repository has two:
/// the conference-control clients at its root, and the corpus excerpts the behaviour tests
/// drive (`excerpts/`).
#[derive(Clone, Debug)]
pub struct Workspace {
    /// The folder holding `specs/` and `generated/`.
    pub root: PathBuf,
    /// The generated crate's package name.
    pub crate_name: &'static str,
    /// The generated crate's description.
    pub description: &'static str,
}

impl Workspace {
    /// The command that regenerates every workspace's client crate.
    pub const COMMAND: &'static str = "cargo codegen generate";

    /// The conference-control clients, at the repository root.
    pub fn project(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            crate_name: "conference-clients",
            description: "Typed async clients for conference-control APIs, generated from the OpenAPI documents in `specs/`.",
        }
    }

    /// Operations excerpted from public specs, for the behaviour tests (`excerpts/` under
    /// the repository root).
    pub fn excerpts(project_root: &Path) -> Self {
        Self {
            root: project_root.join("excerpts"),
            crate_name: "corpus-excerpts",
            description: "Clients for operations excerpted from public OpenAPI documents (and one written to put a value in every place a request carries one), generated from `excerpts/specs/` for the behaviour tests.",
        }
    }

    /// Every workspace of the repository at `project_root`.
    pub fn all(project_root: &Path) -> Vec<Self> {
        vec![Self::project(project_root), Self::excerpts(project_root)]
    }

    /// The folder of provider specs.
    pub fn specs_dir(&self) -> PathBuf {
        self.root.join("specs")
    }

    /// The generated crate's folder.
    pub fn out_dir(&self) -> PathBuf {
        self.root.join("generated")
    }

    /// Settings for the workspace's client crate; problems finding the specs are diagnostics.
    pub fn settings(&self) -> Result<Settings, Diagnostics> {
        let mut diagnostics = Diagnostics::default();
        let apis = load::discover(&self.specs_dir(), &mut diagnostics);
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(Settings {
            crate_name: self.crate_name.to_owned(),
            description: self.description.to_owned(),
            apis,
            layout: Layout::ModulePerApi,
            standalone: false,
            command: Self::COMMAND.to_owned(),
            strict: false,
        })
    }
}

/// Runs the whole pipeline in memory. On error, returns every problem found (warnings too).
/// Every problem carries its line and column where the file has the spot.
pub fn generate(settings: &Settings) -> Result<Generated, Diagnostics> {
    let mut timings = Timings::default();
    let mut diagnostics = Diagnostics::default();
    let mut inputs = Vec::new();
    let mut apis = Vec::new();
    let mut module_names = names::Scope::with_reserved(&["runtime", "types"]);
    for sources in &settings.apis {
        inputs.extend(sources.documents.iter().cloned());
        inputs.extend(sources.overlays.iter().cloned());
        let module = match settings.layout {
            Layout::ModulePerApi => Some(module_names.claim(&names::snake_name(&sources.name))),
            Layout::Root => None,
        };
        if let Some(api) = build_api(sources, &mut diagnostics, &mut timings) {
            apis.push((module, api));
        }
    }
    if settings.layout == Layout::Root && settings.apis.len() != 1 {
        diagnostics.error(
            Path::new(&settings.crate_name),
            "#",
            "a crate with the API at its root takes exactly one API",
            "merge the documents into one API, or generate one module per API",
        );
    }
    if settings.strict {
        diagnostics.promote_warnings();
    }
    if diagnostics.has_errors() {
        diagnostics.locate();
        return Err(diagnostics);
    }

    let modules: Vec<emit::ApiModule<'_>> = apis
        .iter()
        .map(|(module, api)| emit::ApiModule {
            module: module.clone(),
            api,
        })
        .collect();
    let module_names: Vec<String> = apis
        .iter()
        .filter_map(|(module, _)| module.clone())
        .collect();
    let mut clock = Instant::now();
    let plan = emit::plan(&settings.description, &modules, &module_names);
    let rendered = render::render(plan, &settings.command);
    timings.threaded("emit", rendered.emit, rendered.threads);
    timings.threaded("format", rendered.format, rendered.threads);
    timings.lap("emit and format", &mut clock);
    let mut files = rendered.files;
    for (path, problem) in rendered.failures {
        diagnostics.error(
            &path,
            "#",
            format!("internal error: {problem}"),
            "this is a bug in the generator: please report it with the spec that caused it",
        );
    }
    // The files are formatted by the generator; `cargo fmt` must not reformat them, or the
    // freshness check would fail after every `cargo fmt --all`.
    files.insert(
        PathBuf::from("rustfmt.toml"),
        format!(
            "{}disable_all_formatting = true\n",
            render::header("#", &settings.command)
        ),
    );
    match emit::manifest(
        &settings.crate_name,
        &settings.description,
        settings.standalone,
        emit::RuntimeNeeds::of(apis.iter().map(|(_, api)| api)),
    ) {
        Ok(manifest) => {
            files.insert(
                PathBuf::from("Cargo.toml"),
                format!("{}{manifest}", render::header("#", &settings.command)),
            );
        }
        Err(error) => diagnostics.error(
            Path::new("Cargo.toml"),
            "#",
            format!("cannot write the manifest: {error}"),
            "check that the crate name and description are plain text",
        ),
    }
    diagnostics.locate();
    timings.lap("locate diagnostics", &mut clock);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let operations = apis
        .iter()
        .flat_map(|(module, api)| {
            api.operations.iter().map(move |op| match module {
                Some(module) => format!("{module}::{}", op.method_name),
                None => op.method_name.clone(),
            })
        })
        .collect();
    Ok(Generated {
        files,
        diagnostics,
        inputs,
        operations,
        timings,
    })
}

/// Load, merge, overlay, parse and model one API.
fn build_api(
    sources: &ApiSources,
    diagnostics: &mut Diagnostics,
    timings: &mut Timings,
) -> Option<ir::Api> {
    let mut clock = Instant::now();
    let merged = assemble(sources, diagnostics)?;
    timings.lap("load", &mut clock);
    let mut parsed = parse::parse(merged.value, &merged.origins, diagnostics)?;
    normalize::normalize(&mut parsed.spec);
    timings.lap("parse", &mut clock);
    let api = ir::build(&parsed, &merged.origins, diagnostics);
    timings.lap("ir", &mut clock);
    Some(api)
}

/// Stages 1 to 3 for one API: its documents read, merged into one, and its overlays applied.
/// `None` (with diagnostics) when a file cannot be read or merged.
pub fn assemble(sources: &ApiSources, diagnostics: &mut Diagnostics) -> Option<merge::Merged> {
    let mut documents: Vec<load::Document> = sources
        .documents
        .iter()
        .filter_map(|path| load::read_document(path, diagnostics))
        .collect();
    for document in &mut documents {
        load::bundle(document, diagnostics);
    }
    let overlays: Vec<load::Document> = sources
        .overlays
        .iter()
        .filter_map(|path| load::read_document(path, diagnostics))
        .collect();
    if documents.len() != sources.documents.len() || overlays.len() != sources.overlays.len() {
        return None;
    }
    let mut merged = merge::merge(&documents, diagnostics)?;
    for overlay_document in &overlays {
        overlay::apply(&mut merged.value, overlay_document, diagnostics);
    }
    Some(merged)
}
