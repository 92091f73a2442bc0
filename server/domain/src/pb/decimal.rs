//! Exact decimal numbers as written in Pabulib files (costs, budget, points).

use std::fmt;
use std::str::FromStr;

use super::rational::Rational;

/// Largest number of fractional digits accepted. 18 keeps `10^scale` in an `i64`.
const MAX_SCALE: u8 = 18;

/// An exact decimal `mantissa / 10^scale` (money amounts, budgets, points).
///
/// Always normalized (no trailing zero digits after the point), so the derived
/// equality is equality of values: `4000.0` and `4000` are the same `Decimal`.
/// The mantissa is an `i64`: amounts up to about 9.2·10^18 units of the smallest
/// written digit, far beyond any real budget, while keeping the type small
/// (a 200 MB file holds millions of points).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Decimal {
    mantissa: i64,
    scale: u8,
}

/// Why a cell is not an exact decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DecimalError {
    /// Not of the form `[+-]digits[(.|,)digits]` (or an exponent form like `1e5`).
    #[error("not a decimal number")]
    Syntax,
    /// Too many significant digits to be represented exactly.
    #[error("number has too many digits")]
    TooLarge,
}

impl Decimal {
    /// Zero.
    pub const ZERO: Decimal = Decimal { mantissa: 0, scale: 0 };

    /// `mantissa / 10^scale`, normalized. Returns `None` if `scale > 18`.
    pub fn new(mantissa: i64, scale: u8) -> Option<Decimal> {
        if scale > MAX_SCALE {
            return None;
        }
        Some(Decimal { mantissa, scale }.normalized())
    }

    /// The integer `v`.
    pub fn from_int(v: i64) -> Decimal {
        Decimal { mantissa: v, scale: 0 }
    }

    fn normalized(mut self) -> Decimal {
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        self
    }

    /// The digits without the decimal point (`12.5` -> 125).
    pub fn mantissa(&self) -> i64 {
        self.mantissa
    }

    /// Number of digits after the decimal point (`12.5` -> 1).
    pub fn scale(&self) -> u8 {
        self.scale
    }

    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        self.mantissa < 0
    }

    /// Whether the value is above zero.
    pub fn is_positive(&self) -> bool {
        self.mantissa > 0
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        self.mantissa == 0
    }

    /// The value as an integer, if it is one.
    pub fn to_integer(&self) -> Option<i64> {
        (self.scale == 0).then_some(self.mantissa)
    }

    /// The exact value as a rational.
    pub fn to_rational(&self) -> Rational {
        Rational::new(self.mantissa as i128, 10i128.pow(self.scale as u32)).unwrap_or(Rational::ZERO)
    }

    /// The value scaled to an integer number of `10^-scale` units: `12.5` at scale 2 is 1250.
    /// `scale` must be at least `self.scale()`; the result always fits an `i128`.
    pub(crate) fn scaled_to(&self, scale: u8) -> i128 {
        debug_assert!(scale >= self.scale && scale <= MAX_SCALE);
        self.mantissa as i128 * 10i128.pow((scale - self.scale) as u32)
    }

    /// Parses a Pabulib number: optional sign, digits, optional `.` or `,` decimal
    /// separator, optional exponent (`1.5e3`). Surrounding whitespace is ignored.
    pub fn parse(s: &str) -> Result<Decimal, DecimalError> {
        let t = s.trim();
        let (neg, body) = match t.as_bytes().first() {
            Some(b'-') => (true, &t[1..]),
            Some(b'+') => (false, &t[1..]),
            _ => (false, t),
        };
        let (num, exp) = match body.find(['e', 'E']) {
            Some(i) => {
                let e = &body[i + 1..];
                let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
                if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(DecimalError::Syntax);
                }
                let v: i32 = e.parse().map_err(|_| DecimalError::Syntax)?;
                (&body[..i], v)
            }
            None => (body, 0),
        };
        let (int, frac) = match num.find(['.', ',']) {
            Some(i) => (&num[..i], &num[i + 1..]),
            None => (num, ""),
        };
        if (int.is_empty() && frac.is_empty())
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(DecimalError::Syntax);
        }
        // Drop leading zeros of the integer part and trailing zeros of the fraction
        // before counting digits, so "0000.5000" is as cheap as "0.5".
        let int = int.trim_start_matches('0');
        let frac = frac.trim_end_matches('0');
        let mut scale: i32 = frac.len() as i32 - exp;
        let mut digits: String = format!("{int}{frac}");
        if scale < 0 {
            // Positive exponent beyond the fraction: append zeros.
            if digits.trim_start_matches('0').is_empty() {
                return Ok(Decimal::ZERO);
            }
            if -scale > 19 {
                return Err(DecimalError::TooLarge);
            }
            digits.extend(std::iter::repeat_n('0', (-scale) as usize));
            scale = 0;
        }
        let digits = digits.trim_start_matches('0');
        if digits.is_empty() {
            return Ok(Decimal::ZERO);
        }
        if scale > MAX_SCALE as i32 || digits.len() > 18 {
            return Err(DecimalError::TooLarge);
        }
        let m: i64 = digits.parse().map_err(|_| DecimalError::TooLarge)?;
        Ok(Decimal { mantissa: if neg { -m } else { m }, scale: scale as u8 }.normalized())
    }
}

