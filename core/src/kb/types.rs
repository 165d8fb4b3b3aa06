//! The shapes of the generated knowledge-base tables (`generated.rs`).

/// A knowledge-base term: one named by a disease row, a criterion group or a next step.
#[derive(Debug)]
pub struct KbTerm {
    /// Index of the term in the HPO subset.
    pub term: u16,
    /// Numeric part of the HPO id.
    pub id: u32,
    /// Label in the HPO release.
    pub label: &'static str,
    /// Strict is_a ancestors (subset indices, sorted), for generalisation tests.
    pub ancestors: &'static [u16],
}

/// A citation that rules and rows point to.
#[derive(Debug)]
pub struct Citation {
    /// Stable id used in results.
    pub id: &'static str,
    /// Full reference (feature `provenance`).
    #[cfg(feature = "provenance")]
    pub text: &'static str,
    /// What of the source was actually read (feature `provenance`).
    #[cfg(feature = "provenance")]
    pub verified: &'static str,
}

/// POH's identity.
#[derive(Debug)]
pub struct Identity {
    /// Name.
    pub name: &'static str,
    /// Abbreviation.
    pub abbreviation: &'static str,
    /// Other names from the seed.
    pub synonyms: &'static [&'static str],
    /// OMIM id.
    pub omim: &'static str,
    /// Orphanet id.
    pub orpha: &'static str,
    /// MONDO id.
    pub mondo: &'static str,
    /// Gene.
    pub gene: &'static str,
    /// Citations.
    pub cites: &'static [u8],
}

/// Frequency band of a seed row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    /// 80-99%.
    VeryFrequent,
    /// 30-79%.
    Frequent,
    /// 5-29%.
    Occasional,
    /// Not available through HPO.
    NotAvailable,
}

impl Band {
    /// The seed's wording.
    pub const fn as_str(self) -> &'static str {
        match self {
            Band::VeryFrequent => "80-99%",
            Band::Frequent => "30-79%",
            Band::Occasional => "5-29%",
            Band::NotAvailable => "not available",
        }
    }
}

/// Kind of a seed row's term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    /// Phenotypic abnormality.
    Phenotype,
    /// Onset modifier.
    Onset,
    /// Clinical course modifier.
    Course,
    /// Mode of inheritance.
    Inheritance,
    /// Phenotypic variability modifier.
    Variability,
}

impl TermKind {
    /// snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            TermKind::Phenotype => "phenotypic_abnormality",
            TermKind::Onset => "onset",
            TermKind::Course => "course",
            TermKind::Inheritance => "inheritance",
            TermKind::Variability => "variability",
        }
    }
}

/// A row of the seed's phenotype table.
#[derive(Debug)]
pub struct SeedRow {
    /// Knowledge-base term.
    pub kb: u8,
    /// Seed frequency band.
    pub band: Band,
    /// Kind of term.
    pub kind: TermKind,
    /// The seed's "other names" (lay names).
    pub lay_names: &'static [&'static str],
    /// Whether the lay names may be shown to patients as equivalent.
    pub kiosk: bool,
    /// Annotated to ORPHA:2762 in HPOA 2025-01-16.
    pub in_orpha: bool,
    /// Annotated to OMIM:166350 in HPOA 2025-01-16.
    pub in_omim: bool,
    /// Caveat (feature `provenance`).
    #[cfg(feature = "provenance")]
    pub note: &'static str,
}

/// A group of knowledge-base terms that a criterion or supporting finding reads.
#[derive(Debug)]
pub struct Group {
    /// Stable key.
    pub key: &'static str,
    /// Label.
    pub label: &'static str,
    /// Absent only when every member is excluded (else: when any member is excluded).
    pub absent_when_all: bool,
    /// Member knowledge-base terms.
    pub terms: &'static [u8],
    /// Citations.
    pub cites: &'static [u8],
}

/// A list of AHO feature groups.
#[derive(Debug)]
pub struct AhoList {
    /// Stable key (`options.aho_list`).
    pub key: &'static str,
    /// Label.
    pub label: &'static str,
    /// Groups counted.
    pub groups: &'static [u8],
    /// Citations.
    pub cites: &'static [u8],
}

/// Three-valued verdict of a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    /// Met.
    Met,
    /// Not met.
    NotMet,
    /// Not decidable from the findings given.
    Unknown,
}

impl Verdict {
    /// snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::NotMet => "not_met",
            Verdict::Unknown => "unknown",
        }
    }
}

