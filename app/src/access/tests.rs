//! The whole policy as one table: every role against every cell of every need, compared
//! with a grid written out by hand, so a changed rule fails the one cell it changed.

use std::collections::BTreeSet;

use super::*;

const HOME: FootprintId = FootprintId(1);
const AWAY: FootprintId = FootprintId(2);
/// The CIO's own organisation, in HOME.
const OWN: OrgId = OrgId(10);
/// Another organisation of HOME.
const SIBLING: OrgId = OrgId(11);
/// An organisation of AWAY.
const STRANGER: OrgId = OrgId(20);

/// What each role may do, one row per cell of a need. `Y` allowed, `-` refused. Written from
/// the rules as the programme states them, not from the code.
const EXPECTED: &str = "
need                               pmo  steering  cio  reviewer
ViewFootprint(home)                Y    Y         Y    Y
ViewFootprint(away)                -    -         -    Y
EditOrganisation(home,own)         -    -         Y    -
EditOrganisation(home,sibling)     -    -         -    -
EditOrganisation(away,stranger)    -    -         -    -
RunProgramme(home)                 Y    -         -    -
RunProgramme(away)                 -    -         -    -
Approve(home)                      -    Y         -    -
Approve(away)                      -    -         -    -
ReturnForChanges(home)             Y    Y         -    -
ReturnForChanges(away)             -    -         -    -
ReadAudit(home)                    Y    Y         -    Y
ReadAudit(away)                    -    -         -    Y
ReadPeriods(home)                  Y    Y         -    Y
ReadPeriods(away)                  -    -         -    Y
ReadReturn(home,footprint)         Y    Y         -    Y
ReadReturn(home,own)               Y    Y         Y    Y
ReadReturn(home,sibling)           Y    Y         -    Y
ReadReturn(away,footprint)         -    -         -    Y
ReadReturn(away,stranger)          -    -         -    Y
ViewNational                       Y    Y         -    Y
OwnSessions                        Y    Y         Y    Y
ReadReports(home)                  Y    Y         -    Y
ReadReports(away)                  -    -         -    Y
Endorse(home)                      -    Y         -    -
Endorse(away)                      -    -         -    -
";

fn person(role: Role) -> Principal {
    let (organisation, footprint) = match role {
        Role::Cio => (Some(OWN), Some(HOME)),
        Role::Pmo | Role::Steering => (None, Some(HOME)),
        Role::Reviewer => (None, None),
    };
    Principal { user_id: UserId(1), username: "x".into(), display_name: "X".into(), role, organisation, footprint }
}

fn fp(f: FootprintId) -> &'static str {
    if f == HOME {
        "home"
    } else {
        "away"
    }
}

fn org(o: OrgId) -> &'static str {
    match o {
        OWN => "own",
        SIBLING => "sibling",
        _ => "stranger",
    }
}

/// A cell's row name in `EXPECTED`. The match has no wildcard: a new `Need` does not compile
/// until it is named here, and `every_need_has_rows_in_the_matrix` then asks for its rows.
fn label(need: Need) -> String {
    match need {
        Need::ViewFootprint(f) => format!("ViewFootprint({})", fp(f)),
        Need::EditOrganisation(f, o) => format!("EditOrganisation({},{})", fp(f), org(o)),
        Need::RunProgramme(f) => format!("RunProgramme({})", fp(f)),
        Need::Approve(f) => format!("Approve({})", fp(f)),
        Need::ReturnForChanges(f) => format!("ReturnForChanges({})", fp(f)),
        Need::ReadAudit(f) => format!("ReadAudit({})", fp(f)),
        Need::ReadPeriods(f) => format!("ReadPeriods({})", fp(f)),
        Need::ReadReturn(f, ReturnOf::Footprint) => format!("ReadReturn({},footprint)", fp(f)),
        Need::ReadReturn(f, ReturnOf::Organisation(o)) => format!("ReadReturn({},{})", fp(f), org(o)),
        Need::ViewNational => "ViewNational".into(),
        Need::OwnSessions => "OwnSessions".into(),
        Need::ReadReports(f) => format!("ReadReports({})", fp(f)),
        Need::Endorse(f) => format!("Endorse({})", fp(f)),
    }
}

/// Every cell: each need in the home footprint and another, for the CIO's own organisation,
/// another of the same footprint, and one of the other footprint.
fn every_cell() -> Vec<Need> {
    let mut needs = Vec::new();
    for f in [HOME, AWAY] {
        needs.extend([
            Need::ViewFootprint(f),
            Need::RunProgramme(f),
            Need::Approve(f),
            Need::ReturnForChanges(f),
            Need::ReadAudit(f),
            Need::ReadPeriods(f),
            Need::ReadReturn(f, ReturnOf::Footprint),
            Need::ReadReports(f),
            Need::Endorse(f),
        ]);
    }
    for (f, o) in [(HOME, OWN), (HOME, SIBLING), (AWAY, STRANGER)] {
        needs.extend([Need::EditOrganisation(f, o), Need::ReadReturn(f, ReturnOf::Organisation(o))]);
    }
    needs.extend([Need::ViewNational, Need::OwnSessions]);
    needs
}

