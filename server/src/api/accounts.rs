use super::{ctx, run};
use crate::errors::ApiError;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use yoriai_domain::{ErrorCode, Locale, Role, UserId};
use yoriai_frontend::ssr::SESSION_COOKIE;
use yoriai_services::accounts;

#[derive(Deserialize)]
pub struct SignUpBody {
    email: String,
    display_name: String,
    password: String,
}

/// `POST /api/v1/users`: 202 whether or not the address already has an account.
pub async fn sign_up(req: HttpRequest, body: web::Json<SignUpBody>) -> Result<HttpResponse, ApiError> {
    let ctx = ctx(&req)?;
    let (actor, meta) = (ctx.actor(), ctx.meta());
    let body = body.into_inner();
    run(&ctx, move |svc| {
        accounts::sign_up(
            svc,
            &actor,
            &meta,
            accounts::SignUpInput { email: body.email, display_name: body.display_name, password: body.password },
        )
    })
    .await?;
    Ok(HttpResponse::Accepted().json(serde_json::json!({ "status": "confirmation_sent" })))
}

#[derive(Deserialize)]
pub struct SignInBody {
    email: String,
    password: String,
    /// The authenticator app's code, for accounts with two-step sign-in.
    #[serde(default)]
    code: Option<String>,
}

#[derive(Serialize)]
pub struct Me {
    id: UserId,
    display_name: String,
    role: Role,
    locale: Option<Locale>,
}

/// `POST /api/v1/session`: signs in and sets the session cookie. Accounts with
/// two-step sign-in give the app's code as `code` in the same request.
pub async fn sign_in(req: HttpRequest, body: web::Json<SignInBody>) -> Result<HttpResponse, ApiError> {
    let ctx = ctx(&req)?;
    let (actor, meta) = (ctx.actor(), ctx.meta());
    let body = body.into_inner();
    let code = body.code.unwrap_or_default();
    let signed_in = run(&ctx, move |svc| {
        let input = accounts::SignInInput { email: body.email, password: body.password, next: None };
        match accounts::sign_in(svc, &actor, &meta, input)? {
            accounts::SignInStep::SignedIn(s) => Ok(s),
            accounts::SignInStep::SecondFactor { token } => {
                accounts::sign_in_with_code(svc, &actor, Some(&token), &code).map(|(s, _)| s)
            }
        }
    })
    .await?;
    let ttl_days = ctx.services.settings.session_ttl.num_days();
    Ok(HttpResponse::Ok().cookie(ctx.cookies.session(&signed_in.token, ttl_days)).json(Me {
        id: signed_in.user_id,
        display_name: signed_in.display_name,
        role: signed_in.role,
        locale: signed_in.locale,
    }))
}

/// `DELETE /api/v1/session`: ends the cookie session (a bearer token has none).
pub async fn sign_out(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let ctx = ctx(&req)?;
    let actor = ctx.actor();
    match ctx.user.as_ref().and_then(|u| u.session_id) {
        Some(session) => {
            run(&ctx, move |svc| accounts::sign_out(svc, &actor, session)).await?;
        }
        None if ctx.user.is_none() => {
            return Err(ApiError {
                locale: ctx.locale,
                request_id: ctx.request_id,
                error: ErrorCode::NotSignedIn.into(),
            })
        }
        None => {}
    }
    Ok(HttpResponse::NoContent().cookie(ctx.cookies.removal(SESSION_COOKIE)).finish())
}

#[derive(Serialize)]
pub struct MeFull {
    id: UserId,
    email: String,
    display_name: String,
    role: Role,
    locale: Locale,
    email_confirmed: bool,
}

/// `GET /api/v1/me`: the current account.
pub async fn me(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let ctx = ctx(&req)?;
    let Some(user) = ctx.user.clone() else {
        return Err(ApiError { locale: ctx.locale, request_id: ctx.request_id, error: ErrorCode::NotSignedIn.into() });
    };
    let actor = ctx.actor();
    let overview = run(&ctx, move |svc| accounts::account_overview(svc, &actor)).await?;
    Ok(HttpResponse::Ok().json(MeFull {
        id: user.actor.id,
        email: overview.email,
        display_name: overview.display_name,
        role: overview.role,
        locale: user.locale.unwrap_or(ctx.locale),
        email_confirmed: overview.email_confirmed,
    }))
}

#[derive(Deserialize)]
pub struct ResetBody {
    email: String,
}

/// `POST /api/v1/password-reset`: 202 whether or not the address has an account.
pub async fn request_password_reset(req: HttpRequest, body: web::Json<ResetBody>) -> Result<HttpResponse, ApiError> {
    let ctx = ctx(&req)?;
    let meta = ctx.meta();
    let email = body.into_inner().email;
    run(&ctx, move |svc| accounts::request_password_reset(svc, &meta, &email)).await?;
    Ok(HttpResponse::Accepted().json(serde_json::json!({ "status": "reset_link_sent_if_account_exists" })))
}
