use super::dates::{civil_from_days, days_from_civil, days_in_month, is_leap_year};
use super::*;

const DECL: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

fn request() -> ServiceRequest {
    ServiceRequest {
        service_request_id: "638344".into(),
        status: "open".into(),
        status_notes: None,
        service_name: "道路の損傷".into(),
        service_code: "road".into(),
        description: "Pothole near the station".into(),
        agency_responsible: Some("Roads & Parks".into()),
        service_notice: None,
        requested_datetime: "2026-11-21T23:00:00+09:00".into(),
        updated_datetime: "2026-11-22T08:30:00+09:00".into(),
        expected_datetime: None,
        address: Some("1-1 Chuo".into()),
        address_id: None,
        zipcode: Some("965-0000".into()),
        lat: Some(37.4948),
        long: Some(139.929_812_345_6),
        media_url: None,
    }
}

#[test]
fn discovery_xml() {
    let discovery = Discovery {
        changeset: "2026-01-01T00:00:00Z".into(),
        contact: "open311@city.example".into(),
        key_service: "Ask the city for a key".into(),
        endpoints: vec![Endpoint {
            specification: GEOREPORT_V2_SPEC.into(),
            url: "https://city.example/open311/v2".into(),
            changeset: "2026-01-01T00:00:00Z".into(),
            r#type: "production".into(),
            formats: vec!["text/xml".into(), "application/json".into()],
        }],
    };
    let expected = concat!(
        "<discovery><changeset>2026-01-01T00:00:00Z</changeset>",
        "<contact>open311@city.example</contact><key_service>Ask the city for a key</key_service>",
        "<endpoints><endpoint><specification>http://wiki.open311.org/GeoReport_v2</specification>",
        "<url>https://city.example/open311/v2</url><changeset>2026-01-01T00:00:00Z</changeset>",
        "<type>production</type><formats><format>text/xml</format><format>application/json</format>",
        "</formats></endpoint></endpoints></discovery>\n"
    );
    assert_eq!(to_xml_discovery(&discovery), format!("{DECL}{expected}"));
}

#[test]
fn services_xml() {
    let services = vec![
        Service {
            service_code: "road".into(),
            service_name: "道路の損傷".into(),
            description: "Potholes, cracks".into(),
            metadata: true,
            r#type: "realtime".into(),
            keywords: "road, pothole".into(),
            group: "streets".into(),
        },
        Service {
            service_code: "graffiti".into(),
            service_name: "Graffiti".into(),
            description: String::new(),
            metadata: false,
            r#type: "realtime".into(),
            keywords: String::new(),
            group: "cleaning".into(),
        },
    ];
    let expected = concat!(
        "<services><service><service_code>road</service_code><service_name>道路の損傷</service_name>",
        "<description>Potholes, cracks</description><metadata>true</metadata><type>realtime</type>",
        "<keywords>road, pothole</keywords><group>streets</group></service>",
        "<service><service_code>graffiti</service_code><service_name>Graffiti</service_name>",
        "<description></description><metadata>false</metadata><type>realtime</type>",
        "<keywords></keywords><group>cleaning</group></service></services>\n"
    );
    assert_eq!(to_xml_services(&services), format!("{DECL}{expected}"));
}

#[test]
fn service_definition_xml() {
    let definition = ServiceDefinition {
        service_code: "road".into(),
        attributes: vec![
            Attribute {
                variable: true,
                code: "SEVERITY".into(),
                datatype: "singlevaluelist".into(),
                required: true,
                datatype_description: String::new(),
                order: 1,
                description: "How bad is it?".into(),
                values: vec![
                    AttributeValue { key: "low".into(), name: "Minor".into() },
                    AttributeValue { key: "high".into(), name: "Dangerous".into() },
                ],
            },
            Attribute {
                variable: true,
                code: "WIDTH".into(),
                datatype: "number".into(),
                required: false,
                datatype_description: "Width in cm".into(),
                order: 2,
                description: "Width".into(),
                values: vec![],
            },
        ],
    };
    let expected = concat!(
        "<service_definition><service_code>road</service_code><attributes>",
        "<attribute><variable>true</variable><code>SEVERITY</code><datatype>singlevaluelist</datatype>",
        "<required>true</required><datatype_description></datatype_description><order>1</order>",
        "<description>How bad is it?</description><values>",
        "<value><key>low</key><name>Minor</name></value><value><key>high</key><name>Dangerous</name></value>",
        "</values></attribute>",
        "<attribute><variable>true</variable><code>WIDTH</code><datatype>number</datatype>",
        "<required>false</required><datatype_description>Width in cm</datatype_description>",
        "<order>2</order><description>Width</description><values></values></attribute>",
        "</attributes></service_definition>\n"
    );
    assert_eq!(to_xml_service_definition(&definition), format!("{DECL}{expected}"));
}

