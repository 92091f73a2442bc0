//! Latitude, longitude, and the distance between two positions.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::GeoError;

/// Mean Earth radius (IUGG R1), the usual choice for spherical distances: the
/// error against the WGS 84 ellipsoid is at most about 0.5 %, far below what
/// "reports near here" needs.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// A latitude in degrees: finite, in [-90, 90].
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Latitude(f64);

/// A longitude in degrees: finite, in [-180, 180]. Both ends are the same
/// meridian (the antimeridian); neither is rewritten into the other.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Longitude(f64);

impl Latitude {
    pub fn new(degrees: f64) -> Result<Latitude, GeoError> {
        in_range(degrees, 90.0, GeoError::LatitudeOutOfRange).map(Latitude)
    }

    /// Parses a plain decimal such as `37.4947` (see [`LatLon::parse`]).
    pub fn parse(raw: &str) -> Result<Latitude, GeoError> {
        Latitude::new(parse_decimal(raw)?)
    }

    /// Degrees.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl Longitude {
    pub fn new(degrees: f64) -> Result<Longitude, GeoError> {
        in_range(degrees, 180.0, GeoError::LongitudeOutOfRange).map(Longitude)
    }

    /// Parses a plain decimal such as `139.9298` (see [`LatLon::parse`]).
    pub fn parse(raw: &str) -> Result<Longitude, GeoError> {
        Longitude::new(parse_decimal(raw)?)
    }

    /// Degrees.
    pub fn get(self) -> f64 {
        self.0
    }
}

/// A position on the WGS 84 globe, e.g. a report's pin.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LatLon {
    pub lat: Latitude,
    pub lon: Longitude,
}

impl LatLon {
    /// From degrees. The latitude is checked first, so when both are wrong the
    /// error is about the latitude.
    pub fn new(lat: f64, lon: f64) -> Result<LatLon, GeoError> {
        Ok(LatLon { lat: Latitude::new(lat)?, lon: Longitude::new(lon)? })
    }

    /// From two form fields. Each is trimmed and must be a plain decimal:
    /// optional sign, digits, optionally `.` and more digits (`37.4947`, `-0.5`).
    /// Exponents, `NaN`, `inf`, thousands separators and a decimal comma
    /// ([`GeoError::DecimalComma`]) are refused rather than guessed at. To
    /// report an error for each field separately, use [`Latitude::parse`] and
    /// [`Longitude::parse`].
    pub fn parse(lat: &str, lon: &str) -> Result<LatLon, GeoError> {
        Ok(LatLon { lat: Latitude::parse(lat)?, lon: Longitude::parse(lon)? })
    }
}

/// Great-circle distance in metres on a sphere of radius [`EARTH_RADIUS_M`].
pub fn haversine_m(a: LatLon, b: LatLon) -> f64 {
    let (lat_a, lat_b) = (a.lat.0.to_radians(), b.lat.0.to_radians());
    let d_lat = lat_b - lat_a;
    let d_lon = (b.lon.0 - a.lon.0).to_radians();
    let h = (d_lat / 2.0).sin().powi(2) + lat_a.cos() * lat_b.cos() * (d_lon / 2.0).sin().powi(2);
    // Rounding can push h a hair above 1 for antipodal points; asin would give NaN.
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

fn in_range(degrees: f64, limit: f64, out_of_range: GeoError) -> Result<f64, GeoError> {
    if degrees.is_nan() {
        Err(GeoError::NotANumber)
    } else if (-limit..=limit).contains(&degrees) {
        // Adding 0.0 turns -0.0 into 0.0, so a pin is never displayed as "-0".
        Ok(degrees + 0.0)
    } else {
        Err(out_of_range)
    }
}

fn parse_decimal(raw: &str) -> Result<f64, GeoError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(GeoError::Empty);
    }
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let plain = match unsigned.split_once('.') {
        Some((int, frac)) => digits(int) && digits(frac),
        None => digits(unsigned),
    };
    if plain {
        // Rust's parser accepts a superset of this grammar, so it cannot fail here.
        return text.parse().map_err(|_| GeoError::NotANumber);
    }
    match unsigned.split_once(',') {
        Some((int, frac)) if digits(int) && digits(frac) => Err(GeoError::DecimalComma),
        _ => Err(GeoError::NotANumber),
    }
}

