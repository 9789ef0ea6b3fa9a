//! How generation time grows on the inputs that used to blow it up: each worst case at a
//! size `n` and at `4n`, and the ratio of the two times, measured in the same run. Work that
//! grows linearly gives about 4; the square of the input, 16; the old alias chains gave
//! about 64 and the `allOf` diamonds grew with 2 to the depth.
//!
//!     cargo bench -p codegen --bench untrusted_growth
//!
//! Prints the table and writes it, dated and with this command, to
//! `bench/results/untrusted-growth.md`.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use codegen::{ApiSources, Layout, Settings};
use serde_json::{Map, Value, json};

/// A worst case: its name, what its size counts, and the documents (and overlays) of size n.
struct Case {
    name: &'static str,
    unit: &'static str,
    size: usize,
    make: fn(usize) -> (Value, Option<Value>),
}

fn one_operation(schemas: Map<String, Value>) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Growth", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "getA", "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}}}}}},
        "components": {"schemas": schemas},
    })
}

fn reference(i: usize) -> Value {
    json!({"$ref": format!("#/components/schemas/S{i}")})
}

fn alias_chain(n: usize) -> (Value, Option<Value>) {
    let mut schemas: Map<String, Value> = (0..n)
        .map(|i| (format!("S{i}"), reference(i + 1)))
        .collect();
    schemas.insert(
        format!("S{n}"),
        json!({"type": "object", "properties": {"a": {"type": "string"}}}),
    );
    (one_operation(schemas), None)
}

fn alias_circle(n: usize) -> (Value, Option<Value>) {
    let schemas = (0..n)
        .map(|i| (format!("S{i}"), reference((i + 1) % n)))
        .collect();
    (one_operation(schemas), None)
}

fn all_of_diamonds(n: usize) -> (Value, Option<Value>) {
    let mut schemas: Map<String, Value> = (0..n)
        .map(|i| {
            (
                format!("S{i}"),
                json!({"allOf": [reference(i + 1), reference(i + 1)]}),
            )
        })
        .collect();
    schemas.insert(
        format!("S{n}"),
        json!({"type": "object", "properties": {"a": {"type": "string"}}}),
    );
    (one_operation(schemas), None)
}

fn objects(n: usize) -> Map<String, Value> {
    (0..n)
        .map(|i| {
            let object = json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}});
            (format!("S{i}"), object)
        })
        .collect()
}

fn overlay_everywhere(n: usize) -> (Value, Option<Value>) {
    let overlay = json!({
        "overlay": "1.0.0",
        "info": {"title": "Everywhere", "version": "1"},
        "actions": [{"target": "$..*", "update": {"x-seen": true}}],
    });
    (one_operation(objects(n)), Some(overlay))
}

fn shared_description(n: usize) -> (Value, Option<Value>) {
    let paths: Map<String, Value> = (0..n)
        .map(|i| {
            let op = json!({"get": {"operationId": format!("op{i}"),
                "parameters": [{"$ref": "#/components/parameters/Shared"}],
                "responses": {"204": {"description": "done"}}}});
            (format!("/p{i}"), op)
        })
        .collect();
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "Shared", "version": "1"},
        "paths": paths,
        "components": {"parameters": {"Shared": {"name": "q", "in": "query",
            "description": "A shared text. ".repeat(20_000), "schema": {"type": "string"}}}},
    });
    (spec, None)
}

fn hostile_descriptions(n: usize) -> (Value, Option<Value>) {
    let text = "```rust\nstd::process::exit(1)\n```\n> ~~~\n-     x\n\u{202e}\r\0 [a](b) <!-- ";
    let schemas = (0..n)
        .map(|i| {
            let object = json!({"type": "object", "description": text,
                "properties": {"a": {"type": "string", "description": text}}});
            (format!("S{i}"), object)
        })
        .collect();
    (one_operation(schemas), None)
}

const CASES: &[Case] = &[
    Case {
        name: "alias chain",
        unit: "aliases",
        size: 1000,
        make: alias_chain,
    },
    Case {
        name: "alias circle, with its warnings shown",
        unit: "aliases",
        size: 1000,
        make: alias_circle,
    },
    Case {
        name: "`allOf` of the same schema twice, nested",
        unit: "levels",
        size: 250,
        make: all_of_diamonds,
    },
    Case {
        name: "overlay update of every node (`$..*`)",
        unit: "schemas",
        size: 500,
        make: overlay_everywhere,
    },
    Case {
        name: "256 KB description shared by every operation",
        unit: "operations",
        size: 250,
        make: shared_description,
    },
    Case {
        name: "descriptions full of fences and hidden characters",
        unit: "schemas",
        size: 250,
        make: hostile_descriptions,
    },
];

/// The time generation (and showing its problems, as the command line does) takes for the
/// case at size `n`: the median of three runs.
fn measure(case: &Case, n: usize) -> Duration {
    let dir = tempfile::tempdir().unwrap();
    let (spec, overlay) = (case.make)(n);
    let spec_path = dir.path().join("spec.json");
    std::fs::write(&spec_path, serde_json::to_vec(&spec).unwrap()).unwrap();
    let mut overlays = Vec::new();
    if let Some(overlay) = overlay {
        let path = dir.path().join("overlay.json");
        std::fs::write(&path, serde_json::to_vec(&overlay).unwrap()).unwrap();
        overlays.push(path);
    }
    let settings = Settings {
        crate_name: "growth".to_owned(),
        description: "Growth.".to_owned(),
        apis: vec![ApiSources {
            name: "growth".to_owned(),
            documents: vec![spec_path],
            overlays,
            spec_root: None,
        }],
        layout: Layout::Root,
        standalone: true,
        command: "cargo bench".to_owned(),
        strict: false,
        operation_tests: false,
        history: None,
    };
    let mut times: Vec<Duration> = (0..3)
        .map(|_| {
            let started = Instant::now();
            let diagnostics = match codegen::generate(&settings) {
                Ok(generated) => generated.diagnostics,
                Err(diagnostics) => diagnostics,
            };
            let shown = codegen::diagnostics::render(&diagnostics, dir.path(), false);
            std::hint::black_box(shown);
            started.elapsed()
        })
        .collect();
    times.sort();
    times[1]
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to parse.
    let mut table = String::from(
        "| worst case | n | time at n | time at 4n | ratio (linear: 4) |\n|---|---:|---:|---:|---:|\n",
    );
    for case in CASES {
        let small = measure(case, case.size);
        let large = measure(case, case.size * 4);
        let ratio = large.as_secs_f64() / small.as_secs_f64();
        let ms = |time: Duration| format!("{:.1} ms", time.as_secs_f64() * 1000.0);
        let _ = writeln!(
            table,
            "| {} | {} {} | {} | {} | {ratio:.1} |",
            case.name,
            case.size,
            case.unit,
            ms(small),
            ms(large)
        );
        print!(
            "{}",
            table
                .lines()
                .last()
                .map(|l| format!("{l}\n"))
                .unwrap_or_default()
        );
    }
    let date = std::process::Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .ok();
    let date = date
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let results =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../bench/results/untrusted-growth.md");
    let text = format!(
        "# Generation time on untrusted worst cases, by input size\n\n\
         Measured {date} with `cargo bench -p codegen --bench untrusted_growth` (release build, \
         median of 3 runs each, generation plus showing its problems). Each case is run at a size \
         n and at 4n in the same run; the ratio of the two times is about 4 for work that grows \
         linearly with the input.\n\n{table}"
    );
    std::fs::create_dir_all(results.parent().unwrap()).unwrap();
    std::fs::write(&results, text).unwrap();
    eprintln!("written to {}", results.display());
}
