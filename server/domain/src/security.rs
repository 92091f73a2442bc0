//! What an account's security log records, shown to its owner.

/// A kind of security-log entry (stored as text; the CHECK constraint lists them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecurityEventKind {
    /// A wrong two-step code (authenticator or recovery) was entered.
    SecondStepFailed,
    /// Two-step sign-in was locked after repeated wrong codes; the owner was emailed.
    SecondStepLocked,
}

impl SecurityEventKind {
    pub const ALL: [SecurityEventKind; 2] = [SecurityEventKind::SecondStepFailed, SecurityEventKind::SecondStepLocked];

    pub fn as_str(self) -> &'static str {
        match self {
            SecurityEventKind::SecondStepFailed => "second_step_failed",
            SecurityEventKind::SecondStepLocked => "second_step_locked",
        }
    }

    pub fn parse(s: &str) -> Option<SecurityEventKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}
