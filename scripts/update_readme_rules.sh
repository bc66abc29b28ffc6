#!/usr/bin/env bash
# Regenerates the rule and fix tables between their markers in README.md from the rule
# declarations (the same check `cargo test --test readme` runs, in write mode).
set -euo pipefail
cd "$(dirname "$0")/.."
UPDATE_README=1 cargo test -q --test readme -- --test-threads=1 >/dev/null
UPDATE_DOCS=1 cargo test -q --test docs >/dev/null
git --no-pager diff --stat -- README.md docs/rules
