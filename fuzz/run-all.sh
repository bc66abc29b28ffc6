#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600), JOBS at a time (default 2), after
# seeding the corpora from the fixtures. Crashes land in fuzz/artifacts/<target>/.
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP=1 unlocks them on a stable toolchain.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${SECONDS_PER_TARGET:-600}
jobs=${JOBS:-2}
cd "$here"
bash seed.sh
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O
targets=$(cargo fuzz list)
mkdir -p logs
printf '%s\n' $targets | xargs -P "$jobs" -I{} sh -c \
    "cargo fuzz run -O {} -- -max_total_time=$seconds -timeout=10 -rss_limit_mb=2048 -max_len=65536 > logs/{}.log 2>&1; echo \"{}: exit \$? \$(grep -E '^(#[0-9]+.*DONE|Done)' logs/{}.log | tail -1)\""
