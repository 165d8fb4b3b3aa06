//! `poh_findings`: the findings as a plain C struct, and its translation to and from the
//! core's `Findings`.
//!
//! Every field is an integer, so any bit pattern is a valid `poh_findings` on the Rust
//! side; values are checked when the struct is read (`poh_evaluate`), and by each setter.
//! Zero means "unknown" everywhere, so `poh_findings f = {0};` is the same as
//! `poh_findings_init(&f)`: an unassessed finding is never read as absent.

use core::ffi::c_char;
use core::mem::MaybeUninit;

use poh_core::findings::{
    EntryRef, Gnas, History, Imaging, Labs, Options, PhenotypeEntries, Treatment,
};
use poh_core::kb::AHO_LISTS;
use poh_core::limits::{MAX_AGE_MONTHS, MAX_MODIFIERS, MAX_PHENOTYPES, PRETEST_PER_MILLION};
use poh_core::{
    Assessment, Error, Findings, GnasResult, HpoId, Lab, ParentOfOrigin, Phenotype, Sex,
};

use crate::cstr::bounded;
use crate::slot::{clear, field, slots};
use crate::{guard, non_null, poh_status};

/// Phenotype entries in one `poh_findings` (present and excluded together; entries of ids
/// outside the knowledge base's HPO subset count here, since the struct holds them, but
/// not against the core's capacity of recognized terms). The JSON entry points take any
/// number.
pub const POH_MAX_PHENOTYPES: usize = 32;
/// Modifiers on one phenotype entry.
pub const POH_MAX_MODIFIERS: usize = 4;
/// Largest age or onset, in months (150 years).
pub const POH_MAX_AGE_MONTHS: u32 = 1800;
/// Largest HPO id number (`HP:9999999`).
pub const POH_MAX_HPO_NUMBER: u32 = 9_999_999;
/// Longest C string argument read, in bytes before the NUL; a longer (or unterminated)
/// string is `POH_STATUS_STRING_TOO_LONG`, and nothing past it is read.
pub const POH_MAX_STRING_ARG: usize = 1024;

const _: () = assert!(POH_MAX_PHENOTYPES <= MAX_PHENOTYPES);
const _: () = assert!(POH_MAX_PHENOTYPES == poh_core::limits::MAX_UNRECOGNIZED_LISTED);
const _: () = assert!(POH_MAX_MODIFIERS == MAX_MODIFIERS);
const _: () = assert!(POH_MAX_AGE_MONTHS == MAX_AGE_MONTHS as u32);

/// Three-valued answer for history and imaging fields. 0 is unknown, so a zeroed struct
/// never claims an absence.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum poh_tri {
    /// Not known (the default).
    Unknown = 0,
    /// Yes.
    True = 1,
    /// No (assessed and absent).
    False = 2,
}

/// A laboratory value against its reference range.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum poh_lab {
    /// Not measured or not given (the default).
    Unknown = 0,
    /// Below the reference range.
    Low = 1,
    /// Within the reference range.
    Normal = 2,
    /// Above the reference range.
    High = 3,
}

/// Which laboratory value `poh_findings_set_lab` sets. Numbered from 0x100, apart from
/// every value enum (0 to 4), so that arguments given in the wrong order are
/// `POH_STATUS_OUT_OF_RANGE`, never a silent OK.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum poh_lab_test {
    /// Serum parathyroid hormone (`labs.pth`).
    Pth = 0x100,
    /// Serum calcium (`labs.calcium`).
    Calcium = 0x101,
    /// Serum phosphate (`labs.phosphate`).
    Phosphate = 0x102,
    /// Thyroid-stimulating hormone (`labs.tsh`).
    Tsh = 0x103,
    /// Erythrocyte Gs-alpha activity (`labs.gs_alpha_activity`: low or normal only).
    GsAlphaActivity = 0x104,
}

/// Sex of the patient.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum poh_sex {
    /// Not given (the default).
    Unknown = 0,
    /// Female.
    Female = 1,
    /// Male.
    Male = 2,
    /// Other.
    Other = 3,
}

/// Result of GNAS testing.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum poh_gnas_result {
    /// Not tested, or not given (the default).
    NotTested = 0,
    /// Pathogenic variant.
    Pathogenic = 1,
    /// Likely pathogenic variant.
    LikelyPathogenic = 2,
    /// Variant of uncertain significance.
    Vus = 3,
    /// No variant found.
    Negative = 4,
}

/// Parent of origin of a GNAS variant.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum poh_parent_of_origin {
    /// Unknown or not given (the default).
    Unknown = 0,
    /// Inherited from the father.
    Paternal = 1,
    /// Inherited from the mother.
    Maternal = 2,
    /// Arose de novo.
    DeNovo = 3,
}

/// Which history item `poh_findings_set_history` sets. Numbered from 0x200, apart from
/// every value enum and from `poh_lab_test`, so that arguments given in the wrong order
/// are `POH_STATUS_OUT_OF_RANGE`, never a silent OK.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum poh_history_item {
    /// Trauma or surgery at the site of ossification.
    TraumaOrSurgeryAtSite = 0x200,
    /// Neurological injury (brain or spinal cord).
    NeurologicalInjury = 0x201,
    /// The father has a GNAS-related ossification or AHO disorder.
    FatherAffected = 0x202,
    /// The mother has a GNAS-related ossification or AHO disorder.
    MotherAffected = 0x203,
}

