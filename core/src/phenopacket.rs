//! GA4GH Phenopacket v2 input, mapped onto [`Findings`] so every binding shares it.
//!
//! What is read (everything else is ignored, documented in the README):
//! * `subject.sex` (`FEMALE`, `MALE`, `OTHER_SEX`, `UNKNOWN_SEX`) and
//!   `subject.timeAtLastEncounter.age.iso8601duration` (age in months);
//! * `phenotypicFeatures[]`: `type.id`, `excluded`, `onset.age.iso8601duration` (onset in
//!   months) or `onset.ontologyClass.id` (an HPO onset term, read as a modifier), and
//!   `modifiers[].id`;
//! * `measurements[]` whose `assay.id` is one of the LOINC codes in [`LAB_ASSAYS`] and whose
//!   `value.quantity` carries a `referenceRange`: below `low` is low, above `high` is
//!   high, otherwise normal (the interpretation the measurement carries);
//! * `interpretations[].diagnosis.genomicInterpretations[].variantInterpretation` on the
//!   gene GNAS (`variationDescriptor.geneContext.symbol`): `acmgPathogenicityClassification`
//!   and a `variationDescriptor.extensions[]` entry named `parent_of_origin`;
//! * `medicalActions[].treatment.agent.id`: an agent of [`ACTIVE_VITAMIN_D_AGENTS`] sets
//!   `treatment.active_vitamin_d` (a recorded treatment, whatever its dates or status: the
//!   effect is to void the weight of a normal PTH, the cautious side). No such agent
//!   leaves it unknown, never "not treated": a phenopacket need not list every drug.
//!
//! Never read as evidence: `diseases`, `interpretations[].diagnosis.disease`,
//! `interpretationStatus`, `progressStatus`: a diagnosis already recorded in the input is
//! not evidence for or against it.

use core::cell::Cell;
use core::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::assessment::Assessment;
use crate::error::Error;
use crate::findings::{Findings, GnasResult, Lab, ParentOfOrigin, Phenotype, Sex};
use crate::hpo::HpoId;
use crate::json::input::{fail, map_json_error, seen, ErrCell};
use crate::limits::{MAX_AGE_MONTHS, MAX_MODIFIERS};

/// Laboratory assays read from `measurements` (LOINC codes; UNVERIFIED against a LOINC
/// release, none is in the project's reference files): PTH, calcium, phosphate, TSH.
pub const LAB_ASSAYS: [(&str, &str); 4] = [
    ("LOINC:2731-8", "pth"),
    ("LOINC:17861-6", "calcium"),
    ("LOINC:2777-1", "phosphate"),
    ("LOINC:3016-3", "tsh"),
];

/// Active vitamin D agents read from `medicalActions[].treatment.agent` (ChEBI ids).
/// CHEBI:17823 calcitriol: WikiPathways WP1531 data nodes
/// (raw.githubusercontent.com/wikipathways/wikipathways.github.io/main/_data/WP1531-datanodes.tsv,
/// "Calcitriol ... chebi:17823"). Alfacalcidol and the other analogues are not read: no
/// ChEBI id for them is in a source the project cites (UNVERIFIED); a treatment with them
/// has to be given as `treatment.active_vitamin_d` in findings JSON.
pub const ACTIVE_VITAMIN_D_AGENTS: [(&str, &str); 1] = [("CHEBI:17823", "calcitriol")];

#[derive(Deserialize)]
struct Class<'a> {
    #[serde(borrow)]
    id: &'a str,
}

#[derive(Deserialize)]
struct Age<'a> {
    #[serde(borrow)]
    iso8601duration: &'a str,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TimeElement<'a> {
    #[serde(borrow)]
    age: Option<Age<'a>>,
    #[serde(borrow)]
    ontology_class: Option<Class<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Subject<'a> {
    #[serde(borrow)]
    sex: Option<&'a str>,
    #[serde(borrow)]
    time_at_last_encounter: Option<TimeElement<'a>>,
}

/// Room for over-long lists: the count is checked against the real capacity afterwards,
/// so going over it is reported as `TooManyModifiers`, not dropped.
const MODIFIER_ROOM: usize = 16;

