#!/bin/sh
# The Snowball copy path's AES-256-GCM like for like (issue 18): native with the aes and polyval
# crates' hardware backends, native with their software backends forced, wasm32 in headless
# Chromium; all in the bench profile, back to back, ROUNDS rounds (3). Each run is handed the
# figures measured before it in its round, so the last one of a round prints all three and
# their ratios (engine/tests/engine/snowball_crypto_bench.rs).
#
# Each build has a target dir of its own (RUSTFLAGS rebuilds every crate): AES_HW_DIR,
# AES_SOFT_DIR, AES_WASM_DIR (the workspace's target by default). The hardware build keeps the
# caller's RUSTC_WORKSPACE_WRAPPER (clippy-driver lints and compiles the same code), so it can
# share a dir the caller's tests use; the software and wasm builds run without it, as `make
# test-wasm` does.
set -eu
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}
AES_HW_DIR=${AES_HW_DIR:-target/aes-hw}
AES_SOFT_DIR=${AES_SOFT_DIR:-target/aes-soft}
AES_WASM_DIR=${AES_WASM_DIR:-target}
export CARGO_INCREMENTAL=0
BENCH="--profile bench -p engine --test engine"

hw() { CARGO_TARGET_DIR=$AES_HW_DIR cargo test $BENCH "$@"; }
soft() {
	RUSTC_WORKSPACE_WRAPPER= CARGO_TARGET_DIR=$AES_SOFT_DIR \
		RUSTFLAGS="--cfg aes_force_soft --cfg polyval_force_soft" cargo test $BENCH "$@"
}
wasm() {
	RUSTC_WORKSPACE_WRAPPER= CARGO_TARGET_DIR=$AES_WASM_DIR CHROMEDRIVER=/usr/bin/chromedriver \
		CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
		WASM_BINDGEN_TEST_TIMEOUT=120 \
		cargo test $BENCH --target wasm32-unknown-unknown "$@"
}

# Everything built first, so the rounds measure and nothing compiles between them.
hw --no-run
soft --no-run
wasm --no-run

# The copy path's MB/s from a run's output.
figure() { sed -n 's/.*AES-256-GCM copy path, [^:]*: \([0-9.]*\) MB\/s.*/\1/p' | head -n 1; }

round=1
while [ "$round" -le "$ROUNDS" ]; do
	echo "== round $round, load average $(cut -d' ' -f1-3 /proc/loadavg)"
	out=$(wasm -- snowball_crypto_bench --nocapture 2>&1)
	echo "$out" | grep -E 'AES-256-GCM|in place|/ ' || { echo "$out"; exit 1; }
	wasm_mb_s=$(echo "$out" | figure)
	out=$(AES_GCM_WASM_MB_S=$wasm_mb_s soft -- snowball_crypto_bench_native --ignored --nocapture 2>&1)
	echo "$out" | grep -E 'AES-256-GCM|in place|/ ' || { echo "$out"; exit 1; }
	soft_mb_s=$(echo "$out" | figure)
	AES_GCM_WASM_MB_S=$wasm_mb_s AES_GCM_SOFT_MB_S=$soft_mb_s \
		hw -- snowball_crypto_bench_native --ignored --nocapture 2>&1 | grep -E 'AES-256-GCM|in place|/ '
	round=$((round + 1))
done
