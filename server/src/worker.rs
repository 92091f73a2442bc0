//! The background worker: delivers queued mail and forgets what need not be kept, for
//! every city in turn.
//! Safe to run on several nodes at once: mail is claimed with a lease (SKIP LOCKED on
//! PostgreSQL), and the clean-ups are idempotent deletes.

use crate::metrics::Metrics;
use crate::tenants::Tenants;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tracing::Instrument;
use yoriai_services::mail::{deliver_batches, Mailer};
use yoriai_services::Services;
use yoriai_store::control::TenantState;

const POLL: Duration = Duration::from_secs(5);
const CLEANUP_EVERY: Duration = Duration::from_secs(3600);
/// The open-data archive is rewritten when it is older than this.
const OPEN_DATA_EVERY: Duration = Duration::from_secs(24 * 3600);

/// Mail turned from notifications, and mail delivered, per city per turn: a city with a
/// huge backlog works it off a batch at a time while the others keep their turn.
const NOTIFY_BATCH: i64 = 200;
const DELIVER_BATCH: i64 = 20;
const DELIVER_BATCHES_PER_TURN: usize = 5;

pub fn spawn(tenants: Tenants, mailer: Mailer, wake: Arc<Notify>, metrics: Metrics) {
    actix_web::rt::spawn(async move {
        let mut last_cleanup: HashMap<String, std::time::Instant> = HashMap::new();
        loop {
            let mut pending_total = 0i64;
            let mut more_due = false;
            // A node that answers no requests still learns of new, suspended and
            // deleted cities.
            tenants.refresh().await;
            // One turn: every active city once, in id order, each a bounded batch.
            for tenant in tenants.all().into_iter().filter(|t| t.state == TenantState::Active) {
                let span = tracing::info_span!("worker", tenant = %tenant.id);
                let services = tenant.services.clone();
                let id = tenant.id.to_string();
                let last = last_cleanup.get(&id).copied();
                async {
                    let turn = one_turn(&services, &mailer, &metrics, &mut pending_total, last).await;
                    more_due |= turn.more_due;
                    if let Some(cleaned) = turn.cleaned {
                        last_cleanup.insert(id, cleaned);
                    }
                }
                .instrument(span)
                .await;
            }
            metrics.mail_pending.set(pending_total);
            if more_due {
                // A city has more mail due than one turn sends: the next turn starts now.
                tokio::task::yield_now().await;
                continue;
            }
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
            }
        }
    });
}

/// What one city's turn left.
#[derive(Default)]
struct Turn {
    /// When its clean-up ran, if it ran now.
    cleaned: Option<std::time::Instant>,
    /// More mail was due than the turn's batches sent.
    more_due: bool,
}

async fn one_turn(
    services: &Services,
    mailer: &Mailer,
    metrics: &Metrics,
    pending_total: &mut i64,
    last_cleanup: Option<std::time::Instant>,
) -> Turn {
    let mut turn = Turn::default();
    let pool = services.pool.clone();
    let public_url = services.settings.public_url.clone();
    // Notifications become mail first (in the resident's language, or not at all if they
    // chose so), then due mail is delivered.
    let (p, url) = (pool.clone(), public_url.clone());
    match actix_web::web::block(move || {
        yoriai_services::notify::email_pending(&p, &url, NOTIFY_BATCH)?;
        yoriai_services::notify::send_digests(&p, &url, yoriai_store::now())
    })
    .await
    {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => tracing::warn!(error = %e, "notification emails failed"),
        Err(e) => tracing::warn!(error = %e, "notification worker could not run"),
    }
    let (p, m) = (pool.clone(), mailer.clone());
    match actix_web::web::block(move || deliver_batches(&p, &m, DELIVER_BATCH, DELIVER_BATCHES_PER_TURN)).await {
        Ok(Ok((n, more))) => {
            metrics.mail_sent.inc_by(n as u64);
            turn.more_due = more;
        }
        Ok(Err(e)) => tracing::warn!(error = %e, "mail delivery round failed"),
        Err(e) => tracing::warn!(error = %e, "mail worker could not run"),
    }
    let p = pool.clone();
    if let Ok(Ok(pending)) = actix_web::web::block(move || {
        p.get()
            .map_err(|e| e.to_string())
            .and_then(|mut c| yoriai_store::outbox::pending_count(&mut c).map_err(|e| e.to_string()))
    })
    .await
    {
        *pending_total += pending;
    }
    let stale = yoriai_services::opendata::archive_info(services)
        .is_none_or(|(at, _)| (chrono::Utc::now().naive_utc() - at).to_std().is_ok_and(|age| age >= OPEN_DATA_EVERY));
    if stale {
        // On its own thread: a large city's export must not hold up the mail.
        let s = services.clone();
        let span = tracing::Span::current();
        std::thread::spawn(move || {
            let _entered = span.enter();
            match yoriai_services::opendata::publish_archive(&s) {
                Ok(Some(summary)) => tracing::info!(rows = summary.rows, "open-data archive written"),
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "open-data export failed"),
            }
        });
    }
    if last_cleanup.is_none_or(|t| t.elapsed() >= CLEANUP_EVERY) {
        let s = services.clone();
        match actix_web::web::block(move || cleanup(&s)).await {
            Ok(Ok(())) => turn.cleaned = Some(std::time::Instant::now()),
            other => tracing::warn!(outcome = ?other.map(|r| r.err()), "clean-up failed"),
        }
    }
    turn
}

/// Expired sessions and tokens, passed throttle windows, delivered mail older than a
/// week, reports whose emailed confirmation never came, accounts never confirmed,
/// external sign-ins never finished, refused forms' text nobody came back for, and
/// security-log entries older than a year.
fn cleanup(services: &Services) -> Result<(), String> {
    yoriai_services::reports::purge_unconfirmed(services).map_err(|e| e.to_string())?;
    let mut conn = services.pool.get().map_err(|e| e.to_string())?;
    let now = yoriai_store::now();
    let run = |r: Result<usize, diesel::result::Error>| r.map(|_| ()).map_err(|e| e.to_string());
    run(yoriai_store::sessions::purge_expired(&mut conn, now))?;
    run(yoriai_store::external::purge_expired(&mut conn, now))?;
    run(yoriai_store::two_factor::purge_expired(&mut conn, now))?;
    run(yoriai_store::tokens::purge_old(&mut conn, now - chrono::Duration::days(7)))?;
    run(yoriai_store::throttle::purge(&mut conn, now, chrono::Duration::hours(1)))?;
    run(yoriai_store::outbox::purge_sent(&mut conn, now - chrono::Duration::days(7)))?;
    run(yoriai_store::form_echoes::purge(&mut conn, now))?;
    run(yoriai_store::security_events::purge(&mut conn, now - chrono::Duration::days(365)))?;
    let account_days = chrono::Duration::days(services.settings.unconfirmed_account_days);
    run(yoriai_store::users::purge_unconfirmed(&mut conn, now - account_days))?;
    Ok(())
}
