//! The trajectory chart's drawing: solid and dashed lines, marker shapes, labels, escaping.

use super::*;

fn q(year: i32, quarter: u8) -> PeriodCode {
    PeriodCode { year: FinancialYear(year), quarter }
}

fn line(label: &str, actual: &[(PeriodCode, f64)], planned: &[(i32, f64)]) -> ChartLine {
    ChartLine { label: label.into(), actual: actual.to_vec(), planned: planned.iter().map(|(y, v)| (FinancialYear(*y), *v)).collect() }
}

fn chart() -> TrajectoryChart {
    TrajectoryChart {
        title: "Records: the system is 4 points behind its plan".into(),
        description: "GHFT & GCS <scores> by quarter".into(),
        scale: Scale { min: 0.0, max: 100.0, step: 1.0 },
        organisations: vec![
            line("GHFT", &[(q(2016, 1), 12.0), (q(2016, 2), 20.0), (q(2017, 2), 30.0)], &[(2016, 20.0), (2017, 50.0)]),
            line("GCS & <Co>", &[(q(2016, 1), 58.0), (q(2017, 2), 62.0)], &[(2016, 60.0), (2017, 70.0)]),
            line("2gether", &[(q(2016, 1), 51.0)], &[(2017, 65.0)]),
        ],
        system: line("Whole system", &[(q(2016, 1), 40.0), (q(2017, 2), 46.0)], &[(2016, 40.0), (2017, 61.0)]),
    }
}

/// Every `<polyline>` drawn in `colour` with `width`.
fn polylines(svg: &str, colour: &str, width: u32) -> usize {
    svg.split("<polyline")
        .skip(1)
        .filter(|p| p.contains(&format!("stroke=\"{colour}\"")) && p.contains(&format!("stroke-width=\"{width}\"")))
        .count()
}

#[test]
fn actual_scores_are_one_solid_line_and_plans_a_dashed_one() {
    let svg = trajectory_chart(&chart(), "records-chart");
    // GHFT's three scores: one unbroken polyline. Its plan: many short dashes.
    assert_eq!(polylines(&svg, PALETTE[0], ACTUAL_WIDTH), 1);
    assert!(polylines(&svg, PALETTE[0], PLANNED_WIDTH) > 3, "dashed: many short pieces");
    // The whole system in bold ink, wider than any organisation's line (and in the key).
    assert_eq!(polylines(&svg, "#0B0C0C", SYSTEM_WIDTH), 2);
}

#[test]
fn organisations_differ_by_marker_shape_and_colour_and_each_line_is_labelled() {
    let svg = trajectory_chart(&chart(), "records-chart");
    assert_ne!(style_of(0), style_of(1));
    assert!(svg.contains("<circle"), "the first organisation's circles");
    assert!(svg.contains("<rect") && svg.matches("<rect").count() > 1, "the second's squares (beyond the background)");
    assert!(svg.contains("<polygon"), "the third's triangles");
    for label in ["GHFT", "2gether", "Whole system", "Actual", "Planned", "Financial year", "2016/17"] {
        assert!(svg.contains(label), "{label} in {svg}");
    }
    assert!(svg.contains(&format!("fill=\"{}\"", PALETTE[2])), "third colour used");
}

#[test]
fn the_chart_has_a_title_and_a_description_and_escapes_every_text() {
    let svg = trajectory_chart(&chart(), "records-chart");
    assert!(svg.contains("<title id=\"records-chart\">Records: the system is 4 points behind its plan</title>"));
    assert!(svg.contains("aria-describedby=\"records-chart-desc\""));
    assert!(svg.contains("<desc id=\"records-chart-desc\">GHFT &amp; GCS &lt;scores&gt; by quarter</desc>"));
    assert!(svg.contains("GCS &amp; &lt;Co&gt;") && !svg.contains("<Co>"), "a label is text, never markup");
}

#[test]
fn every_text_is_at_least_12_px_on_a_phone_and_an_empty_chart_says_so() {
    let svg = trajectory_chart(&chart(), "c");
    assert!(svg.contains(&format!("viewBox=\"0 0 {WIDTH} ")));
    let scale = 358.0 / f64::from(WIDTH);
    for size in svg.split("font-size=\"").skip(1).map(|r| r.split('"').next().unwrap().parse::<f64>().unwrap()) {
        assert!(size * scale >= 12.0, "font-size {size} is {:.1} px on a phone", size * scale);
    }
    let empty = TrajectoryChart { organisations: vec![], system: line("Whole system", &[], &[]), ..chart() };
    assert!(trajectory_chart(&empty, "c").contains("No approved scores up to this quarter"));
}
