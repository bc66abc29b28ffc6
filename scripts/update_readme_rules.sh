#!/usr/bin/env bash
# Regenerates the rule table between the markers in README.md from the rule docs.
set -euo pipefail
cd "$(dirname "$0")/.."
table=$(cargo run -q -- rules --markdown)
python3 - "$table" <<'PY'
import sys, re
table = sys.argv[1] + "\n"
text = open("README.md").read()
start, end = "<!-- rules:start -->\n", "<!-- rules:end -->"
i, j = text.index(start) + len(start), text.index(end)
open("README.md", "w").write(text[:i] + table + text[j:])
PY
