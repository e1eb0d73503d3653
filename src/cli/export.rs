//! `arenascope export QUERY [PATH]... --out FILE`: the battles matching a query as a dataset
//! file or preference pairs, with a dataset card (see [`crate::export`]).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::export::{self, FileType, Format, Provenance, Request, Ties};
use crate::present::export::summary_line;
use crate::query::{self, CompiledQuery, ReviewLookup};
use crate::review::{Reviews, StoreLocation};
use crate::sanitize::sanitize_line;

use super::args::{ExportFormatArg, PairTiesArg, SubsetExportArgs};
use super::common::load_data;
use super::search::{parse_and_warn, report_query_error};

pub(crate) fn run(args: &SubsetExportArgs, review_file: Option<&Path>) -> anyhow::Result<ExitCode> {
    let req = Request {
        path: args.out.clone(),
        format: match args.format {
            ExportFormatArg::Dataset => Format::Dataset,
            ExportFormatArg::Pairs => Format::Pairs,
        },
        file_type: None,
        with_review: args.with_review,
        ties: match args.ties {
            PairTiesArg::Drop => Ties::Drop,
            PairTiesArg::Keep => Ties::Keep,
        },
        card: !args.no_card,
        force: args.force,
    };
    // A wrong file name or a malformed query fails before the data is loaded.
    let file_type: FileType = req.file_type()?;
    if !parse_and_warn(&args.query) {
        return Ok(ExitCode::from(1));
    }
    let loaded = load_data(&args.data)?;
    let index = &loaded.index;
    let q = match CompiledQuery::new(index, &args.query) {
        Ok(q) => q,
        Err(e) => {
            report_query_error(&args.query, &e);
            return Ok(ExitCode::from(1));
        }
    };
    // The store is opened when the query or --with-review needs it; its journal is an input.
    let needs_store = args.with_review || !matches!(query_lookup_kind(&q), LookupKind::None);
    let mut inputs: Vec<PathBuf> = Vec::new();
    let reviews = if needs_store {
        let (r, warnings) = Reviews::open(index, &StoreLocation::from_option(review_file))?;
        for w in &warnings {
            eprintln!("arenascope: warning: {}", sanitize_line(&w.0));
        }
        inputs.push(r.store().path().to_path_buf());
        Some(r)
    } else {
        None
    };
    let lookup: &dyn ReviewLookup = match &reviews {
        Some(r) => r.view(),
        None => &query::NoReviews,
    };
    let battles = query::battles_matching(index, &q, lookup);
    let prov = Provenance { query: &args.query, inputs: &inputs, reviews: reviews.as_ref().map(|r| r.view()) };
    let summary = export::run(index, &battles, &req, &prov)?;
    debug_assert_eq!(summary.file_type, file_type);
    eprintln!("{}", summary_line(&summary));
    // Ties are expected; battles with mismatched user turns are worth naming.
    for s in summary.skipped.iter().filter(|s| s.reason == export::SkipReason::UserTurnsDiffer) {
        let more = s.count.saturating_sub(s.ids.len());
        let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
        let ids: Vec<String> = s.ids.iter().map(|i| sanitize_line(i).into_owned()).collect();
        eprintln!("  skipped ({}): {}{tail}", s.reason.describe(), ids.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}

enum LookupKind {
    None,
    Review,
}

fn query_lookup_kind(q: &CompiledQuery) -> LookupKind {
    use crate::query::ast::Filter;
    if q.query().terms.iter().any(|t| matches!(t.filter, Filter::Review(_))) {
        LookupKind::Review
    } else {
        LookupKind::None
    }
}
