//! Rings, polygons with holes, multipolygons: containment and area.
//!
//! Edges are straight lines in the plane x = longitude, y = latitude (RFC 7946
//! §3.1.1). Self-intersecting rings are not rejected; containment then follows
//! the even-odd rule. Winding order is not checked either (RFC 7946 §3.1.6 asks
//! parsers not to reject the "wrong" order), because containment does not need it.

use super::bbox::BoundingBox;
use super::coord::{LatLon, EARTH_RADIUS_M};
use super::GeoError;

/// A point closer than this to a boundary (in degrees, about 0.1 mm) is on it.
/// Far below any GPS or map accuracy, yet far above the rounding of f64 at these
/// magnitudes (around 1e-14°), so a pin placed exactly on a diagonal border
/// shared by two districts is on the border of both despite rounding.
pub const BOUNDARY_TOLERANCE_DEG: f64 = 1e-9;

/// A closed ring: at least 4 positions, the last equal to the first.
#[derive(Debug, Clone, PartialEq)]
pub struct Ring(Vec<LatLon>);

impl Ring {
    /// Refuses rings that are not closed instead of closing them: an unclosed
    /// ring usually means a truncated or mis-exported file, and RFC 7946 requires
    /// closed rings, so every tool that reads our exports expects them.
    pub fn new(points: Vec<LatLon>) -> Result<Ring, GeoError> {
        if points.len() < 4 {
            return Err(GeoError::RingTooShort);
        }
        if points.first() != points.last() {
            return Err(GeoError::RingNotClosed);
        }
        Ok(Ring(points))
    }

    /// The positions, the first repeated at the end.
    pub fn points(&self) -> &[LatLon] {
        &self.0
    }

    fn edges(&self) -> impl Iterator<Item = ((f64, f64), (f64, f64))> + '_ {
        self.0.windows(2).map(|w| (xy(w[0]), xy(w[1])))
    }

    fn on_boundary(&self, p: LatLon) -> bool {
        let p = xy(p);
        self.edges().any(|(a, b)| on_segment(p, a, b))
    }

    /// Crossing-number test: a ray from `p` towards +x crosses the ring an odd
    /// number of times iff `p` is inside. Only meaningful off the boundary (on it
    /// the answer depends on the edge), which is why boundaries are checked first.
    fn encloses(&self, p: LatLon) -> bool {
        let (x, y) = xy(p);
        let mut inside = false;
        for ((ax, ay), (bx, by)) in self.edges() {
            // Half-open in y, so a ray through a vertex counts it exactly once.
            if (ay > y) != (by > y) {
                let x_cross = ax + (y - ay) * (bx - ax) / (by - ay);
                if x < x_cross {
                    inside = !inside;
                }
            }
        }
        inside
    }

    /// Area in square metres on the sphere: the shoelace formula applied in
    /// Lambert's cylindrical equal-area projection (x = longitude in radians,
    /// y = sine of latitude), which preserves areas. Edges there bend slightly
    /// compared with GeoJSON's straight lon/lat edges; for district-sized shapes
    /// that is negligible, and exact for edges along meridians and parallels.
    fn area_m2(&self) -> f64 {
        let (x0, y0) = project(self.0[0]);
        // Relative to the first vertex: shoelace is translation-invariant, and
        // small differences lose less precision than products of large values.
        let local = |p: LatLon| {
            let (x, y) = project(p);
            (x - x0, y - y0)
        };
        let twice: f64 = self
            .0
            .windows(2)
            .map(|w| {
                let ((ax, ay), (bx, by)) = (local(w[0]), local(w[1]));
                ax * by - bx * ay
            })
            .sum();
        (twice / 2.0).abs() * EARTH_RADIUS_M * EARTH_RADIUS_M
    }
}

/// An outer ring with optional holes (inner rings).
#[derive(Debug, Clone, PartialEq)]
pub struct Polygon {
    exterior: Ring,
    holes: Vec<Ring>,
    bbox: BoundingBox,
}

impl Polygon {
    pub fn new(exterior: Ring, holes: Vec<Ring>) -> Polygon {
        // A ring has at least four points (`Ring::new`), so the box starts at a real one.
        let first = exterior.0[0];
        let all_points = std::iter::once(&exterior).chain(&holes).flat_map(|r| r.0.iter().copied());
        let bbox =
            all_points.fold(BoundingBox::from_corners(first, first), |b, p| b.union(BoundingBox::from_corners(p, p)));
        Polygon { exterior, holes, bbox }
    }

    pub fn exterior(&self) -> &Ring {
        &self.exterior
    }

    pub fn holes(&self) -> &[Ring] {
        &self.holes
    }

    pub fn bbox(&self) -> BoundingBox {
        self.bbox
    }

