//! A city's own settings (issue 16): its name, brand colour, first language, where its
//! maps open and the sender of its mail. They live in the city's own database, so they
//! move with it (`yoriai tenant export`), and each empty field falls back to the
//! installation's configured value. Every page reads them, so each process keeps them
//! for [`FRESH_FOR`]; a save on this node is seen at once, on other nodes within that.

use crate::audit::{self, Visibility};
use crate::{ServiceResult, Services};
use serde_json::json;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use yoriai_domain::city::BrandColour;
use yoriai_domain::{authorize, Action, Actor, Email, ErrorCode, FieldError, FieldErrors, Locale};
use yoriai_store::city_settings::{self as store, CitySettingsRow};
use yoriai_store::DbConn;
use yoriai_views::city::{CitySettingsInput, CitySettingsPage};

/// How long a process trusts what it read.
pub const FRESH_FOR: Duration = Duration::from_secs(30);
/// Longest city name, per language.
pub const MAX_NAME_CHARS: usize = 60;
/// Longest tile address and attribution.
const MAX_TILES_CHARS: usize = 300;

/// What the city chose; `None` or empty: the installation's value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct City {
    pub name_ja: String,
    pub name_en: String,
    pub brand: Option<BrandColour>,
    pub default_locale: Option<Locale>,
    pub map_center: Option<(f64, f64)>,
    pub map_zoom: Option<i32>,
    pub mail_from: Option<String>,
    /// Map tiles (URL template) and their attribution.
    pub map_tiles: Option<(String, String)>,
    /// The city's own OpenID Connect clients, secrets opened.
    pub providers: Vec<crate::accounts::ExternalProvider>,
    /// (id, issuer) of the city's providers it does not offer (see `city_sign_in`).
    pub withheld: Vec<(String, String)>,
}

impl City {
    /// The city's name in `locale`, else in the other language, if it has one.
    pub fn name(&self, locale: Locale) -> Option<&str> {
        let (first, second) = match locale {
            Locale::Ja => (&self.name_ja, &self.name_en),
            Locale::En => (&self.name_en, &self.name_ja),
        };
        [first, second].into_iter().find(|n| !n.is_empty()).map(String::as_str)
    }

    /// The city's own providers, then the installation's whose id the city did not take.
    pub fn sign_in_providers<'a>(
        &'a self,
        installation: &'a [crate::accounts::ExternalProvider],
    ) -> impl Iterator<Item = &'a crate::accounts::ExternalProvider> {
        let (own, withheld) = (&self.providers, &self.withheld);
        own.iter().chain(installation.iter().filter(move |p| {
            !own.iter().any(|o| o.id == p.id) && !withheld.iter().any(|(id, issuer)| *id == p.id && *issuer != p.issuer)
        }))
    }

    /// ` scheme://host[:port]` of the city's own tiles, for the `img-src` of its pages.
    pub fn tile_origin(&self) -> String {
        self.map_tiles.as_ref().map(|(t, _)| tile_origin(t)).unwrap_or_default()
    }

    /// The origins of the city's own providers, for the `form-action` of its pages.
    pub fn form_origins(&self) -> String {
        crate::accounts::form_origins(&self.providers)
    }

    fn from_row(row: &CitySettingsRow) -> City {
        City {
            name_ja: row.name_ja.clone(),
            name_en: row.name_en.clone(),
            // Stored colours passed the check when saved; one that no longer reads is ignored.
            brand: BrandColour::parse(&row.brand_colour).ok().flatten(),
            default_locale: Locale::parse(&row.default_locale),
            map_center: row.map_lat.zip(row.map_lon),
            map_zoom: row.map_zoom,
            mail_from: (!row.mail_from.is_empty()).then(|| row.mail_from.clone()),
            map_tiles: (!row.map_tiles.is_empty()).then(|| (row.map_tiles.clone(), row.map_attribution.clone())),
            providers: Vec::new(),
            withheld: Vec::new(),
        }
    }
}

/// What this process last read, and when.
#[derive(Default)]
pub struct CityCache(RwLock<Option<(Instant, Arc<City>)>>);

impl CityCache {
    fn fresh(&self) -> Option<Arc<City>> {
        let slot = self.0.read().unwrap_or_else(|e| e.into_inner());
        slot.as_ref().filter(|(at, _)| at.elapsed() < FRESH_FOR).map(|(_, c)| c.clone())
    }

    /// What was last read, however old.
    fn last(&self) -> Option<Arc<City>> {
        self.0.read().unwrap_or_else(|e| e.into_inner()).as_ref().map(|(_, c)| c.clone())
    }

    pub(crate) fn put(&self, city: Arc<City>) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), city));
    }
}

