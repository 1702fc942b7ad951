//! Organisation kinds and user roles: closed national vocabularies, parsed from their codes.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Commissioner,
    Acute,
    Community,
    MentalHealth,
    Ambulance,
    PrimaryCare,
    LocalAuthority,
}

impl OrgKind {
    pub const ALL: [OrgKind; 7] = [
        OrgKind::Commissioner,
        OrgKind::Acute,
        OrgKind::Community,
        OrgKind::MentalHealth,
        OrgKind::Ambulance,
        OrgKind::PrimaryCare,
        OrgKind::LocalAuthority,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrgKind::Commissioner => "commissioner",
            OrgKind::Acute => "acute",
            OrgKind::Community => "community",
            OrgKind::MentalHealth => "mental_health",
            OrgKind::Ambulance => "ambulance",
            OrgKind::PrimaryCare => "primary_care",
            OrgKind::LocalAuthority => "local_authority",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OrgKind::Commissioner => "Commissioner",
            OrgKind::Acute => "Acute trust",
            OrgKind::Community => "Community trust",
            OrgKind::MentalHealth => "Mental health trust",
            OrgKind::Ambulance => "Ambulance trust",
            OrgKind::PrimaryCare => "Primary care",
            OrgKind::LocalAuthority => "Local authority",
        }
    }
}

impl FromStr for OrgKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OrgKind::ALL.into_iter().find(|k| k.code() == s).ok_or_else(|| format!("unknown organisation kind '{s}'"))
    }
}

/// What a signed-in person may do is decided by their role (and, for a CIO, their organisation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Programme management office: runs the programme, reference data, users, exports.
    Pmo,
    /// IM&T Steering Group member: reviews and approves.
    Steering,
    /// An organisation's CIO: enters their own organisation's return.
    Cio,
    /// NHS England reviewer: reads every footprint, changes nothing.
    Reviewer,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Pmo, Role::Steering, Role::Cio, Role::Reviewer];

    pub fn code(self) -> &'static str {
        match self {
            Role::Pmo => "pmo",
            Role::Steering => "steering",
            Role::Cio => "cio",
            Role::Reviewer => "reviewer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Pmo => "PMO",
            Role::Steering => "Steering Group",
            Role::Cio => "CIO",
            Role::Reviewer => "NHS England reviewer",
        }
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL.into_iter().find(|r| r.code() == s).ok_or_else(|| format!("unknown role '{s}' (expected pmo, steering, cio or reviewer)"))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_roles_round_trip_through_their_codes() {
        for k in OrgKind::ALL {
            assert_eq!(k.code().parse::<OrgKind>().unwrap(), k);
        }
        for r in Role::ALL {
            assert_eq!(r.code().parse::<Role>().unwrap(), r);
        }
        assert!("trust".parse::<OrgKind>().is_err());
        assert!("admin".parse::<Role>().is_err());
    }
}
