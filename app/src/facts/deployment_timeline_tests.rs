//! The count by status per financial year, and the filters.

use super::*;
use DeploymentStatus::{Active, Aspirational, Committed};

fn fy(y: i32) -> FinancialYear {
    FinancialYear(y)
}

fn count(year: i32, active: usize, committed: usize, aspirational: usize) -> YearCount {
    YearCount { year: fy(year), active, committed, aspirational }
}

#[test]
fn a_deployment_counts_in_each_year_from_its_start_to_its_target() {
    let ds = [sample("ECS", Some(2015), 2017, Active)];
    assert_eq!(counts_by_year(&ds), vec![count(2015, 1, 0, 0), count(2016, 1, 0, 0), count(2017, 1, 0, 0)]);
}

#[test]
fn a_deployment_without_a_start_year_counts_in_its_target_year_only() {
    let ds = [sample("Notes", None, 2017, Committed), sample("PAS", Some(2016), 2016, Active)];
    assert_eq!(counts_by_year(&ds), vec![count(2016, 1, 0, 0), count(2017, 0, 1, 0)]);
    assert_eq!(ds[0].first_year(), fy(2017));
}

#[test]
fn a_start_after_its_target_which_the_schema_refuses_never_counts_backwards() {
    let d = sample("Odd", Some(2019), 2017, Aspirational);
    assert_eq!(d.first_year(), fy(2017));
    assert_eq!(counts_by_year(&[d]), vec![count(2017, 0, 0, 1)]);
}

#[test]
fn years_with_no_deployment_between_others_are_counted_as_none() {
    let ds = [sample("Early", None, 2016, Active), sample("Late", None, 2019, Aspirational)];
    let counts = counts_by_year(&ds);
    assert_eq!(counts.iter().map(|c| c.year).collect::<Vec<_>>(), vec![fy(2016), fy(2017), fy(2018), fy(2019)]);
    assert_eq!(counts[1], count(2017, 0, 0, 0));
    assert_eq!(counts[2].total(), 0);
    assert_eq!(counts[3].of(Aspirational), 1);
}

#[test]
fn no_deployments_give_no_years() {
    assert!(counts_by_year(&[]).is_empty());
    assert!(timeline_years(&[]).is_empty());
}

#[test]
fn statuses_are_counted_apart_and_totalled() {
    let ds = [sample("a", Some(2016), 2017, Active), sample("b", None, 2017, Committed), sample("c", None, 2017, Aspirational)];
    let counts = counts_by_year(&ds);
    assert_eq!(counts, vec![count(2016, 1, 0, 0), count(2017, 1, 1, 1)]);
    assert_eq!(counts[1].total(), 3);
}

#[test]
fn a_withdrawn_deployment_is_absent_from_the_facts_so_its_years_count_only_the_others() {
    // The query leaves withdrawn versions out; what remains is counted as any other set.
    let standing = [sample("Kept", None, 2017, Committed)];
    assert_eq!(counts_by_year(&standing), vec![count(2017, 0, 1, 0)]);
}

#[test]
fn filters_keep_what_matches_each_chosen_value_and_all_when_none() {
    let mut other = sample("GCS one", None, 2017, Committed);
    other.organisation_code = "R1J".into();
    other.capability_code = Some("orders".into());
    let ghft = sample("GHFT one", None, 2016, Active);
    let all = DeploymentFilter::default();
    assert!(all.keeps(&ghft) && all.keeps(&other));
    let by_org = DeploymentFilter { organisation: Some("R1J".into()), ..Default::default() };
    assert!(!by_org.keeps(&ghft) && by_org.keeps(&other));
    let by_cap = DeploymentFilter { capability: Some("records".into()), ..Default::default() };
    assert!(by_cap.keeps(&ghft) && !by_cap.keeps(&other));
    let combined = DeploymentFilter { organisation: Some("RTE".into()), status: Some(Committed), ..Default::default() };
    assert!(!combined.keeps(&ghft) && !combined.keeps(&other));
    let mut none = ghft.clone();
    none.capability_code = None;
    assert!(!by_cap.keeps(&none), "a deployment with no capability is not in any one capability");
    assert_eq!(combined.pairs(), vec![("organisation", "RTE".to_string()), ("status", "committed".to_string())]);
}
