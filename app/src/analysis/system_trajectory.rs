//! A footprint's whole-system figure for a capability: its organisations' figures (a baseline,
//! a plan for a year, a score) combined by a stated method, with the spread and the
//! organisation that pulls the system down most.
//!
//! The rules, in one place:
//! - Mean (the default): the plain average of the organisations with a figure.
//! - Minimum: the lowest organisation's figure (the system is as mature as its weakest part).
//! - Weighted: the average weighted by each organisation's staff headcount. Only when every
//!   organisation in the system has a headcount; otherwise the mean, and the page says why.
//! - An organisation with no figure ("not assessed", or no plan) is left out, never a zero.
//! - Pulls the system down most: the organisation furthest behind its own plan for the year;
//!   when no organisation has both a score and a plan, the one furthest below the system figure.

use serde::Serialize;

/// How the organisations' figures are combined.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    #[default]
    Mean,
    Minimum,
    Weighted,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::Mean, Method::Minimum, Method::Weighted];

    /// As the address writes it: `?method=minimum`.
    pub fn code(self) -> &'static str {
        match self {
            Method::Mean => "mean",
            Method::Minimum => "minimum",
            Method::Weighted => "weighted",
        }
    }

    /// The method asked for in the address; none (or empty) is the mean.
    pub fn from_query(code: Option<&str>) -> Option<Method> {
        match code.map(str::trim).filter(|c| !c.is_empty()) {
            None => Some(Method::Mean),
            Some(c) => Method::ALL.into_iter().find(|m| m.code() == c),
        }
    }

    /// "Mean", for a choice or a column.
    pub fn label(self) -> &'static str {
        match self {
            Method::Mean => "Mean",
            Method::Minimum => "Lowest organisation",
            Method::Weighted => "Weighted by staff headcount",
        }
    }

    /// The method as the page states it.
    pub fn in_words(self) -> &'static str {
        match self {
            Method::Mean => "the mean (plain average) of the organisations' figures",
            Method::Minimum => "the lowest organisation's figure: the system is taken to be as mature as its least mature part",
            Method::Weighted => "the average of the organisations' figures weighted by each organisation's staff headcount",
        }
    }
}

/// The method a page uses: the one asked for, unless it is weighted and some organisation
/// has no size, when it is the mean and `without_size` names the organisations without one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MethodChoice {
    pub asked: Method,
    pub used: Method,
    pub without_size: Vec<String>,
}

/// Choose the method for a system of organisations, each (name, staff headcount).
pub fn choose_method(asked: Method, organisations: &[(String, Option<i64>)]) -> MethodChoice {
    let without_size: Vec<String> = organisations.iter().filter(|(_, size)| size.is_none()).map(|(n, _)| n.clone()).collect();
    let used = if asked == Method::Weighted && !without_size.is_empty() { Method::Mean } else { asked };
    MethodChoice { asked, used, without_size: if asked == Method::Weighted { without_size } else { Vec::new() } }
}

/// One organisation's figure to combine: `value` None when it has none (not assessed, no plan).
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub name: String,
    pub value: Option<f64>,
    pub size: Option<i64>,
}

/// A whole-system figure with what it was made from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SystemFigure {
    pub method: Method,
    /// None when no organisation has a figure.
    pub value: Option<f64>,
    /// How many organisations' figures went into it.
    pub counted: usize,
    /// The organisations left out for want of a figure.
    pub missing: Vec<String>,
    /// The lowest and highest organisation, with their figures.
    pub lowest: Option<(String, f64)>,
    pub highest: Option<(String, f64)>,
}

