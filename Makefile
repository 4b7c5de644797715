# Data Sandbox. Two commands for a newcomer:
#   make run    sets up what is missing, builds the release wasm, serves http://127.0.0.1:8080
#   make test   sets up what is missing and runs every test
# Every install step is here and idempotent: a fresh machine of this kind needs nothing else.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PORT ?= 8080
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
# wasm-bindgen comes from `cargo install`.
export PATH := $(CARGO_BIN):$(PATH)

# Tool versions. wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock exactly.
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/version = "\(.*\)"/\1/p;}' Cargo.lock)
PYTHON_PACKAGES := boto3==1.43.11 awscli==1.45.11 moto[server]==5.2.1 cfn-lint==1.51.0
# Cuts the release module at the app's split points (app/src/on_demand.rs). 0.2.4 reads the
# wasm_split_helpers 0.2.x markers that Leptos 0.8 writes.
WASM_SPLIT_VERSION := 0.2.4

WASM_TARGET := wasm32-unknown-unknown
RELEASE_WASM := target/$(WASM_TARGET)/release/app.wasm
SPLIT := target/split
PKG := public/pkg
WASM := $(PKG)/app_bg.wasm
SITE := dist
# Made once dist/'s gzip and brotli forms are (not in dist/: the server would serve it).
SITE_COMPRESSED := target/site-compressed.stamp
WEB_SOURCES := $(shell find app/src engine/src engine/models crates/*/src -type f 2>/dev/null) \
	Cargo.toml Cargo.lock app/Cargo.toml engine/Cargo.toml $(wildcard crates/*/Cargo.toml)