#[derive(Deserialize)]
struct Feature<'a> {
    #[serde(borrow, rename = "type")]
    kind: Class<'a>,
    excluded: Option<bool>,
    #[serde(borrow)]
    onset: Option<TimeElement<'a>>,
    #[serde(borrow)]
    modifiers: Option<heapless::Vec<Class<'a>, MODIFIER_ROOM>>,
}

#[derive(Deserialize)]
struct Range {
    low: Option<f64>,
    high: Option<f64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Quantity {
    value: f64,
    reference_range: Option<Range>,
}

#[derive(Deserialize)]
struct Value {
    quantity: Option<Quantity>,
}

#[derive(Deserialize)]
struct Measurement<'a> {
    #[serde(borrow)]
    assay: Class<'a>,
    value: Option<Value>,
}

#[derive(Deserialize)]
struct TreatmentAction<'a> {
    #[serde(borrow)]
    agent: Option<Class<'a>>,
}

#[derive(Deserialize)]
struct MedicalAction<'a> {
    #[serde(borrow)]
    treatment: Option<TreatmentAction<'a>>,
}

#[derive(Deserialize)]
struct GeneContext<'a> {
    #[serde(borrow)]
    symbol: Option<&'a str>,
}

#[derive(Deserialize)]
struct Extension<'a> {
    #[serde(borrow)]
    name: &'a str,
    #[serde(borrow)]
    value: Loose<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    #[serde(borrow)]
    gene_context: Option<GeneContext<'a>>,
    #[serde(borrow)]
    extensions: Option<heapless::Vec<Extension<'a>, 8>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct VariantInterpretation<'a> {
    #[serde(borrow)]
    acmg_pathogenicity_classification: Option<&'a str>,
    #[serde(borrow)]
    variation_descriptor: Option<Descriptor<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GenomicInterpretation<'a> {
    #[serde(borrow)]
    variant_interpretation: Option<VariantInterpretation<'a>>,
}

/// A string, or any other JSON value (skipped): an extension's `value` may be either.
struct Loose<'a>(Option<&'a str>);