/// `EXPECTED` as (row, role) -> allowed, with the table's own mistakes reported.
fn expected() -> Vec<(String, Role, bool)> {
    let mut lines = EXPECTED.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<Role> = lines.next().unwrap().split_whitespace().skip(1).map(|c| c.parse().unwrap()).collect();
    assert_eq!(header, Role::ALL, "the table's columns are every role, in order");
    let mut out = Vec::new();
    for line in lines {
        let cells: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cells.len(), 1 + header.len(), "row {line:?} has a cell per role");
        for (role, cell) in header.iter().zip(&cells[1..]) {
            let allowed = match *cell {
                "Y" => true,
                "-" => false,
                other => panic!("row {} has {other:?}: write Y or -", cells[0]),
            };
            out.push((cells[0].to_string(), *role, allowed));
        }
    }
    out
}

#[test]
fn every_role_and_every_cell_of_every_need_is_as_the_table_says() {
    let table = expected();
    let rows: BTreeSet<&str> = table.iter().map(|(row, _, _)| row.as_str()).collect();
    let cells: BTreeSet<String> = every_cell().into_iter().map(label).collect();
    let cells: BTreeSet<&str> = cells.iter().map(String::as_str).collect();
    assert_eq!(rows, cells, "the table has one row per cell the test enumerates, no more");

    let mut wrong = Vec::new();
    for need in every_cell() {
        for role in Role::ALL {
            let want = table.iter().find(|(row, r, _)| *row == label(need) && *r == role).map(|t| t.2).unwrap();
            let got = person(role).may(need);
            if got != want {
                wrong.push(format!("{} x {}: the policy says {got}, the table says {want}", role.code(), label(need)));
            }
        }
    }
    assert!(wrong.is_empty(), "cells that differ:\n{}", wrong.join("\n"));
}

/// The variants of `Need` as this file's source declares them.
fn declared_needs() -> BTreeSet<String> {
    let source = include_str!("../access.rs");
    let body = source.split("pub enum Need {").nth(1).and_then(|rest| rest.split("\n}").next()).expect("enum Need in access.rs");
    body.lines()
        .map(str::trim)
        .filter(|l| l.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(|l| l.split(['(', ',']).next().unwrap().to_string())
        .collect()
}

#[test]
fn every_need_has_rows_in_the_matrix() {
    let declared = declared_needs();
    assert!(declared.len() >= 10, "read the variants from the source: {declared:?}");
    let covered: BTreeSet<String> = every_cell().into_iter().map(|n| label(n).split('(').next().unwrap().to_string()).collect();
    let missing: Vec<&String> = declared.difference(&covered).collect();
    assert!(missing.is_empty(), "needs without rows in the access matrix: {missing:?} (add them to every_cell and EXPECTED)");
}

#[test]
fn a_principal_without_the_usual_footprint_or_organisation_gets_nothing_of_a_footprint() {
    // A CIO whose organisation is missing, and a PMO with no footprint, are not reviewers.
    let lost_cio = Principal { organisation: None, ..person(Role::Cio) };
    assert!(!lost_cio.may(Need::EditOrganisation(HOME, OWN)));
    assert!(!lost_cio.may(Need::ReadReturn(HOME, ReturnOf::Footprint)));
    let lost_pmo = Principal { footprint: None, ..person(Role::Pmo) };
    for need in every_cell().into_iter().filter(|n| !matches!(n, Need::ViewNational | Need::OwnSessions)) {
        assert!(!lost_pmo.may(need), "{}", label(need));
    }
}

#[test]
fn the_second_factor_is_for_roles_that_change_what_the_programme_reports() {
    for role in Role::ALL {
        let expected = matches!(role, Role::Pmo | Role::Steering);
        assert_eq!(person(role).second_factor_required(), expected, "{role}");
        let without_footprint = Principal { footprint: None, ..person(role) };
        assert_eq!(without_footprint.second_factor_required(), expected, "{role} with no footprint");
    }
}

#[test]
fn at_home_means_the_persons_own_footprint_and_any_for_a_reviewer() {
    assert!(person(Role::Pmo).may_at_home(Need::ReadAudit));
    assert!(person(Role::Reviewer).may_at_home(Need::ReadAudit));
    assert!(!person(Role::Cio).may_at_home(Need::ReadAudit));
    assert!(person(Role::Cio).may_at_home(Need::ViewFootprint));
}

#[test]
fn a_return_without_an_organisation_is_the_footprints_own() {
    assert_eq!(ReturnOf::from(None), ReturnOf::Footprint);
    assert_eq!(ReturnOf::from(Some(OWN)), ReturnOf::Organisation(OWN));
}
