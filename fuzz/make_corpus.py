#!/usr/bin/env python3
"""Rebuild the committed seed corpus fuzz/corpus/<target>/ from the repository's tests.

  findings_json     the `input` member of every golden case (tests/cases), compact and
                    indented, and the catalog's findings cases (tests/bad-inputs)
  phenopacket_json  every phenopacket (tests/phenopackets), compact, and the catalog's
  counseling_json   counseling queries (every condition and sex), and the catalog's
  questionnaire     every scripted session (tests/questionnaire) as a step_json document
                    and as a script (see fuzz_targets/questionnaire.rs), and the catalog's
  c_json_entry      the findings seeds behind a 3-byte header (entry point, out_cap) with
                    capacities 0, 1, 4096 and 65535; a few for the other entry points
  fhir_reader       every FHIR chart of tests/fhir (charts, CDS Hooks spec examples, bad
                    inputs) as written and compact

File names are the content's SHA-1 (as libFuzzer names corpus files), so a rebuild is
stable. Run from anywhere: python3 fuzz/make_corpus.py
"""

import hashlib
import json
import pathlib
import shutil
import struct

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"


def catalog(api):
    cases = json.loads((ROOT / "tests/bad-inputs/catalog.json").read_text())["cases"]
    for c in cases:
        if c["api"] != api:
            continue
        if "input" in c:
            data = c["input"].encode()
        elif "input_hex" in c:
            data = bytes.fromhex(c["input_hex"])
        else:
            r = c["input_repeat"]
            data = (r["prefix"] + r["unit"] * r["count"] + r["suffix"]).encode()
        if len(data) <= 8192:  # the huge ones only slow the fuzzer down
            yield data


def compact(v):
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False).encode()


def main():
    seeds = {t: [] for t in ("findings_json", "phenopacket_json", "counseling_json", "questionnaire", "c_json_entry",
                             "fhir_reader")}
    for case in sorted((ROOT / "tests/cases").glob("*.json")):
        inp = json.loads(case.read_text())["input"]
        seeds["findings_json"] += [compact(inp), json.dumps(inp, indent=1).encode()]
    seeds["findings_json"] += catalog("findings")
    for pp in sorted((ROOT / "tests/phenopackets").glob("*.json")):
        seeds["phenopacket_json"].append(compact(json.loads(pp.read_text())))
    seeds["phenopacket_json"] += catalog("phenopacket")
    for cond in ("poh", "pphp", "osteoma_cutis", "php1a", "php1b", "php1c", "carrier", "unknown"):
        for sex in ("female", "male", "unknown"):
            seeds["counseling_json"].append(compact({"condition": cond, "sex": sex, "gnas": "pathogenic"}))
    seeds["counseling_json"].append(compact({"condition": "poh", "sex": "other", "gnas": "negative", "parent_of_origin": "de_novo"}))
    seeds["counseling_json"] += catalog("counsel")
    for sc in sorted((ROOT / "tests/questionnaire").glob("*.json")):
        s = json.loads(sc.read_text())
        doc = {k: s[k] for k in ("age_months", "sex") if k in s}
        seeds["questionnaire"].append(compact(doc))
        seeds["questionnaire"].append(compact(dict(doc, answers=s.get("replies", {}))))
        # A script: age, sex flags, then "ask and answer" ops (1 = yes, 2 = no, 3 = don't know)
        # and an outcome (2) and a step (3) check after each.
        sex = {"unknown": 0, "female": 1, "male": 2, "other": 3}.get(s.get("sex", "unknown"), 0)
        head = struct.pack("<HB", s.get("age_months", 0), sex)
        for reply in (1, 2, 3):
            seeds["questionnaire"].append(head + bytes([1 | (reply << 2), 2, 3] * 10))
    seeds["questionnaire"] += catalog("questionnaire")
    for data in seeds["findings_json"][:2 * 36:2]:  # the compact golden inputs
        for cap in (0, 1, 4096, 65535):
            seeds["c_json_entry"].append(bytes([0]) + struct.pack("<H", cap) + data)
    for sel, key in ((5, "phenopacket_json"), (6, "counseling_json"), (7, "questionnaire")):
        for data in seeds[key][:3]:
            seeds["c_json_entry"].append(bytes([sel]) + struct.pack("<H", 2048) + data)
    seeds["c_json_entry"].append(bytes([0x80, 0, 16]) + seeds["findings_json"][0])
    for chart in sorted((ROOT / "tests/fhir").rglob("*.json")):
        raw = chart.read_bytes()
        seeds["fhir_reader"].append(raw)
        try:
            seeds["fhir_reader"].append(compact(json.loads(raw)))
        except ValueError:
            pass  # a bad input that is not JSON: kept as written only
    for target, items in seeds.items():
        d = CORPUS / target
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
        for data in items:
            (d / hashlib.sha1(data).hexdigest()).write_bytes(data)
        n = len(list(d.iterdir()))
        size = sum(p.stat().st_size for p in d.iterdir())
        print(f"{target}: {n} seeds, {size} bytes")


if __name__ == "__main__":
    main()
