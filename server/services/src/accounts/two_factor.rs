//! Two-step sign-in with an authenticator app (TOTP, RFC 6238, through `totp-rs`):
//! required for staff — without it a staff account acts as a resident — and optional
//! for residents. Ten single-use recovery codes stand in for a lost phone.
//!
//! The secret is stored sealed (XOR with an HMAC-SHA256 keystream of a random nonce
//! under a key derived from the server secret), each accepted time step is remembered
//! so a code works once, and a sign-in waiting for its code allows five tries.

use super::sign_in::{open_session, SignedIn};
use crate::crypto::{random_token, token_hash};
use crate::{Keys, ServiceError, ServiceResult, Services};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chrono::NaiveDateTime;
use hmac::{KeyInit, Mac};
use rand::{Rng, RngCore};
use sha2::Sha256;
use yoriai_domain::{authorize, Action, Actor, ErrorCode, Rejection, SessionId, UserId};
use yoriai_store::users::{self, UserRow};
use yoriai_store::{sessions, two_factor as store, DbConn};

const SECRET_BYTES: usize = 20;
const NONCE_BYTES: usize = 16;
const WAIT_MINUTES: i64 = 10;
const MAX_ATTEMPTS: i32 = 5;
const RECOVERY_CODES: usize = 10;
/// Recovery code letters: no 0/o, 1/l/i look-alikes.
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// What authenticator apps show as the account's issuer.
const ISSUER: &str = "Yoriai";

fn totp(secret: &[u8]) -> ServiceResult<totp_rs::Totp> {
    // RFC 6238 defaults: SHA-1, 6 digits, 30-second steps, one step of clock skew.
    totp_rs::Builder::new().with_secret(secret.to_vec()).build().map_err(|e| ServiceError::internal(e.to_string()))
}

/// The sealing key of residents' and staff's secrets.
const SEAL_LABEL: &str = "two-factor secret";
/// The sealing key of system operators' secrets (the console), kept apart.
const OPERATOR_SEAL_LABEL: &str = "operator two-factor secret";

fn keystream(keys: &Keys, label: &str, nonce: &[u8]) -> [u8; 32] {
    let mut mac = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(&keys.subkey(label)).expect("any key length");
    mac.update(nonce);
    mac.finalize().into_bytes().into()
}

fn seal_with(keys: &Keys, label: &str, secret: &[u8]) -> String {
    let mut nonce = [0u8; NONCE_BYTES];
    rand::rng().fill_bytes(&mut nonce);
    let stream = keystream(keys, label, &nonce);
    let mut out = nonce.to_vec();
    out.extend(secret.iter().zip(stream.iter()).map(|(s, k)| s ^ k));
    URL_SAFE_NO_PAD.encode(out)
}

fn unseal_with(keys: &Keys, label: &str, sealed: &str) -> ServiceResult<Vec<u8>> {
    let bytes = URL_SAFE_NO_PAD.decode(sealed).map_err(|_| ServiceError::internal("a sealed secret is damaged"))?;
    if bytes.len() != NONCE_BYTES + SECRET_BYTES {
        return Err(ServiceError::internal("a sealed secret has the wrong length"));
    }
    let (nonce, body) = bytes.split_at(NONCE_BYTES);
    let stream = keystream(keys, label, nonce);
    Ok(body.iter().zip(stream.iter()).map(|(s, k)| s ^ k).collect())
}

fn seal(svc: &Services, secret: &[u8]) -> String {
    seal_with(&svc.keys, SEAL_LABEL, secret)
}

fn unseal(svc: &Services, sealed: &str) -> ServiceResult<Vec<u8>> {
    unseal_with(&svc.keys, SEAL_LABEL, sealed)
}

/// A system operator's two-step key, under the installation's keys: (sealed, for the
/// control plane; the key in base32; the `otpauth:` address for an authenticator app).
/// `given` sets a known base32 key (scripted set-ups); otherwise a random one is made.
pub fn new_operator_key(keys: &Keys, email: &str, given: Option<&str>) -> ServiceResult<(String, String, String)> {
    let secret = match given {
        Some(key) => totp_rs::Secret::try_from_base32(key.replace(' ', ""))
            .map_err(|_| ServiceError::internal("a two-step key is 32 base32 letters"))?
            .as_ref()
            .to_vec(),
        None => {
            let mut secret = [0u8; SECRET_BYTES];
            rand::rng().fill_bytes(&mut secret);
            secret.to_vec()
        }
    };
    if secret.len() != SECRET_BYTES {
        return Err(ServiceError::internal("a two-step key must be 20 bytes (32 base32 letters)"));
    }
    let key = base32(&secret);
    let label = percent_encode(&format!("{ISSUER} console:{email}"));
    let uri = format!("otpauth://totp/{label}?secret={key}&issuer={ISSUER}&algorithm=SHA1&digits=6&period=30");
    Ok((seal_with(keys, OPERATOR_SEAL_LABEL, &secret), key, uri))
}

