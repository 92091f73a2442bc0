//! Signing in with an external account through OpenID Connect (LINE, Google, a city's
//! own provider): the authorization code flow with PKCE, `state` bound to the browser
//! by a cookie, `nonce` checked in the id_token, and the id_token's signature and
//! claims verified by the `openidconnect` crate against the provider's published keys.
//!
//! An external account is known only by (provider, subject). It is linked to a Yoriai
//! account explicitly: signing in with an unknown external account creates a new
//! account after the resident chose the name and email to use, and an email address
//! that already has an account is never merged silently.

use super::sign_in::{open_session, SignedIn};
use super::two_factor::{after_first_step, SignInStep};
use super::{locale_of, queue_confirmation};
use crate::crypto::{random_token, token_hash};
use crate::mail::{self, MailKind};
use crate::{RequestMeta, ServiceError, ServiceResult, Services};
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreClientAuthMethod, CoreIdTokenClaims, CoreJwsSigningAlgorithm,
    CoreProviderMetadata,
};
use openidconnect::{
    AuthType, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet, EndpointSet,
    IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use yoriai_domain::{authorize, Action, Actor, DisplayName, Email, ErrorCode, FieldErrors, Locale, Role, UserId};
use yoriai_i18n::Arg;
use yoriai_store::external::{self, SignInRow};
use yoriai_store::users::{self, NewUser, UserRow};
use yoriai_store::DbConn;

mod complete;
mod methods;
mod provider;
pub use complete::*;
pub use methods::*;
pub use provider::*;

/// How long the trip to the provider and back may take.
const START_TTL_MINUTES: i64 = 15;
/// How long a verified new external account waits for the resident to finish sign-up.
const FINISH_TTL_MINUTES: i64 = 30;
/// Provider metadata and keys are fetched again after this long (key rotation).
const METADATA_TTL: Duration = Duration::from_secs(3600);
/// Calls to providers give up after this long.
const HTTP_TIMEOUT: Duration = Duration::from_secs(10);

/// Discovery documents (with their keys) by issuer, with when they were fetched.
#[derive(Clone, Default)]
pub struct MetadataCache(Arc<Mutex<HashMap<String, (Instant, CoreProviderMetadata)>>>);

type Client =
    CoreClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointMaybeSet, EndpointMaybeSet>;

fn http_client(p: &ExternalProvider) -> openidconnect::ureq::Agent {
    // No redirects: a provider endpoint that redirects could be used to reach other hosts.
    let agent = openidconnect::ureq::AgentBuilder::new().redirects(0).timeout(HTTP_TIMEOUT);
    if !p.public_only {
        return agent.build();
    }
    // A city's own provider (and the keys and token endpoints its document names) must
    // be on the public internet: no reaching the installation's own network from it.
    agent
        .resolver(|netloc: &str| {
            use std::net::ToSocketAddrs;
            let addrs: Vec<_> = netloc.to_socket_addrs()?.filter(|a| is_public(a.ip())).collect();
            if addrs.is_empty() {
                return Err(std::io::Error::new(std::io::ErrorKind::PermissionDenied, "not a public address"));
            }
            Ok(addrs)
        })
        .build()
}

fn provider(svc: &Services, id: &str) -> ServiceResult<ExternalProvider> {
    svc.sign_in_providers().into_iter().find(|p| p.id == id).ok_or_else(|| ErrorCode::ExternalProviderUnknown.into())
}

/// The provider's discovery document and keys: cached, or fetched when older than
/// `max_age`.
fn metadata(svc: &Services, p: &ExternalProvider, max_age: Duration) -> ServiceResult<(Instant, CoreProviderMetadata)> {
    // By issuer: two cities' providers may share an id and not an issuer.
    if let Some((at, meta)) = svc.external_metadata.0.lock().ok().and_then(|m| m.get(&p.issuer).cloned()) {
        if at.elapsed() < max_age {
            return Ok((at, meta));
        }
    }
    let issuer = IssuerUrl::new(p.issuer.clone()).map_err(|_| {
        tracing::error!(provider = %p.id, "the configured issuer is not a URL");
        ServiceError::from(ErrorCode::ExternalProviderUnavailable)
    })?;
    // Discovery checks that the document names the configured issuer.
    let meta = CoreProviderMetadata::discover(&issuer, &http_client(p)).map_err(|e| {
        tracing::warn!(provider = %p.id, error = %e, "OpenID Connect discovery failed");
        ServiceError::from(ErrorCode::ExternalProviderUnavailable)
    })?;
    let at = Instant::now();
    if let Ok(mut cache) = svc.external_metadata.0.lock() {
        cache.insert(p.issuer.clone(), (at, meta.clone()));
    }
    Ok((at, meta))
}

/// Whether the provider's discovery document can be fetched now (and names its issuer).
pub(crate) fn reachable(svc: &Services, p: &ExternalProvider) -> bool {
    metadata(svc, p, Duration::ZERO).is_ok()
}

fn redirect_uri(svc: &Services, p: &ExternalProvider) -> String {
    svc.link(&format!("/auth/oidc/{}/callback", p.id))
}

fn client(svc: &Services, p: &ExternalProvider, meta: CoreProviderMetadata) -> ServiceResult<Client> {
    // Client authentication at the token endpoint: HTTP Basic unless the provider only
    // takes the secret in the body (LINE).
    let body_only = meta.token_endpoint_auth_methods_supported().is_some_and(|m| {
        !m.contains(&CoreClientAuthMethod::ClientSecretBasic) && m.contains(&CoreClientAuthMethod::ClientSecretPost)
    });
    let redirect = RedirectUrl::new(redirect_uri(svc, p)).map_err(|e| ServiceError::internal(e.to_string()))?;
    let client = CoreClient::from_provider_metadata(
        meta,
        ClientId::new(p.client_id.clone()),
        p.client_secret.clone().map(ClientSecret::new),
    )
    .set_redirect_uri(redirect);
    Ok(if body_only { client.set_auth_type(AuthType::RequestBody) } else { client })
}

/// Where to send the browser, and the token for its cookie.
#[derive(Debug, Clone)]
pub struct ExternalStart {
    pub redirect_to: String,
    pub cookie_token: String,
}

/// Starts signing in (or, with `link`, linking to the signed-in account) with an external
/// account: remembers state, nonce and PKCE verifier, and returns the provider's
/// authorization URL.
pub fn start_external(
    svc: &Services,
    actor: &Actor,
    provider_id: &str,
    link: bool,
    next: Option<String>,
) -> ServiceResult<ExternalStart> {
    let link_user = if link {
        authorize(actor, &Action::ManageOwnSignInMethods)?;
        actor.user_id()
    } else {
        authorize(actor, &Action::SignIn)?;
        None
    };
    let p = provider(svc, provider_id)?;
    let (_, meta) = metadata(svc, &p, METADATA_TTL)?;
    let client = client(svc, &p, meta)?;

    let state = random_token();
    let nonce = random_token();
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client.authorize_url(
        CoreAuthenticationFlow::AuthorizationCode,
        {
            let state = state.clone();
            move || CsrfToken::new(state)
        },
        {
            let nonce = nonce.clone();
            move || Nonce::new(nonce)
        },
    );
    for scope in &p.scopes {
        request = request.add_scope(Scope::new(scope.clone()));
    }
    let (url, _, _) = request.set_pkce_challenge(challenge).url();

    let now = yoriai_store::now();
    let mut conn = svc.conn()?;
    external::start(
        &mut conn,
        &SignInRow {
            token_hash: token_hash(&state),
            provider: p.id.clone(),
            nonce: Some(nonce),
            pkce_verifier: Some(verifier.secret().clone()),
            link_user_id: link_user,
            next_path: next.as_deref().and_then(yoriai_domain::redirect::local_path).map(str::to_owned),
            subject: None,
            email: None,
            email_verified: false,
            suggested_name: None,
            created_at: now,
            expires_at: now + chrono::Duration::minutes(START_TTL_MINUTES),
        },
    )?;
    Ok(ExternalStart { redirect_to: url.to_string(), cookie_token: state })
}

/// What the provider sent back to the callback.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CallbackQuery {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
}

