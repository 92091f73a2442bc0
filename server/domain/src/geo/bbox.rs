//! Latitude/longitude boxes: what a database index can search.

use std::f64::consts::FRAC_PI_2;

use serde::Serialize;

use super::coord::{LatLon, EARTH_RADIUS_M};

/// Added to the angular radius in [`BoundingBox::around`] so that floating-point
/// rounding (here and in `haversine_m`) can never leave a point at exactly the
/// radius outside the box. 1e-9 radians is about 6 mm on the ground.
const MARGIN_RAD: f64 = 1e-9;

/// An axis-aligned box in degrees: `min_lat <= lat <= max_lat` and
/// `min_lon <= lon <= max_lon`. A box never crosses the antimeridian
/// (`min_lon <= max_lon` always); a search area that does is two boxes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BoundingBox {
    min_lat: f64,
    max_lat: f64,
    min_lon: f64,
    max_lon: f64,
}

impl BoundingBox {
    /// The whole globe.
    pub const WORLD: BoundingBox = BoundingBox { min_lat: -90.0, max_lat: 90.0, min_lon: -180.0, max_lon: 180.0 };

    /// The box spanned by two corners, in either order (e.g. a map viewport's
    /// south-west and north-east corners). It never wraps: corners at longitudes
    /// 170 and -170 give the box from -170 to 170, not the 20° across the antimeridian.
    pub fn from_corners(a: LatLon, b: LatLon) -> BoundingBox {
        let (a_lat, b_lat, a_lon, b_lon) = (a.lat.get(), b.lat.get(), a.lon.get(), b.lon.get());
        BoundingBox {
            min_lat: a_lat.min(b_lat),
            max_lat: a_lat.max(b_lat),
            min_lon: a_lon.min(b_lon),
            max_lon: a_lon.max(b_lon),
        }
    }

    /// The smallest box holding all `points`; `None` if there are none.
    pub fn enclosing(points: impl IntoIterator<Item = LatLon>) -> Option<BoundingBox> {
        let mut points = points.into_iter();
        let first = points.next()?;
        Some(points.fold(BoundingBox::from_corners(first, first), |b, p| b.union(BoundingBox::from_corners(p, p))))
    }

    /// Boxes (one, or two when the area crosses the antimeridian) that together
    /// contain every point within `radius_m` metres (by [`haversine_m`]) of
    /// `center`. Query with `(lat BETWEEN min_lat AND max_lat AND lon BETWEEN
    /// min_lon AND max_lon)` for each box, OR-ed, then keep the rows whose
    /// `haversine_m` is at most `radius_m`: the boxes are a superset, never exact.
    ///
    /// When the circle reaches a pole every longitude is included, and a box that
    /// touches ±180° is always paired with one from the other side, so a point
    /// stored as 180 or as -180 is found either way. A negative or NaN radius is
    /// treated as 0; an infinite one gives [`BoundingBox::WORLD`].
    ///
    /// [`haversine_m`]: super::haversine_m
    pub fn around(center: LatLon, radius_m: f64) -> Vec<BoundingBox> {
        // Angular radius; f64::max ignores NaN.
        let delta = radius_m.max(0.0) / EARTH_RADIUS_M + MARGIN_RAD;
        let lat = center.lat.get().to_radians();
        let (south, north) = (lat - delta, lat + delta);
        let lat_band = |min_lon: f64, max_lon: f64| BoundingBox {
            min_lat: south.to_degrees().max(-90.0),
            max_lat: north.to_degrees().min(90.0),
            min_lon,
            max_lon,
        };
        if north >= FRAC_PI_2 || south <= -FRAC_PI_2 {
            // The circle contains a pole, where every meridian meets.
            return vec![lat_band(-180.0, 180.0)];
        }
        // Half the longitude span: where the meridians are tangent to the circle
        // (not simply delta / cos(lat), which is too narrow away from the equator).
        // Mathematically the ratio is < 1 here; the check guards against rounding.
        let ratio = delta.sin() / lat.cos();
        if ratio >= 1.0 {
            return vec![lat_band(-180.0, 180.0)];
        }
        let half_span = ratio.asin().to_degrees();
        let lon = center.lon.get();
        let (west, east) = (lon - half_span, lon + half_span);
        // half_span < 90°, so at most one side wraps, and only once.
        if west <= -180.0 {
            vec![lat_band(west + 360.0, 180.0), lat_band(-180.0, east)]
        } else if east >= 180.0 {
            vec![lat_band(west, 180.0), lat_band(-180.0, east - 360.0)]
        } else {
            vec![lat_band(west, east)]
        }
    }

    /// Whether `p` is in the box, edges included. Plain comparisons, exactly
    /// what the SQL `BETWEEN` does: longitude 180 is not in a box ending at -180.
    pub fn contains(&self, p: LatLon) -> bool {
        let (lat, lon) = (p.lat.get(), p.lon.get());
        self.min_lat <= lat && lat <= self.max_lat && self.min_lon <= lon && lon <= self.max_lon
    }

