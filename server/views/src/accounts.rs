//! What the account forms send. Each is the command's input (`services::accounts`
//! re-exports them) and the server function's one argument. Passwords and tokens never
//! show in `Debug` output, so a logged input cannot leak them.

use serde::{Deserialize, Serialize};
use std::fmt;

const HIDDEN: &str = "[hidden]";

/// The sign-up form.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignUpInput {
    pub email: String,
    pub display_name: String,
    pub password: String,
}

/// The sign-in form.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignInInput {
    pub email: String,
    pub password: String,
    /// Where to go after signing in (kept while the second step is asked for).
    pub next: Option<String>,
}

/// The change-password form.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChangePasswordInput {
    pub current_password: String,
    pub new_password: String,
}

/// The change-email form (the current password confirms it is the owner).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChangeEmailInput {
    pub new_email: String,
    pub current_password: String,
}

/// The new-password form opened from a reset link.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResetPasswordInput {
    pub token: String,
    pub new_password: String,
}

/// The last step of signing up through an external provider.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CompleteExternalInput {
    pub display_name: String,
    pub email: String,
}

impl fmt::Debug for SignUpInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignUpInput")
            .field("email", &self.email)
            .field("display_name", &self.display_name)
            .field("password", &HIDDEN)
            .finish()
    }
}

impl fmt::Debug for SignInInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignInInput")
            .field("email", &self.email)
            .field("password", &HIDDEN)
            .field("next", &self.next)
            .finish()
    }
}

impl fmt::Debug for ChangePasswordInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChangePasswordInput").field("current_password", &HIDDEN).field("new_password", &HIDDEN).finish()
    }
}

impl fmt::Debug for ChangeEmailInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChangeEmailInput")
            .field("new_email", &self.new_email)
            .field("current_password", &HIDDEN)
            .finish()
    }
}

impl fmt::Debug for ResetPasswordInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResetPasswordInput").field("token", &HIDDEN).field("new_password", &HIDDEN).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_passwords_and_tokens() {
        let shown = format!(
            "{:?} {:?} {:?} {:?} {:?}",
            SignUpInput { email: "a@b.jp".into(), display_name: "A".into(), password: "pw-secret-1".into() },
            SignInInput { email: "a@b.jp".into(), password: "pw-secret-2".into(), next: None },
            ChangePasswordInput { current_password: "pw-secret-3".into(), new_password: "pw-secret-4".into() },
            ChangeEmailInput { new_email: "c@d.jp".into(), current_password: "pw-secret-5".into() },
            ResetPasswordInput { token: "tok-secret-6".into(), new_password: "pw-secret-7".into() },
        );
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("a@b.jp") && shown.contains("c@d.jp"), "{shown}");
    }
}
