#!/usr/bin/env bash
# Whole-process load timings of arenascope beside the peers a user would otherwise run.
# Needs: hyperfine, python3 with pyarrow pandas duckdb datasets, and the stand-in files:
#   python3 ../shared/tools/gen_arena.py --rows 33000 --seed 1 --format parquet --out DIR/arena-33k.parquet
#   (also .jsonl, .json; and --rows 330000 --seed 2 for arena-330k.parquet / .jsonl)
# Usage: scripts/bench_load.sh DATA_DIR [PEERS_DIR]
set -euo pipefail
data=${1:?data dir}
peers=${2:-../shared/tools/peers}
bin=target/release/arenascope
cargo build --release --quiet
run() { hyperfine --warmup 1 --runs "${RUNS:-10}" --export-markdown /tmp/bench_load.md "$@" >&2; cat /tmp/bench_load.md; }

echo "## arenascope stats, 33K"
run -N "$bin stats $data/arena-33k.parquet" "$bin stats $data/arena-33k.jsonl" "$bin stats $data/arena-33k.json"
echo "## peak RSS (KB)"
for f in arena-33k.parquet arena-33k.jsonl arena-33k.json arena-330k.parquet arena-330k.jsonl; do
  /usr/bin/time -f "$f %M KB %e s" "$bin" stats "$data/$f" > /dev/null
done
echo "## 330K"
RUNS=3 run -N "$bin stats $data/arena-330k.parquet" "$bin stats $data/arena-330k.jsonl"
echo "## start to first answer: load + count battles mentioning python"
run -N "$bin search python $data/arena-33k.parquet --count" \
  "python3 $peers/duckdb_search.py $data/arena-33k.parquet python" \
  "python3 $peers/pandas_search.py $data/arena-33k.parquet python" \
  "python3 $peers/datasets_search.py $data/arena-33k.parquet python" \
  "rg -c -i python $data/arena-33k.jsonl"
echo "## start to first answer, 330K"
RUNS=3 run -N "$bin search python $data/arena-330k.parquet --count" \
  "python3 $peers/duckdb_search.py $data/arena-330k.parquet python" \
  "python3 $peers/pandas_search.py $data/arena-330k.parquet python" \
  "python3 $peers/datasets_search.py $data/arena-330k.parquet python" \
  "rg -c -i python $data/arena-330k.jsonl"
echo "## peak RSS of start to first answer (KB)"
for f in arena-33k.parquet arena-330k.parquet; do
  /usr/bin/time -f "arenascope $f %M KB %e s" "$bin" search python "$data/$f" --count > /dev/null
  for p in duckdb pandas datasets; do
    /usr/bin/time -f "$p $f %M KB %e s" python3 "$peers/${p}_search.py" "$data/$f" python > /dev/null
  done
done