impl<'de: 'a, 'a> Deserialize<'de> for Loose<'a> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(core::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Loose<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Loose<'a>, E> {
                Ok(Loose(Some(v)))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Loose<'a>, E> {
                Ok(Loose(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Loose<'a>, E> {
                Ok(Loose(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Loose<'a>, A::Error> {
                while s.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Loose(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Loose<'a>, A::Error> {
                while m.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Loose(None))
            }
        }
        // serde-json-core routes ignored_any by the next byte: strings reach visit_str.
        d.deserialize_ignored_any(V(core::marker::PhantomData))
    }
}

/// Months in an ISO 8601 duration `PnYnMnWnD` (weeks and days below a month are dropped).
pub fn duration_months(s: &str) -> Result<u16, Error> {
    let b = s.as_bytes();
    let rest = match b {
        [b'P', rest @ ..] if !rest.is_empty() => rest,
        _ => return Err(Error::InvalidPhenopacket),
    };
    let (mut months, mut days, mut n, mut digits) = (0u32, 0u32, 0u32, 0u32);
    let mut last = 0u8;
    for &c in rest {
        let order = match c {
            b'0'..=b'9' => {
                n = n.saturating_mul(10).saturating_add(u32::from(c - b'0'));
                digits += 1;
                continue;
            }
            b'Y' => 1,
            b'M' => 2,
            b'W' => 3,
            b'D' => 4,
            _ => return Err(Error::InvalidPhenopacket),
        };
        if digits == 0 || order <= last {
            return Err(Error::InvalidPhenopacket);
        }
        match c {
            b'Y' => months = months.saturating_add(n.saturating_mul(12)),
            b'M' => months = months.saturating_add(n),
            b'W' => days = days.saturating_add(n.saturating_mul(7)),
            _ => days = days.saturating_add(n),
        }
        last = order;
        n = 0;
        digits = 0;
    }
    if digits != 0 || last == 0 {
        return Err(Error::InvalidPhenopacket);
    }
    // Days count in whole months of 30.4375 days (365.25 / 12), rounded down.
    months = months.saturating_add(days.saturating_mul(10_000) / 304_375);
    u16::try_from(months)
        .ok()
        .filter(|m| *m <= MAX_AGE_MONTHS)
        .ok_or(Error::OutOfRange)
}

/// Parse a Phenopacket v2 document into `out` (reset first).
pub fn parse_phenopacket(input: &[u8], out: &mut Findings) -> Result<(), Error> {
    *out = Findings::new();
    crate::json::scan_check(input)?;
    let cell: ErrCell = Cell::new(None);
    let r = crate::json::input::parse_document(
        input,
        Packet {
            cell: &cell,
            out: &mut *out,
        },
    );
    if let Err(e) = r {
        *out = Findings::new();
        // The syntax was validated before parsing, so a schema error that serde's derive
        // reports without detail (missing or repeated field inside a nested object) is a
        // phenopacket poh cannot read; every other error keeps its own code.
        return Err(match (e, cell.get()) {
            (serde_json_core::de::Error::CustomError, None) => Error::InvalidPhenopacket,
            (e, _) => map_json_error(e, &cell),
        });
    }
    Ok(())
}

/// Evaluate a phenopacket and write the assessment JSON into `out`.
pub fn evaluate_phenopacket_json(input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    evaluate_phenopacket_json_len(input, out).map_err(|(e, _)| e)
}

/// Like [`evaluate_phenopacket_json`], and on a too-small buffer also report the size needed.
pub fn evaluate_phenopacket_json_len(
    input: &[u8],
    out: &mut [u8],
) -> Result<usize, (Error, usize)> {
    let mut f = Findings::new();
    let mut a = Assessment::default();
    parse_phenopacket(input, &mut f).map_err(|e| (e, 0))?;
    crate::evaluate(&f, &mut a).map_err(|e| (e, 0))?;
    let mut sink = crate::json::SliceSink::new(out);
    crate::json::write_assessment_to(&a, &mut sink).map_err(|e| (e, 0))?;
    sink.finish()
        .map_err(|needed| (Error::BufferTooSmall, needed))
}

struct Packet<'c, 'o> {
    cell: &'c ErrCell,
    out: &'o mut Findings,
}

impl<'de> DeserializeSeed<'de> for Packet<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

fn set_lab(cell: &ErrCell, slot: &mut Lab, v: Lab) -> Result<(), Error> {
    let _ = cell;
    if *slot != Lab::Unknown && *slot != v {
        return Err(Error::ContradictoryFindings);
    }
    *slot = v;
    Ok(())
}

fn gnas_rank(r: GnasResult) -> u8 {
    match r {
        GnasResult::NotTested => 0,
        GnasResult::Negative => 1,
        GnasResult::Vus => 2,
        GnasResult::LikelyPathogenic => 3,
        GnasResult::Pathogenic => 4,
    }
}

impl<'de> Visitor<'de> for Packet<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a GA4GH Phenopacket v2 object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (cell, out) = (self.cell, self.out);
        let mut mask = 0u32;
        while let Some(key) = map.next_key::<&'de str>()? {
            match key {
                "subject" => {
                    seen(cell, &mut mask, 0)?;
                    let s: Subject<'de> = map.next_value()?;
                    out.sex = match s.sex {
                        None | Some("UNKNOWN_SEX") => Sex::Unknown,
                        Some("FEMALE") => Sex::Female,
                        Some("MALE") => Sex::Male,
                        Some("OTHER_SEX") => Sex::Other,
                        Some(_) => return Err(fail(cell, Error::UnknownValue)),
                    };
                    if let Some(age) = s.time_at_last_encounter.and_then(|t| t.age) {
                        out.age_months =
                            Some(duration_months(age.iso8601duration).map_err(|e| fail(cell, e))?);
                    }
                }
                "phenotypicFeatures" => {
                    seen(cell, &mut mask, 1)?;
                    map.next_value_seed(List {
                        cell,
                        out: &mut *out,
                        kind: ListKind::Features,
                    })?;
                }
                "measurements" => {
                    seen(cell, &mut mask, 2)?;
                    map.next_value_seed(List {
                        cell,
                        out: &mut *out,
                        kind: ListKind::Measurements,
                    })?;
                }
                "interpretations" => {
                    seen(cell, &mut mask, 3)?;
                    map.next_value_seed(List {
                        cell,
                        out: &mut *out,
                        kind: ListKind::Interpretations,
                    })?;
                }
                "medicalActions" => {
                    seen(cell, &mut mask, 4)?;
                    map.next_value_seed(List {
                        cell,
                        out: &mut *out,
                        kind: ListKind::MedicalActions,
                    })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum ListKind {
    Features,
    Measurements,
    Interpretations,
    Genomic,
    MedicalActions,
}

struct List<'c, 'o> {
    cell: &'c ErrCell,
    out: &'o mut Findings,
    kind: ListKind,
}

impl<'de> DeserializeSeed<'de> for List<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for List<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        let (cell, out) = (self.cell, self.out);
        match self.kind {
            ListKind::Features => {
                while let Some(f) = seq.next_element::<Feature<'de>>()? {
                    let id = HpoId::parse(f.kind.id).map_err(|e| fail(cell, e))?;
                    let mut p = if f.excluded == Some(true) {
                        Phenotype::excluded(id)
                    } else {
                        Phenotype::present(id)
                    };
                    for m in f.modifiers.iter().flatten() {
                        let mid = HpoId::parse(m.id).map_err(|e| fail(cell, e))?;
                        p.modifiers
                            .push(mid)
                            .map_err(|_| fail(cell, Error::TooManyModifiers))?;
                    }
                    if let Some(on) = f.onset {
                        if let Some(age) = on.age {
                            p.onset_months = Some(
                                duration_months(age.iso8601duration).map_err(|e| fail(cell, e))?,
                            );
                        }
                        if let Some(c) = on.ontology_class {
                            let mid = HpoId::parse(c.id).map_err(|e| fail(cell, e))?;
                            if p.modifiers.len() >= MAX_MODIFIERS || p.modifiers.push(mid).is_err()
                            {
                                return Err(fail(cell, Error::TooManyModifiers));
                            }
                        }
                    }
                    out.add(p).map_err(|e| fail(cell, e))?;
                }
            }
            ListKind::Measurements => {
                while let Some(m) = seq.next_element::<Measurement<'de>>()? {
                    let Some(&(_, which)) = LAB_ASSAYS.iter().find(|(id, _)| *id == m.assay.id)
                    else {
                        continue;
                    };
                    let Some(q) = m.value.and_then(|v| v.quantity) else {
                        continue;
                    };
                    let Some(range) = q.reference_range else {
                        continue;
                    };
                    let v = if range.low.is_some_and(|lo| q.value < lo) {
                        Lab::Low
                    } else if range.high.is_some_and(|hi| q.value > hi) {
                        Lab::High
                    } else {
                        Lab::Normal
                    };
                    let slot = match which {
                        "pth" => &mut out.labs.pth,
                        "calcium" => &mut out.labs.calcium,
                        "phosphate" => &mut out.labs.phosphate,
                        _ => &mut out.labs.tsh,
                    };
                    set_lab(cell, slot, v).map_err(|e| fail(cell, e))?;
                }
            }
            ListKind::MedicalActions => {
                while let Some(a) = seq.next_element::<MedicalAction<'de>>()? {
                    let agent = a.treatment.and_then(|t| t.agent).map(|c| c.id);
                    if agent.is_some_and(|id| ACTIVE_VITAMIN_D_AGENTS.iter().any(|(a, _)| *a == id))
                    {
                        out.treatment.active_vitamin_d = Some(true);
                    }
                }
            }
            ListKind::Interpretations => {
                while seq
                    .next_element_seed(Interpretation {
                        cell,
                        out: &mut *out,
                    })?
                    .is_some()
                {}
            }
            ListKind::Genomic => {
                while let Some(g) = seq.next_element::<GenomicInterpretation<'de>>()? {
                    let Some(vi) = g.variant_interpretation else {
                        continue;
                    };
                    let Some(desc) = vi.variation_descriptor else {
                        continue;
                    };
                    if desc.gene_context.and_then(|c| c.symbol) != Some("GNAS") {
                        continue;
                    }
                    let result = match vi.acmg_pathogenicity_classification {
                        Some("PATHOGENIC") => GnasResult::Pathogenic,
                        Some("LIKELY_PATHOGENIC") => GnasResult::LikelyPathogenic,
                        Some("UNCERTAIN_SIGNIFICANCE") => GnasResult::Vus,
                        Some("BENIGN") | Some("LIKELY_BENIGN") => GnasResult::Negative,
                        None | Some("NOT_PROVIDED") => GnasResult::NotTested,
                        Some(_) => return Err(fail(cell, Error::UnknownValue)),
                    };
                    // Several GNAS interpretations: the most pathogenic class stands.
                    if gnas_rank(result) > gnas_rank(out.gnas.result) {
                        out.gnas.result = result;
                    }
                    for e in desc.extensions.iter().flatten() {
                        if e.name != "parent_of_origin" {
                            continue;
                        }
                        let origin = match e.value.0 {
                            Some("paternal") => ParentOfOrigin::Paternal,
                            Some("maternal") => ParentOfOrigin::Maternal,
                            Some("de_novo") => ParentOfOrigin::DeNovo,
                            Some("unknown") | None => ParentOfOrigin::Unknown,
                            Some(_) => return Err(fail(cell, Error::UnknownValue)),
                        };
                        if out.gnas.parent_of_origin != ParentOfOrigin::Unknown
                            && out.gnas.parent_of_origin != origin
                        {
                            return Err(fail(cell, Error::ContradictoryFindings));
                        }
                        out.gnas.parent_of_origin = origin;
                    }
                }
            }
        }
        Ok(())
    }
}

