//! Configuration: defaults that work, a TOML file (`--config`), `YORIAI_*` environment
//! variables (nested keys with `__`, e.g. `YORIAI_SMTP__URL`), `DATABASE_URL`, then
//! command-line flags, each overriding the one before. Invalid settings stop the start
//! with a message naming the setting; secrets are never printed.

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use yoriai_domain::Locale;

/// A secret value: deserialised like a string, never shown by `Debug`.
#[derive(Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<secret>")
    }
}

/// A string setting that an environment variable may spell as a number.
fn text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Text {
        S(String),
        U(u64),
        I(i64),
    }
    Ok(match Text::deserialize(d)? {
        Text::S(s) => s,
        Text::U(n) => n.to_string(),
        Text::I(n) => n.to_string(),
    })
}

fn optional_secret_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Secret>, D::Error> {
    text(d).map(|s| Some(Secret::new(s)))
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    #[default]
    Development,
    Production,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct SmtpConfig {
    /// `smtps://user:pass@host:465` (TLS), `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS) or `smtp://host:25` (plain, for a local relay).
    pub url: Option<Secret>,
}

/// One OpenID Connect provider residents may sign in with (`[oidc.<id>]` in the file,
/// `YORIAI_OIDC__<ID>__<KEY>` in the environment). The ids `line` and `google` are
/// presets: only the client id and secret are needed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(default)]
pub struct OidcConfig {
    /// The issuer URL; its `/.well-known/openid-configuration` names the endpoints.
    pub issuer: Option<String>,
    /// LINE's channel ids are digits: read as text whatever they look like.
    #[serde(deserialize_with = "text")]
    pub client_id: String,
    #[serde(deserialize_with = "optional_secret_text")]
    pub client_secret: Option<Secret>,
    /// The button says "Sign in with <label>".
    pub label: Option<String>,
    /// Extra scopes besides `openid`, separated by spaces (default `email profile`).
    pub scopes: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Config {
    /// Address to listen on.
    pub bind: String,
    /// Folder for the SQLite database, the generated secret key, outgoing mail and uploads.
    pub data_dir: PathBuf,
    /// `postgres://…` for PostgreSQL; otherwise a SQLite file path. Default: `<data_dir>/yoriai.db`.
    pub database_url: Option<Secret>,
    /// The address residents use, for links in emails. Default: `http://<bind>`.
    pub public_url: Option<String>,
    pub environment: Environment,
    /// At least 32 bytes of randomness (e.g. `openssl rand -base64 48`). Required in
    /// production; in development one is generated into `<data_dir>/secret.key`.
    pub secret_key: Option<Secret>,
    pub log_format: LogFormat,
    /// A tracing filter, e.g. `info` or `yoriai=debug,info`.
    pub log_level: String,
    /// Language when neither the visitor's choice nor their browser's matches.
    pub default_locale: Locale,
    /// Folder with the built front end (`pkg/`, `assets/`). Default: `site/` beside the
    /// binary's folder, i.e. `target/site` for a development build.
    pub site_root: Option<PathBuf>,
    /// Trust `X-Forwarded-For` / `X-Forwarded-Proto` from a reverse proxy in front.
    pub trust_proxy: bool,
    /// Database connections per process.
    pub pool_size: u32,
    /// When set, `/metrics` requires `Authorization: Bearer <token>`.
    pub metrics_token: Option<Secret>,
    pub smtp: SmtpConfig,
    /// Sender of outgoing mail.
    pub mail_from: String,
    /// Run the mail and clean-up worker in this process (turn off on extra nodes if wanted;
    /// several workers are safe).
    pub run_worker: bool,
    /// HTTP worker threads (default: one per CPU).
    pub http_workers: Option<usize>,
    /// The host of the system console, where system operators manage the cities of a
    /// multi-city installation (e.g. `console.yoriai.example`). Unset: no console.
    pub console_host: Option<String>,
    /// Distinct reporters after which a proposal or comment is hidden until a moderator decides.
    pub report_hide_threshold: i32,
    /// Largest Pabulib file staff may import, in MiB.
    pub import_max_mb: usize,
    /// Days after "fixed" during which a reporter may reopen their report.
    pub report_reopen_days: i64,
    /// Days a report made without an account waits for its emailed confirmation.
    pub unconfirmed_report_days: i64,
    /// Days a new account waits for its email confirmation before it is deleted.
    pub unconfirmed_account_days: i64,
    /// Map tiles: a URL template with `{z}`, `{x}`, `{y}` (empty: maps without tiles).
    pub map_tiles: String,
    /// Attribution shown on maps, as the tile provider requires.
    pub map_attribution: String,
    /// Where maps open: `latitude,longitude`.
    pub map_center: String,
    pub map_zoom: i32,
    /// External sign-in providers by id (lowercase letters, digits, `-`, `_`).
    pub oidc: std::collections::BTreeMap<String, OidcConfig>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("./data"),
            database_url: None,
            public_url: None,
            environment: Environment::Development,
            secret_key: None,
            log_format: LogFormat::Text,
            log_level: "info".into(),
            default_locale: Locale::Ja,
            site_root: None,
            trust_proxy: false,
            pool_size: 10,
            metrics_token: None,
            smtp: SmtpConfig::default(),
            mail_from: "Yoriai <no-reply@localhost>".into(),
            run_worker: true,
            http_workers: None,
            console_host: None,
            report_hide_threshold: 3,
            import_max_mb: 64,
            report_reopen_days: yoriai_domain::report::DEFAULT_REOPEN_DAYS,
            unconfirmed_report_days: 7,
            unconfirmed_account_days: 14,
            map_tiles: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into(),
            map_attribution: "© OpenStreetMap contributors".into(),
            map_center: "37.4947,139.9298".into(),
            map_zoom: 14,
            oidc: Default::default(),
        }
    }
}

