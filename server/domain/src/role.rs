//! Platform-wide roles. Per-process roles come with the staff console.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
pub enum Role {
    Resident,
    Moderator,
    DepartmentStaff,
    Valuator,
    CouncilSecretary,
    Admin,
}

impl Role {
    pub const ALL: &'static [Role] =
        &[Role::Resident, Role::Moderator, Role::DepartmentStaff, Role::Valuator, Role::CouncilSecretary, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Moderator => "moderator",
            Role::DepartmentStaff => "department_staff",
            Role::Valuator => "valuator",
            Role::CouncilSecretary => "council_secretary",
            Role::Admin => "admin",
        }
    }

    /// Staff are everyone who acts for the city rather than as a resident.
    pub fn is_staff(self) -> bool {
        !matches!(self, Role::Resident)
    }

    /// Staff rights need two-step sign-in: without it a staff account acts as a resident.
    pub fn needs_two_factor(self) -> bool {
        self.is_staff()
    }
}

crate::stored::text_enum!(Role => Role::ALL);

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL.iter().copied().find(|r| r.as_str() == s.trim()).ok_or_else(|| {
            let names: Vec<_> = Role::ALL.iter().map(|r| r.as_str()).collect();
            format!("unknown role {s:?}; expected one of: {}", names.join(", "))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_name() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), *r);
        }
    }

    #[test]
    fn an_unknown_role_lists_the_valid_ones() {
        let err = "mayor".parse::<Role>().unwrap_err();
        assert!(err.contains("council_secretary"));
    }
}
