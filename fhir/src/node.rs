//! A JSON tree that borrows its strings from the input text: what the reader walks.
//!
//! `serde_json::Value` (with `preserve_order`) copies every key and string and hashes
//! every key of every object into an index map; on the CDS Hooks service's requests
//! building that tree was most of the CPU time (perf, bench/service.sh). A [`Node`] is
//! parsed by serde_json's own parser (through serde, no parser here) from `&'a str` or
//! `&'a [u8]`, and keeps each string and key as a slice of the input unless it has an
//! escape; an object is a vector of its members.
//!
//! It means what a `Value` means: an object's members are in document order, a key given
//! twice keeps the place of its first occurrence and the value of its last (as
//! `serde_json::Map::insert`), numbers are `serde_json::Number`s (a non-finite float is
//! `null`, as in a `Value`), and [`Node::from_value`] / [`Node::borrowed`] give the same
//! tree as parsing the text. Not for a build with serde_json's `arbitrary_precision`
//! feature, which hands numbers to a deserializer as objects: there, parse a `Value` and
//! use [`Node::borrowed`] (as [`crate::read_str`] does).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Number, Value};

/// A JSON value whose strings borrow from the text it was parsed from.
#[derive(Debug, Clone, PartialEq)]
pub enum Node<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Node<'a>>),
    /// An object.
    Object(Object<'a>),
}

/// A JSON object: its members in document order, each key once.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object<'a> {
    members: Vec<(Cow<'a, str>, Node<'a>)>,
}

/// Objects up to this many members find a repeated key by a linear search; larger ones
/// while being parsed through a hash index (a large object must not cost quadratic time).
const LINEAR_MEMBERS: usize = 16;

impl<'a> Object<'a> {
    /// An empty object.
    pub fn new() -> Object<'a> {
        Object {
            members: Vec::new(),
        }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Whether `key` is a member.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether there is no member.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The members in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Node<'a>)> {
        self.members.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// Set `key` to `value`: in its place when present (the old value returned), else
    /// last; as `serde_json::Map::insert`.
    pub fn insert(&mut self, key: Cow<'a, str>, value: Node<'a>) -> Option<Node<'a>> {
        match self.members.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => Some(std::mem::replace(v, value)),
            None => {
                self.members.push((key, value));
                None
            }
        }
    }

    /// Remove `key`, the last member taking its place: as `serde_json::Map::remove` (a
    /// `swap_remove`) with `preserve_order`.
    pub fn swap_remove(&mut self, key: &str) -> Option<Node<'a>> {
        let i = self.members.iter().position(|(k, _)| k == key)?;
        Some(self.members.swap_remove(i).1)
    }

    /// The object as a `serde_json::Map`.
    pub fn to_map(&self) -> Map<String, Value> {
        self.members
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_value()))
            .collect()
    }

    /// The object of a `serde_json::Map`, borrowing its strings.
    pub fn borrowed(map: &'a Map<String, Value>) -> Object<'a> {
        Object {
            members: map
                .iter()
                .map(|(k, v)| (Cow::Borrowed(k.as_str()), Node::borrowed(v)))
                .collect(),
        }
    }
}

impl<'a> Node<'a> {
    /// The tree of a `serde_json::Value`, borrowing its strings.
    pub fn borrowed(value: &'a Value) -> Node<'a> {
        match value {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Number(n.clone()),
            Value::String(s) => Node::String(Cow::Borrowed(s)),
            Value::Array(a) => Node::Array(a.iter().map(Node::borrowed).collect()),
            Value::Object(o) => Node::Object(Object::borrowed(o)),
        }
    }

    /// The tree of a `serde_json::Value`, owning its strings.
    pub fn from_value(value: Value) -> Node<'static> {
        match value {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(b),
            Value::Number(n) => Node::Number(n),
            Value::String(s) => Node::String(Cow::Owned(s)),
            Value::Array(a) => Node::Array(a.into_iter().map(Node::from_value).collect()),
            Value::Object(o) => Node::Object(Object {
                members: o
                    .into_iter()
                    .map(|(k, v)| (Cow::Owned(k), Node::from_value(v)))
                    .collect(),
            }),
        }
    }

    /// The same tree as a `serde_json::Value`.
    pub fn to_value(&self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(n) => Value::Number(n.clone()),
            Node::String(s) => Value::String(s.to_string()),
            Node::Array(a) => Value::Array(a.iter().map(Node::to_value).collect()),
            Node::Object(o) => Value::Object(o.to_map()),
        }
    }

    /// `self[key]` when `self` is an object.
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.as_object()?.get(key)
    }

    /// The string, if it is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    /// The object, if it is one.
    pub fn as_object(&self) -> Option<&Object<'a>> {
        match self {
            Node::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The array, if it is one.
    pub fn as_array(&self) -> Option<&[Node<'a>]> {
        match self {
            Node::Array(a) => Some(a),
            _ => None,
        }
    }

    /// Whether it is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Node::Null)
    }

    /// Whether it is a number.
    pub fn is_number(&self) -> bool {
        matches!(self, Node::Number(_))
    }

    /// Whether it is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Node::Object(_))
    }
}

