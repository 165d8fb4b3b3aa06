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

.PHONY: help setup snapshots demo test test-rust test-embedded test-instructions test-c test-py test-firmware test-kiosk kiosk kiosk-run test-reliability fuzz kb kb-check hpo-subset bench

help:
	@echo "make demo        evaluate example patients from tests/cases (JSON=1 prints the assessment JSON)"
	@echo "make test        install the pinned toolchain, targets and packages, then run every check"
	@echo "make bench       run the benchmarks and write BENCHMARKS.md"
	@echo "make fuzz        fuzz every target for 300 s each (FUZZ_SECONDS_LONG=N to change)"
	@echo "make snapshots   rewrite tests/snapshots from the current output (then review the diff)"
	@echo "make kiosk       build the C kiosk example for both boards (target/kiosk/{m0,m4}/kiosk.elf)"
	@echo "make kiosk-run   run the kiosk under QEMU for a person to answer (BOARD=m0 or m4)"
	@echo "make kb          regenerate core/src/kb/generated.rs from core/data"
	@echo "make hpo-subset  regenerate core/data/hpo from the full HPO release (needs ../shared/reference/hpo)"

# Everything a fresh Debian machine with rustup and python3 needs. Idempotent and quick
# when already installed.
setup:
	@rustup show active-toolchain >/dev/null 2>&1 || true
	rustup toolchain install
	@missing=""; \
	for p in gcc g++ pkg-config valgrind qemu-system-arm arm-none-eabi-size arm-none-eabi-gcc; do command -v $$p >/dev/null || missing="$$missing $$p"; done; \
	[ -f /usr/lib/arm-none-eabi/newlib/thumb/v6-m/nofp/libc_nano.a ] || missing="$$missing libnewlib-arm-none-eabi"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends gcc g++ pkg-config valgrind qemu-system-arm binutils-arm-none-eabi gcc-arm-none-eabi libnewlib-arm-none-eabi >/dev/null; \
	fi

demo:
	@$(CARGO) build -q -p poh-cli
	@$(CARGO) run -q -p poh-cli -- $(if $(JSON),--json,) $(DEMO_CASES)

kb:
	$(PYTHON) tools/kbgen.py

# Reviewed full-output snapshots: after a deliberate change of output, rewrite them and
# read `git diff tests/snapshots` before committing (cli/tests/snapshots.rs checks them).
snapshots:
	UPDATE_SNAPSHOTS=1 $(CARGO) test -q -p poh-cli --test snapshots

kb-check:
	$(PYTHON) tools/kbgen.py --check

hpo-subset:
	$(PYTHON) tools/hpo_subset.py --hpo-dir ../shared/reference/hpo --data-dir core/data --out core/data/hpo
	$(PYTHON) tools/kbgen.py

test: setup kb-check test-rust test-embedded test-instructions test-c test-py test-firmware test-kiosk test-reliability
	@echo "make test: all checks passed"

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

test-py:
	bash py/run_tests.sh

test-firmware:
	bash tests/firmware/run.sh

# The C library on Cortex-M: libpoh.a without std linked into C firmware (Debian's
# gcc-arm-none-eabi, newlib nano) on both boards under QEMU, byte for byte with the host;
# the kiosk example driven with the scripted sessions; the Cortex-M0 budgets.
test-kiosk:
	bash tests/firmware/c/run.sh

# The C kiosk example (examples/kiosk): the questionnaire over a UART.
BOARD ?= m0
kiosk:
	for b in m0 m4; do examples/kiosk/build.sh $$b target/kiosk/$$b/kiosk.elf examples/kiosk/kiosk.c; done

kiosk-run: kiosk
	@case "$(BOARD)" in m0) m="-machine microbit -cpu cortex-m0";; m4) m="-machine mps2-an386 -cpu cortex-m4";; \
	  *) echo "BOARD must be m0 or m4"; exit 2;; esac; \
	echo "kiosk on $(BOARD) under QEMU: type y / n / ? and Enter (Ctrl-C quits)"; \
	qemu-system-arm $$m -display none -monitor none -serial stdio -semihosting-config enable=on,target=native \
	  -kernel target/kiosk/$(BOARD)/kiosk.elf

# Fuzzing (every target, a short fixed time each), Miri over the core's tests, and one
# command that runs every golden case through Rust, C, Python and both firmware images.
test-reliability:
	bash fuzz/run.sh $(FUZZ_SECONDS)
	bash tests/miri.sh
	bash tests/agreement.sh

# Longer fuzzing (FUZZ_SECONDS per target, default 300).
fuzz:
	bash fuzz/run.sh $(or $(FUZZ_SECONDS_LONG),300)
