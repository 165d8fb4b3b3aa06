#!/usr/bin/env python3
"""Compare the firmware's assessment JSON with the host's, byte for byte.

usage: compare.py POH_CLI CASES_DIR LABEL=FIRMWARE_LOG [LABEL=FIRMWARE_LOG ...]

POH_CLI is the host command line (`poh`); for each golden case `CASES_DIR/X.json` the host
output is `poh --json X.json` (assessment JSON + newline). A firmware log is the image's
semihosting stdout: per case a line `== X`, then the JSON on one line. Every case must be
present in every log exactly once, and nothing else. Prints one line per mismatch and a
final `N passed, M failed`; exit status 1 on any failure.
"""

import pathlib
import subprocess
import sys


def firmware_outputs(path):
    """{case name: bytes of the JSON line + newline}, and the names seen more than once."""
    outputs, dup = {}, []
    lines = pathlib.Path(path).read_bytes().split(b"\n")
    for i, line in enumerate(lines):
        if line.startswith(b"== "):
            name = line[3:].decode("utf-8", "replace")
            payload = lines[i + 1] if i + 1 < len(lines) else b""
            if payload.startswith(b"## ") or payload.startswith(b"== "):
                payload = b""
            if name in outputs:
                dup.append(name)
            outputs[name] = payload + b"\n"
    return outputs, dup


def parse_frames(data):
    """{frame name: payload line + newline} of `== name` frames."""
    out = {}
    lines = data.split(b"\n")
    for i, line in enumerate(lines):
        if line.startswith(b"== ") and i + 1 < len(lines):
            out[line[3:].decode("utf-8", "replace")] = lines[i + 1] + b"\n"
    return out


def first_difference(a, b):
    n = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    ctx = lambda s: s[max(0, n - 40): n + 40].decode("utf-8", "replace")
    return f"first difference at byte {n} (host {len(a)} B, firmware {len(b)} B)\n    host:     ...{ctx(a)}...\n    firmware: ...{ctx(b)}..."


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    cli, cases_dir, logs = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3:]
    cases = sorted(cases_dir.glob("*.json"))
    if not cases:
        print(f"no golden cases in {cases_dir}", file=sys.stderr)
        return 1
    host = {}
    failed = []
    for c in cases:
        r = subprocess.run([cli, "--json", str(c)], capture_output=True)
        if r.returncode != 0:
            failed.append(f"host: {c.stem}: exit {r.returncode}: {r.stderr.decode(errors='replace').strip()}")
        host[c.stem] = r.stdout
    # Scripted kiosk sessions: the host prints the same framed steps as the firmware.
    scripts = sorted((cases_dir.parent / "questionnaire").glob("*.json"))
    if not scripts:
        failed.append("no scripted questionnaire sessions in tests/questionnaire")
    for sc in scripts:
        r = subprocess.run([cli, "--questionnaire", str(sc)], capture_output=True)
        if r.returncode != 0:
            failed.append(f"host: questionnaire {sc.stem}: exit {r.returncode}: {r.stderr.decode(errors='replace').strip()}")
        host.update(parse_frames(r.stdout))
    passed = 0
    for spec in logs:
        label, log = spec.split("=", 1)
        fw, dup = firmware_outputs(log)
        for name in dup:
            failed.append(f"{label}: {name}: printed more than once")
        for name in sorted(set(fw) - set(host)):
            failed.append(f"{label}: {name}: not a golden case or scripted session step")
        for name, expected in host.items():
            # The M0 image runs no kiosk session (tests/firmware/build.rs: its 16 KiB of
            # RAM); the M4 image and the host do.
            if label == "thumbv6m-none-eabi" and name.startswith("questionnaire:"):
                continue
            got = fw.get(name)
            if got is None:
                failed.append(f"{label}: {name}: missing from the firmware output")
            elif got != expected:
                failed.append(f"{label}: {name}: output differs from the host: " + first_difference(expected, got))
            else:
                passed += 1
    for f in failed:
        print(f"FAIL {f}")
    print(f"firmware vs host: {passed} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
