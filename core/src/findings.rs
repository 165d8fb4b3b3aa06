//! The input: a patient's findings. Everything defaults to unknown; an unassessed finding
//! is never treated as absent.

use heapless::Vec;

use crate::error::Error;
use crate::hpo::HpoId;
use crate::limits::{MAX_AGE_MONTHS, MAX_MODIFIERS, MAX_PHENOTYPES, MAX_UNRECOGNIZED_LISTED};

/// Well-formed HPO ids that the knowledge base's HPO subset does not know, with the input
/// entry (position in `phenotypes` as given) they came from: every one is counted; the
/// first [`MAX_UNRECOGNIZED_LISTED`] distinct ones are listed. They never count against a
/// capacity and are otherwise ignored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Unrecognized {
    /// The first distinct (id, entry) pairs.
    pub listed: Vec<(HpoId, u16), MAX_UNRECOGNIZED_LISTED>,
    /// How many there were in all (saturating).
    pub total: u16,
}

impl Unrecognized {
    /// Note one: an (id, entry) pair already listed is not counted again; a new one is
    /// listed while there is room and counted either way (past the cap a repeated pair
    /// may be counted twice: it can no longer be recognised as seen).
    pub fn note(&mut self, id: HpoId, entry: u16) {
        if self.listed.contains(&(id, entry)) {
            return;
        }
        self.total = self.total.saturating_add(1);
        // Full: counted in `total`, not listed (documented, never an error).
        let _ = self.listed.push((id, entry));
    }

    /// Empty it.
    pub fn clear(&mut self) {
        self.listed.clear();
        self.total = 0;
    }
}

/// Sex of the patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sex {
    /// Not given.
    #[default]
    Unknown,
    /// Female.
    Female,
    /// Male.
    Male,
    /// Other.
    Other,
}

/// A laboratory value, as interpreted against its reference range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lab {
    /// Not measured or not given.
    #[default]
    Unknown,
    /// Below the reference range.
    Low,
    /// Within the reference range.
    Normal,
    /// Above the reference range.
    High,
}

/// Laboratory findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Labs {
    /// Serum parathyroid hormone.
    pub pth: Lab,
    /// Serum calcium.
    pub calcium: Lab,
    /// Serum phosphate.
    pub phosphate: Lab,
    /// Thyroid-stimulating hormone.
    pub tsh: Lab,
    /// Erythrocyte Gs-alpha activity (`low` = reduced, or `normal`; `high` is refused).
    pub gs_alpha_activity: Lab,
}

/// Result of GNAS testing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GnasResult {
    /// Not tested, or not given.
    #[default]
    NotTested,
    /// Pathogenic variant.
    Pathogenic,
    /// Likely pathogenic variant.
    LikelyPathogenic,
    /// Variant of uncertain significance.
    Vus,
    /// No variant found.
    Negative,
}

/// Parent of origin of a GNAS variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParentOfOrigin {
    /// Unknown or not given.
    #[default]
    Unknown,
    /// Inherited from the father.
    Paternal,
    /// Inherited from the mother.
    Maternal,
    /// Arose de novo.
    DeNovo,
}

/// Genetic findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Gnas {
    /// Test result.
    pub result: GnasResult,
    /// Parent of origin.
    pub parent_of_origin: ParentOfOrigin,
}

/// History relevant to the differential. `None` is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct History {
    /// Trauma or surgery at the site of ossification.
    pub trauma_or_surgery_at_site: Option<bool>,
    /// Neurological injury (brain or spinal cord).
    pub neurological_injury: Option<bool>,
    /// The father has a GNAS-related ossification or AHO disorder.
    pub father_affected: Option<bool>,
    /// The mother has a GNAS-related ossification or AHO disorder.
    pub mother_affected: Option<bool>,
}

/// Treatment that changes what a finding means. `None` is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Treatment {
    /// Active vitamin D (calcitriol, alfacalcidol) is being given: it targets a PTH in the
    /// upper normal range, so a normal PTH then says nothing of PTH resistance
    /// (open-world.md §3).
    pub active_vitamin_d: Option<bool>,
}

/// Imaging findings. `None` is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Imaging {
    /// The specific pattern of ossification of POH seen on imaging.
    pub specific_pattern: Option<bool>,
}

/// Evaluation options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Index into `kb::AHO_LISTS` (0, the default, is Orphanet ORPHA:665).
    pub aho_list: u8,
    /// Add inheritance counseling for this person's children to the assessment.
    pub counseling: bool,
    /// A clinic's pretest probability that the patient has one of the modelled disorders,
    /// in parts per million (1 to 999,999), spread equally over them; `None`: each has 1 /
    /// 12,687, the HPOA disease count (docs/RULES.md, "Posterior").
    pub pretest_per_million: Option<u32>,
}

/// One phenotype entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phenotype {
    /// The HPO term.
    pub id: HpoId,
    /// Explicitly excluded (examined and absent).
    pub excluded: bool,
    /// Age at onset, in months.
    pub onset_months: Option<u16>,
    /// Clinical modifiers (e.g. HP:0003676 Progressive).
    pub modifiers: Vec<HpoId, MAX_MODIFIERS>,
}

