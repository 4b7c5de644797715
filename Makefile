# Data Sandbox. Two commands for a newcomer:
#   make run    sets up what is missing, builds the release wasm, serves http://127.0.0.1:8080
#   make test   sets up what is missing and runs every test
# Every install step is here and idempotent: a fresh machine of this kind needs nothing else.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PORT ?= 8080
CARGO_BIN := $(HOME)/.cargo/bin
# Cargo-installed tools first: Debian's binaryen 108 wasm-opt breaks the output at run time.
export PATH := $(CARGO_BIN):$(PATH)

# Tool versions. wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock exactly.
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/version = "\(.*\)"/\1/p;}' Cargo.lock)
WASM_PACK_VERSION := 0.15.1
WASM_OPT_VERSION := 0.116.1
PYTHON_PACKAGES := boto3==1.43.11 awscli==1.45.11 moto[server]==5.2.1

STAMPS := target/stamps
PKG := public/pkg
WASM := $(PKG)/app_bg.wasm
WEB_SOURCES := $(shell find app/src engine/src engine/models -type f 2>/dev/null) \
	Cargo.toml Cargo.lock app/Cargo.toml engine/Cargo.toml
# wasm-opt must be told which post-MVP features rustc's wasm32 target emits.
WASM_OPT_FLAGS := -Oz --enable-bulk-memory --enable-mutable-globals --enable-sign-ext \
	--enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue

.PHONY: fuzz help run build serve test setup setup-rust setup-web setup-browser setup-node \
	setup-python lint test-engine test-app test-wasm test-e2e fmt size clean-web

help:
	@echo "make run    build the sandbox and serve it on http://127.0.0.1:$(PORT)"
	@echo "make test   run every test (engine, wasm determinism, browser journeys)"

# ---------------------------------------------------------------- setup (idempotent)

setup: setup-rust setup-web setup-browser setup-node

setup-rust:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
		|| rustup target add wasm32-unknown-unknown
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy
	@rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt

setup-web: setup-rust
	@test -n "$(WASM_BINDGEN_VERSION)" || { echo "no wasm-bindgen in Cargo.lock"; exit 1; }
	@wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $(WASM_BINDGEN_VERSION)" \
		|| cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	@wasm-pack --version 2>/dev/null | grep -qx "wasm-pack $(WASM_PACK_VERSION)" \
		|| cargo install wasm-pack --version $(WASM_PACK_VERSION) --locked
	@$(CARGO_BIN)/wasm-opt --version 2>/dev/null | grep -q "version 116" \
		|| cargo install wasm-opt --version $(WASM_OPT_VERSION) --locked

setup-browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }

setup-node: tests/node_modules/.package-lock.json

tests/node_modules/.package-lock.json: tests/package.json tests/package-lock.json
	cd tests && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	@touch $@

setup-python:
	@python3 -c "import boto3, moto, awscli" 2>/dev/null || pip install -q $(PYTHON_PACKAGES)

# ---------------------------------------------------------------- build and run

build: $(WASM)

$(WASM): $(WEB_SOURCES) | setup-web
	wasm-pack --log-level warn build app --release --target web --out-dir ../$(PKG) --no-typescript --no-pack
	$(CARGO_BIN)/wasm-opt $(WASM_OPT_FLAGS) $(WASM) -o $(WASM)
	@rm -f $(PKG)/.gitignore $(PKG)/README.md
	@$(MAKE) --no-print-directory size

size:
	@printf 'page download: wasm %s KB gzipped, js %s KB gzipped, css %s KB gzipped\n' \
		$$(( $$(gzip -9c $(WASM) | wc -c) / 1024 )) \
		$$(( $$(cat $(PKG)/app.js public/boot.js | gzip -9c | wc -c) / 1024 )) \
		$$(( $$(gzip -9c style/main.css | wc -c) / 1024 ))

serve:
	@PORT=$(PORT) python3 tools/serve.py --port $(PORT)

run: build
	@echo "Open http://127.0.0.1:$(PORT)/ in your browser."
	@$(MAKE) --no-print-directory serve

# ---------------------------------------------------------------- tests

test: lint test-engine test-app endpoint-test real-clients-test test-wasm test-e2e
	@echo "make test: all suites passed"

lint: setup-rust
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p engine -p app --target wasm32-unknown-unknown -- -D warnings

test-engine:
	cargo test -p engine

test-app:
	cargo test -p app --lib

# The engine compiled to wasm runs in headless Chromium and must reproduce the native run's
# event-log fingerprint exactly.
test-wasm: setup-web setup-browser
	CHROMEDRIVER=/usr/bin/chromedriver \
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	WASM_BINDGEN_TEST_TIMEOUT=120 \
		cargo test -p engine --target wasm32-unknown-unknown --test wasm_determinism

test-e2e: build setup-browser setup-node
	cd tests && npx playwright test

fmt:
	cargo fmt --all

clean-web:
	rm -rf $(PKG)

include mk/endpoint.mk
include mk/real_clients.mk
include mk/peer.mk

# ---------------------------------------------------------------- fuzzing (not part of `make test`)
CARGO_FUZZ_VERSION := 0.13.1
FUZZ_SECONDS ?= 60
FUZZ_TARGET ?= scenario_decode

# cargo fuzz needs nightly-only flags; RUSTC_BOOTSTRAP lets the stable toolchain accept them.
fuzz:
	@cargo fuzz --version 2>/dev/null | grep -q "$(CARGO_FUZZ_VERSION)" \
		|| cargo install cargo-fuzz --version $(CARGO_FUZZ_VERSION) --locked
	cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run $(FUZZ_TARGET) -- -max_total_time=$(FUZZ_SECONDS)
