//! How authors appear next to what they write: their display name, or — when they
//! chose it — a pseudonym of the process, different in every process so their activity
//! cannot be linked publicly across processes. "Verified resident" is added only for
//! those who turned that purpose on (checked in `privacy`, the one place that reads
//! verifications). The pseudonym is derived with a server key each time: nothing
//! links it to the account in the database or in exports.

use crate::{ServiceResult, Services};
use std::collections::HashSet;
use yoriai_domain::privacy::{pseudonym_code, Appearance};
use yoriai_domain::{ProcessId, UserId};
use yoriai_store::{users, DbConn};
use yoriai_views::Byline;

pub struct Bylines<'a> {
    svc: &'a Services,
    pseudonymous: HashSet<UserId>,
    verified: HashSet<UserId>,
}

impl<'a> Bylines<'a> {
    /// Loads the choices of `authors` (two or three queries, whatever their number).
    pub fn load(svc: &'a Services, conn: &mut DbConn, authors: &[UserId]) -> ServiceResult<Bylines<'a>> {
        let mut ids: Vec<UserId> = authors.to_vec();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(Bylines { svc, pseudonymous: HashSet::new(), verified: HashSet::new() });
        }
        let pseudonymous = users::appearances(conn, &ids)?
            .into_iter()
            .filter(|(_, a)| Appearance::parse(a) == Some(Appearance::Pseudonym))
            .map(|(id, _)| id)
            .collect();
        let verified = crate::privacy::showing_verified(conn, &ids)?.into_iter().collect();
        Ok(Bylines { svc, pseudonymous, verified })
    }

    /// The byline of `author` (named `name`) in `process_id`.
    pub fn of(&self, process_id: ProcessId, author: Option<UserId>, name: Option<String>) -> Byline {
        let Some(id) = author else { return Byline::default() };
        let verified = self.verified.contains(&id);
        if self.pseudonymous.contains(&id) {
            return Byline { name: None, pseudonym: Some(pseudonym(self.svc, id, process_id)), verified };
        }
        Byline { name, pseudonym: None, verified }
    }
}

/// The pseudonym code of `user_id` in `process_id`.
pub fn pseudonym(svc: &Services, user_id: UserId, process_id: ProcessId) -> String {
    pseudonym_code(&svc.keys.keyed_hash("pseudonym", &format!("{user_id}|{process_id}")))
}
