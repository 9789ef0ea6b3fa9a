//! `cargo codegen`: the generator's command line.
//!
//! - `cargo codegen generate` regenerates `generated/` from `specs/`.
//! - `cargo codegen check` fails, naming the stale files, when `generated/` is out of date.
//! - `cargo codegen generate --spec FILE... [--overlay FILE...] --out DIR --crate-name NAME`
//!   writes a standalone client crate for any OpenAPI 3.0 document(s).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use codegen::{
    ApiSources, Diagnostics, Layout, Project, Settings, Workspace, diagnostics, diff, generate,
    write,
};

/// This command line's generate command, named in the header of a standalone crate's files.
const GENERATE: &str = "cargo codegen generate";

#[derive(Parser)]
#[command(
    name = "cargo codegen",
    about = "Generate typed Rust clients from OpenAPI 3.0 documents"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate `generated/` from `specs/` (and `excerpts/generated/` from
    /// `excerpts/specs/`), or write a standalone crate with `--spec`.
    Generate {
        /// An OpenAPI document; several are merged into one API (then `--out` and
        /// `--crate-name` are required).
        #[arg(long = "spec", value_name = "FILE")]
        specs: Vec<PathBuf>,
        /// An Overlay 1.0 document applied after merging, in the order given.
        #[arg(long = "overlay", value_name = "FILE", requires = "specs")]
        overlays: Vec<PathBuf>,
        /// The folder to write the crate into.
        #[arg(long, value_name = "DIR", requires = "specs")]
        out: Option<PathBuf>,
        /// The folder external `$ref`s may reach [default: each document's own folder]; a
        /// reference to a file outside it is an error, and the file is never read.
        #[arg(long, value_name = "DIR", requires = "specs")]
        spec_root: Option<PathBuf>,
        /// The crate's package name.
        #[arg(long, value_name = "NAME", requires = "specs")]
        crate_name: Option<String>,
        /// Fail on warnings too, instead of leaving out what cannot be generated.
        #[arg(long)]
        strict: bool,
        /// Print how long each stage took (load, parse, ir, emit, render, write).
        #[arg(long)]
        timings: bool,
        /// Also write `tests/operations.rs`: a test per operation and request media type that
        /// calls a mock server of the spec (`OPERATION_TESTS_BASE_URL`) with arguments built
        /// from the spec, ignored unless run with `--ignored`.
        #[arg(long, requires = "specs")]
        operation_tests: bool,
    },
    /// Report what the specs get wrong (examples that do not match their schema, 204s with a
    /// body, missing error responses, ...); exits non-zero on any finding not allowed in
    /// `specs/lint.toml`. With `--spec`, lints those documents as given.
    Lint {
        /// A document to lint instead of `specs/`; several are merged into one API.
        #[arg(long = "spec", value_name = "FILE")]
        specs: Vec<PathBuf>,
        /// An overlay applied before linting, in the order given.
        #[arg(long = "overlay", value_name = "FILE", requires = "specs")]
        overlays: Vec<PathBuf>,
        /// The folder external `$ref`s may reach [default: each document's own folder].
        #[arg(long, value_name = "DIR", requires = "specs")]
        spec_root: Option<PathBuf>,
        /// The allow file [default: `specs/lint.toml`, or none with `--spec`].
        #[arg(long, value_name = "FILE")]
        allow: Option<PathBuf>,
    },
    /// Report what regenerating changes for the people who depend on the client, in the
    /// words of the generated API: methods, arguments, responses and types added, removed or
    /// changed, each classified (breaking for callers, breaking for decoding, changes what is
    /// sent, compatible) with its spec pointer. Compares the API `generated/` records
    /// (`api.json`) with what `specs/` give now, or the specs of a git revision with today's,
    /// or two sets of documents.
    Diff {
        /// Compare with the specs as they were at this git revision (`HEAD`, a tag, a
        /// commit) instead of with the API `generated/` records.
        #[arg(long, value_name = "REV", conflicts_with = "old_specs")]
        from: Option<String>,
        /// The old side: an OpenAPI document; several are merged into one API.
        #[arg(long = "old-spec", value_name = "FILE", requires = "specs")]
        old_specs: Vec<PathBuf>,
        /// An overlay of the old side, in the order given.
        #[arg(long = "old-overlay", value_name = "FILE", requires = "old_specs")]
        old_overlays: Vec<PathBuf>,
        /// The new side: an OpenAPI document; several are merged into one API.
        #[arg(long = "spec", value_name = "FILE", requires = "old_specs")]
        specs: Vec<PathBuf>,
        /// An overlay of the new side, in the order given.
        #[arg(long = "overlay", value_name = "FILE", requires = "specs")]
        overlays: Vec<PathBuf>,
        /// Print the changes as a changelog entry instead of a review report.
        #[arg(long)]
        changelog: bool,
        /// Print the changes as JSON (impact, Rust item, what, spec pointer, whether a type
        /// changed), for tools.
        #[arg(long, conflicts_with = "changelog")]
        json: bool,
    },
    /// Exit non-zero, naming the stale files, when `generated/` (or `excerpts/generated/`)
    /// differs from what its specs produce.
    Check {
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { strict } => project()
            .and_then(|project| project.workspaces.iter().try_for_each(|w| check(w, strict))),
        Command::Generate {
            specs,
            overlays,
            out,
            spec_root,
            crate_name,
            strict,
            timings,
            operation_tests,
        } if !specs.is_empty() => match (out, crate_name) {
            (Some(_), Some(crate_name)) if !codegen::names::is_crate_name(&crate_name) => {
                Err(format!(
                    "`{}` cannot be a package name: use ASCII letters, digits, `-` and `_`, starting with a letter, and not a Rust keyword",
                    codegen::visible::one_line(&crate_name)
                ))
            }
            (Some(out), Some(crate_name)) => {
                let sources = Sources {
                    specs,
                    overlays,
                    spec_root,
                };
                let settings = standalone(sources, &out, &crate_name, operation_tests);
                run(&Settings { strict, ..settings })
                    .and_then(|generated| write_out(&out, generated, timings))
            }
            _ => Err("`--spec` needs `--out DIR` and `--crate-name NAME`".to_owned()),
        },
        Command::Generate {
            strict, timings, ..
        } => project().and_then(|project| {
            project
                .workspaces
                .iter()
                .try_for_each(|w| generate_workspace(w, strict, timings))
        }),
        Command::Lint {
            specs,
            overlays,
            spec_root,
            allow,
        } => lint(
            Sources {
                specs,
                overlays,
                spec_root,
            },
            allow,
        ),
        Command::Diff {
            from,
            old_specs,
            old_overlays,
            specs,
            overlays,
            changelog,
            json,
        } => {
            let format = match (changelog, json) {
                (true, _) => ReportFormat::Changelog,
                (_, true) => ReportFormat::Json,
                _ => ReportFormat::Text,
            };
            diff_command(
                from.as_deref(),
                (old_specs, old_overlays),
                (specs, overlays),
                format,
            )
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The project around the current folder, as its settings file describes it.
fn project() -> Result<Project, String> {
    let here =
        std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    Project::find(&here).map_err(|diagnostics| {
        report(&diagnostics);
        "no project settings; nothing was done".to_owned()
    })
}

/// Prints problems the way rustc does, with the source line and the spot marked.
fn report(diagnostics: &Diagnostics) {
    if !diagnostics.is_empty() {
        let cwd = std::env::current_dir().unwrap_or_default();
        let styled = std::io::stderr().is_terminal();
        eprint!("{}", diagnostics::render(diagnostics, &cwd, styled));
        eprintln!();
    }
}

fn run(settings: &Settings) -> Result<codegen::Generated, String> {
    match generate(settings) {
        Ok(generated) => {
            report(&generated.diagnostics);
            let notes = generated.diagnostics.count(codegen::Severity::Note);
            eprintln!(
                "{} operation(s) generated, {} warning(s){}",
                generated.operations.len(),
                generated.diagnostics.count(codegen::Severity::Warning),
                if notes > 0 {
                    format!(", {notes} note(s) on repairs made to the spec")
                } else {
                    String::new()
                }
            );
            Ok(generated)
        }
        Err(diagnostics) => {
            report(&diagnostics);
            Err(format!(
                "generation failed with {} error(s); nothing was written",
                diagnostics.error_count()
            ))
        }
    }
}

fn sync(out: &Path, generated: &codegen::Generated) -> Result<(), String> {
    let changes = write::sync(out, &generated.files)
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    if changes.is_empty() {
        eprintln!(
            "{} is up to date ({} files)",
            out.display(),
            generated.files.len()
        );
    } else {
        for path in &changes.written {
            eprintln!("wrote   {}", out.join(path).display());
        }
        for path in &changes.removed {
            eprintln!("removed {}", out.join(path).display());
        }
    }
    Ok(())
}

/// The workspace's settings; problems finding the specs are reported like any other.
fn workspace_settings(workspace: &Workspace, strict: bool) -> Result<Settings, String> {
    match workspace.settings() {
        Ok(settings) => Ok(Settings { strict, ..settings }),
        Err(diagnostics) => {
            report(&diagnostics);
            Err("cannot find the specs; nothing was written".to_owned())
        }
    }
}

fn generate_workspace(workspace: &Workspace, strict: bool, timings: bool) -> Result<(), String> {
    let settings = workspace_settings(workspace, strict)?;
    let generated = run(&settings)?;
    let out = workspace.out_dir();
    // Read before the record is overwritten: what this regeneration changes for users.
    let before = diff::record::read(&out);
    let report = before
        .as_ref()
        .map(|before| diff::diff(before, &generated.surfaces));
    write_out(&out, generated, timings)?;
    match report {
        Ok(report) if !report.is_empty() => eprint!("\n{}", report.text()),
        Ok(_) => {}
        Err(error) => eprintln!("what changed for users is not known: {error}"),
    }
    Ok(())
}

/// Writes the crate, then prints the stage times when asked.
fn write_out(out: &Path, mut generated: codegen::Generated, timings: bool) -> Result<(), String> {
    let mut clock = std::time::Instant::now();
    sync(out, &generated)?;
    generated.timings.lap("write", &mut clock);
    if timings {
        eprintln!("timings: {}", generated.timings);
    }
    Ok(())
}

fn check(workspace: &Workspace, strict: bool) -> Result<(), String> {
    let settings = workspace_settings(workspace, strict)?;
    let generated = run(&settings)?;
    let out = workspace.out_dir();
    let changes = write::diff(&out, &generated.files)
        .map_err(|e| format!("cannot read {}: {e}", out.display()))?;
    if changes.is_empty() {
        eprintln!("{} is up to date", out.display());
        return Ok(());
    }
    let mut message = format!("{} is stale:\n", out.display());
    for path in &changes.written {
        message.push_str(&format!("  differs: {}\n", out.join(path).display()));
    }
    for path in &changes.removed {
        message.push_str(&format!(
            "  no longer generated: {}\n",
            out.join(path).display()
        ));
    }
    message.push_str(&format!(
        "run `{}` and commit the result",
        workspace.command
    ));
    Err(message)
}

/// `cargo codegen diff`: the project's crates against their records or a revision, or two
/// sets of documents (each: specs, overlays) when they are given.
fn diff_command(
    from: Option<&str>,
    old: (Vec<PathBuf>, Vec<PathBuf>),
    new: (Vec<PathBuf>, Vec<PathBuf>),
    format: ReportFormat,
) -> Result<(), String> {
    let shown = |report: &diff::Report| match format {
        ReportFormat::Text => report.text(),
        ReportFormat::Changelog => report.changelog("Unreleased"),
        // A report is maps, lists and strings: it always serialises.
        ReportFormat::Json => serde_json::to_string_pretty(report).unwrap_or_default() + "\n",
    };
    if new.0.is_empty() {
        let project = project()?;
        let mut reports = std::collections::BTreeMap::new();
        for workspace in &project.workspaces {
            let report = workspace_diff(workspace, from)?;
            if !matches!(format, ReportFormat::Json) {
                let folder = workspace.out_dir().display().to_string();
                print_out(&format!(
                    "{} ({folder}): {}\n",
                    workspace.crate_name,
                    shown(&report)
                ))?;
            }
            reports.insert(workspace.crate_name.clone(), report);
        }
        if matches!(format, ReportFormat::Json) {
            print_out(&(serde_json::to_string_pretty(&reports).unwrap_or_default() + "\n"))?;
        }
        return Ok(());
    }
    let sides = |(specs, overlays)| Sources {
        specs,
        overlays,
        spec_root: None,
    };
    let before = surfaces(&standalone(sides(old), Path::new("old"), "old", false))?;
    let after = surfaces(&standalone(sides(new), Path::new("new"), "new", false))?;
    print_out(&shown(&diff::diff(&before, &after)))
}

/// Writes to standard output; a reader that went away (`| head`) is not an error.
fn print_out(text: &str) -> Result<(), String> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write the report: {error}"))
        }
        _ => Ok(()),
    }
}

