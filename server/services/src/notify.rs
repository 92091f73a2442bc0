//! Notifications: written in the transaction of the change they report (so they are
//! never lost and never sent for a change that rolled back), then emailed by the
//! worker at once or in a daily digest, as each resident chose. Every email says why
//! it was sent and links to the settings that stop it.

use crate::mail::{self, MailKind};
use crate::{ServiceError, ServiceResult};
use chrono::NaiveDateTime;
use yoriai_domain::privacy::Purpose;
use yoriai_domain::{CommentId, Locale, NotificationId, ProposalId, ReportId, UserId};
use yoriai_i18n::{t, t_args, Arg};
use yoriai_store::notifications::{self, NewNotification, NotificationView};
use yoriai_store::proposals::ProposalRow;
use yoriai_store::{follows, users, DbConn, Pool};

pub use yoriai_domain::notification::NotificationKind as Kind;
pub use yoriai_domain::notification::NotificationReason as Reason;

/// Notifies a proposal's author and followers (minus `exclude`, usually whoever acted).
pub(crate) fn proposal_audience(
    conn: &mut DbConn,
    proposal: &ProposalRow,
    kind: Kind,
    comment_id: Option<CommentId>,
    exclude: &[UserId],
    now: NaiveDateTime,
) -> ServiceResult<usize> {
    let mut sent = 0;
    let mut done: Vec<UserId> = exclude.to_vec();
    if let Some(author) = proposal.author_id.filter(|a| !done.contains(a)) {
        one(conn, author, kind, Reason::Author, Some(proposal.id), comment_id, now)?;
        done.push(author);
        sent += 1;
    }
    for follower in follows::followers(conn, proposal.id)? {
        if !done.contains(&follower) {
            one(conn, follower, kind, Reason::Follower, Some(proposal.id), comment_id, now)?;
            done.push(follower);
            sent += 1;
        }
    }
    Ok(sent)
}

pub(crate) fn one(
    conn: &mut DbConn,
    user_id: UserId,
    kind: Kind,
    reason: Reason,
    proposal_id: Option<ProposalId>,
    comment_id: Option<CommentId>,
    now: NaiveDateTime,
) -> ServiceResult<()> {
    notifications::insert(
        conn,
        &NewNotification { user_id, kind, reason, proposal_id, comment_id, report_id: None },
        now,
    )?;
    Ok(())
}

/// A notification about a street report.
pub(crate) fn one_report(
    conn: &mut DbConn,
    user_id: UserId,
    kind: Kind,
    reason: Reason,
    report_id: ReportId,
    now: NaiveDateTime,
) -> ServiceResult<()> {
    notifications::insert(
        conn,
        &NewNotification { user_id, kind, reason, proposal_id: None, comment_id: None, report_id: Some(report_id) },
        now,
    )?;
    Ok(())
}

/// The one-line text of a notification, as in-app lists and digests show it.
pub fn line(locale: Locale, kind: Kind, title: &str) -> String {
    t_args(locale, &kind.message_key(), &[("title", Arg::from(title))])
}

/// Why the email came: the notification's reason, or `None` for the daily digest.
fn why(locale: Locale, reason: Option<Reason>, settings_link: &str) -> String {
    let key = reason.map_or_else(|| "email-why-notification-digest".to_owned(), Reason::why_key);
    format!(
        "{}\n{}",
        t(locale, &key),
        t_args(locale, "email-notification-settings", &[("link", Arg::from(settings_link))])
    )
}

fn target_link(public_url: &str, n: &NotificationView) -> String {
    if let Some(id) = n.notification.report_id {
        return format!("{public_url}/reports/{id}");
    }
    match n.notification.proposal_id {
        Some(id) => match n.notification.comment_id {
            Some(c) => format!("{public_url}/proposals/{id}#comment-{c}"),
            None => format!("{public_url}/proposals/{id}"),
        },
        None => format!("{public_url}/notifications"),
    }
}

/// Emails pending notifications: skips residents who want none, sends the immediate
/// ones. Returns how many emails were queued. Safe on several nodes: a notification
/// is marked emailed by a conditional update in the same transaction as its mail.
pub fn email_pending(pool: &Pool, public_url: &str, batch: i64) -> ServiceResult<usize> {
    let mut conn = pool.get().map_err(|e| ServiceError::Unavailable(Box::new(e)))?;
    let site = crate::mail::Site::new(public_url, Some(&crate::city::load(&mut conn)?));
    notifications::skip_unwanted(&mut conn)?;
    let pending = notifications::pending_immediate(&mut conn, batch)?;
    let mut queued = 0;
    for n in pending {
        let Some(user) = users::find(&mut conn, n.notification.user_id)? else { continue };
        let locale = user.locale.as_deref().and_then(Locale::parse).unwrap_or_default();
        let title = n.subject_title.clone().unwrap_or_default();
        let subject = format!("[{}] {}", site.name(locale), line(locale, n.notification.kind, &title));
        let body = [
            t_args(locale, "email-greeting", &[("name", Arg::from(user.display_name.as_str()))]),
            line(locale, n.notification.kind, &title),
            t_args(locale, "email-notification-open", &[("link", Arg::from(target_link(public_url, &n)))]),
            why(locale, Some(n.notification.reason), &format!("{public_url}/notifications")),
            t(locale, "email-signature"),
        ]
        .join("\n\n")
            + "\n";
        let rendered = mail::Rendered { subject, body };
        let sent = yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<bool> {
            if !notifications::mark_emailed(c, n.notification.id)? {
                return Ok(false);
            }
            // Without "email me updates" the notification stays in the site only.
            if !crate::privacy::is_granted(c, user.id, Purpose::EmailUpdates)? {
                return Ok(false);
            }
            mail::enqueue_with_consent(
                c,
                MailKind::Notification,
                &user.email,
                &rendered,
                user.id,
                Purpose::EmailUpdates,
            )?;
            Ok(true)
        })?;
        queued += usize::from(sent);
    }
    Ok(queued)
}