/// Reads the settings on `conn`.
pub fn load(conn: &mut DbConn) -> ServiceResult<City> {
    Ok(store::get(conn)?.as_ref().map(City::from_row).unwrap_or_default())
}

impl Services {
    /// The city's settings if this process read them recently (no database work).
    pub fn city_if_fresh(&self) -> Option<Arc<City>> {
        self.city.fresh()
    }

    /// The city's settings, read again when older than [`FRESH_FOR`] (blocking).
    pub fn city(&self) -> ServiceResult<Arc<City>> {
        if let Some(city) = self.city.fresh() {
            return Ok(city);
        }
        let city = Arc::new(self.read_city()?);
        self.city.put(city.clone());
        Ok(city)
    }

    /// Reads the settings and the city's own sign-in providers (blocking).
    pub(crate) fn read_city(&self) -> ServiceResult<City> {
        let mut conn = self.conn()?;
        let mut city = load(&mut conn)?;
        (city.providers, city.withheld) = crate::city_sign_in::open_providers(self, &mut conn)?;
        Ok(city)
    }

    /// The providers this city's residents may sign in with: the city's own, then the
    /// installation's whose id the city did not take for one of its own.
    pub fn sign_in_providers(&self) -> Vec<crate::accounts::ExternalProvider> {
        self.city.last().unwrap_or_default().sign_in_providers(&self.settings.external_providers).cloned().collect()
    }

    /// Who the city's mail comes from. Mail is queued inside a command's transaction,
    /// which holds a connection: this reads no other, using what the request's start
    /// read (or, before any request, the product's name).
    pub fn mail_site(&self) -> crate::mail::Site {
        let city = self.city.last();
        crate::mail::Site::new(&self.settings.public_url, city.as_deref())
    }

    /// The tiles' URL template and attribution: the city's, else the installation's.
    /// Reads no connection, like [`Services::map_view`].
    pub fn map_tiles(&self) -> (String, String) {
        let s = &self.settings;
        self.city
            .last()
            .and_then(|c| c.map_tiles.clone())
            .unwrap_or_else(|| (s.map_tile_url.clone(), s.map_attribution.clone()))
    }

    /// Where maps open: (latitude, longitude, zoom). Like [`Services::mail_site`], it
    /// reads no connection (pages build it inside their own).
    pub fn map_view(&self) -> (f64, f64, i32) {
        let city = self.city.last().unwrap_or_default();
        let (lat, lon) = city.map_center.unwrap_or(self.settings.map_center);
        (lat, lon, city.map_zoom.unwrap_or(self.settings.map_zoom))
    }
}

/// ` scheme://host[:port]` of a tile URL template for the Content-Security-Policy, or
/// empty when tiles come from this site (or there are none).
pub fn tile_origin(template: &str) -> String {
    let Some((scheme, rest)) = template.split_once("://").filter(|(s, _)| matches!(*s, "https" | "http")) else {
        return String::new();
    };
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || !host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:{}[]".contains(&b)) {
        // Nothing that could end the directive or add another.
        return String::new();
    }
    // Subdomain placeholders ({s}.tile.example) become a wildcard.
    format!(" {scheme}://{}", host.replace("{s}", "*"))
}

/// Whether `template` is a tile address a city may choose: https (or a path on this
/// site), with a plain host and the three placeholders.
fn tile_template_ok(template: &str) -> bool {
    let host_ok = match template.strip_prefix("https://") {
        Some(rest) => {
            let host = rest.split('/').next().unwrap_or_default();
            !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:{}".contains(&b))
        }
        None => template.starts_with('/') && !template.starts_with("//") && !template.contains("://"),
    };
    host_ok
        && ["{z}", "{x}", "{y}"].iter().all(|p| template.contains(p))
        && !template.chars().any(|c| c.is_whitespace() || c.is_control() || "\"'<>;,\\".contains(c))
}

