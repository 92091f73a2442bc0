//! The privacy notice: versions published by administrators, the terms every consent
//! is read against, and the public page residents read before agreeing.

use crate::audit::{self, Visibility};
use crate::{city_date, ServiceError, ServiceResult, Services};
use serde_json::json;
use yoriai_domain::privacy::{Purpose, Terms, FIRST_NOTICE_VERSION};
use yoriai_domain::{authorize, Action, Actor, ErrorCode, FieldError, FieldErrors, Locale};
use yoriai_store::notices::{self as store, NoticeRow};
use yoriai_store::DbConn;
use yoriai_views::privacy::{NoticeConsole, NoticePage, NoticeVersion};

/// Longest notice text per language.
pub const MAX_NOTICE_CHARS: usize = 20_000;
/// Longest "what changed" per language.
pub const MAX_CHANGES_CHARS: usize = 2_000;

/// The terms in force: those of the newest published version, or the standard ones.
pub(crate) fn terms(conn: &mut DbConn) -> ServiceResult<Terms> {
    match store::current_terms(conn)? {
        None => Ok(Terms::default()),
        Some(raw) => parse_terms(&raw),
    }
}

/// Reads stored terms. Purposes this build does not know (renamed or removed since the
/// row was written) are dropped: they cannot be granted anyway. Unreadable JSON fails
/// loudly rather than quietly switching withdrawn purposes back on.
fn parse_terms(raw: &str) -> ServiceResult<Terms> {
    #[derive(serde::Deserialize)]
    struct Stored {
        version: i32,
        #[serde(default)]
        widened_in: std::collections::BTreeMap<String, i32>,
        #[serde(default)]
        withdrawn: Vec<String>,
    }
    let s: Stored = serde_json::from_str(raw)
        .map_err(|e| ServiceError::internal(format!("privacy notice terms unreadable: {e}")))?;
    Ok(Terms {
        version: s.version,
        widened_in: s.widened_in.into_iter().filter_map(|(p, v)| Some((Purpose::parse(&p)?, v))).collect(),
        withdrawn: s.withdrawn.iter().filter_map(|p| Purpose::parse(p)).collect(),
    })
}

fn names(purposes: &[Purpose]) -> Vec<String> {
    purposes.iter().map(|p| p.as_str().to_owned()).collect()
}

fn version_view(row: &NoticeRow, locale: Locale) -> ServiceResult<NoticeVersion> {
    let terms = parse_terms(&row.terms)?;
    let widens: Vec<String> = serde_json::from_str(&row.widens).unwrap_or_default();
    Ok(NoticeVersion {
        version: row.version,
        published_on: Some(city_date(row.published_at)),
        changes: if locale == Locale::Ja { row.changes_ja.clone() } else { row.changes_en.clone() },
        widens,
        withdrawn: names(&terms.withdrawn),
    })
}

fn standard_version() -> NoticeVersion {
    NoticeVersion {
        version: FIRST_NOTICE_VERSION,
        published_on: None,
        changes: String::new(),
        widens: Vec::new(),
        withdrawn: Vec::new(),
    }
}

/// The page of `version` (`None`: the one in force), and the row of the version in force.
fn page(conn: &mut DbConn, locale: Locale, version: Option<i32>) -> ServiceResult<(NoticePage, Option<NoticeRow>)> {
    let rows = store::all(conn)?;
    let mut history = rows.iter().map(|r| version_view(r, locale)).collect::<ServiceResult<Vec<_>>>()?;
    history.push(standard_version());
    let in_force = rows.first().cloned();
    let (shown, shown_row) = match version {
        None => (history[0].clone(), in_force.clone()),
        Some(v) => {
            let view = history.iter().find(|h| h.version == v).cloned().ok_or(ErrorCode::NotFound)?;
            (view, rows.iter().find(|r| r.version == v).cloned())
        }
    };
    let terms = match &shown_row {
        Some(r) => parse_terms(&r.terms)?,
        None => Terms::default(),
    };
    let current_row = shown_row;
    let page = NoticePage {
        in_force: history[0].version,
        current: shown,
        body_html: current_row
            .as_ref()
            .map(|r| yoriai_domain::text::render(if locale == Locale::Ja { &r.body_ja } else { &r.body_en })),
        purposes: terms
            .offered()
            .into_iter()
            .map(|p| (p.as_str().to_owned(), p.uses().iter().map(|a| a.as_str().to_owned()).collect()))
            .collect(),
        history,
    };
    Ok((page, in_force))
}

/// The public privacy notice (anyone may read it): the version in force, or an earlier
/// one (receipts name the version each consent was given under).
pub fn notice_page(svc: &Services, locale: Locale, version: Option<i32>) -> ServiceResult<NoticePage> {
    let mut conn = svc.conn()?;
    Ok(page(&mut conn, locale, version)?.0)
}

/// The administrator's view: the texts in both languages and the offered purposes.
pub fn notice_console(svc: &Services, actor: &Actor, locale: Locale) -> ServiceResult<NoticeConsole> {
    authorize(actor, &Action::ManagePrivacyNotice)?;
    let mut conn = svc.conn()?;
    let (page, row) = page(&mut conn, locale, None)?;
    let terms = terms(&mut conn)?;
    Ok(NoticeConsole {
        page,
        body_ja: row.as_ref().map(|r| r.body_ja.clone()).unwrap_or_default(),
        body_en: row.as_ref().map(|r| r.body_en.clone()).unwrap_or_default(),
        purposes: Purpose::ALL.into_iter().map(|p| (p.as_str().to_owned(), terms.offers(p))).collect(),
    })
}

