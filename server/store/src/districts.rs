//! Districts of the city: names, and optionally their shape.

use crate::schema::districts;
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::DistrictId;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = districts)]
pub struct DistrictRow {
    pub id: DistrictId,
    pub code: Option<String>,
    pub name_ja: String,
    pub name_en: String,
    pub geometry: Option<String>,
    pub min_lat: Option<f64>,
    pub max_lat: Option<f64>,
    pub min_lon: Option<f64>,
    pub max_lon: Option<f64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = districts)]
pub struct NewDistrict<'a> {
    pub code: Option<&'a str>,
    pub name_ja: &'a str,
    pub name_en: &'a str,
    pub geometry: Option<&'a str>,
    pub min_lat: Option<f64>,
    pub max_lat: Option<f64>,
    pub min_lon: Option<f64>,
    pub max_lon: Option<f64>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, new: &NewDistrict<'_>) -> DbResult<DistrictId> {
    diesel::insert_into(districts::table).values(new).returning(districts::id).get_result(conn)
}

pub fn list(conn: &mut DbConn) -> DbResult<Vec<DistrictRow>> {
    districts::table.order(districts::id.asc()).select(DistrictRow::as_select()).load(conn)
}

pub fn find(conn: &mut DbConn, id: DistrictId) -> DbResult<Option<DistrictRow>> {
    districts::table.find(id).select(DistrictRow::as_select()).first(conn).optional()
}

pub fn find_by_code(conn: &mut DbConn, code: &str) -> DbResult<Option<DistrictRow>> {
    districts::table.filter(districts::code.eq(code)).select(DistrictRow::as_select()).first(conn).optional()
}

/// Replaces a district's names and boundary (GeoJSON and its bounding box).
pub fn set_shape(
    conn: &mut DbConn,
    id: DistrictId,
    name_ja: &str,
    name_en: &str,
    geometry: &str,
    bbox: (f64, f64, f64, f64),
) -> DbResult<()> {
    diesel::update(districts::table.find(id))
        .set((
            districts::name_ja.eq(name_ja),
            districts::name_en.eq(name_en),
            districts::geometry.eq(geometry),
            districts::min_lat.eq(bbox.0),
            districts::max_lat.eq(bbox.1),
            districts::min_lon.eq(bbox.2),
            districts::max_lon.eq(bbox.3),
        ))
        .execute(conn)
        .map(|_| ())
}
