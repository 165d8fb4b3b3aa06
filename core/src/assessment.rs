//! The output: a fixed-size, plain-data assessment. It holds indices into the knowledge
//! base; `json::output` expands them into labels, texts and citations.

use heapless::Vec;

use crate::hpo::HpoId;
use crate::kb::generated::{
    CRITERIA_COUNT, DISEASE_COUNT, GROUP_COUNT, RULE_COUNT, SUPPORTING_COUNT,
};
use crate::kb::Verdict;
use crate::limits::{MAX_NEXT_STEPS, MAX_RESOLVED};

/// Three-valued presence of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Presence {
    /// Present.
    Present,
    /// Absent (examined and not found).
    Absent,
    /// Not assessed.
    #[default]
    Unknown,
}

impl Presence {
    /// snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Presence::Present => "present",
            Presence::Absent => "absent",
            Presence::Unknown => "unknown",
        }
    }
}

/// The overall POH verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Overall {
    /// All three major criteria met.
    Met,
    /// At least one major criterion not met.
    NotMet,
    /// Not decidable from the findings given.
    #[default]
    Indeterminate,
}

impl Overall {
    /// snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Overall::Met => "met",
            Overall::NotMet => "not_met",
            Overall::Indeterminate => "indeterminate",
        }
    }
}

/// The one alert flag for every consumer (the CDS Hooks card, the cohort screen, the kiosk
/// referral): `None` unless superficial or deep heterotopic ossification is present
/// (core/data/criteria.toml `[flag]`, docs/RULES.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord)]
pub enum Flag {
    /// No heterotopic ossification recorded: no alert.
    #[default]
    None,
    /// Heterotopic ossification recorded: review the differential.
    Review,
    /// POH's criteria met, or a hereditary ossification disorder more likely than not.
    Likely,
}

impl Flag {
    /// snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Flag::None => "none",
            Flag::Review => "review",
            Flag::Likely => "likely",
        }
    }

    /// The flag's sentence for a person (core/data/criteria.toml).
    pub fn text(self) -> &'static str {
        crate::kb::generated::FLAG_TEXTS
            .get(self as usize)
            .copied()
            .unwrap_or("")
    }
}

/// Where a derived finding came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Entry `n` of `phenotypes` as given (its input position).
    Phenotype(u16),
    /// `labs.pth`.
    LabPth,
    /// `labs.calcium`.
    LabCalcium,
    /// `labs.phosphate`.
    LabPhosphate,
    /// `labs.tsh`.
    LabTsh,
}

impl Origin {
    /// The input field it came from (`phenotypes` entries are named by their id).
    pub const fn field(self) -> &'static str {
        match self {
            Origin::Phenotype(_) => "phenotypes",
            Origin::LabPth => INPUT_FIELDS[0],
            Origin::LabCalcium => INPUT_FIELDS[1],
            Origin::LabPhosphate => INPUT_FIELDS[2],
            Origin::LabTsh => INPUT_FIELDS[3],
        }
    }
}

/// A finding resolved against the HPO subset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    /// Subset index of the (primary) term.
    pub term: u16,
    /// Knowledge-base index of the term, when it is a knowledge-base term.
    pub kb: Option<u8>,
    /// The id as given (an alt_id stays visible here).
    pub given: HpoId,
    /// Excluded.
    pub excluded: bool,
    /// Where it came from.
    pub origin: Origin,
    /// Onset in months.
    pub onset_months: Option<u16>,
    /// Marked HP:0003676 Progressive.
    pub progressive: bool,
    /// A modifier says congenital, neonatal or infantile onset.
    pub early_onset_modifier: bool,
}

/// Which input decided a group, a criterion or a supporting finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Decider {
    /// Nothing: unknown.
    #[default]
    None,
    /// A resolved finding (index into `Assessment::resolved`).
    Finding(u8),
    /// `gnas.result`.
    GnasResult,
    /// `gnas.parent_of_origin`.
    ParentOfOrigin,
    /// `history.father_affected`.
    FatherAffected,
    /// `imaging.specific_pattern`.
    Imaging,
}

/// The input fields that can decide a finding, in a fixed order (bindings index it).
pub const INPUT_FIELDS: [&str; 8] = [
    "labs.pth",
    "labs.calcium",
    "labs.phosphate",
    "labs.tsh",
    "gnas.result",
    "gnas.parent_of_origin",
    "history.father_affected",
    "imaging.specific_pattern",
];

/// The input behind a decision, as results name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputRef {
    /// A phenotype entry, by the id as given.
    Term(HpoId),
    /// An input field: index into [`INPUT_FIELDS`].
    Field(u8),
}

impl InputRef {
    /// The field name of a `Field`.
    pub fn field_name(self) -> Option<&'static str> {
        match self {
            InputRef::Field(i) => INPUT_FIELDS.get(usize::from(i)).copied(),
            InputRef::Term(_) => None,
        }
    }
}

