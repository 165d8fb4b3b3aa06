#!/usr/bin/env python3
"""Generate fhir/data/snomed_hpo.tsv: the SNOMED CT -> HPO rows of an HPO release that are sound.

    python3 tools/snomed_map.py [--hpo-dir DIR]           # write fhir/data/snomed_hpo.tsv
    python3 tools/snomed_map.py [--hpo-dir DIR] --check   # fail (exit 1) if the committed file differs

Reads `hp.obo` (its `xref: SNOMEDCT_US:` lines, and `SNOMED_CT:`), the committed HPO subset
`core/data/hpo/terms.tsv` and the disorder codes `fhir/data/disorder_codes.tsv`. A row is kept
only when every rule below holds (the caveats of ehr-integration.md section 3.2: HPO's xrefs are
many-to-many, carry no exact/broad predicate, include disease codes, and are legacy):

  1. one to one: the SNOMED code is the xref of exactly one HPO term in the whole release
     (obsolete terms included), and that term has exactly one SNOMED xref;
  2. the term is live, under Phenotypic abnormality (HP:0000118), and in the knowledge base's
     HPO subset (core/data/hpo/terms.tsv);
  3. not a disease code, decided as follows: the code is not one of the disorder codes of
     fhir/data/disorder_codes.tsv (the differential's SNOMED disorder codes, Mondo exactMatch,
     from ehr-integration.md 3.3), and the HPO term carries no xref to a disease terminology
     (OMIM, ORPHA, MONDO, DOID, ICD-9, ICD-10, ICD-O: HPO itself equating the term with a
     disease entity or class).
     LIMIT: the Mondo SSSOM mappings (which ehr-integration.md 3.2 used to find that 195 of the
     subset's 625 SNOMED codes are disease exactMatch codes) and SNOMED CT's own hierarchy
     ("(disorder)" versus "(finding)") are not in the project's references, so a SNOMED
     disorder concept outside the differential can still pass rule 3. Such a row turns a
     recorded diagnosis of that other disease into its HPO phenotype; the differential's own
     disorders can never be turned into findings (their codes are excluded and the reader
     shows them as recorded diagnoses). The SNOMED concept names were not checked either (no
     SNOMED browser reachable).

`--check` compares a fresh generation with the committed file when hp.obo is found; without
hp.obo it says so and checks what the committed file alone allows (rules 1 to 3 against the
subset and the disorder codes, and its header).
"""
from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fhir" / "data" / "snomed_hpo.tsv"
TERMS = ROOT / "core" / "data" / "hpo" / "terms.tsv"
DISORDERS = ROOT / "fhir" / "data" / "disorder_codes.tsv"
DEFAULT_HPO_DIRS = [ROOT.parent / "shared" / "reference" / "hpo", Path("/work/shared/reference/hpo")]
PHENOTYPIC_ABNORMALITY = "HP:0000118"
SNOMED_PREFIXES = ("SNOMEDCT_US:", "SNOMED_CT:")
DISEASE_PREFIXES = ("OMIM:", "ORPHA:", "Orphanet:", "MONDO:", "DOID:", "ICD-9:", "ICD9:",
                    "ICD-10:", "ICD10:", "ICD-O:")
COMMAND = "python3 tools/snomed_map.py (make fhir-map)"


