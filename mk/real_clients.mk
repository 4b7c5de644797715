# The local endpoint against the real AWS CLI (v1, configured like v2) and boto3, and the
# console's CLI against the real CLI's output for the same exchanges. Included from the root
# Makefile; `make test` runs it. See tests/real_clients/run.py.

.PHONY: real-clients-test

# Debug builds in the shared target dir, the very ones `make lint` built (same crates, so same
# features: nothing is compiled twice): the endpoint (with --capture) as `cargo test` builds it,
# and the console replay helper, crates/aws-cli/examples/cli_replay.rs.
real-clients-test: setup-python
	cargo test --no-run $(HOST_CRATES)
	ENDPOINT_BIN=$(or $(CARGO_TARGET_DIR),target)/debug/data-sandbox-endpoint \
	CLI_REPLAY_BIN=$(or $(CARGO_TARGET_DIR),target)/debug/examples/cli_replay \
	  python3 tests/real_clients/run.py
