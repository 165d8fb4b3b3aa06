#!/usr/bin/env python3
"""Measured footprint of the poh firmware images, and the budget check.

usage: footprint.py --out FOOTPRINT.md --command CMD [--source REV] [--readme README.md]
                    TARGET=ELF=LOG [TARGET=ELF=LOG ...]

For each image: flash (vector table + text + rodata + data initialisers), static RAM
(data + bss), the stack high-water marks and SysTick counts the firmware printed (LOG is
its semihosting stdout), and how the flash divides between the knowledge tables, the
evaluator, the JSON reader and writer, formatting/panic machinery, the runtime and the
embedded test data. Budgets: the Cortex-M0 image's product flash <= 96 KiB and stack
<= 8 KiB; every image fits its board (whole image <= the board's flash, static RAM + stack
high-water <= its RAM); no heap. Only budgets are checked, never exact figures: the
figures are written to --out, and with --readme also to the README's footprint block
(what `make bench` does). Exit status 1 on any overrun or missing figure.
"""

import argparse
import pathlib
import re
import struct
import subprocess
import sys

KIB = 1024
BUDGETS = {  # target -> (flash bytes, stack bytes)
    "thumbv6m-none-eabi": (96 * KIB, 8 * KIB),
}
BOARDS = {  # target -> (CPU, QEMU board, core clock in Hz, board flash bytes, board RAM bytes)
    "thumbv7em-none-eabihf": ("Cortex-M4F", "mps2-an386", 25_000_000, 256 * KIB, 64 * KIB),
    "thumbv6m-none-eabi": ("Cortex-M0", "microbit", 16_000_000, 256 * KIB, 16 * KIB),
}
HEAP_MARKERS = ("__rust_alloc", "__rg_alloc", "__rust_alloc_error_handler", "alloc::alloc", "GlobalAlloc")

# Code groups, by demangled symbol name (first match wins). With LTO the core's functions
# are partly inlined into their callers; the firmware keeps its entry points out of line
# (`#[inline(never)]`) and passes every sink as `dyn Sink`, so the names stay telling.
CODE_GROUPS = [
    ("panic and formatting machinery", r"^(core::panicking|core::panic|core::fmt|core::result::unwrap_failed|core::option::(expect|unwrap)_failed|core::slice::index::|core::str::slice_error|rust_begin_unwind|poh_firmware::panic|core::cell::panic)"),
    ("JSON reader (findings in)", r"^(poh_core::json::input|poh_core::json::scan|poh_core::json::parse|<?&?(mut )?serde_json_core::de|serde_json_core::de|<serde_json_core::de|serde::de|serde_core::de|<serde_core::de|.*as serde_core::de::|.*Deserialize|.*Visitor)"),
    ("JSON writer (assessment out)", r"^(poh_core::json::output|serde_json_core::ser|<serde_json_core::ser|<?&?(mut )?serde_json_core::ser|serde_core::ser|.*as serde_core::ser::|.*Serialize|heapless::|<heapless)"),
    ("evaluator (criteria, score, differential, next steps)", r"^(poh_core::|<poh_core::|core::slice::sort)"),
    ("floating point (f64 number parsing, soft-float)", r"^(core::num::dec2flt|<core::num::dec2flt|<f64 as core::str|<f32 as core::str|core::num::flt2dec|compiler_builtins::float|__aeabi_d|__aeabi_f|__adddf3|__muldf3|__divdf3|__subdf3)"),
    ("compiler builtins (memcpy, 64-bit division)", r"^(compiler_builtins|__aeabi|__udiv|__divsi|memcpy|memset|memmove|memcmp)"),
    ("runtime and test harness (cortex-m-rt, semihosting, firmware)", r"^(cortex_m|<cortex_m|poh_firmware|Reset|main$|DefaultHandler|HardFault|__pre_init|__cortex_m_rt|__INTERRUPTS|__EXCEPTIONS|__RESET_VECTOR|NonMaskableInt|.*semihosting)"),
]