/// Combine the members' figures by `method` (weighted falls back to the mean when a member
/// with a figure has no size: [`choose_method`] normally decides that for the whole page).
pub fn aggregate(method: Method, members: &[Member]) -> SystemFigure {
    let with: Vec<(&Member, f64)> = members.iter().filter_map(|m| m.value.map(|v| (m, v))).collect();
    let missing = members.iter().filter(|m| m.value.is_none()).map(|m| m.name.clone()).collect();
    let by_value = |a: &&(&Member, f64), b: &&(&Member, f64)| a.1.total_cmp(&b.1);
    let lowest = with.iter().min_by(by_value).map(|(m, v)| (m.name.clone(), *v));
    let highest = with.iter().max_by(by_value).map(|(m, v)| (m.name.clone(), *v));
    let mean = || (!with.is_empty()).then(|| with.iter().map(|(_, v)| v).sum::<f64>() / with.len() as f64);
    let value = match method {
        Method::Mean => mean(),
        Method::Minimum => lowest.as_ref().map(|(_, v)| *v),
        Method::Weighted => {
            let sizes: Option<Vec<f64>> = with.iter().map(|(m, _)| m.size.map(|s| s as f64)).collect();
            match sizes {
                Some(sizes) if sizes.iter().sum::<f64>() > 0.0 => {
                    let total: f64 = sizes.iter().sum();
                    Some(with.iter().zip(&sizes).map(|((_, v), s)| v * s).sum::<f64>() / total)
                }
                _ => mean(),
            }
        }
    };
    SystemFigure { method, value, counted: with.len(), missing, lowest, highest }
}

/// What the organisation that pulls the system down is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Against {
    /// Its own plan for the year.
    Plan(f64),
    /// The whole-system figure.
    System(f64),
}

/// The organisation that pulls the system down most, and by how many points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PullsDown {
    pub name: String,
    pub actual: f64,
    pub against: Against,
    /// How far below it is (points, above zero).
    pub by: f64,
}

/// One organisation's latest score and its plan for the year, for [`pulls_down`].
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub name: String,
    pub actual: Option<f64>,
    pub plan: Option<f64>,
}

/// The organisation furthest behind its own plan for the year; when no organisation has both
/// a score and a plan, the one furthest below the system figure. None when nobody falls short.
pub fn pulls_down(standings: &[Standing], system: Option<f64>) -> Option<PullsDown> {
    let worst = |candidates: Vec<PullsDown>| {
        candidates.into_iter().filter(|p| p.by > 1e-9).max_by(|a, b| a.by.total_cmp(&b.by).then_with(|| b.name.cmp(&a.name)))
    };
    let against_plan: Vec<PullsDown> = standings
        .iter()
        .filter_map(|s| match (s.actual, s.plan) {
            (Some(actual), Some(plan)) => Some(PullsDown { name: s.name.clone(), actual, against: Against::Plan(plan), by: plan - actual }),
            _ => None,
        })
        .collect();
    if !against_plan.is_empty() {
        return worst(against_plan);
    }
    let system = system?;
    worst(
        standings
            .iter()
            .filter_map(|s| {
                s.actual.map(|a| PullsDown { name: s.name.clone(), actual: a, against: Against::System(system), by: system - a })
            })
            .collect(),
    )
}

