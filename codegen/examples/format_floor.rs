//! What formatting alone costs: parses Rust files with `syn` and prints them with
//! `prettyplease`, on one thread, and nothing else. `bench/perf` runs it on our own output for
//! each document, to show how much of our time the formatter the output must go through takes
//! before any OpenAPI work.
//!
//!     cargo run --release -p codegen --example format_floor -- FILE.rs...

use std::process::ExitCode;

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: format_floor FILE.rs...");
        return ExitCode::from(2);
    }
    let mut lines = 0;
    for path in &files {
        let parsed = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| syn::parse_file(&text).map_err(|e| e.to_string()));
        match parsed {
            Ok(file) => lines += prettyplease::unparse(&file).lines().count(),
            Err(error) => {
                eprintln!("{path}: {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!("{lines} lines formatted");
    ExitCode::SUCCESS
}
