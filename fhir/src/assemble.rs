//! From what the resources said to the core's findings: the latest lab result per
//! analyte, one entry per HPO term, conflicts settled (a term both present and excluded,
//! or contradicting a lab, is left unknown: the core refuses such findings, README error
//! 105 and 106), and the core's capacity respected, with everything left out listed.

use std::collections::HashMap;

use poh_core::findings::Phenotype;
use poh_core::kb::generated::{
    KB_HYPERPHOSPHATEMIA, KB_HYPOCALCEMIA, KB_PTH_ELEVATED, KB_TSH_ELEVATED,
};
use poh_core::{Assessment, Error, Findings, HpoId, Lab};

use crate::codes::{disorder_codes, snomed_map, Analyte, DisorderCode, SnomedRow};
use crate::date::{Date, Partial};
use crate::error::{FhirError, Kind};
use crate::{Dropped, FhirRecord, RecordedDiagnosis, UnmappedCode, UsedCode};

/// A phenotype statement read from one coding.
#[derive(Debug, Clone)]
pub(crate) struct Claim {
    pub(crate) id: HpoId,
    pub(crate) excluded: bool,
    pub(crate) onset_months: Option<u16>,
    pub(crate) used: UsedCode,
}

/// One lab result read from one Observation.
#[derive(Debug, Clone)]
pub(crate) struct LabResult {
    pub(crate) analyte: Analyte,
    pub(crate) rank: u8,
    /// Seconds (UTC) of `effective[x]` or `issued`; `None` sorts before every time.
    pub(crate) time: Option<i64>,
    pub(crate) value: Lab,
    pub(crate) used: UsedCode,
}

pub(crate) struct Accumulator {
    pub(crate) evaluation_date: Date,
    pub(crate) birth: Option<Partial>,
    pub(crate) patient_id: Option<String>,
    pub(crate) findings: Findings,
    pub(crate) claims: Vec<Claim>,
    pub(crate) labs: Vec<LabResult>,
    pub(crate) used: Vec<UsedCode>,
    pub(crate) unmapped: Vec<UnmappedCode>,
    pub(crate) recorded: Vec<RecordedDiagnosis>,
    pub(crate) dropped: Vec<Dropped>,
    pub(crate) map: &'static std::collections::HashMap<&'static str, SnomedRow>,
    pub(crate) disorders: &'static [DisorderCode],
}

fn internal(message: String) -> FhirError {
    FhirError::new(Kind::Internal, "$", message)
}

/// The lab's findings JSON name.
fn lab_str(l: Lab) -> &'static str {
    match l {
        Lab::Unknown => "unknown",
        Lab::Low => "low",
        Lab::Normal => "normal",
        Lab::High => "high",
    }
}

fn lab_slot(f: &mut Findings, a: Analyte) -> &mut Lab {
    match a {
        Analyte::Pth => &mut f.labs.pth,
        Analyte::Calcium => &mut f.labs.calcium,
        Analyte::Phosphate => &mut f.labs.phosphate,
        Analyte::Tsh => &mut f.labs.tsh,
    }
}

/// The HPO term each lab is the same finding as, and the value that makes it present
/// (the core's rule, README "labs.*": PTH high = HP:0003165, calcium low = HP:0002901,
/// phosphate high = HP:0002905, TSH high = HP:0002925; any other value excludes it).
fn lab_term(a: Analyte) -> Option<(HpoId, Lab)> {
    let (k, when) = match a {
        Analyte::Pth => (KB_PTH_ELEVATED, Lab::High),
        Analyte::Calcium => (KB_HYPOCALCEMIA, Lab::Low),
        Analyte::Phosphate => (KB_HYPERPHOSPHATEMIA, Lab::High),
        Analyte::Tsh => (KB_TSH_ELEVATED, Lab::High),
    };
    poh_core::kb::kb_term(k).map(|t| (HpoId(t.id), when))
}

/// The key under which two ids are the same term: the subset index (alt_ids followed),
/// else the id itself.
fn term_key(id: HpoId) -> (bool, u32) {
    match poh_core::hpo::subset_index(id) {
        Some((i, _)) => (true, u32::from(i)),
        None => (false, id.0),
    }
}

