//! Test support: start the real application on port 0 with a fresh database on either
//! backend and an in-memory mailbox, and talk to it like a browser or an API client.

pub mod browser;
pub mod db;
pub mod fixtures;
pub mod oidc;
pub mod smtp;

pub use browser::{Browser, Response};
pub use db::{Backend, TestDatabase};
pub use oidc::OidcProvider;

use std::sync::{Arc, Mutex};
use std::time::Duration;
use yoriai_server::config::Config;
use yoriai_server::{Application, BuildOptions};
use yoriai_services::mail::{SentMail, Transport};
use yoriai_services::Settings;

pub struct TestApp {
    pub base_url: String,
    /// The `Host` this view's browsers send (a city's host on a multi-city install; none:
    /// the address itself, which the main database answers).
    pub host: Option<String>,
    /// The URL links in this city's mail start with.
    pub public_url: String,
    /// The cities the application serves.
    pub tenants: yoriai_server::tenants::Tenants,
    pub backend: Backend,
    pub mailbox: Arc<Mutex<Vec<SentMail>>>,
    pub database_url: String,
    pub services: yoriai_services::Services,
    /// The last two-step time step used per account, so a test that signs the same
    /// staff account in twice never reuses a code.
    two_factor_steps: Arc<Mutex<std::collections::HashMap<String, u64>>>,
    _db: Arc<TestDatabase>,
    _dir: Arc<TempDir>,
}

/// A folder removed when dropped.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("{prefix}-{}", random_suffix()));
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn random_suffix() -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..12).map(|_| char::from(b'a' + rng.random_range(0..26))).collect()
}

/// Options for a test application.
#[derive(Default)]
pub struct Spawn {
    pub settings: Option<Settings>,
    pub public_url: Option<String>,
    /// Send mail through this SMTP server instead of the in-memory mailbox.
    pub smtp_url: Option<String>,
    /// The configuration's `import_max_mb` (default 64).
    pub import_max_mb: Option<usize>,
    /// External sign-in providers: (id, issuer), with client `yoriai-test`.
    pub oidc: Vec<(String, String)>,
    /// Database connections (default 4).
    pub pool_size: Option<u32>,
    /// Cheap password hashing, for tests that make hundreds of accounts.
    pub fast_hashing: bool,
    /// The system console's host (several cities on one installation).
    pub console_host: Option<String>,
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, Spawn::default()).await
}

pub async fn spawn_app_with(backend: Backend, options: Spawn) -> TestApp {
    let dir = TempDir::new("yoriai-test");
    let db = TestDatabase::create(backend, &dir.0);
    let mailbox = Arc::new(Mutex::new(Vec::new()));
    let config = Config {
        bind: "127.0.0.1:0".into(),
        data_dir: dir.0.clone(),
        database_url: Some(yoriai_server::config::Secret::new(db.url.clone())),
        public_url: options.public_url,
        log_level: std::env::var("TEST_LOG").unwrap_or_else(|_| "error".into()),
        pool_size: options.pool_size.unwrap_or(4),
        http_workers: Some(2),
        smtp: yoriai_server::config::SmtpConfig {
            url: options.smtp_url.clone().map(yoriai_server::config::Secret::new),
        },
        import_max_mb: options.import_max_mb.unwrap_or(64),
        console_host: options.console_host.clone(),
        oidc: options
            .oidc
            .iter()
            .map(|(id, issuer)| {
                let c = yoriai_server::config::OidcConfig {
                    issuer: Some(issuer.clone()),
                    client_id: "yoriai-test".into(),
                    client_secret: Some(yoriai_server::config::Secret::new("test-client-secret")),
                    label: Some("Local ID".into()),
                    scopes: None,
                };
                (id.clone(), c)
            })
            .collect(),
        ..Config::default()
    };
    if std::env::var("TEST_LOG").is_ok() {
        yoriai_server::telemetry::init(&config);
    }
    let app = Application::build(
        config,
        BuildOptions {
            mail: options.smtp_url.is_none().then(|| Transport::Memory(mailbox.clone())),
            settings: options.settings,
            hasher: options.fast_hashing.then(|| yoriai_services::PasswordHasher::new(8, 1, 1)),
        },
    )
    .await
    .expect("the application starts");
    let base_url = format!("http://127.0.0.1:{}", app.port());
    let tenants = app.state.tenants.clone();
    let services = tenants.main().clone();
    let database_url = db.url.clone();
    let public_url = app.public_url.clone();
    actix_web::rt::spawn(app.run_until_stopped());
    TestApp {
        base_url,
        host: None,
        public_url,
        tenants,
        backend,
        mailbox,
        database_url,
        services,
        two_factor_steps: Arc::new(Mutex::new(Default::default())),
        _db: Arc::new(db),
        _dir: Arc::new(dir),
    }
}

