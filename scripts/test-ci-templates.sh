#!/usr/bin/env bash
# Tests the GitHub Action (action.yml) and the GitLab CI template (ci/bindlint.gitlab-ci.yml)
# without a CI service: each file is parsed and checked against the keys its service requires,
# then its shell steps run here with their inputs set, on fixtures with and without findings.
# Usage: scripts/test-ci-templates.sh WHEEL   (a built bindlint wheel: the steps install it)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
wheel=$(realpath "${1:?usage: scripts/test-ci-templates.sh WHEEL}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/yaml"
"$work/yaml/bin/pip" install --quiet --disable-pip-version-check pyyaml

echo "== action.yml: the action metadata keys"
"$work/yaml/bin/python" - "$here/action.yml" <<'PY'
import pathlib, re, sys, yaml
path = pathlib.Path(sys.argv[1])
action = yaml.safe_load(path.read_text())
for key in ("name", "description", "runs"):
    assert action.get(key), f"action.yml lacks `{key}`"
allowed = {"name", "author", "description", "inputs", "outputs", "runs", "branding"}
assert set(action) <= allowed, f"unknown top-level keys: {set(action) - allowed}"
runs = action["runs"]
assert runs["using"] == "composite", runs["using"]
inputs = action.get("inputs", {})
for name, spec in inputs.items():
    assert spec.get("description"), f"input `{name}` has no description"
    assert set(spec) <= {"description", "required", "default", "deprecationMessage"}, spec
for name in ("args", "version", "sarif-file"):
    assert name in inputs, f"input `{name}` is missing"
for step in runs["steps"]:
    assert ("run" in step) != ("uses" in step), f"a step needs `run` or `uses`: {step}"
    if "run" in step:
        assert step.get("shell"), f"a composite `run` step needs `shell`: {step}"
        for script in re.findall(r"github\.action_path \}\}/([\w/.-]+)", step["run"]):
            assert (path.parent / script).is_file(), f"{script} does not exist"
text = path.read_text()
for used in re.findall(r"inputs\.([\w-]+)", text):
    assert used in inputs, f"`inputs.{used}` is not declared"
for name, spec in action.get("outputs", {}).items():
    assert spec.get("value") and spec.get("description"), name
print("action.yml: valid composite action with inputs", ", ".join(inputs))
PY

echo "== action: install step (from the wheel)"
GITHUB_PATH="$work/github_path" BINDLINT_WHEEL="$wheel" BINDLINT_ROOT="$work/install" \
    bash "$here/scripts/action/install.sh"
bin=$(cat "$work/github_path")
[ -x "$bin/bindlint" ] || { echo "FAIL: install.sh put no bindlint in $bin" >&2; exit 1; }
export PATH="$bin:$PATH"

echo "== action: run step on a fixture with a finding"
cd "$here"
status=0
GITHUB_OUTPUT="$work/output" INPUT_ARGS="--isolated fixtures/platforms/render_loopback" \
    INPUT_SARIF_FILE="$work/bindlint.sarif" INPUT_FAIL_ON_FINDINGS=true \
    bash scripts/action/run.sh > "$work/annotations.txt" || status=$?
cat "$work/annotations.txt"
[ "$status" -eq 1 ] || { echo "FAIL: run.sh exited $status, expected 1" >&2; exit 1; }
grep -q '^::error file=fixtures/platforms/render_loopback/render.yaml,line=6,' "$work/annotations.txt" ||
    { echo "FAIL: no annotation for render.yaml:6" >&2; exit 1; }
grep -qx 'exit-code=1' "$work/output" || { echo "FAIL: no exit-code output" >&2; exit 1; }
"$work/yaml/bin/python" - "$work/bindlint.sarif" <<'PY'
import json, sys
sarif = json.load(open(sys.argv[1]))
results = sarif["runs"][0]["results"]
assert [r["ruleId"] for r in results] == ["BL301"], results
print("SARIF: 1 result, BL301")
PY

echo "== action: fail-on-findings false annotates and passes"
INPUT_ARGS="--isolated fixtures/platforms/render_loopback" INPUT_FAIL_ON_FINDINGS=false \
    bash scripts/action/run.sh > /dev/null

echo "== action: a clean project passes"
mkdir -p "$work/clean"
printf 'import os\nfrom flask import Flask\napp = Flask(__name__)\napp.run(host="0.0.0.0", port=int(os.environ["PORT"]))\n' > "$work/clean/app.py"
INPUT_ARGS="--isolated $work/clean" bash scripts/action/run.sh

echo "== GitLab CI template: keys, then its script"
"$work/yaml/bin/python" - "$here/ci/bindlint.gitlab-ci.yml" > "$work/gitlab-script.sh" <<'PY'
import sys, yaml
jobs = yaml.safe_load(open(sys.argv[1]))
job = jobs["bindlint"]
reports = job["artifacts"]["reports"]
assert reports["codequality"] == "gl-code-quality-report.json", reports
assert reports["junit"] == "bindlint-junit.xml", reports
assert job["artifacts"]["when"] == "always"
assert "BINDLINT_ARGS" in job["variables"]
# The script, installation aside (the wheel is installed already), as a shell script.
print("set -e")
for line in job["script"]:
    if line.strip() != "$BINDLINT_INSTALL":
        print(line)
PY
cat "$work/gitlab-script.sh"
mkdir -p "$work/gitlab" && cd "$work/gitlab"
status=0
BINDLINT_ARGS="--isolated $here/fixtures/platforms/render_loopback" bash "$work/gitlab-script.sh" > /dev/null || status=$?
[ "$status" -eq 1 ] || { echo "FAIL: the GitLab script exited $status, expected 1 (findings)" >&2; exit 1; }
"$work/yaml/bin/python" - <<'PY'
import json, xml.etree.ElementTree as ET
quality = json.load(open("gl-code-quality-report.json"))
assert len(quality) == 1 and quality[0]["check_name"].startswith("BL301"), quality
junit = ET.parse("bindlint-junit.xml").getroot()
assert junit.tag == "testsuites", junit.tag
print("GitLab: Code Quality report with 1 issue, JUnit report written")
PY
echo "CI templates: action.yml and the GitLab job work"