#[test]
fn service_requests_xml_writes_none_as_empty_elements() {
    let expected = concat!(
        "<service_requests><request><service_request_id>638344</service_request_id>",
        "<status>open</status><status_notes></status_notes><service_name>道路の損傷</service_name>",
        "<service_code>road</service_code><description>Pothole near the station</description>",
        "<agency_responsible>Roads &amp; Parks</agency_responsible><service_notice></service_notice>",
        "<requested_datetime>2026-11-21T23:00:00+09:00</requested_datetime>",
        "<updated_datetime>2026-11-22T08:30:00+09:00</updated_datetime>",
        "<expected_datetime></expected_datetime><address>1-1 Chuo</address><address_id></address_id>",
        "<zipcode>965-0000</zipcode><lat>37.4948</lat><long>139.9298123</long><media_url></media_url>",
        "</request></service_requests>\n"
    );
    assert_eq!(to_xml_service_requests(&[request()]), format!("{DECL}{expected}"));
}

#[test]
fn requests_created_xml_leaves_out_the_absent_id_or_token() {
    let created = [
        RequestCreated {
            service_request_id: Some("42".into()),
            token: None,
            service_notice: Some("We will inspect within 3 days".into()),
            account_id: None,
        },
        RequestCreated { service_request_id: None, token: Some("t-1".into()), service_notice: None, account_id: None },
    ];
    let expected = concat!(
        "<service_requests><request><service_request_id>42</service_request_id>",
        "<service_notice>We will inspect within 3 days</service_notice><account_id></account_id></request>",
        "<request><token>t-1</token><service_notice></service_notice><account_id></account_id></request>",
        "</service_requests>\n"
    );
    assert_eq!(to_xml_requests_created(&created), format!("{DECL}{expected}"));
}

#[test]
fn tokens_xml() {
    let tokens = [
        TokenStatus { service_request_id: Some("638344".into()), token: "12345".into() },
        TokenStatus { service_request_id: None, token: "12346".into() },
    ];
    let expected = concat!(
        "<service_requests><request><service_request_id>638344</service_request_id><token>12345</token>",
        "</request><request><service_request_id></service_request_id><token>12346</token></request>",
        "</service_requests>\n"
    );
    assert_eq!(to_xml_tokens(&tokens), format!("{DECL}{expected}"));
}

#[test]
fn errors_xml() {
    let errors = [Open311Error::new(403, "Invalid api_key received")];
    let expected =
        "<errors><error><code>403</code><description>Invalid api_key received</description></error></errors>\n";
    assert_eq!(to_xml_errors(&errors), format!("{DECL}{expected}"));
}

#[test]
fn empty_lists_are_empty_root_elements() {
    assert_eq!(to_xml_services(&[]), format!("{DECL}<services></services>\n"));
    assert_eq!(to_xml_service_requests(&[]), format!("{DECL}<service_requests></service_requests>\n"));
    assert_eq!(to_xml_requests_created(&[]), format!("{DECL}<service_requests></service_requests>\n"));
    assert_eq!(to_xml_tokens(&[]), format!("{DECL}<service_requests></service_requests>\n"));
    assert_eq!(to_xml_errors(&[]), format!("{DECL}<errors></errors>\n"));
    let definition = ServiceDefinition { service_code: "x".into(), attributes: vec![] };
    assert_eq!(
        to_xml_service_definition(&definition),
        format!(
            "{DECL}<service_definition><service_code>x</service_code><attributes></attributes></service_definition>\n"
        )
    );
    let discovery =
        Discovery { changeset: String::new(), contact: String::new(), key_service: String::new(), endpoints: vec![] };
    assert!(to_xml_discovery(&discovery).ends_with("<key_service></key_service><endpoints></endpoints></discovery>\n"));
}