impl Phenotype {
    /// A present term.
    pub fn present(id: HpoId) -> Phenotype {
        Phenotype {
            id,
            excluded: false,
            onset_months: None,
            modifiers: Vec::new(),
        }
    }
    /// An excluded term.
    pub fn excluded(id: HpoId) -> Phenotype {
        Phenotype {
            id,
            excluded: true,
            onset_months: None,
            modifiers: Vec::new(),
        }
    }
    /// Add a modifier; errors at the capacity.
    pub fn with_modifier(mut self, id: HpoId) -> Result<Phenotype, Error> {
        self.modifiers
            .push(id)
            .map_err(|_| Error::TooManyModifiers)?;
        Ok(self)
    }
    /// Set the onset.
    pub fn with_onset(mut self, months: u16) -> Result<Phenotype, Error> {
        if months > MAX_AGE_MONTHS {
            return Err(Error::OutOfRange);
        }
        self.onset_months = Some(months);
        Ok(self)
    }
}

/// One phenotype entry as read in place from a caller's own layout (see
/// [`PhenotypeEntries`]): a [`Phenotype`] without its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryRef {
    /// The HPO term.
    pub id: HpoId,
    /// Explicitly excluded (examined and absent).
    pub excluded: bool,
    /// Age at onset, in months.
    pub onset_months: Option<u16>,
}

/// Phenotype entries kept in a binding's own layout (the C ABI's `poh_phenotype` array),
/// read in place by [`crate::evaluate_with`]: the evaluator sees what it would see
/// had they been [`Findings::add`]ed, without a [`Phenotype`] built for each.
pub trait PhenotypeEntries {
    /// Number of entries.
    fn count(&self) -> usize;
    /// Entry `i`; `None` only past [`PhenotypeEntries::count`].
    fn entry(&self, i: usize) -> Option<EntryRef>;
    /// The modifiers of entry `i` (more than [`MAX_MODIFIERS`] is `TooManyModifiers`).
    fn modifiers(&self, i: usize) -> impl Iterator<Item = HpoId>;
}

impl PhenotypeEntries for [Phenotype] {
    fn count(&self) -> usize {
        self.len()
    }
    fn entry(&self, i: usize) -> Option<EntryRef> {
        self.get(i).map(|p| EntryRef {
            id: p.id,
            excluded: p.excluded,
            onset_months: p.onset_months,
        })
    }
    fn modifiers(&self, i: usize) -> impl Iterator<Item = HpoId> {
        self.get(i)
            .map(|p| p.modifiers.as_slice())
            .unwrap_or(&[])
            .iter()
            .copied()
    }
}

/// A patient's findings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Findings {
    /// Age in months.
    pub age_months: Option<u16>,
    /// Sex.
    pub sex: Sex,
    /// HPO terms, present or excluded.
    pub phenotypes: Vec<Phenotype, MAX_PHENOTYPES>,
    /// Laboratory values.
    pub labs: Labs,
    /// GNAS testing.
    pub gnas: Gnas,
    /// History.
    pub history: History,
    /// Imaging.
    pub imaging: Imaging,
    /// Treatment.
    pub treatment: Treatment,
    /// Options.
    pub options: Options,
    /// Input position of each entry of `phenotypes` (entries outside the subset are not
    /// kept, so positions and indices differ); filled by [`Findings::add`].
    pub positions: Vec<u16, MAX_PHENOTYPES>,
    /// Entries given so far through [`Findings::add`], kept or not.
    pub entries: u16,
    /// Ids outside the knowledge base's HPO subset, as entries or modifiers.
    pub unrecognized: Unrecognized,
}

impl Findings {
    /// Empty findings: everything unknown.
    pub fn new() -> Findings {
        Findings::default()
    }

    /// Add a phenotype entry. An id outside the knowledge base's HPO subset (or such a
    /// modifier) is noted in `unrecognized` and otherwise ignored; it never counts against
    /// a capacity. A known entry over [`MAX_PHENOTYPES`] is `TooManyPhenotypes` (nothing
    /// is lost silently).
    pub fn add(&mut self, mut p: Phenotype) -> Result<(), Error> {
        let entry = self.entries;
        self.entries = self.entries.saturating_add(1);
        let mut kept: Vec<HpoId, MAX_MODIFIERS> = Vec::new();
        for &m in p.modifiers.iter() {
            if crate::hpo::subset_index(m).is_some() {
                // No more than the entry already held.
                let _ = kept.push(m);
            } else {
                self.unrecognized.note(m, entry);
            }
        }
        p.modifiers = kept;
        if crate::hpo::subset_index(p.id).is_none() {
            self.unrecognized.note(p.id, entry);
            return Ok(());
        }
        self.phenotypes
            .push(p)
            .map_err(|_| Error::TooManyPhenotypes)?;
        self.positions
            .push(entry)
            .map_err(|_| Error::TooManyPhenotypes)
    }

    /// The input position of entry `i` of `phenotypes` (its index when it was pushed
    /// directly, not through [`Findings::add`]).
    pub fn position(&self, i: usize) -> u16 {
        match self.positions.get(i) {
            Some(&p) if self.positions.len() == self.phenotypes.len() => p,
            _ => u16::try_from(i).unwrap_or(u16::MAX),
        }
    }

    /// Set the age, checking its range.
    pub fn set_age_months(&mut self, months: u16) -> Result<(), Error> {
        if months > MAX_AGE_MONTHS {
            return Err(Error::OutOfRange);
        }
        self.age_months = Some(months);
        Ok(())
    }
}
