#!/usr/bin/env bash
# The action's install step (action.yml). Puts `bindlint` on the job's PATH:
# - BINDLINT_WHEEL set: pip installs that wheel file (the action's own test uses this);
# - BINDLINT_VERSION set: pip installs that version from PyPI;
# - otherwise: `cargo install --locked` of BINDLINT_SOURCE (the action's checkout) into
#   BINDLINT_ROOT, skipped when the cached build is there.
# The directory holding bindlint is appended to $GITHUB_PATH when it is set, and printed.
set -euo pipefail
root=${BINDLINT_ROOT:-${RUNNER_TEMP:-/tmp}/bindlint-install}
mkdir -p "$root"
if [ -n "${BINDLINT_WHEEL:-}" ] || [ -n "${BINDLINT_VERSION:-}" ]; then
    python3 -m venv "$root/venv"
    if [ -n "${BINDLINT_WHEEL:-}" ]; then
        "$root/venv/bin/pip" install --quiet --disable-pip-version-check "$BINDLINT_WHEEL"
    else
        "$root/venv/bin/pip" install --quiet --disable-pip-version-check "bindlint==$BINDLINT_VERSION"
    fi
    bin="$root/venv/bin"
else
    bin="$root/bin"
    if [ ! -x "$bin/bindlint" ]; then
        cargo install --locked --quiet --path "${BINDLINT_SOURCE:?the action checkout}" --root "$root"
    fi
fi
"$bin/bindlint" --version
if [ -n "${GITHUB_PATH:-}" ]; then
    echo "$bin" >> "$GITHUB_PATH"
fi
echo "$bin"