/// One phenotype entry: an HPO term, present or excluded.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct poh_phenotype {
    /// The HPO id as a number: 25027 for `HP:0025027` (1 to `POH_MAX_HPO_NUMBER`).
    pub id: u32,
    /// 0: present; 1: examined and absent. Other values are `POH_STATUS_OUT_OF_RANGE`.
    pub excluded: u8,
    /// 0: onset unknown; 1: `onset_months` holds the age at onset.
    pub has_onset: u8,
    /// Age at onset in months (0 to `POH_MAX_AGE_MONTHS`); read only if `has_onset` is 1.
    pub onset_months: u16,
    /// Modifiers in use in `modifiers` (0 to `POH_MAX_MODIFIERS`).
    pub modifier_count: u32,
    /// Clinical modifier or onset terms as numbers (e.g. 3676 for `HP:0003676` Progressive).
    pub modifiers: [u32; POH_MAX_MODIFIERS],
}

/// Laboratory findings; each field is a `poh_lab` value.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct poh_labs {
    /// Serum parathyroid hormone (`poh_lab`).
    pub pth: u8,
    /// Serum calcium (`poh_lab`).
    pub calcium: u8,
    /// Serum phosphate (`poh_lab`).
    pub phosphate: u8,
    /// Thyroid-stimulating hormone (`poh_lab`).
    pub tsh: u8,
    /// Erythrocyte Gs-alpha activity (`poh_lab`: low or normal; high is refused).
    pub gs_alpha_activity: u8,
}

/// Genetic findings.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct poh_gnas {
    /// Test result (`poh_gnas_result`).
    pub result: u8,
    /// Parent of origin (`poh_parent_of_origin`).
    pub parent_of_origin: u8,
}

/// History relevant to the differential; each field is a `poh_tri` value.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct poh_history {
    /// Trauma or surgery at the site of ossification (`poh_tri`).
    pub trauma_or_surgery_at_site: u8,
    /// Neurological injury (`poh_tri`).
    pub neurological_injury: u8,
    /// The father is affected (`poh_tri`).
    pub father_affected: u8,
    /// The mother is affected (`poh_tri`).
    pub mother_affected: u8,
}

/// Imaging findings.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct poh_imaging {
    /// The specific pattern of ossification of POH seen on imaging (`poh_tri`).
    pub specific_pattern: u8,
}

/// Treatment that changes what a finding means.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct poh_treatment {
    /// Calcitriol or another active vitamin D is given (`poh_tri`): a normal PTH then
    /// weighs nothing against PHP1A/1B/1C (docs/RULES.md).
    pub active_vitamin_d: u8,
}

/// Evaluation options.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct poh_options {
    /// The list of AHO features counted, by index: 0 (the default) is `"orphanet_665"`,
    /// 1 is `"genereviews"`. Set it by key with `poh_findings_set_aho_list`.
    pub aho_list: u8,
    /// 1: add inheritance counseling for this person's children to the assessment;
    /// 0 (the default): do not.
    pub counseling: u8,
    /// A clinic's pretest probability of the eight modelled disorders together, in parts
    /// per million (1 to 999,999); 0 (the default): each 1/12,687 (docs/RULES.md).
    pub pretest_per_million: u32,
}

/// A patient's findings, caller-allocated. Initialise with `poh_findings_init` (or
/// `= {0}`), then use the setters or write the fields directly; `poh_evaluate` checks
/// every field.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct poh_findings {
    /// 0: age unknown; 1: `age_months` holds the age.
    pub has_age: u8,
    /// Sex (`poh_sex`).
    pub sex: u8,
    /// Age in months (0 to `POH_MAX_AGE_MONTHS`); read only if `has_age` is 1.
    pub age_months: u16,
    /// Laboratory values.
    pub labs: poh_labs,
    /// GNAS testing.
    pub gnas: poh_gnas,
    /// History.
    pub history: poh_history,
    /// Imaging.
    pub imaging: poh_imaging,
    /// Treatment.
    pub treatment: poh_treatment,
    /// Options.
    pub options: poh_options,
    /// Entries in use in `phenotypes` (0 to `POH_MAX_PHENOTYPES`).
    pub phenotype_count: u32,
    /// HPO terms, present or excluded, in input order.
    pub phenotypes: [poh_phenotype; POH_MAX_PHENOTYPES],
}

fn flag(v: u8) -> Result<bool, Error> {
    match v {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(Error::OutOfRange),
    }
}

/// 0 is the default pretest; otherwise the core's range (`options.pretest_per_million`).
fn pretest(v: u32) -> Result<Option<u32>, Error> {
    match v {
        0 => Ok(None),
        v if PRETEST_PER_MILLION.contains(&v) => Ok(Some(v)),
        _ => Err(Error::OutOfRange),
    }
}

fn tri(v: u8) -> Result<Option<bool>, Error> {
    match v {
        0 => Ok(None),
        1 => Ok(Some(true)),
        2 => Ok(Some(false)),
        _ => Err(Error::OutOfRange),
    }
}

fn tri_of(v: Option<bool>) -> u8 {
    match v {
        None => poh_tri::Unknown as u8,
        Some(true) => poh_tri::True as u8,
        Some(false) => poh_tri::False as u8,
    }
}

fn lab(v: u8) -> Result<Lab, Error> {
    Ok(match v {
        0 => Lab::Unknown,
        1 => Lab::Low,
        2 => Lab::Normal,
        3 => Lab::High,
        _ => return Err(Error::OutOfRange),
    })
}

fn lab_of(v: Lab) -> u8 {
    (match v {
        Lab::Unknown => poh_lab::Unknown,
        Lab::Low => poh_lab::Low,
        Lab::Normal => poh_lab::Normal,
        Lab::High => poh_lab::High,
    }) as u8
}