/// The settings page of the city's administrators.
pub fn settings_page(svc: &Services, actor: &Actor) -> ServiceResult<CitySettingsPage> {
    authorize(actor, &Action::ManageCitySettings)?;
    let mut conn = svc.conn()?;
    let row = store::get(&mut conn)?;
    let updated_by = match row.as_ref().and_then(|r| r.updated_by) {
        Some(id) => yoriai_store::users::find(&mut conn, id)?.map(|u| u.display_name),
        None => None,
    };
    let s = &svc.settings;
    let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    Ok(CitySettingsPage {
        saved: row
            .as_ref()
            .map(|r| CitySettingsInput {
                name_ja: r.name_ja.clone(),
                name_en: r.name_en.clone(),
                brand_colour: r.brand_colour.clone(),
                default_locale: r.default_locale.clone(),
                map_lat: number(r.map_lat),
                map_lon: number(r.map_lon),
                map_zoom: r.map_zoom.map(|z| z.to_string()).unwrap_or_default(),
                mail_from: r.mail_from.clone(),
                map_tiles: r.map_tiles.clone(),
                map_attribution: r.map_attribution.clone(),
            })
            .unwrap_or_default(),
        default_locale: s.default_locale.as_str().to_owned(),
        map_lat: s.map_center.0,
        map_lon: s.map_center.1,
        map_zoom: s.map_zoom,
        mail_from: s.mail_from.clone(),
        map_tiles: s.map_tile_url.clone(),
        map_attribution: s.map_attribution.clone(),
        brand_colour: DEFAULT_BRAND.to_owned(),
        updated_at: row.as_ref().map(|r| crate::city_date(r.updated_at)),
        updated_by,
    })
}

/// The stylesheet's own brand colour (`--brand` in main.css).
pub const DEFAULT_BRAND: &str = "#7a1f2b";

fn name(e: &mut FieldErrors, field: &str, raw: &str) -> String {
    if raw.trim().is_empty() {
        return String::new();
    }
    yoriai_domain::text::single_line(raw, 1, MAX_NAME_CHARS).unwrap_or_else(|code| {
        let error = FieldError::new(field, code);
        e.push(if code == ErrorCode::TooLong { error.with_arg("max", MAX_NAME_CHARS as i64) } else { error });
        String::new()
    })
}

fn coordinate(e: &mut FieldErrors, field: &str, raw: &str, limit: f64) -> Option<f64> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= limit => Some(v),
        _ => {
            e.push(FieldError::new(field, ErrorCode::LocationInvalid));
            None
        }
    }
}

/// Checks and saves the settings; the form's fields are all-or-nothing.
pub fn save_settings(svc: &Services, actor: &Actor, input: CitySettingsInput) -> ServiceResult<()> {
    authorize(actor, &Action::ManageCitySettings)?;
    let mut e = FieldErrors::new();
    let name_ja = name(&mut e, "name_ja", &input.name_ja);
    let name_en = name(&mut e, "name_en", &input.name_en);
    let brand = match BrandColour::parse(&input.brand_colour) {
        Ok(c) => c,
        Err(code) => {
            e.push(FieldError::new("brand_colour", code));
            None
        }
    };
    let locale = input.default_locale.trim();
    let default_locale = match locale {
        "" => String::new(),
        other => match Locale::parse(other) {
            Some(l) => l.as_str().to_owned(),
            None => {
                e.push(FieldError::new("default_locale", ErrorCode::LocaleInvalid));
                String::new()
            }
        },
    };
    let lat = coordinate(&mut e, "map_lat", &input.map_lat, 90.0);
    let lon = coordinate(&mut e, "map_lon", &input.map_lon, 180.0);
    // A centre is both numbers or neither.
    match (input.map_lat.trim().is_empty(), input.map_lon.trim().is_empty()) {
        (true, false) => e.push(FieldError::new("map_lat", ErrorCode::Required)),
        (false, true) => e.push(FieldError::new("map_lon", ErrorCode::Required)),
        _ => {}
    }
    let zoom = match input.map_zoom.trim() {
        "" => None,
        raw => match raw.parse::<i32>() {
            Ok(z) if (1..=19).contains(&z) => Some(z),
            Ok(_) => {
                e.push(FieldError::new("map_zoom", ErrorCode::ZoomOutOfRange));
                None
            }
            Err(_) => {
                e.push(FieldError::new("map_zoom", ErrorCode::NotANumber));
                None
            }
        },
    };
    let mail_from = match input.mail_from.trim() {
        "" => String::new(),
        raw => match Email::parse(raw) {
            Ok(email) => email.as_str().to_owned(),
            Err(code) => {
                e.push(FieldError::new("mail_from", code));
                String::new()
            }
        },
    };
    let map_tiles = input.map_tiles.trim().to_owned();
    let map_attribution = input.map_attribution.trim().to_owned();
    if !map_tiles.is_empty() && (map_tiles.len() > MAX_TILES_CHARS || !tile_template_ok(&map_tiles)) {
        e.push(FieldError::new("map_tiles", ErrorCode::TileTemplateInvalid));
    }
    if map_attribution.chars().count() > MAX_TILES_CHARS {
        e.push(FieldError::new("map_attribution", ErrorCode::TooLong).with_arg("max", MAX_TILES_CHARS as i64));
    } else if !map_tiles.is_empty() && map_attribution.is_empty() {
        // Tile providers' terms require it on the map.
        e.push(FieldError::new("map_attribution", ErrorCode::Required));
    }
    if !e.is_empty() {
        return Err(e.into_rejection().into());
    }
    let row = CitySettingsRow {
        id: 1,
        name_ja,
        name_en,
        brand_colour: brand.map(BrandColour::hex).unwrap_or_default(),
        default_locale,
        map_lat: lat,
        map_lon: lon,
        map_zoom: zoom,
        mail_from,
        updated_by: actor.user_id(),
        updated_at: yoriai_store::now(),
        map_attribution: if map_tiles.is_empty() { String::new() } else { map_attribution },
        map_tiles,
    };
    let mut conn = svc.conn()?;
    yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<()> {
        let before = store::get(c)?;
        store::save(c, &row)?;
        let changed: Vec<&str> = match &before {
            None => vec!["all"],
            Some(b) => [
                ("name_ja", b.name_ja != row.name_ja),
                ("name_en", b.name_en != row.name_en),
                ("brand_colour", b.brand_colour != row.brand_colour),
                ("default_locale", b.default_locale != row.default_locale),
                ("map", b.map_lat != row.map_lat || b.map_lon != row.map_lon || b.map_zoom != row.map_zoom),
                ("map_tiles", b.map_tiles != row.map_tiles || b.map_attribution != row.map_attribution),
                ("mail_from", b.mail_from != row.mail_from),
            ]
            .into_iter()
            .filter(|(_, c)| *c)
            .map(|(f, _)| f)
            .collect(),
        };
        audit::log(
            c,
            actor,
            "save_city_settings",
            ("city_settings", Some(1i64)),
            Visibility::Staff,
            None,
            json!({ "changed": changed }),
        )
    })?;
    // With the providers read again: a copy kept from before could be stale.
    crate::city_sign_in::refresh(svc, &mut conn)
}

