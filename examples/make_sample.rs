//! Regenerates `assets/sample.jsonl`, the sample embedded in the binary:
//! `cargo run --example make_sample` (300 synthetic battles; the text is arenascope's own).

use std::path::PathBuf;

use arenascope::synth;

fn main() -> std::io::Result<()> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets").join("sample.jsonl");
    let battles = synth::generate(synth::SAMPLE_ROWS, synth::SAMPLE_SEED);
    synth::write_jsonl(&path, &battles)?;
    println!("wrote {} battles to {}", battles.len(), path.display());
    Ok(())
}
