//! What residents do with reports besides making them: "me too", follow, reopen a
//! fixed report, confirm a report made without an account, stop update emails, area
//! alerts. And the notifications reports send.

use super::{facts, load_for};
use crate::audit::{self, Visibility};
use crate::mail::{self, MailKind};
use crate::notify::{self, Kind};
use crate::{ServiceError, ServiceResult, Services};
use chrono::NaiveDateTime;
use serde_json::json;
use yoriai_domain::geo::{haversine_m, LatLon};
use yoriai_domain::report::{ReportState, UpdateKind};
use yoriai_domain::text::multi_line;
use yoriai_domain::{authorize, Action, Actor, AlertId, DistrictId, ErrorCode, Locale, Rejection, ReportId, UserId};
use yoriai_i18n::{t, Arg};
use yoriai_store::reports::{self, NewUpdate, ReportRow, StateChange};
use yoriai_store::{districts, DbConn};

mod alerts;
mod audience;
mod confirm;
mod purge;
mod reopen;
pub use alerts::*;
pub(crate) use audience::*;
pub use confirm::*;
pub use purge::*;
pub use reopen::*;

fn uid(actor: &Actor) -> UserId {
    actor.user_id().unwrap_or_default()
}

/// "This affects me too": one per resident and report; the count is stored.
pub fn me_too(svc: &Services, actor: &Actor, id: ReportId) -> ServiceResult<i32> {
    let mut conn = svc.conn()?;
    let row = load_for(&mut conn, actor, id)?;
    authorize(actor, &Action::MeToo { report: facts(&row) })?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        if !reports::add_me_too(c, id, uid(actor), now)? {
            return Err(ServiceError::from(ErrorCode::AlreadyMeToo));
        }
        reports::follow(c, uid(actor), id, now)?;
        Ok(reports::find(c, id)?.map(|r| r.me_too_count).unwrap_or_default())
    })
}

pub fn follow_report(svc: &Services, actor: &Actor, id: ReportId, follow: bool) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    let row = load_for(&mut conn, actor, id)?;
    authorize(actor, &Action::FollowReport { report: facts(&row) })?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        if follow {
            reports::follow(c, uid(actor), id, now)?;
        } else {
            reports::unfollow(c, uid(actor), id)?;
        }
        Ok::<_, ServiceError>(())
    })
}