/// Who the city's mail is from: the installation's own address (the one its mail
/// server is allowed to send for, so a city cannot send as another city's or anyone's
/// domain) under the city's name, and the city's address, if it set one, for replies.
pub fn mail_sender(
    city: &City,
    installation: &lettre::message::Mailbox,
) -> (lettre::message::Mailbox, Option<lettre::message::Mailbox>) {
    let name = city.name(Locale::Ja).map(str::to_owned).or_else(|| installation.name.clone());
    let from = lettre::message::Mailbox::new(name.clone(), installation.email.clone());
    let reply_to = city
        .mail_from
        .as_deref()
        .and_then(|a| a.parse::<lettre::Address>().ok())
        .map(|address| lettre::message::Mailbox::new(name, address));
    (from, reply_to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tile_addresses_cannot_reach_into_the_policy() {
        assert!(tile_template_ok("https://{s}.tile.example.jp/{z}/{x}/{y}.png"));
        assert!(tile_template_ok("/tiles/{z}/{x}/{y}.png"));
        for bad in [
            "http://tile.example/{z}/{x}/{y}.png",
            "https://tile.example/{z}/{x}.png",
            "https://tile.example;script-src/{z}/{x}/{y}",
            "https://tile.example/{z}/{x}/{y}.png; img-src *",
            "/a://b/{z}/{x}/{y}",
            "//tile.example/{z}/{x}/{y}",
            "https://tile.example/{z}/{x}/{y}\u{1}",
            "https://tile.example/{z}/{x}/{y},x",
        ] {
            assert!(!tile_template_ok(bad), "{bad}");
        }
        assert_eq!(tile_origin("https://{s}.tile.example.jp/{z}/{x}/{y}.png"), " https://*.tile.example.jp");
        assert_eq!(tile_origin("/a://b;c/{z}/{x}/{y}"), "");
        assert_eq!(tile_origin("https://a;b/{z}"), "");
    }

    #[test]
    fn names_fall_back_to_the_other_language() {
        let city = City { name_ja: "会津若松市".into(), ..City::default() };
        assert_eq!(city.name(Locale::En), Some("会津若松市"));
        assert_eq!(City::default().name(Locale::Ja), None);
    }

    #[test]
    fn the_city_signs_with_its_name_and_takes_replies_at_its_address() {
        let installation: lettre::message::Mailbox = "Yoriai <no-reply@example.jp>".parse().unwrap();
        assert_eq!(mail_sender(&City::default(), &installation), (installation.clone(), None));
        let city =
            City {
                name_ja: "会津若松市".into(), mail_from: Some("info@aizu.example.jp".into()), ..City::default()
            };
        let (from, reply_to) = mail_sender(&city, &installation);
        assert_eq!(from.email.to_string(), "no-reply@example.jp", "never another domain in From");
        assert_eq!(from.name.as_deref(), Some("会津若松市"));
        assert_eq!(reply_to.unwrap().email.to_string(), "info@aizu.example.jp");
    }
}