const ANALYTES: [Analyte; 4] = [
    Analyte::Pth,
    Analyte::Calcium,
    Analyte::Phosphate,
    Analyte::Tsh,
];

impl Accumulator {
    pub(crate) fn new(evaluation_date: Date) -> Result<Accumulator, FhirError> {
        Ok(Accumulator {
            evaluation_date,
            birth: None,
            patient_id: None,
            findings: Findings::new(),
            claims: Vec::new(),
            labs: Vec::new(),
            used: Vec::new(),
            unmapped: Vec::new(),
            recorded: Vec::new(),
            dropped: Vec::new(),
            map: snomed_map().map_err(|e| internal(format!("the SNOMED CT map: {e}")))?,
            disorders: disorder_codes()
                .map_err(|e| internal(format!("the disorder codes: {e}")))?,
        })
    }

    pub(crate) fn drop(&mut self, resource: &str, what: &str, why: &str) {
        self.dropped.push(Dropped {
            resource: resource.to_string(),
            what: what.to_string(),
            why: why.to_string(),
        });
    }

    fn drop_used(&mut self, u: &UsedCode, why: &str) {
        let what = format!("{}|{} ({} {})", u.system, u.code, u.finding, u.state);
        self.drop(&u.resource.clone(), &what, why);
    }

    pub(crate) fn unmapped(&mut self, c: &crate::json_access::Coding, resource: &str, why: &str) {
        self.unmapped.push(UnmappedCode {
            system: c.system.clone().unwrap_or_default(),
            code: c.code.clone(),
            display: c.display.clone(),
            resource: resource.to_string(),
            why: why.to_string(),
        });
    }

    /// The chart's patient age in months at `at`, when the birth date allows.
    pub(crate) fn age_months_at(&self, at: Date) -> Option<u32> {
        match self.birth? {
            Partial::Year(_) => None,
            b => b.first_day().months_until(at),
        }
    }

    pub(crate) fn finish(mut self) -> Result<FhirRecord, FhirError> {
        self.settle_labs();
        let claims = self.merge_claims();
        let claims = self.settle_lab_conflicts(claims);
        self.add_claims(claims)?;
        self.settle_core_conflicts()?;
        Ok(FhirRecord {
            findings: self.findings,
            used: self.used,
            unmapped: self.unmapped,
            recorded_diagnoses: self.recorded,
            dropped: self.dropped,
            evaluation_date: self.evaluation_date,
        })
    }

    /// The latest result per analyte, among the most preferred codes that have one.
    fn settle_labs(&mut self) {
        let labs = std::mem::take(&mut self.labs);
        for a in ANALYTES {
            let mut of: Vec<&LabResult> = labs.iter().filter(|l| l.analyte == a).collect();
            let Some(best_rank) = of.iter().map(|l| l.rank).min() else {
                continue;
            };
            // Latest first; a result without a time is older than every dated one.
            of.sort_by_key(|l| core::cmp::Reverse((l.rank == best_rank, l.time)));
            let Some((first, rest)) = of.split_first() else {
                continue;
            };
            let tie = rest
                .iter()
                .any(|r| r.rank == first.rank && r.time == first.time && r.value != first.value);
            for r in rest {
                let why = if r.rank != best_rank {
                    format!(
                        "a result of a preferred code is used ({} in {})",
                        first.used.code, first.used.resource
                    )
                } else if r.time == first.time && tie {
                    "two results at the same time disagree: left unknown".into()
                } else {
                    format!("superseded by the later result in {}", first.used.resource)
                };
                self.drop_used(&r.used, &why);
            }
            if tie {
                self.drop_used(
                    &first.used,
                    "two results at the same time disagree: left unknown",
                );
                continue;
            }
            if first.value == Lab::Unknown {
                let why = format!(
                    "the latest result could not be interpreted ({}): left unknown",
                    first.used.how
                );
                self.drop_used(&first.used, &why);
                continue;
            }
            *lab_slot(&mut self.findings, a) = first.value;
            self.used.push(first.used.clone());
        }
    }