/// State of a term group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GroupState {
    /// Presence.
    pub presence: Presence,
    /// Deciding finding.
    pub by: Decider,
}

/// A criterion's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CriterionResult {
    /// Verdict.
    pub verdict: Verdict,
    /// May change with age.
    pub provisional: bool,
    /// Groups present, absent and unknown (for the AHO count).
    pub present: u8,
    /// Groups absent.
    pub absent: u8,
    /// Groups unknown.
    pub unknown: u8,
}

impl Default for CriterionResult {
    fn default() -> Self {
        CriterionResult {
            verdict: Verdict::Unknown,
            provisional: false,
            present: 0,
            absent: 0,
            unknown: 0,
        }
    }
}

/// A supporting finding's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SupportingResult {
    /// Presence.
    pub presence: Presence,
    /// Deciding input.
    pub by: Decider,
}

/// How a finding counted for one disease.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Match {
    /// Not scored (a modifier-type term, or an excluded term with no row below it).
    #[default]
    None,
    /// Matched a row at or above the finding (the finding is the row's term or more specific).
    Row(u8),
    /// The finding is more general than the row's term.
    General(u8),
    /// The disease explicitly lacks the row's term (NOT).
    Negated(u8),
    /// A row the criteria count against this disease: neutral.
    Neutral(u8),
    /// Excluded finding against a row at or below it.
    ExcludedRow(u8),
    /// Present finding the model does not explain.
    Unexplained,
}

/// One finding's contribution to one disease's score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Contribution {
    /// How it matched (row indices are knowledge-base term indices).
    pub how: Match,
    /// 1000 * log10 LR.
    pub log10_lr_milli: i32,
}

/// One disease of the ranked differential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ranked {
    /// Index into `kb::DISEASES`.
    pub disease: u8,
    /// 1000 * log10 LR, phenotype and rules together.
    pub log10_lr_milli: i32,
    /// 1000 * log10 LR of the phenotype terms alone.
    pub phenotype_log10_lr_milli: i32,
    /// Open-world posterior, in thousandths: over the modelled disorders and "none of
    /// them", with their pretests (docs/RULES.md).
    pub posterior_permille: u16,
    /// Rank, 1 = first; entries whose pretest-weighted scores are equal share a rank (a tie
    /// is never broken by table order in what a person reads).
    pub rank: u8,
}

/// A proposed next step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextStep {
    /// Index into `kb::STEPS`.
    pub step: u8,
    /// It could change a major criterion's verdict.
    pub decides_criterion: bool,
    /// 1000 * log10 of the largest change in the separation of the two leading candidates.
    pub separation_milli: i32,
}

/// The assessment of one patient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// Findings resolved against the subset (phenotypes, then lab-derived terms).
    pub resolved: Vec<Resolved, MAX_RESOLVED>,
    /// Well-formed ids the knowledge base does not know, with their entry's input
    /// position: counted, the first listed (they are otherwise ignored).
    pub unrecognized: crate::findings::Unrecognized,
    /// Entries given as an alt_id (mapped to the primary term).
    pub alt_ids_mapped: u8,
    /// Age in months, as given.
    pub age_months: Option<u16>,
    /// The AHO list used.
    pub aho_list: u8,
    /// State of each term group.
    pub groups: [GroupState; GROUP_COUNT],
    /// The three major criteria.
    pub criteria: [CriterionResult; CRITERIA_COUNT],
    /// Overall verdict.
    pub verdict: Overall,
    /// The verdict may change with age.
    pub provisional: bool,
    /// The six supporting findings.
    pub supporting: [SupportingResult; SUPPORTING_COUNT],
    /// Contribution of each resolved finding to each disease (table order).
    pub contributions: [[Contribution; DISEASE_COUNT]; MAX_RESOLVED],
    /// Rules that fired.
    pub rules_fired: [bool; RULE_COUNT],
    /// The differential, best first.
    pub differential: [Ranked; DISEASE_COUNT],
    /// What to assess next, most decisive first.
    pub next_steps: Vec<NextStep, MAX_NEXT_STEPS>,
    /// The one alert flag every consumer reads.
    pub flag: Flag,
    /// The POH management and prognosis notes apply.
    pub poh_notes: bool,
    /// Counseling for the person's children, when asked for (`options.counseling`).
    pub counseling: Option<crate::counseling::Answer>,
}

impl Default for Assessment {
    fn default() -> Self {
        Assessment::new()
    }
}

