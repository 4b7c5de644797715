# Parity checks against peers (issue 21). Included from the root Makefile; not part of
# `make test`: the kinesalite suite takes minutes.
#
#   make peer-test        kinesalite's AWS-recorded mocha suite against the endpoint: the count
#   make peer-evidence    the listed differences (tests/peer_differences.md), each alone, with
#                         the members AWS added since the recording deleted from the answers
#   make peer-cbor-test   CBOR clients that are not ours: cbor2 (PyPI) with botocore's SigV4, and
#                         Jackson's CBOR module (Debian), the parser the AWS SDK for Java uses
#                         (the SDK's own jars are only on Maven Central, unreachable here)
#
# The suite is shared/peers/kinesalite beside the repository (PEER_SUITE to point elsewhere);
# its npm dependencies are installed on first use into target/peer/ by its own runner.
# PEER_RESULTS=path.json keeps each test's outcome and error.

PEER_SUITE ?= $(abspath $(CURDIR)/../shared/peers/kinesalite-suite.sh)
PEER_WORK := $(abspath $(ENDPOINT_TARGET_DIR)/peer/kinesalite-suite)
PEER_RESULTS ?=
CBOR2_VERSION := 6.2.1

.PHONY: peer-test peer-cbor-test

peer-test: endpoint-build
	@test -x "$(PEER_SUITE)" || { echo "no peer suite at $(PEER_SUITE) (set PEER_SUITE)"; exit 1; }
	@mkdir -p $(dir $(PEER_WORK))
	KINESALITE_SUITE="$(PEER_SUITE)" KINESALITE_WORK="$(PEER_WORK)" \
	  endpoint/tests/with_endpoint.sh $(ENDPOINT_BIN) --limits off --delay-ms 50 -- \
	  python3 endpoint/tests/peer/run_suite.py $(if $(PEER_RESULTS),--results $(PEER_RESULTS))

peer-cbor-test: setup-python
	@pip show cbor2 2>/dev/null | grep -qx "Version: $(CBOR2_VERSION)" \
	  || pip install -q cbor2==$(CBOR2_VERSION)
	cargo build -p endpoint --bins
	@test -f /usr/share/java/jackson-dataformat-cbor.jar || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libjackson2-dataformat-cbor; }
	endpoint/tests/with_endpoint.sh $(ENDPOINT_TARGET_DIR)/debug/data-sandbox-endpoint --delay-ms 0 -- \
	  python3 endpoint/tests/clients/cbor_client.py
	endpoint/tests/with_endpoint.sh $(ENDPOINT_TARGET_DIR)/debug/data-sandbox-endpoint --delay-ms 0 -- \
	  java -cp /usr/share/java/jackson-core.jar:/usr/share/java/jackson-dataformat-cbor.jar \
	  endpoint/tests/clients/JacksonCbor.java

# The evidence behind tests/peer_differences.md section 6: each listed case run on its own with
# the members AWS added since the recording deleted from the answers (without_new_members.js).
# A case that passes so fails on those members only.
.PHONY: peer-evidence
peer-evidence: endpoint-build
	KINESALITE_SUITE="$(PEER_SUITE)" KINESALITE_WORK="$(PEER_WORK)" \
	  endpoint/tests/with_endpoint.sh $(ENDPOINT_BIN) --limits off --delay-ms 50 -- \
	  python3 endpoint/tests/peer/run_suite.py --titles tests/peer_differences.md \
	  --require endpoint/tests/peer/without_new_members.js $(if $(PEER_RESULTS),--results $(PEER_RESULTS))
