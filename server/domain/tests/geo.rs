#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]
//! The geo module as the rest of the application uses it: districts imported from
//! GeoJSON, pins located in them, "nearby" searches through bounding boxes; plus
//! properties (search boxes never miss a point, parsers never panic, exports read
//! back equal).

use proptest::prelude::*;
use yoriai_domain::geo::{
    districts_to_geojson, haversine_m, locate, parse_districts, to_geojson, BoundingBox, DistrictOptions,
    DistrictShape, LatLon, MultiPolygon, Polygon, Ring, EARTH_RADIUS_M,
};

/// Two made-up districts of Aizuwakamatsu sharing the meridian 139.93°E: the
/// castle district to the west and the larger Higashiyama district to the east.
const AIZU: &str = r#"{
  "type": "FeatureCollection",
  "features": [
    {
      "type": "Feature",
      "properties": {"code": "07202-01", "name": "鶴ヶ城", "name_ja": "鶴ヶ城地区", "name_en": "Tsurugajo", "households": 4120},
      "geometry": {"type": "Polygon", "coordinates": [[[139.90, 37.47], [139.93, 37.47], [139.93, 37.51], [139.90, 37.51], [139.90, 37.47]]]}
    },
    {
      "type": "Feature",
      "properties": {"code": "07202-02", "name": "東山", "name_ja": "東山地区", "name_en": "Higashiyama"},
      "geometry": {"type": "MultiPolygon", "coordinates": [
        [[[139.93, 37.46], [139.97, 37.46], [139.97, 37.52], [139.93, 37.52], [139.93, 37.46]]]
      ]}
    }
  ]
}"#;

fn p(lat: f64, lon: f64) -> LatLon {
    LatLon::new(lat, lon).unwrap()
}

fn aizu() -> Vec<DistrictShape> {
    parse_districts(AIZU.as_bytes(), &DistrictOptions::default()).unwrap()
}

#[test]
fn aizuwakamatsu_districts_are_read_with_their_names() {
    let districts = aizu();
    assert_eq!(districts.len(), 2);
    let castle = &districts[0];
    assert_eq!(castle.code.as_deref(), Some("07202-01"));
    assert_eq!(castle.name.as_deref(), Some("鶴ヶ城"));
    assert_eq!(castle.names["name_en"], "Tsurugajo");
    assert!(!castle.names.contains_key("households"), "numbers are not names");
    assert_eq!(castle.bbox().min_lon(), 139.90);
    assert_eq!(castle.bbox().max_lat(), 37.51);
    // 0.03° × 0.04° at 37.5°N: about 2.65 km × 4.45 km.
    let km2 = castle.area_m2() / 1e6;
    assert!((11.7..11.9).contains(&km2), "{km2}");
}

#[test]
fn pins_are_located_in_the_right_district() {
    let districts = aizu();
    let tsurugajo_castle = p(37.4875, 139.9298);
    let higashiyama_onsen = p(37.478, 139.960);
    let on_the_shared_border = p(37.49, 139.93);
    let kitakata = p(37.65, 139.87);
    assert_eq!(locate(tsurugajo_castle, &districts), Some(0));
    assert_eq!(locate(higashiyama_onsen, &districts), Some(1));
    // In both; the smaller (castle) district wins.
    assert!(districts[0].contains(on_the_shared_border));
    assert!(districts[1].contains(on_the_shared_border));
    assert_eq!(locate(on_the_shared_border, &districts), Some(0));
    // On the border where only the larger district continues (south of 37.47).
    assert_eq!(locate(p(37.465, 139.93), &districts), Some(1));
    assert_eq!(locate(kitakata, &districts), None);
}

#[test]
fn nearby_reports_through_boxes_then_haversine() {
    // What the store does: the box query, then the exact filter.
    let castle = p(37.4875, 139.9298);
    let reports = [
        ("pothole by the castle moat", p(37.4890, 139.9310)),
        ("broken light at the station", p(37.5079, 139.9321)),
        ("Higashiyama Onsen, 3.4 km away", p(37.474, 139.965)),
        ("box corner, 3.5 km away", p(37.510, 139.958)),
        ("Kitakata", p(37.65, 139.87)),
    ];
    let boxes = BoundingBox::around(castle, 3_000.0);
    let candidates: Vec<_> = reports.iter().filter(|(_, at)| boxes.iter().any(|b| b.contains(*at))).collect();
    let within: Vec<&str> =
        candidates.iter().filter(|(_, at)| haversine_m(castle, *at) <= 3_000.0).map(|(what, _)| *what).collect();
    assert_eq!(within, ["pothole by the castle moat", "broken light at the station"]);
    assert_eq!(candidates.len(), 3, "the box keeps its corner, drops the rest");
}

