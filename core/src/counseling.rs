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

/// Counseling JSON in and out. Input: `{"condition": "poh", "sex": "female",
/// "gnas": "pathogenic", "parent_of_origin": "de_novo"}` (every field optional; condition
/// one of poh, pphp, osteoma_cutis, php1a, php1b, php1c, carrier, unknown). Output: the
/// chance per child, the expected condition in a child who inherits the variant, and the
/// statements that apply, each with its citations.
pub fn counsel_json(input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    counsel_json_len(input, out).map_err(|(e, _)| e)
}

/// Like [`counsel_json`], and on a too-small buffer also report the size needed.
pub fn counsel_json_len(input: &[u8], out: &mut [u8]) -> Result<usize, (Error, usize)> {
    let q = parse_query(input).map_err(|e| (e, 0))?;
    let a = counsel(&q).map_err(|e| (e, 0))?;
    let mut sink = crate::json::SliceSink::new(out);
    write_answer(&a, &mut sink).map_err(|e| (e, 0))?;
    sink.finish()
        .map_err(|needed| (Error::BufferTooSmall, needed))
}

fn parse_query(input: &[u8]) -> Result<Query, Error> {
    use crate::json::input::{fail, map_json_error, seen, ErrCell};
    use core::cell::Cell;
    use serde::de::{self, DeserializeSeed, MapAccess, Visitor};

    struct Seed<'c>(&'c ErrCell);
    impl<'de> DeserializeSeed<'de> for Seed<'_> {
        type Value = Query;
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Query, D::Error> {
            d.deserialize_map(self)
        }
    }
    impl<'de> Visitor<'de> for Seed<'_> {
        type Value = Query;
        fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            f.write_str("a counseling question")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Query, A::Error> {
            let cell = self.0;
            let mut q = Query::default();
            let mut mask = 0u32;
            while let Some(key) = map.next_key::<&'de str>()? {
                let bit = match key {
                    "condition" => 0,
                    "sex" => 1,
                    "gnas" => 2,
                    "parent_of_origin" => 3,
                    _ => return Err(fail(cell, Error::UnknownField)),
                };
                seen(cell, &mut mask, bit)?;
                let Some(v) = map.next_value::<Option<&'de str>>()? else {
                    continue;
                };
                match bit {
                    0 => {
                        q.condition = match v {
                            "poh" => Condition::Poh,
                            "pphp" => Condition::Pphp,
                            "osteoma_cutis" => Condition::OsteomaCutis,
                            "php1a" => Condition::Php1a,
                            "php1b" => Condition::Php1b,
                            "php1c" => Condition::Php1c,
                            "carrier" => Condition::Carrier,
                            "unknown" => Condition::Unknown,
                            _ => return Err(fail(cell, Error::UnknownValue)),
                        };
                    }
                    1 => {
                        q.sex = match v {
                            "female" => Sex::Female,
                            "male" => Sex::Male,
                            "other" => Sex::Other,
                            "unknown" => Sex::Unknown,
                            _ => return Err(fail(cell, Error::UnknownValue)),
                        };
                    }
                    2 => {
                        q.gnas = match v {
                            "pathogenic" => GnasResult::Pathogenic,
                            "likely_pathogenic" => GnasResult::LikelyPathogenic,
                            "vus" => GnasResult::Vus,
                            "negative" => GnasResult::Negative,
                            "not_tested" => GnasResult::NotTested,
                            _ => return Err(fail(cell, Error::UnknownValue)),
                        };
                    }
                    _ => {
                        q.parent_of_origin = match v {
                            "paternal" => ParentOfOrigin::Paternal,
                            "maternal" => ParentOfOrigin::Maternal,
                            "de_novo" => ParentOfOrigin::DeNovo,
                            "unknown" => ParentOfOrigin::Unknown,
                            _ => return Err(fail(cell, Error::UnknownValue)),
                        };
                    }
                }
            }
            Ok(q)
        }
    }

    crate::json::scan_check(input)?;
    let cell: ErrCell = Cell::new(None);
    crate::json::input::parse_document(input, Seed(&cell)).map_err(|e| map_json_error(e, &cell))
}