def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def sections(elf):
    out = {}
    for line in run(["arm-none-eabi-readelf", "-SW", elf]).splitlines():
        m = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if m:
            name, kind, addr, off, size = m.groups()
            out[name] = (kind, int(addr, 16), int(off, 16), int(size, 16))
    return out


def symbols(elf):
    """(address, size, nm type, demangled name) of every sized symbol."""
    syms = []
    for line in run(["arm-none-eabi-nm", "-C", "-S", "--size-sort", elf]).splitlines():
        parts = line.split(" ", 3)
        if len(parts) == 4:
            addr, size, kind, name = parts
            addr = int(addr, 16)
            if kind in "tT":
                addr &= ~1  # Thumb bit
            syms.append((addr, int(size, 16), kind, name))
    return syms


def anonymous_rodata(elf, secs, syms):
    """Attribute the rodata that has no symbol (string literals, slices in the tables).

    Every 4-byte-aligned word of flash that points into an unnamed part of .rodata starts an
    anonymous object there (Thumb code loads addresses from literal pools, so code
    references are words too). An object belongs to the knowledge tables if it is reachable
    from a `poh_core::kb::generated` static through anonymous objects only; otherwise to
    whatever code or named data refers to it. Returns (bytes reachable from the tables,
    bytes referred to only by code or other data, bytes referred to by nothing we can see).
    """
    _, r0, roff, rsize = secs[".rodata"]
    r1 = r0 + rsize
    blob = open(elf, "rb").read()
    named = sorted((a, a + s, n) for a, s, k, n in syms if k in "rR" and r0 <= a < r1)

    def in_named(x):
        for a, b, n in named:
            if a <= x < b:
                return n
        return None

    # Gaps of .rodata not covered by named symbols.
    gaps, cur = [], r0
    for a, b, _ in named:
        if a > cur:
            gaps.append((cur, a))
        cur = max(cur, b)
    if cur < r1:
        gaps.append((cur, r1))

    def gap_of(x):
        for a, b in gaps:
            if a <= x < b:
                return (a, b)
        return None

    # Pointer words in all flash sections: (word address, target).
    refs = []
    for name in (".vector_table", ".text", ".rodata"):
        if name not in secs:
            continue
        _, addr, off, size = secs[name]
        start = (addr + 3) & ~3
        for w in range(start, addr + size - 3, 4):
            (v,) = struct.unpack_from("<I", blob, off + (w - addr))
            if r0 <= v < r1 and gap_of(v):
                refs.append((w, v))
    starts = sorted({a for a, _ in gaps} | {v for _, v in refs})
    objects = []  # (start, end)
    for a, b in gaps:
        pts = [s for s in starts if a <= s < b]
        for i, s in enumerate(pts):
            objects.append((s, pts[i + 1] if i + 1 < len(pts) else b))
    obj_at = {s: (s, e) for s, e in objects}

    def obj_of(x):
        g = gap_of(x)
        if not g:
            return None
        best = None
        for s, e in objects:
            if s <= x < e:
                best = (s, e)
                break
        return best

    # Referrers of each object.
    kb_roots, other_refd, edges = set(), set(), {}
    for w, v in refs:
        target = obj_of(v)
        if target is None:
            continue
        if r0 <= w < r1:
            owner = in_named(w)
            if owner is not None:
                (kb_roots if "poh_core::kb::generated" in owner else other_refd).add(target)
            else:
                src = obj_of(w)
                if src is not None and src != target:
                    edges.setdefault(src, set()).add(target)
        else:
            other_refd.add(target)
    kb = set()
    todo = list(kb_roots)
    while todo:
        o = todo.pop()
        if o in kb:
            continue
        kb.add(o)
        todo.extend(edges.get(o, ()))
    reached_other = set()
    todo = list(other_refd)
    while todo:
        o = todo.pop()
        if o in reached_other or o in kb:
            continue
        reached_other.add(o)
        todo.extend(edges.get(o, ()))
    size = lambda objs: sum(e - s for s, e in objs)
    total = size(objects)
    return size(kb), size(reached_other), total - size(kb) - size(reached_other)


