//! The stages run in order: [`generate`] runs them all for a crate, [`assemble`] the first
//! three for one API (the linter reads what they produce).
//!
//! This is the only module that calls stages: each stage takes the previous one's output and
//! knows nothing of the stages after it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::Diagnostics;
use crate::load::{self, ApiSources};
use crate::{diff, emit, ir, merge, names, normalize, overlay, parallel, parse, render, translate};

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
    /// Adds a test target (`tests/operations.rs`) that calls every operation once per
    /// request media type against a mock server of the spec.
    pub operation_tests: bool,
    /// For a crate that keeps a record of its API (`api.json`) and a changelog: what it was
    /// last generated as, and whether a change moves its version on. `None`: neither.
    pub history: Option<History>,
}

/// What a crate with a history continues from.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// The previous generation, `None` for the first.
    pub previous: Option<diff::release::Previous>,
    /// Whether a change users see bumps the version (semver).
    pub bump_version: bool,
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
    /// The public API of each API generated, for telling what changed ([`crate::diff`]).
    pub surfaces: Vec<diff::Surface>,
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

/// Runs the whole pipeline in memory. On error, returns every problem found (warnings too).
/// Every problem carries its line and column where the file has the spot.
pub fn generate(settings: &Settings) -> Result<Generated, Diagnostics> {
    let mut timings = Timings::default();
    let mut diagnostics = Diagnostics::default();
    let mut inputs = Vec::new();
    let apis = model_apis(settings, &mut diagnostics, &mut timings, &mut inputs);
    if !names::is_crate_name(&settings.crate_name) {
        diagnostics.error(
            Path::new("Cargo.toml"),
            "#",
            format!(
                "`{}` cannot be the crate's name: cargo takes ASCII letters, digits, `-` and `_`, starting with a letter, and code cannot name a crate called like a Rust keyword",
                crate::visible::one_line(&settings.crate_name)
            ),
            "choose another name for the crate",
        );
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
    let lib = settings.crate_name.replace('-', "_");
    let surfaces: Vec<diff::Surface> = apis
        .iter()
        .map(|(module, api)| diff::surface(module.as_deref(), api))
        .collect();
    let release = settings.history.as_ref().map(|history| {
        let previous = history.previous.as_ref();
        diff::release::release(
            &settings.crate_name,
            previous,
            &surfaces,
            history.bump_version,
        )
    });
    let version = release
        .as_ref()
        .map_or(diff::release::FIRST_VERSION, |r| r.version.as_str());
    let package = emit::Package {
        name: &settings.crate_name,
        version,
        description: &settings.description,
        lib: &lib,
        standalone: settings.standalone,
        operation_tests: settings.operation_tests,
    };
    let mut files = match emit::plan(&package, &modules, &module_names) {
        Ok(plan) => emit_and_format(plan, &settings.command, &mut timings, &mut diagnostics),
        Err(error) => {
            diagnostics.error(
                Path::new("Cargo.toml"),
                "#",
                format!("cannot write the manifest: {error}"),
                "check that the crate name and description are plain text",
            );
            BTreeMap::new()
        }
    };
    if let Some(release) = &release {
        // The changelog, and the record of the API that lets the next regeneration say
        // what changed (fingerprinting every other file, the changelog included).
        files.insert(
            PathBuf::from(diff::release::CHANGELOG_FILE),
            release.changelog.clone(),
        );
        let record = diff::record::write(&release.version, &surfaces, &files);
        files.insert(PathBuf::from(diff::record::RECORD_FILE), record);
    }
    check_visible(&files, &mut diagnostics);
    timings.lap("emit and format", &mut clock);
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
        surfaces,
        timings,
    })
}

/// Every generated file is text a reviewer can read whole: valid UTF-8 (it is a `String`)
/// with no NUL, control, bidi or invisible character. Each writer shows such characters of the
/// spec as escapes; one that got through is a bug of ours, and nothing is written.
fn check_visible(files: &BTreeMap<PathBuf, String>, diagnostics: &mut Diagnostics) {
    for (path, text) in files {
        if let Some((at, hidden)) = crate::visible::first_hidden(text) {
            diagnostics.error(
                path,
                "#",
                format!(
                    "internal error: the generated file holds the hidden character U+{:04X} at byte {at}",
                    u32::from(hidden)
                ),
                "this is a bug in the generator: please report it with the spec that caused it",
            );
        }
    }
}

/// Stages 1 to 5 for every API of `settings`: each API's module (for a crate with one module
/// per API) and model. Files read are added to `inputs`.
fn model_apis(
    settings: &Settings,
    diagnostics: &mut Diagnostics,
    timings: &mut Timings,
    inputs: &mut Vec<PathBuf>,
) -> Vec<(Option<String>, ir::Api)> {
    let mut apis = Vec::new();
    let mut module_names = names::Scope::with_reserved(&["runtime", "types"]);
    for sources in &settings.apis {
        inputs.extend(sources.documents.iter().cloned());
        inputs.extend(sources.overlays.iter().cloned());
        let module = match settings.layout {
            Layout::ModulePerApi => Some(module_names.claim(&names::snake_name(&sources.name))),
            Layout::Root => None,
        };
        let samples = match settings.operation_tests {
            true => ir::Samples::Build,
            false => ir::Samples::Skip,
        };
        if let Some(api) = build_api(sources, samples, diagnostics, timings) {
            apis.push((module, api));
        }
    }
    apis
}