pub(crate) fn sex(v: u8) -> Result<Sex, Error> {
    Ok(match v {
        0 => Sex::Unknown,
        1 => Sex::Female,
        2 => Sex::Male,
        3 => Sex::Other,
        _ => return Err(Error::OutOfRange),
    })
}

fn sex_of(v: Sex) -> u8 {
    (match v {
        Sex::Unknown => poh_sex::Unknown,
        Sex::Female => poh_sex::Female,
        Sex::Male => poh_sex::Male,
        Sex::Other => poh_sex::Other,
    }) as u8
}

pub(crate) fn gnas_result(v: u8) -> Result<GnasResult, Error> {
    Ok(match v {
        0 => GnasResult::NotTested,
        1 => GnasResult::Pathogenic,
        2 => GnasResult::LikelyPathogenic,
        3 => GnasResult::Vus,
        4 => GnasResult::Negative,
        _ => return Err(Error::OutOfRange),
    })
}

fn gnas_result_of(v: GnasResult) -> u8 {
    (match v {
        GnasResult::NotTested => poh_gnas_result::NotTested,
        GnasResult::Pathogenic => poh_gnas_result::Pathogenic,
        GnasResult::LikelyPathogenic => poh_gnas_result::LikelyPathogenic,
        GnasResult::Vus => poh_gnas_result::Vus,
        GnasResult::Negative => poh_gnas_result::Negative,
    }) as u8
}

pub(crate) fn origin(v: u8) -> Result<ParentOfOrigin, Error> {
    Ok(match v {
        0 => ParentOfOrigin::Unknown,
        1 => ParentOfOrigin::Paternal,
        2 => ParentOfOrigin::Maternal,
        3 => ParentOfOrigin::DeNovo,
        _ => return Err(Error::OutOfRange),
    })
}

fn origin_of(v: ParentOfOrigin) -> u8 {
    (match v {
        ParentOfOrigin::Unknown => poh_parent_of_origin::Unknown,
        ParentOfOrigin::Paternal => poh_parent_of_origin::Paternal,
        ParentOfOrigin::Maternal => poh_parent_of_origin::Maternal,
        ParentOfOrigin::DeNovo => poh_parent_of_origin::DeNovo,
    }) as u8
}

fn hpo(n: u32) -> Result<HpoId, Error> {
    if n > POH_MAX_HPO_NUMBER {
        return Err(Error::InvalidHpoId);
    }
    Ok(HpoId(n))
}

fn months(has: u8, v: u16) -> Result<Option<u16>, Error> {
    if !flag(has)? {
        return Ok(None);
    }
    if u32::from(v) > POH_MAX_AGE_MONTHS {
        return Err(Error::OutOfRange);
    }
    Ok(Some(v))
}

fn u8_arg(v: u32) -> Result<u8, Error> {
    u8::try_from(v).map_err(|_| Error::OutOfRange)
}

impl poh_phenotype {
    /// Check every field of the entry, in the order of checks the error codes depend on:
    /// id, `excluded`, onset, modifier count, modifier ids. Returns the values as the core
    /// reads them, the modifier count last.
    #[inline(always)]
    fn checked(&self) -> Result<(HpoId, bool, Option<u16>, usize), Error> {
        let id = hpo(self.id)?;
        let excluded = flag(self.excluded)?;
        let onset_months = months(self.has_onset, self.onset_months)?;
        let n = usize::try_from(self.modifier_count).map_err(|_| Error::TooManyModifiers)?;
        for &m in self.modifiers.get(..n).ok_or(Error::TooManyModifiers)? {
            hpo(m)?;
        }
        Ok((id, excluded, onset_months, n))
    }

    /// Check the entry and build the core's phenotype from it. Inlined into the loop of
    /// `to_core_into`, so that the phenotype is built once, straight into its slot (issue
    /// 7: a call per entry and a returned `Result` copied the phenotype twice).
    #[inline(always)]
    fn core_phenotype(&self) -> Result<Phenotype, Error> {
        let (id, excluded, onset_months, n) = self.checked()?;
        // The whole array in one copy, then the count (the ids past it are never read).
        let mut modifiers = heapless::Vec::from_array(self.modifiers.map(HpoId));
        modifiers.truncate(n);
        Ok(Phenotype {
            id,
            excluded,
            onset_months,
            modifiers,
        })
    }

    fn from_core(p: &Phenotype) -> poh_phenotype {
        let mut out = poh_phenotype {
            id: p.id.0,
            excluded: u8::from(p.excluded),
            has_onset: u8::from(p.onset_months.is_some()),
            onset_months: p.onset_months.unwrap_or(0),
            ..Default::default()
        };
        for (slot, m) in out.modifiers.iter_mut().zip(p.modifiers.iter()) {
            *slot = m.0;
            out.modifier_count += 1;
        }
        out
    }
}

/// Phenotype entries whose every field was checked (`poh_findings::checked_entries`),
/// read by the core in place (`poh_core::evaluate_with`): no core `Phenotype` is built for
/// them. Checked values read back as the conversion would read them.
pub(crate) struct CheckedEntries<'a>(&'a [poh_phenotype]);

impl PhenotypeEntries for CheckedEntries<'_> {
    fn count(&self) -> usize {
        self.0.len()
    }
    fn entry(&self, i: usize) -> Option<EntryRef> {
        let p = self.0.get(i)?;
        Some(EntryRef {
            id: HpoId(p.id),
            excluded: p.excluded == 1,
            onset_months: (p.has_onset == 1).then_some(p.onset_months),
        })
    }
    fn modifiers(&self, i: usize) -> impl Iterator<Item = HpoId> {
        let p = self.0.get(i);
        let n = p.map_or(0, |p| p.modifier_count as usize);
        p.and_then(|p| p.modifiers.get(..n))
            .unwrap_or(&[])
            .iter()
            .map(|&m| HpoId(m))
    }
}

