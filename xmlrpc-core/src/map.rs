//! The members of an XML-RPC `<struct>`.

use std::fmt;

use compact_str::CompactString;
use indexmap::IndexMap;

use crate::Value;

/// The members of an XML-RPC `<struct>`: names mapped to values.
///
/// Members keep the order in which they were inserted (or read), so a
/// struct is written back as it came; equality ignores that order, as the
/// specification says member order carries no meaning. Inserting a name that
/// is already present replaces its value in place: when a document repeats a
/// member name, the last one wins, as in Python's `xmlrpc.client`.
///
/// Small structs (the usual case) are a plain list searched in order; past
/// a few members they switch to a hash index (with a randomly keyed hash,
/// so that a peer cannot make lookups slow by choosing colliding names).
/// Names of up to 24 bytes are stored inline, without an allocation each.
///
/// ```
/// use xmlrpc_core::{Struct, Value};
///
/// let mut s = Struct::new();
/// s.insert("faultCode", 4);
/// s.insert("faultString", "Too many parameters.");
/// s.insert("faultCode", 5);
/// assert_eq!(s.len(), 2);
/// assert_eq!(s.get("faultCode"), Some(&Value::Int(5)));
/// assert_eq!(s.keys().collect::<Vec<_>>(), ["faultCode", "faultString"]);
/// ```
#[derive(Clone, Default)]
pub struct Struct {
    repr: Repr,
}

#[derive(Clone)]
enum Repr {
    Small(Vec<(Name, Value)>),
    Large(Box<IndexMap<Name, Value>>),
}

/// A member name: short names (nearly all) live inline.
pub(crate) type Name = CompactString;

impl Default for Repr {
    fn default() -> Self {
        Self::Small(Vec::new())
    }
}

/// Above this many members a struct gets a hash index.
const SMALL_MAX: usize = 8;

impl Struct {
    /// An empty struct.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty struct with room for `capacity` members.
    #[must_use]
    pub fn with_capacity(capacity: usize) -> Self {
        let repr = if capacity <= SMALL_MAX {
            Repr::Small(Vec::with_capacity(capacity))
        } else {
            Repr::Large(Box::new(IndexMap::with_capacity(capacity)))
        };
        Self { repr }
    }

    /// Sets a member, returning the value it replaces.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        self.insert_name(Name::from(name.into()), value.into())
    }

    /// [`Struct::insert`] with the name already in its stored form.
    #[inline]
    pub(crate) fn insert_name(&mut self, name: Name, value: Value) -> Option<Value> {
        match &mut self.repr {
            Repr::Small(members) => {
                // As `str`s: the comparison then stays inline.
                let wanted = name.as_bytes();
                if let Some((_, old)) = members.iter_mut().find(|(k, _)| k.as_bytes() == wanted) {
                    return Some(std::mem::replace(old, value));
                }
                if members.len() < SMALL_MAX {
                    members.push((name, value));
                    return None;
                }
                let mut map = IndexMap::with_capacity(members.len() * 2);
                map.extend(members.drain(..));
                map.insert(name, value);
                self.repr = Repr::Large(Box::new(map));
                None
            }
            Repr::Large(map) => map.insert(name, value),
        }
    }

    /// The member called `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Value> {
        match &self.repr {
            Repr::Small(members) => members.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            Repr::Large(map) => map.get(name),
        }
    }

    /// The member called `name`, mutably.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        match &mut self.repr {
            Repr::Small(members) => members.iter_mut().find(|(k, _)| k == name).map(|(_, v)| v),
            Repr::Large(map) => map.get_mut(name),
        }
    }

    /// Removes the member called `name`, keeping the order of the others.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        match &mut self.repr {
            Repr::Small(members) => {
                let at = members.iter().position(|(k, _)| k == name)?;
                Some(members.remove(at).1)
            }
            Repr::Large(map) => map.shift_remove(name),
        }
    }

    /// Whether a member called `name` exists.
    #[must_use]
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The number of members.
    #[must_use]
    pub fn len(&self) -> usize {
        match &self.repr {
            Repr::Small(members) => members.len(),
            Repr::Large(map) => map.len(),
        }
    }

    /// Whether there are no members.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The members in order.
    pub fn iter(&self) -> Iter<'_> {
        match &self.repr {
            Repr::Small(members) => Iter(IterRepr::Small(members.iter())),
            Repr::Large(map) => Iter(IterRepr::Large(map.iter())),
        }
    }

    /// The member names in order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &str> {
        self.iter().map(|(k, _)| k)
    }

    /// The member values in order.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &Value> {
        self.iter().map(|(_, v)| v)
    }

    /// The members by value, names in their stored form.
    pub(crate) fn into_members(self) -> Members {
        match self.repr {
            Repr::Small(members) => Members::Small(members.into_iter()),
            Repr::Large(map) => Members::Large(map.into_iter()),
        }
    }
}

