//! Whole-process timings for the index cache (issue 18 item 5): `index_cache load FILE` (a
//! cold load), `decode FILE` (its parquet decoding alone), `hash FILE` (the cache key's cost),
//! `write FILE CACHE` and `read CACHE` (the cache of `load::cache`).

use std::path::Path;

use arenascope::load::{DataSource, LoadOptions, cache, load};

#[path = "../benches/support/raw_cache.rs"]
mod raw_cache;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cold = |file: &str| load(&DataSource::Paths(vec![file.into()]), LoadOptions::default());
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["load", file] => println!("{} battles loaded", cold(file)?.index.len()),
        ["decode", file] => println!("{} rows decoded", raw_cache::decode(Path::new(file))),
        ["hash", file] => {
            let resolved = DataSource::Paths(vec![file.into()]).resolve()?;
            println!("{:?}", cache::path_for(&resolved, false, Default::default()));
        }
        ["write", file, path] => {
            let loaded = cold(file)?;
            cache::write(Path::new(path), &loaded.index, &loaded.report)?;
            println!("{} bytes written", std::fs::metadata(path)?.len());
        }
        ["read", path] => {
            let (index, _) = cache::read(Path::new(path)).ok_or_else(|| anyhow::anyhow!("not a valid cache"))?;
            println!("{} battles read back", index.len());
        }
        _ => anyhow::bail!("usage: index_cache load FILE | decode FILE | hash FILE | write FILE CACHE | read CACHE"),
    }
    Ok(())
}
