//! The languages Yoriai speaks and how a visitor's language is chosen.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Locale {
    #[default]
    #[serde(rename = "ja")]
    Ja,
    #[serde(rename = "en")]
    En,
}

impl Locale {
    pub const ALL: &'static [Locale] = &[Locale::Ja, Locale::En];

    pub fn as_str(self) -> &'static str {
        match self {
            Locale::Ja => "ja",
            Locale::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Locale> {
        let primary = s.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "ja" => Some(Locale::Ja),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The language's own name, shown in the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::Ja => "日本語",
            Locale::En => "English",
        }
    }

    /// Picks the best supported language from an `Accept-Language` header, honouring
    /// q-values; `None` when nothing supported is acceptable.
    pub fn negotiate(accept_language: &str) -> Option<Locale> {
        let mut best: Option<(u16, usize, Locale)> = None;
        for (position, part) in accept_language.split(',').enumerate().take(32) {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q=").map(|q| q.trim().to_owned()))
                .map(|q| parse_quality(&q))
                .unwrap_or(1000);
            if quality == 0 {
                continue;
            }
            let Some(locale) = Locale::parse(tag) else {
                continue;
            };
            // Higher quality wins; on equal quality the earlier entry wins.
            let better = match best {
                None => true,
                Some((q, pos, _)) => quality > q || (quality == q && position < pos),
            };
            if better {
                best = Some((quality, position, locale));
            }
        }
        best.map(|(_, _, l)| l)
    }
}

/// Quality values in thousandths, so comparisons stay exact.
fn parse_quality(q: &str) -> u16 {
    let value: f32 = q.parse().unwrap_or(0.0);
    if !(0.0..=1.0).contains(&value) {
        return 0;
    }
    (value * 1000.0).round() as u16
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_supported_language_wins() {
        assert_eq!(Locale::negotiate("en-US,en;q=0.9,ja;q=0.8"), Some(Locale::En));
        assert_eq!(Locale::negotiate("ja-JP,ja;q=0.9,en;q=0.5"), Some(Locale::Ja));
    }

    #[test]
    fn quality_values_outrank_order() {
        assert_eq!(Locale::negotiate("en;q=0.3, ja;q=0.7"), Some(Locale::Ja));
    }

    #[test]
    fn unsupported_languages_and_q_zero_are_skipped() {
        assert_eq!(Locale::negotiate("fr-FR, de;q=0.9, en;q=0.1"), Some(Locale::En));
        assert_eq!(Locale::negotiate("en;q=0, fr"), None);
        assert_eq!(Locale::negotiate(""), None);
        assert_eq!(Locale::negotiate("*"), None);
    }

    #[test]
    fn garbage_headers_do_not_panic() {
        assert_eq!(Locale::negotiate(";;;,,,q=;q=x,ja;q=abc"), None);
        assert_eq!(Locale::negotiate("ja;q=5"), None);
    }
}
