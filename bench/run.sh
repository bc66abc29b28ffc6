#!/usr/bin/env bash
# Runs the benchmark: bindlint against the read-and-scan floor (rg), its own parse-everything
# mode (the tree-sitter floor), and ruff's S104 check on the Python part. Prints a Markdown
# summary; raw hyperfine JSON goes to bench/results/. Needs hyperfine, rg, ruff (optional) and
# GNU time; build the corpus first with bench/build-corpus.sh.
# Usage: bench/run.sh [CORPUS]   (default: bench/corpus)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
corpus=${1:-$here/corpus}
results=$here/results
mkdir -p "$results"
cd "$root"
cargo build --release --quiet
bin=$root/target/release/bindlint
config=$here/bindlint.toml
runs=${RUNS:-7}

exts='*.{py,js,mjs,cjs,ts,tsx}'
files=$(find "$corpus" -type f \( -name '*.py' -o -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.ts' -o -name '*.tsx' \) | wc -l)
bytes=$(find "$corpus" -type f \( -name '*.py' -o -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.ts' -o -name '*.tsx' \) -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
scanned=$("$bin" --config "$config" --format concise --exit-zero "$corpus" 2>/dev/null | grep "files scanned")
rg_files=$(rg -uuu --files -g "$exts" "$corpus" | wc -l)
echo "corpus: $files files, $bytes bytes; rg lists $rg_files; bindlint: $scanned"

# A 5 MB minified bundle: real minified code joined on one line.
bundle=$results/bundle.min.js
if [ ! -f "$bundle" ]; then
    minified=$(find "$corpus" -name '*.min.js' -size +20k -print0 | xargs -0 cat | tr -d '\n')
    while [ "$(printf '%s' "$minified" | wc -c)" -lt 5000000 ]; do minified="$minified;$minified"; done
    printf '%s' "$minified" | head -c 5000000 > "$bundle"
fi

python_part="$corpus/python-stdlib $corpus/Django-5.1.4"
hf() { hyperfine --warmup 1 --runs "$runs" --ignore-failure --style none "$@"; }

hf --export-json "$results/corpus.json" \
    -n "rg -c (read-and-scan floor)" "rg -uuu -c -g '$exts' -e 'listen|serve|run\\(|bind\\(|environ|process\\.env' '$corpus'" \
    -n "bindlint" "$bin --config $config --format json --exit-zero $corpus" \
    -n "bindlint --no-prefilter --include-minified (parse everything)" "$bin --config $config --no-prefilter --include-minified --format json --exit-zero $corpus"

hf --export-json "$results/threads.json" \
    -n "bindlint --threads 1" "$bin --config $config --threads 1 --format json --exit-zero $corpus" \
    -n "bindlint --threads 2" "$bin --config $config --threads 2 --format json --exit-zero $corpus"

if command -v ruff >/dev/null 2>&1; then
    hf --export-json "$results/python.json" \
        -n "ruff check --select S104 --no-cache" "ruff check --isolated --select S104 --no-cache --exit-zero --quiet $python_part" \
        -n "bindlint (Python part)" "$bin --config $config --format json --exit-zero $python_part"
fi

hf -N --export-json "$results/small.json" \
    -n "bindlint one small Python file" "$bin --isolated --format concise --exit-zero $root/fixtures/python/flask_app.py" \
    -n "bindlint one small JavaScript file" "$bin --isolated --format concise --exit-zero $root/fixtures/javascript/express_commonjs.js"

hf --export-json "$results/bundle.json" \
    -n "bindlint 5 MB minified bundle (detected, skipped)" "$bin --isolated --format json --exit-zero $bundle" \
    -n "bindlint 5 MB minified bundle --include-minified (parsed)" "$bin --isolated --include-minified --format json --exit-zero $bundle"

echo "== peak memory and CPU time (GNU time)"
for cmd in "$bin --config $config --format json --exit-zero $corpus" "$bin --config $config --no-prefilter --include-minified --format json --exit-zero $corpus" "$bin --config $config --format json --exit-zero $python_part" "ruff check --isolated --select S104 --no-cache --exit-zero --quiet $python_part"; do
    /usr/bin/time -f "%M KB peak, %U s user, %S s system, %e s wall: $cmd" $cmd > /dev/null 2> "$results/time.txt" || true
    tail -1 "$results/time.txt"
done

python3 - "$results" <<'PY'
import json, sys, pathlib
results = pathlib.Path(sys.argv[1])
print("\n| command | median (s) | min (s) | max (s) |\n|---|---|---|---|")
for name in ["corpus", "threads", "python", "small", "bundle"]:
    path = results / f"{name}.json"
    if not path.exists():
        continue
    for r in json.loads(path.read_text())["results"]:
        print(f"| {r['command']} | {r['median']:.4f} | {r['min']:.4f} | {r['max']:.4f} |")
PY