impl poh_findings {
    /// Check every field and build the core's findings.
    pub fn to_core(&self) -> Result<Findings, Error> {
        let mut f = Findings::new();
        self.to_core_into(&mut f)?;
        Ok(f)
    }

    /// Check every field and write the core's findings over `f`, in place (no 1.3 KiB
    /// `Findings` moved around). On error `f`'s content is unspecified.
    pub fn to_core_into(&self, f: &mut Findings) -> Result<(), Error> {
        self.fill_core_base(f)?;
        // `Findings::add`: ids outside the subset are set aside as the JSON reader does.
        for p in self.entries_in_use()? {
            f.add(p.core_phenotype()?)?;
        }
        Ok(())
    }

    /// The phenotype entries in use (`phenotype_count` checked against the capacity).
    fn entries_in_use(&self) -> Result<&[poh_phenotype], Error> {
        let n = usize::try_from(self.phenotype_count).map_err(|_| Error::TooManyPhenotypes)?;
        self.phenotypes.get(..n).ok_or(Error::TooManyPhenotypes)
    }

    /// Check every field but the phenotype entries and write them over `f`, whose
    /// phenotypes are cleared.
    pub(crate) fn fill_core_base(&self, f: &mut Findings) -> Result<(), Error> {
        f.phenotypes.clear();
        f.positions.clear();
        f.entries = 0;
        f.unrecognized.clear();
        f.age_months = months(self.has_age, self.age_months)?;
        f.sex = sex(self.sex)?;
        f.labs = Labs {
            pth: lab(self.labs.pth)?,
            calcium: lab(self.labs.calcium)?,
            phosphate: lab(self.labs.phosphate)?,
            tsh: lab(self.labs.tsh)?,
            gs_alpha_activity: lab(self.labs.gs_alpha_activity)?,
        };
        f.gnas = Gnas {
            result: gnas_result(self.gnas.result)?,
            parent_of_origin: origin(self.gnas.parent_of_origin)?,
        };
        f.history = History {
            trauma_or_surgery_at_site: tri(self.history.trauma_or_surgery_at_site)?,
            neurological_injury: tri(self.history.neurological_injury)?,
            father_affected: tri(self.history.father_affected)?,
            mother_affected: tri(self.history.mother_affected)?,
        };
        f.imaging = Imaging {
            specific_pattern: tri(self.imaging.specific_pattern)?,
        };
        f.treatment = Treatment {
            active_vitamin_d: tri(self.treatment.active_vitamin_d)?,
        };
        if usize::from(self.options.aho_list) >= AHO_LISTS.len() {
            return Err(Error::UnknownOption);
        }
        f.options = Options {
            aho_list: self.options.aho_list,
            counseling: flag(self.options.counseling)?,
            pretest_per_million: pretest(self.options.pretest_per_million)?,
        };
        Ok(())
    }

    /// The phenotype entries in use, every field checked (the same checks, in the same
    /// order, as building the core's `Phenotype`s), as a view the core reads in place.
    pub(crate) fn checked_entries(&self) -> Result<CheckedEntries<'_>, Error> {
        let entries = self.entries_in_use()?;
        for p in entries {
            p.checked()?;
        }
        Ok(CheckedEntries(entries))
    }

    /// Check every field, then evaluate into `a`, the phenotype entries read in place by
    /// the core (`evaluate_with`: no `Phenotype` built for them). What every C entry point
    /// that evaluates a `poh_findings` runs; the same assessment, or the same error, as
    /// `to_core` then `poh_core::evaluate` (tested on thousands of mixed structs).
    pub(crate) fn evaluate(&self, a: &mut Assessment) -> Result<(), Error> {
        let mut f = Findings::new();
        self.fill_core_base(&mut f)?;
        let entries = self.checked_entries()?;
        poh_core::evaluate_with(&f, &entries, a)
    }

    /// The C struct for the core's findings (exact: `to_core` gives them back).
    pub fn from_core(f: &Findings) -> poh_findings {
        let mut m = MaybeUninit::<poh_findings>::zeroed();
        // What does not fit is left out (tests only: `poh_findings_from_json` refuses it).
        let _ = Self::write_core(&mut m, f);
        // SAFETY: poh_findings holds integers only, so the zeroed start is a valid value
        // already, and write_core stores only valid values.
        unsafe { m.assume_init() }
    }

    /// Write the C struct for the core's findings into `out`, field by field where each
    /// lives (no copy of the whole struct); entries past `phenotype_count` are zero.
    /// `false` when the struct could not hold every entry and modifier (its fixed
    /// capacities; ids outside the subset are given back as entries and modifiers).
    pub(crate) fn write_core(out: &mut MaybeUninit<poh_findings>, f: &Findings) -> bool {
        field!(out, has_age).write(u8::from(f.age_months.is_some()));
        field!(out, sex).write(sex_of(f.sex));
        field!(out, age_months).write(f.age_months.unwrap_or(0));
        field!(out, labs).write(poh_labs {
            pth: lab_of(f.labs.pth),
            calcium: lab_of(f.labs.calcium),
            phosphate: lab_of(f.labs.phosphate),
            tsh: lab_of(f.labs.tsh),
            gs_alpha_activity: lab_of(f.labs.gs_alpha_activity),
        });
        field!(out, gnas).write(poh_gnas {
            result: gnas_result_of(f.gnas.result),
            parent_of_origin: origin_of(f.gnas.parent_of_origin),
        });
        field!(out, history).write(poh_history {
            trauma_or_surgery_at_site: tri_of(f.history.trauma_or_surgery_at_site),
            neurological_injury: tri_of(f.history.neurological_injury),
            father_affected: tri_of(f.history.father_affected),
            mother_affected: tri_of(f.history.mother_affected),
        });
        field!(out, imaging).write(poh_imaging {
            specific_pattern: tri_of(f.imaging.specific_pattern),
        });
        field!(out, treatment).write(poh_treatment {
            active_vitamin_d: tri_of(f.treatment.active_vitamin_d),
        });
        field!(out, options).write(poh_options {
            aho_list: f.options.aho_list,
            counseling: u8::from(f.options.counseling),
            pretest_per_million: f.options.pretest_per_million.unwrap_or(0),
        });
        let phenotypes = slots(field!(out, phenotypes));
        let mut used = 0usize;
        let mut complete = true;
        // The entries in input order, those outside the subset and their modifiers given
        // back from `unrecognized`, so the struct evaluates as the findings do.
        let listed = &f.unrecognized.listed;
        let whole = usize::from(f.unrecognized.total) == listed.len();
        for position in 0..f
            .entries
            .max(u16::try_from(f.phenotypes.len()).unwrap_or(0))
        {
            let known = (0..f.phenotypes.len()).find(|&i| f.position(i) == position);
            // An entry outside the subset was noted after its modifiers: its id is the
            // last one listed at its position.
            let mine = || listed.iter().filter(|(_, e)| *e == position);
            let (mut entry, modifiers) = match known.and_then(|i| f.phenotypes.get(i)) {
                Some(p) => (poh_phenotype::from_core(p), mine().count()),
                None => match mine().next_back() {
                    Some((id, _)) => (
                        poh_phenotype {
                            id: id.0,
                            ..Default::default()
                        },
                        mine().count() - 1,
                    ),
                    None => continue,
                },
            };
            for (id, _) in mine().take(modifiers) {
                match entry.modifiers.get_mut(entry.modifier_count as usize) {
                    Some(slot) => {
                        *slot = id.0;
                        entry.modifier_count += 1;
                    }
                    None => complete = false,
                }
            }
            match phenotypes.get_mut(used) {
                Some(slot) => {
                    slot.write(entry);
                    used += 1;
                }
                None => complete = false,
            }
        }
        clear(
            phenotypes.get_mut(used..).unwrap_or_default(),
            poh_phenotype::default(),
        );
        field!(out, phenotype_count).write(u32::try_from(used).unwrap_or(0));
        complete && whole
    }
}

