#!/usr/bin/env python3
"""Cross-check `arenascope ratings` against a Python re-implementation of the Arena's method.

Reference (written for this check, after FastChat's `elo_analysis.py`):
- Bradley-Terry: `compute_mle_elo`'s formulation -- pivot tables of A-wins, B-wins and ties,
  win counts doubled and ties counted once as sample weights, rows of +-ln(10) for the pair,
  logistic regression without intercept or penalty -- solved with scipy's L-BFGS-B to a tight
  tolerance from zero (which centres the ratings at 1000), and again with scikit-learn's
  `LogisticRegression(fit_intercept=False, penalty=None)` as FastChat calls it. The pivot
  tables are reindexed over all models with zeros: FastChat's own tables turn some pairs into
  NaN on sparse subsets and drop them; the script counts those pairs separately
  (`fastchat_dropped`) to show where FastChat itself would differ.
- Online Elo: `compute_elo`'s loop, battles sorted by tstamp (stable).
- Spearman rank correlation between our Bradley-Terry order on the full file and the official
  mean win fractions listed in shared/DATA.md.

Where the MLE does not exist for a subset (a model won or lost everything), arenascope leaves
those models unrated; the reference is then fitted on the battles among the rated models only
and the comparison covers them.

Usage:
    pip install numpy scipy scikit-learn pandas pyarrow
    cargo build --release
    python3 scripts/ratings_reference.py /work/data/arena-33k.parquet [--bin target/release/arenascope]
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import warnings

import numpy as np
import pandas as pd
import pyarrow.compute as pc
import pyarrow.parquet as pq
from scipy.optimize import minimize
from scipy.stats import spearmanr

SCALE, BASE, INIT = 400.0, 10.0, 1000.0

# shared/DATA.md: mean win fraction over non-tied battles, from the official notebook.
OFFICIAL_MEAN_WIN_FRACTION = {
    "gpt-4": 0.848, "claude-v1": 0.805, "claude-instant-v1": 0.760, "gpt-3.5-turbo": 0.713,
    "guanaco-33b": 0.631, "vicuna-13b": 0.607, "palm-2": 0.586, "wizardlm-13b": 0.587,
    "vicuna-7b": 0.554, "koala-13b": 0.531, "gpt4all-13b-snoozy": 0.430, "mpt-7b-chat": 0.426,
    "RWKV-4-Raven-14B": 0.412, "alpaca-13b": 0.383, "oasst-pythia-12b": 0.373,
    "chatglm-6b": 0.331, "fastchat-t5-3b": 0.325, "llama-13b": 0.242,
    "stablelm-tuned-alpha-7b": 0.237, "dolly-v2-12b": 0.224,
}


def pivot_weights(df, models):
    """FastChat's ptbl_win (2 x wins + ties), reindexed over all models with zeros."""
    def count(sub, rows, cols):
        if len(sub) == 0:
            return pd.DataFrame(0, index=models, columns=models)
        t = pd.pivot_table(sub, index=rows, columns=cols, aggfunc="size", fill_value=0)
        return t.reindex(index=models, columns=models, fill_value=0)

    a_win = count(df[df.winner == "model_a"], "model_a", "model_b")
    b_win = count(df[df.winner == "model_b"], "model_a", "model_b")
    tie = count(df[df.winner.isin(["tie", "tie (bothbad)"])], "model_a", "model_b")
    return a_win * 2 + b_win.T * 2 + tie + tie.T


