//! Findings JSON in. serde-json-core parses; the visitors here check the schema and
//! record the precise error in a `Cell` (serde-json-core reduces every schema error to one
//! `CustomError`, so the stable code is carried beside it).
//!
//! Unknown keys and repeated keys are errors: a misspelt key must not be read as
//! "unknown finding". `null` is accepted wherever a field is optional and means unknown.
//!
//! The seeds are generic over `serde::Deserializer` and read every string while it is
//! borrowed inside the visitor (`StrTo`), never as `&'de str`: so the same checks run on
//! a deserializer that hands out transient strings, such as one over a binding's native
//! values ([`findings_from_deserializer`]; the Python binding reads dicts with it).

use core::cell::Cell;
use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json_core::de::Deserializer;

use super::scan;
use crate::error::Error;
use crate::findings::{Findings, GnasResult, Lab, ParentOfOrigin, Phenotype, Sex};
use crate::hpo::HpoId;
use crate::kb::AHO_LISTS;
use crate::limits::{MAX_AGE_MONTHS, PRETEST_PER_MILLION};

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

/// Why [`findings_from_deserializer`] refused a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError<E> {
    /// A check of the findings schema failed (unknown or repeated key, unknown value,
    /// malformed id, range, capacity): the error the JSON path reports for the same check.
    Schema(Error),
    /// The deserializer's own error: a value of a type the schema does not take at that
    /// place (the JSON path's `WrongType`), or anything the deserializer cannot express.
    Deserializer(E),
}

/// Read findings into `out` (reset first) from any serde deserializer, with the schema
/// checks of the JSON path: this is how a binding reads its native values (Python dicts)
/// without writing JSON text. Nothing is kept on error.
///
/// Only the schema is checked here. What the JSON path checks on the raw text before the
/// schema (size, UTF-8, nesting depth, integers only) is the deserializer's business; a
/// deserializer that refuses fractions, non-strings as keys and deep nesting gives, for
/// the findings it accepts, exactly the findings the JSON text of the same value gives.
pub fn findings_from_deserializer<'de, D: de::Deserializer<'de>>(
    d: D,
    out: &mut Findings,
) -> Result<(), ReadError<D::Error>> {
    reset(out);
    let cell: ErrCell = Cell::new(None);
    let r = FindingsSeed {
        cell: &cell,
        out: &mut *out,
    }
    .deserialize(d);
    match r {
        Ok(()) => Ok(()),
        Err(e) => {
            reset(out);
            Err(match cell.get() {
                Some(mine) => ReadError::Schema(mine),
                None => ReadError::Deserializer(e),
            })
        }
    }
}

/// `*out = Findings::new()`, field by field: the same empty findings, without writing a
/// whole `Findings::new()` (some KiB, mostly the phenotype list's capacity) over `out`
/// for every value a binding reads (the Arrow reader resets once per row). The pattern
/// names every field, so a field added to `Findings` fails to compile here until it is
/// reset too; each one is its own default, as in `Findings::default()`.
fn reset(out: &mut Findings) {
    let Findings {
        age_months,
        sex,
        phenotypes,
        labs,
        gnas,
        history,
        imaging,
        treatment,
        options,
        positions,
        entries,
        unrecognized,
    } = out;
    *age_months = Default::default();
    *sex = Default::default();
    phenotypes.clear();
    *labs = Default::default();
    *gnas = Default::default();
    *history = Default::default();
    *imaging = Default::default();
    *treatment = Default::default();
    *options = Default::default();
    positions.clear();
    *entries = Default::default();
    unrecognized.clear();
}

/// A string, handed to `f` while the deserializer still holds it: borrowed from the input
/// (serde-json-core) or transient (an unescaped string, a Python `str`) alike.
///
/// `f` is dynamic so that one visitor type reads every string of the schema: serde-json-core
/// instantiates its string reading (unescaping included) once per visitor type, and a
/// generic visitor per kind of string costs the Cortex-M0 image flash its 96 KiB budget
/// cannot spare. The price is a slower decode on x86-64, as keys are told apart in two
/// steps (text to key, key to action) where a borrowed `&str` took one (figures in
/// docs/DESIGN.md).
pub(crate) struct StrTo<'f>(pub(crate) &'f mut dyn FnMut(&str));