/// Read a NUL-terminated string argument (NULL-checked, bounded, UTF-8).
///
/// # Safety
/// `p`, if not NULL, must point to a NUL-terminated string (or to at least
/// `POH_MAX_STRING_ARG + 1` readable bytes).
pub(crate) unsafe fn str_arg<'a>(p: *const c_char) -> Result<&'a str, poh_status> {
    non_null(p)?;
    // SAFETY: non-NULL, and the caller's contract covers the bounded read.
    let bytes = unsafe { bounded(p, POH_MAX_STRING_ARG) }.ok_or(poh_status::StringTooLong)?;
    core::str::from_utf8(bytes).map_err(|_| poh_status::InvalidUtf8)
}

/// Run `edit` on a copy of `*f` and store the copy only if `edit` succeeds, so that a
/// failed setter leaves the caller's struct untouched.
///
/// # Safety
/// `f`, if not NULL, must point to a valid, writable `poh_findings`.
unsafe fn edit_findings(
    f: *mut poh_findings,
    edit: impl FnOnce(&mut poh_findings) -> Result<(), Error>,
) -> poh_status {
    guard(|| {
        non_null(f)?;
        // SAFETY: non-NULL and valid per the caller's contract; every bit pattern is a
        // valid poh_findings (integers only).
        let mut copy = unsafe { f.read() };
        edit(&mut copy)?;
        // SAFETY: as above; written only on success.
        unsafe { f.write(copy) };
        Ok(())
    })
}

/// As `edit_findings`, for one phenotype entry.
///
/// # Safety
/// `p`, if not NULL, must point to a valid, writable `poh_phenotype`.
unsafe fn edit_phenotype(
    p: *mut poh_phenotype,
    edit: impl FnOnce(&mut poh_phenotype) -> Result<(), poh_status>,
) -> poh_status {
    guard(|| {
        non_null(p)?;
        // SAFETY: non-NULL and valid per the caller's contract; integers only.
        let mut copy = unsafe { p.read() };
        edit(&mut copy)?;
        // SAFETY: as above; written only on success.
        unsafe { p.write(copy) };
        Ok(())
    })
}

/// Set `*findings` to "everything unknown" (the same as zeroing it).
///
/// # Safety
/// `findings`, if not NULL, must point to writable memory for one `poh_findings`.
#[no_mangle]
pub unsafe extern "C" fn poh_findings_init(findings: *mut poh_findings) -> poh_status {
    guard(|| {
        non_null(findings)?;
        // SAFETY: non-NULL and writable per the caller's contract.
        unsafe { findings.write(poh_findings::default()) };
        Ok(())
    })
}

