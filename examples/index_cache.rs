//! Whole-process timings for the index-cache question (issue 18 item 5), with the prototype
//! in `benches/support/raw_cache.rs`:
//! `index_cache load FILE` (a cold load), `index_cache write FILE CACHE`, `index_cache read CACHE`.

use std::path::Path;

use arenascope::load::{DataSource, LoadOptions, load};

#[path = "../benches/support/raw_cache.rs"]
mod raw_cache;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cold = |file: &str| load(&DataSource::Paths(vec![file.into()]), LoadOptions::default()).map(|l| l.index);
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["load", file] => println!("{} battles loaded", cold(file)?.len()),
        ["decode", file] => println!("{} rows decoded", raw_cache::decode(Path::new(file))),
        ["write", file, cache] => println!("{} bytes written", raw_cache::write(&cold(file)?, Path::new(cache))?),
        ["read", cache] => {
            let raw = raw_cache::read(Path::new(cache))?;
            println!("{} battles, {} messages read back", raw.battles, raw.spans.len());
        }
        _ => anyhow::bail!("usage: index_cache load FILE | decode FILE | write FILE CACHE | read CACHE"),
    }
    Ok(())
}
