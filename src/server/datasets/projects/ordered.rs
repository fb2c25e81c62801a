//! JSON whose objects keep the order their keys were written in, so a
//! document reads `@context`, `id`, `type`, `name`… from the top (the
//! crate's `serde_json` sorts object keys).

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

/// A JSON value; objects are ordered.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Value(Value),
    Object(Vec<(String, Json)>),
    Array(Vec<Json>),
}

impl Json {
    /// An empty object.
    pub fn object() -> Self {
        Json::Object(Vec::new())
    }

    /// Sets `key` (replacing its value if it is there, else at the end).
    pub fn set(&mut self, key: &str, value: impl Into<Json>) {
        let Json::Object(entries) = self else {
            return;
        };
        let value = value.into();
        match entries.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = value,
            None => entries.push((key.to_owned(), value)),
        }
    }

    /// `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The plain `serde_json` value (keys sorted).
    pub fn to_value(&self) -> Value {
        match self {
            Json::Value(value) => value.clone(),
            Json::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_value()))
                    .collect(),
            ),
            Json::Array(items) => Value::Array(items.iter().map(Json::to_value).collect()),
        }
    }
}

impl<T: Into<Value>> From<T> for Json {
    fn from(value: T) -> Self {
        Json::Value(value.into())
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Value(value) => value.serialize(serializer),
            Json::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_their_order() {
        let mut object = Json::object();
        object.set("id", "x");
        object.set("type", "Project");
        object.set("a", 1);
        object.set("type", "Place");
        assert_eq!(
            serde_json::to_string(&object).unwrap(),
            r#"{"id":"x","type":"Place","a":1}"#
        );
        assert_eq!(object.get("a"), Some(&Json::from(1)));
        assert_eq!(object.to_value()["type"], "Place");
    }
}