/// How a callback ended.
#[derive(Debug, Clone)]
pub enum ExternalOutcome {
    /// Signed in to the linked account; go to `next` (or home).
    SignedIn { signed_in: SignedIn, next: Option<String> },
    /// The linked account uses two-step sign-in: ask for the code (token for the cookie).
    SecondFactor { token: String },
    /// Linked to the signed-in account.
    Linked,
    /// A new external account: the resident chooses name and email next (the token goes
    /// into the cookie in place of the old one).
    NeedsAccount { cookie_token: String },
}

/// What the provider vouched for.
struct Verified {
    subject: String,
    email: Option<String>,
    email_verified: bool,
    name: Option<String>,
}

fn claims_of(claims: &CoreIdTokenClaims) -> Verified {
    let name = claims
        .nickname()
        .and_then(|n| n.get(None))
        .map(|n| n.to_string())
        .or_else(|| claims.name().and_then(|n| n.get(None)).map(|n| n.to_string()));
    Verified {
        subject: claims.subject().to_string(),
        email: claims.email().map(|e| e.to_string()),
        email_verified: claims.email_verified().unwrap_or(false),
        name,
    }
}

fn allowed_algs(p: &ExternalProvider, meta: &CoreProviderMetadata) -> Vec<CoreJwsSigningAlgorithm> {
    let mut algs = meta.id_token_signing_alg_values_supported().clone();
    for extra in &p.extra_algs {
        if let Ok(alg) = serde_json::from_value::<CoreJwsSigningAlgorithm>(serde_json::Value::String(extra.clone())) {
            if !algs.contains(&alg) {
                algs.push(alg);
            }
        }
    }
    // `none` is never acceptable, whatever a document says.
    algs.retain(|a| *a != CoreJwsSigningAlgorithm::None);
    algs
}

