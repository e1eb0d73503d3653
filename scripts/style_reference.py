#!/usr/bin/env python3
"""Cross-check `arenascope ratings --style` against LMArena's arena-rank.

Reference: arena-rank 0.1.1's `ContextualBradleyTerry` with the recipe of its LMArena example
(`ContextualPairDataset.from_pandas(..., reweighted=True, min_pair_count=50,
normalize_features=True)`, `reg=1.0`), fitted on the same battles with four features computed
here independently of arenascope:
- counts from `conv_metadata` where the file has it (sum_assistant_{a,b}_tokens, header_count_*
  h1..h6, list_count_* ordered + unordered, bold_count_* ** + __); otherwise from the answer
  text by FastChat's rules (add_markdown_info.py): fenced code blocks' inner text removed, then
  `^#{k}\\s` headers, `^\\s*\\d+\\.\\s` ordered, `^\\s*[-*+]\\s` unordered, `\\*\\*[^*\\n]+\\*\\*` and
  `__[^_\\n]+__` bold; tokens estimated as ceil(characters / 4) per answer;
- each feature `(A - B) / (A + B)` with a zero sum replaced by 1, z-scored (ddof 1, then
  arena-rank's own ddof-0 normalisation).
Ties and both-bad count as half a win (arena-rank's default outcome map). Self-battles and
models without a finite plain rating in arenascope's output are left out on both sides.

For each subset it prints the largest difference in ratings (points), coefficients (log-odds)
and sandwich interval bounds (points), and the time of both programs.

Usage:
    pip install arena-rank==0.1.1 pandas pyarrow
    cargo build --release
    python3 scripts/style_reference.py /work/data/arena-33k.parquet [--bin target/release/arenascope]
"""

import argparse
import json
import math
import re
import subprocess
import sys
import time

import numpy as np
import pandas as pd

FEATURES = ["length", "header", "list", "bold"]

CODE = re.compile(r"```([^`]*)```")
HEADERS = [re.compile(r"^#{%d}\s" % k, re.M) for k in range(1, 7)]
ORDERED = re.compile(r"^\s*\d+\.\s", re.M)
UNORDERED = re.compile(r"^\s*[-*+]\s", re.M)
BOLD_STARS = re.compile(r"\*\*[^*\n]+\*\*")
BOLD_UNDERSCORES = re.compile(r"__[^_\n]+__")


def messages(conv):
    return list(conv) if conv is not None else []


def text_counts(conv):
    """(tokens, headers, lists, bold) of the assistant answers, by FastChat's rules."""
    answers = [m["content"] or "" for m in messages(conv) if m["role"] != "user"]
    tokens = sum(math.ceil(len(a) / 4) for a in answers)
    text = "\n".join(answers)
    for block in CODE.findall(text):
        if block:
            text = text.replace(block, "")
    headers = sum(len(h.findall(text)) for h in HEADERS)
    lists = len(ORDERED.findall(text)) + len(UNORDERED.findall(text))
    bold = len(BOLD_STARS.findall(text)) + len(BOLD_UNDERSCORES.findall(text))
    return tokens, headers, lists, bold


def meta_counts(meta, side):
    def get(key):
        v = meta.get(key)
        return sum(v.values()) if isinstance(v, dict) else (v or 0)

    return (
        get(f"sum_assistant_{side}_tokens"),
        get(f"header_count_{side}"),
        get(f"list_count_{side}"),
        get(f"bold_count_{side}"),
    )


def features(df):
    rows = []
    none = [None] * len(df)
    for conv_a, conv_b, meta in zip(df.get("conversation_a", none), df.get("conversation_b", none),
                                    df.get("conv_metadata", none)):
        if isinstance(meta, dict):
            a, b = meta_counts(meta, "a"), meta_counts(meta, "b")
        else:
            a, b = text_counts(conv_a), text_counts(conv_b)
        rows.append([(x - y) / ((x + y) if x + y != 0 else 1) for x, y in zip(a, b)])
    raw = pd.DataFrame(rows, columns=FEATURES, index=df.index, dtype=float)
    std = raw.std(ddof=1).replace(0, 1)
    return (raw - raw.mean()) / std