/// The time step a system operator's six-digit `code` is valid for (one step of clock
/// skew either way), if it is; the caller accepts each step once.
pub fn operator_code_step(keys: &Keys, sealed: &str, code: &str, now: NaiveDateTime) -> ServiceResult<Option<i64>> {
    let code = normalize(code);
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let secret = unseal_with(keys, OPERATOR_SEAL_LABEL, sealed)?;
    Ok(totp(&secret)?.check(&code, unix(now)).map(|step| step as i64))
}

/// Percent-encoding for the `otpauth:` label (RFC 3986 unreserved characters kept).
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn unix(now: NaiveDateTime) -> u64 {
    now.and_utc().timestamp().max(0) as u64
}

fn base32(secret: &[u8]) -> String {
    totp_rs::Secret::from(secret.to_vec()).to_base32()
}

/// Recovery codes as typed: spaces and hyphens ignored, any case.
fn normalize(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace() && *c != '-').flat_map(char::to_lowercase).collect()
}

fn recovery_hash(svc: &Services, user_id: UserId, code: &str) -> String {
    svc.keys.keyed_hash("recovery code", &format!("{user_id}:{}", normalize(code)))
}

fn new_recovery_codes_for(svc: &Services, c: &mut DbConn, user_id: UserId) -> ServiceResult<Vec<String>> {
    let mut rng = rand::rng();
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| {
            let raw: String =
                (0..10).map(|_| char::from(RECOVERY_ALPHABET[rng.random_range(0..RECOVERY_ALPHABET.len())])).collect();
            format!("{}-{}", &raw[..5], &raw[5..])
        })
        .collect();
    let hashes: Vec<String> = codes.iter().map(|code| recovery_hash(svc, user_id, code)).collect();
    store::replace_recovery_codes(c, user_id, &hashes)?;
    Ok(codes)
}

/// Checks a code (6 digits from the app, or a recovery code) for an account whose
/// two-step sign-in is set up, and uses it up.
fn check_code(svc: &Services, c: &mut DbConn, row: &store::TwoFactorRow, code: &str) -> ServiceResult<bool> {
    let code = normalize(code);
    if code.is_empty() || code.len() > 32 {
        return Ok(false);
    }
    let now = yoriai_store::now();
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        let secret = unseal(svc, &row.secret_sealed)?;
        return match totp(&secret)?.check(&code, unix(now)) {
            Some(step) => Ok(store::use_step(c, row.user_id, step as i64)?),
            None => Ok(false),
        };
    }
    Ok(store::use_recovery_code(c, row.user_id, &recovery_hash(svc, row.user_id, &code), now)?)
}

fn second_step_key(svc: &Services, user_id: UserId) -> String {
    crate::limits::key(svc, &format!("second-step:{user_id}"))
}

