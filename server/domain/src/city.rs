//! A city's own look: its brand colour, checked for contrast before it is used.

use crate::error::ErrorCode;

/// WCAG 2.x level AA for normal text: the header's white text on the brand colour (and
/// the brand colour used as text on white) must reach it.
pub const MIN_CONTRAST: f64 = 4.5;

/// An sRGB colour `#rrggbb` that white text is readable on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrandColour([u8; 3]);

impl BrandColour {
    /// Reads `#rrggbb` or `rrggbb` (any case). `Ok(None)` for an empty field: the
    /// installation's colour. Too light a colour is refused with [`ErrorCode::ColourLowContrast`].
    pub fn parse(raw: &str) -> Result<Option<BrandColour>, ErrorCode> {
        let hex = raw.trim();
        if hex.is_empty() {
            return Ok(None);
        }
        let colour = Self::from_hex(hex).ok_or(ErrorCode::ColourInvalid)?;
        if colour.contrast_with_white() < MIN_CONTRAST {
            return Err(ErrorCode::ColourLowContrast);
        }
        Ok(Some(colour))
    }

    /// Any well-formed colour, readable or not.
    pub fn from_hex(raw: &str) -> Option<BrandColour> {
        let hex = raw.strip_prefix('#').unwrap_or(raw);
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(BrandColour([byte(0)?, byte(2)?, byte(4)?]))
    }

    /// `#rrggbb`, lower case.
    pub fn hex(self) -> String {
        let [r, g, b] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// The same hue darker, for hover and pressed states.
    pub fn darker(self) -> BrandColour {
        BrandColour(self.0.map(|c| (f64::from(c) * 0.74).round() as u8))
    }

    /// WCAG relative luminance.
    fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let s = f64::from(c) / 255.0;
            if s <= 0.04045 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        let [r, g, b] = self.0;
        0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }

    /// The WCAG contrast ratio of white on this colour (1 to 21).
    pub fn contrast_with_white(self) -> f64 {
        1.05 / (self.luminance() + 0.05)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_read_in_any_case_with_or_without_the_hash() {
        assert_eq!(BrandColour::parse("#7A1F2B").unwrap().unwrap().hex(), "#7a1f2b");
        assert_eq!(BrandColour::parse(" 1f4e9c ").unwrap().unwrap().hex(), "#1f4e9c");
        assert_eq!(BrandColour::parse(""), Ok(None));
        for bad in ["red", "#12345", "#1234567", "#gg0000", "#７a1f2b", "#+1+1+1"] {
            assert_eq!(BrandColour::parse(bad), Err(ErrorCode::ColourInvalid), "{bad}");
        }
    }

    #[test]
    fn contrast_follows_wcag() {
        // Known ratios: black on white 21:1; white on white 1:1; #767676 is the lightest
        // grey that passes AA on white (4.54:1), #777777 fails (4.48:1).
        assert!((BrandColour::from_hex("000000").unwrap().contrast_with_white() - 21.0).abs() < 0.01);
        assert!((BrandColour::from_hex("ffffff").unwrap().contrast_with_white() - 1.0).abs() < 0.01);
        assert!(BrandColour::parse("#767676").unwrap().is_some());
        assert_eq!(BrandColour::parse("#777777"), Err(ErrorCode::ColourLowContrast));
        assert_eq!(BrandColour::parse("#ffcc00"), Err(ErrorCode::ColourLowContrast));
        // The stylesheet's own brand colour passes.
        assert!(BrandColour::parse("#7a1f2b").unwrap().is_some());
    }

    #[test]
    fn the_darker_shade_is_darker_and_still_readable() {
        let c = BrandColour::from_hex("#1f4e9c").unwrap();
        assert!(c.darker().contrast_with_white() > c.contrast_with_white());
        assert_eq!(BrandColour::from_hex("#000000").unwrap().darker().hex(), "#000000");
    }
}
