//! The floor for generation time: reads an OpenAPI document and parses it into
//! `openapiv3::OpenAPI` with nothing else, the least any generator built on that model does.
//! `bench/perf` times it beside the generators.
//!
//!     cargo run --release -p codegen --example parse_floor -- SPEC

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: parse_floor SPEC");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("{path}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let parsed = if path.ends_with(".json") {
        serde_json::from_str::<openapiv3::OpenAPI>(&text).map_err(|e| e.to_string())
    } else {
        serde_yaml::from_str::<openapiv3::OpenAPI>(&text).map_err(|e| e.to_string())
    };
    match parsed {
        Ok(spec) => {
            println!("{} paths", spec.paths.paths.len());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{path}: {error}");
            ExitCode::FAILURE
        }
    }
}
