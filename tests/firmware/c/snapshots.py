#!/usr/bin/env python3
"""Compare the C firmware's outputs with the reviewed snapshots (tests/snapshots).

usage: snapshots.py SNAPSHOT_DIR LABEL=FIRMWARE_LOG [LABEL=FIRMWARE_LOG ...]

A firmware log frames each output as `== NAME` then one line of compact JSON (golden.c).
The snapshots hold every byte the host prints, pretty-printed with keys in output order
(cli/tests/snapshots.rs: serde_json's pretty printer, two-space indent, a final newline).
Each firmware line is re-printed the same way (Python's json with the same indent and
separators, keys kept in their order, non-ASCII kept) and compared byte for byte with
`cases/NAME.json` or, for `questionnaire:SCRIPT:N`, `questionnaire/SCRIPT_N.json`. Every
snapshot of those two directories must be matched by every log. Prints
`N passed, M failed`.
"""
import json
import pathlib
import sys


def pretty(line):
    return json.dumps(json.loads(line), indent=2, ensure_ascii=False) + "\n"


def frames(log):
    lines = pathlib.Path(log).read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines[:-1]):
        if line.startswith("== "):
            yield line[3:], lines[i + 1]


def main():
    snap = pathlib.Path(sys.argv[1])
    want = {f"cases/{p.stem}": p for p in (snap / "cases").glob("*.json")}
    want.update({f"questionnaire/{p.stem}": p for p in (snap / "questionnaire").glob("*.json")})
    if not want:
        print(f"FAIL no snapshots in {snap}")
        print("0 passed, 1 failed")
        return 1
    passed = failed = 0
    for spec in sys.argv[2:]:
        label, log = spec.split("=", 1)
        seen = set()
        for name, payload in frames(log):
            key = f"questionnaire/{name.split(':')[1]}_{name.split(':')[2]}" if name.startswith("questionnaire:") else f"cases/{name}"
            seen.add(key)
            path = want.get(key)
            if path is None:
                failed += 1
                print(f"FAIL {label}: {key}: no reviewed snapshot")
                continue
            try:
                got = pretty(payload)
            except json.JSONDecodeError as e:
                failed += 1
                print(f"FAIL {label}: {key}: not JSON ({e})")
                continue
            if got.encode() == path.read_bytes():
                passed += 1
            else:
                failed += 1
                print(f"FAIL {label}: {key}: differs from {path}")
        for key in sorted(set(want) - seen):
            failed += 1
            print(f"FAIL {label}: {key}: snapshot not produced by the firmware")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