/// The public API each API of `settings` would be generated with, for comparing two
/// generations ([`crate::diff`]). Fails, with every problem, where [`generate`] would.
pub fn surfaces(settings: &Settings) -> Result<Vec<diff::Surface>, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let settings = Settings {
        operation_tests: false,
        ..settings.clone()
    };
    let apis = model_apis(
        &settings,
        &mut diagnostics,
        &mut Timings::default(),
        &mut Vec::new(),
    );
    if settings.strict {
        diagnostics.promote_warnings();
    }
    if diagnostics.has_errors() {
        diagnostics.locate();
        return Err(diagnostics);
    }
    Ok(apis
        .iter()
        .map(|(module, api)| diff::surface(module.as_deref(), api))
        .collect())
}

/// Load, merge, overlay, translate, parse and model one API.
fn build_api(
    sources: &ApiSources,
    samples: ir::Samples,
    diagnostics: &mut Diagnostics,
    timings: &mut Timings,
) -> Option<ir::Api> {
    let mut clock = Instant::now();
    let mut merged = assemble(sources, diagnostics)?;
    timings.lap("load", &mut clock);
    let since = diagnostics.len();
    let api = model(&mut merged, samples, diagnostics, timings, &mut clock);
    diagnostics.show_where_written(&merged.origins, since);
    api
}

/// Stages 3b to 5 for one assembled API: translated to OpenAPI 3.0, parsed and modelled.
fn model(
    merged: &mut merge::Merged,
    samples: ir::Samples,
    diagnostics: &mut Diagnostics,
    timings: &mut Timings,
    clock: &mut Instant,
) -> Option<ir::Api> {
    if !translate::translate(&mut merged.value, &mut merged.origins, diagnostics) {
        return None;
    }
    timings.lap("translate", clock);
    let value = std::mem::take(&mut merged.value);
    let mut parsed = parse::parse(value, &merged.origins, diagnostics)?;
    normalize::normalize(&mut parsed.spec);
    timings.lap("parse", clock);
    let api = ir::build(&parsed, &merged.origins, samples, diagnostics);
    timings.lap("ir", clock);
    Some(api)
}

/// Stages 1 to 3 for one API: its documents read, merged into one, and its overlays applied;
/// the document every later stage (and the linter) reads. `None` (with diagnostics) when a
/// file cannot be read or merged.
pub fn assemble(sources: &ApiSources, diagnostics: &mut Diagnostics) -> Option<merge::Merged> {
    let mut documents: Vec<load::Document> = sources
        .documents
        .iter()
        .filter_map(|path| load::read_document(path, diagnostics))
        .collect();
    let mut bundled = true;
    for document in &mut documents {
        let root = sources.root_of(&document.path);
        bundled &= load::bundle(document, &root, diagnostics);
    }
    let overlays: Vec<load::Document> = sources
        .overlays
        .iter()
        .filter_map(|path| load::read_document(path, diagnostics))
        .collect();
    if !bundled
        || documents.len() != sources.documents.len()
        || overlays.len() != sources.overlays.len()
    {
        return None;
    }
    let mut merged = merge::merge(&documents, diagnostics)?;
    let mut budget = overlay::Budget::for_document(&merged.value);
    for overlay_document in &overlays {
        overlay::apply(
            &mut merged.value,
            overlay_document,
            &mut budget,
            diagnostics,
        );
        // The load stage's depth limit holds for what the overlays make too: every later
        // stage walks the document recursively.
        if let Some(deep) = load::too_deep(&merged.value) {
            diagnostics.error(
                &overlay_document.path,
                "#/actions",
                format!(
                    "after this overlay the document nests more than {} levels deep, at `{}`",
                    load::MAX_DEPTH,
                    shortened(&deep)
                ),
                "nest less: move deep schemas into `components/schemas` and refer to them",
            );
            return None;
        }
    }
    Some(merged)
}

/// A long pointer by its start and end.
fn shortened(pointer: &str) -> String {
    const KEEP: usize = 60;
    let chars: Vec<char> = pointer.chars().collect();
    if chars.len() <= KEEP * 2 {
        return pointer.to_owned();
    }
    let head: String = chars[..KEEP].iter().collect();
    let tail: String = chars[chars.len() - KEEP..].iter().collect();
    format!("{head}...{tail}")
}

/// Stages 6 and 7: emits and formats every item of the plan on every core, then puts the
/// texts into their files. An item that does not format is a bug of ours, reported as one.
fn emit_and_format(
    plan: emit::Plan<'_>,
    command: &str,
    timings: &mut Timings,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<PathBuf, String> {
    let units = render::units(&plan);
    let threads = parallel::threads_for(units.len());
    let (mut emit_time, mut format_time) = (Duration::ZERO, Duration::ZERO);
    let rendered = parallel::map_in_order(
        &units,
        threads,
        |unit| {
            let clock = Instant::now();
            let tokens = unit.item.tokens();
            let emitted = clock.elapsed();
            let text = render::format_tokens(tokens, unit.placement);
            (text, emitted, clock.elapsed() - emitted)
        },
        |results| {
            let texts = results.map(|(text, emitted, formatted)| {
                emit_time += emitted;
                format_time += formatted;
                text
            });
            render::fill(plan, texts, command)
        },
    );
    timings.threaded("emit", emit_time, threads);
    timings.threaded("format", format_time, threads);
    for (path, problem) in rendered.failures {
        diagnostics.error(
            &path,
            "#",
            format!("internal error: {problem}"),
            "this is a bug in the generator: please report it with the spec that caused it",
        );
    }
    rendered.files
}
