//! What forms send: one struct per command, the command's own input. A server function
//! takes it whole (`#[server(flatten)] input: DecisionInput`), so the form's field names
//! are the struct's field names, the page without JavaScript and the hydrated page send
//! the same thing, and the function has nothing to unpack.
//!
//! Form values arrive as text, and through `#[serde(flatten)]` every value reaches the
//! struct as text, even a number. Fields that are not text therefore name one of the
//! readers here, which take the text a form sends (and, for the JSON API and tests, a
//! number or a boolean). Input structs carry `#[serde(default)]`: a field the form left
//! out is empty, and the command's own validation says what is missing — in words, on
//! the field — rather than the decoder refusing the whole request.

use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// An optional id chosen or typed in a form: absent, blank or not a number is none.
/// Works for raw ids and typed ids (`Option<ResultId>`) alike.
pub fn opt_id<'de, D: Deserializer<'de>, T: From<i64>>(d: D) -> Result<Option<T>, D::Error> {
    Ok(d.deserialize_any(OptId)?.map(T::from))
}

struct OptId;

impl<'de> Visitor<'de> for OptId {
    type Value = Option<i64>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an id")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.trim().parse().ok())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(i64::try_from(v).ok())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// An HTML checkbox: a ticked box sends its value ("on" unless the page says otherwise),
/// an unticked one sends nothing, which is `false` through `#[serde(default)]`.
pub fn checkbox<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    d.deserialize_any(Checkbox)
}

struct Checkbox;

impl<'de> Visitor<'de> for Checkbox {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a checkbox")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(matches!(v, "on" | "true" | "1" | "yes"))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(false)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(false)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Default, PartialEq, Deserialize)]
    #[serde(default)]
    struct Form {
        #[serde(deserialize_with = "super::opt_id")]
        parent_id: Option<i64>,
        #[serde(deserialize_with = "super::checkbox")]
        public: bool,
        title: String,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Flattened {
        id: Option<String>,
        #[serde(flatten)]
        input: Form,
    }

    fn read(json: &str) -> Form {
        serde_json::from_str::<Flattened>(json).unwrap().input
    }

    #[test]
    fn ids_and_boxes_are_read_from_text_and_from_json_values() {
        // Through flatten, JSON values arrive buffered, as a form's text does.
        assert_eq!(
            read(r#"{"parent_id":"12","public":"on","title":"t"}"#),
            Form { parent_id: Some(12), public: true, title: "t".into() }
        );
        assert_eq!(
            read(r#"{"parent_id":12,"public":true}"#),
            Form { parent_id: Some(12), public: true, title: String::new() }
        );
        assert_eq!(read(r#"{"parent_id":" 7 ","public":"false"}"#).parent_id, Some(7));
        assert_eq!(read(r#"{"parent_id":"","public":"false"}"#), Form::default());
        assert_eq!(read(r#"{"parent_id":"x","public":null}"#), Form::default());
        assert_eq!(read(r#"{"parent_id":null}"#), Form::default());
        assert_eq!(read(r#"{"parent_id":-1}"#).parent_id, Some(-1));
        assert_eq!(read(r#"{"parent_id":18446744073709551615}"#).parent_id, None);
        assert_eq!(read("{}"), Form::default());
    }
}