/// Checks a code (authenticator or recovery) under the account's second-step throttle,
/// inside the caller's transaction. While the account is locked every code is refused,
/// the right one too. A wrong code is counted across sign-ins (`limits::SECOND_STEP`)
/// and written to the account's security log; the one that locks also writes the lock
/// and emails the owner, who learns that someone has their password. The caller must
/// commit after `Ok(false)`, so the count stays.
fn check_code_counted(
    svc: &Services,
    c: &mut DbConn,
    row: &store::TwoFactorRow,
    user: &UserRow,
    code: &str,
    now: NaiveDateTime,
) -> ServiceResult<bool> {
    use crate::limits::{minutes_until, SECOND_STEP};
    use yoriai_store::{security_events, throttle};
    let key = second_step_key(svc, row.user_id);
    if let Some(until) = throttle::locked_until(c, &key, now)? {
        return Err(Rejection::new(ErrorCode::SecondStepLocked).with_arg("minutes", minutes_until(until, now)).into());
    }
    if check_code(svc, c, row, code)? {
        throttle::clear(c, &key)?;
        return Ok(true);
    }
    let locked = throttle::record_failure(c, &key, now, SECOND_STEP.window, SECOND_STEP.max, SECOND_STEP.lock)?;
    use yoriai_domain::security::SecurityEventKind;
    security_events::insert(c, row.user_id, SecurityEventKind::SecondStepFailed.as_str(), now)?;
    if let Some(until) = locked {
        security_events::insert(c, row.user_id, SecurityEventKind::SecondStepLocked.as_str(), now)?;
        let rendered = crate::mail::render(
            crate::mail::MailKind::SecondStepLocked,
            user.locale.as_deref().and_then(yoriai_domain::Locale::parse).unwrap_or_default(),
            &user.display_name,
            &svc.mail_site(),
            &[
                ("count", yoriai_i18n::Arg::Num(i64::from(SECOND_STEP.max))),
                ("minutes", yoriai_i18n::Arg::Num(minutes_until(until, now))),
                ("reset", yoriai_i18n::Arg::from(svc.link("/forgot-password"))),
            ],
        );
        crate::mail::enqueue(c, crate::mail::MailKind::SecondStepLocked, &user.email, &rendered)?;
        tracing::warn!(user_id = row.user_id.0, "two-step sign-in locked after repeated wrong codes");
    }
    Ok(false)
}

/// What the first sign-in step (password or external account) leads to.
#[derive(Debug, Clone)]
pub enum SignInStep {
    SignedIn(SignedIn),
    /// The account uses two-step sign-in: ask for the code (the token goes into a cookie).
    SecondFactor {
        token: String,
    },
}

/// After the first step succeeded: a session, or a wait for the code.
pub(crate) fn after_first_step(
    svc: &Services,
    c: &mut DbConn,
    user: &UserRow,
    next: Option<&str>,
    now: NaiveDateTime,
) -> ServiceResult<SignInStep> {
    if store::is_on(c, user.id)? {
        let token = random_token();
        let next = next.and_then(yoriai_domain::redirect::local_path);
        store::wait(c, &token_hash(&token), user.id, next, now + chrono::Duration::minutes(WAIT_MINUTES))?;
        return Ok(SignInStep::SecondFactor { token });
    }
    Ok(SignInStep::SignedIn(open_session(c, user, &svc.settings, now, false)?))
}

/// The second step: the code for a sign-in waiting in this browser. Returns the session
/// and where the resident was going.
pub fn sign_in_with_code(
    svc: &Services,
    actor: &Actor,
    token: Option<&str>,
    code: &str,
) -> ServiceResult<(SignedIn, Option<String>)> {
    authorize(actor, &Action::SignIn)?;
    let token = token.filter(|t| !t.is_empty() && t.len() <= 128).ok_or(ErrorCode::TokenInvalid)?;
    let hash = token_hash(token);
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    let wait = store::find_wait(&mut conn, &hash, now)?.ok_or(ErrorCode::TokenInvalid)?;
    if wait.attempts >= MAX_ATTEMPTS {
        store::end_wait(&mut conn, &hash)?;
        return Err(ErrorCode::TokenInvalid.into());
    }
    let row = store::find(&mut conn, wait.user_id)?.filter(|r| r.confirmed_at.is_some());
    let Some(row) = row else {
        store::end_wait(&mut conn, &hash)?;
        return Err(ErrorCode::TokenInvalid.into());
    };
    let user = users::find(&mut conn, wait.user_id)?.ok_or(ErrorCode::TokenInvalid)?;
    if user.blocked_at.is_some() {
        return Err(ErrorCode::AccountBlocked.into());
    }
    let outcome = yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<Option<SignedIn>> {
        if !check_code_counted(svc, c, &row, &user, code, now)? {
            store::count_attempt(c, &hash)?;
            return Ok(None);
        }
        if !store::end_wait(c, &hash)? {
            return Err(ErrorCode::TokenInvalid.into());
        }
        Ok(Some(open_session(c, &user, &svc.settings, now, true)?))
    })?;
    match outcome {
        Some(signed_in) => {
            tracing::info!(user_id = user.id.0, "signed in with a second step");
            Ok((signed_in, wait.next_path))
        }
        None => {
            tracing::warn!(user_id = user.id.0, "a wrong second-step code");
            (svc.mail_queued)();
            Err(Rejection::field("code", ErrorCode::TwoFactorCodeWrong).into())
        }
    }
}

pub use yoriai_views::{TwoFactorSetup, TwoFactorStatus};