impl TestApp {
    /// A new browser (its own cookies) pointed at this app (at this view's city).
    pub fn browser(&self) -> Browser {
        let mut b = Browser::new(&self.base_url);
        if let Some(host) = &self.host {
            let port = self.base_url.rsplit(':').next().unwrap_or("80");
            b.host = Some(format!("{host}:{port}"));
        }
        b
    }

    /// Creates a city `id` answering on `host` (the first one turns the install into a
    /// multi-city one: the main database then answers only on 127.0.0.1), and returns a
    /// view of this app on it: its browsers send that host, its `services`, `run` and
    /// fixtures act on that city's database.
    pub fn add_city(&self, id: &str, host: &str) -> TestApp {
        let base = self.tenants.base().clone();
        yoriai_server::tenants::create_city(
            &base,
            yoriai_server::tenants::NewCity {
                id: Some(id.into()),
                name_ja: format!("{id}市"),
                name_en: format!("City {id}"),
                hosts: vec![host.into()],
            },
        )
        .expect("the city is created");
        self.tenants.reload().expect("the city list is read");
        self.city(id)
    }

    /// A view of this app on an existing city.
    pub fn city(&self, id: &str) -> TestApp {
        let tenant = self.tenants.get(id).expect("the city exists");
        TestApp {
            base_url: self.base_url.clone(),
            host: tenant.hosts.first().cloned(),
            public_url: tenant.services.settings.public_url.clone(),
            tenants: self.tenants.clone(),
            backend: self.backend,
            mailbox: self.mailbox.clone(),
            database_url: self.database_url.clone(),
            services: tenant.services.clone(),
            two_factor_steps: self.two_factor_steps.clone(),
            _db: self._db.clone(),
            _dir: self._dir.clone(),
        }
    }

    /// Waits until a message of `kind` (e.g. `confirm_email`, `reset_password`; empty for
    /// any) to `to` arrives.
    pub async fn wait_for_mail(&self, to: &str, kind: &str) -> SentMail {
        for _ in 0..200 {
            if let Some(m) = self.find_mail(to, kind) {
                return m;
            }
            actix_web::rt::time::sleep(Duration::from_millis(25)).await;
        }
        let seen: Vec<String> = self.mailbox.lock().unwrap().iter().map(|m| format!("{} / {}", m.to, m.kind)).collect();
        panic!("no {kind:?} mail to {to} within 5 s; mailbox: {seen:?}");
    }

    /// The newest matching message, if any.
    pub fn find_mail(&self, to: &str, kind: &str) -> Option<SentMail> {
        // On a city's view, only that city's mail (the same address may have an account
        // in several cities): its links point at the city.
        let here = |m: &SentMail| {
            self.host.is_none() || m.links().iter().all(|l| l.starts_with(&format!("{}/", self.public_url)))
        };
        self.mailbox
            .lock()
            .unwrap()
            .iter()
            .rev()
            .find(|m| m.to == to && (kind.is_empty() || m.kind == kind) && here(m))
            .cloned()
    }

    /// Puts a message in the outbox, due at `at` (for an account and a purpose when
    /// given), as the application would; returns its id.
    pub fn queue_mail(
        &self,
        to: &str,
        subject: &str,
        user_id: Option<yoriai_domain::UserId>,
        purpose: Option<&str>,
        at: chrono::NaiveDateTime,
    ) -> i64 {
        let kind = if purpose.is_some() { "notification" } else { "password_changed" };
        self.with_conn(|c| {
            yoriai_store::outbox::insert(
                c,
                &yoriai_store::outbox::NewOutbox {
                    kind,
                    recipient: to,
                    subject,
                    body_text: "An update.",
                    created_at: at,
                    next_attempt_at: at,
                    user_id,
                    purpose,
                },
            )
            .unwrap()
        })
    }

    pub fn mail_count(&self, to: &str) -> usize {
        self.mailbox.lock().unwrap().iter().filter(|m| m.to == to).count()
    }

    /// The path and query of the first link in a message (to open it in a test browser).
    pub fn link_path(&self, mail: &SentMail) -> String {
        let link = mail.links().into_iter().next().expect("the mail has a link");
        match link.strip_prefix(&self.public_url) {
            Some(path) => path.to_owned(),
            None => panic!("the link {link} does not point at this app (at {})", self.public_url),
        }
    }

    /// Signs up through the form and confirms through the emailed link; returns a
    /// browser signed in as the new account.
    pub async fn signed_in_resident(&self, email: &str, password: &str) -> Browser {
        let mut b = self.browser();
        b.get("/sign-up").await.assert_status(200);
        b.post_form("/api/sign_up", &[("email", email), ("display_name", "Test Resident"), ("password", password)])
            .await
            .assert_status(303);
        let mail = self.wait_for_mail(email, "").await;
        let confirm = self.link_path(&mail);
        b.get(&confirm).await.assert_status(200);
        let token = confirm.split("token=").nth(1).unwrap().to_owned();
        b.post_form("/api/confirm_email", &[("token", &token)]).await.assert_status(303);
        b.post_form("/api/sign_in", &[("email", email), ("password", password)]).await.assert_status(303);
        b
    }