impl FromStr for Decimal {
    type Err = DecimalError;
    fn from_str(s: &str) -> Result<Decimal, DecimalError> {
        Decimal::parse(s)
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, o: &Decimal) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Decimal {
    fn cmp(&self, o: &Decimal) -> std::cmp::Ordering {
        let s = self.scale.max(o.scale);
        self.scaled_to(s).cmp(&o.scaled_to(s))
    }
}

impl fmt::Display for Decimal {
    /// Plain decimal notation with `.` (`1234.5`, `-0.25`), which `parse` reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.mantissa);
        }
        let abs = self.mantissa.unsigned_abs().to_string();
        let scale = self.scale as usize;
        let padded = if abs.len() <= scale { format!("{}{}", "0".repeat(scale + 1 - abs.len()), abs) } else { abs };
        let (i, fr) = padded.split_at(padded.len() - scale);
        let sign = if self.mantissa < 0 { "-" } else { "" };
        write!(f, "{sign}{i}.{fr}")
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl serde::Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Decimal {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let s = String::deserialize(d)?;
        Decimal::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn parses_pabulib_numbers() {
        assert_eq!(d("4000.0"), Decimal::from_int(4000));
        assert_eq!(d(" 2458488.22 ").to_string(), "2458488.22");
        assert_eq!(d("1,5").to_string(), "1.5");
        assert_eq!(d("-0.050").to_string(), "-0.05");
        assert_eq!(d(".5").to_string(), "0.5");
        assert_eq!(d("5.").to_string(), "5");
        assert_eq!(d("1.5e3").to_string(), "1500");
        assert_eq!(d("15E-1").to_string(), "1.5");
        assert_eq!(d("000000000000000000000000001"), Decimal::from_int(1));
        assert_eq!(d("0e999"), Decimal::ZERO);
        assert_eq!(d("2458488.22").to_rational().to_string(), "122924411/50");
        for bad in ["", "-", ".", "1.2.3", "1,000,000", "abc", "1e", "1e99999", "NaN", "1 000", "0x10"] {
            assert!(Decimal::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Decimal::parse("12345678901234567890"), Err(DecimalError::TooLarge));
        assert_eq!(Decimal::parse("1e30"), Err(DecimalError::TooLarge));
    }

    #[test]
    fn orders_by_value() {
        assert!(d("1.5") < d("2"));
        assert!(d("-1.5") < d("-1.25"));
        assert_eq!(d("7").cmp(&d("7.000")), std::cmp::Ordering::Equal);
    }
}
