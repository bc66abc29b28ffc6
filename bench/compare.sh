#!/usr/bin/env bash
# Before and after in one run: builds the release binary of revision BEFORE (a commit, tag or
# branch) in a git worktree, and times it against the current tree's on the corpus and on a pre-commit run over one file that imports three
# project modules. The machine is shared and noisy: only ratios from one run mean anything.
# Usage: bench/compare.sh BEFORE [CORPUS]   (BEFORE: a commit, tag or branch)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
before_rev=${1:?usage: bench/compare.sh BEFORE [CORPUS]}
corpus=${2:-$here/corpus}
results=$here/results
runs=${RUNS:-7}
mkdir -p "$results"
cd "$root"

worktree=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$worktree" >/dev/null 2>&1 || true' EXIT
git worktree add --detach --quiet "$worktree" "$before_rev"
CARGO_TARGET_DIR="$root/target/bench-before" cargo build --release --quiet --manifest-path "$worktree/Cargo.toml"
cargo build --release --quiet
before=$root/target/bench-before/release/bindlint
after=$root/target/release/bindlint
config=$here/bindlint.toml

# A project whose entry file imports three of its modules (factory, settings, config).
project=$results/precommit-project
rm -rf "$project"
mkdir -p "$project/app"
printf '[project]\nname = "bench"\n' > "$project/pyproject.toml"
printf 'from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n' > "$project/app/__init__.py"
printf 'HOST = "127.0.0.1"\n' > "$project/settings.py"
printf 'import os\nPORT = int(os.environ.get("PORT", "8000"))\n' > "$project/config.py"
printf 'from app import create_app\nfrom config import PORT\nimport settings\n\napp = create_app()\napp.run(host=settings.HOST, port=PORT)\n' > "$project/run.py"

hf() { hyperfine --warmup 1 --ignore-failure --style none "$@"; }
hf --runs "$runs" --export-json "$results/compare-corpus.json" \
    -n "before ($before_rev)" "$before --config $config --format json --exit-zero $corpus" \
    -n "after" "$after --config $config --format json --exit-zero $corpus"
hf -N --runs 30 --export-json "$results/compare-precommit.json" \
    -n "before, run.py alone ($before_rev)" "$before --isolated --format concise --exit-zero $project/run.py" \
    -n "after, run.py and the 3 modules it imports" "$after --isolated --format concise --exit-zero $project/run.py"
echo "== findings (after, pre-commit project):"
"$after" --isolated --format concise --exit-zero "$project/run.py" | head -5

python3 - "$results" <<'PY'
import json, sys, pathlib
results = pathlib.Path(sys.argv[1])
print("\n| command | median (s) | min (s) | max (s) |\n|---|---|---|---|")
for name in ["compare-corpus", "compare-precommit"]:
    rows = json.loads((results / f"{name}.json").read_text())["results"]
    for r in rows:
        print(f"| {r['command']} | {r['median']:.4f} | {r['min']:.4f} | {r['max']:.4f} |")
    print(f"| ratio after/before | {rows[1]['median'] / rows[0]['median']:.3f} | | |")
PY