    /// Inside the outer ring and not inside a hole; any point on any ring
    /// (within [`BOUNDARY_TOLERANCE_DEG`]) counts as inside, including the edge
    /// of a hole: it is where the district's area ends, still part of it.
    pub fn contains(&self, p: LatLon) -> bool {
        if !self.bbox.contains_within(p, BOUNDARY_TOLERANCE_DEG) {
            return false;
        }
        let mut rings = std::iter::once(&self.exterior).chain(&self.holes);
        rings.any(|r| r.on_boundary(p)) || (self.exterior.encloses(p) && !self.holes.iter().any(|h| h.encloses(p)))
    }

    /// Approximate area in square metres (see [`MultiPolygon::area_m2`]).
    pub fn area_m2(&self) -> f64 {
        let holes: f64 = self.holes.iter().map(Ring::area_m2).sum();
        (self.exterior.area_m2() - holes).max(0.0)
    }
}

/// One or more polygons, e.g. a district made of a mainland part and an island.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiPolygon {
    polygons: Vec<Polygon>,
    bbox: BoundingBox,
}

impl MultiPolygon {
    /// Refuses an empty list ([`GeoError::Empty`]): a district covers something,
    /// and so always has a bounding box.
    pub fn new(polygons: Vec<Polygon>) -> Result<MultiPolygon, GeoError> {
        let bbox = polygons.iter().map(Polygon::bbox).reduce(BoundingBox::union).ok_or(GeoError::Empty)?;
        Ok(MultiPolygon { polygons, bbox })
    }

    pub fn polygons(&self) -> &[Polygon] {
        &self.polygons
    }

    pub fn bbox(&self) -> BoundingBox {
        self.bbox
    }

    /// Whether any polygon contains `p` (boundary points included, see
    /// [`Polygon::contains`]). The bounding boxes reject most points cheaply.
    pub fn contains(&self, p: LatLon) -> bool {
        self.bbox.contains_within(p, BOUNDARY_TOLERANCE_DEG) && self.polygons.iter().any(|poly| poly.contains(p))
    }

    /// Area in square metres on a sphere of radius [`EARTH_RADIUS_M`]: holes
    /// subtracted, polygons added (overlapping polygons would count twice).
    /// Accurate to well under a percent for district-sized shapes; meant for
    /// ordering and display, not surveying.
    pub fn area_m2(&self) -> f64 {
        self.polygons.iter().map(Polygon::area_m2).sum()
    }
}

fn xy(p: LatLon) -> (f64, f64) {
    (p.lon.get(), p.lat.get())
}

fn project(p: LatLon) -> (f64, f64) {
    (p.lon.get().to_radians(), p.lat.get().to_radians().sin())
}

