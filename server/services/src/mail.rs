//! Email: rendering translated messages, queueing them in the outbox inside the
//! command's transaction, and delivering them from the worker.

use crate::ServiceResult;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use yoriai_domain::{Locale, UserId};
use yoriai_i18n::{t, t_args, Arg};
use yoriai_store::outbox::{self, NewOutbox, OutboxRow};
use yoriai_store::DbConn;

/// Why a message is sent; each kind states its reason in the footer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailKind {
    ConfirmEmail,
    ExistingAccount,
    ResetPassword,
    ChangeEmail,
    ChangeEmailNotice,
    PasswordChanged,
    /// Two-step sign-in was locked after wrong codes: someone has the password.
    SecondStepLocked,
    /// A notification about a proposal, comment or moderation decision.
    Notification,
    /// The daily summary of notifications.
    Digest,
    /// A street report made without an account: the link that sends it.
    ConfirmReport,
    /// A public update on a report made without an account.
    ReportUpdate,
}

impl MailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::ConfirmEmail => "confirm_email",
            MailKind::ExistingAccount => "existing_account",
            MailKind::ResetPassword => "reset_password",
            MailKind::ChangeEmail => "change_email",
            MailKind::ChangeEmailNotice => "change_email_notice",
            MailKind::PasswordChanged => "password_changed",
            MailKind::SecondStepLocked => "second_step_locked",
            MailKind::Notification => "notification",
            MailKind::Digest => "digest",
            MailKind::ConfirmReport => "confirm_report",
            MailKind::ReportUpdate => "report_update",
        }
    }

    fn keys(self) -> (&'static str, &'static str, &'static str) {
        match self {
            MailKind::ConfirmEmail => ("email-confirm-subject", "email-confirm-body", "email-why-account"),
            MailKind::ExistingAccount => ("email-existing-subject", "email-existing-body", "email-why-account"),
            MailKind::ResetPassword => ("email-reset-subject", "email-reset-body", "email-why-security"),
            MailKind::ChangeEmail => ("email-change-subject", "email-change-body", "email-why-account"),
            MailKind::ChangeEmailNotice => {
                ("email-change-notice-subject", "email-change-notice-body", "email-why-security")
            }
            MailKind::PasswordChanged => {
                ("email-password-changed-subject", "email-password-changed-body", "email-why-security")
            }
            MailKind::SecondStepLocked => {
                ("email-second-step-locked-subject", "email-second-step-locked-body", "email-why-security")
            }
            // Rendered by `notify`, line by line; these keys only name what they say.
            MailKind::Notification | MailKind::Digest => {
                ("email-digest-subject", "email-digest-intro", "email-why-notification-digest")
            }
            MailKind::ConfirmReport => {
                ("email-confirm-report-subject", "email-confirm-report-body", "email-why-report")
            }
            MailKind::ReportUpdate => {
                ("email-report-update-subject", "email-report-update-body", "email-why-report-updates")
            }
        }
    }
}

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub body: String,
}

/// Who a message comes from: the site's address, and its name in each language (the
/// city's own, else the product's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub url: String,
    pub name_ja: String,
    pub name_en: String,
}

impl Site {
    pub fn new(url: &str, city: Option<&crate::city::City>) -> Site {
        let name = |l: Locale| city.and_then(|c| c.name(l)).map(str::to_owned).unwrap_or_else(|| t(l, "site-name"));
        Site { url: url.to_owned(), name_ja: name(Locale::Ja), name_en: name(Locale::En) }
    }

    pub fn name(&self, locale: Locale) -> &str {
        match locale {
            Locale::Ja => &self.name_ja,
            Locale::En => &self.name_en,
        }
    }
}

/// Renders a message in the recipient's language: greeting, body, why it was sent, signature.
pub fn render(kind: MailKind, locale: Locale, name: &str, site: &Site, args: &[(&str, Arg)]) -> Rendered {
    let (subject_key, body_key, why_key) = kind.keys();
    let subject = format!("[{}] {}", site.name(locale), t_args(locale, subject_key, args));
    let mut why_args: Vec<(&str, Arg)> = args.to_vec();
    why_args.push(("site", Arg::from(site.url.as_str())));
    let body = [
        t_args(locale, "email-greeting", &[("name", Arg::from(name))]),
        t_args(locale, body_key, args),
        t_args(locale, why_key, &why_args),
        t(locale, "email-signature"),
    ]
    .join("\n\n");
    Rendered { subject, body: body + "\n" }
}

