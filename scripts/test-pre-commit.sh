#!/usr/bin/env bash
# Uses bindlint the way a pre-commit user does: installs pre-commit from PyPI in a virtualenv,
# makes a git repository with a Flask app that binds loopback and a bindlint.toml, points a
# .pre-commit-config.yaml at this checkout (its committed HEAD), installs the git hook, and
# checks that `git commit` fails with the finding (the config's `ignore` honoured), then
# succeeds once the app is fixed.
#
# Usage: scripts/test-pre-commit.sh [HOOK]
#   HOOK=bindlint         (default) pre-commit builds bindlint with cargo (language: rust)
#   HOOK=bindlint-system  the bindlint on PATH runs (language: system); set BINDLINT_BIN_DIR to
#                         the directory of a wheel-installed bindlint: PATH is then that
#                         directory and the system's, with no cargo on it.
# Needs python3, git, the package registries, and cargo for the rust hook.
set -euo pipefail
hook=${1:-bindlint}
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
cat > bindlint.toml <<'TOML'
ignore = ["BL202"]
TOML
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $checkout
    rev: $rev
    hooks:
      - id: $hook
YAML
if [ "$hook" = bindlint-system ] && [ -n "${BINDLINT_BIN_DIR:-}" ]; then
    export PATH="$BINDLINT_BIN_DIR:/usr/local/bin:/usr/bin:/bin"
    if command -v cargo >/dev/null 2>&1; then
        echo "FAIL: cargo is on PATH for the system hook" >&2
        exit 1
    fi
    command -v git >/dev/null 2>&1 || { echo "FAIL: git is not in /usr/bin or /bin" >&2; exit 1; }
fi
"$work/venv/bin/pre-commit" install --install-hooks > /dev/null
git add -A

echo "== $hook: committing a Flask app that binds loopback must fail"
if git commit --quiet -m "app" > "$work/first.txt" 2>&1; then
    cat "$work/first.txt"
    echo "FAIL: the commit passed with a loopback app" >&2
    exit 1
fi
cat "$work/first.txt"
grep -q "BL102" "$work/first.txt" || { echo "FAIL: BL102 not reported" >&2; exit 1; }
grep -q "app.py" "$work/first.txt" || { echo "FAIL: app.py not named" >&2; exit 1; }
if grep -q "BL202" "$work/first.txt"; then echo "FAIL: bindlint.toml's ignore was not honoured" >&2; exit 1; fi
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
git commit --quiet -m "app, fixed"
"$work/venv/bin/pre-commit" run --all-files
echo "pre-commit ($hook): the commit with a finding failed, the clean one passed"
