//! Findings JSON in. serde-json-core parses; the visitors here check the schema and
//! record the precise error in a `Cell` (serde-json-core reduces every schema error to one
//! `CustomError`, so the stable code is carried beside it).
//!
//! Unknown keys and repeated keys are errors: a misspelt key must not be read as
//! "unknown finding". `null` is accepted wherever a field is optional and means unknown.

use core::cell::Cell;
use core::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json_core::de::Deserializer;

use super::scan;
use crate::error::Error;
use crate::findings::{Findings, GnasResult, Lab, ParentOfOrigin, Phenotype, Sex};
use crate::hpo::HpoId;
use crate::kb::AHO_LISTS;
use crate::limits::MAX_AGE_MONTHS;

/// Where the precise error is recorded.
pub(crate) type ErrCell = Cell<Option<Error>>;

pub(crate) fn fail<E: de::Error>(cell: &ErrCell, e: Error) -> E {
    if cell.get().is_none() {
        cell.set(Some(e));
    }
    E::custom("")
}

pub(crate) fn map_json_error(e: serde_json_core::de::Error, cell: &ErrCell) -> Error {
    use serde_json_core::de::Error as J;
    if let Some(mine) = cell.get() {
        return mine;
    }
    match e {
        J::EofWhileParsingList
        | J::EofWhileParsingObject
        | J::EofWhileParsingString
        | J::EofWhileParsingNumber
        | J::EofWhileParsingValue => Error::TruncatedInput,
        J::InvalidType => Error::WrongType,
        // Integers only reach the parser: '-' where unsigned is expected, or overflow.
        J::InvalidNumber => Error::OutOfRange,
        J::InvalidUnicodeCodePoint | J::InvalidEscapeSequence => Error::InvalidUtf8,
        J::EscapedStringIsTooLong => Error::StringTooLong,
        J::TrailingCharacters => Error::TrailingCharacters,
        J::AnyIsUnsupported | J::BytesIsUnsupported => Error::Internal,
        J::CustomError => Error::WrongType,
        _ => Error::MalformedJson,
    }
}

/// Run `seed` over a whole document: parse, then check that nothing follows. Every JSON
/// entry point (findings, phenopacket, counseling, questionnaire) goes through here after
/// `scan::check`; the seed records precise errors in its `ErrCell`.
pub(crate) fn parse_document<'de, S: DeserializeSeed<'de>>(
    input: &'de [u8],
    seed: S,
) -> Result<S::Value, serde_json_core::de::Error> {
    let mut de = Deserializer::new(input, None);
    let v = seed.deserialize(&mut de)?;
    de.end()?;
    Ok(v)
}

/// Parse findings JSON into `out` (reset first). Nothing is kept on error.
pub fn parse_findings(input: &[u8], out: &mut Findings) -> Result<(), Error> {
    *out = Findings::new();
    scan::check_integers(input)?;
    let cell: ErrCell = Cell::new(None);
    let r = parse_document(
        input,
        FindingsSeed {
            cell: &cell,
            out: &mut *out,
        },
    );
    if let Err(e) = r {
        *out = Findings::new();
        return Err(map_json_error(e, &cell));
    }
    Ok(())
}

/// Parse findings JSON, returning them.
pub fn findings_from_json(input: &[u8]) -> Result<Findings, Error> {
    let mut f = Findings::new();
    parse_findings(input, &mut f)?;
    Ok(f)
}

/// Marks a key as seen; a second sighting is `DuplicateField`.
pub(crate) fn seen<E: de::Error>(cell: &ErrCell, mask: &mut u32, bit: u32) -> Result<(), E> {
    if *mask & (1 << bit) != 0 {
        return Err(fail(cell, Error::DuplicateField));
    }
    *mask |= 1 << bit;
    Ok(())
}

/// Whole months. Fractions and exponents are refused before parsing (`scan::check_integers`);
/// a negative or too-large value is out of range.
fn months<'de, A: MapAccess<'de>>(cell: &ErrCell, map: &mut A) -> Result<Option<u16>, A::Error> {
    match map.next_value::<Option<u32>>()? {
        None => Ok(None),
        Some(v) if v <= u32::from(MAX_AGE_MONTHS) => Ok(u16::try_from(v).ok()),
        Some(_) => Err(fail(cell, Error::OutOfRange)),
    }
}