/// One interpretation: only `diagnosis.genomicInterpretations` is read.
struct Interpretation<'c, 'o> {
    cell: &'c ErrCell,
    out: &'o mut Findings,
}

impl<'de> DeserializeSeed<'de> for Interpretation<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Interpretation<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an interpretation")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (cell, out) = (self.cell, self.out);
        while let Some(key) = map.next_key::<&'de str>()? {
            if key == "diagnosis" {
                map.next_value_seed(Diagnosis {
                    cell,
                    out: &mut *out,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct Diagnosis<'c, 'o> {
    cell: &'c ErrCell,
    out: &'o mut Findings,
}

impl<'de> DeserializeSeed<'de> for Diagnosis<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Diagnosis<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a diagnosis")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (cell, out) = (self.cell, self.out);
        while let Some(key) = map.next_key::<&'de str>()? {
            if key == "genomicInterpretations" {
                map.next_value_seed(List {
                    cell,
                    out: &mut *out,
                    kind: ListKind::Genomic,
                })?;
            } else {
                // `disease` is deliberately not read: a recorded diagnosis is not evidence.
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration_months("P5Y"), Ok(60));
        assert_eq!(duration_months("P13Y6M"), Ok(162));
        assert_eq!(duration_months("P3M"), Ok(3));
        assert_eq!(duration_months("P61D"), Ok(2));
        assert_eq!(duration_months("P2W"), Ok(0));
        for bad in ["", "P", "5Y", "P5", "PY", "P1M2Y", "P1.5Y", "PT3H", "-P1Y"] {
            assert_eq!(
                duration_months(bad),
                Err(Error::InvalidPhenopacket),
                "{bad}"
            );
        }
        assert_eq!(duration_months("P200Y"), Err(Error::OutOfRange));
    }

    fn vitamin_d(doc: &str) -> Option<bool> {
        let mut f = Findings::new();
        parse_phenopacket(doc.as_bytes(), &mut f).expect("valid phenopacket");
        f.treatment.active_vitamin_d
    }

    #[test]
    fn calcitriol_treatment_is_active_vitamin_d() {
        let treated = r#"{"id":"p","medicalActions":[
            {"procedure":{"code":{"id":"NCIT:C0","label":"x"}}},
            {"treatment":{"agent":{"id":"CHEBI:17823","label":"calcitriol"},"doseIntervals":[]}}]}"#;
        assert_eq!(vitamin_d(treated), Some(true));
        // Another agent, no treatment, or no medical actions at all: unknown, never false.
        let other = r#"{"id":"p","medicalActions":[{"treatment":{"agent":{"id":"CHEBI:1","label":"y"}}},{}]}"#;
        assert_eq!(vitamin_d(other), None);
        assert_eq!(vitamin_d(r#"{"id":"p"}"#), None);
        let twice = r#"{"medicalActions":[],"medicalActions":[]}"#;
        let mut f = Findings::new();
        assert_eq!(
            parse_phenopacket(twice.as_bytes(), &mut f),
            Err(Error::DuplicateField)
        );
    }
}
