//! Builds the running application. Tests call [`Application::build`] with port 0 and
//! a fresh database, so they exercise exactly what `yoriai serve` runs.

use crate::config::Config;
use crate::metrics::Metrics;
use crate::middleware::pipeline;
use crate::state::AppState;
use crate::tenants::Tenants;
use actix_files::Files;
use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Compress};
use actix_web::{web, App, HttpServer};
use anyhow::Context as _;
use leptos::config::LeptosOptions;
use leptos_actix::{generate_route_list, handle_server_fns, LeptosRoutes};
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use yoriai_frontend::ssr::CookieSettings;
use yoriai_frontend::{shell, App as LeptosApp};
use yoriai_services::mail::{Mailer, Transport};
use yoriai_services::{Keys, PasswordHasher, Services, Settings};

/// What tests may swap in.
#[derive(Default)]
pub struct BuildOptions {
    /// Where mail goes; default: SMTP when configured, else `<data_dir>/mail`.
    pub mail: Option<Transport>,
    /// Faster hashing for tests that create many accounts.
    pub hasher: Option<PasswordHasher>,
    /// Tighter or looser limits for tests.
    pub settings: Option<Settings>,
}

pub struct Application {
    pub addr: SocketAddr,
    pub public_url: String,
    pub state: AppState,
    server: Server,
}

/// Opens the database, creating the SQLite file and applying migrations.
pub fn open_database(config: &Config) -> anyhow::Result<yoriai_store::Pool> {
    let url = config.database_url();
    yoriai_store::conn::prepare_database(&url).map_err(anyhow::Error::msg)?;
    let mut conn = yoriai_store::conn::establish(&url).map_err(|e| {
        anyhow::anyhow!("cannot connect to the {} database: {e}", yoriai_store::Backend::from_url(&url).as_str())
    })?;
    let applied =
        yoriai_store::migrate::run_pending_locked(&mut conn).map_err(|e| anyhow::anyhow!("migrations failed: {e}"))?;
    for name in applied {
        tracing::info!(migration = %name, "applied migration");
    }
    drop(conn);
    yoriai_store::conn::build_pool(&url, config.pool_size).map_err(anyhow::Error::msg)
}

fn mailer(config: &Config, options: &mut BuildOptions) -> anyhow::Result<Mailer> {
    let from = config.mail_from.parse().context("mail_from is not a valid address")?;
    let transport = match (options.mail.take(), &config.smtp.url) {
        (Some(t), _) => t,
        (None, Some(url)) => Transport::Smtp(
            yoriai_services::mail::smtp_transport(url.expose()).map_err(|e| anyhow::anyhow!("smtp.url: {e}"))?,
        ),
        (None, None) => {
            let dir = config.data_dir.join("mail");
            tracing::info!(folder = %dir.display(), "no SMTP configured: emails are written to this folder and their links logged");
            Transport::Folder(dir)
        }
    };
    Ok(Mailer { transport, from })
}

