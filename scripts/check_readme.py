#!/usr/bin/env python3
"""Runs every ```sh block of README.md (except set-up and browser ones) in one shell, in a
scratch folder where arena.parquet / arena.jsonl are the given dataset, and reports failures.
Usage: scripts/check_readme.py DATASET.parquet   (needs target/release/arenascope, jq)"""
import os, re, shutil, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="readme-")
os.symlink(data, os.path.join(work, "arena.parquet"))
subprocess.run([os.path.join(root, "target/release/arenascope"), "search", "", data, "--json", "--limit", "3000"],
               stdout=open(os.path.join(work, "arena.jsonl"), "w"), check=True)
os.mkdir(os.path.join(work, "data"))
shutil.copy(os.path.join(work, "arena.jsonl"), os.path.join(work, "data", "train-00000-of-00001.jsonl"))
env = dict(os.environ, PATH=os.path.join(root, "target/release") + ":" + os.environ["PATH"],
           HOME=os.path.join(work, "home"), XDG_DATA_HOME=os.path.join(work, "xdg-data"),
           XDG_CONFIG_HOME=os.path.join(work, "xdg-config"))
blocks = re.findall(r"```sh\n(.*?)```", open(os.path.join(root, "README.md")).read(), re.S)
script = ["set -e"]
for b in blocks:
    if re.search(r"cargo |pip install|huggingface-cli|^\.ci", b, re.M):
        continue
    # Commands without a subcommand open the browser: not runnable here.
    # `--dataset` needs a downloaded release in the Hugging Face cache: not here.
    lines = [l for l in b.splitlines() if "--dataset" not in l and not re.match(r"^arenascope( [^a-z-]\S*| *$| arena| data| --review| --dataset \S+\s*(#.*)?$)", l) or "|" in l]
    # A colleague's export, for the import example.
    script.append("[ -f flags.jsonl ] && cp flags.jsonl colleague-flags.jsonl")
    script.append("\n".join(lines))
r = subprocess.run(["bash", "-c", "\n".join(script)], cwd=work, env=env, stdin=subprocess.DEVNULL,
                   capture_output=True, text=True)
print(r.stdout[-3000:])
print(r.stderr[-3000:], file=sys.stderr)
print("exit", r.returncode, "in", work)
sys.exit(r.returncode)
