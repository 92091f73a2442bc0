use crate::crypto::{random_token, token_hash};
use crate::{ServiceResult, Services};
use yoriai_domain::{authorize, Action, Actor, Email, ErrorCode, Rejection, UserId};
use yoriai_store::action_log::{self, NewActionLog};
use yoriai_store::api_tokens::{self, NewApiToken};
use yoriai_store::users;

/// Prefix of personal access tokens, so secret scanners can recognise leaked ones.
pub const API_TOKEN_PREFIX: &str = "yoriai_pat_";

/// Issues a personal access token for the account of `owner_email`; returns it once.
pub fn issue_api_token(
    svc: &Services,
    actor: &Actor,
    owner_email: &str,
    name: &str,
) -> ServiceResult<(UserId, String)> {
    let email = Email::parse(owner_email).map_err(|c| Rejection::field("email", c))?;
    let name = name.trim();
    if name.chars().count() > 100 {
        return Err(Rejection::field("name", ErrorCode::TooLong).into());
    }
    let mut conn = svc.conn()?;
    let user =
        users::find_by_email(&mut conn, email.as_str())?.ok_or(Rejection::field("email", ErrorCode::NotFound))?;
    authorize(actor, &Action::IssueApiToken { owner: user.id })?;
    let token = format!("{API_TOKEN_PREFIX}{}", random_token());
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<()> {
        let id = api_tokens::insert(
            c,
            &NewApiToken {
                user_id: user.id,
                name: if name.is_empty() { "token" } else { name },
                token_hash: &token_hash(&token),
                created_at: now,
                expires_at: None,
            },
        )?;
        action_log::insert(
            c,
            &NewActionLog {
                actor_user_id: actor.user_id(),
                action: "issue_api_token",
                target_type: "api_token",
                target_id: Some(id),
                visibility: "staff",
                reason: None,
                details: "{}",
                created_at: now,
            },
        )?;
        Ok(())
    })?;
    Ok((user.id, token))
}
