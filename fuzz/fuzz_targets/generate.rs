//! Fuzz target: arbitrary bytes through the whole pipeline (load → merge → overlay → parse →
//! IR → emit → render → locate), and through the linter, as a document and, after a
//! `\n---overlay---\n` line, an overlay. Anything may be reported; nothing may panic, abort
//! or hang, and no generated file may hold a NUL, control, bidi or invisible character.

#![no_main]

use codegen::{ApiSources, Layout, Settings};
use libfuzzer_sys::fuzz_target;

const OVERLAY_SEPARATOR: &[u8] = b"\n---overlay---\n";

fuzz_target!(|data: &[u8]| {
    let (document, overlay) = match data
        .windows(OVERLAY_SEPARATOR.len())
        .position(|window| window == OVERLAY_SEPARATOR)
    {
        Some(at) => (&data[..at], Some(&data[at + OVERLAY_SEPARATOR.len()..])),
        None => (data, None),
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    // JSON input is read as JSON, anything else as YAML, as the generator decides by extension.
    let name = if document.first() == Some(&b'{') {
        "spec.json"
    } else {
        "spec.yaml"
    };
    let spec = dir.path().join(name);
    std::fs::write(&spec, document).expect("writing the document");
    let mut overlays = Vec::new();
    if let Some(overlay) = overlay {
        let path = dir.path().join("overlay.yaml");
        std::fs::write(&path, overlay).expect("writing the overlay");
        overlays.push(path);
    }
    let apis = vec![ApiSources {
        name: "fuzzed".to_owned(),
        documents: vec![spec],
        overlays,
        spec_root: None,
    }];
    codegen::lint::lint(&apis, &codegen::lint::Config::default());
    let settings = Settings {
        crate_name: "fuzzed".to_owned(),
        description: "Fuzzed client.".to_owned(),
        apis,
        layout: Layout::Root,
        standalone: true,
        command: "cargo codegen generate".to_owned(),
        strict: false,
        operation_tests: false,
        history: None,
    };
    match codegen::generate(&settings) {
        // What a regeneration would report against nothing, and back: every surface the
        // generator can build goes through the comparison and both reports.
        Ok(generated) => {
            // Every file is text a reviewer can read: no NUL, control, bidi or invisible
            // character, whatever the input held.
            for (path, text) in &generated.files {
                if let Some((at, hidden)) = codegen::visible::first_hidden(text) {
                    panic!("{} holds {hidden:?} at byte {at}", path.display());
                }
            }
            let empty: Vec<_> = generated
                .surfaces
                .iter()
                .map(|s| codegen::diff::Surface {
                    module: s.module.clone(),
                    ..Default::default()
                })
                .collect();
            let report = codegen::diff::diff(&empty, &generated.surfaces);
            let _ = (report.text(), report.changelog("fuzzed"));
            let _ = codegen::diff::diff(&generated.surfaces, &empty).text();
        }
        Err(diagnostics) => {
            // An internal error is a generator bug, as much as a panic is.
            if let Some(bug) = diagnostics
                .iter()
                .find(|d| d.message.contains("internal error"))
            {
                panic!("generator bug: {bug}");
            }
        }
    }
});