def parse_log(path):
    figures = {}
    for line in open(path, encoding="utf-8", errors="replace"):
        if line.startswith("## "):
            parts = line[3:].split()
            if parts:
                figures[parts[0]] = parts[1:]
    return figures


SPEED_TABLES = (r"poh_core::eval::score::table::SCORES|poh_core::json::fragments::|"
                r"poh_core::kb::KB_OF_EVERY_TERM|poh_core::hpo::PAGE0_BUCKET")


def analyse(target, elf, log):
    secs = sections(elf)
    syms = symbols(elf)
    size = lambda n: secs[n][3] if n in secs else 0
    vt, text, rodata, data, bss = (size(n) for n in (".vector_table", ".text", ".rodata", ".data", ".bss"))
    flash = vt + text + rodata + data
    test_data = sum(s for a, s, k, n in syms if re.match(r"poh_firmware::CASE", n))
    kb_named = sum(s for a, s, k, n in syms if k in "rR" and "poh_core::kb::generated" in n)
    # The compiler-built tables of the `speed-tables` feature (core/Cargo.toml).
    speed = sum(s for a, s, k, n in syms if k in "rR" and re.search(SPEED_TABLES, n))
    _, r0, _, rsize = secs[".rodata"]
    other_named = sum(s for a, s, k, n in syms if k in "rR" and r0 <= a < r0 + rsize
                      and "poh_core::kb::generated" not in n
                      and not re.search(SPEED_TABLES, n) and not re.match(r"poh_firmware::CASE", n))
    kb_anon, other_anon, unref_anon = anonymous_rodata(elf, secs, syms)

    groups = {g: 0 for g, _ in CODE_GROUPS}
    groups["other code"] = 0
    named_text = 0
    biggest = {}
    for a, s, k, n in syms:
        if k not in "tT":
            continue
        named_text += s
        for g, rx in CODE_GROUPS:
            if re.match(rx, n):
                groups[g] += s
                break
        else:
            groups["other code"] += s
        biggest[n] = s
    groups["other code"] += text - named_text  # padding, veneers, unnamed
    heap = sorted({n for a, s, k, n in syms if any(m in n for m in HEAP_MARKERS)})

    log_fig = parse_log(log)
    return dict(
        target=target, flash=flash, vt=vt, text=text, rodata=rodata, data=data, bss=bss,
        test_data=test_data, product_flash=flash - test_data, kb_named=kb_named,
        speed=speed, other_named=other_named,
        kb_anon=kb_anon, other_anon=other_anon, unref_anon=unref_anon, groups=groups,
        heap=heap, log=log_fig,
        top_code=sorted(biggest.items(), key=lambda kv: -kv[1])[:8],
        top_tables=sorted(((n, s) for a, s, k, n in syms if k in "rR" and "kb::generated" in n), key=lambda kv: -kv[1])[:8],
    )


