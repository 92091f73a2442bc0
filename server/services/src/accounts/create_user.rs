use crate::{ServiceResult, Services};
use yoriai_domain::{
    authorize, Action, Actor, DisplayName, Email, ErrorCode, FieldErrors, Password, Rejection, Role, UserId,
};
use yoriai_store::action_log::{self, NewActionLog};
use yoriai_store::users::{self, NewUser};

#[derive(Debug, Clone)]
pub struct CreateUserInput {
    pub email: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
}

/// Creates a confirmed account with a role (the operator's `yoriai admin create-user`),
/// recorded in the action log. The operator typed the address, so it counts as confirmed.
pub fn create_user(svc: &Services, actor: &Actor, input: CreateUserInput) -> ServiceResult<UserId> {
    authorize(actor, &Action::CreateUser { role: input.role })?;
    let mut errors = FieldErrors::new();
    let email = errors.check("email", Email::parse(&input.email));
    let name = errors.check("display_name", DisplayName::parse(&input.display_name));
    let password = errors.check(
        "password",
        Password::parse_new(&input.password, email.as_ref(), name.as_ref().map(|n| n.as_str())).and_then(|p| {
            super::check_strength(&p, &[email.as_ref().map(|e| e.local_part()).unwrap_or("")]).map(|_| p)
        }),
    );
    let (Some(email), Some(name), Some(password)) = (email, name, password) else {
        return Err(errors.into_rejection().into());
    };
    let hash = svc.hasher.hash(&password);
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        let id = users::insert(
            c,
            &NewUser {
                email: email.as_str(),
                display_name: name.as_str(),
                password_hash: Some(&hash),
                role: input.role,
                locale: None,
                email_confirmed_at: Some(now),
                created_at: now,
                updated_at: now,
            },
        )?
        .ok_or(Rejection::field("email", ErrorCode::EmailTaken))?;
        let details = serde_json::json!({ "role": input.role.as_str() }).to_string();
        action_log::insert(
            c,
            &NewActionLog {
                actor_user_id: actor.user_id(),
                action: "create_user",
                target_type: "user",
                target_id: Some(id.0),
                visibility: "staff",
                reason: None,
                details: &details,
                created_at: now,
            },
        )?;
        tracing::info!(user_id = id.0, role = input.role.as_str(), "account created by operator");
        Ok(id)
    })
}