#[test]
fn export_reads_back_equal() {
    let districts = aizu();
    let again = parse_districts(districts_to_geojson(&districts).as_bytes(), &DistrictOptions::default()).unwrap();
    assert_eq!(again, districts);
    let one = to_geojson(&districts[0]);
    assert!(one.contains(r#""type":"Polygon""#) && one.contains(r#""id":"07202-01""#));
    assert!(one.contains("[139.9,37.47]"), "positions are [lon, lat]: {one}");
    assert_eq!(parse_districts(one.as_bytes(), &DistrictOptions::default()).unwrap(), [districts[0].clone()]);
}

/// The point `distance_m` from `from` along the initial `bearing_deg`.
fn destination(from: LatLon, bearing_deg: f64, distance_m: f64) -> Option<LatLon> {
    let (lat1, lon1) = (from.lat.get().to_radians(), from.lon.get().to_radians());
    let (theta, delta) = (bearing_deg.to_radians(), distance_m / EARTH_RADIUS_M);
    let lat2 = (lat1.sin() * delta.cos() + lat1.cos() * delta.sin() * theta.cos()).asin();
    let lon2 = lon1 + (theta.sin() * delta.sin() * lat1.cos()).atan2(delta.cos() - lat1.sin() * lat2.sin());
    // Back into [-180, 180].
    let lon2 = (lon2.to_degrees() + 540.0).rem_euclid(360.0) - 180.0;
    LatLon::new(lat2.to_degrees().clamp(-90.0, 90.0), lon2).ok()
}

/// Centres anywhere, and often where boxes get tricky: near the poles and the antimeridian.
fn center() -> impl Strategy<Value = LatLon> {
    let lat = prop_oneof![-90.0..=90.0, 85.0..=90.0, -90.0..=-85.0, Just(90.0), Just(0.0)];
    let lon = prop_oneof![-180.0..=180.0, 175.0..=180.0, -180.0..=-175.0, Just(180.0)];
    (lat, lon).prop_map(|(lat, lon)| p(lat, lon))
}

/// Radii from a few metres to beyond half the globe, spread over the orders of magnitude.
fn radius() -> impl Strategy<Value = f64> {
    (0.0..7.5f64).prop_map(|e| 10f64.powf(e))
}

/// A ring of 3 to 8 random positions inside a one-degree cell, closed. Nine
/// decimals (0.1 mm), as real files have: serde_json reads numbers of up to 15
/// significant digits exactly, but may read a full 17-digit f64 one ulp off.
fn ring() -> impl Strategy<Value = Ring> {
    let nano_degrees = |range: std::ops::Range<i64>| range.prop_map(|n| n as f64 / 1e9);
    let position = (nano_degrees(37_000_000_000..38_000_000_000), nano_degrees(139_000_000_000..140_000_000_000));
    prop::collection::vec(position, 3..8).prop_map(|xy| {
        let mut points: Vec<LatLon> = xy.into_iter().map(|(lat, lon)| p(lat, lon)).collect();
        points.push(points[0]);
        Ring::new(points).unwrap()
    })
}

fn district() -> impl Strategy<Value = DistrictShape> {
    let polygon =
        (ring(), prop::collection::vec(ring(), 0..2)).prop_map(|(exterior, holes)| Polygon::new(exterior, holes));
    // Not "code" or "id": those would become the code.
    let key = prop::sample::select(vec!["name", "name_ja", "name_en", "ward", "kana"]);
    let names = prop::collection::btree_map(key.prop_map(String::from), "\\PC{0,12}", 0..3);
    (prop::collection::vec(polygon, 1..3), names, prop::option::of("[0-9]{1,5}")).prop_map(|(polygons, names, code)| {
        DistrictShape {
            code,
            // What parsing derives from the names with the default keys.
            name: ["name", "name_ja", "name_en"]
                .iter()
                .filter_map(|k| names.get(*k))
                .find(|v| !v.trim().is_empty())
                .cloned(),
            names,
            polygons: MultiPolygon::new(polygons).unwrap(),
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn boxes_contain_every_point_within_the_radius(
        c in center(),
        r in radius(),
        bearing in 0.0..360.0f64,
        fraction in prop_oneof![0.0..=1.0f64, Just(1.0)],
        lat in -90.0..=90.0f64,
        lon in -180.0..=180.0f64,
    ) {
        let boxes = BoundingBox::around(c, r);
        prop_assert!((1..=2).contains(&boxes.len()));
        let on_circle = destination(c, bearing, r * fraction);
        for q in on_circle.into_iter().chain([p(lat, lon)]) {
            if haversine_m(c, q) <= r {
                prop_assert!(boxes.iter().any(|b| b.contains(q)), "{q:?} not in {boxes:?}");
            }
        }
    }

    #[test]
    fn rectangles_contain_exactly_what_the_ranges_say(
        south in -10i32..10, north_extra in 1i32..10,
        west in -10i32..10, east_extra in 1i32..10,
        lat in -12i32..22, lon in -12i32..22,
    ) {
        // Whole-degree grid, so points land on edges and vertices as often as not.
        let (north, east) = (south + north_extra, west + east_extra);
        let corner = |lat: i32, lon: i32| p(lat.into(), lon.into());
        let ring = Ring::new(vec![
            corner(south, west), corner(south, east), corner(north, east),
            corner(north, west), corner(south, west),
        ]).unwrap();
        let shape = MultiPolygon::new(vec![Polygon::new(ring, vec![])]).unwrap();
        let expected = (south..=north).contains(&lat) && (west..=east).contains(&lon);
        prop_assert_eq!(shape.contains(corner(lat, lon)), expected);
    }

    #[test]
    fn exported_districts_read_back_equal(districts in prop::collection::vec(district(), 1..4)) {
        let json = districts_to_geojson(&districts);
        let again = parse_districts(json.as_bytes(), &DistrictOptions::default()).unwrap();
        prop_assert_eq!(again, districts);
    }

    #[test]
    fn coordinates_print_and_parse_back(lat in -90.0..=90.0f64, lon in -180.0..=180.0f64) {
        let here = p(lat, lon);
        prop_assert_eq!(LatLon::parse(&here.lat.to_string(), &here.lon.to_string()), Ok(here));
    }

    #[test]
    fn parsers_never_panic(text in "\\PC{0,40}", bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = LatLon::parse(&text, &text);
        let _ = parse_districts(text.as_bytes(), &DistrictOptions::default());
        let _ = parse_districts(&bytes, &DistrictOptions::default());
    }

    #[test]
    fn mutated_geojson_never_panics(edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)) {
        let mut bytes = AIZU.as_bytes().to_vec();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        if let Ok(districts) = parse_districts(&bytes, &DistrictOptions::default()) {
            let _ = locate(p(37.49, 139.93), &districts);
        }
    }
}
