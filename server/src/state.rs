//! What every request handler shares.

use crate::config::Secret;
use crate::metrics::Metrics;
use crate::tenants::Tenants;
use std::sync::Arc;
use yoriai_domain::Locale;
use yoriai_frontend::ssr::CookieSettings;

#[derive(Clone)]
pub struct AppState {
    /// The cities served (on a single-city install, the main database alone).
    pub tenants: Tenants,
    pub metrics: Metrics,
    pub cookies: CookieSettings,
    /// `scheme://host[:port]` of `public_url`, for the Origin check.
    pub public_origin: String,
    pub default_locale: Locale,
    pub trust_proxy: bool,
    pub metrics_token: Option<Secret>,
    /// Wakes the mail worker after a commit that queued mail.
    pub mail_wake: Arc<tokio::sync::Notify>,
    /// ` https://tile.example` (with a leading space) for the CSP's img-src, or empty.
    pub tile_origin: String,
    /// ` scheme://host[:port]` of each external sign-in provider, for `form-action`.
    pub form_origins: String,
    /// The system console's host (normalised), if the installation has one.
    pub console_host: Option<String>,
    pub console_throttle: Arc<crate::console::Throttle>,
}