pub(crate) fn write_answer<S: crate::json::Sink + ?Sized>(
    a: &Answer,
    sink: &mut S,
) -> Result<(), Error> {
    use crate::kb::{citation, KB_VERSION};
    let put = crate::json::output::put::<S>;
    put(sink, "{\"kb_version\":", false)?;
    put(sink, KB_VERSION, true)?;
    put(sink, ",\"inherit_percent\":", false)?;
    match a.inherit_percent {
        Some(50) => put(sink, "50", false)?,
        Some(_) => return Err(Error::Internal),
        None => put(sink, "null", false)?,
    }
    put(sink, ",\"expected_in_child\":", false)?;
    put(sink, a.expected.as_str(), true)?;
    put(sink, ",\"statements\":[", false)?;
    let mut first = true;
    for (s, on) in COUNSEL.iter().zip(a.statements.iter()) {
        if !*on {
            continue;
        }
        if !first {
            put(sink, ",", false)?;
        }
        first = false;
        put(sink, "{\"key\":", false)?;
        put(sink, s.key, true)?;
        put(sink, ",\"text\":", false)?;
        put(sink, s.text, true)?;
        put(sink, ",\"cites\":[", false)?;
        for (i, &c) in s.cites.iter().enumerate() {
            if i > 0 {
                put(sink, ",", false)?;
            }
            put(sink, citation(c).map(|c| c.id).unwrap_or("?"), true)?;
        }
        put(sink, "]}", false)?;
    }
    put(sink, "]}", false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seed's question: "My 17-year-old daughter has progressive osseous heteroplasia
    /// ... the consequences of this disease in regard to having children of her own."
    #[test]
    fn the_seed_question_about_the_daughter() {
        let mut out = [0u8; 8192];
        let n = counsel_json(
            br#"{"condition":"poh","sex":"female","gnas":"pathogenic"}"#,
            &mut out,
        )
        .unwrap();
        let text = core::str::from_utf8(&out[..n]).unwrap();
        assert!(text.contains(r#""inherit_percent":50"#), "{text}");
        assert!(
            text.contains(r#""expected_in_child":"php1a_or_php1c""#),
            "{text}"
        );
        for key in [
            "fifty_percent",
            "maternal_transmission",
            "variable_expressivity",
            "maternal_poh_like",
            "not_mendelian_hypothesis",
            "fertility",
            "genetics_professional",
        ] {
            assert!(
                text.contains(&["\"key\":\"", key, "\""].concat()),
                "missing {key}: {text}"
            );
        }
        assert!(!text.contains("paternal_transmission"));
        assert!(
            text.contains(r#""cites":["gard_poh","nord_2014","genereviews_gnas"]"#),
            "{text}"
        );
    }

    #[test]
    fn unknown_variant_status_gives_no_percentage() {
        let q = Query {
            condition: Condition::Poh,
            sex: Sex::Male,
            ..Default::default()
        };
        let a = counsel(&q).unwrap();
        assert_eq!(a.inherit_percent, None);
        assert_eq!(a.expected, Expected::PaternalPphpPohOc);
        let mut out = [0u8; 64];
        assert_eq!(
            counsel_json(br#"{"condition":"poh"}"#, &mut out),
            Err(Error::BufferTooSmall)
        );
        assert_eq!(
            counsel_json(br#"{"condition":"zzz"}"#, &mut [0u8; 4096]),
            Err(Error::UnknownValue)
        );
        assert_eq!(
            counsel_json(br#"{"sex":"female","sex":"male"}"#, &mut [0u8; 4096]),
            Err(Error::DuplicateField)
        );
    }
}

#[cfg(test)]
mod assessment_tests {
    use crate::{evaluate, Assessment, Findings, GnasResult, HpoId, Lab, Phenotype, Sex};

    #[test]
    fn counseling_rides_along_when_asked_for() {
        let mut f = Findings::new();
        f.sex = Sex::Male;
        f.gnas.result = GnasResult::Pathogenic;
        f.add(Phenotype::present(HpoId(34282))).unwrap();
        f.labs.pth = Lab::Normal;
        let mut a = Assessment::default();
        evaluate(&f, &mut a).unwrap();
        assert!(a.counseling.is_none());
        f.options.counseling = true;
        evaluate(&f, &mut a).unwrap();
        let c = a.counseling.unwrap();
        assert_eq!(c.inherit_percent, Some(50));
        assert_eq!(c.expected, super::Expected::PaternalPphpPohOc);
    }
}
