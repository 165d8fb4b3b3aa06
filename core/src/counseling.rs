//! Inheritance counseling from the same knowledge base: the chance that each child
//! inherits a GNAS variant and the expected condition by the transmitting parent's sex,
//! with the caveats the sources give. Every statement cites its source (core/data/notes.toml).

use crate::error::Error;
use crate::findings::{GnasResult, ParentOfOrigin, Sex};
use crate::kb::{CounselWhen, COUNSEL};

/// The person's condition, as far as it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Condition {
    /// Not stated.
    #[default]
    Unknown,
    /// Progressive osseous heteroplasia.
    Poh,
    /// Pseudopseudohypoparathyroidism.
    Pphp,
    /// GNAS osteoma cutis.
    OsteomaCutis,
    /// PHP type 1A.
    Php1a,
    /// PHP type 1B.
    Php1b,
    /// PHP type 1C.
    Php1c,
    /// Unaffected carrier of a GNAS variant.
    Carrier,
}

/// A counseling question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Query {
    /// The person's condition.
    pub condition: Condition,
    /// The person's sex (the sex of the parent who would transmit).
    pub sex: Sex,
    /// The person's GNAS result.
    pub gnas: GnasResult,
    /// How the person got the variant.
    pub parent_of_origin: ParentOfOrigin,
}

/// The expected condition in a child who inherits the variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// A maternal allele: PHP1A or PHP1C.
    MaternalPhp1aOr1c,
    /// A paternal allele: PPHP / POH / osteoma cutis spectrum.
    PaternalPphpPohOc,
    /// Depends on the transmitting parent's sex, which is not given.
    DependsOnSex,
}

impl Expected {
    /// snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Expected::MaternalPhp1aOr1c => "php1a_or_php1c",
            Expected::PaternalPphpPohOc => "pphp_poh_or_osteoma_cutis",
            Expected::DependsOnSex => "depends_on_transmitting_parent",
        }
    }
}

/// The answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    /// Chance that each child inherits the variant, in percent; `None` when the person's
    /// variant status is not established.
    pub inherit_percent: Option<u8>,
    /// Expected condition in a child who inherits it.
    pub expected: Expected,
    /// Which statements of `kb::COUNSEL` apply (table order).
    pub statements: [bool; crate::kb::generated::COUNSEL_COUNT],
}

/// Answer a counseling question.
///
/// The seed's question (a 17-year-old daughter with POH thinking about children):
/// ```
/// use poh_core::counseling::{counsel, Condition, Expected, Query};
/// use poh_core::{GnasResult, Sex};
/// let q = Query { condition: Condition::Poh, sex: Sex::Female, gnas: GnasResult::Pathogenic, ..Default::default() };
/// let a = counsel(&q)?;
/// assert_eq!(a.inherit_percent, Some(50));
/// assert_eq!(a.expected, Expected::MaternalPhp1aOr1c);
/// # Ok::<(), poh_core::Error>(())
/// ```
pub fn counsel(q: &Query) -> Result<Answer, Error> {
    let gnas_known = matches!(
        q.gnas,
        GnasResult::Pathogenic | GnasResult::LikelyPathogenic
    );
    // A clinical GNAS-spectrum diagnosis without a found variant does not establish the
    // heterozygous germline variant that the 50% rests on (about a third of POH has none).
    let carrier =
        gnas_known || (q.condition == Condition::Carrier && q.gnas != GnasResult::Negative);
    let expected = match q.sex {
        Sex::Female => Expected::MaternalPhp1aOr1c,
        Sex::Male => Expected::PaternalPphpPohOc,
        Sex::Unknown | Sex::Other => Expected::DependsOnSex,
    };
    let mut statements = [false; crate::kb::generated::COUNSEL_COUNT];
    for (s, on) in COUNSEL.iter().zip(statements.iter_mut()) {
        *on = match s.when {
            CounselWhen::Always => true,
            CounselWhen::Carrier => carrier,
            CounselWhen::VariantUnknown => !carrier,
            CounselWhen::TransmittingFemale => q.sex == Sex::Female,
            CounselWhen::TransmittingMale => q.sex == Sex::Male,
            CounselWhen::SexUnknown => matches!(q.sex, Sex::Unknown | Sex::Other),
            CounselWhen::ConditionPoh => q.condition == Condition::Poh,
            CounselWhen::ConditionPhp1b => q.condition == Condition::Php1b,
            CounselWhen::DeNovo => q.parent_of_origin == ParentOfOrigin::DeNovo,
        };
    }
    Ok(Answer {
        inherit_percent: carrier.then_some(50),
        expected,
        statements,
    })
}
