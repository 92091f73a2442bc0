//! Districts: reading and writing their boundaries as GeoJSON (RFC 7946), and
//! finding the district a pin is in.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

use serde_json::{json, Map, Value};

use super::bbox::BoundingBox;
use super::coord::LatLon;
use super::polygon::{MultiPolygon, Polygon, Ring};
use super::GeoError;

/// Default [`DistrictOptions::max_bytes`]: 20 MiB, enough for a city's districts
/// at survey precision. The parsed JSON tree takes several times the input's
/// size in memory (up to about 20× for adversarial files of tiny numbers).
pub const DEFAULT_MAX_BYTES: usize = 20 * 1024 * 1024;

/// Default [`DistrictOptions::max_vertices`]: positions in all rings together.
/// Containment is linear in the vertices of the candidate districts, so this
/// keeps [`locate`] fast; simplify larger boundaries before importing them.
pub const DEFAULT_MAX_VERTICES: usize = 200_000;

/// How [`parse_districts`] reads a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistrictOptions {
    /// Properties tried in order for [`DistrictShape::name`]; the first with a
    /// non-empty string value wins.
    pub name_keys: Vec<String>,
    /// Properties tried in order for [`DistrictShape::code`]; the first with a
    /// non-empty string or a number wins. If none has one, the Feature's own
    /// `id` member is used.
    pub code_keys: Vec<String>,
    /// Larger inputs are refused before parsing ([`GeoError::TooLarge`]).
    pub max_bytes: usize,
    /// More positions in total are refused ([`GeoError::TooManyVertices`]).
    pub max_vertices: usize,
}

impl Default for DistrictOptions {
    fn default() -> Self {
        DistrictOptions {
            name_keys: ["name", "name_ja", "name_en"].map(String::from).to_vec(),
            code_keys: ["code", "id"].map(String::from).to_vec(),
            max_bytes: DEFAULT_MAX_BYTES,
            max_vertices: DEFAULT_MAX_VERTICES,
        }
    }
}

/// One district read from GeoJSON.
#[derive(Debug, Clone, PartialEq)]
pub struct DistrictShape {
    /// From [`DistrictOptions::code_keys`] or the Feature's `id`.
    pub code: Option<String>,
    /// From [`DistrictOptions::name_keys`].
    pub name: Option<String>,
    /// Every property whose value is a string (e.g. `name_ja`, `name_en`), so a
    /// caller can pick a name per language. Other properties are dropped.
    pub names: BTreeMap<String, String>,
    pub polygons: MultiPolygon,
}

impl DistrictShape {
    /// The bounding box of all polygons: store it beside the district to find
    /// candidate districts for a point with an index.
    pub fn bbox(&self) -> BoundingBox {
        self.polygons.bbox()
    }

    /// Whether `p` is in the district, its boundary included.
    pub fn contains(&self, p: LatLon) -> bool {
        self.polygons.contains(p)
    }

    /// Approximate area in square metres (see [`MultiPolygon::area_m2`]).
    pub fn area_m2(&self) -> f64 {
        self.polygons.area_m2()
    }
}

/// Why [`parse_districts`] refused a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeoJsonError {
    /// Index of the offending feature in the collection (0 for a lone Feature);
    /// `None` when the problem is the file as a whole or a bare geometry.
    pub feature: Option<usize>,
    /// Stable machine code (the UI translates this).
    pub code: GeoError,
    /// English explanation for logs and administrators, e.g.
    /// `polygon 1: ring 0: 3 positions; a ring needs at least 4`.
    pub detail: String,
}

impl fmt::Display for GeoJsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(i) = self.feature {
            write!(f, "feature {i}: ")?;
        }
        write!(f, "{} [{}]", self.detail, self.code.as_str())
    }
}

impl std::error::Error for GeoJsonError {}