/// How `cargo codegen diff` prints its report.
#[derive(Clone, Copy)]
enum ReportFormat {
    Text,
    Changelog,
    Json,
}

/// The public API `settings` give, or the problems that stop it being generated.
fn surfaces(settings: &Settings) -> Result<Vec<diff::Surface>, String> {
    codegen::pipeline::surfaces(settings).map_err(|diagnostics| {
        report(&diagnostics);
        format!(
            "the specs of {} do not generate ({} error(s)); nothing to compare",
            file_names(
                &settings
                    .apis
                    .iter()
                    .flat_map(|a| a.documents.clone())
                    .collect::<Vec<_>>()
            ),
            diagnostics.error_count()
        )
    })
}

/// What the workspace's specs change: against the API its crate records, or against the
/// specs of git revision `from`.
fn workspace_diff(workspace: &Workspace, from: Option<&str>) -> Result<diff::Report, String> {
    let settings = workspace_settings(workspace, false)?;
    let now = surfaces(&settings)?;
    let before = match from {
        None => diff::record::read(&workspace.out_dir())
            .map_err(|e| format!("{e}; compare with the specs of a revision instead: `cargo codegen diff --from HEAD`"))?,
        Some(revision) => {
            let old = diff::revision::files_at(&workspace.specs_dir(), revision)?;
            let mut problems = Diagnostics::default();
            // A root inside the specs folder is the same folder of the revision's copy.
            let spec_root = (workspace.spec_root.as_deref())
                .and_then(|root| root.strip_prefix(workspace.specs_dir()).ok())
                .map(|inside| old.folder.join(inside));
            let apis = codegen::load::discover(&old.folder, spec_root.as_deref(), &mut problems);
            if problems.has_errors() {
                report(&problems);
                return Err(format!("the specs at `{revision}` cannot be read"));
            }
            surfaces(&Settings { apis, ..settings.clone() })?
        }
    };
    Ok(diff::diff(&before, &now))
}