impl Assessment {
    /// The empty assessment (what [`Default`] gives), as a `const fn` so bindings can
    /// initialise a workspace at compile time (the C ABI's per-thread one).
    pub const fn new() -> Assessment {
        Assessment {
            resolved: Vec::new(),
            unrecognized: crate::findings::Unrecognized {
                listed: Vec::new(),
                total: 0,
            },
            alt_ids_mapped: 0,
            age_months: None,
            aho_list: 0,
            groups: [GroupState {
                presence: Presence::Unknown,
                by: Decider::None,
            }; GROUP_COUNT],
            criteria: [CriterionResult {
                verdict: Verdict::Unknown,
                provisional: false,
                present: 0,
                absent: 0,
                unknown: 0,
            }; CRITERIA_COUNT],
            verdict: Overall::Indeterminate,
            provisional: false,
            supporting: [SupportingResult {
                presence: Presence::Unknown,
                by: Decider::None,
            }; SUPPORTING_COUNT],
            contributions: [[Contribution {
                how: Match::None,
                log10_lr_milli: 0,
            }; DISEASE_COUNT]; MAX_RESOLVED],
            rules_fired: [false; RULE_COUNT],
            differential: [Ranked {
                disease: 0,
                log10_lr_milli: 0,
                phenotype_log10_lr_milli: 0,
                posterior_permille: 0,
                rank: 0,
            }; DISEASE_COUNT],
            next_steps: Vec::new(),
            flag: Flag::None,
            poh_notes: false,
            counseling: None,
        }
    }
}

impl Assessment {
    /// Reset to the empty assessment in place (no temporary copy: a whole `Assessment` on
    /// the stack would cost a Cortex-M0 several KiB).
    pub fn reset(&mut self) {
        // Only the rows of the findings resolved last time can hold old contributions.
        let used = self.resolved.len();
        for row in self.contributions.iter_mut().take(used) {
            row.fill(Contribution::default());
        }
        self.resolved.clear();
        self.unrecognized.clear();
        self.alt_ids_mapped = 0;
        self.age_months = None;
        self.aho_list = 0;
        self.groups.fill(GroupState::default());
        self.criteria.fill(CriterionResult::default());
        self.verdict = Overall::Indeterminate;
        self.provisional = false;
        self.supporting.fill(SupportingResult::default());
        self.rules_fired.fill(false);
        self.differential.fill(Ranked::default());
        self.next_steps.clear();
        self.flag = Flag::None;
        self.poh_notes = false;
        self.counseling = None;
    }

    /// The input that decided a group, a criterion or a supporting finding.
    #[inline]
    pub fn input_of(&self, by: Decider) -> Option<InputRef> {
        Some(match by {
            Decider::None => return None,
            Decider::GnasResult => InputRef::Field(4),
            Decider::ParentOfOrigin => InputRef::Field(5),
            Decider::FatherAffected => InputRef::Field(6),
            Decider::Imaging => InputRef::Field(7),
            Decider::Finding(r) => {
                let res = self.resolved.get(usize::from(r))?;
                match res.origin {
                    Origin::Phenotype(_) => InputRef::Term(res.given),
                    Origin::LabPth => InputRef::Field(0),
                    Origin::LabCalcium => InputRef::Field(1),
                    Origin::LabPhosphate => InputRef::Field(2),
                    Origin::LabTsh => InputRef::Field(3),
                }
            }
        })
    }

    /// The alert flag.
    pub fn flag(&self) -> Flag {
        self.flag
    }

    /// The entry "none of the modelled disorders" (`POHKB:OTHER`) of the differential.
    pub fn other(&self) -> Option<&Ranked> {
        self.differential
            .iter()
            .find(|r| usize::from(r.disease) == crate::kb::generated::D_OTHER)
    }

    /// The POH entry of the differential.
    pub fn poh(&self) -> Option<&Ranked> {
        self.poh_ranked().map(|(_, r)| r)
    }

    /// POH's rank in the differential (1 = first, shared when tied) and its entry: what
    /// every binding reports as POH's rank (the JSON's `poh.score.rank`).
    pub fn poh_ranked(&self) -> Option<(usize, &Ranked)> {
        self.differential
            .iter()
            .find(|r| usize::from(r.disease) == crate::kb::generated::D_POH)
            .map(|r| (usize::from(r.rank), r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_empty_assessment_is_every_part_at_its_default_and_what_reset_gives() {
        let e = Assessment::new();
        assert!(e.groups.iter().all(|g| *g == GroupState::default()));
        assert!(e.criteria.iter().all(|c| *c == CriterionResult::default()));
        assert!(e
            .supporting
            .iter()
            .all(|s| *s == SupportingResult::default()));
        assert!(e.differential.iter().all(|r| *r == Ranked::default()));
        assert!(e
            .contributions
            .iter()
            .flatten()
            .all(|c| *c == Contribution::default()));
        assert_eq!(e.verdict, Overall::default());
        // An evaluation fills it; reset gives the empty assessment back.
        let mut f = crate::Findings::new();
        f.add(crate::Phenotype::present(HpoId(25027))).unwrap();
        f.labs.pth = crate::Lab::High;
        let mut a = Assessment::new();
        crate::evaluate(&f, &mut a).unwrap();
        assert_ne!(a, e);
        a.reset();
        assert_eq!(a, e);
    }
}