impl<'de> DeserializeSeed<'de> for StrTo<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for StrTo<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        (self.0)(v);
        Ok(())
    }
}

/// `null` (`false`) or a string handed to `f` as by [`StrTo`] (`true`).
pub(crate) struct OptStrTo<'f>(pub(crate) &'f mut dyn FnMut(&str));

impl<'de> DeserializeSeed<'de> for OptStrTo<'_> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for OptStrTo<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        StrTo(self.0).deserialize(d).map(|()| true)
    }
}

/// The keys of one object of the schema.
trait Keys: Copy + 'static {
    /// The key of this text, if the object has it.
    fn of(k: &str) -> Option<Self>;
}

/// The next key of `map`: `Some(None)` for a key the object does not have.
fn next_key<'de, A: MapAccess<'de>, K: Keys>(map: &mut A) -> Result<Option<Option<K>>, A::Error> {
    let mut key = None;
    Ok(map
        .next_key_seed(StrTo(&mut |k| key = K::of(k)))?
        .map(|()| key))
}

/// The keys of one object: an enum whose discriminant is the key's bit in the seen-mask,
/// and its texts, from one list.
macro_rules! keys {
    ($(#[$m:meta])* enum $name:ident { $($v:ident = $s:literal,)+ }) => {
        $(#[$m])*
        #[derive(Clone, Copy, PartialEq, Eq)]
        pub(crate) enum $name { $($v,)+ }
        impl Keys for $name {
            fn of(k: &str) -> Option<$name> {
                match k { $($s => Some($name::$v),)+ _ => None }
            }
        }
        impl $name {
            /// The object's keys, in order (for error details and their tests).
            #[allow(dead_code)]
            pub(crate) const TEXTS: &'static [&'static str] = &[$($s,)+];
            /// Its bit in the object's seen-mask.
            const fn bit(self) -> u32 {
                self as u32
            }
        }
    };
}

keys! {
    /// The top-level findings object.
    enum Field {
        AgeMonths = "age_months",
        Sex = "sex",
        Phenotypes = "phenotypes",
        Labs = "labs",
        Gnas = "gnas",
        History = "history",
        Imaging = "imaging",
        Treatment = "treatment",
        Options = "options",
    }
}

keys! {
    /// `treatment`.
    enum TreatmentField {
        ActiveVitaminD = "active_vitamin_d",
    }
}

keys! {
    /// A `phenotypes` entry.
    enum PhenotypeField {
        Id = "id",
        Excluded = "excluded",
        OnsetMonths = "onset_months",
        Modifiers = "modifiers",
    }
}

keys! {
    /// `labs`.
    enum LabField {
        Pth = "pth",
        Calcium = "calcium",
        Phosphate = "phosphate",
        Tsh = "tsh",
        GsAlphaActivity = "gs_alpha_activity",
    }
}

keys! {
    /// `gnas`.
    enum GnasField {
        Result = "result",
        ParentOfOrigin = "parent_of_origin",
    }
}

keys! {
    /// `history`.
    enum HistoryField {
        TraumaOrSurgeryAtSite = "trauma_or_surgery_at_site",
        NeurologicalInjury = "neurological_injury",
        FatherAffected = "father_affected",
        MotherAffected = "mother_affected",
    }
}

keys! {
    /// `imaging`.
    enum ImagingField {
        SpecificPattern = "specific_pattern",
    }
}

keys! {
    /// `options`.
    enum OptionsField {
        AhoList = "aho_list",
        Counseling = "counseling",
        PretestPerMillion = "pretest_per_million",
    }
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
    let mut v = None;
    if map.next_value_seed(OptStrTo(&mut |s| v = parse(s)))? {
        v.map(Some).ok_or_else(|| fail(cell, Error::UnknownValue))
    } else {
        Ok(None)
    }
}

/// The values of a lab field (`parse_lab`), for error details.
pub(crate) const LAB_VALUES: &[&str] = &["low", "normal", "high", "unknown"];
/// The values of `labs.gs_alpha_activity`: an activity above normal is not a finding.
pub(crate) const GS_ALPHA_VALUES: &[&str] = &["low", "normal", "unknown"];
/// The values of `sex` (`parse_sex`).
pub(crate) const SEX_VALUES: &[&str] = &["female", "male", "other", "unknown"];
/// The values of `gnas.result` (`parse_gnas`).
pub(crate) const GNAS_VALUES: &[&str] = &[
    "pathogenic",
    "likely_pathogenic",
    "vus",
    "negative",
    "not_tested",
];
/// The values of `gnas.parent_of_origin` (`parse_origin`).
pub(crate) const ORIGIN_VALUES: &[&str] = &["paternal", "maternal", "de_novo", "unknown"];
/// The keys of `options.aho_list` (`parse_aho_list`), from the knowledge base.
pub(crate) const AHO_LIST_VALUES: &[&str] = &{
    let mut keys = [""; AHO_LISTS.len()];
    let mut i = 0;
    while i < keys.len() {
        #[allow(clippy::indexing_slicing)] // i < both lengths; evaluated by the compiler
        {
            keys[i] = AHO_LISTS[i].key;
        }
        i += 1;
    }
    keys
};

pub(crate) fn parse_lab(s: &str) -> Option<Lab> {
    Some(match s {
        "low" => Lab::Low,
        "normal" => Lab::Normal,
        "high" => Lab::High,
        "unknown" => Lab::Unknown,
        _ => return None,
    })
}

pub(crate) fn parse_sex(s: &str) -> Option<Sex> {
    Some(match s {
        "female" => Sex::Female,
        "male" => Sex::Male,
        "other" => Sex::Other,
        "unknown" => Sex::Unknown,
        _ => return None,
    })
}

pub(crate) fn parse_gnas(s: &str) -> Option<GnasResult> {
    Some(match s {
        "pathogenic" => GnasResult::Pathogenic,
        "likely_pathogenic" => GnasResult::LikelyPathogenic,
        "vus" => GnasResult::Vus,
        "negative" => GnasResult::Negative,
        "not_tested" => GnasResult::NotTested,
        _ => return None,
    })
}

pub(crate) fn parse_origin(s: &str) -> Option<ParentOfOrigin> {
    Some(match s {
        "paternal" => ParentOfOrigin::Paternal,
        "maternal" => ParentOfOrigin::Maternal,
        "de_novo" => ParentOfOrigin::DeNovo,
        "unknown" => ParentOfOrigin::Unknown,
        _ => return None,
    })
}

pub(crate) fn parse_aho_list(s: &str) -> Option<u8> {
    AHO_LISTS
        .iter()
        .position(|l| l.key == s)
        .and_then(|i| u8::try_from(i).ok())
}

/// An object whose keys are dispatched by a closure: the one shape every section shares.
/// `K` names the object's keys; an unknown key is `UnknownField`.
struct Section<'c, K, F> {
    cell: &'c ErrCell,
    keys: PhantomData<K>,
    on_key: F,
}

