#!/usr/bin/env python3
"""The C library's footprint on both boards: flash, static RAM, stack high-water and
instructions, for the evaluator alone, the questionnaire alone and both.

usage: footprint.py [--out FILE.md] [--check]

Builds tests/firmware/c/footprint.c three times per board with examples/kiosk/build.sh
(-DFP_EVAL, -DFP_QUEST, both), runs each image under qemu-system-arm with
`-icount shift=0,align=off,sleep=off` and reads its `## key value` lines. Flash is the
product only: vectors + .text + .rodata + .ARM.exidx + .data initialisers, without the
.testdata section (the embedded golden-case inputs). Instructions are SysTick ticks
times 200000 / the ticks of a calibration loop of exactly 200000 instructions (one tick
is 62.5 instructions at the microbit's 16 MHz, 40 at the mps2-an386's 25 MHz): emulated
instructions, not cycles.

--out writes the figures as Markdown (`make bench` writes tests/firmware/FOOTPRINT-C.md).
--check checks the Cortex-M0 budgets on the image with both: flash <= 96 KiB, stack
high-water <= 8 KiB, static RAM + stack high-water within the 16 KiB of RAM. Prints
`N passed, M failed` last; exit status 1 on a failed check or a failed image.
"""
import argparse
import pathlib
import re
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parents[3]
BOARDS = {
    "m0": ("Cortex-M0 (`thumbv6m-none-eabi`, QEMU microbit)", ["-machine", "microbit", "-cpu", "cortex-m0"]),
    "m4": ("Cortex-M4F (`thumbv7em-none-eabihf` + `speed-tables`, QEMU mps2-an386)", ["-machine", "mps2-an386", "-cpu", "cortex-m4"]),
}
VARIANTS = {"eval": ["-DFP_EVAL"], "quest": ["-DFP_QUEST"], "both": ["-DFP_EVAL", "-DFP_QUEST"]}
FLASH = (".vectors", ".text", ".rodata", ".ARM.exidx", ".data")
M0_FLASH, M0_STACK, M0_RAM = 96 * 1024, 8 * 1024, 16 * 1024


def sections(elf):
    out = subprocess.run(["arm-none-eabi-size", "-A", str(elf)], capture_output=True, text=True, check=True).stdout
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^(\.\S+)\s+(\d+)", out, re.M)}


def measure(work, board, variant):
    elf = work / board / f"footprint-{variant}.elf"
    subprocess.run([str(root / "examples/kiosk/build.sh"), board, str(elf), f"-I{root}/tests/firmware/c",
                    *VARIANTS[variant], str(root / "tests/firmware/c/footprint.c"), str(work / "fw_data.c")],
                   check=True)
    run = subprocess.run(["qemu-system-arm", *BOARDS[board][1], "-display", "none", "-monitor", "none",
                          "-serial", "stdio", "-semihosting-config", "enable=on,target=native",
                          "-icount", "shift=0,align=off,sleep=off", "-kernel", str(elf)],
                         capture_output=True, text=True, timeout=300)
    (elf.with_suffix(".log")).write_text(run.stdout)
    got = {m.group(1): int(m.group(2)) for m in re.finditer(r"^## (\w+) (\d+)$", run.stdout, re.M)}
    if run.returncode != 0 or got.get("done") != 0:
        raise RuntimeError(f"{elf.name} on {board}: exit {run.returncode}: {run.stdout[-400:]}")
    s = sections(elf)
    got["flash"] = sum(s.get(k, 0) for k in FLASH)
    got["testdata"] = s.get(".testdata", 0)
    got["static"] = s.get(".data", 0) + s.get(".bss", 0)
    per_tick = 200000 / got["calibration_ticks"]
    for k in list(got):
        if k.endswith("_ticks") or "_ticks_" in k:
            got[k.replace("ticks", "instr")] = round(got[k] * per_tick)
    got["stack"] = max(got.get(k, 0) for k in ("eval_stack", "write_stack", "quest_step_stack", "quest_json_stack", "quest_outcome_stack"))
    return got


def kib(n):
    return f"{n} B ({n / 1024:.1f} KiB)"


