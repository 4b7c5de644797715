# The Hive oracle (tests/hive_oracle): the use-case queries through the whole engine against
# the same queries in DuckDB over the same sample files, and the log GROUP BY's rows per second
# in both, in the same run. DuckDB from PyPI, pinned; installed once.
#
#   make hive-oracle

DUCKDB_VERSION := 1.1.3
HIVE_ORACLE_DIR := $(CURDIR)/target/hive-oracle

.PHONY: hive-oracle

hive-oracle:
	@pip show duckdb 2>/dev/null | grep -qx "Version: $(DUCKDB_VERSION)" \
	  || pip install -q duckdb==$(DUCKDB_VERSION)
	HIVE_ORACLE_OUT=$(HIVE_ORACLE_DIR) cargo test $(HOST_CRATES) --test engine -- \
	  emr_hive::use_case_scripts_print_their_rows_and_export_them_for_the_oracle --exact
	python3 tests/hive_oracle/oracle.py $(HIVE_ORACLE_DIR)