/// How a criterion combines its groups.
#[derive(Debug, Clone, Copy)]
pub enum Logic {
    /// Met when every group is present; not met when any is absent.
    AllPresent,
    /// Met when present + unknown groups <= n; not met when present > n.
    AtMost(u8),
    /// Met when every group is absent; not met when any is present.
    NonePresent,
}

/// When a verdict may still change with age.
#[derive(Debug)]
pub struct Provisional {
    /// The verdict that is provisional.
    pub verdict: Verdict,
    /// Below this age (or with age unknown).
    pub below_months: u16,
    /// Only when this group is the one absent (and no other group of the criterion is).
    pub only_if_absent: Option<u8>,
    /// Why.
    pub reason: &'static str,
}

/// A major criterion.
#[derive(Debug)]
pub struct Criterion {
    /// Stable key.
    pub key: &'static str,
    /// Text as published.
    pub text: &'static str,
    /// Combination logic.
    pub logic: Logic,
    /// Groups (empty when the AHO list is used).
    pub groups: &'static [u8],
    /// Reads the selected AHO list.
    pub aho_list: bool,
    /// Provisional rule.
    pub provisional: Option<Provisional>,
    /// Citations.
    pub cites: &'static [u8],
}

/// Where a supporting finding is read from.
#[derive(Debug, Clone, Copy)]
pub enum SupportSource {
    /// `gnas.result`.
    GnasVariant,
    /// `gnas.parent_of_origin` and `history.father_affected`.
    PaternalInheritance,
    /// `imaging.specific_pattern`.
    ImagingPattern,
    /// A term group, with a group whose presence makes the finding absent.
    Group {
        /// Group.
        group: u8,
        /// Counter-group.
        against: Option<u8>,
    },
    /// Onset of ossification, or an onset group.
    Onset {
        /// Onset group.
        group: u8,
        /// Threshold.
        below_months: u16,
    },
}

/// A supporting finding.
#[derive(Debug)]
pub struct Supporting {
    /// Stable key.
    pub key: &'static str,
    /// Text as published.
    pub text: &'static str,
    /// Source.
    pub source: SupportSource,
    /// Citations.
    pub cites: &'static [u8],
}

/// Row flag: the disease explicitly lacks the term (NOT).
pub const ROW_NOT: u8 = 1;
/// Row flag: neutral for this disease (counted against it by the criteria).
pub const ROW_NEUTRAL: u8 = 2;
/// Row flag: curated by the project.
pub const ROW_CURATED: u8 = 4;
/// Row flag: annotated by Orphanet.
pub const ROW_ORPHA: u8 = 8;
/// Row flag: annotated by OMIM.
pub const ROW_OMIM: u8 = 16;
/// Row flag: in the GARD seed table.
pub const ROW_SEED: u8 = 32;

/// A row of a disease's phenotype model.
#[derive(Debug)]
pub struct Row {
    /// Knowledge-base term.
    pub kb: u8,
    /// Probability of the term in the disease, in thousandths.
    pub permille: u16,
    /// 1000 * log10(p).
    pub log_p: i16,
    /// 1000 * log10(1 - p).
    pub log_not_p: i16,
    /// ROW_* flags.
    pub flags: u8,
    /// Citations.
    pub cites: &'static [u8],
    /// Provenance: HPOA entries and frequencies, seed, curated (feature `provenance`).
    #[cfg(feature = "provenance")]
    pub sources: &'static str,
    /// Reason of a curated row (feature `provenance`).
    #[cfg(feature = "provenance")]
    pub reason: &'static str,
}

/// A disease of the differential.
#[derive(Debug)]
pub struct Disease {
    /// Stable key.
    pub key: &'static str,
    /// CURIE (OMIM, or the project's POHKB id).
    pub id: &'static str,
    /// Name.
    pub name: &'static str,
    /// Abbreviation.
    pub abbreviation: &'static str,
    /// Other ids.
    pub xrefs: &'static [&'static str],
    /// One-line summary of what separates it (feature `provenance`).
    #[cfg(feature = "provenance")]
    pub summary: &'static str,
    /// Citations.
    pub cites: &'static [u8],
    /// Phenotype model, sorted by knowledge-base term.
    pub rows: &'static [Row],
}

