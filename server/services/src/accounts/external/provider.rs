//! The providers residents may sign in with: the operator's (configuration file) and
//! each city's own (`city_sign_in`), presets for LINE and Google filled in.

use yoriai_domain::ErrorCode;

/// An OpenID Connect provider the operator configured.
#[derive(Clone, PartialEq, Eq)]
pub struct ExternalProvider {
    /// Lowercase letters, digits, `-` and `_`: part of the callback URL.
    pub id: String,
    /// What the sign-in button says after "Sign in with".
    pub label: String,
    /// The issuer; its discovery document names the endpoints.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    /// Scopes besides `openid`.
    pub scopes: Vec<String>,
    /// Signature algorithms accepted besides those the discovery document lists
    /// (LINE signs web-login id_tokens with HS256 and the channel secret).
    pub extra_algs: Vec<String>,
    /// Reach it only at public internet addresses (a city's own provider in production).
    pub public_only: bool,
}

impl std::fmt::Debug for ExternalProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExternalProvider")
            .field("id", &self.id)
            .field("label", &self.label)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "<secret>"))
            .finish()
    }
}

impl ExternalProvider {
    /// Known providers' issuer, label, scopes and algorithms, for `id` = `line` or `google`.
    pub fn preset(id: &str) -> Option<(&'static str, &'static str, &'static [&'static str], &'static [&'static str])> {
        match id {
            "google" => Some(("https://accounts.google.com", "Google", &["email", "profile"], &[])),
            "line" => Some(("https://access.line.me", "LINE", &["profile", "email"], &["HS256"])),
            _ => None,
        }
    }

    /// Whether `id` may name a provider (it becomes part of a URL path).
    pub fn valid_id(id: &str) -> bool {
        !id.is_empty()
            && id.len() <= 32
            && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    }

    /// A provider from what the operator's file or a city's administrators gave, with
    /// the presets of `line` and `google` filling what was left empty; or what is wrong,
    /// field by field. `local_http` allows `http://localhost` issuers (the operator's
    /// file, and development).
    pub fn resolve(
        id: &str,
        given: ProviderSettings,
        local_http: bool,
    ) -> Result<Self, Vec<(&'static str, ErrorCode)>> {
        let mut problems = Vec::new();
        if !Self::valid_id(id) {
            problems.push(("id", ErrorCode::ProviderIdInvalid));
        }
        let preset = Self::preset(id);
        let nonempty = |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let client_id = given.client_id.trim().to_owned();
        if client_id.is_empty() {
            problems.push(("client_id", ErrorCode::Required));
        }
        let issuer = nonempty(given.issuer).or_else(|| preset.map(|p| p.0.to_owned()));
        let issuer = issuer.map(|i| i.trim_end_matches('/').to_owned()).unwrap_or_default();
        if issuer.is_empty() {
            problems.push(("issuer", ErrorCode::Required));
        } else if issuer_origin(&issuer, local_http).is_none() {
            problems.push(("issuer", ErrorCode::UrlNotHttps));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let label = nonempty(given.label).or_else(|| preset.map(|p| p.1.to_owned())).unwrap_or_else(|| id.to_owned());
        let scopes = match nonempty(given.scopes) {
            Some(s) => s.split_whitespace().filter(|s| *s != "openid").map(str::to_owned).collect(),
            None => preset
                .map(|p| p.2.iter().map(|s| (*s).to_owned()).collect())
                .unwrap_or_else(|| vec!["email".to_owned(), "profile".to_owned()]),
        };
        Ok(ExternalProvider {
            id: id.to_owned(),
            label,
            issuer,
            client_id,
            client_secret: nonempty(given.client_secret),
            scopes,
            extra_algs: preset.map(|p| p.3.iter().map(|s| (*s).to_owned()).collect()).unwrap_or_default(),
            public_only: false,
        })
    }
}

/// `scheme://host[:port]` of an issuer that is a plain https address (a host, perhaps a
/// path; no user, query or fragment), or with `local_http` an `http://localhost` one.
/// Whatever passes is safe to put in a Content-Security-Policy.
fn issuer_origin(issuer: &str, local_http: bool) -> Option<String> {
    let url = url::Url::parse(issuer).ok()?;
    let local = url.scheme() == "http" && matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    let plain = url.host_str().is_some_and(|h| !h.is_empty())
        && url.username().is_empty()
        && url.password().is_none()
        && url.query().is_none()
        && url.fragment().is_none()
        && !issuer.chars().any(|c| c.is_whitespace() || c.is_control());
    (plain && (url.scheme() == "https" || (local && local_http))).then(|| url.origin().ascii_serialization())
}

/// Whether `ip` is on the public internet: not loopback, private, link-local, shared,
/// documentation, multicast or unspecified (a city's provider may not reach inside).
pub(crate) fn is_public(ip: std::net::IpAddr) -> bool {
    use std::net::IpAddr;
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (64..128).contains(&b)))
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public(v4.into()),
            None => {
                !(v6.is_loopback()
                    || v6.is_unspecified()
                    || v6.is_unique_local()
                    || v6.is_unicast_link_local()
                    || v6.is_multicast())
            }
        },
    }
}

/// ` scheme://host[:port]` of each provider's issuer, once each: the sign-in forms post
/// here and are redirected there, so the Content-Security-Policy's `form-action` must
/// allow them.
pub fn form_origins<'a>(providers: impl IntoIterator<Item = &'a ExternalProvider>) -> String {
    let mut origins: Vec<String> = Vec::new();
    for origin in providers.into_iter().filter_map(|p| issuer_origin(&p.issuer, true)) {
        if !origins.contains(&origin) {
            origins.push(origin);
        }
    }
    origins.iter().map(|o| format!(" {o}")).collect()
}

/// A provider's settings as given: empty or missing values take the preset's.
#[derive(Default)]
pub struct ProviderSettings {
    pub issuer: Option<String>,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub label: Option<String>,
    /// Separated by spaces; `openid` is always asked.
    pub scopes: Option<String>,
}