/// Append a phenotype entry for `hpo_id` (`"HP:0001234"`): present if `excluded` is 0,
/// examined and absent if it is 1. The new entry is
/// `findings->phenotypes[findings->phenotype_count - 1]`; set its onset and modifiers with
/// `poh_phenotype_set_onset` and `poh_phenotype_add_modifier`.
///
/// Errors: `INVALID_HPO_ID`, `OUT_OF_RANGE` (`excluded` not 0 or 1),
/// `TOO_MANY_PHENOTYPES` (already `POH_MAX_PHENOTYPES` entries), `NULL_ARGUMENT`,
/// `STRING_TOO_LONG`, `INVALID_UTF8`. Whether the term is known is decided by
/// `poh_evaluate` (unknown terms are listed, not rejected).
///
/// # Safety
/// `findings` must point to a valid `poh_findings`; `hpo_id` to a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn poh_findings_add_term(
    findings: *mut poh_findings,
    hpo_id: *const c_char,
    excluded: u32,
) -> poh_status {
    guard(|| {
        non_null(findings)?;
        // SAFETY: per the caller's contract.
        let id = HpoId::parse(unsafe { str_arg(hpo_id) }?)?;
        let excluded = flag(u8_arg(excluded)?)?;
        // SAFETY: per the caller's contract.
        let status = unsafe {
            edit_findings(findings, |f| {
                let n = usize::try_from(f.phenotype_count).map_err(|_| Error::TooManyPhenotypes)?;
                let slot = f.phenotypes.get_mut(n).ok_or(Error::TooManyPhenotypes)?;
                *slot = poh_phenotype {
                    id: id.0,
                    excluded: u8::from(excluded),
                    ..Default::default()
                };
                f.phenotype_count += 1;
                Ok(())
            })
        };
        ok_or(status)
    })
}

fn ok_or(s: poh_status) -> Result<(), poh_status> {
    if s == poh_status::Ok {
        Ok(())
    } else {
        Err(s)
    }
}

/// Set the age at onset of one entry, in months (0 to `POH_MAX_AGE_MONTHS`).
/// Errors: `OUT_OF_RANGE`, `NULL_ARGUMENT`.
///
/// # Safety
/// `phenotype` must point to a valid `poh_phenotype`.
#[no_mangle]
pub unsafe extern "C" fn poh_phenotype_set_onset(
    phenotype: *mut poh_phenotype,
    onset_months: u32,
) -> poh_status {
    // SAFETY: per the caller's contract.
    unsafe {
        edit_phenotype(phenotype, |p| {
            if onset_months > POH_MAX_AGE_MONTHS {
                return Err(poh_status::OutOfRange);
            }
            p.has_onset = 1;
            p.onset_months = u16::try_from(onset_months).map_err(|_| poh_status::OutOfRange)?;
            Ok(())
        })
    }
}

/// Add a modifier term (`"HP:0003676"` Progressive, an onset term, ...) to one entry.
/// Errors: `INVALID_HPO_ID`, `TOO_MANY_MODIFIERS`, `NULL_ARGUMENT`, `STRING_TOO_LONG`,
/// `INVALID_UTF8`. Whether the term is a modifier is checked by `poh_evaluate`
/// (`INVALID_MODIFIER`).
///
/// # Safety
/// `phenotype` must point to a valid `poh_phenotype`; `hpo_id` to a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn poh_phenotype_add_modifier(
    phenotype: *mut poh_phenotype,
    hpo_id: *const c_char,
) -> poh_status {
    guard(|| {
        non_null(phenotype)?;
        // SAFETY: per the caller's contract.
        let id = HpoId::parse(unsafe { str_arg(hpo_id) }?)?;
        // SAFETY: per the caller's contract.
        ok_or(unsafe {
            edit_phenotype(phenotype, |p| {
                let n =
                    usize::try_from(p.modifier_count).map_err(|_| poh_status::TooManyModifiers)?;
                let slot = p.modifiers.get_mut(n).ok_or(poh_status::TooManyModifiers)?;
                *slot = id.0;
                p.modifier_count += 1;
                Ok(())
            })
        })
    })
}

/// Set the age in months (0 to `POH_MAX_AGE_MONTHS`). Errors: `OUT_OF_RANGE`,
/// `NULL_ARGUMENT`.
///
/// # Safety
/// `findings` must point to a valid `poh_findings`.
#[no_mangle]
pub unsafe extern "C" fn poh_findings_set_age(
    findings: *mut poh_findings,
    age_months: u32,
) -> poh_status {
    // SAFETY: per the caller's contract.
    unsafe {
        edit_findings(findings, |f| {
            if age_months > POH_MAX_AGE_MONTHS {
                return Err(Error::OutOfRange);
            }
            f.has_age = 1;
            f.age_months = u16::try_from(age_months).map_err(|_| Error::OutOfRange)?;
            Ok(())
        })
    }
}

/// Set the sex (a `poh_sex` value). Errors: `OUT_OF_RANGE`, `NULL_ARGUMENT`.
///
/// # Safety
/// `findings` must point to a valid `poh_findings`.
#[no_mangle]
pub unsafe extern "C" fn poh_findings_set_sex(findings: *mut poh_findings, sex: u32) -> poh_status {
    // SAFETY: per the caller's contract.
    unsafe {
        edit_findings(findings, |f| {
            let v = u8_arg(sex)?;
            self::sex(v)?;
            f.sex = v;
            Ok(())
        })
    }
}