fn flag<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<bool>, A::Error> {
    map.next_value::<Option<bool>>()
}

/// Read an enumerated string value with `parse`; unknown strings are `UnknownValue`.
fn choice<'de, A: MapAccess<'de>, T>(
    cell: &ErrCell,
    map: &mut A,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, A::Error> {
    match map.next_value::<Option<&'de str>>()? {
        None => Ok(None),
        Some(s) => parse(s)
            .map(Some)
            .ok_or_else(|| fail(cell, Error::UnknownValue)),
    }
}

pub(crate) fn parse_lab(s: &str) -> Option<Lab> {
    Some(match s {
        "low" => Lab::Low,
        "normal" => Lab::Normal,
        "high" => Lab::High,
        "unknown" => Lab::Unknown,
        _ => return None,
    })
}

fn parse_sex(s: &str) -> Option<Sex> {
    Some(match s {
        "female" => Sex::Female,
        "male" => Sex::Male,
        "other" => Sex::Other,
        "unknown" => Sex::Unknown,
        _ => return None,
    })
}

fn parse_gnas(s: &str) -> Option<GnasResult> {
    Some(match s {
        "pathogenic" => GnasResult::Pathogenic,
        "likely_pathogenic" => GnasResult::LikelyPathogenic,
        "vus" => GnasResult::Vus,
        "negative" => GnasResult::Negative,
        "not_tested" => GnasResult::NotTested,
        _ => return None,
    })
}

fn parse_origin(s: &str) -> Option<ParentOfOrigin> {
    Some(match s {
        "paternal" => ParentOfOrigin::Paternal,
        "maternal" => ParentOfOrigin::Maternal,
        "de_novo" => ParentOfOrigin::DeNovo,
        "unknown" => ParentOfOrigin::Unknown,
        _ => return None,
    })
}

fn parse_aho_list(s: &str) -> Option<u8> {
    AHO_LISTS
        .iter()
        .position(|l| l.key == s)
        .and_then(|i| u8::try_from(i).ok())
}

/// An object whose keys are dispatched by a closure: the one shape every section shares.
struct Section<'c, F> {
    cell: &'c ErrCell,
    on_key: F,
}

impl<'de, 'c, F> DeserializeSeed<'de> for Section<'c, F>
where
    F: FnMut(&'c ErrCell, &'de str, &mut dyn ValueReader<'de>) -> Result<(), Error>,
{
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

/// Reads one value of a map entry, whatever the MapAccess type (object-safe).
pub(crate) trait ValueReader<'de> {
    fn opt_bool(&mut self) -> Result<Option<bool>, Error>;
    fn opt_str(&mut self) -> Result<Option<&'de str>, Error>;
}

struct Reader<'a, A> {
    map: &'a mut A,
    cell: &'a ErrCell,
}

impl<'de, A: MapAccess<'de>> ValueReader<'de> for Reader<'_, A> {
    fn opt_bool(&mut self) -> Result<Option<bool>, Error> {
        self.map
            .next_value::<Option<bool>>()
            .map_err(|_| self.cell.get().unwrap_or(Error::WrongType))
    }
    fn opt_str(&mut self) -> Result<Option<&'de str>, Error> {
        self.map
            .next_value::<Option<&'de str>>()
            .map_err(|_| self.cell.get().unwrap_or(Error::WrongType))
    }
}

impl<'de, 'c, F> Visitor<'de> for Section<'c, F>
where
    F: FnMut(&'c ErrCell, &'de str, &mut dyn ValueReader<'de>) -> Result<(), Error>,
{
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<&'de str>()? {
            let mut r = Reader {
                map: &mut map,
                cell: self.cell,
            };
            (self.on_key)(self.cell, key, &mut r).map_err(|e| fail(self.cell, e))?;
        }
        Ok(())
    }
}