/// Reads districts from a GeoJSON FeatureCollection, a single Feature, or a bare
/// Polygon or MultiPolygon geometry (which gives one district without code or
/// names). Every feature must have a Polygon or MultiPolygon geometry.
///
/// Strict, so a broken file is refused with the feature at fault rather than
/// imported wrong: rings must be closed and have at least 4 positions,
/// positions are `[longitude, latitude]` (an altitude is allowed and ignored),
/// and coordinates must be in range. A UTF-8 byte-order mark is skipped.
pub fn parse_districts(input: &[u8], options: &DistrictOptions) -> Result<Vec<DistrictShape>, GeoJsonError> {
    if input.len() > options.max_bytes {
        return Err(GeoJsonError {
            feature: None,
            code: GeoError::TooLarge,
            detail: format!("{} bytes; the limit is {}", input.len(), options.max_bytes),
        });
    }
    // Windows editors like to start files with a byte-order mark, which JSON forbids.
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let document: Value = serde_json::from_slice(input).map_err(|e| GeoJsonError {
        feature: None,
        code: GeoError::InvalidJson,
        detail: e.to_string(),
    })?;
    let mut reader = Reader { options, vertices: 0 };
    let in_feature = |i: usize| move |(code, detail): Failure| GeoJsonError { feature: Some(i), code, detail };
    let whole_file = |(code, detail): Failure| GeoJsonError { feature: None, code, detail };
    match type_of(&document).map_err(whole_file)? {
        "FeatureCollection" => {
            let features = document
                .get("features")
                .and_then(Value::as_array)
                .ok_or_else(|| invalid("a FeatureCollection needs a \"features\" array"))
                .map_err(whole_file)?;
            if features.is_empty() {
                return Err(whole_file((GeoError::Empty, "the collection has no features".into())));
            }
            let read = |(i, f): (usize, &Value)| reader.feature(f).map_err(in_feature(i));
            features.iter().enumerate().map(read).collect()
        }
        "Feature" => Ok(vec![reader.feature(&document).map_err(in_feature(0))?]),
        _ => Ok(vec![DistrictShape {
            code: None,
            name: None,
            names: BTreeMap::new(),
            polygons: reader.geometry(&document).map_err(whole_file)?,
        }]),
    }
}

/// Exports one district as a GeoJSON Feature: its string properties, its code
/// as the Feature `id`, and a Polygon (one polygon) or MultiPolygon geometry,
/// rings in their original order and winding. [`parse_districts`] reads it back
/// to an equal district whenever the code was the Feature id or a string property,
/// and the coordinates have at most 15 significant digits (boundary data rarely
/// has more than 10): serde_json reads longer numbers to within one ulp, a
/// few nanometres, not always exactly.
pub fn to_geojson(district: &DistrictShape) -> String {
    feature_json(district).to_string()
}

/// Exports districts as a GeoJSON FeatureCollection, e.g. for a map layer.
pub fn districts_to_geojson(districts: &[DistrictShape]) -> String {
    let features: Vec<Value> = districts.iter().map(feature_json).collect();
    json!({ "type": "FeatureCollection", "features": features }).to_string()
}

/// The index of the district containing `point`, if any. Boundary points count
/// as inside, so districts that share a border (or overlap) can both contain a
/// point: then the smallest by area wins (the more specific district), and among
/// equal areas the lowest index, so the answer never depends on anything else.
pub fn locate(point: LatLon, districts: &[DistrictShape]) -> Option<usize> {
    districts
        .iter()
        .enumerate()
        .filter(|(_, d)| d.contains(point))
        .map(|(i, d)| (i, d.area_m2()))
        // min_by keeps the first of equal elements, i.e. the lowest index.
        .min_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(Ordering::Equal))
        .map(|(i, _)| i)
}

/// A refusal before the feature index is known: code and English detail.
type Failure = (GeoError, String);

fn invalid(detail: impl Into<String>) -> Failure {
    (GeoError::InvalidGeojson, detail.into())
}

/// Prefixes a failure's detail with where it happened, e.g. `ring 2: `.
fn at(place: impl fmt::Display) -> impl Fn(Failure) -> Failure {
    move |(code, detail)| (code, format!("{place}: {detail}"))
}

fn type_of(value: &Value) -> Result<&str, Failure> {
    match value.get("type") {
        Some(Value::String(t)) => Ok(t),
        _ if !value.is_object() => Err(invalid("expected a JSON object")),
        _ => Err(invalid("missing \"type\" member")),
    }
}

fn array<'a>(value: &'a Value, what: &str) -> Result<&'a [Value], Failure> {
    value.as_array().map(Vec::as_slice).ok_or_else(|| invalid(format!("{what} is not an array")))
}

/// Walks the JSON tree, counting positions against the vertex cap.
struct Reader<'o> {
    options: &'o DistrictOptions,
    vertices: usize,
}