/// Queues a rendered message in the caller's transaction.
pub fn enqueue(conn: &mut DbConn, kind: MailKind, recipient: &str, rendered: &Rendered) -> ServiceResult<()> {
    insert(conn, kind, recipient, rendered, None)
}

/// Counts a request that may make us mail an address the requester typed (sign-up,
/// resending a confirmation, a password reset, a report without an account), against
/// the requesting client (`limits::MAIL_PER_CLIENT`). Call it before looking the
/// address up, so it counts the same whether or not an account exists: refusing the
/// client then tells nothing about anyone's account.
pub(crate) fn client_may_request_mail(
    svc: &crate::Services,
    conn: &mut DbConn,
    client: Option<std::net::IpAddr>,
) -> ServiceResult<()> {
    let Some(ip) = client else { return Ok(()) };
    let now = yoriai_store::now();
    let key = crate::limits::key(svc, &format!("mail-from:{}", crate::limits::client_text(ip)));
    if let Some(until) = crate::limits::spend(conn, &key, crate::limits::MAIL_PER_CLIENT, now)? {
        tracing::warn!("a client asked for too much mail to typed addresses");
        return Err(yoriai_domain::Rejection::new(yoriai_domain::ErrorCode::TooManyAttempts)
            .with_arg("minutes", crate::limits::minutes_until(until, now))
            .into());
    }
    Ok(())
}

/// Queues mail that a stranger's request makes us send to `recipient`, unless that
/// address has had its hourly share (`limits::MAIL_PER_RECIPIENT`). Over it, the
/// message is quietly not sent: the page answers the same either way, so nobody
/// learns whether the address has an account, and nobody can fill a stranger's
/// inbox. Returns whether it was queued.
pub(crate) fn enqueue_unsolicited(
    svc: &crate::Services,
    conn: &mut DbConn,
    kind: MailKind,
    recipient: &str,
    rendered: &Rendered,
) -> ServiceResult<bool> {
    let now = yoriai_store::now();
    let key = crate::limits::key(svc, &format!("mail-to:{}", recipient.trim().to_lowercase()));
    if crate::limits::spend(conn, &key, crate::limits::MAIL_PER_RECIPIENT, now)?.is_some() {
        tracing::info!(kind = kind.as_str(), "mail to an address over its hourly limit was not sent");
        return Ok(false);
    }
    insert(conn, kind, recipient, rendered, None)?;
    Ok(true)
}

/// Queues mail an account receives for a purpose it consented to; the consent is
/// checked again right before sending.
pub(crate) fn enqueue_with_consent(
    conn: &mut DbConn,
    kind: MailKind,
    recipient: &str,
    rendered: &Rendered,
    user_id: UserId,
    purpose: yoriai_domain::privacy::Purpose,
) -> ServiceResult<()> {
    insert(conn, kind, recipient, rendered, Some((user_id, purpose.as_str())))
}

fn insert(
    conn: &mut DbConn,
    kind: MailKind,
    recipient: &str,
    rendered: &Rendered,
    consent: Option<(UserId, &str)>,
) -> ServiceResult<()> {
    let now = yoriai_store::now();
    outbox::insert(
        conn,
        &NewOutbox {
            kind: kind.as_str(),
            recipient,
            subject: &rendered.subject,
            body_text: &rendered.body,
            created_at: now,
            next_attempt_at: now,
            user_id: consent.map(|c| c.0),
            purpose: consent.map(|c| c.1),
        },
    )?;
    Ok(())
}

/// A message as handed to a transport (kept by the in-memory transport for tests).
#[derive(Debug, Clone)]
pub struct SentMail {
    /// The outbox kind, e.g. `confirm_email`.
    pub kind: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The `From` header.
    pub from: String,
    /// The `Reply-To` header, if any.
    pub reply_to: Option<String>,
}