impl PartialEq for Struct {
    /// Same names with equal values, in any order.
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl fmt::Debug for Struct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Into<String>, V: Into<Value>> FromIterator<(K, V)> for Struct {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut s = Self::new();
        s.extend(iter);
        s
    }
}

impl<K: Into<String>, V: Into<Value>> Extend<(K, V)> for Struct {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl IntoIterator for Struct {
    type Item = (String, Value);
    type IntoIter = IntoIter;

    fn into_iter(self) -> IntoIter {
        IntoIter(self.into_members())
    }
}

impl<'a> IntoIterator for &'a Struct {
    type Item = (&'a str, &'a Value);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The members of a [`Struct`] by reference, in order.
#[derive(Debug, Clone)]
pub struct Iter<'a>(IterRepr<'a>);

#[derive(Debug, Clone)]
enum IterRepr<'a> {
    Small(std::slice::Iter<'a, (Name, Value)>),
    Large(indexmap::map::Iter<'a, Name, Value>),
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            IterRepr::Small(it) => it.next().map(|(k, v)| (k.as_str(), v)),
            IterRepr::Large(it) => it.next().map(|(k, v)| (k.as_str(), v)),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.0 {
            IterRepr::Small(it) => it.size_hint(),
            IterRepr::Large(it) => it.size_hint(),
        }
    }
}

impl ExactSizeIterator for Iter<'_> {}

/// The members of a [`Struct`], by value and in order.
#[derive(Debug)]
pub struct IntoIter(Members);

impl Iterator for IntoIter {
    type Item = (String, Value);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k.into_string(), v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl ExactSizeIterator for IntoIter {}

/// The members of a [`Struct`] by value, names as stored.
#[derive(Debug)]
pub(crate) enum Members {
    Small(std::vec::IntoIter<(Name, Value)>),
    Large(indexmap::map::IntoIter<Name, Value>),
}

impl Iterator for Members {
    type Item = (Name, Value);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Self::Small(it) => it.next(),
            Self::Large(it) => it.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            Self::Small(it) => it.size_hint(),
            Self::Large(it) => it.size_hint(),
        }
    }
}

impl ExactSizeIterator for Members {}

impl std::ops::Index<&str> for Struct {
    type Output = Value;

    /// The member called `name`.
    ///
    /// # Panics
    ///
    /// When there is no such member; use [`Struct::get`] for data from a peer.
    fn index(&self, name: &str) -> &Value {
        match self.get(name) {
            Some(v) => v,
            None => panic!("no struct member named {name:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_from_list_to_index_keeping_order_and_last_wins() {
        let mut s = Struct::new();
        for i in 0..20 {
            s.insert(format!("k{i}"), i);
            s.insert("k0", -i);
        }
        assert_eq!(s.len(), 20);
        assert_eq!(s.get("k0"), Some(&Value::Int(-19)));
        assert_eq!(s.keys().next(), Some("k0"));
        assert_eq!(s.keys().last(), Some("k19"));
        assert_eq!(s.remove("k5"), Some(Value::Int(5)));
        assert_eq!(s.len(), 19);
        let small: Struct = [("a", 1), ("b", 2)].into_iter().collect();
        assert_eq!(
            small.into_iter().map(|(k, _)| k).collect::<Vec<_>>(),
            ["a", "b"]
        );
    }

    #[test]
    fn short_and_long_names_alike() {
        let long = "n".repeat(100);
        let edge = ["", "x", &"y".repeat(24), &"z".repeat(25), &long];
        let mut s = Struct::new();
        for (i, name) in edge.iter().enumerate() {
            s.insert(*name, i32::try_from(i).unwrap());
        }
        for (i, name) in edge.iter().enumerate() {
            assert_eq!(s.get(name), Some(&Value::from(i32::try_from(i).unwrap())));
        }
        let names: Vec<String> = s.into_iter().map(|(k, _)| k).collect();
        assert_eq!(names, edge);
    }

    #[test]
    fn equality_ignores_order_and_representation() {
        let forward: Struct = (0..12).map(|i| (format!("k{i}"), i)).collect();
        let backward: Struct = (0..12).rev().map(|i| (format!("k{i}"), i)).collect();
        assert_eq!(forward, backward);
        let mut fewer = forward.clone();
        fewer.remove("k3");
        assert_ne!(forward, fewer);
        let a: Struct = [("x", 1), ("y", 2)].into_iter().collect();
        let mut big: Struct = (0..10).map(|i| (format!("z{i}"), i)).collect();
        for i in 0..10 {
            big.remove(&format!("z{i}"));
        }
        big.extend([("y", 2), ("x", 1)]);
        assert_eq!(a, big);
    }
}
