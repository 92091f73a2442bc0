//! Places on the map: pins, distances, "nearby" searches and districts.
//!
//! * [`LatLon`] is a WGS 84 position parsed from form fields ([`LatLon::parse`]) or
//!   numbers ([`LatLon::new`]); [`haversine_m`] measures the distance between two.
//! * [`BoundingBox::around`] turns "within r metres of here" into one or two
//!   latitude/longitude boxes a database index can use (`lat BETWEEN .. AND lon
//!   BETWEEN ..`); the exact [`haversine_m`] filter then runs in Rust.
//! * [`parse_districts`] reads district boundaries from GeoJSON into
//!   [`DistrictShape`]s, [`to_geojson`] / [`districts_to_geojson`] write them back,
//!   and [`locate`] says which district a pin is in.
//!
//! Conventions callers rely on:
//!
//! * Degrees, WGS 84. GeoJSON positions are `[longitude, latitude]`; everything
//!   else in this module says latitude first.
//! * Polygon edges are straight lines in the longitude/latitude plane, as
//!   RFC 7946 §3.1.1 specifies, so containment is exact planar geometry.
//! * A point on a district's boundary (within [`BOUNDARY_TOLERANCE_DEG`], about
//!   0.1 mm) is inside it, so a pin on a shared border is in both districts and
//!   [`locate`] picks the smaller one.
//! * Polygons must not cross the antimeridian (RFC 7946 §3.1.9 says to split
//!   them); search boxes do handle it, by returning two boxes.

mod bbox;
mod coord;
mod district;
mod polygon;

pub use bbox::BoundingBox;
pub use coord::{haversine_m, LatLon, Latitude, Longitude, EARTH_RADIUS_M};
pub use district::{
    districts_to_geojson, locate, parse_districts, to_geojson, DistrictOptions, DistrictShape, GeoJsonError,
    DEFAULT_MAX_BYTES, DEFAULT_MAX_VERTICES,
};
pub use polygon::{MultiPolygon, Polygon, Ring, BOUNDARY_TOLERANCE_DEG};

use serde::{Deserialize, Serialize};

/// Why a coordinate, a shape or a GeoJSON document was refused. The codes
/// ([`GeoError::as_str`]) are stable and snake_case, for API clients and translations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GeoError {
    // A coordinate (form field or GeoJSON number).
    /// Nothing was given: a blank field, a collection without features, a
    /// polygon without rings.
    #[error("nothing was given")]
    Empty,
    /// Not a plain decimal number such as `37.4947` (exponents, `NaN` and
    /// infinities are refused too).
    #[error("not a decimal number")]
    NotANumber,
    /// A comma was used as the decimal separator (`37,49`); only `.` is accepted,
    /// because `37,49` could also be a latitude/longitude pair typed into one field.
    #[error("use a dot as the decimal separator")]
    DecimalComma,
    /// The latitude is not in [-90, 90].
    #[error("latitude must be between -90 and 90")]
    LatitudeOutOfRange,
    /// The longitude is not in [-180, 180].
    #[error("longitude must be between -180 and 180")]
    LongitudeOutOfRange,

    // A shape.
    /// A ring has fewer than 4 positions (a triangle plus the closing position).
    #[error("a polygon ring needs at least 4 positions")]
    RingTooShort,
    /// A ring's last position is not its first (RFC 7946 requires closed rings).
    #[error("a polygon ring must end where it starts")]
    RingNotClosed,

    // A GeoJSON document.
    /// The input is larger than [`DistrictOptions::max_bytes`].
    #[error("the file is too large")]
    TooLarge,
    /// The input is not JSON (or not UTF-8).
    #[error("the file is not valid JSON")]
    InvalidJson,
    /// The JSON is not GeoJSON: a missing or mistyped member, an unknown type.
    #[error("the file is not valid GeoJSON")]
    InvalidGeojson,
    /// A geometry other than Polygon or MultiPolygon (or a null geometry).
    #[error("only Polygon and MultiPolygon geometries can be districts")]
    UnsupportedGeometry,
    /// A position is not `[longitude, latitude]` or `[longitude, latitude, altitude]`.
    #[error("a position must be [longitude, latitude]")]
    BadPosition,
    /// More positions in total than [`DistrictOptions::max_vertices`].
    #[error("the shapes have too many vertices")]
    TooManyVertices,
}

impl GeoError {
    /// Every code, for translation completeness tests.
    pub const ALL: &'static [GeoError] = &[
        GeoError::Empty,
        GeoError::NotANumber,
        GeoError::DecimalComma,
        GeoError::LatitudeOutOfRange,
        GeoError::LongitudeOutOfRange,
        GeoError::RingTooShort,
        GeoError::RingNotClosed,
        GeoError::TooLarge,
        GeoError::InvalidJson,
        GeoError::InvalidGeojson,
        GeoError::UnsupportedGeometry,
        GeoError::BadPosition,
        GeoError::TooManyVertices,
    ];

    /// The stable snake_case code, e.g. `latitude_out_of_range`.
    pub fn as_str(self) -> &'static str {
        match self {
            GeoError::Empty => "empty",
            GeoError::NotANumber => "not_a_number",
            GeoError::DecimalComma => "decimal_comma",
            GeoError::LatitudeOutOfRange => "latitude_out_of_range",
            GeoError::LongitudeOutOfRange => "longitude_out_of_range",
            GeoError::RingTooShort => "ring_too_short",
            GeoError::RingNotClosed => "ring_not_closed",
            GeoError::TooLarge => "too_large",
            GeoError::InvalidJson => "invalid_json",
            GeoError::InvalidGeojson => "invalid_geojson",
            GeoError::UnsupportedGeometry => "unsupported_geometry",
            GeoError::BadPosition => "bad_position",
            GeoError::TooManyVertices => "too_many_vertices",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::GeoError;

    #[test]
    fn codes_match_serde_names_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for &e in GeoError::ALL {
            let json = serde_json::to_string(&e).unwrap();
            assert_eq!(json, format!("\"{}\"", e.as_str()));
            assert!(seen.insert(e.as_str()), "duplicate code {}", e.as_str());
        }
    }
}