/// Seen-key tracking for a section (keys are few and fixed).
fn once(mask: &mut u32, bit: u32) -> Result<(), Error> {
    if *mask & (1 << bit) != 0 {
        return Err(Error::DuplicateField);
    }
    *mask |= 1 << bit;
    Ok(())
}

fn lab_of(r: &mut dyn ValueReader<'_>) -> Result<Lab, Error> {
    match r.opt_str()? {
        None => Ok(Lab::Unknown),
        Some(s) => parse_lab(s).ok_or(Error::UnknownValue),
    }
}

struct FindingsSeed<'c, 'o> {
    cell: &'c ErrCell,
    out: &'o mut Findings,
}

impl<'de> DeserializeSeed<'de> for FindingsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FindingsSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a findings object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let cell = self.cell;
        let out = self.out;
        let mut mask = 0u32;
        while let Some(key) = map.next_key::<&'de str>()? {
            match key {
                "age_months" => {
                    seen(cell, &mut mask, 0)?;
                    out.age_months = months(cell, &mut map)?;
                }
                "sex" => {
                    seen(cell, &mut mask, 1)?;
                    out.sex = choice(cell, &mut map, parse_sex)?.unwrap_or_default();
                }
                "phenotypes" => {
                    seen(cell, &mut mask, 2)?;
                    map.next_value_seed(PhenotypesSeed {
                        cell,
                        out: &mut *out,
                    })?;
                }
                "labs" => {
                    seen(cell, &mut mask, 3)?;
                    let labs = &mut out.labs;
                    let mut m = 0u32;
                    map.next_value_seed(Section {
                        cell,
                        on_key: |_, k: &'de str, r: &mut dyn ValueReader<'de>| match k {
                            "pth" => once(&mut m, 0)
                                .and_then(|()| lab_of(r))
                                .map(|v| labs.pth = v),
                            "calcium" => once(&mut m, 1)
                                .and_then(|()| lab_of(r))
                                .map(|v| labs.calcium = v),
                            "phosphate" => once(&mut m, 2)
                                .and_then(|()| lab_of(r))
                                .map(|v| labs.phosphate = v),
                            "tsh" => once(&mut m, 3)
                                .and_then(|()| lab_of(r))
                                .map(|v| labs.tsh = v),
                            // Reduced or normal: an activity above normal is not a finding.
                            "gs_alpha_activity" => once(&mut m, 4)
                                .and_then(|()| lab_of(r))
                                .and_then(|v| match v {
                                    Lab::High => Err(Error::UnknownValue),
                                    v => Ok(v),
                                })
                                .map(|v| labs.gs_alpha_activity = v),
                            _ => Err(Error::UnknownField),
                        },
                    })?;
                }
                "gnas" => {
                    seen(cell, &mut mask, 4)?;
                    let gnas = &mut out.gnas;
                    let mut m = 0u32;
                    map.next_value_seed(Section {
                        cell,
                        on_key: |_, k: &'de str, r: &mut dyn ValueReader<'de>| match k {
                            "result" => {
                                once(&mut m, 0)?;
                                gnas.result = match r.opt_str()? {
                                    None => GnasResult::NotTested,
                                    Some(s) => parse_gnas(s).ok_or(Error::UnknownValue)?,
                                };
                                Ok(())
                            }
                            "parent_of_origin" => {
                                once(&mut m, 1)?;
                                gnas.parent_of_origin = match r.opt_str()? {
                                    None => ParentOfOrigin::Unknown,
                                    Some(s) => parse_origin(s).ok_or(Error::UnknownValue)?,
                                };
                                Ok(())
                            }
                            _ => Err(Error::UnknownField),
                        },
                    })?;
                }
                "history" => {
                    seen(cell, &mut mask, 5)?;
                    let h = &mut out.history;
                    let mut m = 0u32;
                    map.next_value_seed(Section {
                        cell,
                        on_key: |_, k: &'de str, r: &mut dyn ValueReader<'de>| {
                            let (bit, slot) = match k {
                                "trauma_or_surgery_at_site" => {
                                    (0, &mut h.trauma_or_surgery_at_site)
                                }
                                "neurological_injury" => (1, &mut h.neurological_injury),
                                "father_affected" => (2, &mut h.father_affected),
                                "mother_affected" => (3, &mut h.mother_affected),
                                _ => return Err(Error::UnknownField),
                            };
                            once(&mut m, bit)?;
                            *slot = r.opt_bool()?;
                            Ok(())
                        },
                    })?;
                }
                "imaging" => {
                    seen(cell, &mut mask, 6)?;
                    let im = &mut out.imaging;
                    let mut m = 0u32;
                    map.next_value_seed(Section {
                        cell,
                        on_key: |_, k: &'de str, r: &mut dyn ValueReader<'de>| match k {
                            "specific_pattern" => {
                                once(&mut m, 0)?;
                                im.specific_pattern = r.opt_bool()?;
                                Ok(())
                            }
                            _ => Err(Error::UnknownField),
                        },
                    })?;
                }
                "options" => {
                    seen(cell, &mut mask, 7)?;
                    let o = &mut out.options;
                    let mut m = 0u32;
                    map.next_value_seed(Section {
                        cell,
                        on_key: |_, k: &'de str, r: &mut dyn ValueReader<'de>| match k {
                            "aho_list" => {
                                once(&mut m, 0)?;
                                if let Some(s) = r.opt_str()? {
                                    o.aho_list = parse_aho_list(s).ok_or(Error::UnknownOption)?;
                                }
                                Ok(())
                            }
                            "counseling" => {
                                once(&mut m, 1)?;
                                o.counseling = r.opt_bool()?.unwrap_or(false);
                                Ok(())
                            }
                            _ => Err(Error::UnknownField),
                        },
                    })?;
                }
                _ => return Err(fail(cell, Error::UnknownField)),
            }
        }
        Ok(())
    }
}

