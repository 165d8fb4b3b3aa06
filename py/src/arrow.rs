//! `poh._core.evaluate_arrow`: findings rows in as Arrow, one results row per person out as
//! Arrow, with no Python object per row and the GIL released while batches are read and
//! evaluated.
//!
//! The input is anything with `__arrow_c_stream__` or `__arrow_c_array__` (the Arrow
//! PyCapsule interface, read by pyo3-arrow): a pyarrow Table, RecordBatch or
//! RecordBatchReader, a DuckDB relation, a polars DataFrame, the batches Spark hands to
//! `mapInArrow`. Its columns are the findings schema flattened (py/README.md, "Arrow"):
//! `age_months`, `sex`, `phenotypes` (list of struct id/excluded/onset_months/modifiers),
//! `labs_<lab>`, `gnas_<field>`, `history_<field>`, `imaging_<field>`, `options_aho_list`,
//! plus `person_id`, passed through untouched. A missing column or a null cell is unknown.
//!
//! No clinical logic and no second reader: each row is handed to the core's own findings
//! reader (`poh_core::json::findings_from_deserializer`, the seeds the JSON path runs)
//! through [`Cell`], a serde `Deserializer` over the row's Arrow values, exactly as
//! `python_value` hands it a dict. So the vocabularies, ranges, id syntax and capacities
//! are checked by the core, and a row is read into exactly the findings its dict (or JSON
//! text) gives; `py/tests/test_arrow.py` checks that on 100,000 generated rows.
//!
//! A rejected row is a result row with `error_code`/`error_kind`/`error_message` set and
//! every result column null, never an exception. What concerns the whole input (a column
//! the schema does not have, a column of a type that cannot hold its field) raises
//! `poh.InputError` before any row is read: it is the caller's table, not one person.
//!
//! Memory is bounded: the results are an Arrow stream produced as the caller reads it, one
//! input batch (at most [`MAX_BATCH_ROWS`] rows at a time) in flight.

use std::cell::Cell as StdCell;
use std::fmt::Write as _;
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Int32Builder, ListBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::{Int32Type, Int64Type, UInt64Type};
use arrow_array::{
    Array, ArrayRef, BooleanArray, ListArray, RecordBatch, RecordBatchReader, StringArray,
    StructArray,
};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use pyo3::prelude::*;
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::PyRecordBatchReader;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use poh_core::json::{self, ReadError};
use poh_core::kb::{CRITERIA, DISEASES, SUPPORTING};
use poh_core::{Assessment, Error, Findings};

/// Rows evaluated per output batch: a larger input batch is cut (zero-copy slices), so
/// the results of a single huge batch never sit in memory at once.
pub(crate) const MAX_BATCH_ROWS: usize = 65_536;

/// The column passed through from input to results.
const PERSON_ID: &str = "person_id";

/// What a findings column holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Whole months (any integer type).
    Int,
    /// A value of the core's vocabularies (any string type, dictionary-encoded too).
    Str,
    /// true/false.
    Bool,
    /// list<struct<id, excluded, onset_months, modifiers>>.
    Phenotypes,
}

/// A findings column: its name in the table, and where the core's reader finds it (the
/// top-level key, or a key of a section object).
struct ColumnSpec {
    name: &'static str,
    section: Option<&'static str>,
    key: &'static str,
    kind: Kind,
}

const fn col(
    name: &'static str,
    section: Option<&'static str>,
    key: &'static str,
    kind: Kind,
) -> ColumnSpec {
    ColumnSpec {
        name,
        section,
        key,
        kind,
    }
}

/// Checked by the compiler, so that no Rust test binary is needed for them (the crate's
/// behaviour is tested from Python): at most 64 columns (a row's seen-mask is a u64),
/// names unique, and each name its key, prefixed `<section>_` in a section.
#[allow(clippy::indexing_slicing)] // evaluated by the compiler: an index out of range fails the build
const _: () = {
    assert!(COLUMNS.len() <= 64);
    let mut i = 0;
    while i < COLUMNS.len() {
        let c = &COLUMNS[i];
        assert!(named_for(c.name, c.section, c.key));
        let mut j = i + 1;
        while j < COLUMNS.len() {
            assert!(!same(c.name.as_bytes(), COLUMNS[j].name.as_bytes()));
            j += 1;
        }
        i += 1;
    }
};

#[allow(clippy::indexing_slicing)] // evaluated by the compiler: an index out of range fails the build
const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// `name` is `key`, or `<section>_<key>`.
#[allow(clippy::indexing_slicing)] // evaluated by the compiler: an index out of range fails the build
const fn named_for(name: &str, section: Option<&str>, key: &str) -> bool {
    let (n, k) = (name.as_bytes(), key.as_bytes());
    let Some(sec) = section else {
        return same(n, k);
    };
    let sec = sec.as_bytes();
    if n.len() != sec.len() + 1 + k.len() || n[sec.len()] != b'_' {
        return false;
    }
    let (head, rest) = n.split_at(sec.len());
    let (_, tail) = rest.split_at(1);
    same(head, sec) && same(tail, k)
}