def parse_obo(path: Path) -> tuple[str, dict[str, dict]]:
    terms: dict[str, dict] = {}
    version = ""
    cur: dict | None = None
    in_term = False
    with path.open(encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if line.startswith("data-version:"):
                version = line.split(":", 1)[1].strip()
            if line.startswith("["):
                in_term = line == "[Term]"
                cur = None
                continue
            if not in_term:
                continue
            if line.startswith("id: "):
                cur = {"id": line[4:].strip(), "name": "", "is_a": [], "xrefs": [], "obsolete": False}
                terms[cur["id"]] = cur
            elif cur is None:
                continue
            elif line.startswith("name: "):
                cur["name"] = line[6:].strip()
            elif line.startswith("is_a: "):
                cur["is_a"].append(line[6:].split("!")[0].strip())
            elif line.startswith("xref: "):
                cur["xrefs"].append(line[6:].split(" ", 1)[0].strip())
            elif line.startswith("is_obsolete: true"):
                cur["obsolete"] = True
    return version, terms


def under(terms: dict[str, dict], tid: str, root: str) -> bool:
    seen, stack = set(), [tid]
    while stack:
        t = stack.pop()
        if t == root:
            return True
        if t in seen or t not in terms:
            continue
        seen.add(t)
        stack.extend(terms[t]["is_a"])
    return False


def subset() -> dict[str, str]:
    out = {}
    for line in TERMS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("id\t") or not line:
            continue
        cols = line.split("\t")
        out[cols[0]] = cols[1]
    return out


def disorder_snomed() -> set[str]:
    out = set()
    for line in DISORDERS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("system\t") or not line:
            continue
        cols = line.split("\t")
        if cols[0] == "snomed":
            out.add(cols[1])
    return out


def generate(hpo_dir: Path) -> str:
    version, terms = parse_obo(hpo_dir / "hp.obo")
    sub = subset()
    disorders = disorder_snomed()
    code_terms: dict[str, set[str]] = {}
    term_codes: dict[str, list[str]] = {}
    for t in terms.values():
        for x in t["xrefs"]:
            for p in SNOMED_PREFIXES:
                if x.startswith(p):
                    code = x[len(p):]
                    code_terms.setdefault(code, set()).add(t["id"])
                    term_codes.setdefault(t["id"], []).append(x)
    counts = {"snomed_codes": len(code_terms), "not_one_to_one": 0, "not_phenotypic_abnormality": 0,
              "not_in_subset": 0, "disorder_code": 0, "term_xref_to_disease": 0}
    rows = []
    for code in sorted(code_terms, key=int):
        tids = code_terms[code]
        if len(tids) != 1:
            counts["not_one_to_one"] += 1
            continue
        (tid,) = tids
        t = terms[tid]
        if len(term_codes[tid]) != 1:
            counts["not_one_to_one"] += 1
            continue
        if t["obsolete"] or not under(terms, tid, PHENOTYPIC_ABNORMALITY):
            counts["not_phenotypic_abnormality"] += 1
            continue
        if tid not in sub:
            counts["not_in_subset"] += 1
            continue
        if code in disorders:
            counts["disorder_code"] += 1
            continue
        if any(x.startswith(DISEASE_PREFIXES) for x in t["xrefs"]):
            counts["term_xref_to_disease"] += 1
            continue
        if sub[tid] != t["name"]:
            raise SystemExit(f"{tid}: label {t['name']!r} differs from the subset's {sub[tid]!r}")
        rows.append((code, tid, t["name"], f"hp.obo {version} [Term] {tid} xref: {term_codes[tid][0]}"))
    head = [
        "# SNOMED CT -> HPO map for the FHIR reader. DO NOT EDIT: generated by " + COMMAND,
        f"# source: hp.obo data-version {version} (xref: SNOMEDCT_US lines); core/data/hpo/terms.tsv; fhir/data/disorder_codes.tsv",
        "# rules: one to one (the code is the xref of one term only, the term has one SNOMED xref); term live,",
        "#   under HP:0000118 and in the knowledge base's HPO subset; not a disease code (not a disorder code of",
        "#   fhir/data/disorder_codes.tsv, and the term has no OMIM/ORPHA/MONDO/DOID/ICD xref). See tools/snomed_map.py.",
        "# limits: HPO's SNOMED xrefs are legacy and carry no exact/broad predicate (HPO #6513; PR #11730 removes",
        "#   them from later releases); Mondo SSSOM and the SNOMED hierarchy are not in the project's references, so a",
        "#   SNOMED disorder concept of a disease outside the differential can remain; SNOMED concept names unchecked.",
        "# licence: HPO (https://hpo.jax.org/app/license), cite Gargano et al., The Human Phenotype Ontology in 2024,",
        "#   Nucleic Acids Res 2024. SNOMED CT identifiers belong to SNOMED International: using SNOMED CT needs a licence",
        "#   (an affiliate licence or national membership); this file holds only identifiers, as HPO distributes them.",
        "# counts: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + f", kept {len(rows)}",
        "snomed\thpo\tlabel\tsource",
    ]
    return "\n".join(head + ["\t".join(r) for r in rows]) + "\n"


def check_committed(text: str) -> list[str]:
    """What the committed file alone lets us check, without hp.obo."""
    errors = []
    sub = subset()
    disorders = disorder_snomed()
    seen_codes, seen_terms = set(), set()
    lines = [l for l in text.splitlines() if not l.startswith("#")]
    if not lines or lines[0] != "snomed\thpo\tlabel\tsource":
        return ["missing column header"]
    if "DO NOT EDIT" not in text or "# licence:" not in text or "# source: hp.obo data-version" not in text:
        errors.append("header incomplete")
    for l in lines[1:]:
        code, tid, label, source = l.split("\t")
        if code in seen_codes or tid in seen_terms:
            errors.append(f"{code} {tid}: not one to one")
        seen_codes.add(code)
        seen_terms.add(tid)
        if sub.get(tid) != label:
            errors.append(f"{tid}: not in the subset under label {label!r}")
        if code in disorders:
            errors.append(f"{code}: a disorder code")
        if not source.endswith(f"xref: SNOMEDCT_US:{code}") and not source.endswith(f"xref: SNOMED_CT:{code}"):
            errors.append(f"{code}: source does not name its xref line")
    return errors


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--hpo-dir", type=Path, help="directory holding hp.obo (default ../shared/reference/hpo)")
    ap.add_argument("--check", action="store_true", help="compare with the committed file instead of writing")
    args = ap.parse_args()
    dirs = [args.hpo_dir] if args.hpo_dir else DEFAULT_HPO_DIRS
    hpo_dir = next((d for d in dirs if (d / "hp.obo").is_file()), None)
    if args.check:
        committed = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        errors = check_committed(committed)
        for e in errors:
            print(f"fhir-map-check: {OUT.relative_to(ROOT)}: {e}", file=sys.stderr)
        if hpo_dir is None:
            print(f"fhir-map-check: hp.obo not found in {', '.join(map(str, dirs))}: regeneration NOT compared; "
                  f"consistency checks only ({'failed' if errors else 'passed'})")
            return 1 if errors else 0
        fresh = generate(hpo_dir)
        if fresh != committed:
            diff = difflib.unified_diff(committed.splitlines(), fresh.splitlines(), "committed", "generated", lineterm="")
            print("\n".join(list(diff)[:40]), file=sys.stderr)
            print(f"fhir-map-check: {OUT.relative_to(ROOT)} differs from a fresh generation; run make fhir-map",
                  file=sys.stderr)
            return 1
        if errors:
            return 1
        rows = sum(1 for l in committed.splitlines() if not l.startswith("#")) - 1
        print(f"fhir-map-check: {OUT.relative_to(ROOT)} matches a fresh generation from {hpo_dir / 'hp.obo'} ({rows} rows)")
        return 0
    if hpo_dir is None:
        print(f"hp.obo not found in {', '.join(map(str, dirs))}; pass --hpo-dir", file=sys.stderr)
        return 2
    text = generate(hpo_dir)
    OUT.write_text(text, encoding="utf-8")
    errors = check_committed(text)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