def fastchat_dropped_pairs(df):
    """Pairs with battles that FastChat's un-reindexed pivot tables would turn into NaN."""
    def axes(sub, rows, cols):
        return set(sub[rows]), set(sub[cols])

    a_i, a_c = axes(df[df.winner == "model_a"], "model_a", "model_b")
    b_i, b_c = axes(df[df.winner == "model_b"], "model_a", "model_b")  # transposed below
    ties = df[df.winner.isin(["tie", "tie (bothbad)"])]
    t_i, t_c = axes(ties, "model_a", "model_b")

    def valid(i, j):
        ok = i in a_i and j in a_c and i in b_c and j in b_i
        if len(ties):
            ok = ok and i in t_i and j in t_c and i in t_c and j in t_i
        return ok

    dropped = 0
    for i, j in set(map(tuple, np.sort(df[["model_a", "model_b"]].values, axis=1))):
        if not (valid(i, j) and valid(j, i)):
            dropped += 1
    return dropped


def bt_reference(df, models):
    """Ratings by the compute_mle_elo formulation, solved tightly with scipy."""
    w = pivot_weights(df, models).values.astype(float)
    p = len(models)
    rows_a, rows_b, ys, sw = [], [], [], []
    for i in range(p):
        for j in range(p):
            if i == j or (w[i, j] == 0 and w[j, i] == 0):
                continue
            rows_a += [i, i]
            rows_b += [j, j]
            ys += [1.0, 0.0]
            sw += [w[i, j], w[j, i]]
    ia, ib, y, sw = map(np.array, (rows_a, rows_b, ys, sw))
    total = sw.sum()

    def loss_grad(coef):
        z = math.log(BASE) * (coef[ia] - coef[ib])
        pr = 1.0 / (1.0 + np.exp(-z))
        ll = -(sw * (y * np.log(pr) + (1 - y) * np.log1p(-pr))).sum() / total
        r = math.log(BASE) * sw * (pr - y) / total
        g = np.zeros(p)
        np.add.at(g, ia, r)
        np.add.at(g, ib, -r)
        return ll, g

    res = minimize(loss_grad, np.zeros(p), jac=True, method="L-BFGS-B",
                   options={"gtol": 1e-13, "ftol": 1e-16, "maxiter": 100000, "maxcor": 30})
    return dict(zip(models, SCALE * res.x + INIT))


def bt_sklearn(df, models):
    """The same with scikit-learn, as FastChat calls it (tolerance tightened)."""
    from sklearn.linear_model import LogisticRegression

    # FastChat passes penalty=None, which newer scikit-learn deprecates (same meaning).
    warnings.filterwarnings("ignore", category=FutureWarning)

    w = pivot_weights(df, models).values.astype(float)
    p = len(models)
    X, Y, sw = [], [], []
    for i in range(p):
        for j in range(p):
            if i == j or (w[i, j] == 0 and w[j, i] == 0):
                continue
            x = np.zeros(p)
            x[i], x[j] = math.log(BASE), -math.log(BASE)
            X += [x, x]
            Y += [1.0, 0.0]
            sw += [w[i, j], w[j, i]]
    lr = LogisticRegression(fit_intercept=False, penalty=None, tol=1e-10, max_iter=100000)
    lr.fit(np.array(X), np.array(Y), sample_weight=np.array(sw))
    return dict(zip(models, SCALE * lr.coef_[0] + INIT))


def elo_reference(df):
    rating = {}
    for a, b, w in df.sort_values("tstamp", kind="stable")[["model_a", "model_b", "winner"]].itertuples(index=False):
        ra, rb = rating.get(a, INIT), rating.get(b, INIT)
        ea = 1 / (1 + BASE ** ((rb - ra) / SCALE))
        sa = {"model_a": 1.0, "model_b": 0.0}.get(w, 0.5)
        rating[a] = ra + 4 * (sa - ea)
        rating[b] = rb - 4 * (sa - ea)
    return rating