/// Sends one digest to each resident on the daily digest whose last one is a day old.
pub fn send_digests(pool: &Pool, public_url: &str, now: NaiveDateTime) -> ServiceResult<usize> {
    let mut conn = pool.get().map_err(|e| ServiceError::Unavailable(Box::new(e)))?;
    let site = crate::mail::Site::new(public_url, Some(&crate::city::load(&mut conn)?));
    let due = notifications::digest_due(&mut conn, now - chrono::Duration::hours(24), 200)?;
    let mut sent = 0;
    for user_id in due {
        let Some(user) = users::find(&mut conn, user_id)? else { continue };
        let items = notifications::pending_of(&mut conn, user_id)?;
        if items.is_empty() {
            continue;
        }
        let locale = user.locale.as_deref().and_then(Locale::parse).unwrap_or_default();
        let lines: Vec<String> = items
            .iter()
            .map(|n| {
                format!(
                    "- {}\n  {}",
                    line(locale, n.notification.kind, n.subject_title.as_deref().unwrap_or("")),
                    target_link(public_url, n)
                )
            })
            .collect();
        let subject = format!(
            "[{}] {}",
            site.name(locale),
            t_args(locale, "email-digest-subject", &[("count", Arg::Num(items.len() as i64))])
        );
        let body = [
            t_args(locale, "email-greeting", &[("name", Arg::from(user.display_name.as_str()))]),
            t(locale, "email-digest-intro"),
            lines.join("\n"),
            why(locale, None, &format!("{public_url}/notifications")),
            t(locale, "email-signature"),
        ]
        .join("\n\n")
            + "\n";
        let ids: Vec<NotificationId> = items.iter().map(|n| n.notification.id).collect();
        let emailed = yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<bool> {
            notifications::mark_digested(c, user_id, &ids, now)?;
            if !crate::privacy::is_granted(c, user_id, Purpose::EmailUpdates)? {
                return Ok(false);
            }
            mail::enqueue_with_consent(
                c,
                MailKind::Digest,
                &user.email,
                &mail::Rendered { subject: subject.clone(), body: body.clone() },
                user_id,
                Purpose::EmailUpdates,
            )?;
            Ok(true)
        })?;
        sent += usize::from(emailed);
    }
    Ok(sent)
}

/// The resident's notifications page.
pub fn notifications_page(
    svc: &crate::Services,
    actor: &yoriai_domain::Actor,
) -> ServiceResult<yoriai_views::NotificationsPage> {
    use yoriai_domain::{authorize, Action};
    authorize(actor, &Action::ManageOwnNotifications)?;
    let uid = actor.user_id().unwrap_or_default();
    let mut conn = svc.conn()?;
    let user = users::find(&mut conn, uid)?.ok_or_else(|| ServiceError::internal("session without account"))?;
    let items = notifications::recent_for(&mut conn, uid, 100)?
        .into_iter()
        .map(|n| yoriai_views::NotificationItem {
            id: n.notification.id,
            kind: n.notification.kind,
            reason: n.notification.reason,
            proposal_id: n.notification.proposal_id,
            subject_title: n.subject_title,
            comment_id: n.notification.comment_id,
            report_id: n.notification.report_id,
            created_at: crate::city_time(n.notification.created_at),
            read: n.notification.read_at.is_some(),
        })
        .collect();
    let email_consent = crate::privacy::is_granted(&mut conn, uid, Purpose::EmailUpdates)?;
    Ok(yoriai_views::NotificationsPage { items, email_setting: user.notification_email, email_consent })
}

pub fn mark_all_read(svc: &crate::Services, actor: &yoriai_domain::Actor) -> ServiceResult<usize> {
    use yoriai_domain::{authorize, Action};
    authorize(actor, &Action::ManageOwnNotifications)?;
    let uid = actor.user_id().unwrap_or_default();
    let mut conn = svc.conn()?;
    Ok(notifications::mark_all_read(&mut conn, uid, yoriai_store::now())?)
}

/// `immediate`, `daily` or `none`.
pub fn set_email_setting(svc: &crate::Services, actor: &yoriai_domain::Actor, setting: &str) -> ServiceResult<()> {
    use yoriai_domain::{authorize, Action, ErrorCode, Rejection};
    authorize(actor, &Action::ManageOwnNotifications)?;
    if !matches!(setting, "immediate" | "daily" | "none") {
        return Err(Rejection::field("email", ErrorCode::InvalidInput).into());
    }
    let uid = actor.user_id().unwrap_or_default();
    let mut conn = svc.conn()?;
    users::set_notification_email(&mut conn, uid, setting, yoriai_store::now())?;
    Ok(())
}

pub fn unread_count(svc: &crate::Services, user_id: UserId) -> ServiceResult<i64> {
    let mut conn = svc.conn()?;
    Ok(notifications::unread_count(&mut conn, user_id)?)
}
