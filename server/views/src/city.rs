//! A city's own settings, as its administrators see and change them.

use serde::{Deserialize, Serialize};

/// What the settings form sends: every field is text, and an empty one means "the
/// installation's value".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CitySettingsInput {
    pub name_ja: String,
    pub name_en: String,
    pub brand_colour: String,
    pub default_locale: String,
    pub map_lat: String,
    pub map_lon: String,
    pub map_zoom: String,
    pub mail_from: String,
}

/// The settings page: what is saved (as the form shows it) and what the installation
/// would use for each empty field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CitySettingsPage {
    pub saved: CitySettingsInput,
    pub default_locale: String,
    pub map_lat: f64,
    pub map_lon: f64,
    pub map_zoom: i32,
    pub mail_from: String,
    pub brand_colour: String,
    /// When and by whom (display name) it was last saved.
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
}
