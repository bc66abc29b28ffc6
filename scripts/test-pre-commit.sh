#!/usr/bin/env bash
# Uses bindlint the way a pre-commit user does: installs pre-commit from PyPI in a virtualenv,
# makes a git repository with a Flask app that binds loopback, points a .pre-commit-config.yaml
# at this checkout (its committed HEAD), and checks that the hook fails with the finding, then
# passes once the app is fixed. Needs python3, git, cargo and the package registries.
set -euo pipefail
checkout=$(cd "$(dirname "$0")/.." && pwd)
rev=$(git -C "$checkout" rev-parse HEAD)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet pre-commit
export PRE_COMMIT_HOME="$work/cache"

git init --quiet "$work/project"
cd "$work/project"
git config user.email ci@example.com
git config user.name ci
cat > app.py <<'PY'
from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    app.run()
PY
cat > README.md <<'MD'
Not a file bindlint reads: pre-commit must not pass it.
MD
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $checkout
    rev: $rev
    hooks:
      - id: bindlint
YAML
git add -A

echo "== pre-commit with a Flask app that binds loopback: the hook must fail"
if "$work/venv/bin/pre-commit" run --all-files > "$work/first.txt" 2>&1; then
    cat "$work/first.txt"
    echo "FAIL: the hook passed on a loopback app" >&2
    exit 1
fi
cat "$work/first.txt"
grep -q "BL102" "$work/first.txt" || { echo "FAIL: BL102 not reported" >&2; exit 1; }
grep -q "app.py" "$work/first.txt" || { echo "FAIL: app.py not named" >&2; exit 1; }
if grep -q "README.md" "$work/first.txt"; then echo "FAIL: README.md was passed to bindlint" >&2; exit 1; fi

echo "== the app fixed: the hook must pass"
cat > app.py <<'PY'
import os

from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 5000)))
PY
git add -A
"$work/venv/bin/pre-commit" run --all-files
echo "pre-commit: 2 passed, 0 failed"