impl SentMail {
    /// The links in the body, in order.
    pub fn links(&self) -> Vec<String> {
        links(&self.body)
    }
}

fn links(body: &str) -> Vec<String> {
    body.split_whitespace()
        .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
        .map(|w| w.trim_end_matches(['.', ',', ')', '」', '。']).to_owned())
        .collect()
}

/// An SMTP transport from a URL: `smtps://user:pass@host:465` (TLS),
/// `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtp://host:25` (plain).
pub fn smtp_transport(url: &str) -> Result<lettre::SmtpTransport, String> {
    lettre::SmtpTransport::from_url(url)
        .map(|builder| builder.timeout(Some(std::time::Duration::from_secs(30))).build())
        .map_err(|e| e.to_string())
}

/// Where mail goes.
#[derive(Clone)]
pub enum Transport {
    Smtp(lettre::SmtpTransport),
    /// Writes each message as a readable text file and logs its links: the default, so
    /// a newcomer without SMTP can still confirm an account.
    Folder(PathBuf),
    /// Keeps messages in memory (tests).
    Memory(Arc<Mutex<Vec<SentMail>>>),
}

#[derive(Clone)]
pub struct Mailer {
    pub transport: Transport,
    pub from: lettre::message::Mailbox,
}

impl Mailer {
    pub fn send(&self, row: &OutboxRow) -> Result<(), String> {
        self.send_as(row, &self.from, None)
    }

    /// Sends from `from` (the city's name on the installation's address), with replies
    /// going to `reply_to` (the city's own address) when it has one.
    pub fn send_as(
        &self,
        row: &OutboxRow,
        from: &lettre::message::Mailbox,
        reply_to: Option<&lettre::message::Mailbox>,
    ) -> Result<(), String> {
        match &self.transport {
            Transport::Smtp(smtp) => {
                use lettre::Transport as _;
                let to: lettre::message::Mailbox = row.recipient.parse().map_err(|e| format!("bad recipient: {e}"))?;
                let mut message = lettre::Message::builder().from(from.clone());
                if let Some(r) = reply_to {
                    message = message.reply_to(r.clone());
                }
                let message = message
                    .to(to)
                    .subject(row.subject.clone())
                    .header(lettre::message::header::ContentType::TEXT_PLAIN)
                    .body(row.body_text.clone())
                    .map_err(|e| format!("cannot build message: {e}"))?;
                smtp.send(&message).map(|_| ()).map_err(|e| format!("SMTP: {e}"))
            }
            Transport::Folder(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                let name = format!("{}-{:06}-{}.txt", row.created_at.format("%Y%m%dT%H%M%S"), row.id, row.kind);
                let path = dir.join(name);
                let text = format!(
                    "From: {}\nReply-To: {}\nTo: {}\nSubject: {}\n\n{}",
                    from,
                    reply_to.map(ToString::to_string).unwrap_or_default(),
                    row.recipient,
                    row.subject,
                    row.body_text
                );
                std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                // Development convenience asked for by operators trying Yoriai without SMTP:
                // the link is printed so the account can be confirmed from the terminal.
                // Never done with a real transport.
                for link in links(&row.body_text) {
                    tracing::info!(outbox_id = row.id, kind = %row.kind, file = %path.display(), %link, "mail written to folder (no SMTP configured)");
                }
                Ok(())
            }
            Transport::Memory(store) => {
                store.lock().expect("mail store lock").push(SentMail {
                    kind: row.kind.clone(),
                    to: row.recipient.clone(),
                    subject: row.subject.clone(),
                    body: row.body_text.clone(),
                    from: from.to_string(),
                    reply_to: reply_to.map(ToString::to_string),
                });
                Ok(())
            }
        }
    }
}

/// How long a claimed batch stays reserved for this worker.
const LEASE_SECONDS: i64 = 120;

/// Sends every message that is due; returns how many were delivered.
pub fn deliver_due(pool: &yoriai_store::Pool, mailer: &Mailer, batch: i64) -> ServiceResult<usize> {
    deliver_batches(pool, mailer, batch, usize::MAX).map(|(n, _)| n)
}

