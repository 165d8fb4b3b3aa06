"""Write the load test's CDS Hooks request: a patient-view call whose prefetch holds 100
FHIR resources (the Patient, 79 Conditions: HPO-coded findings of the POH-like fixture
plus unmapped local codes, and 20 lab Observations spread over the discovery's LOINC
keys), so that every request exercises the reader, the core, the card and the page store."""

import json
import sys
from pathlib import Path

root = Path(__file__).resolve().parents[1]
chart = json.loads((root / "tests/service/fixtures/poh_like.json").read_text())
pid = chart["patient"]["id"]
conditions = list(chart["conditions"])
while len(conditions) < 79:
    n = len(conditions)
    conditions.append({
        "resourceType": "Condition", "id": f"c-local-{n}", "subject": {"reference": f"Patient/{pid}"},
        "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "confirmed"}]},
        "code": {"coding": [{"system": "http://example.invalid/local-codes", "code": f"L{n}", "display": f"Local problem {n}"}]},
    })
discovery = json.loads(sys.argv[1])
lab_keys = [k for k, t in discovery["services"][0]["prefetch"].items() if t.startswith("Observation?")]
pth = chart["observations"][0]
prefetch = {"patient": chart["patient"],
            "conditions": {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": c} for c in conditions]}}
obs = 0
for i, key in enumerate(lab_keys):
    code = key.split("-", 1)[1]
    entries = []
    for j in range(2):
        o = json.loads(json.dumps(pth))
        o["id"] = f"o-{i}-{j}"
        o["code"]["coding"][0]["code"] = code
        o["code"]["coding"][0].pop("display", None)
        o["effectiveDateTime"] = f"2026-0{j + 1}-01T10:00:00Z"
        entries.append({"resource": o})
        obs += 1
    prefetch[key] = {"resourceType": "Bundle", "type": "searchset", "entry": entries}
total = 1 + len(conditions) + obs
assert total == 100, total
req = {"hook": "patient-view", "hookInstance": "5b0c9b2e-1f1a-4a3e-9a57-0d7c8c1f2a11",
       "context": {"userId": "Practitioner/example", "patientId": pid}, "prefetch": prefetch}
Path(sys.argv[2]).write_text(json.dumps(req))
print(f"{sys.argv[2]}: {total} resources, {len(json.dumps(req))} bytes")