def arenascope(binary, path, query):
    cmd = [binary, "ratings", path, "--style", "--json"] + (["-q", query] if query else [])
    t0 = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out), time.perf_counter() - t0


def reference(df, feats, tight=False):
    from arena_rank.models.contextual_bradley_terry import ContextualBradleyTerry
    from arena_rank.utils.data_utils import ContextualPairDataset

    frame = df[["model_a", "model_b", "winner"]].copy()
    frame["winner"] = frame.winner.replace({"tie (bothbad)": "both_bad"})  # the 140k layout says both_bad
    for f in FEATURES:
        frame[f] = feats[f].values
    t0 = time.perf_counter()
    data = ContextualPairDataset.from_pandas(frame, FEATURES, reweighted=True, min_pair_count=50)
    # arena-rank's defaults stop at a relative loss change of 1e-9; `tight` runs it to the
    # optimum, to tell its stopping rule from a real disagreement.
    stop = dict(ftol=1e-15, gtol=1e-12, max_iter=20000) if tight else {}
    model = ContextualBradleyTerry(n_competitors=len(data.competitors), n_features=len(FEATURES), reg=1.0, **stop)
    res = model.compute_ratings_and_cis(data, ci_method="sandwich")
    elapsed = time.perf_counter() - t0
    ratings = dict(zip(res["competitors"], np.asarray(res["ratings"])))
    lower = dict(zip(res["competitors"], np.asarray(res["rating_lower"])))
    upper = dict(zip(res["competitors"], np.asarray(res["rating_upper"])))
    return ratings, lower, upper, np.asarray(res["coeffs"]), elapsed


def compare(binary, path, df, name, query, mask):
    ours, t_ours = arenascope(binary, path, query)
    rated = {m["model"] for m in ours["models"] if m["rating"] is not None}
    sub = df[mask & df.model_a.isin(rated) & df.model_b.isin(rated) & (df.model_a != df.model_b)]
    feats = features(sub)
    ratings, lower, upper, coeffs, t_ref = reference(sub, feats)
    d_rating = max(abs(m["rating"] - ratings[m["model"]]) for m in ours["models"] if m["model"] in rated)
    d_bound = max(
        max(abs(m["lower"] - lower[m["model"]]), abs(m["upper"] - upper[m["model"]]))
        for m in ours["models"]
        if m["model"] in rated
    )
    ours_c = ours["style"]["coefficients"]
    d_coef = max(abs(ours_c[f] - c) for f, c in zip(FEATURES, coeffs))
    ok = d_rating <= 0.05 and d_coef <= 0.002
    verdict = "ok"
    if not ok:
        # Run arena-rank to its optimum: if that agrees, its default stopping rule was the cause.
        t_ratings, _, _, t_coeffs, _ = reference(sub, feats, tight=True)
        t_rating = max(abs(m["rating"] - t_ratings[m["model"]]) for m in ours["models"] if m["model"] in rated)
        t_coef = max(abs(ours_c[f] - c) for f, c in zip(FEATURES, t_coeffs))
        ok = t_rating <= 0.05 and t_coef <= 0.002
        verdict = f"{'ok' if ok else 'DIFFERS'} against arena-rank run to its optimum: {t_rating:.4f} / {t_coef:.5f}"
    print(
        f"| {name} | {len(sub):,} | {len(rated)} | {d_rating:.4f} | {d_coef:.5f} | {d_bound:.4f} | "
        f"{' '.join(f'{c:+.4f}' for c in coeffs)} | {t_ref:.2f} s | {t_ours:.2f} s | {verdict} |",
        flush=True,
    )
    if ours["battles"] != len(sub):
        print(f"  note: arenascope fitted {ours['battles']} battles, the reference {len(sub)}", file=sys.stderr)
    return ok