def run_arenascope(binary, path, extra):
    out = subprocess.run([binary, "ratings", path, "--json", "--ci", "none", *extra],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", help="a parquet file in the dataset's schema")
    ap.add_argument("--bin", default="target/release/arenascope")
    args = ap.parse_args()

    table = pq.read_table(args.data)
    meta = table.select(["model_a", "model_b", "winner", "language", "turn", "tstamp"]).to_pandas()
    until = pd.Timestamp("2023-05-15", tz="UTC").timestamp() + 86400
    subsets = [
        ("all battles", None, [], lambda d: d),
        ("lang English", pc.equal(table["language"], "English"), [], lambda d: d),
        ("lang German", pc.equal(table["language"], "German"), [], lambda d: d),
        ("lang Spanish", pc.equal(table["language"], "Spanish"), [], lambda d: d),
        ("lang Chinese", pc.equal(table["language"], "Chinese"), [], lambda d: d),
        ("lang Japanese", pc.equal(table["language"], "Japanese"), [], lambda d: d),
        ("lang Korean", pc.equal(table["language"], "Korean"), [], lambda d: d),
        ("turn > 1", pc.greater(table["turn"], 1), [], lambda d: d),
        ("ties none", None, ["--ties", "none"], lambda d: d[~d.winner.isin(["tie", "tie (bothbad)"])]),
        ("ties no-bothbad", None, ["--ties", "no-bothbad"], lambda d: d[d.winner != "tie (bothbad)"]),
        ("until 2023-05-15", None, ["--until", "2023-05-15"], lambda d: d[d.tstamp < until]),
    ]
    worst = 0.0
    print(f"{'subset':<18} {'battles':>7} {'models':>6} {'rated':>5} {'mle':>5} {'max |diff| scipy':>17} "
          f"{'sklearn':>8} {'fastchat_dropped':>16}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, mask, flags, post in subsets:
            if mask is None:
                path, df = args.data, meta
            else:
                path = os.path.join(tmp, "subset.parquet")
                pq.write_table(table.filter(mask), path)
                df = meta[np.asarray(mask.to_numpy(zero_copy_only=False))]
            df = post(df)
            ours = run_arenascope(args.bin, path, flags)
            rated = [m["model"] for m in ours["models"] if m["rating"] is not None]
            sub = df[df.model_a.isin(rated) & df.model_b.isin(rated)]
            ref = bt_reference(sub, sorted(rated)) if rated else {}
            skl = bt_sklearn(sub, sorted(rated)) if rated else {}
            got = {m["model"]: m["rating"] for m in ours["models"] if m["rating"] is not None}
            diff = max((abs(got[m] - ref[m]) for m in rated), default=0.0)
            diff_skl = max((abs(got[m] - skl[m]) for m in rated), default=0.0)
            worst = max(worst, diff)
            print(f"{name:<18} {ours['battles']:>7} {len(ours['models']):>6} {len(rated):>5} "
                  f"{str(ours['mle_exists']):>5} {diff:>17.2e} {diff_skl:>8.1e} {fastchat_dropped_pairs(df):>16}")
            if name == "all battles":
                full = ours

        elo = run_arenascope(args.bin, args.data, ["--method", "elo"])
        ref = elo_reference(meta)
        elo_diff = max(abs(m["rating"] - ref[m["model"]]) for m in elo["models"])
        print(f"\nonline Elo, all battles: max |diff| against the sequential loop {elo_diff:.2e}")

    names = [m["model"] for m in full["models"] if m["model"] in OFFICIAL_MEAN_WIN_FRACTION]
    rho = spearmanr([m["rating"] for m in full["models"] if m["model"] in names],
                    [OFFICIAL_MEAN_WIN_FRACTION[n] for n in names]).statistic
    rho_wr = spearmanr([m["win_rate"] for m in full["models"] if m["model"] in names],
                       [OFFICIAL_MEAN_WIN_FRACTION[n] for n in names]).statistic
    print(f"Spearman(BT rating, official mean win fraction) over {len(names)} models: {rho:.4f}")
    print(f"Spearman(our win rate column, official mean win fraction): {rho_wr:.4f}")
    print(f"largest BT difference against the reference: {worst:.2e} rating points")
    ok = worst < 0.01 and elo_diff < 1e-6 and rho >= 0.95
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
