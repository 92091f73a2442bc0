use super::*;

fn parse(json: &str) -> Result<Vec<DistrictShape>, GeoJsonError> {
    parse_districts(json.as_bytes(), &DistrictOptions::default())
}

/// (feature index, code) of a refused document.
fn refusal(json: &str) -> (Option<usize>, &'static str) {
    let e = parse(json).expect_err(json);
    (e.feature, e.code.as_str())
}

const SQUARE: &str = "[[[0,0],[1,0],[1,1],[0,1],[0,0]]]";

fn collection(geometries: &[&str]) -> String {
    let features: Vec<String> =
        geometries.iter().map(|g| format!(r#"{{"type":"Feature","properties":{{}},"geometry":{g}}}"#)).collect();
    format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, features.join(","))
}

fn polygon(coordinates: &str) -> String {
    format!(r#"{{"type":"Polygon","coordinates":{coordinates}}}"#)
}

#[test]
fn bare_geometries_and_lone_features_are_read() {
    let bare = parse(&polygon(SQUARE)).unwrap();
    assert_eq!(bare.len(), 1);
    assert_eq!((bare[0].code.as_deref(), bare[0].name.as_deref()), (None, None));
    let multi = format!(r#"{{"type":"MultiPolygon","coordinates":[{SQUARE},{SQUARE}]}}"#);
    assert_eq!(parse(&multi).unwrap()[0].polygons.polygons().len(), 2);
    let feature = format!(
        r#"{{"type":"Feature","id":7,"properties":{{"name_en":"East","pop":12}},"geometry":{}}}"#,
        polygon(SQUARE)
    );
    let d = &parse(&feature).unwrap()[0];
    assert_eq!(d.code.as_deref(), Some("7"), "Feature id as a fallback");
    assert_eq!(d.name.as_deref(), Some("East"));
    assert_eq!(d.names.len(), 1, "only string properties");
}

#[test]
fn altitude_is_ignored_and_bom_skipped() {
    let with_altitude = polygon("[[[0,0,5],[1,0,5],[1,1,5],[0,1,5],[0,0,5]]]");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(with_altitude.as_bytes());
    let d = parse_districts(&bytes, &DistrictOptions::default()).unwrap();
    assert_eq!(d, parse(&polygon(SQUARE)).unwrap());
}

#[test]
fn code_and_name_keys_are_configurable() {
    let feature = format!(
        r#"{{"type":"Feature","id":"f1","properties":{{"N03_004":"会津若松市","N03_007":"07202","name":""}},"geometry":{}}}"#,
        polygon(SQUARE)
    );
    let options = DistrictOptions {
        name_keys: vec!["name".into(), "N03_004".into()],
        code_keys: vec!["N03_007".into()],
        ..DistrictOptions::default()
    };
    let d = &parse_districts(feature.as_bytes(), &options).unwrap()[0];
    assert_eq!(d.code.as_deref(), Some("07202"));
    assert_eq!(d.name.as_deref(), Some("会津若松市"), "blank names are skipped");
}

#[test]
fn refusals_carry_the_feature_index_and_code() {
    let ok = polygon(SQUARE);
    let cases: Vec<(String, (Option<usize>, &str))> = vec![
        ("{".into(), (None, "invalid_json")),
        ("[]".into(), (None, "invalid_geojson")),
        (r#"{"features":[]}"#.into(), (None, "invalid_geojson")),
        (collection(&[]), (None, "empty")),
        (collection(&[&ok, r#"{"type":"Point","coordinates":[0,0]}"#]), (Some(1), "unsupported_geometry")),
        (collection(&[&ok, "null"]), (Some(1), "unsupported_geometry")),
        (collection(&[r#"{"type":"Circle"}"#]), (Some(0), "invalid_geojson")),
        (collection(&[&polygon("[]")]), (Some(0), "empty")),
        (collection(&[&ok, &ok, &polygon("[[[0,0],[1,0],[0,0]]]")]), (Some(2), "ring_too_short")),
        (collection(&[&polygon("[[[0,0],[1,0],[1,1],[0,1]]]")]), (Some(0), "ring_not_closed")),
        (collection(&[&polygon("[[[0,0],[1,0],[1,91],[0,0]]]")]), (Some(0), "latitude_out_of_range")),
        (collection(&[&polygon("[[[0,0],[181,0],[1,1],[0,0]]]")]), (Some(0), "longitude_out_of_range")),
        (collection(&[&polygon(r#"[[[0,0],["1",0],[1,1],[0,0]]]"#)]), (Some(0), "not_a_number")),
        (collection(&[&polygon("[[[0,0],[1],[1,1],[0,0]]]")]), (Some(0), "bad_position")),
        (polygon("[[[0,0],[1,0],[1,1],[0,0,null]]]"), (None, "not_a_number")),
        (r#"{"type":"Feature","properties":{}}"#.into(), (Some(0), "invalid_geojson")),
        (r#"{"type":"Feature","properties":[],"geometry":null}"#.into(), (Some(0), "invalid_geojson")),
    ];
    for (json, expected) in cases {
        assert_eq!(refusal(&json), expected, "{json}");
    }
}

#[test]
fn details_say_where() {
    let multi = r#"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[0,0],[1,0],[1,1],[0,0]],[[0,0],[0,100],[1,1],[0,0]]]]}"#;
    let e = parse(multi).unwrap_err();
    assert_eq!(e.code, GeoError::LatitudeOutOfRange);
    assert!(e.detail.starts_with("polygon 1: ring 1: position 1: [0, 100]"), "{}", e.detail);
    let e = parse(&collection(&[&polygon(SQUARE), "null"])).unwrap_err();
    assert!(e.to_string().starts_with("feature 1: "), "{e}");
}

#[test]
fn misplaced_arrays_are_quoted_briefly() {
    let nested = polygon(&format!("[[{SQUARE}, [0,0], [0,0], [0,0]]]"));
    let e = parse(&nested).unwrap_err();
    assert_eq!(e.code, GeoError::BadPosition);
    assert_eq!(e.detail, "ring 0: position 0: [[[0,0],[1,0],[1,1],[0,1],[0,0]]] is not [longitude, latitude]");
    let long = format!("[[[0,0],[0,0],[0,0],[{}0]]]", "0,".repeat(100));
    let e = parse(&polygon(&long)).unwrap_err();
    assert!(e.detail.len() < 200 && e.detail.contains('…'), "{}", e.detail);
}

#[test]
fn caps_on_size_and_vertices() {
    let options = DistrictOptions { max_bytes: 100, max_vertices: 9, ..DistrictOptions::default() };
    let square = polygon(SQUARE);
    let big = collection(&[square.as_str(); 3]);
    let e = parse_districts(big.as_bytes(), &options).unwrap_err();
    assert_eq!((e.feature, e.code), (None, GeoError::TooLarge));
    let options = DistrictOptions { max_bytes: big.len(), ..options };
    let e = parse_districts(big.as_bytes(), &options).unwrap_err();
    assert_eq!((e.feature, e.code), (Some(1), GeoError::TooManyVertices));
    let two = collection(&[square.as_str(); 2]);
    assert!(parse_districts(two.as_bytes(), &options).is_err());
    let options = DistrictOptions { max_vertices: 10, ..options };
    assert_eq!(parse_districts(two.as_bytes(), &options).unwrap().len(), 2);
}

#[test]
fn overlapping_districts_go_to_the_smaller_then_the_first() {
    let big = polygon("[[[0,0],[4,0],[4,4],[0,4],[0,0]]]");
    let small = polygon("[[[1,1],[2,1],[2,2],[1,2],[1,1]]]");
    let districts = parse(&collection(&[&big, &small, &small])).unwrap();
    let p = |lat, lon| LatLon::new(lat, lon).unwrap();
    assert_eq!(locate(p(1.5, 1.5), &districts), Some(1));
    assert_eq!(locate(p(3.0, 3.0), &districts), Some(0));
    assert_eq!(locate(p(5.0, 5.0), &districts), None);
    assert_eq!(locate(p(5.0, 5.0), &[]), None);
}
