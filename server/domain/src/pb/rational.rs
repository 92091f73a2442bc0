//! Exact rational numbers for the tally rules.
//!
//! Every comparison made by a rule must be exact (pabutools uses exact rationals
//! and ties really occur in published data), but big-integer arithmetic on every
//! step would make the Add1 variants (hundreds of MES runs) slow. So a
//! [`Rational`] is kept as a reduced `i128` fraction while it fits, and falls back
//! to `BigInt` numerator/denominator transparently on overflow. Results that fit
//! again are demoted, so the representation is canonical: equal values have equal
//! representations (which makes the derived `Eq`/`Hash` correct).

use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, Div, Mul, Neg, Sub};
use std::str::FromStr;

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// An exact rational number, always kept reduced with a positive denominator.
///
/// Displays as `p` or `p/q` (the format pabutools prints for `mpq`), parses from
/// that format and from plain decimals (`12.5`, `-3`). Serialized with serde as
/// that same string so no precision is lost in JSON.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Rational(Repr);

#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    /// Reduced fraction, `den > 0`, `num != i128::MIN` (so `abs`/`neg` never overflow).
    Small(i128, i128),
    /// Reduced fraction that does not fit `Small`; boxed to keep `Rational` small.
    Big(Box<(BigInt, BigInt)>),
}

/// Error returned when a string is not a valid rational (`p`, `p/q` or a decimal).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid rational number: {0:?}")]
pub struct ParseRationalError(pub String);