/// Every findings column, in the order of the findings schema (the order the JSON path
/// reads keys in, so that of two errors in a row the same one is reported).
static COLUMNS: &[ColumnSpec] = &[
    col("age_months", None, "age_months", Kind::Int),
    col("sex", None, "sex", Kind::Str),
    col("phenotypes", None, "phenotypes", Kind::Phenotypes),
    col("labs_pth", Some("labs"), "pth", Kind::Str),
    col("labs_calcium", Some("labs"), "calcium", Kind::Str),
    col("labs_phosphate", Some("labs"), "phosphate", Kind::Str),
    col("labs_tsh", Some("labs"), "tsh", Kind::Str),
    col(
        "labs_gs_alpha_activity",
        Some("labs"),
        "gs_alpha_activity",
        Kind::Str,
    ),
    col("gnas_result", Some("gnas"), "result", Kind::Str),
    col(
        "gnas_parent_of_origin",
        Some("gnas"),
        "parent_of_origin",
        Kind::Str,
    ),
    col(
        "history_trauma_or_surgery_at_site",
        Some("history"),
        "trauma_or_surgery_at_site",
        Kind::Bool,
    ),
    col(
        "history_neurological_injury",
        Some("history"),
        "neurological_injury",
        Kind::Bool,
    ),
    col(
        "history_father_affected",
        Some("history"),
        "father_affected",
        Kind::Bool,
    ),
    col(
        "history_mother_affected",
        Some("history"),
        "mother_affected",
        Kind::Bool,
    ),
    col(
        "imaging_specific_pattern",
        Some("imaging"),
        "specific_pattern",
        Kind::Bool,
    ),
    col(
        "treatment_active_vitamin_d",
        Some("treatment"),
        "active_vitamin_d",
        Kind::Bool,
    ),
    col("options_aho_list", Some("options"), "aho_list", Kind::Str),
    col(
        "options_pretest_per_million",
        Some("options"),
        "pretest_per_million",
        Kind::Int,
    ),
];

/// The fields of a `phenotypes` entry struct, and what each holds.
const ENTRY_FIELDS: &[(&str, Kind)] = &[
    ("id", Kind::Str),
    ("excluded", Kind::Bool),
    ("onset_months", Kind::Int),
    ("modifiers", Kind::Str),
];

/// A whole-input error: the core's error and what in the schema caused it.
pub(crate) type SchemaError = (Error, String);

fn is_int(t: &DataType) -> bool {
    t.is_integer()
}

fn is_str(t: &DataType) -> bool {
    match t {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => true,
        DataType::Dictionary(_, v) => is_str(v),
        _ => false,
    }
}

fn kind_fits(kind: Kind, t: &DataType) -> bool {
    matches!(t, DataType::Null)
        || match kind {
            Kind::Int => is_int(t),
            Kind::Str => is_str(t),
            Kind::Bool => matches!(t, DataType::Boolean),
            Kind::Phenotypes => match t {
                DataType::List(f) | DataType::LargeList(f) => {
                    matches!(f.data_type(), DataType::Struct(_) | DataType::Null)
                }
                _ => false,
            },
        }
}

fn kind_text(kind: Kind) -> &'static str {
    match kind {
        Kind::Int => "an integer type",
        Kind::Str => "a string type",
        Kind::Bool => "bool",
        Kind::Phenotypes => {
            "list<struct<id: string, excluded: bool, onset_months: int, modifiers: list<string>>>"
        }
    }
}

/// Check the input schema against the findings columns: every column is known and of a
/// type that holds its field. Returns, per input column, its spec (`None` for person_id).
fn check_schema(schema: &Schema) -> Result<Vec<Option<&'static ColumnSpec>>, SchemaError> {
    let mut specs = Vec::with_capacity(schema.fields().len());
    let mut seen = 0u64;
    for f in schema.fields() {
        if f.name() == PERSON_ID {
            specs.push(None);
            continue;
        }
        let Some((i, spec)) = COLUMNS.iter().enumerate().find(|(_, c)| c.name == f.name()) else {
            return Err((
                Error::UnknownField,
                format!(
                    "column {:?} is not a findings column (py/README.md lists them; person_id is passed through)",
                    f.name()
                ),
            ));
        };
        if seen & (1 << i) != 0 {
            return Err((
                Error::DuplicateField,
                format!("column {:?} appears twice", f.name()),
            ));
        }
        seen |= 1 << i;
        if !kind_fits(spec.kind, f.data_type()) {
            return Err((
                Error::WrongType,
                format!(
                    "column {:?} is {}, expected {}",
                    f.name(),
                    f.data_type(),
                    kind_text(spec.kind)
                ),
            ));
        }
        if spec.kind == Kind::Phenotypes {
            check_entry_struct(f.data_type())?;
        }
        specs.push(Some(spec));
    }
    Ok(specs)
}

fn check_entry_struct(t: &DataType) -> Result<(), SchemaError> {
    let fields = match t {
        DataType::List(f) | DataType::LargeList(f) => match f.data_type() {
            DataType::Struct(fields) => fields,
            _ => return Ok(()),
        },
        _ => return Ok(()),
    };
    for f in fields {
        let Some((_, kind)) = ENTRY_FIELDS.iter().find(|(n, _)| *n == f.name()) else {
            return Err((
                Error::UnknownField,
                format!(
                    "phenotypes entries have no field {:?} (id, excluded, onset_months, modifiers)",
                    f.name()
                ),
            ));
        };
        let fits = if f.name() == "modifiers" {
            match f.data_type() {
                DataType::List(m) | DataType::LargeList(m) => kind_fits(Kind::Str, m.data_type()),
                DataType::Null => true,
                _ => false,
            }
        } else {
            kind_fits(*kind, f.data_type())
        };
        if !fits {
            return Err((
                Error::WrongType,
                format!(
                    "phenotypes field {:?} is {}, expected {}",
                    f.name(),
                    f.data_type(),
                    if f.name() == "modifiers" {
                        "list<string>"
                    } else {
                        kind_text(*kind)
                    }
                ),
            ));
        }
    }
    Ok(())
}

// ---- one batch, its columns normalised to a few array types -------------------------
//
// Two steps per batch: [`Owned`] keeps each findings column as one of a few array types
// (a type the reader does not take directly is cast once per batch), then [`Col`] views
// them as plain slices (values, offsets, validity bits), so that reading a cell is an
// index into a slice: no downcast, no column lookup and no call into arrow-rs per cell.

/// Validity bits of a column; `None` when the column has no null.
#[derive(Clone, Copy)]
struct Valid<'a>(Option<Bits<'a>>);

