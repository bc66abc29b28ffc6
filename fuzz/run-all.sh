#!/usr/bin/env bash
# Runs every fuzz target (or those named in TARGETS, space-separated) for SECONDS_PER_TARGET
# seconds each (default 600), JOBS at a time (default 2), after seeding the corpora from the
# fixtures. Crashes land in fuzz/artifacts/<target>/,
# logs in fuzz/logs/, and a line per target ("python: exit 0 Done 123456 runs in 601 second(s)")
# is printed as each one ends.
#
# Every target is built once, up front, and the binaries are run directly: `cargo fuzz run`
# would rebuild each target when the sources change, so editing the code during a run would
# fuzz a mix of versions and stall the jobs on cargo's build lock.
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP=1 unlocks them on a stable toolchain.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${SECONDS_PER_TARGET:-600}
jobs=${JOBS:-2}
cd "$here"
bash seed.sh
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O
bin_dir=$here/target/$(rustc -vV | sed -n 's/^host: //p')/release
targets=${TARGETS:-$(cargo fuzz list)}
mkdir -p logs
export bin_dir seconds
printf '%s\n' $targets | xargs -P "$jobs" -I{} sh -c '
    mkdir -p artifacts/{}
    "$bin_dir/{}" -artifact_prefix=artifacts/{}/ -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -max_len=65536 corpus/{} > logs/{}.log 2>&1
    echo "{}: exit $? $(grep -E "^Done [0-9]+ runs" logs/{}.log | tail -1)"'
