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
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Int32Builder, ListBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::{Int64Type, UInt64Type};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Int64Array, ListArray, RecordBatch, RecordBatchReader,
    StringArray, StructArray, UInt64Array,
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

/// Integers, read as i64 or u64 (every other integer type is widened losslessly).
enum Ints {
    Signed(Int64Array),
    Unsigned(UInt64Array),
}

impl Ints {
    fn of(a: &ArrayRef) -> Result<Ints, ArrowError> {
        Ok(match a.data_type() {
            DataType::UInt64 => Ints::Unsigned(a.as_primitive::<UInt64Type>().clone()),
            _ => Ints::Signed(
                arrow_cast::cast(a, &DataType::Int64)?
                    .as_primitive::<Int64Type>()
                    .clone(),
            ),
        })
    }
    fn is_null(&self, i: usize) -> bool {
        match self {
            Ints::Signed(a) => a.is_null(i),
            Ints::Unsigned(a) => a.is_null(i),
        }
    }
    /// The value as u32, `None` when it does not fit (negative or too large).
    fn value(&self, i: usize) -> Option<u32> {
        match self {
            Ints::Signed(a) => u32::try_from(a.value(i)).ok(),
            Ints::Unsigned(a) => u32::try_from(a.value(i)).ok(),
        }
    }
}

fn strings(a: &ArrayRef) -> Result<StringArray, ArrowError> {
    match a.data_type() {
        DataType::Utf8 => Ok(a.as_string::<i32>().clone()),
        _ => Ok(arrow_cast::cast(a, &DataType::Utf8)?
            .as_string::<i32>()
            .clone()),
    }
}

/// The values of one findings column.
enum Values {
    /// An all-null column (Arrow's `null` type).
    Null,
    Int(Ints),
    Str(StringArray),
    Bool(BooleanArray),
    Phenotypes(Box<Entries>),
}

impl Values {
    fn of(kind: Kind, a: &ArrayRef) -> Result<Values, ArrowError> {
        if a.data_type() == &DataType::Null {
            return Ok(Values::Null);
        }
        Ok(match kind {
            Kind::Int => Values::Int(Ints::of(a)?),
            Kind::Str => Values::Str(strings(a)?),
            Kind::Bool => Values::Bool(a.as_boolean().clone()),
            Kind::Phenotypes => Values::Phenotypes(Box::new(Entries::of(a)?)),
        })
    }
    fn is_null(&self, i: usize) -> bool {
        match self {
            Values::Null => true,
            Values::Int(a) => a.is_null(i),
            Values::Str(a) => a.is_null(i),
            Values::Bool(a) => a.is_null(i),
            Values::Phenotypes(p) => p.list.is_null(i),
        }
    }
    /// The cell of row `i`, as the core's reader sees it.
    fn cell<'a>(&'a self, i: usize, at: &'a Where) -> Cell<'a> {
        if self.is_null(i) {
            return Cell::Null;
        }
        match self {
            Values::Null => Cell::Null,
            Values::Int(a) => Cell::Int(a.value(i)),
            Values::Str(a) => Cell::Str(a.value(i)),
            Values::Bool(a) => Cell::Bool(a.value(i)),
            Values::Phenotypes(p) => {
                let offsets = p.list.value_offsets();
                let start = offsets.get(i).copied().unwrap_or(0);
                let end = offsets.get(i + 1).copied().unwrap_or(start);
                Cell::Entries(p, as_index(start), as_index(end), at)
            }
        }
    }
}

fn as_index(o: i32) -> usize {
    usize::try_from(o).unwrap_or(0)
}