impl<'a> Valid<'a> {
    fn of(a: &'a dyn Array) -> Valid<'a> {
        Valid(a.nulls().map(|n| Bits {
            bytes: n.inner().values(),
            offset: n.inner().offset(),
        }))
    }
    #[inline]
    fn get(self, i: usize) -> bool {
        match self.0 {
            None => true,
            Some(b) => b.get(i),
        }
    }
}

/// Packed bits (Arrow's layout: least significant bit first), from bit `offset`.
/// `arrow_buffer::bit_util::get_bit` computes the same but indexes the bytes (a panic
/// past the end); here a bit past the end reads as unset.
#[derive(Clone, Copy)]
struct Bits<'a> {
    bytes: &'a [u8],
    offset: usize,
}

impl Bits<'_> {
    #[inline]
    fn get(self, i: usize) -> bool {
        let k = self.offset + i;
        self.bytes
            .get(k >> 3)
            .is_some_and(|b| b & (1u8 << (k & 7)) != 0)
    }
}

/// Integers (any integer type: i32, i64 and u64 are read as they are, the others are
/// widened losslessly to i64 once per batch).
fn ints(a: &ArrayRef) -> Result<ArrayRef, ArrowError> {
    match a.data_type() {
        DataType::Int32 | DataType::Int64 | DataType::UInt64 => Ok(a.clone()),
        _ => arrow_cast::cast(a, &DataType::Int64),
    }
}

/// Strings as utf8 (large, view and dictionary strings are cast once per batch).
fn strings(a: &ArrayRef) -> Result<StringArray, ArrowError> {
    match a.data_type() {
        DataType::Utf8 => Ok(a.as_string::<i32>().clone()),
        _ => Ok(arrow_cast::cast(a, &DataType::Utf8)?
            .as_string::<i32>()
            .clone()),
    }
}

/// The values of one findings column of a batch, as [`Col`] reads them.
enum Owned {
    /// An all-null column (Arrow's `null` type).
    Null,
    /// Int32, Int64 or UInt64.
    Int(ArrayRef),
    Str(StringArray),
    Bool(BooleanArray),
    Phenotypes(Box<Entries>),
}

impl Owned {
    fn of(kind: Kind, a: &ArrayRef) -> Result<Owned, ArrowError> {
        if a.data_type() == &DataType::Null {
            return Ok(Owned::Null);
        }
        Ok(match kind {
            Kind::Int => Owned::Int(ints(a)?),
            Kind::Str => Owned::Str(strings(a)?),
            Kind::Bool => Owned::Bool(a.as_boolean().clone()),
            Kind::Phenotypes => Owned::Phenotypes(Box::new(Entries::of(a)?)),
        })
    }
}

/// The `phenotypes` column: the list (LargeList is cast to List) and its struct's fields.
struct Entries {
    list: ListArray,
    entries: Option<StructArray>,
    id: Option<StringArray>,
    excluded: Option<BooleanArray>,
    onset: Option<ArrayRef>,
    modifiers: Option<(ListArray, StringArray)>,
}

impl Entries {
    fn of(a: &ArrayRef) -> Result<Entries, ArrowError> {
        let list: ListArray = match a.data_type() {
            DataType::List(_) => a.as_list::<i32>().clone(),
            DataType::LargeList(f) => arrow_cast::cast(a, &DataType::List(f.clone()))?
                .as_list::<i32>()
                .clone(),
            t => {
                return Err(ArrowError::SchemaError(format!(
                    "phenotypes is {t}, expected a list"
                )))
            }
        };
        let mut e = Entries {
            entries: None,
            id: None,
            excluded: None,
            onset: None,
            modifiers: None,
            list,
        };
        let values = e.list.values().clone();
        if values.data_type() == &DataType::Null {
            return Ok(e);
        }
        let st = values.as_struct().clone();
        for (f, c) in st.fields().iter().zip(st.columns()) {
            if c.data_type() == &DataType::Null {
                continue;
            }
            match f.name().as_str() {
                "id" => e.id = Some(strings(c)?),
                "excluded" => e.excluded = Some(c.as_boolean().clone()),
                "onset_months" => e.onset = Some(ints(c)?),
                "modifiers" => {
                    let l: ListArray = match c.data_type() {
                        DataType::LargeList(m) => arrow_cast::cast(c, &DataType::List(m.clone()))?
                            .as_list::<i32>()
                            .clone(),
                        _ => c.as_list::<i32>().clone(),
                    };
                    let items = strings(l.values())?;
                    e.modifiers = Some((l, items));
                }
                _ => {}
            }
        }
        e.entries = Some(st);
        Ok(e)
    }
}

fn as_index(o: i32) -> usize {
    usize::try_from(o).unwrap_or(0)
}

/// Offsets `i` and `i + 1` of a list or string array, as indices.
#[inline]
fn range(offsets: &[i32], i: usize) -> (usize, usize) {
    let start = offsets.get(i).copied().map_or(0, as_index);
    let end = offsets.get(i + 1).copied().map_or(start, as_index);
    (start, end)
}

/// A string column seen as slices: the used part of its data as one `&str` (checked as
/// UTF-8 once per batch), its offsets rebased to it, and its validity.
#[derive(Clone, Copy)]
struct StrCol<'a> {
    valid: Valid<'a>,
    offsets: &'a [i32],
    base: usize,
    data: &'a str,
}

impl<'a> StrCol<'a> {
    fn of(a: &'a StringArray) -> Result<StrCol<'a>, ArrowError> {
        let offsets = a.value_offsets();
        let base = offsets.first().copied().map_or(0, as_index);
        let end = offsets.last().copied().map_or(0, as_index);
        let data = a
            .value_data()
            .get(base..end)
            .and_then(|d| std::str::from_utf8(d).ok())
            .ok_or_else(|| {
                ArrowError::InvalidArgumentError("a string array is not UTF-8".into())
            })?;
        Ok(StrCol {
            valid: Valid::of(a),
            offsets,
            base,
            data,
        })
    }
    /// Value `i`; `None` when null.
    #[inline]
    fn get(&self, i: usize) -> Option<&'a str> {
        if !self.valid.get(i) {
            return None;
        }
        let (start, end) = range(self.offsets, i);
        // Arrow's offsets are at character boundaries; should one not be, the value
        // reads as a string the vocabularies do not have, never as another value.
        Some(
            self.data
                .get(start.saturating_sub(self.base)..end.saturating_sub(self.base))
                .unwrap_or("\u{fffd}"),
        )
    }
}

