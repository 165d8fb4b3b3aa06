//! A serde `Deserializer` over plain Python values, so that the core's own findings reader
//! (`poh_core::json::findings_from_deserializer`, the seeds the JSON path runs) reads a
//! dict without it being written as JSON text first.
//!
//! Hand-written, not the pythonize crate: pythonize 0.29.0, its newest release, is built
//! on pyo3 0.29 and none exists for pyo3 0.30; and pythonize reads leniently where the
//! schema must not (a bool from any truthy value, a sequence from any `Sequence` or set, a
//! map from any `Mapping` or dataclass), which would accept dicts whose JSON text the core
//! rejects.
//!
//! The rule that keeps the dict path identical to the JSON path: this reader takes only
//! values whose JSON text `json.dumps` writes without any choice of its own and that the
//! JSON path reads back as the same value: exactly `dict` with `str` keys, `list`,
//! `tuple`, `str`, `int` (not `bool`), `bool` and `None`. Anything else (a float, a
//! subclass, a set, a non-`str` key, a str with lone surrogates), and any value the
//! schema refuses, makes it decline; the caller then hands the JSON text of the value to
//! the JSON path, which decides. So a dict is either read here into exactly the findings
//! its JSON text gives, or the error reported is the JSON path's own, in every corner
//! (e.g. a fraction anywhere in the document outranks an earlier unknown key there,
//! because the JSON path checks integers before the schema).

use std::fmt;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyList, PyString, PyTuple};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

/// The reader declined the value: the caller must use the JSON text route instead.
#[derive(Debug)]
pub(crate) struct Declined;

impl fmt::Display for Declined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not read as a plain Python value")
    }
}

impl std::error::Error for Declined {}

impl de::Error for Declined {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Declined
    }
}

/// One Python value seen through serde.
pub(crate) struct PythonValue<'a, 'py>(pub(crate) &'a Bound<'py, PyAny>);

impl<'de> de::Deserializer<'de> for PythonValue<'_, '_> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Declined> {
        // The findings schema always says what it expects; it never asks for "anything".
        Err(Declined)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self.0.cast_exact::<PyBool>() {
            Ok(b) => visitor.visit_bool(b.is_true()),
            Err(_) => Err(Declined),
        }
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        // Exactly `int`: a `bool` is an `int` subclass, and JSON `true` is no number.
        if !self.0.is_exact_instance_of::<PyInt>() {
            return Err(Declined);
        }
        match self.0.extract::<u32>() {
            Ok(v) => visitor.visit_u32(v),
            Err(_) => Err(Declined),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self.0.cast_exact::<PyString>() {
            // `to_str` borrows CPython's cached UTF-8 (abi3-py310): no copy, no allocation.
            Ok(s) => visitor.visit_str(s.to_str().map_err(|_| Declined)?),
            Err(_) => Err(Declined),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        if self.0.is_none() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        if let Ok(l) = self.0.cast_exact::<PyList>() {
            visitor.visit_seq(Items(l.iter()))
        } else if let Ok(t) = self.0.cast_exact::<PyTuple>() {
            visitor.visit_seq(Items(t.iter()))
        } else {
            Err(Declined)
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self.0.cast_exact::<PyDict>() {
            Ok(d) => visitor.visit_map(Entries {
                entries: d.iter(),
                value: None,
            }),
            Err(_) => Err(Declined),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Declined> {
        self.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u64 u128 f32 f64 char bytes byte_buf unit unit_struct
        newtype_struct tuple tuple_struct enum ignored_any
    }
}

/// The items of a list or tuple.
struct Items<I>(I);

impl<'de, 'py, I: Iterator<Item = Bound<'py, PyAny>>> SeqAccess<'de> for Items<I> {
    type Error = Declined;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Declined> {
        match self.0.next() {
            Some(item) => seed.deserialize(PythonValue(&item)).map(Some),
            None => Ok(None),
        }
    }
}

/// The entries of a dict, in its order (the order `json.dumps` writes them in).
struct Entries<'py> {
    entries: pyo3::types::iter::BoundDictIterator<'py>,
    value: Option<Bound<'py, PyAny>>,
}

impl<'de> MapAccess<'de> for Entries<'_> {
    type Error = Declined;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Declined> {
        match self.entries.next() {
            Some((k, v)) => {
                self.value = Some(v);
                // A key that is not exactly `str` is declined by `deserialize_str`:
                // `json.dumps` would have turned 1, True or None into text of its own.
                seed.deserialize(PythonValue(&k)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Declined> {
        match self.value.take() {
            Some(v) => seed.deserialize(PythonValue(&v)),
            None => Err(Declined),
        }
    }
}
