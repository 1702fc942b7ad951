//! An aim's projection as a small chart: its approved figures (dots), the least-squares line
//! through the ones used, carried on to the goal date (dashed), and the goal (a labelled
//! line). The page gives the same figures as a table.

use super::svg_a11y::label_svg;
use crate::analysis::computed_rag::{quarter_at, quarter_index, Line};
use crate::domain::PeriodCode;

const W: f64 = 358.0;
const H: f64 = 200.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 36.0;

/// The quarters the chart spans: from the first figure to the goal date or the line's end.
pub fn projection_quarters(figures: &[(PeriodCode, f64)], until: PeriodCode) -> Vec<PeriodCode> {
    let Some(first) = figures.iter().map(|(p, _)| *p).min() else { return Vec::new() };
    let last = until.max(figures.iter().map(|(p, _)| *p).max().unwrap_or(first));
    // At most five years, so a far-off goal does not squeeze the figures into a corner.
    let end = quarter_index(last).min(quarter_index(first) + 20);
    (quarter_index(first)..=end).map(quarter_at).collect()
}

/// The chart; `line` is the fitted rate of progress (None: no line), `goal` the goal's value.
pub fn aim_projection_chart(title: &str, figures: &[(PeriodCode, f64)], line: Option<Line>, goal: Option<(PeriodCode, f64)>) -> String {
    let until = goal.map(|(p, _)| p).unwrap_or_else(|| figures.iter().map(|(p, _)| *p).max().unwrap_or(quarter_at(0)));
    let quarters = projection_quarters(figures, until);
    if quarters.is_empty() {
        return String::new();
    }
    let n = quarters.len().max(2) as f64 - 1.0;
    let x = |p: PeriodCode| LEFT + (W - LEFT - RIGHT) * f64::from(quarter_index(p) - quarter_index(quarters[0])) / n;
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - v.clamp(0.0, 100.0) / 100.0);
    let mut svg =
        format!(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" class="ldr-chart-svg">"#);
    for v in [0.0, 50.0, 100.0] {
        svg += &format!(
            r##"<line x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#d8dde0"/><text x="{}" y="{:.1}" font-size="12" text-anchor="end">{v} %</text>"##,
            W - RIGHT,
            LEFT - 4.0,
            y(v) + 4.0,
            y = y(v)
        );
    }
    let first = quarters[0];
    let last = *quarters.last().expect("not empty");
    svg += &format!(r#"<text x="{LEFT}" y="{}" font-size="12">{}</text>"#, H - 8.0, first.label());
    svg += &format!(r#"<text x="{}" y="{}" font-size="12" text-anchor="end">{}</text>"#, W - RIGHT, H - 8.0, last.label());
    if let Some((by, value)) = goal {
        svg += &format!(
            r##"<line x1="{LEFT}" x2="{}" y1="{gy:.1}" y2="{gy:.1}" stroke="#007f3b" stroke-width="2"/><text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end">Goal {value} % by {}</text>"##,
            W - RIGHT,
            W - RIGHT,
            y(value) - 4.0,
            by.label(),
            gy = y(value)
        );
    }
    if let Some(line) = line {
        svg += &format!(
            r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#005eb8" stroke-width="2" stroke-dasharray="6 4"/>"##,
            x(first),
            y(line.at(first)),
            x(last),
            y(line.at(last))
        );
    }
    for (p, v) in figures {
        svg += &format!(r##"<circle cx="{:.1}" cy="{:.1}" r="4" fill="#212b32"/>"##, x(*p), y(*v));
    }
    svg += "</svg>";
    label_svg(&svg, "aim-projection-title", title)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::computed_rag::least_squares;

    fn q(code: &str) -> PeriodCode {
        code.parse().unwrap()
    }

    #[test]
    fn the_chart_has_a_dot_per_figure_a_dashed_line_and_the_goal_in_words() {
        let figures = [(q("2016-17-q1"), 40.0), (q("2016-17-q2"), 50.0), (q("2016-17-q3"), 60.0)];
        let line = least_squares(&figures);
        let svg = aim_projection_chart("Aim 4d <projection>", &figures, line, Some((q("2016-17-q4"), 80.0)));
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains("stroke-dasharray"));
        assert!(svg.contains("Goal 80 % by 2016/17 Q4"));
        assert!(svg.contains("<title id=\"aim-projection-title\">Aim 4d &lt;projection&gt;</title>"));
        assert_eq!(projection_quarters(&figures, q("2016-17-q4")).len(), 4);
    }

    #[test]
    fn no_figures_no_chart_and_a_far_goal_is_cut_at_five_years() {
        assert_eq!(aim_projection_chart("t", &[], None, None), "");
        let figures = [(q("2016-17-q1"), 10.0)];
        assert_eq!(projection_quarters(&figures, q("2030-31-q4")).len(), 21);
    }
}
