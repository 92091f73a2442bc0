//! The sign-in methods on the account page, and unlinking one.

use super::*;

/// One configured provider on the account page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInMethod {
    pub provider: String,
    pub label: String,
    /// The city date it was linked, when it is.
    pub linked_on: Option<String>,
}

/// The configured providers and which are linked to `user_id`.
pub(crate) fn sign_in_methods(svc: &Services, conn: &mut DbConn, user_id: UserId) -> ServiceResult<Vec<SignInMethod>> {
    let linked = external::of_user(conn, user_id)?;
    let offered = svc.sign_in_providers();
    let mut methods: Vec<SignInMethod> = offered
        .iter()
        .map(|p| SignInMethod {
            provider: p.id.clone(),
            label: p.label.clone(),
            linked_on: linked.iter().find(|l| l.provider == p.id).map(|l| crate::city_date(l.created_at)),
        })
        .collect();
    // A link to a provider the city or operator has since removed still shows (and can go).
    for l in linked.iter().filter(|l| !offered.iter().any(|p| p.id == l.provider)) {
        methods.push(SignInMethod {
            provider: l.provider.clone(),
            label: l.provider.clone(),
            linked_on: Some(crate::city_date(l.created_at)),
        });
    }
    Ok(methods)
}

/// Unlinks an external account, unless it is the only way left to sign in.
pub fn unlink_external(svc: &Services, actor: &Actor, provider_id: &str) -> ServiceResult<()> {
    authorize(actor, &Action::ManageOwnSignInMethods)?;
    let user_id: UserId = actor.user_id().ok_or(ErrorCode::NotSignedIn)?;
    let mut conn = svc.conn()?;
    yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<()> {
        let user = users::find(c, user_id)?.ok_or_else(|| ServiceError::internal("session without account"))?;
        let linked = external::of_user(c, user.id)?;
        if !linked.iter().any(|l| l.provider == provider_id) {
            return Err(ErrorCode::NotFound.into());
        }
        if user.password_hash.is_none() && linked.len() == 1 {
            return Err(ErrorCode::LastSignInMethod.into());
        }
        external::unlink(c, user.id, provider_id)?;
        tracing::info!(user_id = user.id.0, provider = %provider_id, "external account unlinked");
        Ok(())
    })
}
