//! Open311 GeoReport v2 documents (<http://wiki.open311.org/GeoReport_v2>), served under
//! `/open311/v2/`.
//!
//! Each struct's serde JSON form is the GeoReport v2 JSON form: list documents are JSON
//! arrays of the item structs (`Vec<Service>`, `Vec<ServiceRequest>`, …), and the single
//! documents (`Discovery`, `ServiceDefinition`) are objects. Optional fields the spec lists
//! are kept as `null` rather than left out, except where the spec says a field must not be
//! returned (`service_request_id` / `token` of a POST response, one excludes the other).
//! Coordinates are rounded to 7 decimals (about 1 cm) in both JSON and XML so the two
//! formats agree.
//!
//! The XML form is written by the `to_xml_*` functions: a `<?xml version="1.0"
//! encoding="utf-8"?>` declaration, then the document without whitespace between elements.
//! As in the spec's examples, an absent (`None`) or empty value is an empty element written
//! `<name></name>`, booleans are `true`/`false`, coordinates have no exponent and at most 7
//! decimals. Text is escaped (`& < > " '`, and a carriage return as `&#13;` so parsers keep
//! it) and characters XML 1.0 does not allow (most C0 controls, U+FFFE, U+FFFF) are removed.
//! No function here panics and the output is deterministic.
//!
//! Date/times are W3C-profile ISO 8601 strings: see [`parse_w3c_datetime`] and
//! [`format_w3c_datetime`] (calendar math done here; this crate has no date library).

use serde::{Deserialize, Serialize, Serializer};

/// The `specification` of a GeoReport v2 endpoint in the discovery document.
pub const GEOREPORT_V2_SPEC: &str = "http://wiki.open311.org/GeoReport_v2";
/// The declaration starting every XML document.
pub const XML_DECLARATION: &str = r#"<?xml version="1.0" encoding="utf-8"?>"#;
/// Content types of the two formats, as the spec asks.
pub const XML_CONTENT_TYPE: &str = "text/xml; charset=utf-8";
pub const JSON_CONTENT_TYPE: &str = "application/json; charset=utf-8";
/// Longest accepted request description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 4000;
/// Longest `start_date`..`end_date` span of GET requests, and the default window.
pub const MAX_QUERY_SPAN_DAYS: i64 = 90;
/// Most requests one GET requests answer returns.
pub const MAX_QUERY_RESULTS: usize = 1000;

/// The service discovery document (`discovery.json` / `discovery.xml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discovery {
    pub changeset: String,
    pub contact: String,
    pub key_service: String,
    pub endpoints: Vec<Endpoint>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    /// E.g. [`GEOREPORT_V2_SPEC`].
    pub specification: String,
    pub url: String,
    pub changeset: String,
    /// `production` or `test`.
    #[serde(rename = "type")]
    pub r#type: String,
    /// MIME types, e.g. `text/xml`, `application/json`.
    pub formats: Vec<String>,
}

/// One item of GET `services`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    /// Whether the service has a definition (attributes) to fetch.
    pub metadata: bool,
    /// `realtime`, `batch` or `blackbox`.
    #[serde(rename = "type")]
    pub r#type: String,
    /// Comma separated.
    pub keywords: String,
    pub group: String,
}

/// GET `services/{service_code}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceDefinition {
    pub service_code: String,
    pub attributes: Vec<Attribute>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribute {
    /// `false` when the attribute only informs (no input).
    pub variable: bool,
    pub code: String,
    /// `string`, `number`, `datetime`, `text`, `singlevaluelist` or `multivaluelist`.
    pub datatype: String,
    pub required: bool,
    pub datatype_description: String,
    /// 1 is shown first.
    pub order: i32,
    pub description: String,
    /// The choices of the list datatypes; empty otherwise.
    pub values: Vec<AttributeValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeValue {
    pub key: String,
    pub name: String,
}

/// One item of GET `requests` and GET `requests/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceRequest {
    pub service_request_id: String,
    /// `open` or `closed`.
    pub status: String,
    pub status_notes: Option<String>,
    pub service_name: String,
    pub service_code: String,
    pub description: String,
    pub agency_responsible: Option<String>,
    pub service_notice: Option<String>,
    /// W3C date/times (see [`format_w3c_datetime`]).
    pub requested_datetime: String,
    pub updated_datetime: String,
    pub expected_datetime: Option<String>,
    pub address: Option<String>,
    pub address_id: Option<String>,
    pub zipcode: Option<String>,
    /// WGS84 degrees, written rounded to 7 decimals.
    #[serde(serialize_with = "serialize_coordinate")]
    pub lat: Option<f64>,
    #[serde(serialize_with = "serialize_coordinate")]
    pub long: Option<f64>,
    pub media_url: Option<String>,
}

