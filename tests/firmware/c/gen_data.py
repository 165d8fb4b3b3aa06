#!/usr/bin/env python3
"""Write the C firmware's test data: every golden case's `input` (compact JSON, the
document the host CLI evaluates) and every scripted kiosk session (tests/questionnaire).

usage: gen_data.py OUT.c

The bytes go into the `.testdata` section, so that the footprint counts them apart from
the product. Compact JSON: the same value as the case file's `input` (the firmware's
outputs are compared with the host's byte for byte, and the core reads values, not
spacing).
"""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parents[3]


def c_bytes(b):
    return ",".join(str(x) for x in b)


def main():
    out = pathlib.Path(sys.argv[1])
    cases = sorted((root / "tests/cases").glob("*.json"))
    scripts = sorted((root / "tests/questionnaire").glob("*.json"))
    if not cases or not scripts:
        sys.exit("gen_data.py: no golden cases or no scripted sessions")
    src = ['#include "fw_data.h"', '#define TD __attribute__((section(".testdata")))']
    table = []
    for i, c in enumerate(cases):
        doc = json.loads(c.read_text())
        b = json.dumps(doc["input"], separators=(",", ":"), ensure_ascii=False).encode()
        assert json.loads(b) == doc["input"], c
        src.append(f"TD static const char case_{i}[{len(b)}] = {{{c_bytes(b)}}};")
        src.append(f'TD static const char case_name_{i}[] = "{c.stem}";')
        table.append(f"    {{case_name_{i}, case_{i}, {len(b)}}},")
    src.append(f"TD const struct fw_case fw_cases[{len(cases)}] = {{\n" + "\n".join(table) + "\n};")
    src.append(f"const unsigned fw_case_count = {len(cases)};")
    rows = []
    for i, s in enumerate(scripts):
        doc = json.loads(s.read_text())
        sex = {"female": 1, "male": 2, "other": 3}.get(doc.get("sex"), 0)
        age = doc.get("age_months")
        replies = []
        for hp, r in doc["replies"].items():
            code = {"yes": 1, "no": 2, "dont_know": 3}[r]
            replies.append(f"{{{int(hp.removeprefix('HP:'))}u, {code}}}")
        src.append(f"TD static const struct fw_reply script_{i}[{len(replies)}] = {{{', '.join(replies)}}};")
        src.append(f'TD static const char script_name_{i}[] = "{s.stem}";')
        rows.append(f'    {{script_name_{i}, {1 if age is not None else 0}, {age or 0}, {sex}, script_{i}, {len(replies)}}},')
    src.append(f"TD const struct fw_script fw_scripts[{len(scripts)}] = {{\n" + "\n".join(rows) + "\n};")
    src.append(f"const unsigned fw_script_count = {len(scripts)};")
    src.append("""uint8_t fw_reply_to(const struct fw_script *s, uint32_t hpo_id) {
    for (size_t i = 0; i < s->reply_count; i++)
        if (s->replies[i].hpo_id == hpo_id) return s->replies[i].reply;
    return 3; /* POH_REPLY_DONT_KNOW */
}""")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(src) + "\n")


if __name__ == "__main__":
    main()
