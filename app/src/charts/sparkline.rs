//! A sparkline: a figure's history over its approved quarters as a small line beside the
//! figure, with its words as the image's label (the text alternative), so the trend is
//! never only a shape.

use crate::domain::PeriodCode;

const WIDTH: f64 = 96.0;
const HEIGHT: f64 = 24.0;
const PAD: f64 = 3.0;

/// The history in words: "40 % in 2016/17 Q1, not assessed in 2016/17 Q2, 60 % in 2016/17 Q3".
pub fn sparkline_words(points: &[(PeriodCode, Option<f64>)], unit: &str) -> String {
    if points.is_empty() {
        return "No approved figures yet".to_string();
    }
    let each = points.iter().map(|(p, v)| match v {
        Some(v) => format!("{}{unit} in {}", crate::domain::values::format_number(*v), p.label()),
        None => format!("not assessed in {}", p.label()),
    });
    format!("History: {}", each.collect::<Vec<_>>().join(", "))
}

/// The SVG for a history on a scale from `min` to `max`: a line through the assessed quarters
/// (a gap where one was not assessed), the latest a dot. None with fewer than two figures:
/// one point is no trend, and the words say so better.
pub fn sparkline_svg(points: &[(PeriodCode, Option<f64>)], min: f64, max: f64, unit: &str) -> Option<String> {
    let assessed = points.iter().filter(|(_, v)| v.is_some()).count();
    if assessed < 2 || max <= min {
        return None;
    }
    let n = points.len() as f64;
    let x = |i: usize| PAD + (WIDTH - 2.0 * PAD) * (i as f64) / (n - 1.0).max(1.0);
    let y = |v: f64| PAD + (HEIGHT - 2.0 * PAD) * (1.0 - ((v - min) / (max - min)).clamp(0.0, 1.0));
    let mut runs: Vec<Vec<String>> = vec![Vec::new()];
    let mut last = None;
    for (i, (_, v)) in points.iter().enumerate() {
        match v {
            Some(v) => {
                runs.last_mut().expect("one run at least").push(format!("{:.1},{:.1}", x(i), y(*v)));
                last = Some((x(i), y(*v)));
            }
            None => runs.push(Vec::new()),
        }
    }
    let lines: String = runs
        .iter()
        .filter(|r| r.len() >= 2)
        .map(|r| format!(r#"<polyline points="{}" fill="none" stroke="currentColor" stroke-width="1.5"/>"#, r.join(" ")))
        .collect();
    let dot = last.map_or_else(String::new, |(cx, cy)| format!(r#"<circle cx="{cx:.1}" cy="{cy:.1}" r="2.5" fill="currentColor"/>"#));
    let words = escape(&sparkline_words(points, unit));
    Some(format!(
        r#"<svg class="ldr-sparkline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{words}" focusable="false"><title>{words}</title>{lines}{dot}</svg>"#
    ))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(code: &str) -> PeriodCode {
        code.parse().unwrap()
    }

    #[test]
    fn the_words_give_every_quarter_including_one_not_assessed() {
        let points = [(q("2016-17-q1"), Some(40.0)), (q("2016-17-q2"), None), (q("2016-17-q3"), Some(60.5))];
        assert_eq!(sparkline_words(&points, " %"), "History: 40 % in 2016/17 Q1, not assessed in 2016/17 Q2, 60.5 % in 2016/17 Q3");
        assert_eq!(sparkline_words(&[], " %"), "No approved figures yet");
    }

    #[test]
    fn a_gap_splits_the_line_and_the_latest_figure_is_a_dot() {
        let points = [
            (q("2016-17-q1"), Some(0.0)),
            (q("2016-17-q2"), Some(50.0)),
            (q("2016-17-q3"), None),
            (q("2016-17-q4"), Some(100.0)),
            (q("2017-18-q1"), Some(100.0)),
        ];
        let svg = sparkline_svg(&points, 0.0, 100.0, " %").unwrap();
        assert_eq!(svg.matches("<polyline").count(), 2, "{svg}");
        assert!(svg.contains(r#"points="3.0,21.0 25.5,12.0""#), "0 at the bottom, 50 half way: {svg}");
        assert!(svg.contains(r#"<circle cx="93.0" cy="3.0""#), "the latest, 100, at the top right");
        assert!(svg.contains("role=\"img\"") && svg.contains("aria-label=\"History: 0 % in 2016/17 Q1"));
    }

    #[test]
    fn one_figure_is_no_trend() {
        assert_eq!(sparkline_svg(&[(q("2016-17-q1"), Some(10.0))], 0.0, 100.0, " %"), None);
        assert_eq!(sparkline_svg(&[(q("2016-17-q1"), Some(10.0)), (q("2016-17-q2"), None)], 0.0, 100.0, " %"), None);
    }
}