struct PhenotypesSeed<'c, 'o> {
    cell: &'c ErrCell,
    out: &'o mut Findings,
}

impl<'de> DeserializeSeed<'de> for PhenotypesSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for PhenotypesSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of phenotype entries")
    }
    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        while let Some(p) = seq.next_element_seed(PhenotypeSeed { cell: self.cell })? {
            self.out.add(p).map_err(|e| fail(self.cell, e))?;
        }
        Ok(())
    }
}

struct PhenotypeSeed<'c> {
    cell: &'c ErrCell,
}

impl<'de> DeserializeSeed<'de> for PhenotypeSeed<'_> {
    type Value = Phenotype;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Phenotype, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PhenotypeSeed<'_> {
    type Value = Phenotype;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a phenotype entry")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Phenotype, A::Error> {
        let cell = self.cell;
        let mut p = Phenotype::present(HpoId(0));
        let mut mask = 0u32;
        while let Some(key) = map.next_key::<&'de str>()? {
            match key {
                "id" => {
                    seen(cell, &mut mask, 0)?;
                    let s = map.next_value::<&'de str>()?;
                    p.id = HpoId::parse(s).map_err(|e| fail(cell, e))?;
                }
                "excluded" => {
                    seen(cell, &mut mask, 1)?;
                    p.excluded = flag(&mut map)?.unwrap_or(false);
                }
                "onset_months" => {
                    seen(cell, &mut mask, 2)?;
                    p.onset_months = months(cell, &mut map)?;
                }
                "modifiers" => {
                    seen(cell, &mut mask, 3)?;
                    map.next_value_seed(ModifiersSeed { cell, out: &mut p })?;
                }
                _ => return Err(fail(cell, Error::UnknownField)),
            }
        }
        if mask & 1 == 0 {
            return Err(fail(cell, Error::MissingField));
        }
        Ok(p)
    }
}

struct ModifiersSeed<'c, 'o> {
    cell: &'c ErrCell,
    out: &'o mut Phenotype,
}

impl<'de> DeserializeSeed<'de> for ModifiersSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ModifiersSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of modifier ids")
    }
    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        while let Some(s) = seq.next_element::<&'de str>()? {
            let id = HpoId::parse(s).map_err(|e| fail(self.cell, e))?;
            self.out
                .modifiers
                .push(id)
                .map_err(|_| fail(self.cell, Error::TooManyModifiers))?;
        }
        Ok(())
    }
}