impl<'de, K: Keys, F> DeserializeSeed<'de> for Section<'_, K, F>
where
    F: FnMut(K, &mut dyn ValueReader) -> Result<(), Error>,
{
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

/// Reads one value of a map entry, whatever the MapAccess type (object-safe).
pub(crate) trait ValueReader {
    fn opt_bool(&mut self) -> Result<Option<bool>, Error>;
    fn opt_u32(&mut self) -> Result<Option<u32>, Error>;
    /// `false` for `null`; otherwise `f` sees the string and the result is `true`.
    fn opt_str(&mut self, f: &mut dyn FnMut(&str)) -> Result<bool, Error>;
}

struct Reader<'a, A> {
    map: &'a mut A,
    cell: &'a ErrCell,
}

impl<'de, A: MapAccess<'de>> ValueReader for Reader<'_, A> {
    fn opt_bool(&mut self) -> Result<Option<bool>, Error> {
        self.map
            .next_value::<Option<bool>>()
            .map_err(|_| self.cell.get().unwrap_or(Error::WrongType))
    }
    fn opt_u32(&mut self) -> Result<Option<u32>, Error> {
        self.map
            .next_value::<Option<u32>>()
            .map_err(|_| self.cell.get().unwrap_or(Error::WrongType))
    }
    fn opt_str(&mut self, f: &mut dyn FnMut(&str)) -> Result<bool, Error> {
        self.map
            .next_value_seed(OptStrTo(f))
            .map_err(|_| self.cell.get().unwrap_or(Error::WrongType))
    }
}

