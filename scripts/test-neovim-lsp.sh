#!/usr/bin/env bash
# Drives `bindlint server` from a real editor: headless Neovim (tests/lsp_client/neovim.lua)
# opens a Flask app, receives its two diagnostics, applies the safe quick fix and sees one left.
# Usage: BINDLINT=target/debug/bindlint scripts/test-neovim-lsp.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bindlint=$(realpath "${BINDLINT:-$here/target/debug/bindlint}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
printf '[project]\nname = "demo"\n' > pyproject.toml
printf 'from flask import Flask\n\napp = Flask(__name__)\napp.run(host="127.0.0.1")\n' > app.py
BINDLINT="$bindlint" timeout 60 nvim --headless -u NONE -c "luafile $here/tests/lsp_client/neovim.lua"
expected='opened
BL202 3:0-3:7
BL101 3:13-3:24
applied Pass the platform'"'"'s `PORT` (BL202)
after the fix
BL101 4:13-4:24
line 5: app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "5000")))'
if [ "$(cat result.txt)" != "$expected" ]; then
    echo "error: Neovim saw:" >&2
    cat result.txt >&2
    echo "expected:" >&2
    echo "$expected" >&2
    exit 1
fi
echo "Neovim: diagnostics received, quick fix applied, one diagnostic left"