/// A new version as the administrator wrote it.
#[derive(Debug, Clone, Default)]
pub struct NoticeInput {
    pub body_ja: String,
    pub body_en: String,
    pub changes_ja: String,
    pub changes_en: String,
    /// Purposes offered under the new version (by name).
    pub offered: Vec<String>,
    /// Purposes the new version widens (by name): residents are asked again.
    pub widens: Vec<String>,
    /// The version the administrator's form started from; publishing is refused if
    /// another was published meanwhile (their choices were made against the old one).
    pub base_version: Option<i32>,
}

fn text(e: &mut FieldErrors, field: &str, raw: &str, max: usize) -> String {
    match yoriai_domain::text::multi_line(raw, 1, max) {
        Ok(t) => t,
        Err(ErrorCode::TooLong) => {
            e.push(FieldError::new(field, ErrorCode::TooLong).with_arg("max", max as i64));
            String::new()
        }
        Err(code) => {
            e.push(FieldError::new(field, code));
            String::new()
        }
    }
}

fn purposes(e: &mut FieldErrors, field: &str, raw: &[String]) -> Vec<Purpose> {
    let mut out = Vec::new();
    for name in raw.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        match Purpose::parse(name) {
            Some(p) if !out.contains(&p) => out.push(p),
            Some(_) => {}
            None => {
                e.push(FieldError::new(field, ErrorCode::PurposeUnknown));
                break;
            }
        }
    }
    out
}

/// Publishes the next version. Widened purposes (and purposes offered again) are off
/// for everyone who agreed under an older version until they agree again; purposes no
/// longer offered are off for everyone, and mail queued for them is not sent.
pub fn publish_notice(svc: &Services, actor: &Actor, input: NoticeInput) -> ServiceResult<i32> {
    authorize(actor, &Action::ManagePrivacyNotice)?;
    let mut e = FieldErrors::new();
    let body_ja = text(&mut e, "body_ja", &input.body_ja, MAX_NOTICE_CHARS);
    let body_en = text(&mut e, "body_en", &input.body_en, MAX_NOTICE_CHARS);
    let changes_ja = text(&mut e, "changes_ja", &input.changes_ja, MAX_CHANGES_CHARS);
    let changes_en = text(&mut e, "changes_en", &input.changes_en, MAX_CHANGES_CHARS);
    let offered = purposes(&mut e, "offered", &input.offered);
    let widens = purposes(&mut e, "widens", &input.widens);
    if !e.is_empty() {
        return Err(e.into_rejection().into());
    }
    let withdrawn: Vec<Purpose> = Purpose::ALL.into_iter().filter(|p| !offered.contains(p)).collect();
    // Widening a purpose that is not offered means nothing.
    let widens: Vec<Purpose> = widens.into_iter().filter(|p| offered.contains(p)).collect();
    let mut conn = svc.conn()?;
    yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<i32> {
        let current = terms(c)?;
        if input.base_version.is_some_and(|v| v != current.version) {
            return Err(ErrorCode::NoticeChangedMeanwhile.into());
        }
        let next = current.next(&widens, &withdrawn);
        let row = NoticeRow {
            version: next.version,
            body_ja: body_ja.clone(),
            body_en: body_en.clone(),
            changes_ja: changes_ja.clone(),
            changes_en: changes_en.clone(),
            widens: serde_json::to_string(&names(&widens)).unwrap_or_else(|_| "[]".into()),
            terms: serde_json::to_string(&next).map_err(|e| ServiceError::internal(e.to_string()))?,
            published_by: actor.user_id(),
            published_at: yoriai_store::now(),
        };
        if !store::insert(c, &row)? {
            return Err(ErrorCode::NoticeChangedMeanwhile.into());
        }
        for p in &withdrawn {
            // Nobody's consent counts for a purpose not offered: queued mail stays unsent.
            yoriai_store::outbox::withdraw_all(c, p.as_str())?;
        }
        audit::log(
            c,
            actor,
            "publish_privacy_notice",
            ("privacy_notice", Some(i64::from(next.version))),
            Visibility::Public,
            None,
            json!({ "widens": names(&widens), "withdrawn": names(&withdrawn) }),
        )?;
        Ok(next.version)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_terms_with_unknown_purposes_still_read() {
        let t =
            parse_terms(r#"{"version":3,"widened_in":{"for_you":2,"gone":3},"withdrawn":["gone","email_updates"]}"#)
                .unwrap();
        assert_eq!(t.version, 3);
        assert_eq!(t.widened_in(Purpose::ForYou), 2);
        assert_eq!(t.withdrawn, vec![Purpose::EmailUpdates]);
        assert!(parse_terms("not json").is_err());
        let next = Terms::default().next(&[Purpose::ForYou], &[Purpose::Accessibility]);
        assert_eq!(parse_terms(&serde_json::to_string(&next).unwrap()).unwrap(), next);
    }
}