/// Exchanges the code (with the PKCE verifier) and verifies the id_token.
fn redeem(svc: &Services, p: &ExternalProvider, code: String, row: &SignInRow) -> ServiceResult<Verified> {
    let failed = || ServiceError::from(ErrorCode::ExternalSignInFailed);
    let (fetched, meta) = metadata(svc, p, METADATA_TTL)?;
    let verifier = PkceCodeVerifier::new(row.pkce_verifier.clone().ok_or_else(failed)?);
    let nonce = Nonce::new(row.nonce.clone().ok_or_else(failed)?);
    let oidc = client(svc, p, meta.clone())?;
    let token = oidc
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|e| {
            tracing::error!(provider = %p.id, error = %e, "the provider has no token endpoint");
            ServiceError::from(ErrorCode::ExternalProviderUnavailable)
        })?
        .set_pkce_verifier(verifier)
        .request(&http_client(p))
        .map_err(|e| {
            tracing::warn!(provider = %p.id, error = %e, "the authorization code was not accepted");
            failed()
        })?;
    let id_token = token.id_token().ok_or_else(|| {
        tracing::warn!(provider = %p.id, "the token response had no id_token");
        failed()
    })?;
    let verify = |meta: &CoreProviderMetadata, oidc: &Client| {
        let verifier = oidc.id_token_verifier().set_allowed_algs(allowed_algs(p, meta));
        id_token.claims(&verifier, &nonce).map(claims_of)
    };
    match verify(&meta, &oidc) {
        Ok(v) => Ok(v),
        Err(first) => {
            // The provider may have rotated its keys since we fetched them: fetch once more.
            if fetched.elapsed() > Duration::from_secs(60) {
                let (_, fresh) = metadata(svc, p, Duration::ZERO)?;
                let fresh_client = client(svc, p, fresh.clone())?;
                if let Ok(v) = verify(&fresh, &fresh_client) {
                    return Ok(v);
                }
            }
            tracing::warn!(provider = %p.id, error = %first, "the id_token did not verify");
            Err(failed())
        }
    }
}

