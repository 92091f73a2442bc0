//! Participatory processes and their phases. A phase's settings say what residents may
//! do while it is active; the permission policy reads them.

use serde::{Deserialize, Serialize};

/// What a phase allows. Every switch defaults to "closed".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PhaseSettings {
    pub proposals_open: bool,
    pub supports_open: bool,
    /// How many proposals one resident may support in the process (`None`: unlimited).
    pub support_limit: Option<i32>,
    /// A resident's supports only count once they have given this many (Decidim's
    /// "minimum supports per participant"); 0 means they count at once.
    pub min_supports_to_count: i32,
    /// Supports at which a proposal is marked "reached" (`None`: no threshold).
    pub threshold: Option<i32>,
    /// Whether supports may go on beyond the threshold.
    pub accumulate_beyond_threshold: bool,
    /// Supporting needs a verified citizen ID.
    pub supports_require_verification: bool,
    /// Whether authors may support their own proposals.
    pub support_own_allowed: bool,
    pub comments_open: bool,
}

/// A phase as the policy and pages see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phase {
    pub id: crate::ids::PhaseId,
    pub position: i32,
    pub settings: PhaseSettings,
}

/// Whether a date-driven phase is active at `now`: starts inclusive, ends exclusive.
pub fn phase_active_at<T: PartialOrd>(starts: Option<&T>, ends: Option<&T>, now: &T) -> bool {
    starts.is_none_or(|s| s <= now) && ends.is_none_or(|e| now < e)
}

/// How long after publishing an author may still edit (Decidim's edit window), in minutes.
pub const DEFAULT_EDIT_WINDOW_MINUTES: i32 = 30;

/// A process's URL name: lower-case ASCII letters, digits and dashes, 3 to 60 long.
pub fn parse_slug(raw: &str) -> Result<String, crate::ErrorCode> {
    let s = raw.trim().to_ascii_lowercase();
    if s.is_empty() {
        return Err(crate::ErrorCode::Required);
    }
    let ok_chars = s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !ok_chars || s.starts_with('-') || s.ends_with('-') || s.contains("--") {
        return Err(crate::ErrorCode::SlugInvalid);
    }
    if !(3..=60).contains(&s.len()) {
        return Err(crate::ErrorCode::SlugInvalid);
    }
    // All digits would read as an id in URLs that take either.
    if s.chars().all(|c| c.is_ascii_digit()) {
        return Err(crate::ErrorCode::SlugInvalid);
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_are_active_from_their_start_until_just_before_their_end() {
        assert!(phase_active_at(Some(&1), Some(&3), &1));
        assert!(phase_active_at(Some(&1), Some(&3), &2));
        assert!(!phase_active_at(Some(&1), Some(&3), &3));
        assert!(!phase_active_at(Some(&1), Some(&3), &0));
        assert!(phase_active_at(None, None, &0));
    }

    #[test]
    fn slugs_are_plain_url_words() {
        assert_eq!(parse_slug(" Budget-2026 ").unwrap(), "budget-2026");
        for bad in ["a", "with space", "-x-", "a--b", "日本語", "under_score", "2026"] {
            assert!(parse_slug(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_switch_defaults_to_closed() {
        let s = PhaseSettings::default();
        assert!(!s.proposals_open && !s.supports_open && !s.comments_open && !s.support_own_allowed);
        assert_eq!(s.support_limit, None);
    }
}
