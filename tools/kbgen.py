#!/usr/bin/env python3
"""Compile the poh knowledge base (core/data) into Rust const tables.

    python3 tools/kbgen.py            # write core/src/kb/generated.rs
    python3 tools/kbgen.py --check    # fail (exit 1) if the committed file differs

Reads only files inside the repository: the hand-written sources core/data/*.toml and the
committed HPO subset core/data/hpo/{terms,annotations}.tsv (regenerated from the full HPO
release by tools/hpo_subset.py, a separate command). Validates as it goes: every HPO id
must be in the subset (so it exists and is not obsolete in the release), every citation id
must exist, the seed table must have its 21 rows with their labels equal to the release's.

Python's float arithmetic only runs here, at build time; the Rust tables hold integers
(thousandths of log10), so every target computes identical results.
"""
from __future__ import annotations

import argparse
import difflib
import math
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "core" / "data"
OUT = ROOT / "core" / "src" / "kb" / "generated.rs"
HP_RE = re.compile(r"^HP:(\d{7})$")
PHENOTYPIC_ABNORMALITY = "HP:0000118"
FREQ_IDS = {
    "HP:0040280": "obligate",
    "HP:0040281": "very_frequent",
    "HP:0040282": "frequent",
    "HP:0040283": "occasional",
    "HP:0040284": "very_rare",
    "HP:0040285": "excluded",
}
BANDS = {"80-99%": "VeryFrequent", "30-79%": "Frequent", "5-29%": "Occasional", "not available": "NotAvailable"}
KINDS = {"phenotype": "Phenotype", "onset": "Onset", "course": "Course", "inheritance": "Inheritance",
         "variability": "Variability"}
WHEN = {"gnas_found": "GnasFound", "gnas_negative": "GnasNegative", "origin_paternal": "OriginPaternal",
        "origin_maternal": "OriginMaternal", "father_affected": "FatherAffected",
        "mother_affected": "MotherAffected", "trauma_or_surgery": "TraumaOrSurgery",
        "no_trauma_or_surgery": "NoTraumaOrSurgery", "neurological_injury": "NeurologicalInjury",
        "imaging_pattern": "ImagingPattern", "progressive_course": "ProgressiveCourse",
        "gs_alpha_reduced": "GsAlphaReduced", "gs_alpha_normal": "GsAlphaNormal"}
COUNSEL_WHEN = {"always": "Always", "carrier": "Carrier", "variant_unknown": "VariantUnknown",
                "transmitting_female": "TransmittingFemale", "transmitting_male": "TransmittingMale",
                "sex_unknown": "SexUnknown", "condition_poh": "ConditionPoh",
                "condition_php1b": "ConditionPhp1b", "de_novo": "DeNovo"}
STEP_KINDS = {"lab": "Lab", "genetic": "Genetic", "imaging": "Imaging", "exam": "Exam", "history": "History"}
FIELDS = {"field:pth": "Pth", "field:gnas": "Gnas", "field:trauma": "Trauma"}
# -1000 log10(1 - bg) is tabulated above this value; below it the evaluator uses the
# first-order term bg / ln 10, whose error there is under half a thousandth.
BG_NOT_TABLE_FROM = 4


class KbError(Exception):
    pass


def milli_log10(p: float) -> int:
    return int(round(math.log10(p) * 1000))


def rs_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def id_num(curie: str) -> int:
    m = HP_RE.match(curie)
    if not m:
        raise KbError(f"not an HPO id: {curie!r}")
    return int(m.group(1))


@dataclass
class Subset:
    ids: list[str]
    labels: list[str]
    parents: list[list[int]]
    bg: list[int]
    alt: dict[str, str]
    total: int
    header: list[str]
    index: dict[str, int] = field(default_factory=dict)

    def idx(self, curie: str, where: str) -> int:
        id_num(curie)
        if curie not in self.index:
            raise KbError(f"{where}: {curie} is not in the committed HPO subset (unknown or obsolete in "
                          f"the release, or the subset needs regenerating: python3 tools/hpo_subset.py)")
        return self.index[curie]


