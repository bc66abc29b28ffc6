#!/usr/bin/env bash
# Seeds each fuzz target's corpus from the fixtures (fuzz/corpus/ is not committed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/../fixtures
seed() {
    local target=$1; shift
    mkdir -p "$here/corpus/$target"
    find "$fixtures" -type f \( "$@" \) -exec cp --backup=numbered -t "$here/corpus/$target" {} +
}
seed python -name '*.py'
seed javascript -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.jsx'
# The typescript target's first byte picks TS (even) or TSX (odd).
mkdir -p "$here/corpus/typescript"
for f in $(find "$fixtures" -type f \( -name '*.ts' -o -name '*.tsx' -o -name '*.mts' \)); do
    case $f in *.tsx) prefix=1 ;; *) prefix=0 ;; esac
    { printf '%s' "$prefix"; cat "$f"; } > "$here/corpus/typescript/$(basename "$f")"
done
seed procfile -name 'Procfile*'
seed package_json -name 'package.json'
seed dockerfile -name 'Dockerfile*' -o -name '*.Dockerfile'
mkdir -p "$here/corpus/config"
find "$here/.." -maxdepth 3 -name '*.toml' -not -path '*/target/*' -exec cp --backup=numbered -t "$here/corpus/config" {} +
mkdir -p "$here/corpus/suppression"
printf 'app.run()  # bindlint: ignore[BL101, BL202]\n' > "$here/corpus/suppression/trailing"
printf '// bindlint: ignore\napp.listen(3000)\n' > "$here/corpus/suppression/above"
printf 'x = 1  # bindlint: ignore[\n# bindlint:ignore[bl1]\n' > "$here/corpus/suppression/broken"
# The fixer target's first byte picks the file kind (see fuzz_targets/fixer.rs).
mkdir -p "$here/corpus/fixer"
index=0
for f in $(find "$fixtures" -type f); do
    case $f in
        */gunicorn.conf.py) prefix=6 ;; *.py) prefix=0 ;; *.js|*.mjs|*.cjs|*.jsx) prefix=1 ;;
        *.ts|*.tsx|*.mts) prefix=2 ;; */Procfile*) prefix=3 ;; */package.json) prefix=4 ;;
        *Dockerfile*) prefix=5 ;; *) continue ;;
    esac
    index=$((index + 1))
    { printf "\\x$(printf %02x "$prefix")"; cat "$f"; } > "$here/corpus/fixer/$index-$(basename "$f")"
done
# Every input a fuzzer once broke on (replayed in CI by tests/fuzz_regressions.rs) seeds its target.
for dir in "$here"/../tests/fuzz-regressions/*/; do
    target=$(basename "$dir")
    mkdir -p "$here/corpus/$target"
    cp --backup=numbered -t "$here/corpus/$target" "$dir"* 2>/dev/null || true
done
echo "seeded: $(find "$here/corpus" -type f | wc -l) files"