/// The documents of one API given on the command line.
struct Sources {
    specs: Vec<PathBuf>,
    overlays: Vec<PathBuf>,
    spec_root: Option<PathBuf>,
}

/// Settings for one crate from the documents given on the command line.
fn standalone(sources: Sources, out: &Path, crate_name: &str, operation_tests: bool) -> Settings {
    let Sources {
        specs,
        overlays,
        spec_root,
    } = sources;
    let mut command = String::from(GENERATE);
    for spec in &specs {
        command.push_str(&format!(" --spec {}", shown(spec)));
    }
    for overlay in &overlays {
        command.push_str(&format!(" --overlay {}", shown(overlay)));
    }
    if let Some(root) = &spec_root {
        command.push_str(&format!(" --spec-root {}", shown(root)));
    }
    command.push_str(&format!(" --out {} --crate-name {crate_name}", shown(out)));
    if operation_tests {
        command.push_str(" --operation-tests");
    }
    Settings {
        crate_name: crate_name.to_owned(),
        description: format!("Typed async client generated from {}.", file_names(&specs)),
        apis: vec![ApiSources {
            name: crate_name.to_owned(),
            documents: specs,
            overlays,
            spec_root,
        }],
        layout: Layout::Root,
        standalone: true,
        command,
        strict: false,
        operation_tests,
        history: None,
    }
}