/// The `phenotypes` column: the list (LargeList is cast to List) and its struct's fields.
struct Entries {
    list: ListArray,
    entries: Option<StructArray>,
    id: Option<StringArray>,
    excluded: Option<BooleanArray>,
    onset: Option<Ints>,
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
                "onset_months" => e.onset = Some(Ints::of(c)?),
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

/// The columns of one batch, grouped as the core's reader reads them.
struct Layout {
    /// Top-level items in schema order: a column, or a section and its columns.
    top: Vec<Top>,
}

enum Top {
    Column(&'static ColumnSpec, Values),
    Section(&'static str, Vec<(&'static ColumnSpec, Values)>),
}

impl Layout {
    fn of(
        batch: &RecordBatch,
        specs: &[Option<&'static ColumnSpec>],
    ) -> Result<Layout, ArrowError> {
        let mut by_spec: Vec<(&'static ColumnSpec, Values)> = Vec::new();
        for (spec, a) in specs.iter().zip(batch.columns()) {
            if let Some(spec) = spec {
                by_spec.push((spec, Values::of(spec.kind, a)?));
            }
        }
        // The schema's order, whatever the table's column order.
        // (`COLUMNS` is a static, so a spec is identified by its address.)
        by_spec.sort_by_key(|(s, _)| COLUMNS.iter().position(|c| std::ptr::eq(c, *s)));
        let mut top: Vec<Top> = Vec::new();
        for (spec, v) in by_spec {
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
    fn text(&self) -> String {
        match (self.column.get(), self.entry.get()) {
            ("", _) => String::new(),
            (c, Some(k)) => format!("column {c}, entry {k}"),
            (c, None) => format!("column {c}"),
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
    Row(&'a Layout, usize, &'a Where),
    /// A section object (`labs`, `gnas`, ...) of row `.1`.
    Section(&'a [(&'static ColumnSpec, Values)], usize, &'a Where),
    /// An integer; `None` when outside u32 (negative or too large).
    Int(Option<u32>),
    Str(&'a str),
    Bool(bool),
    Null,
    /// The phenotype entries `.1..<.2` of the list's values.
    Entries(&'a Entries, usize, usize, &'a Where),
    /// Entry `.1` of the list's values.
    Entry(&'a Entries, usize),
    /// Modifier ids `.1..<.2` of the entry's modifier list.
    Modifiers(&'a StringArray, usize, usize),
}

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

impl<'de, 'a, I: Iterator<Item = &'a Top>> MapAccess<'de> for RowMap<'a, I> {
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

impl<'de, 'a, I: Iterator<Item = &'a (&'static ColumnSpec, Values)>> MapAccess<'de>
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
    entries: &'a Entries,
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
        let null = match &self.entries.entries {
            Some(st) => st.is_null(j),
            None => true,
        };
        let cell = if null {
            Cell::Null
        } else {
            Cell::Entry(self.entries, j)
        };
        seed.deserialize(cell).map(Some)
    }
}

/// The fields of one phenotype entry that are not null, in ENTRY_FIELDS order.
struct EntryMap<'a> {
    entries: &'a Entries,
    j: usize,
    field: usize,
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
        while let Some((name, _)) = ENTRY_FIELDS.get(self.field) {
            self.field += 1;
            let value = match *name {
                "id" => {
                    e.id.as_ref()
                        .filter(|a| !a.is_null(j))
                        .map(|a| Cell::Str(a.value(j)))
                }
                "excluded" => e
                    .excluded
                    .as_ref()
                    .filter(|a| !a.is_null(j))
                    .map(|a| Cell::Bool(a.value(j))),
                "onset_months" => e
                    .onset
                    .as_ref()
                    .filter(|a| !a.is_null(j))
                    .map(|a| Cell::Int(a.value(j))),
                _ => e
                    .modifiers
                    .as_ref()
                    .filter(|(l, _)| !l.is_null(j))
                    .map(|(l, items)| {
                        let offsets = l.value_offsets();
                        let start = offsets.get(j).copied().unwrap_or(0);
                        let end = offsets.get(j + 1).copied().unwrap_or(start);
                        Cell::Modifiers(items, as_index(start), as_index(end))
                    }),
            };
            if let Some(v) = value {
                self.value = v;
                return seed.deserialize(Cell::Str(name)).map(Some);
            }
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, CellError> {
        seed.deserialize(self.value)
    }
}

/// The modifier ids of one entry (a null id is the JSON path's `null` in a list of ids).
struct ModifierSeq<'a> {
    items: &'a StringArray,
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
        let cell = if self.items.is_null(j) {
            Cell::Null
        } else {
            Cell::Str(self.items.value(j))
        };
        seed.deserialize(cell).map(Some)
    }
}

// ---- results ------------------------------------------------------------------------

/// A results column being built.
enum Out {
    Str(StringBuilder),
    Int(Int32Builder),
    Bool(BooleanBuilder),
    StrList(ListBuilder<StringBuilder>),
}

impl Out {
    fn data_type(&self) -> DataType {
        match self {
            Out::Str(_) => DataType::Utf8,
            Out::Int(_) => DataType::Int32,
            Out::Bool(_) => DataType::Boolean,
            Out::StrList(_) => DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
        }
    }
    fn null(&mut self) {
        match self {
            Out::Str(b) => b.append_null(),
            Out::Int(b) => b.append_null(),
            Out::Bool(b) => b.append_null(),
            Out::StrList(b) => b.append_null(),
        }
    }
    fn finish(&mut self) -> ArrayRef {
        match self {
            Out::Str(b) => Arc::new(b.finish()),
            Out::Int(b) => Arc::new(b.finish()),
            Out::Bool(b) => Arc::new(b.finish()),
            Out::StrList(b) => Arc::new(b.finish()),
        }
    }
}

/// The results columns after person_id, in the order of `NativeAssessment::summary` (the
/// columns of `poh.assessments_frame`) with the error columns first.
fn result_columns(rows: usize) -> Vec<(String, Out)> {
    let s = || Out::Str(StringBuilder::with_capacity(rows, rows * 8));
    let i = || Out::Int(Int32Builder::with_capacity(rows));
    let mut c: Vec<(String, Out)> = vec![
        ("error_code".into(), i()),
        ("error_kind".into(), s()),
        ("error_message".into(), s()),
        ("verdict".into(), s()),
        (
            "provisional".into(),
            Out::Bool(BooleanBuilder::with_capacity(rows)),
        ),
        ("flag".into(), s()),
    ];
    c.extend(
        CRITERIA
            .iter()
            .map(|k| (format!("criterion.{}", k.key), s())),
    );
    c.extend(
        SUPPORTING
            .iter()
            .map(|k| (format!("supporting.{}", k.key), s())),
    );
    for name in ["poh_log10_lr_milli", "poh_posterior_permille", "poh_rank"] {
        c.push((name.into(), i()));
    }
    c.push(("leader_id".into(), s()));
    c.push(("leader_abbreviation".into(), s()));
    c.push(("leader_posterior_permille".into(), i()));
    c.push(("other_posterior_permille".into(), i()));
    c.extend(
        DISEASES
            .iter()
            .map(|d| (format!("posterior_permille.{}", d.abbreviation), i())),
    );
    c.extend(
        DISEASES
            .iter()
            .map(|d| (format!("log10_lr_milli.{}", d.abbreviation), i())),
    );
    c.push((
        "unrecognized".into(),
        Out::StrList(ListBuilder::new(StringBuilder::new())),
    ));
    c
}

/// The results schema for an input schema: person_id (when the input has it, its type
/// kept), then [`result_columns`].
fn results_schema(input: &Schema) -> SchemaRef {
    let mut fields: Vec<Field> = Vec::new();
    if let Ok(f) = input.field_with_name(PERSON_ID) {
        fields.push(f.clone());
    }
    for (name, out) in result_columns(0) {
        fields.push(Field::new(name, out.data_type(), true));
    }
    Arc::new(Schema::new(fields))
}

/// Appends one row's values in column order.
struct RowOut<'a> {
    cols: std::slice::IterMut<'a, (String, Out)>,
}

impl RowOut<'_> {
    fn next(&mut self) -> Result<&mut Out, Error> {
        self.cols.next().map(|(_, o)| o).ok_or(Error::Internal)
    }
    fn str(&mut self, v: &str) -> Result<(), Error> {
        match self.next()? {
            Out::Str(b) => b.append_value(v),
            _ => return Err(Error::Internal),
        }
        Ok(())
    }
    fn int(&mut self, v: Option<i64>) -> Result<(), Error> {
        match self.next()? {
            Out::Int(b) => b.append_option(v.and_then(|v| i32::try_from(v).ok())),
            _ => return Err(Error::Internal),
        }
        Ok(())
    }
    fn bool(&mut self, v: bool) -> Result<(), Error> {
        match self.next()? {
            Out::Bool(b) => b.append_value(v),
            _ => return Err(Error::Internal),
        }
        Ok(())
    }
    fn null(&mut self) -> Result<(), Error> {
        self.next()?.null();
        Ok(())
    }
}

/// Write an assessment's results after the three (null) error columns.
fn put_assessment(out: &mut RowOut<'_>, a: &Assessment) -> Result<(), Error> {
    for _ in 0..3 {
        out.null()?;
    }
    out.str(a.verdict.as_str())?;
    out.bool(a.provisional)?;
    out.str(a.flag().as_str())?;
    for r in a.criteria.iter().take(CRITERIA.len()) {
        out.str(r.verdict.as_str())?;
    }
    for r in a.supporting.iter().take(SUPPORTING.len()) {
        out.str(r.presence.as_str())?;
    }
    let (rank, poh) = a.poh_ranked().ok_or(Error::Internal)?;
    out.int(Some(i64::from(poh.log10_lr_milli)))?;
    out.int(Some(i64::from(poh.posterior_permille)))?;
    out.int(i64::try_from(rank).ok())?;
    // The leading candidate, as NativeAssessment::summary takes it.
    let (leader, top) = a
        .differential
        .iter()
        .find_map(|r| DISEASES.get(usize::from(r.disease)).map(|d| (d, r)))
        .ok_or(Error::Internal)?;
    out.str(leader.id)?;
    out.str(leader.abbreviation)?;
    out.int(Some(i64::from(top.posterior_permille)))?;
    out.int(a.other().map(|o| i64::from(o.posterior_permille)))?;
    // Disease columns in the knowledge base's table order, whatever the ranking.
    let mut by_table = [None; DISEASES.len()];
    for r in a.differential.iter() {
        if let Some(slot) = by_table.get_mut(usize::from(r.disease)) {
            *slot = Some(r);
        }
    }
    for r in by_table.iter() {
        out.int(r.map(|r| i64::from(r.posterior_permille)))?;
    }
    for r in by_table.iter() {
        out.int(r.map(|r| i64::from(r.log10_lr_milli)))?;
    }
    match out.next()? {
        Out::StrList(b) => {
            for (id, _) in a.unrecognized.listed.iter() {
                b.values().append_value(id.to_string());
            }
            b.append(true);
        }
        _ => return Err(Error::Internal),
    }
    Ok(())
}

/// Write a rejected row: the error columns, every result column null. The message is said
/// once, as every binding says it (issue 16): the error's text and where ("at column
/// labs_tsh", "at column phenotypes, entry 1"), without the code and kind, which have
/// their own columns.
fn put_error(out: &mut RowOut<'_>, e: Error, at: &str) -> Result<(), Error> {
    out.int(Some(i64::from(e.code())))?;
    out.str(e.kind())?;
    if at.is_empty() {
        out.str(e.message())?;
    } else {
        out.str(&format!("{} at {at}", e.message()))?;
    }
    for (_, o) in out.cols.by_ref() {
        o.null();
    }
    Ok(())
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
    let layout = Layout::of(batch, specs)?;
    let rows = batch.num_rows();
    let mut cols = result_columns(rows);
    let at = Where::default();
    for row in 0..rows {
        at.column.set("");
        at.entry.set(None);
        let read =
            json::findings_from_deserializer(Cell::Row(&layout, row, &at), &mut scratch.findings);
        let mut out = RowOut {
            cols: cols.iter_mut(),
        };
        let written = match read {
            Ok(()) => match poh_core::evaluate(&scratch.findings, &mut scratch.assessment) {
                Ok(()) => put_assessment(&mut out, &scratch.assessment),
                Err(e) => put_error(&mut out, e, ""),
            },
            Err(ReadError::Schema(e)) | Err(ReadError::Deserializer(CellError(e))) => {
                put_error(&mut out, e, &at.text())
            }
        };
        written.map_err(|e| ArrowError::ComputeError(e.to_string()))?;
    }
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(cols.len() + 1);
    if let Ok(i) = batch.schema().index_of(PERSON_ID) {
        arrays.push(batch.column(i).clone());
    }
    arrays.extend(cols.iter_mut().map(|(_, o)| o.finish()));
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