fn gcd_u(mut a: u128, mut b: u128) -> u128 {
    // Binary GCD: much faster than Euclid's division on 128-bit values.
    if a == 0 {
        return b;
    }
    if b == 0 {
        return a;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

fn gcd_i(a: i128, b: i128) -> i128 {
    // Callers never pass i128::MIN, so unsigned_abs fits back into i128.
    gcd_u(a.unsigned_abs(), b.unsigned_abs()) as i128
}

/// 128x128 -> 256-bit unsigned multiplication as (high, low).
fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    let (a1, a0) = (a >> 64, a & u64::MAX as u128);
    let (b1, b0) = (b >> 64, b & u64::MAX as u128);
    let p00 = a0 * b0;
    let p01 = a0 * b1;
    let p10 = a1 * b0;
    let p11 = a1 * b1;
    let mid = (p00 >> 64) + (p01 & u64::MAX as u128) + (p10 & u64::MAX as u128);
    let lo = (p00 & u64::MAX as u128) | (mid << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    (hi, lo)
}

impl Rational {
    /// Zero.
    pub const ZERO: Rational = Rational(Repr::Small(0, 1));
    /// One.
    pub const ONE: Rational = Rational(Repr::Small(1, 1));

    /// The integer `n`.
    pub fn from_integer(n: i128) -> Rational {
        if n == i128::MIN {
            Rational::from_big(BigInt::from(n), BigInt::one())
        } else {
            Rational(Repr::Small(n, 1))
        }
    }

    /// `num / den`, reduced. Returns `None` when `den == 0`.
    pub fn new(num: i128, den: i128) -> Option<Rational> {
        if den == 0 {
            return None;
        }
        Some(Rational::small_or_big(num, den))
    }

    /// `num / den` from big integers, reduced. Returns `None` when `den == 0`.
    pub fn from_bigints(num: BigInt, den: BigInt) -> Option<Rational> {
        if den.is_zero() {
            return None;
        }
        Some(Rational::from_big(num, den))
    }

    fn small_or_big(num: i128, den: i128) -> Rational {
        if num == i128::MIN || den == i128::MIN {
            return Rational::from_big(BigInt::from(num), BigInt::from(den));
        }
        let (mut n, mut d) = if den < 0 { (-num, -den) } else { (num, den) };
        let g = gcd_i(n, d);
        if g > 1 {
            n /= g;
            d /= g;
        }
        Rational(Repr::Small(n, d))
    }

    /// Reduces and normalizes a big fraction, demoting it to `Small` when it fits.
    fn from_big(mut n: BigInt, mut d: BigInt) -> Rational {
        if d.is_negative() {
            n = -n;
            d = -d;
        }
        let g = n.gcd(&d);
        if !g.is_one() {
            n /= &g;
            d /= &g;
        }
        match (n.to_i128(), d.to_i128()) {
            (Some(a), Some(b)) if a != i128::MIN => Rational(Repr::Small(a, b)),
            _ => Rational(Repr::Big(Box::new((n, d)))),
        }
    }

    fn to_big_parts(&self) -> (BigInt, BigInt) {
        match &self.0 {
            Repr::Small(n, d) => (BigInt::from(*n), BigInt::from(*d)),
            Repr::Big(b) => (b.0.clone(), b.1.clone()),
        }
    }

    /// The numerator (sign carrier) of the reduced fraction.
    pub fn numer(&self) -> BigInt {
        self.to_big_parts().0
    }

    /// The (positive) denominator of the reduced fraction.
    pub fn denom(&self) -> BigInt {
        self.to_big_parts().1
    }

    /// Whether the value is an integer.
    pub fn is_integer(&self) -> bool {
        match &self.0 {
            Repr::Small(_, d) => *d == 1,
            Repr::Big(b) => b.1.is_one(),
        }
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        matches!(self.0, Repr::Small(0, _))
    }

    /// Sign as -1, 0 or 1.
    pub fn signum(&self) -> i32 {
        match &self.0 {
            Repr::Small(n, _) => n.signum() as i32,
            Repr::Big(b) => match b.0.sign() {
                Sign::Minus => -1,
                Sign::NoSign => 0,
                Sign::Plus => 1,
            },
        }
    }

    /// Nearest `f64` (for display and logging only: never used in a decision).
    pub fn to_f64(&self) -> f64 {
        match &self.0 {
            Repr::Small(n, d) => {
                if n.unsigned_abs() < (1u128 << 53) && (*d as u128) < (1u128 << 53) {
                    *n as f64 / *d as f64
                } else {
                    big_ratio_to_f64(&BigInt::from(*n), &BigInt::from(*d))
                }
            }
            Repr::Big(b) => big_ratio_to_f64(&b.0, &b.1),
        }
    }

    /// `self * k` for an integer `k`.
    pub fn mul_int(&self, k: i128) -> Rational {
        if let Repr::Small(n, d) = self.0 {
            if k != i128::MIN {
                let g = gcd_i(k, d);
                if let Some(nn) = n.checked_mul(k / g) {
                    if nn != i128::MIN {
                        return Rational(Repr::Small(nn, d / g));
                    }
                }
            }
        }
        self * &Rational::from_integer(k)
    }

    /// `self / k` for a non-zero integer `k`.
    ///
    /// # Panics
    /// Panics when `k == 0` (an internal invariant: callers divide by counts > 0).
    pub fn div_int(&self, k: i128) -> Rational {
        assert!(k != 0, "Rational::div_int by zero");
        if let Repr::Small(n, d) = self.0 {
            if k != i128::MIN {
                let g = gcd_i(n, k);
                let (n1, k1) = (n / g, k / g);
                if let Some(dd) = d.checked_mul(k1.abs()) {
                    let nn = if k1 < 0 { -n1 } else { n1 };
                    return Rational(Repr::Small(nn, dd));
                }
            }
        }
        self / &Rational::from_integer(k)
    }

    fn big_binop(
        a: &Rational,
        b: &Rational,
        op: fn(&BigInt, &BigInt, &BigInt, &BigInt) -> (BigInt, BigInt),
    ) -> Rational {
        let (an, ad) = a.to_big_parts();
        let (bn, bd) = b.to_big_parts();
        let (n, d) = op(&an, &ad, &bn, &bd);
        Rational::from_big(n, d)
    }
}

fn big_ratio_to_f64(n: &BigInt, d: &BigInt) -> f64 {
    // Shift both to ~64 significant bits; accurate to a few ulps, enough for display.
    let nb = n.bits() as i64;
    let db = d.bits() as i64;
    let shift_n = (nb - 64).max(0);
    let shift_d = (db - 64).max(0);
    let nf = (n >> shift_n as usize).to_f64().unwrap_or(0.0);
    let df = (d >> shift_d as usize).to_f64().unwrap_or(1.0);
    nf / df * 2f64.powi((shift_n - shift_d) as i32)
}

fn add_small(a: i128, b: i128, c: i128, d: i128) -> Option<Rational> {
    if b == d {
        let n = a.checked_add(c)?;
        return Some(Rational::small_or_big(n, b));
    }
    let g = gcd_i(b, d);
    let (b1, d1) = (b / g, d / g);
    let n = a.checked_mul(d1)?.checked_add(c.checked_mul(b1)?)?;
    let den = b1.checked_mul(d)?;
    Some(Rational::small_or_big(n, den))
}

fn mul_small(a: i128, b: i128, c: i128, d: i128) -> Option<Rational> {
    let g1 = gcd_i(a, d);
    let g2 = gcd_i(c, b);
    let n = (a / g1).checked_mul(c / g2)?;
    let den = (b / g2).checked_mul(d / g1)?;
    if n == i128::MIN {
        return None;
    }
    Some(Rational(Repr::Small(n, den)))
}

#[allow(clippy::suspicious_arithmetic_impl)]
impl Add for &Rational {
    type Output = Rational;
    fn add(self, o: &Rational) -> Rational {
        if let (Repr::Small(a, b), Repr::Small(c, d)) = (&self.0, &o.0) {
            if let Some(r) = add_small(*a, *b, *c, *d) {
                return r;
            }
        }
        Rational::big_binop(self, o, |a, b, c, d| (a * d + c * b, b * d))
    }
}

// Fraction arithmetic multiplies inside `Add`/`Sub`: not a typo.
#[allow(clippy::suspicious_arithmetic_impl)]
impl Sub for &Rational {
    type Output = Rational;
    fn sub(self, o: &Rational) -> Rational {
        if let (Repr::Small(a, b), Repr::Small(c, d)) = (&self.0, &o.0) {
            if let Some(r) = add_small(*a, *b, -*c, *d) {
                return r;
            }
        }
        Rational::big_binop(self, o, |a, b, c, d| (a * d - c * b, b * d))
    }
}

impl Mul for &Rational {
    type Output = Rational;
    fn mul(self, o: &Rational) -> Rational {
        if let (Repr::Small(a, b), Repr::Small(c, d)) = (&self.0, &o.0) {
            if let Some(r) = mul_small(*a, *b, *c, *d) {
                return r;
            }
        }
        Rational::big_binop(self, o, |a, b, c, d| (a * c, b * d))
    }
}

#[allow(clippy::suspicious_arithmetic_impl)]
impl Div for &Rational {
    type Output = Rational;
    /// # Panics
    /// Panics on division by zero (callers never divide by a zero amount).
    fn div(self, o: &Rational) -> Rational {
        assert!(!o.is_zero(), "Rational division by zero");
        if let (Repr::Small(a, b), Repr::Small(c, d)) = (&self.0, &o.0) {
            // a/b / (c/d) = (a*d) / (b*c), with c's sign moved to the numerator.
            let (c2, d2) = if *c < 0 { (-*c, -*d) } else { (*c, *d) };
            if let Some(r) = mul_small(*a, *b, d2, c2) {
                return r;
            }
        }
        Rational::big_binop(self, o, |a, b, c, d| (a * d, b * c))
    }
}

macro_rules! forward_owned {
    ($tr:ident, $m:ident) => {
        impl $tr for Rational {
            type Output = Rational;
            fn $m(self, o: Rational) -> Rational {
                (&self).$m(&o)
            }
        }
        impl $tr<&Rational> for Rational {
            type Output = Rational;
            fn $m(self, o: &Rational) -> Rational {
                (&self).$m(o)
            }
        }
    };
}
forward_owned!(Add, add);
forward_owned!(Sub, sub);
forward_owned!(Mul, mul);
forward_owned!(Div, div);

impl Neg for &Rational {
    type Output = Rational;
    fn neg(self) -> Rational {
        match &self.0 {
            Repr::Small(n, d) => Rational(Repr::Small(-n, *d)),
            Repr::Big(b) => Rational::from_big(-b.0.clone(), b.1.clone()),
        }
    }
}

impl Neg for Rational {
    type Output = Rational;
    fn neg(self) -> Rational {
        -&self
    }
}

impl Ord for Rational {
    fn cmp(&self, o: &Rational) -> Ordering {
        match (&self.0, &o.0) {
            (Repr::Small(a, b), Repr::Small(c, d)) => {
                if b == d {
                    return a.cmp(c);
                }
                let (sa, sc) = (a.signum(), c.signum());
                if sa != sc {
                    return sa.cmp(&sc);
                }
                if sa == 0 {
                    return Ordering::Equal;
                }
                // Same non-zero sign: compare |a|*d with |c|*b in 256 bits.
                let l = mul_wide(a.unsigned_abs(), *d as u128);
                let r = mul_wide(c.unsigned_abs(), *b as u128);
                let mag = l.cmp(&r);
                if sa > 0 {
                    mag
                } else {
                    mag.reverse()
                }
            }
            _ => {
                let (an, ad) = self.to_big_parts();
                let (cn, cd) = o.to_big_parts();
                (an * cd).cmp(&(cn * ad))
            }
        }
    }
}

impl PartialOrd for Rational {
    fn partial_cmp(&self, o: &Rational) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Default for Rational {
    fn default() -> Self {
        Rational::ZERO
    }
}

impl From<i64> for Rational {
    fn from(v: i64) -> Rational {
        Rational::from_integer(v as i128)
    }
}

impl From<u64> for Rational {
    fn from(v: u64) -> Rational {
        Rational::from_integer(v as i128)
    }
}

impl fmt::Display for Rational {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Small(n, 1) => write!(f, "{n}"),
            Repr::Small(n, d) => write!(f, "{n}/{d}"),
            Repr::Big(b) if b.1.is_one() => write!(f, "{}", b.0),
            Repr::Big(b) => write!(f, "{}/{}", b.0, b.1),
        }
    }
}

impl fmt::Debug for Rational {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for Rational {
    type Err = ParseRationalError;
    /// Accepts `p`, `p/q` (as printed by `Display`) and plain decimals (`-12.50`).
    fn from_str(s: &str) -> Result<Rational, ParseRationalError> {
        let err = || ParseRationalError(s.to_string());
        let t = s.trim();
        if let Some((n, d)) = t.split_once('/') {
            let n: BigInt = parse_int(n.trim()).ok_or_else(err)?;
            let d: BigInt = parse_int(d.trim()).ok_or_else(err)?;
            return Rational::from_bigints(n, d).ok_or_else(err);
        }
        let (neg, body) = match t.as_bytes().first() {
            Some(b'-') => (true, &t[1..]),
            Some(b'+') => (false, &t[1..]),
            _ => (false, t),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if int.is_empty() && frac.is_empty() {
            return Err(err());
        }
        if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let digits = format!("{int}{frac}");
        let mut n: BigInt = digits.parse().map_err(|_| err())?;
        if neg {
            n = -n;
        }
        let d = num_traits::pow(BigInt::from(10), frac.len());
        Ok(Rational::from_big(n, d))
    }
}

fn parse_int(s: &str) -> Option<BigInt> {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl serde::Serialize for Rational {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Rational {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Rational, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> Rational {
        s.parse().unwrap()
    }

    #[test]
    fn display_and_parse() {
        assert_eq!(r("6/4").to_string(), "3/2");
        assert_eq!(r("-6/-4").to_string(), "3/2");
        assert_eq!(r("4/-2").to_string(), "-2");
        assert_eq!(r("12.50").to_string(), "25/2");
        assert_eq!(r("-0.0").to_string(), "0");
        assert!("1/0".parse::<Rational>().is_err());
        assert!("abc".parse::<Rational>().is_err());
        assert!(".".parse::<Rational>().is_err());
        assert!("1e5".parse::<Rational>().is_err());
    }

    #[test]
    fn arithmetic_small_and_big_agree() {
        let a = r("170141183460469231731687303715884105727"); // i128::MAX
        let b = r("3/7");
        let s = &a + &b;
        assert_eq!(s.to_string(), "1190988284223284622121811126011188740092/7");
        assert_eq!(&s - &b, a);
        let p = &a * &a;
        assert_eq!(&p / &a, a);
        assert!(p > a);
        assert!(-&p < -&a);
        assert_eq!((&p - &p), Rational::ZERO);
        // Demotion back to the small representation keeps Eq/Hash canonical.
        assert!(matches!((&p / &p).0, Repr::Small(1, 1)));
    }

    #[test]
    fn comparisons_use_wide_products() {
        let big = i128::MAX / 3;
        let x = Rational::new(big, big - 1).unwrap();
        let y = Rational::new(big - 1, big - 2).unwrap();
        assert!(x < y);
        assert!(-&x > -&y);
        assert_eq!(x.cmp(&x.clone()), Ordering::Equal);
        assert!(Rational::new(-1, 3).unwrap() < Rational::new(1, 1_000_000).unwrap());
    }

    #[test]
    fn int_helpers() {
        let x = r("5/6");
        assert_eq!(x.mul_int(3).to_string(), "5/2");
        assert_eq!(x.div_int(-5).to_string(), "-1/6");
        assert_eq!(Rational::from_integer(i128::MIN).to_string(), i128::MIN.to_string());
        assert!((r("1/3").to_f64() - 1.0 / 3.0).abs() < 1e-15);
    }

    #[test]
    fn wide_mul_matches_bigint() {
        let cases = [
            (u128::MAX, u128::MAX),
            (u128::MAX, 2),
            (1 << 100, 1 << 90),
            (12345678901234567890123, 98765432109876543210),
        ];
        for (a, b) in cases {
            let (hi, lo) = mul_wide(a, b);
            let expect = BigInt::from(a) * BigInt::from(b);
            let got = (BigInt::from(hi) << 128) + BigInt::from(lo);
            assert_eq!(got, expect);
        }
    }
}