impl Application {
    pub async fn build(config: Config, mut options: BuildOptions) -> anyhow::Result<Application> {
        config.validate().map_err(anyhow::Error::msg)?;
        let listener = TcpListener::bind(config.bind_addr().map_err(anyhow::Error::msg)?)
            .with_context(|| format!("cannot listen on {}", config.bind))?;
        let addr = listener.local_addr()?;
        let public_url = config.public_url_for(addr);

        let pool = {
            let config = config.clone();
            web::block(move || open_database(&config)).await??
        };
        let keys = Keys::new(&config.secret_bytes().map_err(anyhow::Error::msg)?);
        let mut settings = options.settings.take().unwrap_or_default();
        settings.public_url = public_url.clone();
        settings.report_hide_threshold = config.report_hide_threshold;
        settings.max_import_bytes = config.import_max_mb * 1024 * 1024;
        settings.report_reopen_days = config.report_reopen_days;
        settings.unconfirmed_report_days = config.unconfirmed_report_days;
        settings.unconfirmed_account_days = config.unconfirmed_account_days;
        settings.map_tile_url = config.map_tiles.clone();
        settings.map_attribution = config.map_attribution.clone();
        settings.map_center = config.map_center_parsed().unwrap_or(settings.map_center);
        settings.map_zoom = config.map_zoom;
        settings.default_locale = config.default_locale;
        settings.mail_from = config.mail_from.clone();
        settings.open_data_dir = config.data_dir.join("open-data");
        settings.external_providers = config.external_providers().map_err(|p| anyhow::anyhow!(p.join("; ")))?;
        settings.local_issuers = config.environment != crate::config::Environment::Production;
        let storage = std::sync::Arc::new(yoriai_services::images::LocalStorage::new(config.data_dir.join("uploads")));
        let mut services = Services::new(pool.clone(), settings.clone(), keys.clone(), storage);
        if let Some(hasher) = options.hasher.take() {
            services.hasher = hasher;
        }
        let mail_wake = Arc::new(tokio::sync::Notify::new());
        {
            let wake = mail_wake.clone();
            services.mail_queued = Arc::new(move || wake.notify_one());
        }
        let base = crate::tenants::Base {
            main_url: config.database_url(),
            data_dir: config.data_dir.clone(),
            pool_size: config.pool_size,
            settings,
            main_keys: keys,
            hasher: services.hasher.clone(),
            mail_queued: services.mail_queued.clone(),
        };
        // Every other city is migrated too; one that fails is suspended, the rest serve.
        let tenants = web::block(move || -> anyhow::Result<Tenants> {
            crate::tenants::migrate_cities(&base)
                .map_err(|e| anyhow::anyhow!("cannot read the list of cities: {e}"))?;
            Ok(Tenants::new(base, services))
        })
        .await??;
        let metrics = Metrics::new();
        let state = AppState {
            tenants,
            metrics: metrics.clone(),
            cookies: CookieSettings { secure: public_url.starts_with("https://") },
            public_origin: origin_of(&public_url),
            default_locale: config.default_locale,
            trust_proxy: config.trust_proxy,
            metrics_token: config.metrics_token.clone(),
            mail_wake: mail_wake.clone(),
            tile_origin: config.tile_origin(),
            form_origins: config.external_form_origins(),
            console_host: config.console_host.as_deref().and_then(|h| yoriai_store::control::normalize_host(h).ok()),
            console_throttle: Arc::default(),
        };
        if config.run_worker {
            crate::worker::spawn(state.tenants.clone(), mailer(&config, &mut options)?, mail_wake, metrics);
        }

        let site_root = config.site_root();
        if !site_root.join("pkg").exists() {
            tracing::warn!(site_root = %site_root.display(), "the front-end bundle is missing: pages work, but without JavaScript (build it with ./dev build)");
        }
        let leptos_options = LeptosOptions::builder()
            .output_name("yoriai")
            .site_root(site_root.to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .build();
        let routes = generate_route_list(LeptosApp);
        let data = web::Data::new(state.clone());
        let mut server = HttpServer::new(move || {
            let opts = leptos_options.clone();
            let shell_opts = leptos_options.clone();
            let fallback_opts = leptos_options.clone();
            let root = opts.site_root.to_string();
            App::new()
                .app_data(data.clone())
                .app_data(web::FormConfig::default().limit(256 * 1024).error_handler(crate::routes::form_error_handler))
                .wrap(crate::render_guard::RenderGuard)
                .wrap(from_fn(pipeline))
                .wrap(Compress::default())
                .route("/healthz", web::get().to(crate::routes::healthz))
                .route("/readyz", web::get().to(crate::routes::readyz))
                .route("/metrics", web::get().to(crate::routes::metrics))
                .route("/language", web::post().to(crate::routes::set_language))
                .route("/sign-out", web::post().to(crate::routes::sign_out))
                .route("/uploads/{name}", web::get().to(crate::uploads::serve))
                .route("/proposals/{id}/images", web::post().to(crate::uploads::add_proposal_image))
                .route("/admin/processes/{id}/image", web::post().to(crate::uploads::set_process_image))
                .route("/admin/processes/{id}/budgets/import", web::post().to(crate::budget_files::import))
                .route("/admin/projects/{id}/images", web::post().to(crate::budget_files::add_project_image))
                .route("/reports/{id}/photos", web::post().to(crate::report_files::add_photo))
                .route("/admin/reports/districts", web::post().to(crate::report_files::import_districts))
                .route("/reports/map.geojson", web::get().to(crate::report_files::map))
                .route("/reports/feed.atom", web::get().to(crate::report_files::feed))
                .route("/admin/decisions/{id}/documents", web::post().to(crate::accountability_files::add_document))
                .route("/decisions/{id}/documents/{doc}", web::get().to(crate::accountability_files::document))
                .route("/admin/results/{id}/updates", web::post().to(crate::accountability_files::add_update))
                .route("/dashboard/{chart}.csv", web::get().to(crate::accountability_files::chart_csv))
                .route("/open-data/yoriai-open-data.zip", web::get().to(crate::accountability_files::open_data_archive))
                .route("/admin/open-data/export", web::post().to(crate::accountability_files::export_now))
                .route("/auth/oidc/{provider}/start", web::post().to(crate::external_sign_in::start))
                .route("/auth/oidc/{provider}/callback", web::get().to(crate::external_sign_in::callback))
                .route("/account/privacy/attributes", web::post().to(crate::privacy_files::save_attributes))
                .route("/account/privacy/receipt.json", web::get().to(crate::privacy_files::receipt_json))
                .route("/account/privacy/my-data.json", web::get().to(crate::privacy_files::my_data_json))
                .route("/admin/verification/census", web::post().to(crate::privacy_files::upload_census))
                .route("/admin/verification/letters", web::post().to(crate::privacy_files::letter_codes))
                .route("/budgets/{id}/ballots.pb", web::get().to(crate::budget_files::pb))
                .route("/budgets/{id}/{kind}.csv", web::get().to(crate::budget_files::csv))
                .route(
                    "/processes/{slug}/proposals/export.csv",
                    web::get().to(|r, p| crate::exports::proposals(r, p, crate::exports::Format::Csv)),
                )
                .route(
                    "/processes/{slug}/proposals/export.json",
                    web::get().to(|r, p| crate::exports::proposals(r, p, crate::exports::Format::Json)),
                )
                .service(web::scope("/api/v1").configure(crate::api::configure))
                .service(web::scope("/open311/v2").configure(crate::open311::configure))
                .service(
                    web::scope("/api")
                        .app_data(web::PayloadConfig::new(crate::server_fns::BODY_LIMIT))
                        .wrap(from_fn(crate::server_fns::guard))
                        .route("/{tail:.*}", handle_server_fns()),
                )
                .service(Files::new("/pkg", format!("{root}/pkg")).use_etag(true))
                .service(Files::new("/assets", format!("{root}/assets")).use_etag(true))
                .route("/city.css", web::get().to(crate::city_css::city_css))
                .leptos_routes(routes.clone(), move || shell(shell_opts.clone()))
                .default_service(leptos_actix::render_app_async(
                    move || shell(fallback_opts.clone()),
                    leptos_router::Method::Get,
                ))
        })
        .listen(listener)?
        .shutdown_timeout(10);
        if let Some(workers) = config.http_workers {
            server = server.workers(workers);
        }
        Ok(Application { addr, public_url, state, server: server.run() })
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Every page's path pattern as actix routes it (`/proposals/{id}`), for the tests that
/// walk them all.
pub fn page_paths() -> Vec<String> {
    generate_route_list(LeptosApp).iter().map(|r| r.path().to_owned()).collect()
}

/// `https://city.example:8443/path` → `https://city.example:8443`.
fn origin_of(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => format!("{scheme}://{}", rest.split('/').next().unwrap_or(rest)),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn origins_drop_the_path() {
        assert_eq!(super::origin_of("https://city.example:8443/yoriai"), "https://city.example:8443");
        assert_eq!(super::origin_of("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
    }
}