#[test]
fn text_is_escaped_and_invalid_characters_removed() {
    let errors = [Open311Error::new(
        400,
        "<script>alert(\"x\")</script> & 'y'\u{0}\u{1}\u{8}\u{B}\u{C}\u{1F}\u{FFFE}\u{FFFF}\ttab\nline\r\n😀\u{7F}",
    )];
    let xml = to_xml_errors(&errors);
    let expected = concat!(
        "<description>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;y&apos;",
        "\ttab\nline&#13;\n😀\u{7F}</description>"
    );
    assert!(xml.contains(expected), "{xml}");
    assert!(!xml.contains("<script>"));
    let mut request = request();
    request.description = "a]]>b".into();
    assert!(to_xml_service_requests(&[request]).contains("<description>a]]&gt;b</description>"));
}

#[test]
fn coordinates_have_no_exponent_and_at_most_seven_decimals() {
    assert_eq!(format_coordinate(37.4948).as_deref(), Some("37.4948"));
    assert_eq!(format_coordinate(139.0).as_deref(), Some("139"));
    assert_eq!(format_coordinate(-122.465_114_5).as_deref(), Some("-122.4651145"));
    assert_eq!(format_coordinate(1e-9).as_deref(), Some("0"));
    assert_eq!(format_coordinate(-1e-9).as_deref(), Some("0"));
    assert_eq!(format_coordinate(-0.0).as_deref(), Some("0"));
    assert_eq!(format_coordinate(1.5e-5).as_deref(), Some("0.000015"));
    assert_eq!(format_coordinate(0.123_456_789).as_deref(), Some("0.1234568"));
    assert_eq!(format_coordinate(f64::NAN), None);
    assert_eq!(format_coordinate(f64::INFINITY), None);
    let huge = format_coordinate(1e300).unwrap_or_default();
    assert!(huge.len() >= 300 && huge.bytes().all(|c| c.is_ascii_digit()), "{huge}");
    let mut r = request();
    r.lat = Some(f64::NAN);
    r.long = None;
    let xml = to_xml_service_requests(&[r]);
    assert!(xml.contains("<lat></lat><long></long>"));
}

#[test]
fn parses_w3c_datetimes() {
    assert_eq!(parse_w3c_datetime("1970-01-01T00:00:00Z"), Some(0));
    assert_eq!(parse_w3c_datetime("2010-01-01T00:00:00Z"), Some(1_262_304_000));
    assert_eq!(parse_w3c_datetime("2010-01-01"), Some(1_262_304_000));
    assert_eq!(parse_w3c_datetime("2010-01-01T09:00:00+09:00"), Some(1_262_304_000));
    assert_eq!(parse_w3c_datetime("2009-12-31T19:00:00-05:00"), Some(1_262_304_000));
    assert_eq!(parse_w3c_datetime("2009-12-31T20:30:00-03:30"), Some(1_262_304_000));
    assert_eq!(parse_w3c_datetime("2010-01-01T00:00:00.999Z"), Some(1_262_304_000));
    assert_eq!(parse_w3c_datetime("2010-01-01T09:00:00.5+09:00"), Some(1_262_304_000));
    assert_eq!(parse_w3c_datetime("1994-11-05T08:15:30-05:00"), Some(784_041_330));
    assert_eq!(parse_w3c_datetime("1994-11-05T13:15:30Z"), Some(784_041_330));
    assert_eq!(parse_w3c_datetime("1969-12-31T23:59:59Z"), Some(-1));
    assert_eq!(parse_w3c_datetime("1900-01-01"), Some(-2_208_988_800));
    assert_eq!(parse_w3c_datetime("0000-03-01"), Some(-62_162_035_200));
    // Leap years: 2024 and 2000 have 29 February, 1900 and 2023 do not.
    assert_eq!(parse_w3c_datetime("2024-02-29T12:00:00Z"), Some(1_709_208_000));
    assert_eq!(parse_w3c_datetime("2000-02-29"), Some(951_782_400));
    assert_eq!(parse_w3c_datetime("2000-03-01"), Some(951_868_800));
    assert_eq!(parse_w3c_datetime("1900-02-29"), None);
    assert_eq!(parse_w3c_datetime("2023-02-29"), None);
    assert_eq!(parse_w3c_datetime("2024-12-31T23:59:59Z"), Some(1_735_689_599));
}

