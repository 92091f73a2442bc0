//! A resident's public display name.

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

pub const DISPLAY_NAME_MAX_CHARS: usize = 50;

/// A display name: trimmed, 1 to 50 characters, no control or invisible formatting
/// characters (which could be used to impersonate someone else in lists).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<DisplayName, ErrorCode> {
        // Collapse runs of whitespace (including the ideographic space U+3000) to one space.
        let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            return Err(ErrorCode::Required);
        }
        if collapsed.chars().count() > DISPLAY_NAME_MAX_CHARS {
            return Err(ErrorCode::TooLong);
        }
        let forbidden = |c: char| {
            c.is_control()
                || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '<' | '>')
        };
        if collapsed.chars().any(forbidden) {
            return Err(ErrorCode::DisplayNameInvalid);
        }
        Ok(DisplayName(collapsed))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DisplayName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for DisplayName {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        DisplayName::parse(&value).map_err(|c| c.to_string())
    }
}

impl From<DisplayName> for String {
    fn from(n: DisplayName) -> String {
        n.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_names_with_ideographic_spaces_are_normalised() {
        assert_eq!(DisplayName::parse(" 佐藤\u{3000}\u{3000}愛子 ").unwrap().as_str(), "佐藤 愛子");
    }

    #[test]
    fn fifty_characters_fit_and_fifty_one_do_not() {
        assert!(DisplayName::parse(&"あ".repeat(50)).is_ok());
        assert_eq!(DisplayName::parse(&"あ".repeat(51)), Err(ErrorCode::TooLong));
    }

    #[test]
    fn control_and_bidi_characters_are_refused() {
        assert_eq!(DisplayName::parse("Aiko\u{202E}"), Err(ErrorCode::DisplayNameInvalid));
        assert_eq!(DisplayName::parse("Ai\u{0007}ko"), Err(ErrorCode::DisplayNameInvalid));
        assert_eq!(DisplayName::parse("<b>Aiko</b>"), Err(ErrorCode::DisplayNameInvalid));
    }

    #[test]
    fn blank_is_required() {
        assert_eq!(DisplayName::parse(" \u{3000} "), Err(ErrorCode::Required));
    }
}