def kib(n):
    return f"{n} B ({n / KIB:.1f} KiB)"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--command", required=True)
    ap.add_argument("--source", default="unknown revision", help="what was measured (commit)")
    ap.add_argument("--readme", help="README whose footprint block (between the markers) is rewritten")
    ap.add_argument("images", nargs="+", help="TARGET=ELF=LOG")
    args = ap.parse_args()

    failures = []
    results = []
    for spec in args.images:
        target, elf, log = spec.split("=", 2)
        results.append(analyse(target, elf, log))

    md = [
        "# Firmware footprint (measured)",
        "",
        "Generated by `make bench` (`tests/firmware/run.sh --write`; do not edit by hand); reproduce with:",
        "",
        "```sh",
        args.command,
        "```",
        "",
        f"Measured: {args.source}.",
        "",
        "Release images, `opt-level = \"z\"`, LTO, one codegen unit, `panic = \"abort\"`, poh-core",
        "without default features (no HPO label table), `--remap-path-prefix`. Flash = vector",
        "table + .text + .rodata + .data initialisers. The embedded golden-case inputs are test",
        "data, not product: the flash budget is checked without them. `Findings` (and",
        "`Assessment`) are in static RAM, so the stack figures are the core's own frames plus",
        "the harness's `main`. Instruction counts: QEMU `-icount shift=0,align=off,sleep=off`",
        "(1 instruction = 1 ns of virtual time) read through SysTick on the core clock, so the",
        "resolution is one tick (40 instructions at 25 MHz, 62.5 at 16 MHz); a calibration loop",
        "of exactly 200000 instructions checks the conversion on every run. Emulated",
        "instruction counts are not cycles.",
        "",
    ]
    header = "| | " + " | ".join(f"{BOARDS[r['target']][0]} (`{r['target']}`, QEMU {BOARDS[r['target']][1]})" for r in results) + " |"
    md += [header, "|---" * (len(results) + 1) + "|"]

    def row(label, f):
        md.append(f"| {label} | " + " | ".join(f(r) for r in results) + " |")

    for r in results:
        lg = r["log"]
        hz = BOARDS[r["target"]][2]
        try:
            calib_insns, calib_ticks = int(lg["calibration_loop_instructions"][0]), int(lg["calibration_loop_instructions"][2])
            per_tick = 1e9 / hz
            if abs(calib_ticks * per_tick - calib_insns) > per_tick:
                failures.append(f"{r['target']}: calibration loop of {calib_insns} instructions took {calib_ticks} ticks; expected {calib_insns / per_tick:.0f}")
            t = lg["ticks"]
            ticks = {t[i]: int(t[i + 1]) for i in range(0, len(t), 2)}
            r["insns"] = {k: round(v * per_tick) for k, v in ticks.items()}
            r["per_tick"] = per_tick
            r["stack_one"] = int(lg["stack_one_evaluation_bytes"][0])
            r["stack_max"] = int(lg["stack_max_bytes"][0])
            r["stack_max_case"] = lg["stack_max_bytes"][1]
            sp = lg["stack_phase_bytes"]
            r["stack_phase"] = {sp[i]: int(sp[i + 1]) for i in range(0, len(sp), 2)}
            r["stack_size"] = int(lg["stack_size_bytes"][0])
            r["on_stack"] = int(lg["stack_one_evaluation_on_stack_bytes"][0]) if "stack_one_evaluation_on_stack_bytes" in lg else None
            r["typical"] = lg["typical"]
            r["sizeof"] = lg["sizeof"]
        except (KeyError, IndexError, ValueError) as e:
            failures.append(f"{r['target']}: figure missing from the firmware output ({e!r})")
            r["insns"] = None

    if any(r.get("insns") is None for r in results):
        print("\n".join(failures), file=sys.stderr)
        return 1

    row("flash, product (text + rodata + vectors + data)", lambda r: kib(r["product_flash"]))
    row("flash, embedded golden-case inputs (test data)", lambda r: kib(r["test_data"]))
    row("flash, whole image", lambda r: kib(r["flash"]))
    row("static RAM (data + bss)", lambda r: kib(r["data"] + r["bss"]))
    row("of which `Findings` + `Assessment`", lambda r: f"{r['sizeof'][1]} + {r['sizeof'][3]} B")
    row("stack available (RAM - static)", lambda r: kib(r["stack_size"]))
    row("stack high-water, one evaluation (typical case)", lambda r: f"{r['stack_one']} B")
    row("stack high-water: parse / evaluate / write", lambda r: " / ".join(str(r["stack_phase"][k]) for k in ("parse", "evaluate", "write")) + " B")
    row("stack high-water, worst golden case streamed", lambda r: f"{r['stack_max']} B ({r['stack_max_case']})")
    row("same evaluation with `Findings` + `Assessment` on the stack", lambda r: f"{r['on_stack']} B" if r["on_stack"] else "not run (would overflow 16 KiB RAM)")
    row("instructions: parse findings JSON", lambda r: f"{r['insns']['parse']:,}")
    row("instructions: evaluate", lambda r: f"{r['insns']['evaluate']:,}")
    row("instructions: write assessment JSON", lambda r: f"{r['insns']['write']:,}")
    row("instructions: one evaluation, total", lambda r: f"{sum(r['insns'].values()):,} (±{3 * r['per_tick']:.0f})")
    row("heap", lambda r: "none (no allocator symbol linked)" if not r["heap"] else "LINKED: " + ", ".join(r["heap"]))
    md += ["", f"Typical case: `{results[0]['typical'][0]}` ({results[0]['typical'][2]} bytes of findings JSON in, {results[0]['typical'][4]} bytes of assessment JSON out).", ""]

    md += ["## Where the flash goes", "",
           "Knowledge tables = the `poh_core::kb::generated` statics plus the anonymous data they",
           "point to (strings, nested slices), found by following every pointer word from the tables.",
           "Code is grouped by symbol name (`arm-none-eabi-nm -C -S`).", ""]
    md += [header.replace("| |", "| bytes |", 1), "|---" * (len(results) + 1) + "|"]
    row("knowledge tables: named statics", lambda r: str(r["kb_named"]))
    row("knowledge tables: their strings and slices", lambda r: str(r["kb_anon"]))
    row("**knowledge tables, total**", lambda r: f"**{r['kb_named'] + r['kb_anon']}**")
    row("speed tables (feature `speed-tables`, built by the compiler)", lambda r: str(r["speed"]))
    row("other constants used by code (JSON keys, texts, panic locations)", lambda r: str(r["other_anon"] + r["other_named"] + r["vt"] + r["data"]))
    row("unattributed constants (no visible reference)", lambda r: str(r["unref_anon"]))
    for g, _ in CODE_GROUPS:
        if g.startswith("runtime"):
            continue
        row("code: " + g, lambda r, g=g: str(r["groups"][g]))
    row("code: runtime and test harness", lambda r: str(r["groups"][CODE_GROUPS[-1][0]]))
    row("code: other / padding", lambda r: str(r["groups"]["other code"]))
    row("golden-case inputs (test data)", lambda r: str(r["test_data"]))
    row("**whole image**", lambda r: f"**{r['flash']}**")
    for r in results:
        md += ["", f"Largest tables on {r['target']}: " + ", ".join(f"`{n.split('::')[-1]}` {s}" for n, s in r["top_tables"]) + ".",
               f"Largest functions: " + ", ".join(f"`{n}` {s}" for n, s in r["top_code"]) + "."]

    md += ["", "## Budgets", ""]
    for r in results:
        _, board, _, board_flash, board_ram = BOARDS[r["target"]]
        ram = r["data"] + r["bss"] + r["stack_max"]
        fits_f, fits_r = r["flash"] <= board_flash, ram <= board_ram
        md.append(f"- {r['target']} whole image {r['flash']} B <= {board} flash {board_flash} B: {'ok' if fits_f else 'OVER by ' + str(r['flash'] - board_flash) + ' B'}.")
        md.append(f"- {r['target']} static RAM + stack high-water {ram} B <= {board} RAM {board_ram} B: {'ok' if fits_r else 'OVER by ' + str(ram - board_ram) + ' B'}.")
        if not fits_f:
            failures.append(f"{r['target']}: the image ({r['flash']} B) does not fit the {board_flash} B flash of {board}")
        if not fits_r:
            failures.append(f"{r['target']}: static RAM + stack ({ram} B) exceeds the {board_ram} B RAM of {board}")
        if r["heap"]:
            failures.append(f"{r['target']}: heap allocator symbols linked: {r['heap']}")
        if r["stack_max"] >= r["stack_size"]:
            failures.append(f"{r['target']}: stack overflowed its region ({r['stack_max']} of {r['stack_size']} B)")
        b = BUDGETS.get(r["target"])
        if not b:
            md.append(f"- {r['target']}: no budget (measured only); no heap: {'yes' if not r['heap'] else 'NO'}.")
            continue
        fl, st = b
        stack = max(r["stack_one"], r["stack_max"])
        ok_f = r["product_flash"] <= fl
        ok_s = stack <= st
        md.append(f"- {r['target']} flash {r['product_flash']} B <= {fl} B: {'ok, slack ' + str(fl - r['product_flash']) + ' B' if ok_f else 'OVER by ' + str(r['product_flash'] - fl) + ' B'}.")
        md.append(f"- {r['target']} stack {stack} B <= {st} B: {'ok, slack ' + str(st - stack) + ' B' if ok_s else 'OVER by ' + str(stack - st) + ' B'}.")
        md.append(f"- {r['target']} no heap: {'ok' if not r['heap'] else 'FAILED'}.")
        if not ok_f:
            failures.append(f"{r['target']}: flash {r['product_flash']} B exceeds the budget of {fl} B by {r['product_flash'] - fl} B (knowledge tables {r['kb_named'] + r['kb_anon']} B)")
        if not ok_s:
            failures.append(f"{r['target']}: stack {stack} B exceeds the budget of {st} B by {stack - st} B")
    md.append("")
    if args.readme:
        failures += readme_block(args.readme, results)
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write("\n".join(md))
    print("\n".join(md))
    for f in failures:
        print(f"BUDGET/FIGURE FAILURE: {f}", file=sys.stderr)
    return 1 if failures else 0