/// Delivers at most `max_batches` claims of `batch` messages, so that one city's backlog
/// takes only its turn; returns the messages delivered and whether more were due.
pub fn deliver_batches(
    pool: &yoriai_store::Pool,
    mailer: &Mailer,
    batch: i64,
    max_batches: usize,
) -> ServiceResult<(usize, bool)> {
    let mut conn = pool.get().map_err(|e| crate::ServiceError::Unavailable(Box::new(e)))?;
    // The city's own sender, read once per round.
    let (from, reply_to) = crate::city::mail_sender(&crate::city::load(&mut conn)?, &mailer.from);
    let mut delivered = 0;
    let mut batches = 0;
    loop {
        if batches == max_batches {
            return Ok((delivered, true));
        }
        batches += 1;
        let now = yoriai_store::now();
        let claimed = yoriai_store::write_tx(&mut conn, |c| {
            yoriai_store::backend::claim_outbox(c, now, now + chrono::Duration::seconds(LEASE_SECONDS), batch)
        })?;
        if claimed.is_empty() {
            return Ok((delivered, false));
        }
        for row in &claimed {
            // Mail sent for a purpose goes only while the resident still allows it.
            if let (Some(user_id), Some(purpose)) = (row.user_id, row.purpose.as_deref()) {
                let allowed = match yoriai_domain::privacy::Purpose::parse(purpose) {
                    Some(p) => crate::privacy::is_granted(&mut conn, user_id, p)?,
                    None => false,
                };
                if !allowed {
                    outbox::drop_message(&mut conn, row.id)?;
                    tracing::info!(outbox_id = row.id, purpose, "mail dropped: consent withdrawn");
                    continue;
                }
            }
            match mailer.send_as(row, &from, reply_to.as_ref()) {
                Ok(()) => {
                    outbox::mark_sent(&mut conn, row.id, yoriai_store::now())?;
                    delivered += 1;
                }
                Err(error) => {
                    // Back off quadratically, up to six hours between attempts.
                    let minutes = i64::from(row.attempts).pow(2).clamp(1, 360);
                    tracing::warn!(outbox_id = row.id, attempts = row.attempts, %error, "mail delivery failed; will retry");
                    outbox::mark_failed(
                        &mut conn,
                        row.id,
                        &error,
                        yoriai_store::now() + chrono::Duration::minutes(minutes),
                    )?;
                }
            }
        }
        if (claimed.len() as i64) < batch {
            return Ok((delivered, false));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_renders_in_both_languages_without_missing_keys() {
        let kinds = [
            MailKind::ConfirmEmail,
            MailKind::ExistingAccount,
            MailKind::ResetPassword,
            MailKind::ChangeEmail,
            MailKind::ChangeEmailNotice,
            MailKind::PasswordChanged,
            MailKind::ConfirmReport,
            MailKind::ReportUpdate,
        ];
        for kind in kinds {
            for locale in Locale::ALL {
                let r = render(
                    kind,
                    *locale,
                    "Aiko",
                    &Site::new("http://example.jp", None),
                    &[
                        ("link", Arg::from("http://example.jp/x")),
                        ("hours", Arg::Num(48)),
                        ("minutes", Arg::Num(60)),
                        ("signin", Arg::from("http://example.jp/sign-in")),
                        ("reset", Arg::from("http://example.jp/forgot")),
                        ("masked", Arg::from("a***@example.jp")),
                        ("title", Arg::from("Pothole")),
                        ("state", Arg::from("Fixed")),
                        ("update", Arg::from("Repaired today.")),
                        ("stop", Arg::from("http://example.jp/stop")),
                        ("days", Arg::Num(7)),
                    ],
                );
                assert!(!r.subject.contains("email-"), "{kind:?} {locale:?}: {}", r.subject);
                assert!(!r.body.contains("email-"), "{kind:?} {locale:?}: {}", r.body);
                assert!(r.body.contains("Aiko"));
            }
        }
    }

    #[test]
    fn links_are_found_without_trailing_punctuation() {
        assert_eq!(
            links("Open http://a.jp/confirm?token=x. Or https://b.jp/y)"),
            vec!["http://a.jp/confirm?token=x", "https://b.jp/y"]
        );
    }
}
