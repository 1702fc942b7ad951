//! The timeline's SVG: a bar per deployment, each status marked three ways, text escaped.

use super::*;
use crate::facts::deployment_timeline::sample;
use DeploymentStatus::{Active, Aspirational, Committed};

fn chart(ds: &[TimelineDeployment]) -> String {
    deployment_timeline_chart("Deployments by year", "Each bar runs from its start year to its target year.", ds)
}

fn three() -> Vec<TimelineDeployment> {
    vec![
        sample("TrakCare EPR (Smartcare) first stage: PAS", Some(2015), 2016, Active),
        sample("Digital clinical notes in all specialties", None, 2017, Committed),
        sample("Paperless primary and urgent care", Some(2017), 2018, Aspirational),
    ]
}

#[test]
fn each_deployment_has_one_bar_and_each_year_a_column() {
    let svg = chart(&three());
    assert_eq!(svg.matches(&format!("<g class=\"{PREFIX}__bar ")).count(), 3, "{svg}");
    for year in ["2015/16", "2016/17", "2017/18", "2018/19"] {
        assert!(svg.contains(&format!(">{year}</text>")), "{year}");
    }
    // 2015/16 to 2016/17: two of the four columns (110 units each) less the gaps.
    assert!(svg.contains("width=\"214\" height=\"18\""), "{svg}");
}

#[test]
fn each_status_is_marked_by_a_pattern_and_a_word_as_well_as_a_colour() {
    let svg = chart(&three());
    assert!(svg.contains(&format!("fill=\"{}\" stroke", status_colour(Active))), "active is solid");
    assert!(svg.contains(&format!("<pattern id=\"{PREFIX}-hatch\"")) && svg.contains(&format!("fill=\"url(#{PREFIX}-hatch)\"")));
    assert!(svg.contains(&format!("<pattern id=\"{PREFIX}-dots\"")) && svg.contains(&format!("fill=\"url(#{PREFIX}-dots)\"")));
    assert!(svg.contains("stroke-dasharray"), "aspirational has a dashed outline");
    for word in ["Active", "Committed", "Aspirational"] {
        // Once in the legend, once beside its bar's title.
        assert_eq!(svg.matches(&format!(">{word}</text>")).count(), 2, "{word}");
    }
}

#[test]
fn the_chart_is_an_image_with_a_title_and_a_description() {
    let svg = chart(&three());
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(svg.contains("role=\"img\"") && svg.contains(&format!("aria-labelledby=\"{PREFIX}-title\"")));
    assert!(svg.contains(&format!("aria-describedby=\"{PREFIX}-desc\"")));
    assert!(svg.contains(&format!("<title id=\"{PREFIX}-title\">Deployments by year</title><desc id=\"{PREFIX}-desc\">")));
    assert!(svg.contains("viewBox=\"0 0 460 "), "scales by its viewBox");
}

#[test]
fn long_titles_are_cut_with_the_whole_title_in_a_tooltip() {
    let long = "A very long deployment title that runs on well past the width of a phone";
    let svg = chart(&[sample(long, None, 2016, Committed)]);
    assert!(svg.contains(&format!("<title>{long} (GHFT): Committed, 2016/17</title>")), "{svg}");
    assert!(svg.contains(">A very long deployment title that runs on…</text>"), "{svg}");
}

#[test]
fn rows_are_grouped_by_organisation_then_capability() {
    let mut ds = three();
    ds[2].organisation_code = "R1J".into();
    ds[2].organisation = "GCS".into();
    ds[1].capability_code = Some("medicines".into());
    ds[1].capability = Some("Medicines Management & Optimisation".into());
    let svg = chart(&ds);
    assert_eq!(svg.matches(">GHFT</text>").count(), 1);
    assert_eq!(svg.matches(">GCS</text>").count(), 1);
    assert_eq!(svg.matches(">Records, Assessments &amp; Plans</text>").count(), 2, "again under GCS");
    assert!(svg.contains(">Medicines Management &amp; Optimisation</text>"));
}

#[test]
fn more_deployments_make_the_chart_taller_not_smaller() {
    let few = chart(&three());
    let many: Vec<TimelineDeployment> = (0..30).map(|i| sample(&format!("Deployment {i}"), None, 2016 + i % 3, Active)).collect();
    let many = chart(&many);
    let height = |svg: &str| svg.split("height=\"").nth(1).and_then(|h| h.split('"').next()).and_then(|h| h.parse::<f64>().ok());
    assert!(height(&many) > height(&few));
    assert!(many.contains("font-size=\"16\"") && few.contains("font-size=\"16\""));
}

#[test]
fn hostile_titles_are_escaped() {
    let svg = chart(&[sample("<script>alert(1)</script> & \"q\"", None, 2016, Active)]);
    assert!(!svg.contains("<script>"), "{svg}");
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;"));
}

#[test]
fn no_deployments_draw_nothing() {
    assert_eq!(chart(&[]), "");
}