    /// One claim per term: the same state merges (earliest onset); opposite states
    /// conflict and are left unknown.
    fn merge_claims(&mut self) -> Vec<(Claim, Vec<UsedCode>)> {
        let claims = std::mem::take(&mut self.claims);
        // Slots in first-seen order; `None` once the term's statements conflicted.
        let mut merged: Vec<Option<(Claim, Vec<UsedCode>)>> = Vec::new();
        let mut slot_of: HashMap<(bool, u32), usize> = HashMap::new();
        for c in claims {
            let key = term_key(c.id);
            let Some(&i) = slot_of.get(&key) else {
                slot_of.insert(key, merged.len());
                let u = c.used.clone();
                merged.push(Some((c, vec![u])));
                continue;
            };
            let Some(slot) = merged.get_mut(i) else {
                continue;
            };
            match slot {
                None => self.drop_used(
                    &c.used,
                    "the same term is also stated with the opposite state: left unknown",
                ),
                Some((m, uses)) if m.excluded == c.excluded => {
                    m.onset_months = match (m.onset_months, c.onset_months) {
                        (Some(x), Some(y)) => Some(x.min(y)),
                        (x, y) => x.or(y),
                    };
                    uses.push(c.used);
                }
                Some(_) => {
                    if let Some((_, uses)) = slot.take() {
                        for u in uses.iter().chain(core::iter::once(&c.used)) {
                            self.drop_used(
                                u,
                                "the same term is stated present and excluded: left unknown",
                            );
                        }
                    }
                }
            }
        }
        merged.into_iter().flatten().collect()
    }

    /// A lab and a statement of its own HPO term that disagree: both left unknown.
    fn settle_lab_conflicts(
        &mut self,
        claims: Vec<(Claim, Vec<UsedCode>)>,
    ) -> Vec<(Claim, Vec<UsedCode>)> {
        let mut keep = Vec::new();
        for (c, uses) in claims {
            let mut conflict = None;
            for a in ANALYTES {
                let value = *lab_slot(&mut self.findings, a);
                let Some((term, when)) = lab_term(a) else {
                    continue;
                };
                if value != Lab::Unknown
                    && term_key(term) == term_key(c.id)
                    && (value != when) != c.excluded
                {
                    conflict = Some((a, value));
                }
            }
            match conflict {
                None => keep.push((c, uses)),
                Some((a, value)) => {
                    *lab_slot(&mut self.findings, a) = Lab::Unknown;
                    let lab = format!("labs.{}", a.as_str());
                    let mut lab_uses = Vec::new();
                    self.used.retain(|u| {
                        let hit = u.finding == lab;
                        if hit {
                            lab_uses.push(u.clone());
                        }
                        !hit
                    });
                    let why = format!(
                        "{lab} {} contradicts {} stated {}: both left unknown",
                        lab_str(value),
                        c.id,
                        if c.excluded { "excluded" } else { "present" }
                    );
                    for u in lab_uses.iter().chain(uses.iter()) {
                        self.drop_used(u, &why);
                    }
                }
            }
        }
        keep
    }

    /// Terms the knowledge base's subset knows go first, so that the core's capacity is
    /// spent on terms it can use; an entry the core refuses is listed, never lost.
    fn add_claims(&mut self, claims: Vec<(Claim, Vec<UsedCode>)>) -> Result<(), FhirError> {
        let (known, other): (Vec<_>, Vec<_>) =
            claims.into_iter().partition(|(c, _)| term_key(c.id).0);
        for (c, uses) in known.into_iter().chain(other) {
            let mut p = if c.excluded {
                Phenotype::excluded(c.id)
            } else {
                Phenotype::present(c.id)
            };
            if let Some(m) = c.onset_months {
                p = p
                    .with_onset(m)
                    .map_err(|e| internal(format!("onset {m}: {e}")))?;
            }
            match self.findings.add(p) {
                Ok(()) => self.used.extend(uses),
                Err(e) => {
                    let why = format!(
                        "beyond the core's capacity of {} phenotype entries ({}, code {})",
                        poh_core::limits::MAX_PHENOTYPES,
                        e.kind(),
                        e.code()
                    );
                    for u in &uses {
                        self.drop_used(u, &why);
                    }
                }
            }
        }
        Ok(())
    }

