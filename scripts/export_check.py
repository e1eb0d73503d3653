#!/usr/bin/env python3
"""Check arenascope exports with the tools people load them with: pandas, pyarrow, DuckDB and
Hugging Face `datasets`. Each file is loaded by all four; the row counts must agree (and equal
--rows when given) and the columns must be the ones the export's form promises: the dataset
columns of the release (Search Arena's messages and system metadata, the 55k's Kaggle CSV, the
conversation columns of the others), pairs, or the flat review CSV.

Usage: export_check.py FILE... [--rows N]     (one --rows applies to every file)
Needs: pip install pandas pyarrow duckdb datasets
Exit status 1 if any check fails.
"""
import argparse, json, sys

PAIRS = ["id", "chosen", "rejected", "chosen_model", "rejected_model", "language", "turn"]
CSV = ["id", "question_id", "occurrence", "model_a", "model_b", "winner", "language", "turn", "tstamp",
       "labels", "note", "own_vote", "created", "updated", "judge", "prompt"]
# The 55k release's battles as its Kaggle train.csv.
KAGGLE = ["id", "model_a", "model_b", "prompt", "response_a", "response_b", "winner_model_a", "winner_model_b",
          "winner_tie"]
# The columns every dataset export has, whatever the release (the 140k says `id`).
DATASET_ANY = ["model_a", "model_b", "winner", "conversation_a", "conversation_b"]
# Search Arena's own layout.
SEARCH = ["model_a", "model_b", "winner", "messages_a", "messages_b", "system_a_metadata", "system_b_metadata",
          "languages"]


def kind(path):
    return "parquet" if path.endswith(".parquet") else "csv" if path.endswith(".csv") else "json"


def load_all(path):
    """(tool, rows, columns) for each tool."""
    import pandas as pd, pyarrow.parquet as pq, pyarrow.json as pj, pyarrow.csv as pc, duckdb, datasets
    k = kind(path)
    out = []
    df = pd.read_parquet(path) if k == "parquet" else pd.read_csv(path) if k == "csv" else pd.read_json(path, lines=True)
    out.append(("pandas", len(df), list(df.columns)))
    t = pq.read_table(path) if k == "parquet" else pc.read_csv(path, parse_options=pc.ParseOptions(newlines_in_values=True)) if k == "csv" else pj.read_json(path)
    out.append(("pyarrow", t.num_rows, t.column_names))
    reader = {"parquet": "read_parquet", "csv": "read_csv_auto", "json": "read_json_auto"}[k]
    con = duckdb.connect()
    rel = con.sql(f"select * from {reader}('{path}')")
    out.append(("duckdb", con.execute(f"select count(*) from {reader}('{path}')").fetchall()[0][0], rel.columns))
    ds = datasets.load_dataset(k, data_files=path, split="train")
    out.append(("datasets", ds.num_rows, ds.column_names))
    return out


def expected_columns(path, columns):
    review = ["review"] if "review" in columns else []
    if kind(path) == "csv":
        return (KAGGLE if "winner_model_a" in columns else CSV) + review
    if "chosen" in columns:
        return PAIRS + (["label"] if "label" in columns else []) + review
    if "messages_a" in columns:
        return SEARCH + review
    return DATASET_ANY + [("id" if "id" in columns else "question_id")] + review


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--rows", type=int)
    a = ap.parse_args()
    failed = False
    for path in a.files:
        try:
            results = load_all(path)
        except Exception as e:  # one unreadable file is a failure, not the end of the check
            print(f"FAIL {path}: {type(e).__name__}: {str(e).splitlines()[0][:200]}")
            failed = True
            continue
        rows = {tool: n for tool, n, _ in results}
        want = expected_columns(path, results[0][2])
        problems = []
        if len(set(rows.values())) != 1:
            problems.append(f"row counts differ: {rows}")
        if a.rows is not None and results[0][1] != a.rows:
            problems.append(f"{results[0][1]} rows, expected {a.rows}")
        for tool, _, cols in results:
            missing = [c for c in want if c not in cols]
            if missing:
                problems.append(f"{tool}: missing columns {missing}")
            if kind(path) != "csv" and "chosen" in cols and "prompt" in cols:
                problems.append(f"{tool}: pairs must not have a prompt column")
        status = "ok" if not problems else "FAIL"
        failed |= bool(problems)
        print(f"{status:4} {path}: {results[0][1]} rows in all of {', '.join(rows)}; "
              f"{len(results[0][2])} columns: {', '.join(results[0][2])}")
        for p in problems:
            print(f"     {p}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