/// Whether `p` is within [`BOUNDARY_TOLERANCE_DEG`] of the segment from `a` to `b`.
fn on_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> bool {
    let tol = BOUNDARY_TOLERANCE_DEG;
    let within = |v: f64, end1: f64, end2: f64| end1.min(end2) - tol <= v && v <= end1.max(end2) + tol;
    // The cross product is the distance from the line through a and b times the
    // segment's length; the box test above keeps p between the ends.
    let cross = (b.0 - a.0) * (p.1 - a.1) - (b.1 - a.1) * (p.0 - a.0);
    within(p.0, a.0, b.0) && within(p.1, a.1, b.1) && cross.abs() <= tol * (b.0 - a.0).hypot(b.1 - a.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lat: f64, lon: f64) -> LatLon {
        LatLon::new(lat, lon).unwrap()
    }

    /// A ring from (x = lon, y = lat) pairs, closed for convenience.
    fn ring(xy: &[(f64, f64)]) -> Ring {
        let mut points: Vec<LatLon> = xy.iter().map(|&(x, y)| p(y, x)).collect();
        points.push(points[0]);
        Ring::new(points).unwrap()
    }

    fn shape(polygons: Vec<Polygon>) -> MultiPolygon {
        MultiPolygon::new(polygons).unwrap()
    }

    fn square() -> MultiPolygon {
        shape(vec![Polygon::new(ring(&[(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)]), vec![])])
    }

    #[test]
    fn rings_must_be_closed_and_long_enough() {
        let (a, b, c) = (p(0.0, 0.0), p(0.0, 1.0), p(1.0, 1.0));
        assert_eq!(Ring::new(vec![a, b, a]), Err(GeoError::RingTooShort));
        assert_eq!(Ring::new(vec![a, b, c, b]), Err(GeoError::RingNotClosed));
        assert!(Ring::new(vec![a, b, c, a]).is_ok());
        assert_eq!(MultiPolygon::new(vec![]), Err(GeoError::Empty));
    }

    #[test]
    fn square_inside_outside_edges_and_vertices() {
        let sq = square();
        assert!(sq.contains(p(1.0, 1.0)));
        assert!(!sq.contains(p(1.0, 3.0)));
        assert!(!sq.contains(p(-0.5, 1.0)));
        // Boundary convention: edges and vertices are inside.
        for on in [p(0.0, 1.0), p(2.0, 1.0), p(1.0, 0.0), p(1.0, 2.0), p(0.0, 0.0), p(2.0, 2.0)] {
            assert!(sq.contains(on), "{on:?}");
        }
        // Just outside, beyond the tolerance.
        assert!(!sq.contains(p(1.0, 2.000_000_01)));
        // Level with a vertex, outside: the ray through the vertex must not count twice.
        assert!(!sq.contains(p(2.0, 3.0)) && !sq.contains(p(0.0, -1.0)));
    }

    #[test]
    fn concave_u_shape() {
        // A "U": the notch between the arms (x 1..2, y 1..3) is outside.
        let u = shape(vec![Polygon::new(
            ring(&[(0.0, 0.0), (3.0, 0.0), (3.0, 3.0), (2.0, 3.0), (2.0, 1.0), (1.0, 1.0), (1.0, 3.0), (0.0, 3.0)]),
            vec![],
        )]);
        assert!(u.contains(p(0.5, 1.5)), "bottom bar");
        assert!(u.contains(p(2.0, 0.5)), "left arm");
        assert!(u.contains(p(2.0, 2.5)), "right arm");
        assert!(!u.contains(p(2.0, 1.5)), "in the notch");
        assert!(u.contains(p(1.0, 1.5)), "bottom of the notch is boundary");
        assert!(u.contains(p(2.0, 1.0)), "side of the notch is boundary");
        // Level with the notch's inner vertices, on either side of it.
        assert!(u.contains(p(1.0, 0.5)) && u.contains(p(1.0, 2.5)));
        assert!(!u.contains(p(1.0, 3.5)));
    }

    #[test]
    fn hole_is_outside_but_its_edge_is_inside() {
        let donut = shape(vec![Polygon::new(
            ring(&[(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)]),
            // Clockwise, as RFC 7946 asks of holes; either order works.
            vec![ring(&[(1.0, 1.0), (1.0, 3.0), (3.0, 3.0), (3.0, 1.0)])],
        )]);
        assert!(donut.contains(p(0.5, 0.5)));
        assert!(!donut.contains(p(2.0, 2.0)), "in the hole");
        assert!(donut.contains(p(1.0, 2.0)), "on the hole's edge");
        assert!(donut.contains(p(3.0, 3.0)), "on the hole's vertex");
        let square_area = square().polygons()[0].exterior().area_m2();
        // 16 - 4 = 12 square "units"; near the equator each is about the same.
        let ratio = donut.area_m2() / square_area;
        assert!((ratio - 3.0).abs() < 0.01, "{ratio}");
    }

    #[test]
    fn two_islands() {
        let islands = shape(vec![
            Polygon::new(ring(&[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]), vec![]),
            Polygon::new(ring(&[(5.0, 5.0), (6.0, 5.0), (6.0, 6.0), (5.0, 6.0)]), vec![]),
        ]);
        assert!(islands.contains(p(0.5, 0.5)));
        assert!(islands.contains(p(5.5, 5.5)));
        assert!(!islands.contains(p(3.0, 3.0)), "between, inside the overall bbox");
        assert_eq!(islands.bbox(), BoundingBox::from_corners(p(0.0, 0.0), p(6.0, 6.0)));
        let one = islands.polygons()[0].area_m2();
        assert!((islands.area_m2() - 2.0 * one).abs() / one < 0.01);
    }

    #[test]
    fn diagonal_edges_count_despite_rounding() {
        // A triangle with a diagonal hypotenuse through decimal coordinates.
        let t = shape(vec![Polygon::new(ring(&[(139.91, 37.47), (139.95, 37.47), (139.91, 37.51)]), vec![])]);
        assert!(t.contains(p(37.49, 139.93)), "midpoint of the hypotenuse");
        assert!(t.contains(p(37.48, 139.92)));
        assert!(!t.contains(p(37.4901, 139.9301)));
    }

    #[test]
    fn area_of_one_degree_square_at_the_equator() {
        // Exact on the sphere: R² · Δλ · (sin φ2 − sin φ1).
        let expected = EARTH_RADIUS_M.powi(2) * 1f64.to_radians() * 1f64.to_radians().sin();
        let got = shape(vec![Polygon::new(ring(&[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]), vec![])]).area_m2();
        assert!((got - expected).abs() / expected < 1e-9, "{got} vs {expected}");
        assert!((got / 1e6 - 12_364.0).abs() < 1.0, "about 12,364 km², {got}");
    }
}