fn signed_in_user(c: &mut DbConn, actor: &Actor) -> ServiceResult<UserRow> {
    let id = actor.user_id().ok_or(ErrorCode::NotSignedIn)?;
    users::find(c, id)?.ok_or_else(|| ServiceError::internal("session without account"))
}

/// Turning two-step sign-in off, with the account's stored roles (platform and process).
fn turning_off(c: &mut DbConn, user: &UserRow) -> ServiceResult<Action> {
    let role = user.role;
    let process_roles = !crate::sessions::process_roles_of(c, user.id)?.is_empty();
    Ok(Action::TurnOffOwnTwoFactor { role, process_roles })
}

pub fn two_factor_status(svc: &Services, actor: &Actor) -> ServiceResult<TwoFactorStatus> {
    authorize(actor, &Action::ManageOwnTwoFactor)?;
    let mut conn = svc.conn()?;
    let user = signed_in_user(&mut conn, actor)?;
    let row = store::find(&mut conn, user.id)?;
    let on = row.as_ref().is_some_and(|r| r.confirmed_at.is_some());
    let setup = match row.filter(|r| r.confirmed_at.is_none()) {
        Some(r) => {
            let key = base32(&unseal(svc, &r.secret_sealed)?);
            let grouped = key.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>();
            let label = format!("{ISSUER}:{}", percent_encode(&user.email));
            Some(TwoFactorSetup {
                key: grouped.join(" "),
                uri: format!("otpauth://totp/{label}?secret={key}&issuer={ISSUER}&algorithm=SHA1&digits=6&period=30"),
            })
        }
        None => None,
    };
    Ok(TwoFactorStatus {
        on,
        required: authorize(actor, &turning_off(&mut conn, &user)?).is_err(),
        setup,
        recovery_codes_left: if on { store::recovery_codes_left(&mut conn, user.id)? } else { 0 },
    })
}

/// Starts setting up: a new secret, shown until confirmed with a code.
pub fn start_two_factor(svc: &Services, actor: &Actor) -> ServiceResult<()> {
    authorize(actor, &Action::ManageOwnTwoFactor)?;
    let mut conn = svc.conn()?;
    let user = signed_in_user(&mut conn, actor)?;
    if store::is_on(&mut conn, user.id)? {
        return Err(ErrorCode::TwoFactorAlreadyOn.into());
    }
    let mut secret = [0u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut secret);
    store::put_unconfirmed(&mut conn, user.id, &seal(svc, &secret), yoriai_store::now())?;
    Ok(())
}

/// Confirms the set-up with a code from the app; returns the recovery codes (shown
/// once). The current session counts as signed in with the second step.
pub fn confirm_two_factor(
    svc: &Services,
    actor: &Actor,
    session: Option<SessionId>,
    code: &str,
) -> ServiceResult<Vec<String>> {
    authorize(actor, &Action::ManageOwnTwoFactor)?;
    let mut conn = svc.conn()?;
    let user = signed_in_user(&mut conn, actor)?;
    let row = store::find(&mut conn, user.id)?.ok_or(ErrorCode::TwoFactorNotOn)?;
    if row.confirmed_at.is_some() {
        return Err(ErrorCode::TwoFactorAlreadyOn.into());
    }
    let secret = unseal(svc, &row.secret_sealed)?;
    let now = yoriai_store::now();
    let step = match totp(&secret)?.check(&normalize(code), unix(now)) {
        Some(step) => step as i64,
        None => return Err(Rejection::field("code", ErrorCode::TwoFactorCodeWrong).into()),
    };
    let codes = yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<Vec<String>> {
        store::confirm(c, user.id, step, now)?;
        if let Some(session) = session {
            sessions::mark_second_factor(c, session.0, now)?;
        }
        new_recovery_codes_for(svc, c, user.id)
    })?;
    tracing::info!(user_id = user.id.0, "two-step sign-in turned on");
    Ok(codes)
}

/// New recovery codes (the old ones stop working), after a current code.
pub fn renew_recovery_codes(svc: &Services, actor: &Actor, code: &str) -> ServiceResult<Vec<String>> {
    authorize(actor, &Action::ManageOwnTwoFactor)?;
    let mut conn = svc.conn()?;
    let user = signed_in_user(&mut conn, actor)?;
    let row = store::find(&mut conn, user.id)?.filter(|r| r.confirmed_at.is_some()).ok_or(ErrorCode::TwoFactorNotOn)?;
    let now = yoriai_store::now();
    let codes = yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<Option<Vec<String>>> {
        if !check_code_counted(svc, c, &row, &user, code, now)? {
            return Ok(None);
        }
        new_recovery_codes_for(svc, c, user.id).map(Some)
    })?;
    codes.ok_or_else(|| {
        (svc.mail_queued)();
        Rejection::field("code", ErrorCode::TwoFactorCodeWrong).into()
    })
}

