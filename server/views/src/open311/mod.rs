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

mod dates;
#[cfg(test)]
mod tests;

pub use dates::{format_w3c_datetime, parse_w3c_datetime};

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
