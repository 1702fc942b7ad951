//! Unit tests of `plan`, kept beside it.
use super::*;

fn count(plans: &[FootprintPlan], wanted: impl Fn(&OrgPlan) -> bool) -> usize {
    plans.iter().flat_map(|f| &f.organisations).filter(|o| wanted(o)).count()
}

#[test]
fn england_by_default_has_englands_shape() {
    let plans = england(Spec::default());
    assert_eq!(plans.len(), 42);
    let trusts = count(&plans, |o| matches!(o.kind, OrgKind::Acute | OrgKind::Community | OrgKind::MentalHealth | OrgKind::Ambulance));
    let practices = count(&plans, |o| o.parent.is_some());
    let councils = count(&plans, |o| o.kind == OrgKind::LocalAuthority);
    assert!((180..=230).contains(&trusts), "about 205 trusts: {trusts}");
    assert!((5_500..=7_000).contains(&practices), "about 6,300 practices: {practices}");
    assert!((140..=165).contains(&councils), "about 152 councils: {councils}");
    assert_eq!(count(&plans, |o| o.kind == OrgKind::Commissioner), 42);
    assert_eq!(quarters(Spec::default()).len(), 40);
}

#[test]
fn every_name_says_it_is_synthetic_and_every_code_is_unique() {
    let plans = england(Spec::default());
    let mut codes = std::collections::HashSet::new();
    for f in &plans {
        assert!(f.name.ends_with(SYNTHETIC), "{}", f.name);
        assert!(codes.insert(f.code.clone()), "{}", f.code);
        for o in &f.organisations {
            assert!(o.name.ends_with(SYNTHETIC), "{}", o.name);
            assert!(codes.insert(o.code.clone()), "duplicate code {}", o.code);
            assert!(o.code.starts_with('Z'), "never a real ODS code: {}", o.code);
        }
    }
    let names: std::collections::HashSet<_> = plans.iter().map(|f| &f.name).collect();
    assert_eq!(names.len(), plans.len(), "footprint names differ");
}

#[test]
fn practices_belong_to_their_footprints_group_which_counts_them() {
    for f in england(Spec { footprints: 3, ..Spec::default() }) {
        let group = f.organisations.iter().find(|o| o.kind == OrgKind::PrimaryCare && o.parent.is_none()).unwrap();
        let members = f.organisations.iter().filter(|o| o.parent.as_deref() == Some(group.code.as_str())).count();
        assert_eq!(group.members as usize, members);
        assert!((80..=220).contains(&members));
    }
}

#[test]
fn the_same_seed_gives_the_same_figures_and_another_seed_others() {
    let a = england(Spec::default());
    assert_eq!(a, england(Spec::default()));
    let scores = |seed| (2016..2026).map(|y| dma_score(seed, "Z01A1", "records", FinancialYear(y), 0.0, 100.0)).collect::<Vec<_>>();
    assert_eq!(scores(7), scores(7));
    assert_ne!(scores(7), scores(8));
}

#[test]
fn scores_stay_on_their_scale_in_whole_steps_and_some_fall_and_some_are_not_assessed() {
    let (mut falls, mut missing, mut total) = (0, 0, 0);
    for o in 0..200 {
        let org = format!("Z{o:03}");
        for theme in ["records", "orders", "transfers", "medicines", "decision-support"] {
            let mut last = None;
            for y in 2016..2026 {
                total += 1;
                let (min, max) = if y < 2024 { (0.0, 100.0) } else { (1.0, 5.0) };
                match dma_score(1, &org, theme, FinancialYear(y), min, max) {
                    None => missing += 1,
                    Some(s) => {
                        assert!((min..=max).contains(&s) && s.fract() == 0.0, "{s}");
                        if y < 2024 && last.is_some_and(|l| s < l) {
                            falls += 1;
                        }
                        last = Some(s);
                    }
                }
            }
        }
    }
    assert!(falls > total / 50, "some scores fall: {falls} of {total}");
    assert!((total / 60..total / 15).contains(&missing), "about one in thirty not assessed: {missing} of {total}");
}

#[test]
fn aims_and_measures_are_percentages_that_mostly_rise() {
    let (mut rises, mut pairs) = (0, 0);
    for f in 0..40 {
        let fp = format!("SYN{f:02}");
        let series: Vec<_> = (0..40).filter_map(|n| aim_percent(3, &fp, "4d", n)).collect();
        assert!(series.len() >= 36, "reported from the fourth quarter at the latest");
        for w in series.windows(2) {
            assert!((0.0..=100.0).contains(&w[1]));
            pairs += 1;
            rises += usize::from(w[1] >= w[0]);
        }
        let m = measure_percent(3, &fp, "pc-eps-live", 39);
        assert!((0.0..=100.0).contains(&m));
    }
    assert!(rises * 10 > pairs * 6, "mostly rising: {rises} of {pairs}");
}

#[test]
fn plans_are_met_missed_and_beaten() {
    let (mut met, mut missed, mut beaten) = (0, 0, 0);
    for o in 0..300 {
        let org = format!("Z{o:03}");
        let year = FinancialYear(2018);
        let Some(actual) = dma_score(5, &org, "records", year, 0.0, 100.0) else { continue };
        let plan = planned_score(5, &org, "records", FinancialYear(2016), year, 0.0, 100.0);
        match actual - plan {
            d if d.abs() <= 2.0 => met += 1,
            d if d < 0.0 => missed += 1,
            _ => beaten += 1,
        }
    }
    assert!(met > 0 && missed > 0 && beaten > 0, "met {met}, missed {missed}, beaten {beaten}");
}

#[test]
fn deployments_only_move_forward_and_most_go_live() {
    let order = |s: Option<Stage>| s.map_or(0, |s| s as u8 + 1);
    let mut live = 0;
    for o in 0..100 {
        let org = format!("Z{o:03}");
        let stages: Vec<_> = (0..40).map(|n| deployment_stage(9, &org, "records", n)).collect();
        assert!(stages.windows(2).all(|w| order(w[0]) <= order(w[1])), "{stages:?}");
        live += usize::from(stages[39] == Some(Stage::Active));
    }
    assert!(live > 60, "{live} of 100 live after ten years");
}

#[test]
fn some_returns_are_late_and_some_are_returned_for_changes() {
    let stories: Vec<_> = (0..1000).map(|n| return_story(4, "Z01A1", n)).collect();
    let returned = stories.iter().filter(|s| s.returned_once).count();
    let late = stories.iter().filter(|s| s.late).count();
    assert!((40..130).contains(&returned), "{returned}");
    assert!((50..150).contains(&late), "{late}");
}

#[test]
fn quarters_run_on_across_financial_years() {
    assert_eq!(quarter_after(FIRST_QUARTER, 0), FIRST_QUARTER);
    assert_eq!(quarter_after(FIRST_QUARTER, 3), PeriodCode { year: FinancialYear(2016), quarter: 4 });
    assert_eq!(quarter_after(FIRST_QUARTER, 4), PeriodCode { year: FinancialYear(2017), quarter: 1 });
    assert_eq!(quarter_after(FIRST_QUARTER, 39), PeriodCode { year: FinancialYear(2025), quarter: 4 });
}

#[test]
fn place_names_do_not_repeat_before_a_number_is_added() {
    let names: std::collections::HashSet<_> = (0..84).map(place).collect();
    assert_eq!(names.len(), 84);
    assert_eq!(place(84), "Northshire 2");
}