fn lint(sources: Sources, allow: Option<PathBuf>) -> Result<(), String> {
    let Sources {
        specs,
        overlays,
        spec_root,
    } = sources;
    if specs.is_empty() {
        let project = project()?;
        let linted: Vec<&Workspace> = project.workspaces.iter().filter(|w| w.lint).collect();
        if linted.is_empty() {
            return Err(format!("no crate in {} says `lint = true`", Project::FILE));
        }
        return linted.into_iter().try_for_each(|workspace| {
            let settings = workspace_settings(workspace, false)?;
            let allow = allow
                .clone()
                .unwrap_or_else(|| workspace.specs_dir().join("lint.toml"));
            lint_apis(&settings.apis, Some(allow))
        });
    }
    let name = specs[0]
        .file_stem()
        .map_or_else(|| "api".to_owned(), |s| s.to_string_lossy().into_owned());
    let api = ApiSources {
        name,
        documents: specs,
        overlays,
        spec_root,
    };
    lint_apis(&[api], allow)
}

/// Lints the APIs, accepting what the allow file at `allow` lists.
fn lint_apis(apis: &[ApiSources], allow: Option<PathBuf>) -> Result<(), String> {
    let mut problems = Diagnostics::default();
    let config = match allow {
        Some(path) => codegen::lint::Config::read(&path, &mut problems),
        None => codegen::lint::Config::default(),
    };
    if problems.has_errors() {
        problems.locate();
        report(&problems);
        return Err("the allow file is not usable".to_owned());
    }
    let findings = codegen::lint::lint(apis, &config);
    report(&findings);
    if findings.is_empty() {
        eprintln!("no findings in {} API(s)", apis.len());
        Ok(())
    } else {
        Err(format!(
            "{} finding(s); fix them with overlay actions, or accept them with a reason in the allow file",
            findings.len()
        ))
    }
}

/// A path for a file header: relative to the current folder when it is inside it (a header
/// does not record where the machine that generated it keeps its files).
fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let relative = match path.is_absolute() {
        true => path.strip_prefix(&cwd).unwrap_or(path),
        false => path,
    };
    relative.display().to_string()
}

/// The files' names, each in backticks, on one line whatever they hold.
fn file_names(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| {
            let name = p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            format!("`{}`", codegen::visible::one_line(&name))
        })
        .collect::<Vec<_>>()
        .join(", ")
}
