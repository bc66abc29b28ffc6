#!/usr/bin/env bash
# The action's run step (action.yml): bindlint with the `github` format (annotations), then,
# when INPUT_SARIF_FILE is set, the same run as SARIF. Fails with bindlint's status unless
# INPUT_FAIL_ON_FINDINGS is `false` (an error, status 2, always fails). INPUT_ARGS is split
# like shell words (no globbing).
set -uo pipefail
set -f
# shellcheck disable=SC2206 # splitting the arguments is the point
args=(${INPUT_ARGS:-.})
set +f
bindlint --format github "${args[@]}"
status=$?
if [ -n "${INPUT_SARIF_FILE:-}" ]; then
    bindlint --format sarif --output-file "$INPUT_SARIF_FILE" --exit-zero "${args[@]}" || exit 2
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "exit-code=$status" >> "$GITHUB_OUTPUT"
fi
if [ "$status" -eq 1 ] && [ "${INPUT_FAIL_ON_FINDINGS:-true}" = "false" ]; then
    exit 0
fi
exit "$status"
