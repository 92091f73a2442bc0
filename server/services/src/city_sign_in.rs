//! A city's own OpenID Connect clients (issue 16): each city registers its own LINE,
//! Google or city-ID client, whose redirect URI is on the city's own host, and its
//! administrators manage them at `/admin/sign-in`. They are offered beside the
//! installation's providers, and one with the same id replaces the installation's in
//! that city. The client secret is sealed with the city's key and never shown again.
//!
//! External accounts are linked by (provider id, subject). So that a changed issuer
//! cannot hand residents' accounts to whoever holds the same subject at another
//! provider, the issuer of an id through which accounts are linked never changes.

use crate::accounts::{ExternalProvider, ProviderSettings};
use crate::audit::{self, Visibility};
use crate::{ServiceResult, Services};
use serde_json::json;
use std::sync::Arc;
use yoriai_domain::{authorize, Action, Actor, ErrorCode, FieldError, FieldErrors};
use yoriai_store::sign_in_providers::{self as store, SignInProviderRow};
use yoriai_store::DbConn;
use yoriai_views::city::{RemoveSignInProviderInput, SignInProviderInput, SignInProviderView, SignInProvidersPage};

/// The sealing purpose of client secrets (under the city's keys).
const SEAL_PURPOSE: &str = "sign-in provider secret";
/// Longest label, issuer, client id, secret and scope list.
const MAX_CHARS: usize = 500;

fn settings_of(row: &SignInProviderRow, secret: Option<String>) -> ProviderSettings {
    ProviderSettings {
        issuer: Some(row.issuer.clone()),
        client_id: row.client_id.clone(),
        client_secret: secret,
        label: Some(row.label.clone()),
        scopes: Some(row.scopes.clone()),
    }
}

/// The providers a city offers, and the (id, issuer) of those it withholds.
pub(crate) type Opened = (Vec<ExternalProvider>, Vec<(String, String)>);

/// What the city has: the providers it offers, secrets opened, and the (id, issuer) of
/// those it has but does not offer (removed, or a secret that cannot be opened here
/// because the city was moved from another installation: given again, it comes back).
/// An installation provider with a withheld id is offered only if its issuer is the
/// same, so accounts linked through the city's issuer are never matched against
/// another's subjects.
pub(crate) fn open_providers(svc: &Services, conn: &mut DbConn) -> ServiceResult<Opened> {
    let (mut offered, mut withheld) = (Vec::new(), Vec::new());
    for row in store::list(conn)? {
        let secret = match (&row.removed_at, &row.client_secret_sealed) {
            (Some(_), _) => None,
            (None, None) => Some(None),
            (None, Some(sealed)) => {
                let opened = svc.keys.unseal_text(SEAL_PURPOSE, &row.id, sealed);
                if opened.is_none() {
                    tracing::warn!(provider = %row.id, "a city's sign-in secret cannot be opened here; give it again");
                }
                opened.map(Some)
            }
        };
        let local = svc.settings.local_issuers;
        match secret.and_then(|secret| ExternalProvider::resolve(&row.id, settings_of(&row, secret), local).ok()) {
            Some(mut p) => {
                p.public_only = !local;
                offered.push(p);
            }
            None => withheld.push((row.id.clone(), issuer_of(&row))),
        }
    }
    Ok((offered, withheld))
}

/// The issuer a saved row stands for (presets applied).
fn issuer_of(row: &SignInProviderRow) -> String {
    ExternalProvider::resolve(&row.id, settings_of(row, None), true)
        .map(|p| p.issuer)
        .unwrap_or_else(|_| row.issuer.clone())
}

/// Refuses a new issuer for an id through which accounts are linked. `before` is the
/// city's row for the id, if any; without one, the installation's provider counts.
fn check_linked(
    svc: &Services,
    conn: &mut DbConn,
    id: &str,
    before: Option<&SignInProviderRow>,
    issuer: &str,
) -> ServiceResult<()> {
    let linked = yoriai_store::external::any_linked(conn, id)?;
    let previous = match before {
        Some(row) => Some(issuer_of(row)),
        None => svc.settings.external_providers.iter().find(|p| p.id == id).map(|p| p.issuer.clone()),
    };
    if linked && previous.as_deref() != Some(issuer) {
        return Err(yoriai_domain::Rejection::field("issuer", ErrorCode::IssuerInUse).into());
    }
    Ok(())
}

fn callback_prefix(svc: &Services) -> String {
    svc.link("/auth/oidc/")
}

/// The city's sign-in services page.
pub fn providers_page(svc: &Services, actor: &Actor) -> ServiceResult<SignInProvidersPage> {
    authorize(actor, &Action::ManageCitySettings)?;
    let mut conn = svc.conn()?;
    let prefix = callback_prefix(svc);
    let providers = store::list(&mut conn)?
        .into_iter()
        .filter(|row| row.removed_at.is_none())
        .map(|row| {
            let readable =
                row.client_secret_sealed.as_deref().map(|s| svc.keys.unseal_text(SEAL_PURPOSE, &row.id, s).is_some());
            let shown = ExternalProvider::resolve(&row.id, settings_of(&row, None), true).ok();
            SignInProviderView {
                callback: format!("{prefix}{}/callback", row.id),
                shown_label: shown.as_ref().map(|p| p.label.clone()).unwrap_or_else(|| row.id.clone()),
                shown_issuer: shown.map(|p| p.issuer).unwrap_or_default(),
                has_secret: readable.is_some(),
                secret_readable: readable.unwrap_or(true),
                updated_at: crate::city_date(row.updated_at),
                id: row.id,
                label: row.label,
                issuer: row.issuer,
                scopes: row.scopes,
                client_id: row.client_id,
            }
        })
        .collect();
    Ok(SignInProvidersPage {
        providers,
        installation: svc.settings.external_providers.iter().map(|p| (p.id.clone(), p.label.clone())).collect(),
        callback_prefix: prefix,
    })
}