impl fmt::Display for Latitude {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for Longitude {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl TryFrom<f64> for Latitude {
    type Error = GeoError;
    fn try_from(degrees: f64) -> Result<Self, Self::Error> {
        Latitude::new(degrees)
    }
}

impl TryFrom<f64> for Longitude {
    type Error = GeoError;
    fn try_from(degrees: f64) -> Result<Self, Self::Error> {
        Longitude::new(degrees)
    }
}

impl From<Latitude> for f64 {
    fn from(l: Latitude) -> f64 {
        l.0
    }
}

impl From<Longitude> for f64 {
    fn from(l: Longitude) -> f64 {
        l.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lat: f64, lon: f64) -> LatLon {
        LatLon::new(lat, lon).unwrap()
    }

    #[test]
    fn plain_decimals_parse_after_trimming() {
        let here = LatLon::parse(" 37.4947\u{3000}", "\t139.9298 ").unwrap();
        assert_eq!(here, p(37.4947, 139.9298));
        assert_eq!(LatLon::parse("-90", "+180").unwrap(), p(-90.0, 180.0));
        assert_eq!(LatLon::parse("0.0", "-0").unwrap().lon.to_string(), "0");
    }

    #[test]
    fn anything_else_is_refused_with_a_code() {
        let lat = |s: &str| Latitude::parse(s).unwrap_err();
        assert_eq!(lat("  "), GeoError::Empty);
        assert_eq!(lat("37,49"), GeoError::DecimalComma);
        assert_eq!(lat("-37,49"), GeoError::DecimalComma);
        for bad in [
            "NaN",
            "inf",
            "-infinity",
            "1e1",
            "37.",
            ".5",
            "3 7",
            "37.49, 139.93",
            "1,000.5",
            "0x10",
            "--1",
            "+",
            "３７",
        ] {
            assert_eq!(lat(bad), GeoError::NotANumber, "{bad:?}");
        }
        assert_eq!(lat("90.0000001"), GeoError::LatitudeOutOfRange);
        assert_eq!(Longitude::parse("-180.5").unwrap_err(), GeoError::LongitudeOutOfRange);
        assert_eq!(LatLon::parse("139.93", "37.49").unwrap_err(), GeoError::LatitudeOutOfRange);
    }

    #[test]
    fn numbers_must_be_finite_and_in_range() {
        assert_eq!(LatLon::new(f64::NAN, 0.0), Err(GeoError::NotANumber));
        assert_eq!(LatLon::new(f64::INFINITY, 0.0), Err(GeoError::LatitudeOutOfRange));
        assert_eq!(LatLon::new(0.0, f64::NEG_INFINITY), Err(GeoError::LongitudeOutOfRange));
        assert!(LatLon::new(-90.0, -180.0).is_ok());
    }

    #[test]
    fn serde_refuses_out_of_range_values() {
        let ok: LatLon = serde_json::from_str(r#"{"lat":37.5,"lon":139.9}"#).unwrap();
        assert_eq!(ok, p(37.5, 139.9));
        assert_eq!(serde_json::to_string(&ok).unwrap(), r#"{"lat":37.5,"lon":139.9}"#);
        assert!(serde_json::from_str::<LatLon>(r#"{"lat":91,"lon":0}"#).is_err());
    }

    #[test]
    fn haversine_matches_known_distances() {
        // One degree of latitude is πR/180 ≈ 111.195 km.
        let one_degree = haversine_m(p(0.0, 0.0), p(1.0, 0.0));
        assert!((one_degree - 111_195.08).abs() < 0.01, "{one_degree}");
        // Aizuwakamatsu station to Tsuruga-jō, about 2.2 km.
        let d = haversine_m(p(37.5079, 139.9321), p(37.4878, 139.9298));
        assert!((2_200.0..2_300.0).contains(&d), "{d}");
        // Across the antimeridian the short way round.
        let across = haversine_m(p(0.0, 179.5), p(0.0, -179.5));
        assert!((across - 111_195.08).abs() < 0.01, "{across}");
        // Antipodes: half the circumference, not NaN.
        let half = haversine_m(p(90.0, 0.0), p(-90.0, 0.0));
        assert!((half - std::f64::consts::PI * EARTH_RADIUS_M).abs() < 1e-6);
        assert_eq!(haversine_m(p(37.5, 139.9), p(37.5, 139.9)), 0.0);
    }
}