def load_subset() -> Subset:
    path = DATA / "hpo" / "terms.tsv"
    header, rows, total = [], [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            header.append(line)
            if line.startswith("# diseases_total:"):
                total = int(line.split(":")[1])
            continue
        rows.append(line.split("\t"))
    if rows[0][0] != "id" or total is None:
        raise KbError("terms.tsv: unexpected format")
    rows = rows[1:]
    ids = [r[0] for r in rows]
    index = {t: i for i, t in enumerate(ids)}
    parents = [[index[p] for p in r[2].split(",") if p] for r in rows]
    alt = {}
    for r in rows:
        for a in filter(None, r[4].split(",")):
            alt[a] = r[0]
    return Subset(ids, [r[1] for r in rows], parents, [int(r[3]) for r in rows], alt, total, header, index)


def load_annotations() -> list[dict[str, str]]:
    lines = [ln for ln in (DATA / "hpo" / "annotations.tsv").read_text(encoding="utf-8").splitlines()
             if not ln.startswith("#")]
    cols = lines[0].split("\t")
    return [dict(zip(cols, ln.split("\t"))) for ln in lines[1:]]


def ancestors(sub: Subset, i: int) -> set[int]:
    out, stack = set(), [i]
    while stack:
        for p in sub.parents[stack.pop()]:
            if p not in out:
                out.add(p)
                stack.append(p)
    return out


def load_toml(name: str) -> dict:
    with (DATA / name).open("rb") as f:
        return tomllib.load(f)


def freq_probability(scoring: dict, freq: str) -> float | None:
    """Probability of a term in a disease from an HPOA frequency cell or a curated band."""
    if freq in ("", "unspecified"):
        return scoring["unspecified"]
    if freq in FREQ_IDS:
        return scoring[FREQ_IDS[freq]]
    if freq in scoring and isinstance(scoring[freq], float):
        return scoring[freq]
    m = re.fullmatch(r"(\d+)/(\d+)", freq)
    if m:
        return int(m.group(1)) / int(m.group(2))
    m = re.fullmatch(r"(\d+(?:\.\d+)?)%", freq)
    if m:
        return float(m.group(1)) / 100
    raise KbError(f"unknown frequency {freq!r}")


class Gen:
    def __init__(self) -> None:
        self.sub = load_subset()
        self.ann = load_annotations()
        self.cit = load_toml("citations.toml")["citation"]
        self.cit_index = {c["id"]: i for i, c in enumerate(self.cit)}
        if len(self.cit_index) != len(self.cit):
            raise KbError("duplicate citation id")
        self.poh = load_toml("poh.toml")
        self.crit = load_toml("criteria.toml")
        self.dis = load_toml("diseases.toml")
        steps_doc = load_toml("steps.toml")
        self.steps = steps_doc["step"]
        self.quest = steps_doc["questionnaire"]
        self.notes = load_toml("notes.toml")
        self.kb_terms: list[int] = []  # subset indices of knowledge-base terms
        self.kb_index: dict[int, int] = {}

    def cites(self, ids: list[str], where: str) -> str:
        for c in ids:
            if c not in self.cit_index:
                raise KbError(f"{where}: unknown citation {c!r}")
        return "&[" + ", ".join(str(self.cit_index[c]) for c in ids) + "]"

    def kb(self, curie: str, where: str) -> int:
        i = self.sub.idx(curie, where)
        if i not in self.kb_index:
            self.kb_index[i] = len(self.kb_terms)
            self.kb_terms.append(i)
        return self.kb_index[i]

    # ---- diseases -----------------------------------------------------------------------
    def build_models(self) -> list[dict]:
        scoring = self.dis["scoring"]
        floor = scoring["floor"]
        models = []
        for d in self.dis["disease"]:
            rows: dict[int, dict] = {}
            # HPOA rows merged per term: Orphanet band > OMIM n/m > no frequency.
            for a in self.ann:
                if a["database_id"] not in d["hpoa"]:
                    continue
                src = a["database_id"].split(":")[0]
                k = self.kb(a["hpo_id"], f"HPOA {a['database_id']}")
                r = rows.setdefault(k, {"sources": [], "freq": None, "rank": -1, "not": False,
                                        "cites": ["hpoa_2025"], "reason": ""})
                r["sources"].append(f"{a['database_id']}" + (f" {a['frequency']}" if a["frequency"] else "")
                                    + (" NOT" if a["qualifier"] == "NOT" else ""))
                if a["qualifier"] == "NOT":
                    r["not"] = True
                    continue
                rank = 2 if (src == "ORPHA" and a["frequency"]) else (1 if a["frequency"] else 0)
                if rank > r["rank"]:
                    r["rank"], r["freq"] = rank, a["frequency"]
            if d.get("seed_rows"):
                for s in self.poh["seed_row"]:
                    if s["kind"] != "phenotype":
                        continue
                    k = self.kb(s["id"], "seed row")
                    if k in rows:
                        rows[k]["sources"].append(f"GARD seed {s['band']}")
                        rows[k]["cites"].append("gard_poh")
            for c in d.get("row", []):
                k = self.kb(c["term"], f"curated row of {d['key']}")
                prior = rows.get(k)
                rows[k] = {"sources": (prior["sources"] if prior else []) + ["curated"],
                           "freq": None if c["frequency"] == "not" else c["frequency"],
                           "rank": 3, "not": c["frequency"] == "not",
                           "cites": c["cite"], "reason": c["reason"], "curated": True}
            neutral = {self.kb(t, "neutral") for t in d.get("neutral", [])}
            out = []
            for k in sorted(rows):
                r = rows[k]
                if r["not"] and r["rank"] >= 0 and not r.get("curated"):
                    # A positive and a negated annotation of the same term: keep positive,
                    # report both sources (none occur in the 2025-01-16 release).
                    r["not"] = False
                if r["not"]:
                    p = floor
                else:
                    p = freq_probability(scoring, r["freq"] or "")
                p = min(max(p, floor), 1 - floor)
                out.append({"kb": k, "p": p, "log_p": milli_log10(p), "log_not_p": milli_log10(1 - p),
                            "not": r["not"], "neutral": k in neutral, "curated": bool(r.get("curated")),
                            "sources": "; ".join(r["sources"]), "cites": r["cites"], "reason": r["reason"]})
            models.append({"d": d, "rows": out})
        return models

    # ---- emit ---------------------------------------------------------------------------
    def generate(self) -> str:
        sub = self.sub
        seed = self.poh["seed_row"]
        if len(seed) != 21:
            raise KbError(f"seed table must have 21 rows, has {len(seed)}")
        for s in seed:
            i = sub.idx(s["id"], "seed row")
            if sub.labels[i] != s["label"]:
                raise KbError(f"seed row {s['id']}: label {s['label']!r} != release {sub.labels[i]!r}")
            if s["band"] not in BANDS or s["kind"] not in KINDS:
                raise KbError(f"seed row {s['id']}: bad band or kind")
            self.kb(s["id"], "seed row")
        groups = self.crit["group"]
        gidx = {g["key"]: i for i, g in enumerate(groups)}
        for g in groups:
            for t in g["terms"]:
                self.kb(t, f"group {g['key']}")
        models = self.build_models()
        for s in self.steps:
            if s["finding"].startswith("HP:"):
                self.kb(s["finding"], f"step {s['key']}")
        # Terms the evaluator names directly (labs, the Progressive modifier): the KB_*
        # constants read by core/src/eval/resolve.rs, eval/next_steps.rs, eval/differential.rs
        # and questionnaire.rs.
        named = {"PTH_ELEVATED": "HP:0003165", "HYPOCALCEMIA": "HP:0002901",
                 "HYPERPHOSPHATEMIA": "HP:0002905", "TSH_ELEVATED": "HP:0002925",
                 "PROGRESSIVE": "HP:0003676", "HYPOCALCEMIA_LOW_ALT": "HP:0002901"}
        for v in named.values():
            self.kb(v, "named term")
        pa = sub.idx(PHENOTYPIC_ABNORMALITY, "root")

        n = len(sub.ids)
        if n > 0xFFFF or len(self.kb_terms) >= 255:
            raise KbError("subset or knowledge base too large for the index types")
        o: list[str] = []
        w = o.append
        w("// DO NOT EDIT: generated by `python3 tools/kbgen.py` from core/data/*.toml and")
        w("// core/data/hpo/{terms,annotations}.tsv (HPO release 2025-01-16, phenotype.hpoa 2025-01-16).")
        w("// `make test` regenerates this file and fails on any difference.")
        w("#![allow(clippy::unreadable_literal, clippy::large_const_arrays)]")
        w("use super::types::*;")
        w("")
        w(f"/// Number of HPO terms in the committed subset.\npub const TERM_COUNT: usize = {n};")
        w(f"/// Number of knowledge-base terms (terms named by a table row, group or step).\npub const KB_TERM_COUNT: usize = {len(self.kb_terms)};")
        w(f"/// Number of diseases in the differential.\npub const DISEASE_COUNT: usize = {len(models)};")
        w(f"/// Number of criteria.\npub const CRITERIA_COUNT: usize = {len(self.crit['criterion'])};")
        w(f"/// Number of supporting findings.\npub const SUPPORTING_COUNT: usize = {len(self.crit['supporting'])};")
        w(f"/// Number of term groups.\npub const GROUP_COUNT: usize = {len(self.crit['group'])};")
        w(f"/// Number of rules.\npub const RULE_COUNT: usize = {len(self.dis['rule'])};")
        w(f"/// Number of next-step items.\npub const STEP_COUNT: usize = {len(self.steps)};")
        w(f"/// Number of counseling statements.\npub const COUNSEL_COUNT: usize = {len(self.notes['counsel'])};")
        w(f"/// Distinct diseases with a positive annotation in phenotype.hpoa 2025-01-16 (background denominator).\npub const BACKGROUND_DISEASES: u32 = {sub.total};")
        # The open world (diseases.toml [scoring] prior): the last entry is "other".
        if models[-1]["d"]["key"] != "other" or models[-1]["rows"] or self.dis["disease"][-1].get("hpoa"):
            raise KbError("the last disease must be `other`, with no model rows")
        modelled = len(models) - 1
        if self.dis["scoring"]["prior"] != "uniform_over_hpoa_diseases":
            raise KbError("unknown [scoring] prior")
        w(f"/// Modelled disorders (every differential entry but the last, `other`).\npub const MODELLED_COUNT: usize = {modelled};")
        w(f"/// Default pretest of each modelled disorder, 1/{sub.total} (the HPOA disease count), as 1000 log10.\npub const PRIOR_MODELLED_LOG10_MILLI: i32 = {int(round(1000 * math.log10(1 / sub.total)))};")
        w(f"/// Default pretest of `other`, 1 - {modelled}/{sub.total}, as 1000 log10.\npub const PRIOR_OTHER_LOG10_MILLI: i32 = {int(round(1000 * math.log10(1 - modelled / sub.total)))};")
        fl = self.crit["flag"]
        gkeys = [g["key"] for g in self.crit["group"]]
        dk = [m["d"]["key"] for m in models]
        mask = 0
        for k in fl["likely_from"]:
            if k not in dk or k == "other":
                raise KbError(f"[flag] likely_from: unknown disease {k}")
            mask |= 1 << dk.index(k)
        w(f"/// Groups whose presence lifts the flag above `none`.\npub const FLAG_GROUPS: [u8; {len(fl['groups'])}] = [{', '.join(str(gkeys.index(g)) for g in fl['groups'])}];")
        w(f"/// Open-world posterior (thousandths) from which a disorder of `FLAG_LIKELY_FROM` makes the flag `likely`.\npub const FLAG_LIKELY_PERMILLE: u16 = {int(fl['likely_posterior_permille'])};")
        w(f"/// Differential entries (bit per table index) that can make the flag `likely`.\npub const FLAG_LIKELY_FROM: u16 = {mask};")
        w(f"/// Flag texts: none, review, likely.\npub static FLAG_TEXTS: [&str; 3] = [{rs_str(fl['none'])}, {rs_str(fl['review'])}, {rs_str(fl['likely'])}];")
        w(f"/// Flag citations.\npub static FLAG_CITES: &[u8] = {self.cites(fl['cite'], 'flag')};")
        # Evidence outside the eight (diseases.toml [open_world]).
        ow = self.dis["open_world"]
        nkb = len(self.kb_terms)
        words = (nkb + 31) // 32
        def kb_bits(ids, what):
            bits = [0] * words
            for t in ids:
                k = self.kb_index.get(sub.index.get(t, -1))
                if k is None:
                    raise KbError(f"[open_world] {what}: {t} is not a knowledge-base term")
                bits[k // 32] |= 1 << (k % 32)
            return bits
        share_milli = int(round(-1000 * math.log10(ow["nonspecific_share"])))
        nonspec = kb_bits(ow["nonspecific_terms"], "nonspecific_terms")
        for k, t in enumerate(self.kb_terms):
            if sub.bg[t] / sub.total >= ow["nonspecific_share"]:
                nonspec[k // 32] |= 1 << (k % 32)
        w(f"/// Knowledge-base terms whose rows credit at most `NONSPECIFIC_CAP_MILLI` (bit per index).\npub static NONSPECIFIC_KB: [u32; {words}] = [{', '.join(str(b) for b in nonspec)}];")
        w(f"/// 1000 log10 of the largest credit of a non-specific row.\npub const NONSPECIFIC_CAP_MILLI: i32 = {int(round(1000 * ow['nonspecific_cap_log10']))};")
        w(f"/// 1000 x -log10 of the background share from which a term is non-specific.\npub const NONSPECIFIC_BG_MILLI: u16 = {share_milli};")
        gated = kb_bits(ow["ossification_gated_terms"], "ossification_gated_terms")
        w(f"/// Rows neutral for `OSSIFICATION_GATED_DISEASES` without an ossification finding (bit per index).\npub static OSSIFICATION_GATED_KB: [u32; {words}] = [{', '.join(str(b) for b in gated)}];")
        def dmask(keys, what):
            m = 0
            for k in keys:
                if k not in dk or k == "other":
                    raise KbError(f"[open_world] {what}: unknown disease {k}")
                m |= 1 << dk.index(k)
            return m
        w(f"/// Diseases (bit per index) for which the gated rows need an ossification finding.\npub const OSSIFICATION_GATED_DISEASES: u16 = {dmask(ow['ossification_gated_diseases'], 'ossification_gated_diseases')};")
        w(f"/// Diseases (bit per index) whose normal-PTH weight depends on age and treatment.\npub const PTH_AGE_DISEASES: u16 = {dmask(ow['pth_age_diseases'], 'pth_age_diseases')};")
        bands = ow["pth_age_percent"]
        if bands[0][0] != 0 or any(a[0] >= b[0] for a, b in zip(bands, bands[1:])):
            raise KbError("[open_world] pth_age_percent must start at 0 months and rise")
        w(f"/// (from age in months, percent of the full normal-PTH weight), ascending.\npub static PTH_AGE_PERCENT: [(u16, u8); {len(bands)}] = [{', '.join(f'({a}, {p})' for a, p in bands)}];")
        w(f"/// Percent of the normal-PTH weight when the age is unknown.\npub const PTH_AGE_UNKNOWN_PERCENT: u8 = {int(ow['pth_age_unknown_percent'])};")
        w(f"/// Percent of the normal-PTH weight under active vitamin D treatment.\npub const PTH_TREATED_PERCENT: u8 = {int(ow['pth_treated_percent'])};")
        # terms
        # Ids are stored as their low 16 bits plus a page table of the high bits: half the
        # flash of u32 ids (a Cortex-M0 has 96 KiB for everything).
        nums = [id_num(t) for t in sub.ids]
        pages = max(nums) // 65536 + 1
        page_start = [next((i for i, x in enumerate(nums) if x // 65536 >= p), n) for p in range(pages + 1)]
        w("/// Low 16 bits of the HPO ids of the subset (sorted by id).")
        w(f"pub static TERM_ID_LO: [u16; {n}] = [" + ",".join(str(x % 65536) for x in nums) + "];")
        w("/// TERM_ID_PAGE[p]: index of the first term whose id >> 16 is >= p (one extra entry closes the last page).")
        w(f"pub static TERM_ID_PAGE: [u16; {pages + 1}] = [" + ",".join(map(str, page_start)) + "];")
        # Parents: the first parent inline (0xFFFF for the root), further parents in a side
        # table sorted by child (about a quarter of the terms have more than one).
        first = [(sorted(ps)[0] if ps else 0xFFFF) for ps in sub.parents]
        extra = [(i, p) for i, ps in enumerate(sub.parents) for p in sorted(ps)[1:]]
        w(f"/// First is_a parent of each subset term (0xFFFF: none).\npub static TERM_PARENT: [u16; {n}] = [" + ",".join(map(str, first)) + "];")
        w(f"/// Further is_a parents: child indices, sorted.\npub static EXTRA_PARENT_CHILD: [u16; {len(extra)}] = [" + ",".join(str(c) for c, _ in extra) + "];")
        w(f"/// Further is_a parents: the parent of each EXTRA_PARENT_CHILD entry.\npub static EXTRA_PARENT: [u16; {len(extra)}] = [" + ",".join(str(p) for _, p in extra) + "];")
        bg, bg_not = [], []
        for i, c in enumerate(sub.bg):
            p = max(c, 1) / sub.total
            p = min(p, 1 - 1 / sub.total)
            bg.append(-milli_log10(p))
            if -milli_log10(1 - p) > BG_NOT_TABLE_FROM:
                bg_not.append((i, -milli_log10(1 - p)))
        w("/// -1000 * log10(background frequency): diseases annotated with the term or a descendant / all diseases.")
        w(f"pub static TERM_BG: [u16; {n}] = [" + ",".join(map(str, bg)) + "];")
        w(f"/// -1000 * log10(1 - background) where it exceeds {BG_NOT_TABLE_FROM} (common terms), sorted by")
        w("/// subset index; for every other term it is computed from TERM_BG (eval/differential.rs).")
        w(f"pub static BG_NOT_TERMS: [u16; {len(bg_not)}] = [" + ",".join(str(i) for i, _ in bg_not) + "];")
        w(f"/// Values of BG_NOT_TERMS.\npub static BG_NOT_VALUES: [u16; {len(bg_not)}] = [" + ",".join(str(v) for _, v in bg_not) + "];")
        w(f"/// Above this many thousandths, -log10(1 - background) is looked up instead of computed.\npub const BG_NOT_TABLE_FROM: u16 = {BG_NOT_TABLE_FROM};")
        kbmap = [255] * n
        for k, i in enumerate(self.kb_terms):
            kbmap[i] = k
        pairs = sorted((i, k) for k, i in enumerate(self.kb_terms))
        w("/// Subset indices of the knowledge-base terms, sorted; KB_OF_TERM_KB gives each one's knowledge-base index.")
        w(f"pub static KB_OF_TERM: [u16; {len(pairs)}] = [" + ",".join(str(i) for i, _ in pairs) + "];")
        w(f"/// Knowledge-base index of each KB_OF_TERM entry.\npub static KB_OF_TERM_KB: [u8; {len(pairs)}] = [" + ",".join(str(k) for _, k in pairs) + "];")
        phen = [1 if (i == pa or pa in ancestors(sub, i)) else 0 for i in range(n)]
        words = [sum(phen[i] << b for b, i in enumerate(range(w0, min(w0 + 32, n)))) for w0 in range(0, n, 32)]
        w("/// Bit i set when subset term i is a phenotypic abnormality (under HP:0000118), clear for")
        w("/// modifiers, onset and inheritance terms.")
        w(f"pub static TERM_PHENOTYPIC_BITS: [u32; {len(words)}] = [" + ",".join(map(str, words)) + "];")
        # Only the alt_ids of knowledge-base terms are mapped: they are the ids that can
        # decide anything, and all alt_ids of the subset would cost a Cortex-M0 9 KiB.
        alts = sorted((id_num(a), sub.index[p]) for a, p in sub.alt.items() if sub.index[p] in self.kb_index)
        w("/// alt_ids of knowledge-base terms, sorted; ALT_PRIMARY holds the subset index of each one's primary term.")
        w(f"pub static ALT_IDS: [u32; {len(alts)}] = [" + ",".join(str(a) for a, _ in alts) + "];")
        w(f"/// Primary term (subset index) of each ALT_IDS entry.\npub static ALT_PRIMARY: [u16; {len(alts)}] = [" + ",".join(str(p) for _, p in alts) + "];")
        blob, lstarts = [], []
        pos = 0
        for lab in sub.labels:
            lstarts.append(pos)
            blob.append(lab)
            pos += len(lab.encode("utf-8"))
        lstarts.append(pos)
        w("/// Labels of all subset terms, concatenated (feature `labels`).")
        w('#[cfg(feature = "labels")]')
        w(f"pub static TERM_LABEL_BLOB: &str = {rs_str(''.join(blob))};")
        w('#[cfg(feature = "labels")]')
        w(f"/// Byte offsets into TERM_LABEL_BLOB.\npub static TERM_LABEL_START: [u32; {n + 1}] = [" + ",".join(map(str, lstarts)) + "];")
        # knowledge-base terms
        w("/// Knowledge-base terms, with their labels and strict ancestors (sorted subset indices).")
        w(f"pub static KB_TERMS: [KbTerm; {len(self.kb_terms)}] = [")
        max_anc = 0
        for i in self.kb_terms:
            anc = sorted(ancestors(sub, i))
            max_anc = max(max_anc, len(anc))
            w(f"    KbTerm {{ term: {i}, id: {id_num(sub.ids[i])}, label: {rs_str(sub.labels[i])}, "
              f"ancestors: &[{','.join(map(str, anc))}] }},")
        w("];")
        # kb ancestors-or-self of any subset term: bound for the evaluator's scratch list
        max_kb_up = 0
        for i in range(n):
            up = ({i} | ancestors(sub, i))
            max_kb_up = max(max_kb_up, sum(1 for u in up if kbmap[u] != 255))
        w(f"/// Most knowledge-base terms at or above any single subset term (sizes a scratch list).\npub const MAX_KB_ABOVE: usize = {max_kb_up};")
        # is_a neighbourhoods of the knowledge-base terms, precomputed so that scoring a
        # finding that is itself a knowledge-base term walks nothing (graph facts only; the
        # scoring rules stay in eval/differential.rs).
        above_s, above_l, below_s, below_l = [], [], [], []
        for k, i in enumerate(self.kb_terms):
            up = {i} | ancestors(sub, i)
            above_s.append(len(above_l))
            above_l.extend(sorted(self.kb_index[u] for u in up if u in self.kb_index))
            below_s.append(len(below_l))
            below_l.extend(sorted(k2 for k2, j in enumerate(self.kb_terms) if j == i or i in ancestors(sub, j)))
        above_s.append(len(above_l))
        below_s.append(len(below_l))
        w(f"/// Start of each knowledge-base term's list in KB_ABOVE (one extra entry closes the last).\npub static KB_ABOVE_START: [u16; {len(above_s)}] = [" + ",".join(map(str, above_s)) + "];")
        w(f"/// Knowledge-base terms at or above each knowledge-base term, sorted.\npub static KB_ABOVE: [u8; {len(above_l)}] = [" + ",".join(map(str, above_l)) + "];")
        w(f"/// Start of each knowledge-base term's list in KB_BELOW (one extra entry closes the last).\npub static KB_BELOW_START: [u16; {len(below_s)}] = [" + ",".join(map(str, below_s)) + "];")
        w(f"/// Knowledge-base terms at or below each knowledge-base term, sorted.\npub static KB_BELOW: [u8; {len(below_l)}] = [" + ",".join(map(str, below_l)) + "];")
        for name, curie in named.items():
            w(f"/// Knowledge-base index of {curie}.\npub const KB_{name}: u8 = {self.kb_index[sub.index[curie]]};")
        # citations
        w(f"/// Citations; rows point to them by index.\npub static CITATIONS: [Citation; {len(self.cit)}] = [")
        for c in self.cit:
            w(f"    Citation {{ id: {rs_str(c['id'])}, #[cfg(feature = \"provenance\")] text: {rs_str(c['text'])}, "
              f"#[cfg(feature = \"provenance\")] verified: {rs_str(c['verified'])} }},")
        w("];")
        # identity + seed
        ident = self.poh["identity"]
        w("/// POH identity.")
        w(f"pub static POH: Identity = Identity {{ name: {rs_str(ident['name'])}, abbreviation: {rs_str(ident['abbreviation'])}, "
          f"synonyms: &[{', '.join(rs_str(s) for s in ident['synonyms'])}], omim: {rs_str(ident['omim'])}, "
          f"orpha: {rs_str(ident['orpha'])}, mondo: {rs_str(ident['mondo'])}, gene: {rs_str(ident['gene'])}, "
          f"cites: {self.cites(ident['cite'], 'identity')} }};")
        poh_model = next(m for m in models if m["d"]["key"] == "poh")
        annotated = {r["kb"]: r["sources"] for r in poh_model["rows"]}
        w(f"/// The seed's phenotype table (GARD, 7/1/2020), all 21 rows, with their status in HPOA 2025-01-16.\npub static SEED_ROWS: [SeedRow; {len(seed)}] = [")
        for s in seed:
            k = self.kb_index[sub.index[s["id"]]]
            srcs = annotated.get(k, "")
            orpha = "ORPHA:2762" in srcs
            omim = "OMIM:166350" in srcs
            w(f"    SeedRow {{ kb: {k}, band: Band::{BANDS[s['band']]}, kind: TermKind::{KINDS[s['kind']]}, "
              f"lay_names: &[{', '.join(rs_str(x) for x in s['lay_names'])}], kiosk: {str(s.get('kiosk', True)).lower()}, "
              f"in_orpha: {str(orpha).lower()}, in_omim: {str(omim).lower()}, #[cfg(feature = \"provenance\")] note: {rs_str(s.get('note', ''))} }},")
        w("];")
        # HPOA rows for POH not in the seed (visible difference)
        seed_kb = {self.kb_index[sub.index[s["id"]]] for s in seed}
        extra = [r for r in poh_model["rows"] if not r["curated"] and r["kb"] not in seed_kb]
        w(f"/// POH terms annotated in HPOA 2025-01-16 but absent from the seed table.\npub static POH_NOT_IN_SEED: [u8; {len(extra)}] = [" + ",".join(str(r["kb"]) for r in extra) + "];")
        # groups
        w(f"/// Term groups used by the criteria.\npub static GROUPS: [Group; {len(groups)}] = [")
        for g in groups:
            terms = ",".join(str(self.kb_index[sub.index[t]]) for t in g["terms"])
            w(f"    Group {{ key: {rs_str(g['key'])}, label: {rs_str(g['label'])}, absent_when_all: {str(g['absent_when'] == 'all').lower()}, "
              f"terms: &[{terms}], cites: {self.cites(g['cite'], g['key'])} }},")
        w("];")
        for g in groups:
            w(f"/// Index of group `{g['key']}`.\npub const G_{g['key'].upper()}: u8 = {gidx[g['key']]};")
        lists = self.crit["aho_list"]
        w(f"/// AHO feature lists (the first is the default).\npub static AHO_LISTS: [AhoList; {len(lists)}] = [")
        for a in lists:
            w(f"    AhoList {{ key: {rs_str(a['key'])}, label: {rs_str(a['label'])}, groups: &[{','.join(str(gidx[x]) for x in a['groups'])}], "
              f"cites: {self.cites(a['cite'], a['key'])} }},")
        w("];")
        crits = self.crit["criterion"]
        w(f"/// The three major criteria.\npub static CRITERIA: [Criterion; {len(crits)}] = [")
        for c in crits:
            if c["logic"] == "at_most":
                logic = f"Logic::AtMost({c['max']})"
            else:
                logic = {"all_present": "Logic::AllPresent", "none_present": "Logic::NonePresent"}[c["logic"]]
            grps = "&[]" if c["groups"] == "aho_list" else "&[" + ",".join(str(gidx[x]) for x in c["groups"]) + "]"
            prov = "None"
            if "provisional_verdict" in c:
                v = {"met": "Verdict::Met", "not_met": "Verdict::NotMet"}[c["provisional_verdict"]]
                only = c.get("provisional_only_if_absent")
                only = f"Some({gidx[only]})" if only else "None"
                prov = (f"Some(Provisional {{ verdict: {v}, below_months: {c['provisional_below_months']}, "
                        f"only_if_absent: {only}, reason: {rs_str(c['provisional_reason'])} }})")
            w(f"    Criterion {{ key: {rs_str(c['key'])}, text: {rs_str(c['text'])}, logic: {logic}, groups: {grps}, "
              f"aho_list: {str(c['groups'] == 'aho_list').lower()}, provisional: {prov}, cites: {self.cites(c['cite'], c['key'])} }},")
        w("];")
        sups = self.crit["supporting"]
        w(f"/// The six supporting findings.\npub static SUPPORTING: [Supporting; {len(sups)}] = [")
        for s in sups:
            src = s["source"]
            if src == "group":
                ag = f"Some({gidx[s['against']]})" if "against" in s else "None"
                source = f"SupportSource::Group {{ group: {gidx[s['group']]}, against: {ag} }}"
            elif src == "onset":
                source = f"SupportSource::Onset {{ group: {gidx[s['group']]}, below_months: {s['below_months']} }}"
            else:
                source = {"gnas_variant": "SupportSource::GnasVariant", "paternal_inheritance": "SupportSource::PaternalInheritance",
                          "imaging_pattern": "SupportSource::ImagingPattern"}[src]
            w(f"    Supporting {{ key: {rs_str(s['key'])}, text: {rs_str(s['text'])}, source: {source}, cites: {self.cites(s['cite'], s['key'])} }},")
        w("];")
        # diseases
        scoring = self.dis["scoring"]
        w(f"/// log10(unexplained finding LR) x 1000.\npub const UNEXPLAINED_LOG10_MILLI: i32 = {int(round(scoring['unexplained_log10'] * 1000))};")
        w(f"/// log10(floor probability) x 1000: the weight of a finding a disease explicitly lacks (NOT).\npub const NOT_LOG10_MILLI: i32 = {milli_log10(scoring['floor'])};")
        dkeys = [m["d"]["key"] for m in models]
        w(f"/// The differential diseases, in table order (ties in the ranking keep this order).\npub static DISEASES: [Disease; {len(models)}] = [")
        for m in models:
            d = m["d"]
            w(f"    Disease {{ key: {rs_str(d['key'])}, id: {rs_str(d['id'])}, name: {rs_str(d['name'])}, abbreviation: {rs_str(d['abbreviation'])}, "
              f"xrefs: &[{', '.join(rs_str(x) for x in d['xrefs'])}], #[cfg(feature = \"provenance\")] summary: {rs_str(d['summary'])}, cites: {self.cites(d['cite'], d['key'])}, rows: &[")
            for r in m["rows"]:
                flags = []
                if r["not"]:
                    flags.append("ROW_NOT")
                if r["neutral"]:
                    flags.append("ROW_NEUTRAL")
                if r["curated"]:
                    flags.append("ROW_CURATED")
                if "ORPHA:" in r["sources"]:
                    flags.append("ROW_ORPHA")
                if "OMIM:" in r["sources"]:
                    flags.append("ROW_OMIM")
                if "GARD seed" in r["sources"]:
                    flags.append("ROW_SEED")
                fl = " | ".join(flags) if flags else "0"
                w(f"        Row {{ kb: {r['kb']}, permille: {int(round(r['p'] * 1000))}, log_p: {r['log_p']}, log_not_p: {r['log_not_p']}, flags: {fl}, "
                  f"cites: {self.cites(r['cites'], d['key'])}, #[cfg(feature = \"provenance\")] sources: {rs_str(r['sources'])}, "
                  f"#[cfg(feature = \"provenance\")] reason: {rs_str(r['reason'])} }},")
            w("    ] },")
        w("];")
        # dense index kb x disease -> row + 1
        idx = [[0] * len(models) for _ in self.kb_terms]
        for di, m in enumerate(models):
            for ri, r in enumerate(m["rows"]):
                if ri >= 255:
                    raise KbError("too many rows in one disease")
                idx[r["kb"]][di] = ri + 1
        w(f"/// Row of each (knowledge-base term, disease) pair, plus one (0: not in the model).\npub static MODEL_INDEX: [[u8; {len(models)}]; {len(self.kb_terms)}] = [")
        w("    " + ",".join("[" + ",".join(map(str, row)) + "]" for row in idx))
        w("];")
        for i, k in enumerate(dkeys):
            w(f"/// Index of disease `{k}`.\npub const D_{k.upper()}: usize = {i};")
        rules = self.dis["rule"]
        w(f"/// Non-phenotype rules of the differential.\npub static RULES: [Rule; {len(rules)}] = [")
        for r in rules:
            eff = [0] * len(models)
            for k, v in r["effects"].items():
                if k not in dkeys:
                    raise KbError(f"rule {r['key']}: unknown disease {k}")
                eff[dkeys.index(k)] = int(round(v * 1000))
            w(f"    Rule {{ key: {rs_str(r['key'])}, when: When::{WHEN[r['when']]}, text: {rs_str(r['text'])}, "
              f"effects: [{','.join(map(str, eff))}], cites: {self.cites(r['cite'], r['key'])} }},")
        w("];")
        w(f"/// Next-step items.\npub static STEPS: [Step; {len(self.steps)}] = [")
        for s in self.steps:
            f = s["finding"]
            if f.startswith("HP:"):
                fin = f"StepFinding::Term({self.kb_index[sub.index[f]]})"
            elif f.startswith("group:"):
                fin = f"StepFinding::Group({gidx[f[6:]]})"
            else:
                fin = f"StepFinding::{FIELDS[f]}"
            w(f"    Step {{ key: {rs_str(s['key'])}, text: {rs_str(s['text'])}, kind: StepKind::{STEP_KINDS[s['kind']]}, finding: {fin}, cites: {self.cites(s['cite'], s['key'])} }},")
        w("];")
        notes = self.notes["note"]
        w(f"/// Management and prognosis notes.\npub static NOTES: [Note; {len(notes)}] = [")
        for x in notes:
            w(f"    Note {{ key: {rs_str(x['key'])}, topic: {rs_str(x['topic'])}, text: {rs_str(x['text'])}, cites: {self.cites(x['cite'], x['key'])} }},")
        w("];")
        cs = self.notes["counsel"]
        w(f"/// Counseling statements.\npub static COUNSEL: [Counsel; {len(cs)}] = [")
        for x in cs:
            w(f"    Counsel {{ key: {rs_str(x['key'])}, when: CounselWhen::{COUNSEL_WHEN[x['when']]}, text: {rs_str(x['text'])}, cites: {self.cites(x['cite'], x['key'])} }},")
        w("];")
        q = self.quest
        w("/// The kiosk questionnaire's settings.")
        w(f"pub static QUESTIONNAIRE: Questionnaire = Questionnaire {{ question_prefix: {rs_str(q['question_prefix'])}, "
          f"onset_prefix: {rs_str(q['onset_prefix'])}, course_prefix: {rs_str(q['course_prefix'])}, "
          f"max_questions: {q['max_questions']}, refer_text: {rs_str(q['refer_text'])}, "
          f"see_doctor_text: {rs_str(q['see_doctor_text'])}, routine_text: {rs_str(q['routine_text'])}, "
          f"cites: {self.cites(q['cite'], 'questionnaire')} }};")
        # Questions beyond the seed's lay names: each a knowledge-base term no seed row asks.
        extra_q = q.get("question", [])
        seed_terms = {s["id"] for s in seed}
        w(f"/// The questionnaire's own questions, after the seed rows' (steps.toml [[questionnaire.question]]).\n"
          f"pub static KIOSK_QUESTIONS: [KioskQuestion; {len(extra_q)}] = [")
        for x in extra_q:
            t = x["id"]
            if t not in sub.index or sub.index[t] not in self.kb_index:
                raise KbError(f"questionnaire question {t}: not a knowledge-base term")
            if t in seed_terms:
                raise KbError(f"questionnaire question {t}: a seed row's term (give it a lay name there)")
            if not x.get("text"):
                raise KbError(f"questionnaire question {t}: no text")
            w(f"    KioskQuestion {{ kb: {self.kb_index[sub.index[t]]}, text: {rs_str(x['text'])}, "
              f"cites: {self.cites(x['cite'], t)} }},")
        w("];")
        # 10^(-x) in Q32 for the posterior's fixed-point exponent (see core/src/eval/score.rs).
        for name, scale in (("POW10_NEG_TENTHS", 10), ("POW10_NEG_HUNDREDTHS", 100), ("POW10_NEG_THOUSANDTHS", 1000)):
            vals = [int(round(10 ** (-j / scale) * 2**32)) for j in range(10)]
            w(f"/// round(2^32 * 10^(-j/{scale})) for j in 0..10.\npub static {name}: [u64; 10] = [" + ",".join(map(str, vals)) + "];")
        return "\n".join(o) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="compare with the committed file instead of writing")
    args = ap.parse_args()
    try:
        text = Gen().generate()
    except KbError as e:
        print(f"kbgen: {e}", file=sys.stderr)
        return 2
    if args.check:
        old = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if old != text:
            diff = difflib.unified_diff(old.splitlines(), text.splitlines(), "committed", "regenerated", lineterm="", n=0)
            print("kbgen: core/src/kb/generated.rs is out of date; run python3 tools/kbgen.py", file=sys.stderr)
            for i, line in enumerate(diff):
                if i > 40:
                    break
                print(line[:200], file=sys.stderr)
            return 1
        print("kbgen: generated tables up to date")
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"kbgen: wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