fn bounded(e: &mut FieldErrors, field: &str, raw: &str) -> String {
    let value = raw.trim();
    if value.chars().count() > MAX_CHARS {
        e.push(FieldError::new(field, ErrorCode::TooLong).with_arg("max", MAX_CHARS as i64));
    }
    value.to_owned()
}

/// Adds a provider, or replaces the one with the same id. The issuer must answer with
/// its discovery document before anything is saved; an empty secret keeps the saved one.
pub fn save_provider(svc: &Services, actor: &Actor, input: SignInProviderInput) -> ServiceResult<()> {
    authorize(actor, &Action::ManageCitySettings)?;
    let mut e = FieldErrors::new();
    let id = input.id.trim().to_owned();
    let label = bounded(&mut e, "label", &input.label);
    let issuer = bounded(&mut e, "issuer", &input.issuer).trim_end_matches('/').to_owned();
    let client_id = bounded(&mut e, "client_id", &input.client_id);
    let secret = bounded(&mut e, "client_secret", &input.client_secret);
    let scopes = bounded(&mut e, "scopes", &input.scopes);
    let given = ProviderSettings {
        issuer: Some(issuer.clone()),
        client_id: client_id.clone(),
        client_secret: Some(secret.clone()),
        label: Some(label.clone()),
        scopes: Some(scopes.clone()),
    };
    let resolved = match ExternalProvider::resolve(&id, given, svc.settings.local_issuers) {
        Ok(p) => Some(p),
        Err(wrong) => {
            for (field, code) in wrong {
                e.push(FieldError::new(field, code));
            }
            None
        }
    };
    if !e.is_empty() {
        return Err(e.into_rejection().into());
    }
    let resolved = resolved.expect("resolved when nothing is wrong");

    let mut conn = svc.conn()?;
    let before = store::find(&mut conn, &id)?;
    check_linked(svc, &mut conn, &id, before.as_ref(), &resolved.issuer)?;
    // The saved secret stays only with the same issuer and client: it must never be
    // sent to another provider's token endpoint.
    let kept = before
        .as_ref()
        .filter(|b| b.removed_at.is_none() && issuer_of(b) == resolved.issuer && b.client_id == resolved.client_id);
    let sealed = match secret.as_str() {
        "" => kept.and_then(|b| b.client_secret_sealed.clone()),
        secret => Some(svc.keys.seal_text(SEAL_PURPOSE, &id, secret)),
    };
    if secret.is_empty() && kept.is_none() && before.as_ref().is_some_and(|b| b.client_secret_sealed.is_some()) {
        return Err(yoriai_domain::Rejection::field("client_secret", ErrorCode::Required).into());
    }
    // Asked outside any transaction: the provider may take seconds to answer.
    drop(conn);
    let mut checked = resolved.clone();
    checked.public_only = !svc.settings.local_issuers;
    if !crate::accounts::reachable(svc, &checked) {
        return Err(yoriai_domain::Rejection::field("issuer", ErrorCode::IssuerUnreachable).into());
    }

    let row = SignInProviderRow {
        id: id.clone(),
        label,
        issuer,
        client_id,
        client_secret_sealed: sealed,
        scopes,
        updated_by: actor.user_id(),
        updated_at: yoriai_store::now(),
        removed_at: None,
    };
    let mut conn = svc.conn()?;
    yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<()> {
        // Again, as things are now: accounts may have been linked meanwhile.
        let now_before = store::find(c, &id)?;
        check_linked(svc, c, &id, now_before.as_ref(), &resolved.issuer)?;
        if now_before.as_ref().map(issuer_of) != Some(resolved.issuer.clone()) {
            // Sign-ins begun at the old issuer must not finish under the new one.
            yoriai_store::external::forget_pending(c, &id)?;
        }
        store::save(c, &row)?;
        audit::log(
            c,
            actor,
            "save_sign_in_provider",
            ("sign_in_provider", None::<i64>),
            Visibility::Staff,
            None,
            // Never the secret; only whether it changed.
            json!({ "provider": id, "issuer": resolved.issuer, "new": before.is_none(), "secret_changed": !secret.is_empty() }),
        )
    })?;
    refresh(svc, &mut conn)
}

/// Removes one of the city's providers and forgets its secret. Accounts linked through
/// it stay linked (their owners can still sign in with a password, or unlink it), and
/// come back into use if the provider is added again with the same id and issuer.
pub fn remove_provider(svc: &Services, actor: &Actor, input: RemoveSignInProviderInput) -> ServiceResult<()> {
    authorize(actor, &Action::ManageCitySettings)?;
    let mut conn = svc.conn()?;
    yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<()> {
        if !store::remove(c, input.id.trim(), yoriai_store::now())? {
            return Err(ErrorCode::NotFound.into());
        }
        audit::log(
            c,
            actor,
            "remove_sign_in_provider",
            ("sign_in_provider", None::<i64>),
            Visibility::Staff,
            None,
            json!({ "provider": input.id.trim() }),
        )
    })?;
    refresh(svc, &mut conn)
}

/// Puts what was just saved into this process's copy at once (other nodes see it
/// within [`crate::city::FRESH_FOR`]).
pub(crate) fn refresh(svc: &Services, conn: &mut DbConn) -> ServiceResult<()> {
    let mut city = crate::city::load(conn)?;
    (city.providers, city.withheld) = open_providers(svc, conn)?;
    svc.city.put(Arc::new(city));
    Ok(())
}
