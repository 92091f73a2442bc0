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
    pub map_tiles: String,
    pub map_attribution: String,
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
    pub map_tiles: String,
    pub map_attribution: String,
    pub brand_colour: String,
    /// When and by whom (display name) it was last saved.
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
}

/// What the form for one of the city's own sign-in providers sends. An empty label,
/// issuer or scopes takes the preset of `line` and `google`; an empty secret keeps the
/// one saved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignInProviderInput {
    pub id: String,
    pub label: String,
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub scopes: String,
}

/// Which of the city's providers to remove.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RemoveSignInProviderInput {
    pub id: String,
}

/// One of the city's own providers, as its administrators see it: never the secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInProviderView {
    pub id: String,
    /// As saved (empty: the preset's).
    pub label: String,
    pub issuer: String,
    pub scopes: String,
    pub client_id: String,
    /// What residents see and where they are sent, presets applied.
    pub shown_label: String,
    pub shown_issuer: String,
    pub has_secret: bool,
    /// False when the saved secret cannot be opened with this installation's key (the
    /// city was moved here): it must be given again.
    pub secret_readable: bool,
    /// The address to register with the provider as the redirect URI.
    pub callback: String,
    pub updated_at: String,
}

/// The city's sign-in services page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInProvidersPage {
    pub providers: Vec<SignInProviderView>,
    /// The installation's own providers (id, label), offered in every city unless the
    /// city has one with the same id.
    pub installation: Vec<(String, String)>,
    /// The redirect URI of a provider is this with the id and `/callback` after it.
    pub callback_prefix: String,
}
