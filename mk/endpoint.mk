# The local endpoint: the engine's AWS API over HTTP for the AWS CLI, boto3 and other SDKs.
# Included from the root Makefile.
#
#   make endpoint PORT=4567 SEED=7 ACCOUNT=123456789012 REGION=eu-west-1 DELAY_MS=0 LIMITS=off SPEED=60
#
# Every variable is optional; an empty one leaves the binary's default (port 4567, seed 1,
# account 000000000000, region us-east-1, 500 ms transitions, limits on, speed 1).

ENDPOINT_TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
# The release profile is size-optimised for wasm; the endpoint wants speed: the root
# Cargo.toml's `native` profile.
ENDPOINT_PROFILE_FLAGS := --profile native
ENDPOINT_BIN := $(ENDPOINT_TARGET_DIR)/native/data-sandbox-endpoint

# `--flag value` only when the variable is set and not empty.
endpoint_flag = $(if $(strip $(2)),$(1) $(strip $(2)))
# PORT counts only when given to make (`make endpoint PORT=4600`) or exported: the root
# Makefile's own `PORT ?= 8080` is the web app's port, not the endpoint's.
ENDPOINT_PORT = $(or $(if $(filter command line environment,$(origin PORT)),$(strip $(PORT))),4567)
ENDPOINT_FLAGS = --port $(ENDPOINT_PORT) \
  $(call endpoint_flag,--seed,$(SEED)) \
  $(call endpoint_flag,--account,$(ACCOUNT)) \
  $(call endpoint_flag,--region,$(REGION)) \
  $(call endpoint_flag,--delay-ms,$(DELAY_MS)) \
  $(call endpoint_flag,--limits,$(LIMITS)) \
  $(call endpoint_flag,--speed,$(SPEED))

.PHONY: endpoint endpoint-build endpoint-test endpoint-smoke

endpoint-build:
	cargo build $(ENDPOINT_PROFILE_FLAGS) -p endpoint --bins

endpoint: endpoint-build
	$(ENDPOINT_BIN) $(ENDPOINT_FLAGS)

# Unit and in-process HTTP tests, then the AWS CLI / boto3 smoke test against the binary those
# tests built (`cargo build --bins` would build hyper a second time: without the dev-dependency's
# client feature, its features differ).
endpoint-test: setup-python
	cargo test -p endpoint
	@$(MAKE) --no-print-directory endpoint-smoke

# The smoke test alone, against the binary the host test build made (`make test` runs the
# endpoint's cargo tests in test-engine, with the other crates').
endpoint-smoke: setup-python
	ENDPOINT_BIN=$(ENDPOINT_TARGET_DIR)/debug/data-sandbox-endpoint \
	  tests/endpoint/smoke.sh
