#!/usr/bin/env bash
# Measures the browser in a real terminal (tmux): start to first full frame, and each keypress
# to the frame that shows it, from the binary's own timing log (ARENASCOPE_FRAME_LOG).
#
#   scripts/tui_timings.sh [DATASET] [RUNS]     (default: /work/data/arena-33k.parquet, 5 runs)
#
# Each run starts the release binary at 200x60 (flags in a fresh --review-file), waits for the
# list, types a query one key at a time, moves through the list, opens a battle, pages through
# it, cycles the rating views, flags two battles (labels, a note), jumps between them, judges
# three battles blind, opens the agreement summary, and quits. The log holds:
# first_full_frame_ms, input_to_frame_ms (every key), query_to_results_frame_ms (an edit of the
# query to the frame with its results) and review_save_ms (each save on the review worker:
# lock, append, fsync).
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-/work/data/arena-33k.parquet}"
runs="${2:-5}"
bin="target/release/arenascope"
[ -x "$bin" ] || cargo build --release
logdir="$(mktemp -d)"
sock="arenascope-timings-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$logdir"' EXIT

for run in $(seq "$runs"); do
    log="$logdir/run$run.log"
    tmux -L "$sock" -f /dev/null new-session -d -x 200 -y 60 \
        -e "ARENASCOPE_FRAME_LOG=$log" -e "XDG_CONFIG_HOME=$logdir/config" -e "XDG_DATA_HOME=$logdir/data" \
        "$bin" "$data" --review-file "$logdir/flags$run.jsonl"
    for _ in $(seq 200); do
        grep -q first_full_frame_ms "$log" 2>/dev/null && break
        sleep 0.05
    done
    sleep 1.5 # let the background rating jobs finish so keys are measured on a settled app
    tmux -L "$sock" send-keys /
    for c in p y t h o n " " m o d e l : g p t - 4; do
        tmux -L "$sock" send-keys -l "$c"
        sleep 0.08
    done
    tmux -L "$sock" send-keys Enter
    sleep 0.3
    for k in j j j j k k Enter n n N PageDown PageDown PageUp Tab r r r Tab; do
        tmux -L "$sock" send-keys "$k"
        sleep 0.08
    done
    for k in Escape f 1 j j Space Tab w h y C-s j j f 2 C-s [ ] ] b 1 '>' 2 '>' 3 v Escape b; do
        tmux -L "$sock" send-keys "$k"
        sleep 0.08
    done
    tmux -L "$sock" send-keys q
    sleep 0.3
    tmux -L "$sock" kill-server 2>/dev/null || true
done

cat "$logdir"/run*.log | awk '
    /^first_full_frame_ms/ { ff[++nf] = $2; rest[nf] = $2 - $4 }
    /^input_to_frame_ms/ { k[++nk] = $2 }
    /^query_to_results_frame_ms/ { q[++nq] = $2 }
    /^review_save_ms/ { r[++nr] = $2 }
    function sort(a, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t } }
    function pct(a, n, p) { return a[int((n - 1) * p) + 1] }
    END {
        sort(ff, nf); sort(rest, nf); sort(k, nk); sort(q, nq); sort(r, nr)
        printf "first full frame (ms): runs %d, median %.0f, max %.0f; beyond the load itself: median %.0f, max %.0f\n", nf, pct(ff, nf, 0.5), ff[nf], pct(rest, nf, 0.5), rest[nf]
        printf "keypress to frame (ms): %d keys, median %.2f, p95 %.2f, max %.2f\n", nk, pct(k, nk, 0.5), pct(k, nk, 0.95), k[nk]
        if (nq) printf "query edit to results frame (ms): %d edits, median %.1f, p95 %.1f, max %.1f\n", nq, pct(q, nq, 0.5), pct(q, nq, 0.95), q[nq]
        if (nr) printf "review saves on the worker (ms): %d saves, median %.2f, p95 %.2f, max %.2f\n", nr, pct(r, nr, 0.5), pct(r, nr, 0.95), r[nr]
    }'