/// Set one laboratory value: `test` is a `poh_lab_test`, `value` a `poh_lab`. Errors:
/// `OUT_OF_RANGE` for a `test` or `value` outside its enum (the two in the wrong order
/// included: `poh_lab_test` values start at 0x100), and for Gs-alpha activity `HIGH`;
/// `NULL_ARGUMENT`. `*findings` is changed only on success.
///
/// # Safety
/// `findings` must point to a valid `poh_findings`.
#[no_mangle]
pub unsafe extern "C" fn poh_findings_set_lab(
    findings: *mut poh_findings,
    test: u32,
    value: u32,
) -> poh_status {
    // SAFETY: per the caller's contract.
    unsafe {
        edit_findings(findings, |f| {
            let v = u8_arg(value)?;
            // Gs-alpha activity is reduced or normal; "high" is not a finding.
            if lab(v)? == Lab::High && test == poh_lab_test::GsAlphaActivity as u32 {
                return Err(Error::OutOfRange);
            }
            let slot = match test {
                t if t == poh_lab_test::Pth as u32 => &mut f.labs.pth,
                t if t == poh_lab_test::Calcium as u32 => &mut f.labs.calcium,
                t if t == poh_lab_test::Phosphate as u32 => &mut f.labs.phosphate,
                t if t == poh_lab_test::Tsh as u32 => &mut f.labs.tsh,
                t if t == poh_lab_test::GsAlphaActivity as u32 => &mut f.labs.gs_alpha_activity,
                _ => return Err(Error::OutOfRange),
            };
            *slot = v;
            Ok(())
        })
    }
}

/// Set the GNAS result (a `poh_gnas_result`). One setter per field: the result and the
/// parent of origin are both small numbers, so a two-argument setter could not tell them
/// apart when swapped. Errors: `OUT_OF_RANGE`, `NULL_ARGUMENT`.
///
/// # Safety
/// `findings` must point to a valid `poh_findings`.
#[no_mangle]
pub unsafe extern "C" fn poh_findings_set_gnas_result(
    findings: *mut poh_findings,
    result: u32,
) -> poh_status {
    // SAFETY: per the caller's contract.
    unsafe {
        edit_findings(findings, |f| {
            let r = u8_arg(result)?;
            gnas_result(r)?;
            f.gnas.result = r;
            Ok(())
        })
    }
}

/// Set the parent of origin of a GNAS variant (a `poh_parent_of_origin`). Errors:
/// `OUT_OF_RANGE`, `NULL_ARGUMENT`.
///
/// # Safety
/// `findings` must point to a valid `poh_findings`.
#[no_mangle]
pub unsafe extern "C" fn poh_findings_set_parent_of_origin(
    findings: *mut poh_findings,
    parent_of_origin: u32,
) -> poh_status {
    // SAFETY: per the caller's contract.
    unsafe {
        edit_findings(findings, |f| {
            let o = u8_arg(parent_of_origin)?;
            origin(o)?;
            f.gnas.parent_of_origin = o;
            Ok(())
        })
    }
}

/// Set one history item: `item` is a `poh_history_item`, `value` a `poh_tri`. Errors:
/// `OUT_OF_RANGE` for an `item` or `value` outside its enum (the two in the wrong order
/// included: `poh_history_item` values start at 0x200); `NULL_ARGUMENT`.
///
/// # Safety
/// `findings` must point to a valid `poh_findings`.
#[no_mangle]
pub unsafe extern "C" fn poh_findings_set_history(
    findings: *mut poh_findings,
    item: u32,
    value: u32,
) -> poh_status {
    // SAFETY: per the caller's contract.
    unsafe {
        edit_findings(findings, |f| {
            let v = u8_arg(value)?;
            tri(v)?;
            let slot = match item {
                i if i == poh_history_item::TraumaOrSurgeryAtSite as u32 => {
                    &mut f.history.trauma_or_surgery_at_site
                }
                i if i == poh_history_item::NeurologicalInjury as u32 => {
                    &mut f.history.neurological_injury
                }
                i if i == poh_history_item::FatherAffected as u32 => &mut f.history.father_affected,
                i if i == poh_history_item::MotherAffected as u32 => &mut f.history.mother_affected,
                _ => return Err(Error::OutOfRange),
            };
            *slot = v;
            Ok(())
        })
    }
}

/// Set whether imaging shows the specific pattern of ossification (`poh_tri`).
/// Errors: `OUT_OF_RANGE`, `NULL_ARGUMENT`.
///
/// # Safety
/// `findings` must point to a valid `poh_findings`.
#[no_mangle]
pub unsafe extern "C" fn poh_findings_set_imaging_pattern(
    findings: *mut poh_findings,
    value: u32,
) -> poh_status {
    // SAFETY: per the caller's contract.
    unsafe {
        edit_findings(findings, |f| {
            let v = u8_arg(value)?;
            tri(v)?;
            f.imaging.specific_pattern = v;
            Ok(())
        })
    }
}

/// Choose the list of AHO features by key (`"orphanet_665"`, the default, or
/// `"genereviews"`). Errors: `UNKNOWN_OPTION`, `NULL_ARGUMENT`, `STRING_TOO_LONG`,
/// `INVALID_UTF8`.
///
/// # Safety
/// `findings` must point to a valid `poh_findings`; `key` to a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn poh_findings_set_aho_list(
    findings: *mut poh_findings,
    key: *const c_char,
) -> poh_status {
    guard(|| {
        non_null(findings)?;
        // SAFETY: per the caller's contract.
        let key = unsafe { str_arg(key) }?;
        let i = AHO_LISTS
            .iter()
            .position(|l| l.key == key)
            .and_then(|i| u8::try_from(i).ok())
            .ok_or(poh_status::UnknownOption)?;
        // SAFETY: per the caller's contract.
        ok_or(unsafe {
            edit_findings(findings, |f| {
                f.options.aho_list = i;
                Ok(())
            })
        })
    })
}

