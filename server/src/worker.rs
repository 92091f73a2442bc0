//! The background worker: delivers queued mail and forgets what need not be kept.
//! Safe to run on several nodes at once: mail is claimed with a lease (SKIP LOCKED on
//! PostgreSQL), and the clean-ups are idempotent deletes.

use crate::metrics::Metrics;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use yoriai_services::mail::{deliver_due, Mailer};
use yoriai_services::Services;

const POLL: Duration = Duration::from_secs(5);
const CLEANUP_EVERY: Duration = Duration::from_secs(3600);
/// The open-data archive is rewritten when it is older than this.
const OPEN_DATA_EVERY: Duration = Duration::from_secs(24 * 3600);

pub fn spawn(services: Services, mailer: Mailer, wake: Arc<Notify>, metrics: Metrics, public_url: String) {
    let pool = services.pool.clone();
    actix_web::rt::spawn(async move {
        let mut last_cleanup: Option<std::time::Instant> = None;
        loop {
            // Notifications become mail first (in the resident's language, or not at all
            // if they chose so), then all due mail is delivered.
            let (p, url) = (pool.clone(), public_url.clone());
            match actix_web::web::block(move || {
                yoriai_services::notify::email_pending(&p, &url, 200)?;
                yoriai_services::notify::send_digests(&p, &url, yoriai_store::now())
            })
            .await
            {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => tracing::warn!(error = %e, "notification emails failed"),
                Err(e) => tracing::warn!(error = %e, "notification worker could not run"),
            }
            let (p, m) = (pool.clone(), mailer.clone());
            match actix_web::web::block(move || deliver_due(&p, &m, 20)).await {
                Ok(Ok(n)) => {
                    metrics.mail_sent.inc_by(n as u64);
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
                metrics.mail_pending.set(pending);
            }
            let stale = yoriai_services::opendata::archive_info(&services).is_none_or(|(at, _)| {
                (chrono::Utc::now().naive_utc() - at).to_std().is_ok_and(|age| age >= OPEN_DATA_EVERY)
            });
            if stale {
                // On its own thread: a large city's export must not hold up the mail.
                let s = services.clone();
                std::thread::spawn(move || match yoriai_services::opendata::publish_archive(&s) {
                    Ok(Some(summary)) => tracing::info!(rows = summary.rows, "open-data archive written"),
                    Ok(None) => {}
                    Err(e) => tracing::warn!(error = %e, "open-data export failed"),
                });
            }
            if last_cleanup.is_none_or(|t| t.elapsed() >= CLEANUP_EVERY) {
                let s = services.clone();
                match actix_web::web::block(move || cleanup(&s)).await {
                    Ok(Ok(())) => last_cleanup = Some(std::time::Instant::now()),
                    other => tracing::warn!(outcome = ?other.map(|r| r.err()), "clean-up failed"),
                }
            }
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
            }
        }
    });
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