/// Integer values.
#[derive(Clone, Copy)]
enum IntSlice<'a> {
    I32(&'a [i32]),
    I64(&'a [i64]),
    U64(&'a [u64]),
}

/// An integer column seen as slices.
#[derive(Clone, Copy)]
struct IntCol<'a> {
    valid: Valid<'a>,
    values: IntSlice<'a>,
}

impl<'a> IntCol<'a> {
    fn of(a: &'a ArrayRef) -> Result<IntCol<'a>, ArrowError> {
        let values = match a.data_type() {
            DataType::Int32 => IntSlice::I32(a.as_primitive::<Int32Type>().values()),
            DataType::Int64 => IntSlice::I64(a.as_primitive::<Int64Type>().values()),
            DataType::UInt64 => IntSlice::U64(a.as_primitive::<UInt64Type>().values()),
            t => {
                return Err(ArrowError::SchemaError(format!(
                    "{t} is not read as an integer"
                )))
            }
        };
        Ok(IntCol {
            valid: Valid::of(a.as_ref()),
            values,
        })
    }
    /// The cell of value `i`: null, or the value as u32 (`None` when it does not fit:
    /// negative or too large).
    #[inline]
    fn cell<'c>(self, i: usize) -> Cell<'c> {
        if !self.valid.get(i) {
            return Cell::Null;
        }
        let v = match self.values {
            IntSlice::I32(v) => v.get(i).map(|&x| u32::try_from(x).ok()),
            IntSlice::I64(v) => v.get(i).map(|&x| u32::try_from(x).ok()),
            IntSlice::U64(v) => v.get(i).map(|&x| u32::try_from(x).ok()),
        };
        v.map_or(Cell::Null, Cell::Int)
    }
}

/// A bool column seen as slices.
#[derive(Clone, Copy)]
struct BoolCol<'a> {
    valid: Valid<'a>,
    values: Bits<'a>,
}

impl<'a> BoolCol<'a> {
    fn of(a: &'a BooleanArray) -> BoolCol<'a> {
        BoolCol {
            valid: Valid::of(a),
            values: Bits {
                bytes: a.values().values(),
                offset: a.values().offset(),
            },
        }
    }
    #[inline]
    fn cell<'c>(self, i: usize) -> Cell<'c> {
        if self.valid.get(i) {
            Cell::Bool(self.values.get(i))
        } else {
            Cell::Null
        }
    }
}

/// The `phenotypes` column seen as slices.
struct EntriesCol<'a> {
    /// The list's offsets and validity.
    offsets: &'a [i32],
    valid: Valid<'a>,
    /// The validity of the entry structs; `None` when the entries are all null.
    entries: Option<Valid<'a>>,
    id: Option<StrCol<'a>>,
    excluded: Option<BoolCol<'a>>,
    onset: Option<IntCol<'a>>,
    /// Each entry's modifier list (offsets, validity) and the ids.
    modifiers: Option<(&'a [i32], Valid<'a>, StrCol<'a>)>,
}

impl<'a> EntriesCol<'a> {
    fn of(e: &'a Entries) -> Result<EntriesCol<'a>, ArrowError> {
        Ok(EntriesCol {
            offsets: e.list.value_offsets(),
            valid: Valid::of(&e.list),
            entries: e.entries.as_ref().map(|s| Valid::of(s)),
            id: e.id.as_ref().map(StrCol::of).transpose()?,
            excluded: e.excluded.as_ref().map(BoolCol::of),
            onset: e.onset.as_ref().map(IntCol::of).transpose()?,
            modifiers: match &e.modifiers {
                Some((l, items)) => Some((l.value_offsets(), Valid::of(l), StrCol::of(items)?)),
                None => None,
            },
        })
    }
}

/// One findings column of a batch, seen as slices.
enum Col<'a> {
    Null,
    Int(IntCol<'a>),
    Str(StrCol<'a>),
    Bool(BoolCol<'a>),
    Phenotypes(Box<EntriesCol<'a>>),
}

impl<'a> Col<'a> {
    fn of(o: &'a Owned) -> Result<Col<'a>, ArrowError> {
        Ok(match o {
            Owned::Null => Col::Null,
            Owned::Int(a) => Col::Int(IntCol::of(a)?),
            Owned::Str(a) => Col::Str(StrCol::of(a)?),
            Owned::Bool(a) => Col::Bool(BoolCol::of(a)),
            Owned::Phenotypes(e) => Col::Phenotypes(Box::new(EntriesCol::of(e)?)),
        })
    }
    #[inline]
    fn is_null(&self, i: usize) -> bool {
        match self {
            Col::Null => true,
            Col::Int(c) => !c.valid.get(i),
            Col::Str(c) => !c.valid.get(i),
            Col::Bool(c) => !c.valid.get(i),
            Col::Phenotypes(p) => !p.valid.get(i),
        }
    }
    /// The cell of row `i`, as the core's reader sees it.
    #[inline]
    fn cell<'c>(&'c self, i: usize, at: &'c Where) -> Cell<'c> {
        match self {
            Col::Null => Cell::Null,
            Col::Int(c) => c.cell(i),
            Col::Str(c) => c.get(i).map_or(Cell::Null, Cell::Str),
            Col::Bool(c) => c.cell(i),
            Col::Phenotypes(p) => {
                if !p.valid.get(i) {
                    return Cell::Null;
                }
                let (start, end) = range(p.offsets, i);
                Cell::Entries(p, start, end, at)
            }
        }
    }
}

/// The findings columns of one batch, owned, in the findings schema's order.
struct Batch {
    cols: Vec<(&'static ColumnSpec, Owned)>,
}

impl Batch {
    fn of(batch: &RecordBatch, specs: &[Option<&'static ColumnSpec>]) -> Result<Batch, ArrowError> {
        let mut cols: Vec<(&'static ColumnSpec, Owned)> = Vec::new();
        for (spec, a) in specs.iter().zip(batch.columns()) {
            if let Some(spec) = spec {
                cols.push((spec, Owned::of(spec.kind, a)?));
            }
        }
        // The schema's order, whatever the table's column order.
        // (`COLUMNS` is a static, so a spec is identified by its address.)
        cols.sort_by_key(|(s, _)| COLUMNS.iter().position(|c| std::ptr::eq(c, *s)));
        Ok(Batch { cols })
    }
}

/// The columns of one batch, grouped as the core's reader reads them.
struct Layout<'a> {
    /// Top-level items in schema order: a column, or a section and its columns.
    top: Vec<Top<'a>>,
}

enum Top<'a> {
    Column(&'static ColumnSpec, Col<'a>),
    Section(&'static str, Vec<(&'static ColumnSpec, Col<'a>)>),
}

impl<'a> Layout<'a> {
    fn of(batch: &'a Batch) -> Result<Layout<'a>, ArrowError> {
        let mut top: Vec<Top<'a>> = Vec::new();
        for (spec, o) in &batch.cols {
            let v = Col::of(o)?;
            match spec.section {
                None => top.push(Top::Column(spec, v)),
                Some(sec) => match top.last_mut() {
                    Some(Top::Section(s, cols)) if *s == sec => cols.push((spec, v)),
                    _ => top.push(Top::Section(sec, vec![(spec, v)])),
                },
            }
        }
        Ok(Layout { top })
    }
}

// ---- a row seen through serde ------------------------------------------------------

/// Where the reader is, for the error message of a rejected row.
#[derive(Default)]
struct Where {
    column: StdCell<&'static str>,
    entry: StdCell<Option<usize>>,
}

impl Where {
    fn is_empty(&self) -> bool {
        self.column.get().is_empty()
    }
}

impl std::fmt::Display for Where {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.column.get(), self.entry.get()) {
            ("", _) => Ok(()),
            (c, Some(k)) => write!(f, "column {c}, entry {k}"),
            (c, None) => write!(f, "column {c}"),
        }
    }
}

/// The error of [`Cell`]: the core's error for a value of the wrong type or range.
#[derive(Debug)]
struct CellError(Error);

impl std::fmt::Display for CellError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for CellError {}

impl de::Error for CellError {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        CellError(Error::WrongType)
    }
}

/// One value of a row, as the core's findings reader asks for it.
#[derive(Clone, Copy)]
enum Cell<'a> {
    /// The findings object of row `.1`.
    Row(&'a Layout<'a>, usize, &'a Where),
    /// A section object (`labs`, `gnas`, ...) of row `.1`.
    Section(&'a [(&'static ColumnSpec, Col<'a>)], usize, &'a Where),
    /// An integer; `None` when outside u32 (negative or too large).
    Int(Option<u32>),
    Str(&'a str),
    Bool(bool),
    Null,
    /// The phenotype entries `.1..<.2` of the list's values.
    Entries(&'a EntriesCol<'a>, usize, usize, &'a Where),
    /// Entry `.1` of the list's values.
    Entry(&'a EntriesCol<'a>, usize),
    /// Modifier ids `.1..<.2` of the entry's modifier list. (Every variant borrows what
    /// is larger than a few words: a cell is copied at every key and value.)
    Modifiers(&'a StrCol<'a>, usize, usize),
}

// A cell is copied at every key and value the reader asks for: five words at most.
const _: () = assert!(std::mem::size_of::<Cell<'static>>() <= 40);

impl<'de> de::Deserializer<'de> for Cell<'_> {
    type Error = CellError;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, CellError> {
        // The findings schema always says what it expects.
        Err(CellError(Error::Internal))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        match self {
            Cell::Bool(b) => visitor.visit_bool(b),
            _ => Err(CellError(Error::WrongType)),
        }
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        match self {
            Cell::Int(Some(v)) => visitor.visit_u32(v),
            // The JSON path's error for a negative or overflowing integer.
            Cell::Int(None) => Err(CellError(Error::OutOfRange)),
            _ => Err(CellError(Error::WrongType)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        match self {
            Cell::Str(s) => visitor.visit_str(s),
            _ => Err(CellError(Error::WrongType)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        match self {
            Cell::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        match self {
            Cell::Entries(e, start, end, at) => visitor.visit_seq(EntrySeq {
                entries: e,
                next: start,
                start,
                end,
                at,
            }),
            Cell::Modifiers(items, start, end) => visitor.visit_seq(ModifierSeq {
                items,
                next: start,
                end,
            }),
            _ => Err(CellError(Error::WrongType)),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        match self {
            Cell::Row(layout, row, at) => visitor.visit_map(RowMap {
                items: layout.top.iter(),
                row,
                at,
                value: Cell::Null,
            }),
            Cell::Section(cols, row, at) => visitor.visit_map(SectionMap {
                cols: cols.iter(),
                row,
                at,
                value: Cell::Null,
            }),
            Cell::Entry(e, j) => visitor.visit_map(EntryMap {
                entries: e,
                j,
                field: 0,
                value: Cell::Null,
            }),
            _ => Err(CellError(Error::WrongType)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, CellError> {
        self.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u64 u128 f32 f64 char bytes byte_buf unit unit_struct
        newtype_struct tuple tuple_struct enum ignored_any
    }
}

/// The top-level entries of a row: columns that are not null, and sections that have a
/// value that is not null (a null cell is left out, exactly as an omitted key).
struct RowMap<'a, I> {
    items: I,
    row: usize,
    at: &'a Where,
    value: Cell<'a>,
}

impl<'de, 'a, I: Iterator<Item = &'a Top<'a>>> MapAccess<'de> for RowMap<'a, I> {
    type Error = CellError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, CellError> {
        for item in self.items.by_ref() {
            let (key, value) = match item {
                Top::Column(spec, v) => {
                    if v.is_null(self.row) {
                        continue;
                    }
                    self.at.column.set(spec.name);
                    self.at.entry.set(None);
                    (spec.key, v.cell(self.row, self.at))
                }
                Top::Section(name, cols) => {
                    if cols.iter().all(|(_, v)| v.is_null(self.row)) {
                        continue;
                    }
                    (*name, Cell::Section(cols, self.row, self.at))
                }
            };
            self.value = value;
            return seed.deserialize(Cell::Str(key)).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, CellError> {
        seed.deserialize(self.value)
    }
}

/// The entries of a section that are not null.
struct SectionMap<'a, I> {
    cols: I,
    row: usize,
    at: &'a Where,
    value: Cell<'a>,
}

impl<'de, 'a, I: Iterator<Item = &'a (&'static ColumnSpec, Col<'a>)>> MapAccess<'de>
    for SectionMap<'a, I>
{
    type Error = CellError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, CellError> {
        for (spec, v) in self.cols.by_ref() {
            if v.is_null(self.row) {
                continue;
            }
            self.at.column.set(spec.name);
            self.at.entry.set(None);
            self.value = v.cell(self.row, self.at);
            return seed.deserialize(Cell::Str(spec.key)).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, CellError> {
        seed.deserialize(self.value)
    }
}

/// The entries of one person's `phenotypes` list.
struct EntrySeq<'a> {
    entries: &'a EntriesCol<'a>,
    next: usize,
    start: usize,
    end: usize,
    at: &'a Where,
}

impl<'de> SeqAccess<'de> for EntrySeq<'_> {
    type Error = CellError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, CellError> {
        if self.next >= self.end {
            return Ok(None);
        }
        let j = self.next;
        self.next += 1;
        self.at.entry.set(Some(j - self.start));
        let present = match self.entries.entries {
            Some(valid) => valid.get(j),
            None => false,
        };
        let cell = if present {
            Cell::Entry(self.entries, j)
        } else {
            Cell::Null
        };
        seed.deserialize(cell).map(Some)
    }
}

/// The fields of one phenotype entry that are not null, in ENTRY_FIELDS order (`field`
/// is the index of the next one to look at).
struct EntryMap<'a> {
    entries: &'a EntriesCol<'a>,
    j: usize,
    field: u8,
    value: Cell<'a>,
}

impl<'de> MapAccess<'de> for EntryMap<'_> {
    type Error = CellError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, CellError> {
        let e = self.entries;
        let j = self.j;
        loop {
            let field = self.field;
            self.field = self.field.saturating_add(1);
            // The keys of ENTRY_FIELDS, in its order.
            let (key, value) = match field {
                0 => ("id", e.id.as_ref().and_then(|c| c.get(j)).map(Cell::Str)),
                1 => ("excluded", e.excluded.as_ref().map(|c| c.cell(j))),
                2 => ("onset_months", e.onset.as_ref().map(|c| c.cell(j))),
                3 => (
                    "modifiers",
                    e.modifiers.as_ref().and_then(|(offsets, valid, items)| {
                        valid.get(j).then(|| {
                            let (start, end) = range(offsets, j);
                            Cell::Modifiers(items, start, end)
                        })
                    }),
                ),
                _ => return Ok(None),
            };
            match value {
                None | Some(Cell::Null) => continue,
                Some(v) => {
                    self.value = v;
                    return seed.deserialize(Cell::Str(key)).map(Some);
                }
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, CellError> {
        seed.deserialize(self.value)
    }
}

/// The modifier ids of one entry (a null id is the JSON path's `null` in a list of ids).
struct ModifierSeq<'a> {
    items: &'a StrCol<'a>,
    next: usize,
    end: usize,
}

impl<'de> SeqAccess<'de> for ModifierSeq<'_> {
    type Error = CellError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, CellError> {
        if self.next >= self.end {
            return Ok(None);
        }
        let j = self.next;
        self.next += 1;
        let cell = self.items.get(j).map_or(Cell::Null, Cell::Str);
        seed.deserialize(cell).map(Some)
    }
}

// ---- results ------------------------------------------------------------------------

/// The results columns after person_id, in the order of `NativeAssessment::summary` (the
/// columns of `poh.assessments_frame`) with the error columns first: the names and types
/// of [`Out`]'s columns, in the order [`Out::finish`] gives them.
fn result_fields() -> Vec<Field> {
    let s = |n: String| Field::new(n, DataType::Utf8, true);
    let i = |n: String| Field::new(n, DataType::Int32, true);
    let mut c = vec![
        i("error_code".into()),
        s("error_kind".into()),
        s("error_message".into()),
        s("verdict".into()),
        Field::new("provisional", DataType::Boolean, true),
        s("flag".into()),
    ];
    c.extend(CRITERIA.iter().map(|k| s(format!("criterion.{}", k.key))));
    c.extend(
        SUPPORTING
            .iter()
            .map(|k| s(format!("supporting.{}", k.key))),
    );
    for name in ["poh_log10_lr_milli", "poh_posterior_permille", "poh_rank"] {
        c.push(i(name.into()));
    }
    c.push(s("leader_id".into()));
    c.push(s("leader_abbreviation".into()));
    c.push(i("leader_posterior_permille".into()));
    c.push(i("other_posterior_permille".into()));
    c.extend(
        DISEASES
            .iter()
            .map(|d| i(format!("posterior_permille.{}", d.abbreviation))),
    );
    c.extend(
        DISEASES
            .iter()
            .map(|d| i(format!("log10_lr_milli.{}", d.abbreviation))),
    );
    c.push(Field::new(
        "unrecognized",
        DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
        true,
    ));
    c
}

/// The results schema for an input schema: person_id (when the input has it, its type
/// kept), then [`result_fields`].
fn results_schema(input: &Schema) -> SchemaRef {
    let mut fields: Vec<Field> = Vec::new();
    if let Ok(f) = input.field_with_name(PERSON_ID) {
        fields.push(f.clone());
    }
    fields.extend(result_fields());
    Arc::new(Schema::new(fields))
}

/// The results columns of one batch being built, each its own typed builder (sized for
/// the batch), written directly: no dispatch per value.
struct Out {
    error_code: Int32Builder,
    error_kind: StringBuilder,
    error_message: StringBuilder,
    verdict: StringBuilder,
    provisional: BooleanBuilder,
    flag: StringBuilder,
    criteria: [StringBuilder; CRITERIA.len()],
    supporting: [StringBuilder; SUPPORTING.len()],
    poh_log10_lr_milli: Int32Builder,
    poh_posterior_permille: Int32Builder,
    poh_rank: Int32Builder,
    leader_id: StringBuilder,
    leader_abbreviation: StringBuilder,
    leader_posterior_permille: Int32Builder,
    other_posterior_permille: Int32Builder,
    posterior_permille: [Int32Builder; DISEASES.len()],
    log10_lr_milli: [Int32Builder; DISEASES.len()],
    unrecognized: ListBuilder<StringBuilder>,
}

/// The bytes per row reserved for a results string column: the verdict and presence
/// words are at most about that long.
const STR_BYTES: usize = 12;

impl Out {
    fn with_capacity(rows: usize) -> Out {
        let s = || StringBuilder::with_capacity(rows, rows * STR_BYTES);
        let i = || Int32Builder::with_capacity(rows);
        Out {
            error_code: i(),
            // Rejected rows are the exception: their columns grow as needed.
            error_kind: StringBuilder::with_capacity(rows, 0),
            error_message: StringBuilder::with_capacity(rows, 0),
            verdict: s(),
            provisional: BooleanBuilder::with_capacity(rows),
            flag: s(),
            criteria: std::array::from_fn(|_| s()),
            supporting: std::array::from_fn(|_| s()),
            poh_log10_lr_milli: i(),
            poh_posterior_permille: i(),
            poh_rank: i(),
            leader_id: StringBuilder::with_capacity(rows, rows * 12),
            leader_abbreviation: s(),
            leader_posterior_permille: i(),
            other_posterior_permille: i(),
            posterior_permille: std::array::from_fn(|_| i()),
            log10_lr_milli: std::array::from_fn(|_| i()),
            unrecognized: ListBuilder::with_capacity(StringBuilder::new(), rows),
        }
    }

    /// Every results column after the error columns gets a null.
    fn nulls_after_errors(&mut self) {
        self.verdict.append_null();
        self.provisional.append_null();
        self.flag.append_null();
        self.criteria.iter_mut().for_each(|b| b.append_null());
        self.supporting.iter_mut().for_each(|b| b.append_null());
        self.poh_log10_lr_milli.append_null();
        self.poh_posterior_permille.append_null();
        self.poh_rank.append_null();
        self.leader_id.append_null();
        self.leader_abbreviation.append_null();
        self.leader_posterior_permille.append_null();
        self.other_posterior_permille.append_null();
        self.posterior_permille
            .iter_mut()
            .for_each(|b| b.append_null());
        self.log10_lr_milli.iter_mut().for_each(|b| b.append_null());
        self.unrecognized.append_null();
    }

    /// Write an assessment's results, the three error columns null. Nothing is written
    /// when the assessment lacks what a column needs (`Error::Internal`, never expected).
    fn assessment(&mut self, a: &Assessment) -> Result<(), Error> {
        let (rank, poh) = a.poh_ranked().ok_or(Error::Internal)?;
        // The leading candidate, as NativeAssessment::summary takes it.
        let (leader, top) = a
            .differential
            .iter()
            .find_map(|r| DISEASES.get(usize::from(r.disease)).map(|d| (d, r)))
            .ok_or(Error::Internal)?;
        self.error_code.append_null();
        self.error_kind.append_null();
        self.error_message.append_null();
        self.verdict.append_value(a.verdict.as_str());
        self.provisional.append_value(a.provisional);
        self.flag.append_value(a.flag().as_str());
        for (b, r) in self.criteria.iter_mut().zip(a.criteria.iter()) {
            b.append_value(r.verdict.as_str());
        }
        for (b, r) in self.supporting.iter_mut().zip(a.supporting.iter()) {
            b.append_value(r.presence.as_str());
        }
        self.poh_log10_lr_milli.append_value(poh.log10_lr_milli);
        self.poh_posterior_permille
            .append_value(i32::from(poh.posterior_permille));
        self.poh_rank.append_option(i32::try_from(rank).ok());
        self.leader_id.append_value(leader.id);
        self.leader_abbreviation.append_value(leader.abbreviation);
        self.leader_posterior_permille
            .append_value(i32::from(top.posterior_permille));
        self.other_posterior_permille
            .append_option(a.other().map(|o| i32::from(o.posterior_permille)));
        // Disease columns in the knowledge base's table order, whatever the ranking.
        let mut by_table = [None; DISEASES.len()];
        for r in a.differential.iter() {
            if let Some(slot) = by_table.get_mut(usize::from(r.disease)) {
                *slot = Some(r);
            }
        }
        for ((p, l), r) in self
            .posterior_permille
            .iter_mut()
            .zip(self.log10_lr_milli.iter_mut())
            .zip(by_table.iter())
        {
            p.append_option(r.map(|r| i32::from(r.posterior_permille)));
            l.append_option(r.map(|r| r.log10_lr_milli));
        }
        let ids = self.unrecognized.values();
        for (id, _) in a.unrecognized.listed.iter() {
            // Written in place (HpoId's Display), no String per id.
            let _ = write!(ids, "{id}");
            ids.append_value("");
        }
        self.unrecognized.append(true);
        Ok(())
    }

    /// Write a rejected row: the error columns, every result column null. The message is
    /// said once, as every binding says it (issue 16): the error's text and where ("at
    /// column labs_tsh", "at column phenotypes, entry 1"), without the code and kind,
    /// which have their own columns.
    fn error(&mut self, e: Error, at: &Where) {
        self.error_code.append_value(i32::from(e.code()));
        self.error_kind.append_value(e.kind());
        if at.is_empty() {
            self.error_message.append_value(e.message());
        } else {
            let _ = write!(self.error_message, "{} at {at}", e.message());
            self.error_message.append_value("");
        }
        self.nulls_after_errors();
    }

    /// The finished columns, in the order of [`result_fields`].
    fn finish(mut self) -> Vec<ArrayRef> {
        fn s(b: &mut StringBuilder) -> ArrayRef {
            Arc::new(b.finish())
        }
        fn i(b: &mut Int32Builder) -> ArrayRef {
            Arc::new(b.finish())
        }
        let mut c: Vec<ArrayRef> = vec![
            i(&mut self.error_code),
            s(&mut self.error_kind),
            s(&mut self.error_message),
            s(&mut self.verdict),
            Arc::new(self.provisional.finish()),
            s(&mut self.flag),
        ];
        c.extend(self.criteria.iter_mut().map(s));
        c.extend(self.supporting.iter_mut().map(s));
        c.push(i(&mut self.poh_log10_lr_milli));
        c.push(i(&mut self.poh_posterior_permille));
        c.push(i(&mut self.poh_rank));
        c.push(s(&mut self.leader_id));
        c.push(s(&mut self.leader_abbreviation));
        c.push(i(&mut self.leader_posterior_permille));
        c.push(i(&mut self.other_posterior_permille));
        c.extend(self.posterior_permille.iter_mut().map(i));
        c.extend(self.log10_lr_milli.iter_mut().map(i));
        c.push(Arc::new(self.unrecognized.finish()));
        c
    }
}

/// What one evaluation needs, allocated once per stream (the assessment is some KiB).
#[derive(Default)]
struct Scratch {
    findings: Findings,
    assessment: Assessment,
}

/// Evaluate one batch (at most MAX_BATCH_ROWS rows) into its results batch.
fn evaluate_batch(
    batch: &RecordBatch,
    specs: &[Option<&'static ColumnSpec>],
    schema: &SchemaRef,
    scratch: &mut Scratch,
) -> Result<RecordBatch, ArrowError> {
    let owned = Batch::of(batch, specs)?;
    let layout = Layout::of(&owned)?;
    let rows = batch.num_rows();
    let mut out = Out::with_capacity(rows);
    let at = Where::default();
    for row in 0..rows {
        at.column.set("");
        at.entry.set(None);
        let read =
            json::findings_from_deserializer(Cell::Row(&layout, row, &at), &mut scratch.findings);
        match read {
            Ok(()) => match poh_core::evaluate(&scratch.findings, &mut scratch.assessment) {
                Ok(()) => out
                    .assessment(&scratch.assessment)
                    .map_err(|e| ArrowError::ComputeError(e.to_string()))?,
                Err(e) => out.error(e, &Where::default()),
            },
            Err(ReadError::Schema(e)) | Err(ReadError::Deserializer(CellError(e))) => {
                out.error(e, &at)
            }
        }
    }
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(schema.fields().len());
    if let Ok(i) = batch.schema().index_of(PERSON_ID) {
        arrays.push(batch.column(i).clone());
    }
    arrays.extend(out.finish());
    RecordBatch::try_new(schema.clone(), arrays)
}

/// The results stream: pulls an input batch, evaluates it with the GIL released, hands
/// back its results; nothing is read ahead.
struct Results {
    input: Box<dyn RecordBatchReader + Send>,
    specs: Vec<Option<&'static ColumnSpec>>,
    schema: SchemaRef,
    scratch: Box<Scratch>,
    /// The input batch being cut into MAX_BATCH_ROWS slices, and the next offset in it.
    pending: Option<(RecordBatch, usize)>,
}

impl Results {
    fn next_slice(&mut self) -> Option<Result<RecordBatch, ArrowError>> {
        loop {
            if let Some((batch, offset)) = &mut self.pending {
                if *offset < batch.num_rows() {
                    let len = MAX_BATCH_ROWS.min(batch.num_rows() - *offset);
                    let slice = batch.slice(*offset, len);
                    *offset += len;
                    return Some(Ok(slice));
                }
                self.pending = None;
            }
            match self.input.next()? {
                Ok(b) => self.pending = Some((b, 0)),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

impl Iterator for Results {
    type Item = Result<RecordBatch, ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        // The caller may or may not hold the GIL (pyarrow reads C streams either way);
        // attach, then release it for the work: the input stream takes it back itself if
        // it is made of Python objects.
        Python::attach(|py| {
            py.detach(|| {
                let slice = match self.next_slice()? {
                    Ok(s) => s,
                    Err(e) => return Some(Err(e)),
                };
                Some(evaluate_batch(
                    &slice,
                    &self.specs,
                    &self.schema,
                    &mut self.scratch,
                ))
            })
        })
    }
}

impl RecordBatchReader for Results {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }
}

/// Evaluate findings rows given as Arrow (anything with `__arrow_c_stream__` or
/// `__arrow_c_array__`); returns an Arrow stream (`__arrow_c_stream__`) of results, one
/// row per input row in order, evaluated as the stream is read. See py/README.md, "Arrow".
#[pyfunction]
pub(crate) fn evaluate_arrow(
    py: Python<'_>,
    data: AnyRecordBatch,
) -> PyResult<PyRecordBatchReader> {
    let input = data.into_reader()?;
    let in_schema = input.schema();
    let specs = check_schema(&in_schema).map_err(|(e, d)| crate::to_pyerr(py, e, Some(&d)))?;
    let schema = results_schema(&in_schema);
    Ok(PyRecordBatchReader::new(Box::new(Results {
        input,
        specs,
        schema,
        scratch: Box::default(),
        pending: None,
    })))
}
