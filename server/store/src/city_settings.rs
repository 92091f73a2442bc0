//! A city's own settings: one row in the city's own database (so they move with it),
//! each empty text or NULL standing for the installation's configured value.

use crate::schema::city_settings;
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::upsert::excluded;
use yoriai_domain::ids::UserId;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = city_settings)]
pub struct CitySettingsRow {
    pub id: i32,
    pub name_ja: String,
    pub name_en: String,
    pub brand_colour: String,
    pub default_locale: String,
    pub map_lat: Option<f64>,
    pub map_lon: Option<f64>,
    pub map_zoom: Option<i32>,
    pub mail_from: String,
    pub updated_by: Option<UserId>,
    pub updated_at: NaiveDateTime,
    pub map_tiles: String,
    pub map_attribution: String,
}

/// The one row, if the city's administrators ever saved it.
pub fn get(conn: &mut DbConn) -> DbResult<Option<CitySettingsRow>> {
    city_settings::table.find(1).select(CitySettingsRow::as_select()).first(conn).optional()
}

/// Writes the one row (its `id` is always 1).
pub fn save(conn: &mut DbConn, row: &CitySettingsRow) -> DbResult<()> {
    let row = CitySettingsRow { id: 1, ..row.clone() };
    let query =
        diesel::insert_into(city_settings::table).values(&row).on_conflict(city_settings::id).do_update().set((
            city_settings::name_ja.eq(excluded(city_settings::name_ja)),
            city_settings::name_en.eq(excluded(city_settings::name_en)),
            city_settings::brand_colour.eq(excluded(city_settings::brand_colour)),
            city_settings::default_locale.eq(excluded(city_settings::default_locale)),
            city_settings::map_lat.eq(excluded(city_settings::map_lat)),
            city_settings::map_lon.eq(excluded(city_settings::map_lon)),
            city_settings::map_zoom.eq(excluded(city_settings::map_zoom)),
            city_settings::mail_from.eq(excluded(city_settings::mail_from)),
            city_settings::updated_by.eq(excluded(city_settings::updated_by)),
            city_settings::updated_at.eq(excluded(city_settings::updated_at)),
            city_settings::map_tiles.eq(excluded(city_settings::map_tiles)),
            city_settings::map_attribution.eq(excluded(city_settings::map_attribution)),
        ));
    crate::on_each_backend!(conn, |c| query.execute(c)).map(|_| ())
}