/// Turns two-step sign-in off (residents only), after a current code.
pub fn disable_two_factor(svc: &Services, actor: &Actor, code: &str) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    let user = signed_in_user(&mut conn, actor)?;
    authorize(actor, &turning_off(&mut conn, &user)?)?;
    let Some(row) = store::find(&mut conn, user.id)? else {
        return Err(ErrorCode::TwoFactorNotOn.into());
    };
    let now = yoriai_store::now();
    let removed = yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<bool> {
        // An unconfirmed set-up is simply cancelled.
        if row.confirmed_at.is_some() && !check_code_counted(svc, c, &row, &user, code, now)? {
            return Ok(false);
        }
        store::remove(c, user.id)?;
        Ok(true)
    })?;
    if !removed {
        (svc.mail_queued)();
        return Err(Rejection::field("code", ErrorCode::TwoFactorCodeWrong).into());
    }
    tracing::info!(user_id = user.id.0, "two-step sign-in turned off");
    Ok(())
}

/// The code an authenticator app shows at `unix_seconds` for a base32 key (for tests
/// and scripts that sign in as the demo staff).
pub fn code_at(base32_key: &str, unix_seconds: u64) -> Option<String> {
    let secret = totp_rs::Secret::try_from_base32(base32_key.replace(' ', "")).ok()?;
    let t = totp(secret.as_ref()).ok()?;
    Some(t.generate(unix_seconds).to_string())
}

/// Sets up two-step sign-in with a given key, already confirmed (the demo data's staff).
pub fn enable_with_key(svc: &Services, user_id: UserId, base32_key: &str) -> ServiceResult<()> {
    let secret = totp_rs::Secret::try_from_base32(base32_key.replace(' ', ""))
        .map_err(|e| ServiceError::internal(e.to_string()))?;
    let secret = secret.as_ref();
    if secret.len() != SECRET_BYTES {
        return Err(ServiceError::internal("a two-step key must be 20 bytes (32 base32 letters)"));
    }
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<()> {
        store::put_unconfirmed(c, user_id, &seal(svc, secret), now)?;
        store::confirm(c, user_id, 0, now)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operator_keys_are_sealed_apart_and_codes_check_once_per_step() {
        let keys = Keys::new(&[7u8; 32]);
        let (sealed, key, uri) = new_operator_key(&keys, "ops@vendor.example", None).unwrap();
        assert!(uri.starts_with("otpauth://totp/Yoriai%20console%3Aops@vendor.example?secret="), "{uri}");
        assert!(uri.contains(&key));
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap().naive_utc();
        let code = code_at(&key, 1_800_000_000).unwrap();
        assert_eq!(operator_code_step(&keys, &sealed, &code, now).unwrap(), Some(60_000_000));
        assert_eq!(operator_code_step(&keys, &sealed, "12345", now).unwrap(), None);
        // Another installation's keys cannot read the secret.
        assert!(operator_code_step(&Keys::new(&[8u8; 32]), &sealed, &code, now).unwrap().is_none());
        // A given key is kept as given.
        let (_, given, _) = new_operator_key(&keys, "a@b.example", Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")).unwrap();
        assert_eq!(given, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        assert!(new_operator_key(&keys, "a@b.example", Some("not base32!")).is_err());
    }

    #[test]
    fn recovery_codes_are_read_as_typed() {
        assert_eq!(normalize(" ABCDE-fghjk "), "abcdefghjk");
        assert_eq!(normalize("12 34 56"), "123456");
    }

    #[test]
    fn rfc_6238_test_vector() {
        // RFC 6238, appendix B: SHA-1 key "12345678901234567890", T = 59 s → 94287082 (8 digits).
        let t = totp_rs::Builder::new().with_digits(8).with_secret(b"12345678901234567890".to_vec()).build().unwrap();
        assert_eq!(t.generate(59).to_string(), "94287082");
        // The six digits we use are its last six.
        assert_eq!(totp(b"12345678901234567890").unwrap().generate(59).to_string(), "287082");
    }
}