def pin(binary, path, df):
    ours, _ = arenascope(binary, path, None)
    rated = {m["model"] for m in ours["models"] if m["rating"] is not None}
    sub = df[df.model_a.isin(rated) & df.model_b.isin(rated) & (df.model_a != df.model_b)]
    ratings, lower, upper, coeffs, _ = reference(sub, features(sub))
    for m in sorted(ratings, key=lambda k: -ratings[k]):
        print(f'    ("{m}", {ratings[m]:.6f}, {lower[m]:.6f}, {upper[m]:.6f}),')
    print("coefficients", ", ".join(f"{c:.8f}" for c in coeffs))
    ours_c = ours["style"]["coefficients"]
    print("arenascope  ", ", ".join(f"{ours_c[f]:.8f}" for f in FEATURES))
    for m in ours["models"]:
        if m["model"] in rated:
            print(f'  arenascope {m["model"]}: {m["rating"]:.6f} ({m["rating"] - ratings[m["model"]]:+.6f})')


def subsets_of(df):
    """All battles, the two largest languages, multi-turn, the categories the file tags
    (math, coding) and the first half of the days; the query says the same in arenascope's
    language. Works on the 2023, 100k and 140k layouts."""
    every = pd.Series(True, index=df.index)
    if "tstamp" in df:
        day = pd.to_datetime(df.tstamp, unit="s", utc=True).dt.strftime("%Y-%m-%d")
    else:
        day = pd.to_datetime(df.timestamp).dt.strftime("%Y-%m-%d")
    languages = df.language.value_counts()
    out = [("all battles", None, every)]
    for lang in languages.index[:2]:
        out.append((f'lang:"{lang}"', f'lang:"{lang}"', df.language == lang))
    if "turn" in df:
        out.append(("multi-turn (turns:>=2)", "turns:>=2", df.turn >= 2))
    if "category_tag" in df:
        math = df.category_tag.map(lambda t: bool(isinstance(t, dict) and (t.get("math_v0.1") or {}).get("math")))
        out.append(("category:math", "category:math", math))
    if "is_code" in df:
        out.append(("category:code", "category:code", df.is_code.fillna(False).astype(bool)))
    days = sorted(day.dropna())
    first, last = days[0], days[len(days) // 2]
    out.append((f"date:{first}..{last}", f"date:{first}..{last}", (day >= first) & (day <= last)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path")
    ap.add_argument("--bin", default="target/release/arenascope")
    ap.add_argument("--pin", action="store_true", help="all battles only; print the numbers tests/style_reference.rs pins")
    args = ap.parse_args()
    if args.path.endswith(".parquet"):
        import pyarrow.parquet as pq

        names = set(pq.read_schema(args.path).names)
        wanted = ["model_a", "model_b", "winner", "language", "turn", "tstamp", "timestamp", "conv_metadata",
                  "category_tag", "is_code"]
        if "conv_metadata" not in names:
            wanted += ["conversation_a", "conversation_b"]
        df = pd.read_parquet(args.path, columns=[c for c in wanted if c in names])
    elif args.path.endswith((".jsonl", ".json")):
        df = pd.read_json(args.path, lines=args.path.endswith(".jsonl"))
    else:
        df = pd.read_csv(args.path)
    if args.pin:
        pin(args.bin, args.path, df)
        return
    subsets = subsets_of(df)
    print("| subset | battles | models | max rating diff (points) | max coefficient diff | max bound diff (points) "
          "| arena-rank coefficients (length header list bold) | arena-rank | arenascope | |")
    print("|---|---:|---:|---:|---:|---:|---|---:|---:|---|")
    ok = all([compare(args.bin, args.path, df, name, q, mask) for name, q, mask in subsets])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