/// How "pulls the system down most" is worked out, as the page says it.
pub const PULLS_DOWN_RULE: &str = "The organisation that pulls the system down most is the one furthest behind its own plan for \
     this financial year (its plan minus its latest approved score); when no organisation has both a score and a plan for the \
     year, it is the one furthest below the whole-system figure.";

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, value: Option<f64>, size: Option<i64>) -> Member {
        Member { name: name.into(), value, size }
    }

    /// GHFT 12, GCS 58, 2gether 51 (the 2016 DMA's records scores), SWASFT not assessed.
    fn glos() -> Vec<Member> {
        vec![
            member("GHFT", Some(12.0), Some(7000)),
            member("GCS", Some(58.0), Some(2000)),
            member("2gether", Some(51.0), Some(1000)),
            member("SWASFT", None, Some(4000)),
        ]
    }

    #[test]
    fn the_mean_averages_the_organisations_with_a_figure_and_names_those_without() {
        let f = aggregate(Method::Mean, &glos());
        assert_eq!(f.value, Some(40.333333333333336), "(12 + 58 + 51) / 3: not assessed is no zero");
        assert_eq!(f.counted, 3);
        assert_eq!(f.missing, ["SWASFT"]);
        assert_eq!(f.lowest, Some(("GHFT".into(), 12.0)));
        assert_eq!(f.highest, Some(("GCS".into(), 58.0)));
    }

    #[test]
    fn the_minimum_is_the_lowest_organisation() {
        let f = aggregate(Method::Minimum, &glos());
        assert_eq!(f.value, Some(12.0));
        assert_eq!(f.method, Method::Minimum);
    }

    #[test]
    fn weighted_weighs_each_figure_by_staff_headcount() {
        let f = aggregate(Method::Weighted, &glos());
        // (12 x 7000 + 58 x 2000 + 51 x 1000) / 10000: SWASFT's size does not count without a score.
        assert_eq!(f.value, Some(25.1));
    }

    #[test]
    fn weighted_is_not_used_when_an_organisation_has_no_size_and_the_names_say_why() {
        let orgs = vec![("GHFT".to_string(), Some(7000)), ("GCS".to_string(), None), ("GCC".to_string(), None)];
        let c = choose_method(Method::Weighted, &orgs);
        assert_eq!((c.asked, c.used), (Method::Weighted, Method::Mean));
        assert_eq!(c.without_size, ["GCS", "GCC"]);
        let all_sized = vec![("GHFT".to_string(), Some(7000))];
        assert_eq!(choose_method(Method::Weighted, &all_sized).used, Method::Weighted);
        let c = choose_method(Method::Minimum, &orgs);
        assert_eq!((c.used, c.without_size.len()), (Method::Minimum, 0), "sizes only matter to weighted");
        // A figure asked for weighted with a member without size is the mean, not a guess.
        let without_size = [member("A", Some(10.0), None), member("B", Some(20.0), Some(5))];
        assert_eq!(aggregate(Method::Weighted, &without_size).value, Some(15.0));
    }

    #[test]
    fn one_organisation_is_the_system_whatever_the_method() {
        for method in Method::ALL {
            let f = aggregate(method, &[member("GHFT", Some(12.0), Some(7000))]);
            assert_eq!(f.value, Some(12.0), "{method:?}");
            assert_eq!(f.lowest, f.highest);
        }
    }

    #[test]
    fn no_organisations_or_none_assessed_give_no_figure() {
        for method in Method::ALL {
            assert_eq!(aggregate(method, &[]).value, None, "{method:?}");
            let f = aggregate(method, &[member("SWASFT", None, Some(4000))]);
            assert_eq!((f.value, f.counted, f.lowest), (None, 0, None), "{method:?}");
            assert_eq!(f.missing, ["SWASFT"]);
        }
    }

    #[test]
    fn the_method_in_the_address_is_read_and_an_unknown_one_refused() {
        assert_eq!(Method::from_query(None), Some(Method::Mean));
        assert_eq!(Method::from_query(Some("")), Some(Method::Mean));
        for m in Method::ALL {
            assert_eq!(Method::from_query(Some(m.code())), Some(m));
        }
        assert_eq!(Method::from_query(Some("median")), None);
    }

    fn standing(name: &str, actual: Option<f64>, plan: Option<f64>) -> Standing {
        Standing { name: name.into(), actual, plan }
    }

    #[test]
    fn the_organisation_furthest_behind_its_own_plan_pulls_the_system_down_most() {
        let s = [standing("GHFT", Some(12.0), Some(20.0)), standing("GCS", Some(40.0), Some(60.0)), standing("RTQ", Some(5.0), None)];
        let p = pulls_down(&s, Some(19.0)).expect("someone is behind");
        assert_eq!((p.name.as_str(), p.by, p.against), ("GCS", 20.0, Against::Plan(60.0)), "plans first, not the lowest score");
    }

    #[test]
    fn without_plans_the_organisation_furthest_below_the_system_figure_pulls_it_down() {
        let s = [standing("GHFT", Some(12.0), None), standing("GCS", Some(58.0), None), standing("SWASFT", None, None)];
        let p = pulls_down(&s, Some(35.0)).expect("GHFT is below");
        assert_eq!((p.name.as_str(), p.by, p.against), ("GHFT", 23.0, Against::System(35.0)));
        assert_eq!(pulls_down(&[standing("GHFT", Some(12.0), None)], Some(12.0)), None, "one organisation is the system");
        assert_eq!(pulls_down(&[standing("GHFT", Some(30.0), Some(20.0))], Some(30.0)), None, "ahead of plan pulls nothing down");
        assert_eq!(pulls_down(&[], None), None);
    }
}