impl Reader<'_> {
    fn feature(&mut self, value: &Value) -> Result<DistrictShape, Failure> {
        match type_of(value)? {
            "Feature" => {}
            other => return Err(invalid(format!("expected a Feature, found {other:?}"))),
        }
        let properties = match value.get("properties") {
            None | Some(Value::Null) => &Map::new(),
            Some(Value::Object(map)) => map,
            Some(_) => return Err(invalid("\"properties\" is not an object")),
        };
        let names: BTreeMap<String, String> =
            properties.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned()))).collect();
        let name = self.options.name_keys.iter().filter_map(|k| names.get(k)).find(|v| !v.trim().is_empty()).cloned();
        let code = self
            .options
            .code_keys
            .iter()
            .filter_map(|k| code_text(properties.get(k)?))
            .chain(value.get("id").and_then(code_text))
            .next();
        let geometry = value.get("geometry").ok_or_else(|| invalid("a Feature needs a \"geometry\" member"))?;
        Ok(DistrictShape { code, name, names, polygons: self.geometry(geometry)? })
    }

    fn geometry(&mut self, value: &Value) -> Result<MultiPolygon, Failure> {
        if value.is_null() {
            return Err((
                GeoError::UnsupportedGeometry,
                "the geometry is null; a district needs a Polygon or MultiPolygon".into(),
            ));
        }
        let kind = type_of(value)?;
        let coordinates = || {
            value
                .get("coordinates")
                .ok_or_else(|| invalid(format!("a {kind} needs \"coordinates\"")))
                .and_then(|c| array(c, "\"coordinates\""))
        };
        let polygons = match kind {
            "Polygon" => vec![self.polygon(coordinates()?)?],
            "MultiPolygon" => coordinates()?
                .iter()
                .enumerate()
                .map(|(i, p)| self.polygon(array(p, "a polygon")?).map_err(at(format!("polygon {i}"))))
                .collect::<Result<_, _>>()?,
            "Point" | "MultiPoint" | "LineString" | "MultiLineString" | "GeometryCollection" => {
                return Err((
                    GeoError::UnsupportedGeometry,
                    format!("a {kind} cannot be a district; use Polygon or MultiPolygon"),
                ))
            }
            other => return Err(invalid(format!("unknown geometry type {other:?}"))),
        };
        MultiPolygon::new(polygons).map_err(|code| (code, "the MultiPolygon has no polygons".into()))
    }

    fn polygon(&mut self, rings: &[Value]) -> Result<Polygon, Failure> {
        let mut parsed = rings.iter().enumerate().map(|(i, r)| self.ring(r).map_err(at(format!("ring {i}"))));
        let exterior = parsed.next().ok_or((GeoError::Empty, "a polygon without rings".into()))??;
        // The first ring is the outline, any others are holes (RFC 7946 §3.1.6).
        Ok(Polygon::new(exterior, parsed.collect::<Result<_, _>>()?))
    }

    fn ring(&mut self, value: &Value) -> Result<Ring, Failure> {
        let positions = array(value, "a ring")?;
        // Count before converting, so a huge file is refused without more work.
        self.vertices += positions.len();
        if self.vertices > self.options.max_vertices {
            return Err((
                GeoError::TooManyVertices,
                format!("more than {} positions in total; simplify the boundaries", self.options.max_vertices),
            ));
        }
        let points = positions
            .iter()
            .enumerate()
            .map(|(i, p)| position(p).map_err(at(format!("position {i}"))))
            .collect::<Result<Vec<_>, _>>()?;
        let n = points.len();
        Ring::new(points).map_err(|code| {
            let detail = match code {
                GeoError::RingTooShort => format!("{n} positions; a ring needs at least 4"),
                _ => "the last position must repeat the first (RFC 7946)".into(),
            };
            (code, detail)
        })
    }
}

fn position(value: &Value) -> Result<LatLon, Failure> {
    let numbers = match value.as_array() {
        Some(a) if (2..=3).contains(&a.len()) => a,
        _ => return Err((GeoError::BadPosition, format!("{} is not [longitude, latitude]", excerpt(value)))),
    };
    let number =
        |v: &Value| v.as_f64().ok_or_else(|| (GeoError::NotANumber, format!("{} is not a number", excerpt(v))));
    let (lon, lat) = (number(&numbers[0])?, number(&numbers[1])?);
    if let Some(altitude) = numbers.get(2) {
        number(altitude)?;
    }
    LatLon::new(lat, lon).map_err(|code| {
        // The usual mistakes are swapped order and projected (metre) coordinates.
        let detail =
            format!("[{lon}, {lat}] is out of range: GeoJSON positions are [longitude, latitude] in WGS 84 degrees");
        (code, detail)
    })
}

/// The JSON text of `value`, cut short: a misplaced ring must not put megabytes
/// into an error message.
fn excerpt(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

fn code_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn feature_json(district: &DistrictShape) -> Value {
    let ring = |r: &Ring| -> Value {
        let positions = r.points().iter().map(|p| json!([p.lon.get(), p.lat.get()]));
        Value::Array(positions.collect())
    };
    let polygon =
        |p: &Polygon| -> Value { Value::Array(std::iter::once(p.exterior()).chain(p.holes()).map(ring).collect()) };
    let geometry = match district.polygons.polygons() {
        [one] => json!({ "type": "Polygon", "coordinates": polygon(one) }),
        many => json!({
            "type": "MultiPolygon",
            "coordinates": many.iter().map(polygon).collect::<Vec<_>>(),
        }),
    };
    let mut feature = json!({
        "type": "Feature",
        "properties": district.names,
        "geometry": geometry,
    });
    if let Some(code) = &district.code {
        feature["id"] = json!(code);
    }
    feature
}

#[cfg(test)]
mod tests;