/// One item of the POST `requests` answer. The spec returns either `service_request_id`
/// or `token`, never both; the absent one is left out of the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestCreated {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_request_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    pub service_notice: Option<String>,
    pub account_id: Option<String>,
}

/// One item of GET `tokens/{token}`; `service_request_id` is `None` while pending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenStatus {
    pub service_request_id: Option<String>,
    pub token: String,
}

/// One item of an error answer. `code` is the HTTP status (403 for a missing or wrong
/// `api_key`, 404 for an unknown resource, 400 otherwise).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Open311Error {
    pub code: u16,
    pub description: String,
}

impl Open311Error {
    pub fn new(code: u16, description: impl Into<String>) -> Self {
        Open311Error { code, description: description.into() }
    }
}

/// `discovery.xml`.
pub fn to_xml_discovery(discovery: &Discovery) -> String {
    let mut w = XmlWriter::new();
    w.open("discovery");
    w.text("changeset", &discovery.changeset);
    w.text("contact", &discovery.contact);
    w.text("key_service", &discovery.key_service);
    w.open("endpoints");
    for endpoint in &discovery.endpoints {
        w.open("endpoint");
        w.text("specification", &endpoint.specification);
        w.text("url", &endpoint.url);
        w.text("changeset", &endpoint.changeset);
        w.text("type", &endpoint.r#type);
        w.open("formats");
        for format in &endpoint.formats {
            w.text("format", format);
        }
        w.close("formats");
        w.close("endpoint");
    }
    w.close("endpoints");
    w.close("discovery");
    w.finish()
}

/// `services.xml`.
pub fn to_xml_services(services: &[Service]) -> String {
    let mut w = XmlWriter::new();
    w.open("services");
    for service in services {
        w.open("service");
        w.text("service_code", &service.service_code);
        w.text("service_name", &service.service_name);
        w.text("description", &service.description);
        w.boolean("metadata", service.metadata);
        w.text("type", &service.r#type);
        w.text("keywords", &service.keywords);
        w.text("group", &service.group);
        w.close("service");
    }
    w.close("services");
    w.finish()
}

/// `services/{service_code}.xml`.
pub fn to_xml_service_definition(definition: &ServiceDefinition) -> String {
    let mut w = XmlWriter::new();
    w.open("service_definition");
    w.text("service_code", &definition.service_code);
    w.open("attributes");
    for attribute in &definition.attributes {
        w.open("attribute");
        w.boolean("variable", attribute.variable);
        w.text("code", &attribute.code);
        w.text("datatype", &attribute.datatype);
        w.boolean("required", attribute.required);
        w.text("datatype_description", &attribute.datatype_description);
        w.text("order", &attribute.order.to_string());
        w.text("description", &attribute.description);
        w.open("values");
        for value in &attribute.values {
            w.open("value");
            w.text("key", &value.key);
            w.text("name", &value.name);
            w.close("value");
        }
        w.close("values");
        w.close("attribute");
    }
    w.close("attributes");
    w.close("service_definition");
    w.finish()
}

/// `requests.xml` (GET) and `requests/{id}.xml`.
pub fn to_xml_service_requests(requests: &[ServiceRequest]) -> String {
    let mut w = XmlWriter::new();
    w.open("service_requests");
    for r in requests {
        w.open("request");
        w.text("service_request_id", &r.service_request_id);
        w.text("status", &r.status);
        w.opt_text("status_notes", r.status_notes.as_deref());
        w.text("service_name", &r.service_name);
        w.text("service_code", &r.service_code);
        w.text("description", &r.description);
        w.opt_text("agency_responsible", r.agency_responsible.as_deref());
        w.opt_text("service_notice", r.service_notice.as_deref());
        w.text("requested_datetime", &r.requested_datetime);
        w.text("updated_datetime", &r.updated_datetime);
        w.opt_text("expected_datetime", r.expected_datetime.as_deref());
        w.opt_text("address", r.address.as_deref());
        w.opt_text("address_id", r.address_id.as_deref());
        w.opt_text("zipcode", r.zipcode.as_deref());
        w.coordinate("lat", r.lat);
        w.coordinate("long", r.long);
        w.opt_text("media_url", r.media_url.as_deref());
        w.close("request");
    }
    w.close("service_requests");
    w.finish()
}

/// The answer of POST `requests.xml`.
pub fn to_xml_requests_created(created: &[RequestCreated]) -> String {
    let mut w = XmlWriter::new();
    w.open("service_requests");
    for c in created {
        w.open("request");
        if let Some(id) = &c.service_request_id {
            w.text("service_request_id", id);
        }
        if let Some(token) = &c.token {
            w.text("token", token);
        }
        w.opt_text("service_notice", c.service_notice.as_deref());
        w.opt_text("account_id", c.account_id.as_deref());
        w.close("request");
    }
    w.close("service_requests");
    w.finish()
}

/// `tokens/{token}.xml`.
pub fn to_xml_tokens(tokens: &[TokenStatus]) -> String {
    let mut w = XmlWriter::new();
    w.open("service_requests");
    for t in tokens {
        w.open("request");
        w.opt_text("service_request_id", t.service_request_id.as_deref());
        w.text("token", &t.token);
        w.close("request");
    }
    w.close("service_requests");
    w.finish()
}

/// An error answer to an `.xml` URL.
pub fn to_xml_errors(errors: &[Open311Error]) -> String {
    let mut w = XmlWriter::new();
    w.open("errors");
    for e in errors {
        w.open("error");
        w.text("code", &e.code.to_string());
        w.text("description", &e.description);
        w.close("error");
    }
    w.close("errors");
    w.finish()
}

/// Parses a W3C date/time into Unix seconds (UTC). Accepted: `YYYY-MM-DD` (midnight UTC)
/// and `YYYY-MM-DDThh:mm:ss` with optional fractional seconds (dropped) followed by `Z` or
/// `±hh:mm`. Anything else (no zone, no seconds, lower-case `t`/`z`, out-of-range fields,
/// February 30, leap second 60, surrounding spaces) is `None`.
pub fn parse_w3c_datetime(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = number(&b[0..4])?;
    let month = number(&b[5..7])?;
    let day = number(&b[8..10])?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let midnight = days_from_civil(year, month, day) * 86_400;
    let rest = &b[10..];
    if rest.is_empty() {
        return Some(midnight);
    }
    if rest.len() < 10 || rest[0] != b'T' || rest[3] != b':' || rest[6] != b':' {
        return None;
    }
    let hour = number(&rest[1..3])?;
    let minute = number(&rest[4..6])?;
    let second = number(&rest[7..9])?;
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut zone = &rest[9..];
    if let [b'.', fraction @ ..] = zone {
        let digits = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        zone = &fraction[digits..];
    }
    let offset = match zone {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = number(&[*h1, *h2])?;
            let minutes = number(&[*m1, *m2])?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = hours * 3600 + minutes * 60;
            if *sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return None,
    };
    Some(midnight + hour * 3600 + minute * 60 + second - offset)
}

/// Formats Unix seconds as a W3C date/time in the zone `offset_minutes` east of UTC:
/// `2026-11-21T23:00:00+09:00`, or `…Z` for offset 0. Offsets beyond ±23:59 are clamped
/// (the string still names the same instant). Years outside 0000–9999 are printed as they
/// come (e.g. `-0001`, `10000`), which no W3C parser accepts.
pub fn format_w3c_datetime(unix_seconds: i64, offset_minutes: i32) -> String {
    let offset_minutes = i64::from(offset_minutes.clamp(-(23 * 60 + 59), 23 * 60 + 59));
    let local = unix_seconds.saturating_add(offset_minutes * 60);
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let zone = if offset_minutes == 0 {
        "Z".to_string()
    } else {
        let sign = if offset_minutes < 0 { '-' } else { '+' };
        let abs = offset_minutes.abs();
        format!("{sign}{:02}:{:02}", abs / 60, abs % 60)
    };
    format!(
        "{}-{month:02}-{day:02}T{:02}:{:02}:{:02}{zone}",
        format_year(year),
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

fn format_year(year: i64) -> String {
    if year < 0 {
        format!("-{:04}", year.unsigned_abs())
    } else {
        format!("{year:04}")
    }
}

/// The value of ASCII digits; `None` if any byte is not a digit (or there are none).
fn number(digits: &[u8]) -> Option<i64> {
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    digits.iter().try_fold(0i64, |acc, c| c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0')))
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date. Years are counted from
/// March so the leap day ends a year, and grouped into 400-year eras of 146 097 days.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    // 719 468 days separate 0000-03-01 (the start of an era) from 1970-01-01.
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`]: (year, month, day).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days.saturating_add(719_468);
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Rounds a coordinate to 7 decimals; `None` for NaN and infinities. -0 becomes 0.
fn round_coordinate(value: f64) -> Option<f64> {
    if !value.is_finite() {
        return None;
    }
    let rounded = (value * 1e7).round() / 1e7;
    Some(if rounded.is_finite() { rounded } else { value } + 0.0)
}

fn serialize_coordinate<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match value.and_then(round_coordinate) {
        Some(v) => serializer.serialize_some(&v),
        None => serializer.serialize_none(),
    }
}

/// A coordinate as XML text: no exponent, at most 7 decimals, no trailing zeros.
fn format_coordinate(value: f64) -> Option<String> {
    let rounded = round_coordinate(value)?;
    let mut text = format!("{rounded:.7}");
    if text.contains('.') {
        let kept = text.trim_end_matches('0').trim_end_matches('.').len();
        text.truncate(kept);
    }
    if text == "-0" {
        text = "0".to_string();
    }
    Some(text)
}

/// Whether XML 1.0 allows the character in a document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// Builds a document element by element. Element names are this module's literals, so
/// only text is escaped.
struct XmlWriter {
    out: String,
}

impl XmlWriter {
    fn new() -> Self {
        let mut out = String::with_capacity(256);
        out.push_str(XML_DECLARATION);
        out.push('\n');
        XmlWriter { out }
    }

    fn open(&mut self, name: &str) {
        self.out.push('<');
        self.out.push_str(name);
        self.out.push('>');
    }

    fn close(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    fn text(&mut self, name: &str, value: &str) {
        self.open(name);
        push_escaped(&mut self.out, value);
        self.close(name);
    }

    fn opt_text(&mut self, name: &str, value: Option<&str>) {
        self.text(name, value.unwrap_or(""));
    }

    fn boolean(&mut self, name: &str, value: bool) {
        self.text(name, if value { "true" } else { "false" });
    }

    fn coordinate(&mut self, name: &str, value: Option<f64>) {
        let text = value.and_then(format_coordinate);
        self.opt_text(name, text.as_deref());
    }

    fn finish(mut self) -> String {
        self.out.push('\n');
        self.out
    }
}

#[cfg(test)]
mod tests {
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
            RequestCreated {
                service_request_id: None,
                token: Some("t-1".into()),
                service_notice: None,
                account_id: None,
            },
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
            format!("{DECL}<service_definition><service_code>x</service_code><attributes></attributes></service_definition>\n")
        );
        let discovery = Discovery {
            changeset: String::new(),
            contact: String::new(),
            key_service: String::new(),
            endpoints: vec![],
        };
        assert!(
            to_xml_discovery(&discovery).ends_with("<key_service></key_service><endpoints></endpoints></discovery>\n")
        );
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
}
