//! What a resident typed into a form that was refused, kept for the page that shows
//! the form again. Browsers without JavaScript come back to that page through a
//! redirect; the typed text must not ride in its URL (browser history, proxy and
//! server logs), so it waits here under a random token that only a short-lived
//! HttpOnly cookie carries, and is read once.

use crate::crypto::{random_token, token_hash};
use crate::{ServiceResult, Services};

/// How long a refused form's text waits for its page.
pub const ECHO_MINUTES: i64 = 10;

/// The most text kept for one form (larger forms are refused before they get here).
const MAX_PAYLOAD_BYTES: usize = 256 * 1024;

/// Keeps `values` and returns the token for the cookie.
pub fn keep(svc: &Services, values: &[(String, String)]) -> ServiceResult<Option<String>> {
    if values.is_empty() {
        return Ok(None);
    }
    let payload = serde_json::to_string(values).map_err(|e| crate::ServiceError::internal(e.to_string()))?;
    if payload.len() > MAX_PAYLOAD_BYTES {
        return Ok(None);
    }
    let token = random_token();
    let mut conn = svc.conn()?;
    let expires = yoriai_store::now() + chrono::Duration::minutes(ECHO_MINUTES);
    yoriai_store::form_echoes::insert(&mut conn, &token_hash(&token), &payload, expires)?;
    Ok(Some(token))
}

/// How long a read echo stays for a page rendered again.
const REREAD_SECONDS: i64 = 60;

/// The values kept under `token` (the page's answer clears its cookie; see below).
pub fn take(svc: &Services, token: &str) -> ServiceResult<Vec<(String, String)>> {
    if token.is_empty() || token.len() > 128 {
        return Ok(Vec::new());
    }
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    // The page's answer clears the cookie, so the browser does not ask again. Only when
    // a render stalled and is redone (`server::render_guard`, after 8 s) does the same
    // browser come back with it: the text waits a minute more for that, then it is gone.
    let read_until = now + chrono::Duration::seconds(REREAD_SECONDS);
    let payload = yoriai_store::form_echoes::take(&mut conn, &token_hash(token), now, read_until)?;
    Ok(payload.and_then(|p| serde_json::from_str(&p).ok()).unwrap_or_default())
}