/// `cases` C findings structs with valid and invalid fields mixed (a fixed pseudo-random
/// sequence): the input of the tests that compare two paths of the C ABI.
#[cfg(test)]
#[allow(clippy::indexing_slicing)]
pub(crate) fn mixed_findings(cases: usize) -> impl Iterator<Item = poh_findings> {
    let pool = [
        25027, 11987, 34282, 1156, 10044, 311, 4322, 1513, 1249, 1482, 1376, 2653, 1511, 3676,
        3593, 12825, 1189, 118, 0, 10_000_000,
    ];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n) as u32
    };
    (0..cases).map(move |_| {
        let mut c = poh_findings::default();
        c.labs.pth = next(4) as u8;
        c.labs.tsh = if next(60) == 0 { 4 } else { next(4) as u8 };
        c.labs.calcium = next(4) as u8;
        c.gnas.result = next(5) as u8;
        c.history.trauma_or_surgery_at_site = next(3) as u8;
        c.treatment.active_vitamin_d = next(3) as u8;
        if next(8) == 0 {
            // Now and then a pretest, in range or past it.
            c.options.pretest_per_million = next(1_200_000);
        }
        c.has_age = next(2) as u8;
        c.age_months = next(2000) as u16;
        let most = if next(50) == 0 { 40 } else { 8 };
        c.phenotype_count = next(most);
        for p in c.phenotypes.iter_mut() {
            let invalid = next(60) == 0;
            p.id = if invalid {
                10_000_000
            } else {
                pool[next(pool.len() as u64) as usize]
            };
            let bad = next(40) == 0;
            p.excluded = if bad { 2 } else { next(2) as u8 };
            p.has_onset = next(2) as u8;
            p.onset_months = next(1900) as u16;
            let many = next(30) == 0;
            p.modifier_count = if many { 5 } else { next(3) };
            for m in p.modifiers.iter_mut() {
                // Now and then an id past the range, or a term that is no modifier.
                let odd = next(60);
                *m = if odd == 0 {
                    0x00FF_FFFF
                } else if odd == 1 {
                    1156
                } else {
                    pool[next(pool.len() as u64) as usize]
                };
            }
        }
        c
    })
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_is_exact() {
        let mut f = Findings::new();
        f.set_age_months(24).expect("age");
        f.sex = Sex::Female;
        f.labs.pth = Lab::High;
        f.gnas.result = GnasResult::Vus;
        f.gnas.parent_of_origin = ParentOfOrigin::DeNovo;
        f.history.mother_affected = Some(false);
        f.imaging.specific_pattern = Some(true);
        f.options.aho_list = 1;
        f.options.counseling = true;
        f.options.pretest_per_million = Some(5_000);
        f.treatment.active_vitamin_d = Some(true);
        let p = Phenotype::present(HpoId(25027))
            .with_onset(4)
            .and_then(|p| p.with_modifier(HpoId(3676)))
            .expect("phenotype");
        f.add(p).expect("add");
        f.add(Phenotype::excluded(HpoId(1156))).expect("add");
        let c = poh_findings::from_core(&f);
        assert_eq!(c.to_core(), Ok(f));
    }

    #[test]
    fn zeroed_struct_is_all_unknown() {
        assert_eq!(poh_findings::default().to_core(), Ok(Findings::new()));
    }

    #[test]
    fn bad_fields_are_rejected() {
        let mut c = poh_findings {
            phenotype_count: 33,
            ..Default::default()
        };
        assert_eq!(c.to_core(), Err(Error::TooManyPhenotypes));
        c.phenotype_count = 1;
        c.phenotypes[0].id = 10_000_000;
        assert_eq!(c.to_core(), Err(Error::InvalidHpoId));
        c.phenotypes[0].id = 1156;
        c.phenotypes[0].excluded = 2;
        assert_eq!(c.to_core(), Err(Error::OutOfRange));
        c.phenotypes[0].excluded = 0;
        c.phenotypes[0].modifier_count = 5;
        assert_eq!(c.to_core(), Err(Error::TooManyModifiers));
        c.phenotypes[0].modifier_count = 0;
        c.labs.tsh = 4;
        assert_eq!(c.to_core(), Err(Error::OutOfRange));
        c.labs.tsh = 0;
        c.options.aho_list = 2;
        assert_eq!(c.to_core(), Err(Error::UnknownOption));
        c.options.aho_list = 0;
        c.treatment.active_vitamin_d = 3;
        assert_eq!(c.to_core(), Err(Error::OutOfRange));
        c.treatment.active_vitamin_d = 1;
        c.options.pretest_per_million = 1_000_000;
        assert_eq!(c.to_core(), Err(Error::OutOfRange));
        c.options.pretest_per_million = 999_999;
        assert!(c.to_core().is_ok());
    }

    /// `poh_evaluate`'s path (fields checked, entries read in place by the core) against
    /// converting to the core's `Findings` first: the same assessment or the same error,
    /// on structs with valid and invalid fields mixed (`mixed_findings`).
    #[test]
    fn entries_read_in_place_evaluate_as_the_converted_findings() {
        // Fewer under Miri (tests/miri.sh), where each evaluation is slow.
        let cases = if cfg!(miri) { 80 } else { 4000 };
        let (mut ok, mut errors) = (0, 0);
        for c in mixed_findings(cases) {
            let mut a = Assessment::default();
            let converted = c
                .to_core()
                .and_then(|f| poh_core::evaluate(&f, &mut a))
                .map(|()| a.clone());
            let mut b = Assessment::default();
            let in_place = c.evaluate(&mut b).map(|()| b.clone());
            assert_eq!(in_place, converted, "{c:?}");
            if converted.is_ok() {
                ok += 1;
            } else {
                errors += 1;
            }
        }
        // Both kinds of outcome are exercised.
        assert!(
            ok > cases / 10 && errors > cases / 10,
            "{ok} assessments, {errors} errors"
        );
    }
}
