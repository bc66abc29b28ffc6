#!/usr/bin/env bash
# Seeds each fuzz target's corpus from the fixtures and from the inputs fuzzers once broke on
# (fuzz/corpus/ is not committed). Seeds are named by their content, as libFuzzer names what it
# adds, so seeding again adds nothing twice.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/../fixtures

# add TARGET [PREFIX]: standard input becomes a seed of TARGET, after the byte PREFIX if given
# (the typescript and fixer targets read their first byte as the file kind).
add() {
    local target=$1 prefix=${2-} seed
    mkdir -p "$here/corpus/$target"
    seed=$(mktemp)
    { [ -z "$prefix" ] || printf "\\x$(printf %02x "$prefix")"; cat; } > "$seed"
    mv "$seed" "$here/corpus/$target/$(sha1sum < "$seed" | cut -c1-40)"
}

find "$fixtures" -type f -print0 | while IFS= read -r -d '' f; do
    case $f in
        */gunicorn.conf.py) add python < "$f"; add fixer 6 < "$f" ;;
        *.py) add python < "$f"; add fixer 0 < "$f" ;;
        *.js | *.mjs | *.cjs | *.jsx) add javascript < "$f"; add fixer 1 < "$f" ;;
        *.tsx) add typescript 1 < "$f"; add fixer 2 < "$f" ;;
        *.ts | *.mts) add typescript 0 < "$f"; add fixer 2 < "$f" ;;
        */Procfile*) add procfile < "$f"; add fixer 3 < "$f" ;;
        */package.json) add package_json < "$f"; add fixer 4 < "$f" ;;
        *Dockerfile*) add dockerfile < "$f"; add fixer 5 < "$f" ;;
        *compose*.y*ml) add manifest 0 < "$f" ;;
        */fly.toml) add manifest 1 < "$f" ;;
        */render.y*ml) add manifest 2 < "$f" ;;
        */.do/*.y*ml) add manifest 4 < "$f" ;;
        */app.y*ml) add manifest 3 < "$f" ;;
        */railway.json) add manifest 5 < "$f" ;;
        */railway.toml) add manifest 6 < "$f" ;;
        */nixpacks.toml) add manifest 7 < "$f" ;;
        */heroku.y*ml) add manifest 8 < "$f" ;;
        *.y*ml) add manifest 9 < "$f" ;;
    esac
done
find "$here/.." -maxdepth 3 -name '*.toml' -not -path '*/target/*' -print0 |
    while IFS= read -r -d '' f; do add config < "$f"; done
printf 'app.run()  # bindlint: ignore[BL101, BL202]\n' | add suppression
printf '// bindlint: ignore\napp.listen(3000)\n' | add suppression
printf 'x = 1  # bindlint: ignore[\n# bindlint:ignore[bl1]\n' | add suppression
# Each fixture project, its files joined by NUL bytes after the language byte (`project`).
for dir in "$fixtures"/projects/*/; do
    files=$(find "$dir" -type f \( -name '*.py' -o -name '*.js' -o -name '*.ts' \) | sort)
    [ -n "$files" ] || continue
    case $(echo "$files" | head -1) in *.py) language=0 ;; *) language=1 ;; esac
    for f in $files; do cat "$f"; printf '\0'; done | add project "$language"
done
# Each platform fixture as a deployment (`project`, kind 2): its files in PROJECT_FILES order.
for dir in "$fixtures"/platforms/*/; do
    for name in server.js fly.toml Dockerfile docker-compose.yml Procfile k8s/deployment.yaml main.py; do
        [ -f "$dir$name" ] && cat "$dir$name"
        printf '\0'
    done | add project 2
done
# Language server sessions (`lsp`): framed messages, as an editor sends them.
frame() { printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1"; }
{
    frame '{"jsonrpc":"2.0","method":"initialized","params":{}}'
    frame '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/fuzz/app.py","languageId":"python","version":1,"text":"from flask import Flask\napp = Flask(__name__)\napp.run(host=\"127.0.0.1\")\n"}}}'
    frame '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///tmp/fuzz/app.py","version":2},"contentChanges":[{"range":{"start":{"line":2,"character":14},"end":{"line":2,"character":23}},"text":"0.0.0.0"}]}}'
    frame '{"jsonrpc":"2.0","id":7,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///tmp/fuzz/app.py"},"range":{"start":{"line":2,"character":0},"end":{"line":2,"character":5}},"context":{"diagnostics":[]}}}'
    frame '{"jsonrpc":"2.0","id":8,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///tmp/fuzz/app.py"},"position":{"line":2,"character":3}}}'
    frame '{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"file:///tmp/fuzz/app.py"}}}'
} | add lsp
# Every input a fuzzer once broke on (replayed in CI by tests/fuzz_regressions.rs).
for dir in "$here"/../tests/fuzz-regressions/*/; do
    target=$(basename "$dir")
    for f in "$dir"*; do add "$target" < "$f"; done
done
echo "seeded: $(find "$here/corpus" -type f | wc -l) files in $(ls "$here/corpus" | wc -l) corpora"