/// Handles the provider's answer: checks the state against the browser's cookie, uses
/// up the sign-in in progress, redeems the code and verifies the id_token; then signs
/// in, links, or asks for the new account's details.
pub fn finish_external(
    svc: &Services,
    actor: &Actor,
    provider_id: &str,
    cookie_token: Option<&str>,
    query: CallbackQuery,
) -> ServiceResult<ExternalOutcome> {
    authorize(actor, &Action::SignIn)?;
    let p = provider(svc, provider_id)?;
    let expired = || ServiceError::from(ErrorCode::ExternalSignInExpired);
    let state = query.state.as_deref().filter(|s| !s.is_empty() && s.len() <= 128).ok_or_else(expired)?;
    // The state must be the one this browser started with (a link made in another
    // browser cannot sign this one in).
    let cookie = cookie_token.ok_or_else(expired)?;
    if !bool::from(subtle::ConstantTimeEq::ct_eq(state.as_bytes(), cookie.as_bytes())) {
        return Err(expired());
    }
    let now = yoriai_store::now();
    let mut conn = svc.conn()?;
    let row = external::take(&mut conn, &token_hash(state), now)?.ok_or_else(expired)?;
    if row.provider != p.id || row.subject.is_some() {
        return Err(expired());
    }
    if query.error.is_some() {
        return Err(ErrorCode::ExternalSignInCancelled.into());
    }
    let code = query.code.filter(|c| !c.is_empty() && c.len() <= 2048).ok_or_else(expired)?;
    drop(conn);
    let verified = redeem(svc, &p, code, &row)?;

    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    if let Some(link_user) = row.link_user_id {
        // Linking: the same account must still be signed in.
        if actor.user_id() != Some(link_user) {
            return Err(expired());
        }
        return yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<ExternalOutcome> {
            match external::find_user(c, &p.id, &verified.subject)? {
                Some((_, user)) if user.id == link_user => Ok(ExternalOutcome::Linked),
                Some(_) => Err(ErrorCode::ExternalAccountInUse.into()),
                None => {
                    if !external::link(c, link_user, &p.id, &verified.subject, now)? {
                        return Err(ErrorCode::ExternalAccountInUse.into());
                    }
                    tracing::info!(user_id = link_user.0, provider = %p.id, "external account linked");
                    Ok(ExternalOutcome::Linked)
                }
            }
        });
    }

    if let Some((identity, user)) = external::find_user(&mut conn, &p.id, &verified.subject)? {
        check_can_sign_in(&user)?;
        let step = yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<SignInStep> {
            external::touch(c, identity.id, now)?;
            after_first_step(svc, c, &user, row.next_path.as_deref(), now)
        })?;
        tracing::info!(user_id = user.id.0, provider = %p.id, "signed in with an external account");
        return Ok(match step {
            SignInStep::SignedIn(signed_in) => ExternalOutcome::SignedIn { signed_in, next: row.next_path },
            SignInStep::SecondFactor { token } => ExternalOutcome::SecondFactor { token },
        });
    }

    // A new external account. An address the provider vouches for that already has an
    // account is not merged: the resident signs in there and links explicitly.
    let email = verified.email.as_deref().and_then(|e| Email::parse(e).ok());
    if let (Some(email), true) = (&email, verified.email_verified) {
        if users::email_taken(&mut conn, email.as_str())? {
            return Err(ErrorCode::ExternalEmailHasAccount.into());
        }
    }
    let cookie_token = random_token();
    external::start(
        &mut conn,
        &SignInRow {
            token_hash: token_hash(&cookie_token),
            provider: p.id.clone(),
            nonce: None,
            pkce_verifier: None,
            link_user_id: None,
            next_path: row.next_path,
            subject: Some(verified.subject),
            email: email.map(|e| e.as_str().to_owned()),
            email_verified: verified.email_verified,
            suggested_name: verified.name.and_then(|n| DisplayName::parse(&n).ok()).map(|n| n.as_str().to_owned()),
            created_at: now,
            expires_at: now + chrono::Duration::minutes(FINISH_TTL_MINUTES),
        },
    )?;
    Ok(ExternalOutcome::NeedsAccount { cookie_token })
}

fn check_can_sign_in(user: &UserRow) -> ServiceResult<()> {
    if user.blocked_at.is_some() {
        return Err(ErrorCode::AccountBlocked.into());
    }
    if user.email_confirmed_at.is_none() {
        return Err(ErrorCode::EmailNotConfirmed.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests;