#[test]
fn rejects_other_datetimes() {
    for bad in [
        "",
        "garbage",
        "2010",
        "2010-01",
        "2010-1-01",
        "2010-01-01T00:00Z",
        "2010-01-01T00:00:00",
        "2010-01-01 00:00:00Z",
        "2010-01-01t00:00:00Z",
        "2010-01-01T00:00:00z",
        "2010-01-01T00:00:00.Z",
        "2010-01-01T00:00:00+0900",
        "2010-01-01T00:00:00+09",
        "2010-01-01T00:00:00+24:00",
        "2010-01-01T00:00:00+09:60",
        "2010-01-01T24:00:00Z",
        "2010-01-01T23:60:00Z",
        "2010-01-01T23:59:60Z",
        "2010-13-01",
        "2010-00-01",
        "2010-01-00",
        "2010-04-31",
        "+010-01-01",
        "２０１０-01-01",
        " 2010-01-01",
        "2010-01-01 ",
        "2010-01-01Z",
        "2010-01-01T00:00:00Zjunk",
        "2010-01-01T00:00:00.1.2Z",
        "2010-01-01T-1:00:00Z",
        "2010-01-01T00:00:00+-9:00",
    ] {
        assert_eq!(parse_w3c_datetime(bad), None, "{bad:?}");
    }
}

#[test]
fn formats_w3c_datetimes() {
    assert_eq!(format_w3c_datetime(0, 0), "1970-01-01T00:00:00Z");
    assert_eq!(format_w3c_datetime(1_795_269_600, 540), "2026-11-21T23:00:00+09:00");
    assert_eq!(format_w3c_datetime(1_795_269_600, 0), "2026-11-21T14:00:00Z");
    assert_eq!(format_w3c_datetime(784_041_330, -300), "1994-11-05T08:15:30-05:00");
    assert_eq!(format_w3c_datetime(1_262_304_000, -210), "2009-12-31T20:30:00-03:30");
    assert_eq!(format_w3c_datetime(-1, 0), "1969-12-31T23:59:59Z");
    assert_eq!(format_w3c_datetime(951_782_400, 0), "2000-02-29T00:00:00Z");
    assert_eq!(format_w3c_datetime(1_709_251_199, 0), "2024-02-29T23:59:59Z");
    assert_eq!(format_w3c_datetime(1_709_251_200, -60), "2024-02-29T23:00:00-01:00");
    assert_eq!(format_w3c_datetime(-2_208_988_800, 0), "1900-01-01T00:00:00Z");
    // Out-of-range offsets are clamped, and the text still names the same instant.
    assert_eq!(format_w3c_datetime(0, 100_000), "1970-01-01T23:59:00+23:59");
    assert_eq!(format_w3c_datetime(0, i32::MIN), "1969-12-31T00:01:00-23:59");
    // Never panics, even far outside the W3C years.
    assert!(format_w3c_datetime(i64::MAX, 1439).ends_with("+23:59"));
    assert!(format_w3c_datetime(i64::MIN, -1439).ends_with("-23:59"));
    assert!(format_w3c_datetime(-62_167_219_201, 0).starts_with("-0001-12-31"));
}

#[test]
fn datetimes_round_trip() {
    let mut t = -62_135_596_800; // 0001-01-01
    while t < 253_402_300_799 - 86_400 {
        // up to 9999-12-30, so no offset reaches year 10000
        for offset in [0, 540, -300, 330, -570, 1439, -1439] {
            let text = format_w3c_datetime(t, offset);
            assert_eq!(parse_w3c_datetime(&text), Some(t), "{text}");
        }
        t += 7_919_999; // about three months, a prime so times of day vary
    }
    for day in 0..(366 * 4 + 1) {
        let t = 946_684_800 + day * 86_400 + 86_399; // each day of 2000-2004, 23:59:59
        let text = format_w3c_datetime(t, 0);
        assert_eq!(parse_w3c_datetime(&text), Some(t), "{text}");
        assert_eq!(parse_w3c_datetime(&text[..10]), Some(t - 86_399), "{text}");
    }
}

#[test]
fn calendar_agrees_with_known_day_counts() {
    assert_eq!(days_from_civil(1970, 1, 1), 0);
    assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    assert_eq!(days_from_civil(1969, 12, 31), -1);
    for days in -800_000..800_000 {
        let (y, m, d) = civil_from_days(days);
        assert!((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m));
        assert_eq!(days_from_civil(y, m, d), days);
    }
    assert!(is_leap_year(2000) && is_leap_year(2024) && !is_leap_year(1900) && !is_leap_year(2100));
}
