#!/usr/bin/env bash
# Builds the benchmark corpus reproducibly from pinned registry packages: this machine's Python
# standard library, Django's sdist, and node_modules of popular server and build packages
# (renamed to `npm_packages` so bindlint's default excludes do not hide it).
# Usage: bench/build-corpus.sh [DIR]   (default: bench/corpus, which .gitignore keeps out)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
corpus=${1:-$here/corpus}
rm -rf "$corpus"
mkdir -p "$corpus"

echo "== Python standard library"
stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
mkdir -p "$corpus/python-stdlib"
(cd "$stdlib" && find . -name '*.py' -not -path '*/site-packages/*' -print0 | cpio -0pdm --quiet "$corpus/python-stdlib")

echo "== Django sdist (pinned)"
tmp=$(mktemp -d)
python3 -m pip download --quiet --no-deps --no-binary :all: --dest "$tmp" "django==5.1.4"
tar xzf "$tmp"/[Dd]jango-5.1.4.tar.gz -C "$corpus"
rm -rf "$tmp"

echo "== npm packages (pinned)"
mkdir -p "$corpus/npm"
cat > "$corpus/npm/package.json" <<'JSON'
{
  "name": "bindlint-bench-corpus",
  "private": true,
  "dependencies": {
    "express": "4.21.2",
    "fastify": "5.2.1",
    "koa": "2.15.3",
    "@hapi/hapi": "21.3.12",
    "next": "15.1.3",
    "typescript": "5.7.2",
    "@nestjs/core": "10.4.15",
    "@nestjs/common": "10.4.15",
    "hono": "4.6.16",
    "vite": "6.0.7",
    "rxjs": "7.8.1",
    "webpack": "5.97.1",
    "eslint": "9.17.0",
    "@babel/core": "7.26.0",
    "socket.io": "4.8.1"
  }
}
JSON
(cd "$corpus/npm" && npm install --silent --no-audit --no-fund --ignore-scripts >/dev/null)
mv "$corpus/npm/node_modules" "$corpus/npm/npm_packages"

files=$(find "$corpus" -type f \( -name '*.py' -o -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.ts' -o -name '*.tsx' \) | wc -l)
bytes=$(find "$corpus" -type f \( -name '*.py' -o -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.ts' -o -name '*.tsx' \) -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
echo "corpus: $files files, $bytes bytes in $corpus"