def table(r):
    rows = []
    head = "| | " + " | ".join(f"{b} {v}" for b in r for v in r[b]) + " |"
    rows.append(head)
    rows.append("|---" * (1 + sum(len(r[b]) for b in r)) + "|")

    def row(label, f):
        cells = []
        for b in r:
            for v in r[b]:
                try:
                    cells.append(f(r[b][v]))
                except KeyError:
                    cells.append("-")
        rows.append(f"| {label} | " + " | ".join(cells) + " |")

    row("flash, product", lambda g: kib(g["flash"]))
    row("static RAM (data + bss)", lambda g: f"{g['static']} B")
    row("stack high-water, worst call", lambda g: f"{g['stack']} B")
    row("evaluate (findings JSON into poh_result): instructions", lambda g: f"{g['eval_instr']:,}")
    row("evaluate: stack", lambda g: f"{g['eval_stack']} B")
    row("write assessment JSON (streamed): instructions", lambda g: f"{g['write_instr']:,}")
    row("write assessment JSON: stack", lambda g: f"{g['write_stack']} B")
    row("question step (next + answer): instructions, mean", lambda g: f"{g['quest_step_instr_total'] // g['quest_steps']:,}")
    row("question step: instructions, max", lambda g: f"{g['quest_step_instr_max']:,}")
    row("question step: stack", lambda g: f"{g['quest_step_stack']} B")
    row("step JSON (streamed): instructions, max", lambda g: f"{g['quest_json_instr_max']:,}")
    row("step JSON: stack", lambda g: f"{g['quest_json_stack']} B")
    row("outcome: instructions", lambda g: f"{g['quest_outcome_instr']:,}")
    row("outcome: stack", lambda g: f"{g['quest_outcome_stack']} B")
    return "\n".join(rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--boards", default="m0,m4")
    a = ap.parse_args()
    work = root / "target" / "firmware-c"
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, str(root / "tests/firmware/c/gen_data.py"), str(work / "fw_data.c")], check=True)
    passed = failed = 0
    results = {}
    for b in a.boards.split(","):
        results[b] = {}
        for v in VARIANTS:
            try:
                results[b][v] = measure(work, b, v)
                passed += 1
                print(f"ok   footprint image {b} {v}")
            except (RuntimeError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
                failed += 1
                print(f"FAIL footprint image {b} {v}: {e}")
    if a.check:
        both = results.get("m0", {}).get("both")
        if both is None:
            failed += 1
            print("FAIL budgets: the Cortex-M0 image with both was not measured")
        else:
            checks = [
                (f"Cortex-M0 C image (evaluator + questionnaire) flash {both['flash']} B <= {M0_FLASH} B", both["flash"] <= M0_FLASH),
                (f"Cortex-M0 stack high-water {both['stack']} B <= {M0_STACK} B", both["stack"] <= M0_STACK),
                (f"Cortex-M0 static RAM {both['static']} B + stack {both['stack']} B <= {M0_RAM} B", both["static"] + both["stack"] <= M0_RAM),
            ]
            for label, ok in checks:
                print(("ok   " if ok else "FAIL ") + "budget: " + label)
                passed += ok
                failed += not ok
    if a.out and not failed or (a.out and results):
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=root).stdout.strip()
        text = f"""# C library footprint on Cortex-M (measured)

Generated by `python3 tests/firmware/c/footprint.py --out tests/firmware/FOOTPRINT-C.md`
(run by `make bench`; do not edit by hand). Measured at {rev}.

`libpoh.a` is poh-ffi without `std` (`cargo rustc -p poh-ffi --lib --crate-type staticlib
--no-default-features --target <t> --profile embedded`, as examples/kiosk/build.sh builds
it: opt-level "z", fat LTO, one codegen unit, panic = abort), linked by Debian's
`arm-none-eabi-gcc` with newlib nano (`--specs=nano.specs --specs=nosys.specs`, `-Os`,
`--gc-sections`) into `tests/firmware/c/footprint.c` on the board support of
`examples/kiosk/board`. The Cortex-M0 library has no speed tables; the Cortex-M4F one has
them (`--features speed-tables`). Three images per board:

- **eval**: `poh_evaluate_json_into` (findings JSON into a static `poh_result`) and
  `poh_result_write_json` (the assessment JSON streamed, no buffer);
- **quest**: a scripted session (tests/questionnaire/toddler_skin_lumps.json) through
  `poh_session_start/next/answer/outcome` and `poh_session_write_step_json`, which
  evaluate the answers into a static `poh_result` (their work storage);
- **both**: a kiosk with the two, sharing the one `poh_result`.

Flash is the product: vectors, code, read-only data and data initialisers, without the
embedded test inputs. Stack: painted at reset, repainted before each measured call, the
deepest word overwritten is the high-water mark (the call's own frames and the core's).
Instructions: QEMU `-icount shift=0` read through SysTick and a calibration loop (one
tick is 62.5 instructions on the microbit, 40 on the mps2-an386): emulated instructions,
not cycles. The typical evaluation is `typical_poh_toddler` (752 bytes of JSON in, 27008
out).

Boards: """ + "; ".join(f"{b} = {BOARDS[b][0]}" for b in results) + f""".

{table(results)}
"""
        pathlib.Path(a.out).write_text(text)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