    /// The application's data folder (uploads, mail, open data).
    pub fn data_dir(&self) -> std::path::PathBuf {
        self._dir.0.clone()
    }

    /// Cuts the application's PostgreSQL connections from the server's side.
    pub fn terminate_database_connections(&self) -> i64 {
        self._db.terminate_connections()
    }

    /// Runs a closure with a database connection (for assertions on stored state).
    pub fn with_conn<T>(&self, f: impl FnOnce(&mut yoriai_store::DbConn) -> T) -> T {
        let mut conn = self.services.pool.get().expect("pool");
        f(&mut conn)
    }
}

/// Defines a test that runs once per backend: `both_backends!(name, |app| async move { … })`.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, |$app:ident| $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[actix_web::test]
            async fn sqlite() {
                let $app = $crate::spawn_app($crate::Backend::Sqlite).await;
                $body.await
            }

            #[actix_web::test]
            async fn postgres() {
                let $app = $crate::spawn_app($crate::Backend::Postgres).await;
                $body.await
            }
        }
    };
}

/// The password of accounts the helpers create.
pub const PASSWORD: &str = "tsuruga castle in spring";
/// The two-step sign-in key of staff accounts the helpers create.
pub const TWO_FACTOR_KEY: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

impl TestApp {
    /// A code for `email`'s two-step sign-in with [`TWO_FACTOR_KEY`] that it has not used
    /// yet (the current step, or the next, which the one step of allowed clock skew
    /// accepts; waits when both are used).
    pub async fn two_factor_code(&self, email: &str) -> String {
        let now = || std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        let step = {
            let mut steps = self.two_factor_steps.lock().unwrap();
            let last = steps.get(email).copied().unwrap_or(0);
            let step = (now() / 30).max(last + 1);
            steps.insert(email.to_owned(), step);
            step
        };
        while now() / 30 + 1 < step {
            actix_web::rt::time::sleep(Duration::from_millis(500)).await;
        }
        yoriai_services::accounts::code_at(TWO_FACTOR_KEY, step * 30).expect("a valid key")
    }

    /// Signs `b` in as `email` (made by [`TestApp::account`]) through the form, giving
    /// the two-step code when asked.
    pub async fn sign_in(&self, b: &mut Browser, email: &str) {
        b.get("/sign-in").await;
        let res = b.post_form("/api/sign_in", &[("email", email), ("password", PASSWORD)]).await;
        res.assert_status(303);
        if res.location().as_deref() == Some("/sign-in/two-factor") {
            b.get("/sign-in/two-factor").await.assert_status(200);
            let code = self.two_factor_code(email).await;
            b.post_form("/api/sign_in_code", &[("code", &code)]).await.assert_status(303);
        }
        b.get("/").await;
    }

    /// A confirmed account created by the operator; returns its actor. Staff accounts
    /// have two-step sign-in on with [`TWO_FACTOR_KEY`].
    pub async fn account(&self, email: &str, role: yoriai_domain::Role) -> yoriai_domain::Actor {
        let services = self.services.clone();
        let email = email.to_owned();
        let id = actix_web::web::block(move || {
            yoriai_services::accounts::create_user(
                &services,
                &yoriai_domain::Actor::System,
                yoriai_services::accounts::CreateUserInput {
                    display_name: email.split('@').next().unwrap().to_owned(),
                    email,
                    password: PASSWORD.into(),
                    role,
                },
            )
        })
        .await
        .unwrap()
        .expect("account created");
        if role.needs_two_factor() {
            self.run(move |svc| yoriai_services::accounts::enable_with_key(svc, id, TWO_FACTOR_KEY))
                .await
                .expect("two-step sign-in on");
        }
        yoriai_domain::Actor::User(yoriai_domain::policy::UserActor::new(id, role))
    }

    /// A browser signed in as a new account of `role`, and its actor.
    pub async fn signed_in(&self, email: &str, role: yoriai_domain::Role) -> (Browser, yoriai_domain::Actor) {
        let actor = self.account(email, role).await;
        let mut b = self.browser();
        self.sign_in(&mut b, email).await;
        (b, actor)
    }

    /// Runs a command on the blocking pool.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&yoriai_services::Services) -> yoriai_services::ServiceResult<T> + Send + 'static,
    ) -> yoriai_services::ServiceResult<T> {
        let services = self.services.clone();
        actix_web::web::block(move || f(&services)).await.unwrap()
    }
}

/// A multipart form body with one file field, as a browser sends it: the content
/// type (with its boundary) and the bytes.
pub fn multipart_file(field: &str, filename: &str, file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "yoriaiboundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