/// What the command line overrides.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub config_file: Option<PathBuf>,
    pub database_url: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub bind: Option<String>,
}

impl Config {
    /// `map_center` as (latitude, longitude), if valid.
    pub fn map_center_parsed(&self) -> Option<(f64, f64)> {
        let (lat, lon) = self.map_center.split_once(',')?;
        let p = yoriai_domain::geo::LatLon::parse(lat.trim(), lon.trim()).ok()?;
        Some((p.lat.get(), p.lon.get()))
    }

    /// ` scheme://host[:port]` of `map_tiles` for the Content-Security-Policy, or empty
    /// when tiles come from this site (or there are none).
    pub fn tile_origin(&self) -> String {
        yoriai_services::city::tile_origin(&self.map_tiles)
    }

    /// ` scheme://host[:port]` of each external sign-in provider's issuer: the sign-in
    /// forms post here and are redirected there (the Content-Security-Policy's
    /// `form-action` must allow it).
    pub fn external_form_origins(&self) -> String {
        yoriai_services::accounts::form_origins(&self.external_providers().unwrap_or_default())
    }

    /// Loads defaults ← file ← environment ← flags.
    pub fn load(overrides: &Overrides) -> Result<Config, String> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(path) = &overrides.config_file {
            if !path.exists() {
                return Err(format!("the configuration file {} does not exist", path.display()));
            }
            figment = figment.merge(Toml::file(path));
        }
        figment = figment
            .merge(Env::prefixed("YORIAI_").split("__").ignore(&["config"]))
            .merge(Env::raw().only(&["DATABASE_URL"]).map(|_| "database_url".into()));
        let mut config: Config = figment.extract().map_err(|e| {
            let mut text = String::from("invalid configuration:");
            for error in e {
                text.push_str(&format!("\n  - {error}"));
            }
            text
        })?;
        if let Some(url) = &overrides.database_url {
            config.database_url = Some(Secret::new(url.clone()));
        }
        if let Some(dir) = &overrides.data_dir {
            config.data_dir = dir.clone();
        }
        if let Some(bind) = &overrides.bind {
            config.bind = bind.clone();
        }
        Ok(config)
    }

    pub fn bind_addr(&self) -> Result<SocketAddr, String> {
        self.bind.parse().map_err(|_| format!("bind: {:?} is not an address like 127.0.0.1:8080", self.bind))
    }

    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.expose().to_owned(),
            None => self.data_dir.join("yoriai.db").to_string_lossy().into_owned(),
        }
    }

    /// The public URL, given the address actually bound (port 0 in tests).
    pub fn public_url_for(&self, bound: SocketAddr) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => {
                let host = if bound.ip().is_unspecified() { "127.0.0.1".to_owned() } else { bound.ip().to_string() };
                let host = if bound.is_ipv6() && !bound.ip().is_unspecified() { format!("[{host}]") } else { host };
                format!("http://{host}:{}", bound.port())
            }
        }
    }

    pub fn site_root(&self) -> PathBuf {
        if let Some(root) = &self.site_root {
            return root.clone();
        }
        if let Ok(root) = std::env::var("LEPTOS_SITE_ROOT") {
            return PathBuf::from(root);
        }
        std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().and_then(Path::parent).map(|p| p.join("site")))
            .filter(|p| p.exists())
            .unwrap_or_else(|| PathBuf::from("target/site"))
    }

    /// The configured external sign-in providers, presets applied.
    pub fn external_providers(&self) -> Result<Vec<yoriai_services::accounts::ExternalProvider>, Vec<String>> {
        use yoriai_domain::ErrorCode;
        use yoriai_services::accounts::{ExternalProvider, ProviderSettings};
        let mut providers = Vec::new();
        let mut problems = Vec::new();
        for (id, c) in &self.oidc {
            let given = ProviderSettings {
                issuer: c.issuer.clone(),
                client_id: c.client_id.clone(),
                client_secret: c.client_secret.as_ref().map(|s| s.expose().to_owned()),
                label: c.label.clone(),
                scopes: c.scopes.clone(),
            };
            match ExternalProvider::resolve(id, given, true) {
                Ok(p) => providers.push(p),
                Err(wrong) => problems.extend(wrong.into_iter().map(|(field, code)| match (field, code) {
                    ("id", _) => format!("oidc.{id}: the id must be lowercase letters, digits, - or _ (at most 32)"),
                    ("issuer", ErrorCode::Required) => {
                        format!("oidc.{id}.issuer: required (the provider's issuer URL)")
                    }
                    ("issuer", _) => format!("oidc.{id}.issuer: must be an https:// URL"),
                    (field, _) => format!("oidc.{id}.{field}: required"),
                })),
            }
        }
        if problems.is_empty() {
            Ok(providers)
        } else {
            Err(problems)
        }
    }

    /// Checks everything that can be checked before starting.
    pub fn validate(&self) -> Result<(), String> {
        let mut problems = Vec::new();
        if let Err(e) = self.bind_addr() {
            problems.push(e);
        }
        if let Some(host) = &self.console_host {
            if let Err(e) = yoriai_store::control::normalize_host(host) {
                problems.push(format!("console_host: {e}"));
            }
        }
        if let Some(url) = &self.public_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() < 10 {
                problems.push(format!("public_url: {url:?} must start with http:// or https://"));
            }
        }
        if self.environment == Environment::Production {
            match &self.secret_key {
                None => problems.push(
                    "secret_key: required in production (YORIAI_SECRET_KEY, at least 32 random bytes, e.g. `openssl rand -base64 48`)"
                        .into(),
                ),
                Some(key) if key.expose().len() < 32 => {
                    problems.push("secret_key: too short; use at least 32 random bytes (e.g. `openssl rand -base64 48`)".into())
                }
                _ => {}
            }
            if self.public_url.is_none() {
                problems
                    .push("public_url: required in production, so links in emails point to the right address".into());
            }
        } else if let Some(key) = &self.secret_key {
            if key.expose().len() < 32 {
                problems.push(
                    "secret_key: too short; use at least 32 random bytes (e.g. `openssl rand -base64 48`)".into(),
                );
            }
        }
        if self.pool_size == 0 {
            problems.push("pool_size: must be at least 1".into());
        }
        if !(1..=3650).contains(&self.report_reopen_days) {
            problems.push("report_reopen_days: must be between 1 and 3650".into());
        }
        if !(1..=365).contains(&self.unconfirmed_report_days) {
            problems.push("unconfirmed_report_days: must be between 1 and 365".into());
        }
        if !(1..=365).contains(&self.unconfirmed_account_days) {
            problems.push("unconfirmed_account_days: must be between 1 and 365".into());
        }
        if self.map_center_parsed().is_none() {
            problems.push("map_center: expected `latitude,longitude`, e.g. 37.4947,139.9298".into());
        }
        if !(1..=19).contains(&self.map_zoom) {
            problems.push("map_zoom: must be between 1 and 19".into());
        }
        let tiles_ok = self.map_tiles.is_empty()
            || self.map_tiles.starts_with("https://")
            || self.map_tiles.starts_with("http://")
            || self.map_tiles.starts_with('/');
        if !tiles_ok {
            problems.push("map_tiles: must be an http(s) URL template or a path on this site".into());
        }
        if !(1..=1024).contains(&self.import_max_mb) {
            problems.push("import_max_mb: must be between 1 and 1024".into());
        }
        if self.report_hide_threshold < 1 {
            problems.push("report_hide_threshold: must be at least 1".into());
        }
        if self.mail_from.parse::<lettre::message::Mailbox>().is_err() {
            problems.push(format!(
                "mail_from: {:?} is not an address like \"Yoriai <no-reply@city.example>\"",
                self.mail_from
            ));
        }
        if let Some(url) = &self.smtp.url {
            if let Err(e) = yoriai_services::mail::smtp_transport(url.expose()) {
                problems.push(format!("smtp.url: not usable ({e})"));
            }
        }
        if let Err(e) = self.log_level.parse::<tracing_subscriber::EnvFilter>() {
            problems.push(format!("log_level: {e}"));
        }
        if let Err(mut p) = self.external_providers() {
            problems.append(&mut p);
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!("invalid configuration:\n  - {}", problems.join("\n  - ")))
        }
    }

    /// The secret key: configured, or (development only) read from or generated into
    /// `<data_dir>/secret.key` so sessions survive restarts.
    pub fn secret_bytes(&self) -> Result<Vec<u8>, String> {
        if let Some(key) = &self.secret_key {
            return Ok(key.expose().as_bytes().to_vec());
        }
        if self.environment == Environment::Production {
            return Err("secret_key: required in production".into());
        }
        let path = self.data_dir.join("secret.key");
        if let Ok(existing) = std::fs::read(&path) {
            if existing.len() >= 32 {
                return Ok(existing);
            }
        }
        std::fs::create_dir_all(&self.data_dir)
            .map_err(|e| format!("cannot create {}: {e}", self.data_dir.display()))?;
        let mut bytes = vec![0u8; 48];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
        write_private(&path, &bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(bytes)
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut f = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path)?;
        f.write_all(bytes)
    }
    #[cfg(not(unix))]
    {
        std::fs::write(path, bytes)
    }
}

#[cfg(test)]
mod tests;