impl<'de> Deserialize<'de> for Node<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node<'de>, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Node<'de>, E> {
        Ok(Node::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Node<'de>, E> {
        Ok(Node::Number(n.into()))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Node<'de>, E> {
        Ok(Node::Number(n.into()))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Node<'de>, E> {
        Ok(Number::from_f64(n).map_or(Node::Null, Node::Number))
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Borrowed(s)))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Owned(s.to_string())))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Owned(s)))
    }

    fn visit_none<E: de::Error>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node<'de>, D::Error> {
        Node::deserialize(d)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element()? {
            items.push(v);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let mut members: Vec<(Cow<'de, str>, Node<'de>)> = Vec::new();
        // Built once the object is larger than LINEAR_MEMBERS: key -> place.
        let mut index: Option<HashMap<Cow<'de, str>, usize>> = None;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let value: Node<'de> = map.next_value()?;
            let at = match &mut index {
                Some(ix) => ix.get(&key).copied(),
                None => members.iter().position(|(k, _)| *k == key),
            };
            if let Some(slot) = at.and_then(|i| members.get_mut(i)) {
                slot.1 = value;
                continue;
            }
            if let Some(ix) = &mut index {
                ix.insert(key.clone(), members.len());
            }
            members.push((key, value));
            if index.is_none() && members.len() > LINEAR_MEMBERS {
                index = Some(
                    members
                        .iter()
                        .enumerate()
                        .map(|(i, (k, _))| (k.clone(), i))
                        .collect(),
                );
            }
        }
        Ok(Node::Object(Object { members }))
    }
}

/// An object key, borrowed from the input when it has no escape.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(KeySeed)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(s))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(s.to_string()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parsing text into a Node gives the tree of the Value parsed from the same text.
    fn same(text: &str) {
        let v: Value = serde_json::from_str(text).unwrap();
        let n: Node<'_> = serde_json::from_str(text).unwrap();
        assert_eq!(n, Node::borrowed(&v), "{text}");
        assert_eq!(n.to_value(), v, "{text}");
        assert_eq!(Node::from_value(v.clone()), n, "{text}");
        let n: Node<'_> = serde_json::from_slice(text.as_bytes()).unwrap();
        assert_eq!(n, Node::borrowed(&v), "{text}");
        // Key order too (Value's PartialEq ignores it).
        assert_eq!(
            serde_json::to_string(&n.to_value()).unwrap(),
            serde_json::to_string(&v).unwrap()
        );
    }

    #[test]
    fn a_node_means_what_a_value_means() {
        same(r#"{"b": 1, "a": [true, null, -2, 3.5, 1e300, 18446744073709551615], "c": "x"}"#);
        same(r#"{"k": 1, "j": 2, "k": 3}"#);
        same(r#"{"\u0041": "\"esc\" \u00e9", "A": 2, "é": "é"}"#);
        same(r#"[{}, [], "", 0, -0, 0.0, {"a": {"a": {"a": null}}}]"#);
        let many: Vec<String> = (0..100).map(|i| format!("\"k{}\": {i}", i % 37)).collect();
        same(&format!("{{{}}}", many.join(",")));
        let n: Node<'_> = serde_json::from_str(r#"{"k": 1, "j": 2, "k": 3}"#).unwrap();
        let keys: Vec<&str> = n.as_object().unwrap().iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["k", "j"]);
        assert_eq!(n.get("k").unwrap().to_value(), serde_json::json!(3));
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        let text = r#"{"plain": "text", "esc\n": "a\tb"}"#;
        let n: Node<'_> = serde_json::from_str(text).unwrap();
        let o = n.as_object().unwrap();
        let (k0, v0) = o.members.first().unwrap();
        assert!(matches!(k0, Cow::Borrowed(_)));
        assert!(matches!(v0, Node::String(Cow::Borrowed(_))));
        let (k1, v1) = o.members.get(1).unwrap();
        assert!(matches!(k1, Cow::Owned(_)));
        assert!(matches!(v1, Node::String(Cow::Owned(_))));
    }

    #[test]
    fn syntax_errors_are_the_same_as_a_values() {
        for bad in [
            "",
            "{",
            r#"{"a": }"#,
            r#"{"a": 1,}"#,
            "[1, 2",
            r#"{"a": 1} x"#,
            "1e400",
            r#""\ud800""#,
            "nul",
            &"[".repeat(200),
        ] {
            let v = serde_json::from_str::<Value>(bad).unwrap_err().to_string();
            let n = serde_json::from_str::<Node<'_>>(bad)
                .unwrap_err()
                .to_string();
            assert_eq!(n, v, "{bad}");
        }
    }

    #[test]
    fn insert_and_swap_remove_are_a_maps() {
        let text = r#"{"a": 1, "b": 2, "c": 3, "d": 4}"#;
        let mut v: Map<String, Value> = serde_json::from_str(text).unwrap();
        let n: Node<'_> = serde_json::from_str(text).unwrap();
        let Node::Object(mut o) = n else { panic!() };
        v.remove("b");
        o.swap_remove("b");
        v.insert("b".into(), Value::Null);
        o.insert("b".into(), Node::Null);
        v.insert("a".into(), Value::Bool(true));
        o.insert("a".into(), Node::Bool(true));
        assert_eq!(
            serde_json::to_string(&o.to_map()).unwrap(),
            serde_json::to_string(&v).unwrap()
        );
    }
}
