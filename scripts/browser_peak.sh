#!/bin/bash
# Peak memory and first frames of the browser, as BENCHMARKS.md measures them.
# usage: scripts/browser_peak.sh FILE [ENV=VALUE ...]   e.g. ARENASCOPE_NO_CACHE=1
# Opens FILE in tmux at 200x60, waits for the load (WAIT seconds, default 5), searches
# `python`, quits; samples VmRSS every 10 ms of the tmux pane's own arenascope process.
set -eu
F=$1; shift
BIN=${BIN:-target/release/arenascope}
S=peak$$; LOG=$(mktemp); FL=$(mktemp)
tmux new-session -d -s "$S" -x 200 -y 60; sleep 0.3
python3 - "$S" "$LOG" <<'PY' &
import sys, time, subprocess
sess, out = sys.argv[1], open(sys.argv[2], 'w')
pane = subprocess.run(['tmux', 'display', '-p', '-t', sess, '#{pane_pid}'], capture_output=True, text=True).stdout.strip()
pid = None
while pid is None:
    r = subprocess.run(['pgrep', '-P', pane, '-x', 'arenascope'], capture_output=True, text=True)
    pid = int(r.stdout.split()[0]) if r.stdout.strip() else time.sleep(0.002)
peak = 0
while True:
    try:
        rss = [int(l.split()[1]) // 1024 for l in open(f'/proc/{pid}/status') if l.startswith('VmRSS')]
    except FileNotFoundError:
        break
    if not rss:
        break
    peak = max(peak, rss[0]); time.sleep(0.01)
out.write(f'peak_rss_mib {peak}\n')
PY
tmux send-keys -t "$S" "env $* ARENASCOPE_FRAME_LOG=$FL $BIN $F" Enter
sleep "${WAIT:-5}"; tmux send-keys -t "$S" "/python" Enter; sleep 3
tmux send-keys -t "$S" Escape; sleep 0.5; tmux send-keys -t "$S" q
wait
tmux kill-session -t "$S" 2>/dev/null || true
cat "$LOG"; grep -E 'first_battles|first_full' "$FL" || true
rm -f "$LOG" "$FL"