/// The finding a rule fires on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// GNAS pathogenic or likely pathogenic.
    GnasFound,
    /// GNAS testing negative.
    GnasNegative,
    /// Paternal parent of origin.
    OriginPaternal,
    /// Maternal parent of origin.
    OriginMaternal,
    /// Father affected.
    FatherAffected,
    /// Mother affected.
    MotherAffected,
    /// Trauma or surgery at the site.
    TraumaOrSurgery,
    /// No trauma or surgery at the site.
    NoTraumaOrSurgery,
    /// Neurological injury.
    NeurologicalInjury,
    /// Specific imaging pattern.
    ImagingPattern,
    /// Progressive ossification.
    ProgressiveCourse,
    /// Reduced erythrocyte Gs-alpha activity.
    GsAlphaReduced,
    /// Normal erythrocyte Gs-alpha activity.
    GsAlphaNormal,
}

/// A non-phenotype rule of the differential.
#[derive(Debug)]
pub struct Rule {
    /// Stable key.
    pub key: &'static str,
    /// Finding it fires on.
    pub when: When,
    /// Text.
    pub text: &'static str,
    /// 1000 * log10 LR per disease (table order).
    pub effects: [i16; super::generated::DISEASE_COUNT],
    /// Citations.
    pub cites: &'static [u8],
}

/// Kind of a next step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// Laboratory test.
    Lab,
    /// Genetic test.
    Genetic,
    /// Imaging.
    Imaging,
    /// Examination.
    Exam,
    /// History taking.
    History,
}

impl StepKind {
    /// snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            StepKind::Lab => "lab",
            StepKind::Genetic => "genetic",
            StepKind::Imaging => "imaging",
            StepKind::Exam => "exam",
            StepKind::History => "history",
        }
    }
}

/// What a next step would establish.
#[derive(Debug, Clone, Copy)]
pub enum StepFinding {
    /// A knowledge-base term.
    Term(u8),
    /// A term group.
    Group(u8),
    /// Serum PTH.
    Pth,
    /// GNAS testing.
    Gnas,
    /// Trauma or surgery history.
    Trauma,
}

/// A next-step item.
#[derive(Debug)]
pub struct Step {
    /// Stable key.
    pub key: &'static str,
    /// Text.
    pub text: &'static str,
    /// Kind.
    pub kind: StepKind,
    /// Finding.
    pub finding: StepFinding,
    /// Citations.
    pub cites: &'static [u8],
}

/// A management or prognosis note.
#[derive(Debug)]
pub struct Note {
    /// Stable key.
    pub key: &'static str,
    /// Topic.
    pub topic: &'static str,
    /// Text.
    pub text: &'static str,
    /// Citations.
    pub cites: &'static [u8],
}

/// When a counseling statement applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CounselWhen {
    /// Always.
    Always,
    /// The person carries a heterozygous variant.
    Carrier,
    /// Variant status unknown or negative.
    VariantUnknown,
    /// The person is female (would transmit a maternal allele).
    TransmittingFemale,
    /// The person is male (would transmit a paternal allele).
    TransmittingMale,
    /// Sex unknown.
    SexUnknown,
    /// The person has POH.
    ConditionPoh,
    /// The person has PHP1B.
    ConditionPhp1b,
    /// The person's variant arose de novo.
    DeNovo,
}

/// A counseling statement.
#[derive(Debug)]
pub struct Counsel {
    /// Stable key.
    pub key: &'static str,
    /// When it applies.
    pub when: CounselWhen,
    /// Text.
    pub text: &'static str,
    /// Citations.
    pub cites: &'static [u8],
}

/// Settings of the kiosk questionnaire.
#[derive(Debug)]
pub struct Questionnaire {
    /// Text put before the lay name of a phenotype.
    pub question_prefix: &'static str,
    /// Text put before the lay name of an onset.
    pub onset_prefix: &'static str,
    /// Text put before the lay name of a clinical course.
    pub course_prefix: &'static str,
    /// Most questions in one session.
    pub max_questions: u8,
    /// Message for a referral.
    pub refer_text: &'static str,
    /// Message for a talk with the doctor.
    pub see_doctor_text: &'static str,
    /// Message otherwise.
    pub routine_text: &'static str,
    /// Citations.
    pub cites: &'static [u8],
}

/// A questionnaire question beyond the seed's lay names (a sign, asked with
/// `Questionnaire::question_prefix`).
#[derive(Debug)]
pub struct KioskQuestion {
    /// The knowledge-base term a reply records.
    pub kb: u8,
    /// The words shown to the patient.
    pub text: &'static str,
    /// Citations.
    pub cites: &'static [u8],
}