SITE_SOURCES := index.html public/boot.js public/favicon.svg $(wildcard style/*.css) tools/bundle.mjs

.PHONY: fuzz help run build serve test setup setup-rust setup-web setup-wasm-bindgen \
	setup-wasm-split setup-browser setup-node setup-python lint dev-suites web-suites test-engine test-app test-wasm \
	test-e2e test-e2e-journeys test-e2e-timing fmt size clean-web

help:
	@echo "make run    build the sandbox and serve it on http://127.0.0.1:$(PORT)"
	@echo "make test   run every test (engine, wasm determinism, browser journeys)"

# ---------------------------------------------------------------- setup (idempotent)

setup: setup-rust setup-web setup-browser setup-node

# Under a lock: both lanes of `make test` ask for it at once, and two rustups downloading the same
# component into one folder fail (the CI run of 2026-12-06: "could not rename 'downloaded' file").
setup-rust:
	@mkdir -p target && flock target/.setup-rust.lock sh -c ' \
		{ rustup target list --installed | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET); } \
		&& { rustup component list --installed | grep -q "^clippy" || rustup component add clippy; } \
		&& { rustup component list --installed | grep -q "^rustfmt" || rustup component add rustfmt; }'

setup-web: setup-rust setup-wasm-bindgen setup-wasm-split

# Without default features: no TLS stack, which the test runner (it talks to chromedriver on
# 127.0.0.1) never uses. Not --locked: its lock file names a webpki-roots release that the
# registry no longer offers. Under a lock, because both of `make test`'s lanes need it.
setup-wasm-bindgen:
	@test -n "$(WASM_BINDGEN_VERSION)" || { echo "no wasm-bindgen in Cargo.lock"; exit 1; }
	@mkdir -p target && flock target/.setup-wasm-bindgen.lock sh -c \
		'wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $(WASM_BINDGEN_VERSION)" \
		|| cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --no-default-features'

# --locked: its own lock file is what its release was tested with (it has no --version: cargo's
# list of installs says which one is there). Under a lock, as wasm-bindgen's: both lanes of
# `make test` may ask at once.
setup-wasm-split:
	@mkdir -p target && flock target/.setup-wasm-split.lock sh -c \
		'{ command -v wasm-split-cli >/dev/null \
			&& cargo install --list | grep -qx "wasm_split_cli_support v$(WASM_SPLIT_VERSION):"; } \
		|| cargo install wasm_split_cli_support --version $(WASM_SPLIT_VERSION) --features build-binary --locked'

setup-browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }

setup-node: tests/node_modules/.package-lock.json

tests/node_modules/.package-lock.json: tests/package.json tests/package-lock.json
	cd tests && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	@touch $@

setup-python:
	@python3 -c "import boto3, moto, awscli, cfnlint" 2>/dev/null || pip install -q $(PYTHON_PACKAGES)

# ---------------------------------------------------------------- build and run

build: $(SITE)/index.html $(SITE_COMPRESSED)

# The release build, cut at its split points into the first module and the modules fetched on
# demand (wasm-split-cli, which reads the linker's relocations: app/build.rs), then the first
# module's JS bindings. --keep-lld-exports keeps the function table the other modules share.
# No wasm-opt: Binaryen's -Oz (version 132) made the module 12% smaller but 7% larger after
# brotli (1,281 kB against 1,198 kB), and the page is downloaded compressed; it also took two
# minutes of every build.
$(WASM): $(WEB_SOURCES) app/build.rs Makefile | setup-web
	cargo build -p app --release --target $(WASM_TARGET)
	rm -rf $(SPLIT) $(PKG)
	wasm-split-cli $(RELEASE_WASM) $(SPLIT) --target web --out-name app
	wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
		--keep-lld-exports --out-dir $(PKG) $(SPLIT)/app.wasm
	find $(SPLIT) -maxdepth 1 \( -name '__wasm_split.js' -o -name '*.wasm' ! -name app.wasm \) \
		-exec cp {} $(PKG)/ \;

# dist/: hashed names (tools/bundle.mjs); built once, served by `make run` and tested by
# `make test`. First the plain site, then its gzip and brotli forms in place (each written under a
# temporary name and renamed, so the server never sends half a file): `make test` starts the
# journeys on the plain site while the forms are made beside them (the module's brotli is about
# 10 s of one core), and only the journeys that need them (@timing, @compressed) wait.
$(SITE)/index.html: $(WASM) $(SITE_SOURCES)
	node tools/bundle.mjs --plain

$(SITE_COMPRESSED): $(SITE)/index.html
	$(COMPRESS_NICE) node tools/bundle.mjs --compress
	@touch $@

# Everything the page downloads in its first 5 seconds, file by file, against the budget in
# tests/e2e/page_size.spec.js (which `make test` runs too).
size: build setup-browser setup-node
	cd tests && npx playwright test page_size

serve:
	@PORT=$(PORT) python3 tools/serve.py --port $(PORT)

run: build
	@echo "Open http://127.0.0.1:$(PORT)/ in your browser."
	@$(MAKE) --no-print-directory serve

# ---------------------------------------------------------------- tests

# Two lanes for two cores. One runs the suites that build in the dev profile, one after
# another (they share target/debug), the wasm determinism test among them (its test build is a
# dev build too). The other builds the release site, whose longest steps use one core (the
# app's link-time optimisation with one codegen unit, then brotli), then the browser journeys
# against that site: the longer lane, so it carries nothing else. Last and alone, the journeys
# that measure wall-clock time (tagged @timing: first paint, long tasks, the 5-second download).
# OUTPUT_SYNC=none shows each lane's lines as they come (to time the stages) instead of
# each lane's output in one piece.
OUTPUT_SYNC ?= target
test:
	@$(MAKE) --no-print-directory -j2 --output-sync=$(OUTPUT_SYNC) dev-suites web-suites
	@$(MAKE) --no-print-directory test-e2e-timing
	@echo "make test: all suites passed"

# One at a time: they would only wait for each other's lock on target/debug. Without make's
# job server in MAKEFLAGS, whose pipe the tools below never get (rustdoc warns about it).
# The suites' runs at a lower priority: warm, they run while the release build (the critical
# path: the journeys wait for it) compiles, and should not take its core; cold, they start
# after the release build is done, so nothing waits on them longer.
SUBMAKE_FLAGS = MAKEFLAGS="$(filter-out -j% --jobserver-auth=% --jobserver-fds=%,$(MAKEFLAGS))"
dev-suites:
	@$(SUBMAKE_FLAGS) $(MAKE) --no-print-directory lint test-wasm
	@$(SUBMAKE_FLAGS) nice -n 10 $(MAKE) --no-print-directory \
		test-engine hive-oracle endpoint-smoke real-clients-test

# The plain site, then the journeys on it while its compressed forms are made beside them, at
# nice 10 as the dev lane's suites (the journeys are the critical path; the forms are needed only
# by test-e2e-timing, two minutes later).
web-suites:
	@$(SUBMAKE_FLAGS) $(MAKE) --no-print-directory $(SITE)/index.html
	@$(SUBMAKE_FLAGS) $(MAKE) --no-print-directory -j2 COMPRESS_NICE="nice -n 10" \
		$(SITE_COMPRESSED) test-e2e-journeys

# Clippy is the compiler of the workspace's own crates in every build, as `cargo clippy` makes it
# (clippy-driver as RUSTC_WORKSPACE_WRAPPER, -D warnings in CLIPPY_ARGS): `lint` builds the host
# code and its tests, which the test suites then run, and the release build lints the wasm32
# code (the app, only ever built for wasm32). No dependency is compiled a second time in check
# mode for clippy alone: that was 14 of phase 1's 44 cold minutes. A lint fails the build.
export RUSTC_WORKSPACE_WRAPPER := clippy-driver
export CLIPPY_ARGS := -D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__
# The app is among them: its unit tests are built in the same cargo invocation as every other
# host test, so features unify once and nothing is compiled twice (alone, `cargo test -p app`
# built the engine, aws-cli, learn, serde, syn and 160 other crates a second time with other
# features: 2 minutes of a warm run, 4.5 of a cold one, at the end of the longer lane).
HOST_CRATES := -p engine -p aws-api -p aws-cli -p stream-sql -p endpoint -p iam-policy -p learn -p hive-sql -p app

# Every target clippy's --all-targets covers, in two builds: `cargo test`'s own selection (so
# test-engine runs exactly these binaries; --all-targets would build the examples as tests and
# leave `cargo test` to build them again), then the benches.
# rustfmt on every tracked file as well: the service folders are declared by the registry's
# macro (`engine/src/services.rs`), which `cargo fmt` does not follow, so it never saw them.
lint: setup-rust
	cargo fmt --all -- --check
	git ls-files '*.rs' | xargs rustfmt --edition 2021 --check
	cargo test --no-run $(HOST_CRATES)
	cargo test --no-run --benches $(HOST_CRATES)

# The host crates' tests, the endpoint's and the app's included, as `lint` built them: the same
# crates on the command line, so the same features and nothing compiled again. The learning
# layer's tests run cfn-lint on its CloudFormation exports: required here.
test-engine: setup-python
	LEARN_REQUIRE_CFN_LINT=1 cargo test $(HOST_CRATES)

# The app's unit tests (make test runs them in test-engine), with the other host crates' unit
# tests: selecting the same crates reuses that build (`-p app` alone would unify features
# differently and compile 165 crates again).
test-app:
	cargo test $(HOST_CRATES) --lib

# The engine compiled to wasm runs in headless Chromium and must reproduce the native run's
# event-log fingerprint exactly.
# WASM_TESTS picks what runs (the test filter and its options): the determinism check by
# default; `make test-wasm WASM_TESTS="snowball_crypto_bench --nocapture"` prints a bench.
WASM_TESTS ?= wasm_determinism
# Seconds the test runner waits for the tests; a by-hand bench can raise it.
WASM_TEST_TIMEOUT ?= 120
test-wasm: setup-rust setup-wasm-bindgen setup-browser
	@# Not linted here: the host build lints the same test code.
	RUSTC_WORKSPACE_WRAPPER= CHROMEDRIVER=/usr/bin/chromedriver \
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	WASM_BINDGEN_TEST_TIMEOUT=$(WASM_TEST_TIMEOUT) \
		cargo test -p engine --target $(WASM_TARGET) --test engine -- $(WASM_TESTS)

# The journeys two browsers at a time, on the plain site (they read what the page shows, the
# same whatever the transfer encoding), then alone, on the whole site, the timing ones and those
# that check the compressed forms (@compressed: what the server sends with Content-Encoding).
E2E_LAST := @timing|@compressed
test-e2e: test-e2e-journeys test-e2e-timing

test-e2e-journeys: $(SITE)/index.html setup-browser setup-node
	cd tests && npx playwright test --grep-invert "$(E2E_LAST)" --workers 2

test-e2e-timing: build setup-browser setup-node
	cd tests && npx playwright test --grep "$(E2E_LAST)" --workers 1

fmt:
	cargo fmt --all

clean-web:
	rm -rf $(PKG) $(SITE)

include mk/endpoint.mk
include mk/real_clients.mk
include mk/peer.mk
include mk/hive.mk

# ---------------------------------------------------------------- fuzzing (not part of `make test`)
CARGO_FUZZ_VERSION := 0.13.1
FUZZ_SECONDS ?= 60
FUZZ_TARGET ?= scenario_decode

# cargo fuzz needs nightly-only flags; RUSTC_BOOTSTRAP lets the stable toolchain accept them.
fuzz:
	@cargo fuzz --version 2>/dev/null | grep -q "$(CARGO_FUZZ_VERSION)" \
		|| cargo install cargo-fuzz --version $(CARGO_FUZZ_VERSION) --locked
	cd fuzz && RUSTC_WORKSPACE_WRAPPER= RUSTC_BOOTSTRAP=1 cargo fuzz run $(FUZZ_TARGET) -- -max_total_time=$(FUZZ_SECONDS)
