//! Reports whose emailed link was never opened are deleted after the configured days.

use super::*;

/// Deletes reports made without an account whose link was never opened within the
/// configured days, with their photos (files included) and links. Returns how many.
pub fn purge_unconfirmed(svc: &Services) -> ServiceResult<usize> {
    let mut conn = svc.conn()?;
    let before = yoriai_store::now() - chrono::Duration::days(svc.settings.unconfirmed_report_days);
    let mut purged = 0;
    for id in reports::unconfirmed_before(&mut conn, before, 500)? {
        let photos = reports::photos_of(&mut conn, id)?;
        yoriai_store::write_tx(&mut conn, |c| {
            for p in &photos {
                yoriai_store::uploads::delete(c, p.id)?;
            }
            reports::delete(c, id)?;
            audit::log(
                c,
                &Actor::System,
                "purge_unconfirmed_report",
                ("report", Some(id)),
                Visibility::Staff,
                None,
                json!({}),
            )
        })?;
        for p in photos {
            crate::images::discard(&svc.storage, &p.storage_key);
        }
        purged += 1;
    }
    Ok(purged)
}