/// `null` (`None`) or a string `parse` accepts; any other string is `unknown`.
fn opt_parsed<T>(
    r: &mut dyn ValueReader,
    parse: fn(&str) -> Option<T>,
    unknown: Error,
) -> Result<Option<T>, Error> {
    let mut v = None;
    if r.opt_str(&mut |s| v = parse(s))? {
        v.map(Some).ok_or(unknown)
    } else {
        Ok(None)
    }
}

impl<'de, K: Keys, F> Visitor<'de> for Section<'_, K, F>
where
    F: FnMut(K, &mut dyn ValueReader) -> Result<(), Error>,
{
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = next_key::<A, K>(&mut map)? {
            let key = key.ok_or_else(|| fail(self.cell, Error::UnknownField))?;
            let mut r = Reader {
                map: &mut map,
                cell: self.cell,
            };
            (self.on_key)(key, &mut r).map_err(|e| fail(self.cell, e))?;
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

fn lab_of(r: &mut dyn ValueReader) -> Result<Lab, Error> {
    Ok(opt_parsed(r, parse_lab, Error::UnknownValue)?.unwrap_or(Lab::Unknown))
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
        while let Some(key) = next_key::<A, Field>(&mut map)? {
            let key = key.ok_or_else(|| fail(cell, Error::UnknownField))?;
            seen(cell, &mut mask, key.bit())?;
            match key {
                Field::AgeMonths => out.age_months = months(cell, &mut map)?,
                Field::Sex => out.sex = choice(cell, &mut map, parse_sex)?.unwrap_or_default(),
                Field::Phenotypes => map.next_value_seed(PhenotypesSeed {
                    cell,
                    out: &mut *out,
                })?,
                Field::Labs => {
                    let labs = &mut out.labs;
                    let mut m = 0u32;
                    map.next_value_seed(Section {
                        cell,
                        keys: PhantomData,
                        on_key: |k: LabField, r: &mut dyn ValueReader| {
                            once(&mut m, k.bit())?;
                            let v = lab_of(r)?;
                            let slot = match k {
                                LabField::Pth => &mut labs.pth,
                                LabField::Calcium => &mut labs.calcium,
                                LabField::Phosphate => &mut labs.phosphate,
                                LabField::Tsh => &mut labs.tsh,
                                // Reduced or normal: an activity above normal is not a finding.
                                LabField::GsAlphaActivity if v == Lab::High => {
                                    return Err(Error::UnknownValue)
                                }
                                LabField::GsAlphaActivity => &mut labs.gs_alpha_activity,
                            };
                            *slot = v;
                            Ok(())
                        },
                    })?;
                }
                Field::Gnas => {
                    let gnas = &mut out.gnas;
                    let mut m = 0u32;
                    map.next_value_seed(Section {
                        cell,
                        keys: PhantomData,
                        on_key: |k: GnasField, r: &mut dyn ValueReader| {
                            once(&mut m, k.bit())?;
                            match k {
                                GnasField::Result => {
                                    gnas.result = opt_parsed(r, parse_gnas, Error::UnknownValue)?
                                        .unwrap_or(GnasResult::NotTested)
                                }
                                GnasField::ParentOfOrigin => {
                                    gnas.parent_of_origin =
                                        opt_parsed(r, parse_origin, Error::UnknownValue)?
                                            .unwrap_or(ParentOfOrigin::Unknown)
                                }
                            }
                            Ok(())
                        },
                    })?;
                }
                Field::History => {
                    let h = &mut out.history;
                    let mut m = 0u32;
                    map.next_value_seed(Section {
                        cell,
                        keys: PhantomData,
                        on_key: |k: HistoryField, r: &mut dyn ValueReader| {
                            once(&mut m, k.bit())?;
                            let slot = match k {
                                HistoryField::TraumaOrSurgeryAtSite => {
                                    &mut h.trauma_or_surgery_at_site
                                }
                                HistoryField::NeurologicalInjury => &mut h.neurological_injury,
                                HistoryField::FatherAffected => &mut h.father_affected,
                                HistoryField::MotherAffected => &mut h.mother_affected,
                            };
                            *slot = r.opt_bool()?;
                            Ok(())
                        },
                    })?;
                }
                Field::Imaging => {
                    let im = &mut out.imaging;
                    let mut m = 0u32;
                    map.next_value_seed(Section {
                        cell,
                        keys: PhantomData,
                        on_key: |k: ImagingField, r: &mut dyn ValueReader| {
                            once(&mut m, k.bit())?;
                            match k {
                                ImagingField::SpecificPattern => {
                                    im.specific_pattern = r.opt_bool()?
                                }
                            }
                            Ok(())
                        },
                    })?;
                }
                Field::Treatment => {
                    let t = &mut out.treatment;
                    let mut m = 0u32;
                    map.next_value_seed(Section {
                        cell,
                        keys: PhantomData,
                        on_key: |k: TreatmentField, r: &mut dyn ValueReader| {
                            once(&mut m, k.bit())?;
                            match k {
                                TreatmentField::ActiveVitaminD => {
                                    t.active_vitamin_d = r.opt_bool()?
                                }
                            }
                            Ok(())
                        },
                    })?;
                }
                Field::Options => {
                    let o = &mut out.options;
                    let mut m = 0u32;
                    map.next_value_seed(Section {
                        cell,
                        keys: PhantomData,
                        on_key: |k: OptionsField, r: &mut dyn ValueReader| {
                            once(&mut m, k.bit())?;
                            match k {
                                OptionsField::AhoList => {
                                    if let Some(a) =
                                        opt_parsed(r, parse_aho_list, Error::UnknownOption)?
                                    {
                                        o.aho_list = a;
                                    }
                                }
                                OptionsField::Counseling => {
                                    o.counseling = r.opt_bool()?.unwrap_or(false)
                                }
                                OptionsField::PretestPerMillion => {
                                    o.pretest_per_million = r.opt_u32()?;
                                    if o.pretest_per_million
                                        .is_some_and(|p| !PRETEST_PER_MILLION.contains(&p))
                                    {
                                        return Err(Error::OutOfRange);
                                    }
                                }
                            }
                            Ok(())
                        },
                    })?;
                }
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
        loop {
            let seed = PhenotypeSeed {
                cell: self.cell,
                entry: self.out.entries,
                unrecognized: &mut self.out.unrecognized,
            };
            let Some(p) = seq.next_element_seed(seed)? else {
                break;
            };
            self.out.add(p).map_err(|e| fail(self.cell, e))?;
        }
        Ok(())
    }
}

struct PhenotypeSeed<'c, 'u> {
    cell: &'c ErrCell,
    /// The entry's input position.
    entry: u16,
    /// Where modifiers outside the subset go (they never count against the capacity).
    unrecognized: &'u mut crate::findings::Unrecognized,
}

impl<'de> DeserializeSeed<'de> for PhenotypeSeed<'_, '_> {
    type Value = Phenotype;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Phenotype, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PhenotypeSeed<'_, '_> {
    type Value = Phenotype;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a phenotype entry")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Phenotype, A::Error> {
        let cell = self.cell;
        let mut p = Phenotype::present(HpoId(0));
        let mut mask = 0u32;
        while let Some(key) = next_key::<A, PhenotypeField>(&mut map)? {
            let key = key.ok_or_else(|| fail(cell, Error::UnknownField))?;
            seen(cell, &mut mask, key.bit())?;
            match key {
                PhenotypeField::Id => {
                    let mut id = Err(Error::InvalidHpoId);
                    map.next_value_seed(StrTo(&mut |s| id = HpoId::parse(s)))?;
                    p.id = id.map_err(|e| fail(cell, e))?;
                }
                PhenotypeField::Excluded => p.excluded = flag(&mut map)?.unwrap_or(false),
                PhenotypeField::OnsetMonths => p.onset_months = months(cell, &mut map)?,
                PhenotypeField::Modifiers => map.next_value_seed(ModifiersSeed {
                    cell,
                    out: &mut p,
                    entry: self.entry,
                    unrecognized: &mut *self.unrecognized,
                })?,
            }
        }
        if mask & (1 << PhenotypeField::Id.bit()) == 0 {
            return Err(fail(cell, Error::MissingField));
        }
        Ok(p)
    }
}

struct ModifiersSeed<'c, 'o, 'u> {
    cell: &'c ErrCell,
    out: &'o mut Phenotype,
    entry: u16,
    unrecognized: &'u mut crate::findings::Unrecognized,
}

impl<'de> DeserializeSeed<'de> for ModifiersSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ModifiersSeed<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of modifier ids")
    }
    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        loop {
            let mut id = Err(Error::InvalidHpoId);
            if seq
                .next_element_seed(StrTo(&mut |s| id = HpoId::parse(s)))?
                .is_none()
            {
                break;
            }
            let id = id.map_err(|e| fail(self.cell, e))?;
            if crate::hpo::subset_index(id).is_none() {
                // Outside the subset: noted, never counted against the capacity.
                self.unrecognized.note(id, self.entry);
                continue;
            }
            self.out
                .modifiers
                .push(id)
                .map_err(|_| fail(self.cell, Error::TooManyModifiers))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deserializer that unescapes strings hands the seeds transient strings (not
    /// borrowed from the input): they must read exactly as borrowed ones.
    fn read_unescaping(input: &[u8]) -> Result<Findings, ReadError<serde_json_core::de::Error>> {
        let mut scratch = [0u8; 64];
        let mut de = Deserializer::new(input, Some(&mut scratch));
        let mut f = Findings::new();
        findings_from_deserializer(&mut de, &mut f)?;
        Ok(f)
    }

    #[test]
    fn transient_strings_read_as_borrowed_ones() {
        let escaped = br#"{"s\u0065x": "f\u0065male", "age_months": 30,
            "phenotypes": [{"\u0069d": "HP:00\u00325027", "modifiers": ["HP:000367\u0036"]},
                           {"id": "HP:0001156", "excluded": true}],
            "labs": {"p\u0074h": "n\u006frmal", "gs_alpha_activity": "low"},
            "gnas": {"result": "likely_p\u0061thogenic", "parent_of_origin": "p\u0061ternal"},
            "history": {"father_\u0061ffected": true}, "imaging": {"specific_pattern": null},
            "options": {"aho_list": "gener\u0065views", "counseling": true}}"#;
        let plain = br#"{"sex": "female", "age_months": 30,
            "phenotypes": [{"id": "HP:0025027", "modifiers": ["HP:0003676"]},
                           {"id": "HP:0001156", "excluded": true}],
            "labs": {"pth": "normal", "gs_alpha_activity": "low"},
            "gnas": {"result": "likely_pathogenic", "parent_of_origin": "paternal"},
            "history": {"father_affected": true}, "imaging": {"specific_pattern": null},
            "options": {"aho_list": "genereviews", "counseling": true}}"#;
        let want = findings_from_json(plain).unwrap();
        assert_eq!(read_unescaping(escaped).unwrap(), want);
        // Without unescaping (the JSON path), the same escapes are not the same strings.
        assert_eq!(findings_from_json(escaped), Err(Error::UnknownField));
    }

    #[test]
    fn schema_errors_are_the_json_paths() {
        for (input, e) in [
            (&br#"{"colour": "blue"}"#[..], Error::UnknownField),
            (br#"{"sex": "f"}"#, Error::UnknownValue),
            (br#"{"sex": "female", "sex": "male"}"#, Error::DuplicateField),
            (br#"{"labs": {"pth": "high", "pth": "low"}}"#, Error::DuplicateField),
            (br#"{"labs": {"gs_alpha_activity": "high"}}"#, Error::UnknownValue),
            (br#"{"options": {"aho_list": "mine"}}"#, Error::UnknownOption),
            (br#"{"age_months": 1801}"#, Error::OutOfRange),
            (br#"{"phenotypes": [{"excluded": true}]}"#, Error::MissingField),
            (br#"{"phenotypes": [{"id": "HP:12"}]}"#, Error::InvalidHpoId),
            (
                br#"{"phenotypes": [{"id": "HP:0025027", "modifiers": ["HP:0003676", "HP:0003676", "HP:0003676", "HP:0003676", "HP:0003676"]}]}"#,
                Error::TooManyModifiers,
            ),
        ] {
            assert_eq!(findings_from_json(input), Err(e), "{}", core::str::from_utf8(input).unwrap());
            assert_eq!(read_unescaping(input), Err(ReadError::Schema(e)));
        }
        // A type mismatch is the deserializer's own error (the JSON path's WrongType).
        assert_eq!(
            findings_from_json(br#"{"age_months": "ten"}"#),
            Err(Error::WrongType)
        );
        assert!(matches!(
            read_unescaping(br#"{"age_months": "ten"}"#),
            Err(ReadError::Deserializer(_))
        ));
    }

    #[test]
    fn nothing_is_kept_on_error() {
        let mut f = findings_from_json(br#"{"sex": "female"}"#).unwrap();
        let mut de = Deserializer::new(br#"{"age_months": 3, "colour": 1}"#, None);
        assert!(findings_from_deserializer(&mut de, &mut f).is_err());
        assert_eq!(f, Findings::new());
    }

    #[test]
    fn reset_is_new_findings() {
        // Every section set, entries kept and unrecognized ones, then reset.
        let mut f = findings_from_json(
            br#"{"age_months": 30, "sex": "female",
                "phenotypes": [{"id": "HP:0034282", "onset_months": 6, "modifiers": ["HP:0003676"]},
                               {"id": "HP:9999999"}, {"id": "HP:0001156", "excluded": true}],
                "labs": {"pth": "high", "calcium": "low", "phosphate": "high", "tsh": "normal",
                         "gs_alpha_activity": "low"},
                "gnas": {"result": "pathogenic", "parent_of_origin": "maternal"},
                "history": {"trauma_or_surgery_at_site": true, "neurological_injury": false,
                            "father_affected": true, "mother_affected": false},
                "imaging": {"specific_pattern": true}, "treatment": {"active_vitamin_d": true},
                "options": {"aho_list": "genereviews", "counseling": true, "pretest_per_million": 10}}"#,
        )
        .unwrap();
        assert_ne!(f, Findings::new());
        assert!(!f.phenotypes.is_empty(), "{f:?}");
        assert!(f.unrecognized.total > 0, "{f:?}");
        reset(&mut f);
        assert_eq!(f, Findings::new());
    }
}
