# The Hive oracle (tests/hive_oracle): the use-case queries through the whole engine against
# the same queries in DuckDB over the same sample files, and the log GROUP BY's rows per second
# through the whole engine natively and in wasm (headless Chromium), and in DuckDB, in the same
# run, with their ratios. DuckDB from PyPI, pinned; installed once.
#
#   make hive-oracle

DUCKDB_VERSION := 1.1.3
HIVE_ORACLE_DIR := $(CURDIR)/target/hive-oracle

.PHONY: hive-oracle

hive-oracle: setup-rust setup-wasm-bindgen setup-browser
	@pip show duckdb 2>/dev/null | grep -qx "Version: $(DUCKDB_VERSION)" \
	  || pip install -q duckdb==$(DUCKDB_VERSION)
	@mkdir -p $(HIVE_ORACLE_DIR)
	HIVE_ORACLE_OUT=$(HIVE_ORACLE_DIR) cargo test $(HOST_CRATES) --test engine -- \
	  emr_hive::use_case_scripts_print_their_rows_and_export_them_for_the_oracle --exact
	@# The same bench in wasm, in the test build's profile as the native figure (not linted
	@# here: the host build lints the same test code). oracle.py reads the line it logs.
	RUSTC_WORKSPACE_WRAPPER= CHROMEDRIVER=/usr/bin/chromedriver \
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	WASM_BINDGEN_TEST_TIMEOUT=600 \
	  cargo test -p engine --target $(WASM_TARGET) --test engine -- \
	  emr_wasm_bench::hive_log_group_by_throughput --nocapture 2>&1 | tee $(HIVE_ORACLE_DIR)/wasm.txt
	python3 tests/hive_oracle/oracle.py $(HIVE_ORACLE_DIR)