BEGIN, END = "<!-- footprint:begin (written by make bench) -->", "<!-- footprint:end -->"


def readme_block(path, results):
    """The README's summary table, rendered from this run and written in place."""
    lines = [BEGIN, "", "| per target | " + " | ".join(f"{BOARDS[r['target']][0]} (`{r['target']}`)" for r in results) + " |",
             "|---" * (len(results) + 1) + "|"]
    def row(label, f):
        lines.append(f"| {label} | " + " | ".join(f(r) for r in results) + " |")
    # Flash in tenths of a KiB: a few bytes of alignment padding move with the checkout's
    # path length on some targets, and the table must match a fresh run in any clone.
    k1 = lambda n: f"{n / 1024:.1f} KiB"
    row("flash, product (text + rodata)", lambda r: k1(r["product_flash"]))
    row("of which knowledge tables / speed tables / code", lambda r: f"{k1(r['kb_named'] + r['kb_anon'])} / {k1(r['speed'])} / {k1(sum(r['groups'].values()))}")
    row("static RAM", lambda r: k1(r["data"] + r["bss"]))
    row("stack high-water, one evaluation", lambda r: f"{r['stack_one']} B")
    row("instructions per evaluation (parse + evaluate + write, typical case)", lambda r: f"{sum(r['insns'].values()):,}")
    row("of which evaluate", lambda r: f"{r['insns']['evaluate']:,}")
    row("heap", lambda r: "none" if not r["heap"] else "LINKED")
    lines += ["", END]
    block = "\n".join(lines)
    text = pathlib.Path(path).read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        return [f"{path}: footprint markers missing"]
    i, j = text.index(BEGIN), text.index(END) + len(END)
    if text[i:j] != block:
        pathlib.Path(path).write_text(text[:i] + block + text[j:], encoding="utf-8")
        print(f"updated the footprint block of {path}")
    return []


if __name__ == "__main__":
    sys.exit(main())