    /// The smallest box holding both.
    pub fn union(self, other: BoundingBox) -> BoundingBox {
        BoundingBox {
            min_lat: self.min_lat.min(other.min_lat),
            max_lat: self.max_lat.max(other.max_lat),
            min_lon: self.min_lon.min(other.min_lon),
            max_lon: self.max_lon.max(other.max_lon),
        }
    }

    /// Southern edge, degrees.
    pub fn min_lat(&self) -> f64 {
        self.min_lat
    }

    /// Northern edge, degrees.
    pub fn max_lat(&self) -> f64 {
        self.max_lat
    }

    /// Western edge, degrees.
    pub fn min_lon(&self) -> f64 {
        self.min_lon
    }

    /// Eastern edge, degrees.
    pub fn max_lon(&self) -> f64 {
        self.max_lon
    }

    /// Whether `p` is within `tolerance_deg` of the box (a slightly larger box).
    pub(super) fn contains_within(&self, p: LatLon, tolerance_deg: f64) -> bool {
        let (lat, lon) = (p.lat.get(), p.lon.get());
        self.min_lat - tolerance_deg <= lat
            && lat <= self.max_lat + tolerance_deg
            && self.min_lon - tolerance_deg <= lon
            && lon <= self.max_lon + tolerance_deg
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::haversine_m;

    fn p(lat: f64, lon: f64) -> LatLon {
        LatLon::new(lat, lon).unwrap()
    }

    #[test]
    fn a_small_circle_is_one_box_just_wider_than_the_radius() {
        let center = p(37.49, 139.93);
        let boxes = BoundingBox::around(center, 1_000.0);
        assert_eq!(boxes.len(), 1);
        let b = boxes[0];
        // The box's edges are the radius away (plus a few millimetres), no more.
        let north = p(b.max_lat(), 139.93);
        let east = p(37.49, b.max_lon());
        assert!((haversine_m(center, north) - 1_000.0).abs() < 0.01);
        // The widest point of the circle is a bit north of the centre's parallel,
        // so along the parallel the east edge is slightly more than 1 km away.
        assert!((1_000.0..1_000.1).contains(&haversine_m(center, east)));
        assert!(b.contains(center) && b.contains(north) && b.contains(east));
        assert!(!b.contains(p(37.49, 139.95)));
    }

    #[test]
    fn across_the_antimeridian_there_are_two_boxes() {
        let fiji = p(-17.0, 179.99);
        let boxes = BoundingBox::around(fiji, 10_000.0);
        assert_eq!(boxes.len(), 2);
        assert_eq!(boxes[0].max_lon(), 180.0);
        assert_eq!(boxes[1].min_lon(), -180.0);
        for q in [p(-17.0, -179.98), p(-17.0, 179.95), p(-17.0, 180.0), p(-17.0, -180.0)] {
            assert!(haversine_m(fiji, q) <= 10_000.0);
            assert!(boxes.iter().any(|b| b.contains(q)), "{q:?}");
        }
        // Touching the antimeridian exactly also gives both sides.
        let west = BoundingBox::around(p(0.0, -179.0), 111_195.08);
        assert_eq!(west.len(), 2);
        assert!(west.iter().any(|b| b.contains(p(0.0, 180.0))));
    }

    #[test]
    fn near_a_pole_every_longitude_is_included() {
        let boxes = BoundingBox::around(p(89.99, 10.0), 5_000.0);
        assert_eq!(boxes.len(), 1);
        assert_eq!((boxes[0].min_lon(), boxes[0].max_lon()), (-180.0, 180.0));
        assert_eq!(boxes[0].max_lat(), 90.0);
        assert!(boxes[0].contains(p(89.99, -170.0)));
        assert_eq!(BoundingBox::around(p(-90.0, 0.0), 0.0)[0].min_lon(), -180.0);
    }

    #[test]
    fn odd_radii_are_handled() {
        assert_eq!(BoundingBox::around(p(10.0, 20.0), f64::INFINITY), [BoundingBox::WORLD]);
        for r in [f64::NAN, -5.0, 0.0] {
            let boxes = BoundingBox::around(p(10.0, 20.0), r);
            assert_eq!(boxes.len(), 1);
            assert!(boxes[0].contains(p(10.0, 20.0)));
            assert!(boxes[0].max_lat() - 10.0 < 1e-6);
        }
    }

    #[test]
    fn corners_can_come_in_any_order() {
        let b = BoundingBox::from_corners(p(37.5, 139.9), p(37.4, 140.0));
        assert_eq!((b.min_lat(), b.max_lat()), (37.4, 37.5));
        assert_eq!((b.min_lon(), b.max_lon()), (139.9, 140.0));
        assert!(b.contains(p(37.4, 140.0)) && !b.contains(p(37.39, 140.0)));
        assert_eq!(BoundingBox::enclosing([]), None);
    }
}
