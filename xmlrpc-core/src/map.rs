//! The members of an XML-RPC `<struct>`.

use std::fmt;

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
#[derive(Clone, Default, PartialEq)]
pub struct Struct {
    members: IndexMap<String, Value>,
}

impl Struct {
    /// An empty struct.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty struct with room for `capacity` members.
    #[must_use]
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            members: IndexMap::with_capacity(capacity),
        }
    }

    /// Sets a member, returning the value it replaces.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        self.members.insert(name.into(), value.into())
    }

    /// The member called `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.members.get(name)
    }

    /// The member called `name`, mutably.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        self.members.get_mut(name)
    }

    /// Removes the member called `name`, keeping the order of the others.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.members.shift_remove(name)
    }

    /// Whether a member called `name` exists.
    #[must_use]
    pub fn contains_key(&self, name: &str) -> bool {
        self.members.contains_key(name)
    }

    /// The number of members.
    #[must_use]
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether there are no members.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The members in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &Value)> {
        self.members.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The member names in order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &str> {
        self.members.keys().map(String::as_str)
    }

    /// The members in order, as the writer walks them.
    pub(crate) fn iter_members(&self) -> Iter<'_> {
        self.members.iter()
    }

    /// The member values in order.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &Value> {
        self.members.values()
    }
}

impl fmt::Debug for Struct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.members.iter()).finish()
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

    fn into_iter(self) -> Self::IntoIter {
        IntoIter(self.members.into_iter())
    }
}

/// The members of a [`Struct`] by reference, in order.
pub(crate) type Iter<'a> = indexmap::map::Iter<'a, String, Value>;

/// The members of a [`Struct`], by value and in order.
#[derive(Debug)]
pub struct IntoIter(indexmap::map::IntoIter<String, Value>);

impl Iterator for IntoIter {
    type Item = (String, Value);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl ExactSizeIterator for IntoIter {}

impl std::ops::Index<&str> for Struct {
    type Output = Value;

    /// The member called `name`.
    ///
    /// # Panics
    ///
    /// When there is no such member; use [`Struct::get`] for data from a peer.
    fn index(&self, name: &str) -> &Value {
        match self.members.get(name) {
            Some(v) => v,
            None => panic!("no struct member named {name:?}"),
        }
    }
}
