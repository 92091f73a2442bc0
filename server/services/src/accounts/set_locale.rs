use crate::{ServiceResult, Services};
use yoriai_domain::{authorize, Action, Actor, Locale};
use yoriai_store::users;

/// Remembers the account's language (also used for the emails it receives).
pub fn set_locale(svc: &Services, actor: &Actor, locale: Locale) -> ServiceResult<()> {
    authorize(actor, &Action::ChangeOwnLocale)?;
    let user_id = actor.user_id().expect("authorized actors are signed in");
    let mut conn = svc.conn()?;
    users::set_locale(&mut conn, user_id, locale.as_str(), yoriai_store::now())?;
    Ok(())
}