    /// The core refuses a term present under an excluded ancestor (or a lab's term under
    /// one): find each such pair by evaluating, and leave both unknown.
    fn settle_core_conflicts(&mut self) -> Result<(), FhirError> {
        let mut a = Box::<Assessment>::default();
        let conflict =
            |e: Error| matches!(e, Error::PresentAndExcluded | Error::ContradictoryFindings);
        match poh_core::evaluate(&self.findings, &mut a) {
            Ok(()) => return Ok(()),
            Err(e) if conflict(e) => {}
            Err(e) => return Err(internal(format!("the core refused the findings read: {e}"))),
        }
        // Rebuild entry by entry; an entry that makes the findings contradictory is
        // dropped with the earlier entry (or lab) it contradicts.
        let all = core::mem::take(&mut self.findings.phenotypes);
        let mut removed: Vec<(HpoId, String)> = Vec::new();
        for p in all {
            let mut trial = self.findings.clone();
            trial
                .add(p.clone())
                .map_err(|e| internal(format!("rebuilding the findings: {e}")))?;
            match poh_core::evaluate(&trial, &mut a) {
                Ok(()) => {
                    self.findings = trial;
                    continue;
                }
                Err(e) if conflict(e) => {}
                Err(e) => return Err(internal(format!("the core refused the findings read: {e}"))),
            }
            // Which earlier entry?
            let mut partner = None;
            for j in 0..self.findings.phenotypes.len() {
                let mut t = self.findings.clone();
                t.phenotypes.remove(j);
                let _ = t.phenotypes.push(p.clone());
                if poh_core::evaluate(&t, &mut a).is_ok() {
                    partner = Some(j);
                    break;
                }
            }
            let state = |q: &Phenotype| if q.excluded { "excluded" } else { "present" };
            match partner {
                Some(j) => {
                    let q = self.findings.phenotypes.remove(j);
                    let why = format!(
                        "{} {} and {} {} contradict each other in the HPO hierarchy: both left unknown",
                        p.id,
                        state(&p),
                        q.id,
                        state(&q)
                    );
                    removed.push((p.id, why.clone()));
                    removed.push((q.id, why));
                }
                None => {
                    // It contradicts a lab's term: leave the lab unknown too.
                    let mut lab = None;
                    for an in ANALYTES {
                        let mut t = trial.clone();
                        *lab_slot(&mut t, an) = Lab::Unknown;
                        if poh_core::evaluate(&t, &mut a).is_ok() {
                            lab = Some(an);
                            break;
                        }
                    }
                    let Some(an) = lab else {
                        return Err(internal(format!(
                            "a contradiction around {} could not be located",
                            p.id
                        )));
                    };
                    let value = *lab_slot(&mut self.findings, an);
                    *lab_slot(&mut self.findings, an) = Lab::Unknown;
                    let lab = format!("labs.{}", an.as_str());
                    let why = format!(
                        "{} {} contradicts {lab} {} in the HPO hierarchy: both left unknown",
                        p.id,
                        state(&p),
                        lab_str(value)
                    );
                    removed.push((p.id, why.clone()));
                    let mut lab_uses = Vec::new();
                    self.used.retain(|u| {
                        let hit = u.finding == lab;
                        if hit {
                            lab_uses.push(u.clone());
                        }
                        !hit
                    });
                    for u in &lab_uses {
                        self.drop_used(u, &why);
                    }
                }
            }
        }
        for (id, why) in removed {
            let text = id.to_string();
            let mut gone = Vec::new();
            self.used.retain(|u| {
                let hit = u.finding == text;
                if hit {
                    gone.push(u.clone());
                }
                !hit
            });
            for u in &gone {
                self.drop_used(u, &why);
            }
        }
        match poh_core::evaluate(&self.findings, &mut a) {
            Ok(()) => Ok(()),
            Err(e) => Err(internal(format!("the core refused the findings read: {e}"))),
        }
    }
}

/// The findings JSON name of a lab value (for the report).
pub(crate) fn lab_name(l: Lab) -> &'static str {
    lab_str(l)
}
