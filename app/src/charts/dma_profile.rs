//! An organisation's DMA profile against its benchmark, as horizontal paired bars:
//! one bar for the organisation's score and one for the benchmark, per theme.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::svg_a11y::label_svg;
use crate::domain::values::format_number;

/// NHS blue for the organisation; NHS dark grey for the benchmark: distinct in greyscale
/// too, and every bar carries its number as text.
pub const BAR_COLOUR: &str = "#005EB8";
pub const BENCHMARK_COLOUR: &str = "#768692";
const ORG: RGBColor = RGBColor(0x00, 0x5E, 0xB8);
const BENCH: RGBColor = RGBColor(0x76, 0x86, 0x92);
const INK: RGBColor = RGBColor(0x21, 0x2B, 0x32);
const GRID: RGBColor = RGBColor(0xD8, 0xDD, 0xE0);

// Drawn for a phone: the SVG scales down to the column's width (358 px on a 390 px screen,
// `.ldr-chart svg { max-width: 100% }`) and up to WIDTH on a desktop, so its text is sized in
// user units that stay at least 12 px at the phone's width. Each theme's name has its own line
// above its bars, so long names need no wide left margin that would shrink the bars.
const WIDTH: u32 = 460;
const LEFT: i32 = 10;
const RIGHT: i32 = 60;
const ROW: i32 = 66;
const LABEL: i32 = 24;
const BAR: i32 = 14;
/// plotters writes `font-size` as the size given / 1.24; 21 -> 16.9 units -> 13.2 px on a phone.
const TEXT: u32 = 21;
const TITLE: u32 = 24;
/// Characters per line of the title at TITLE size (about half an em each).
const TITLE_CHARS: usize = 34;

#[derive(Debug, Clone, PartialEq)]
pub struct ProfileBar {
    pub label: String,
    pub score: Option<f64>,
    pub benchmark: Option<f64>,
}

/// Draw the chart. `scale_max` is the framework's top score (100 for DMA 2016).
pub fn dma_profile_chart(title: &str, org_label: &str, bench_label: &str, scale_max: f64, bars: &[ProfileBar]) -> String {
    let title_lines = wrap(title, TITLE_CHARS);
    let top = top_of_rows(title_lines.len());
    let height = (top + ROW * bars.len() as i32 + 50) as u32;
    let mut buf = String::new();
    // The string backend cannot fail in practice; if it did, the table beside the chart still stands.
    let drawn = draw(&mut buf, height, &title_lines, org_label, bench_label, scale_max, bars).is_ok();
    if drawn {
        label_svg(&buf, "dma-profile-title", title)
    } else {
        String::new()
    }
}

/// Where the first theme starts: below the title's lines and the legend.
fn top_of_rows(title_lines: usize) -> i32 {
    10 + 30 * title_lines as i32 + 40
}

/// Break `text` into lines of at most `width` characters at spaces (a longer word keeps its line).
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

fn draw<'a>(
    buf: &'a mut String,
    height: u32,
    title_lines: &[String],
    org_label: &str,
    bench_label: &str,
    scale_max: f64,
    bars: &[ProfileBar],
) -> Result<(), Box<dyn std::error::Error + 'a>> {
    let root = SVGBackend::with_string(buf, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let plot_width = WIDTH as i32 - LEFT - RIGHT;
    let x_of = |v: f64| LEFT + ((v / scale_max).clamp(0.0, 1.0) * plot_width as f64).round() as i32;
    let font = |size: u32| ("sans-serif", size).into_font().color(&INK);
    let top = top_of_rows(title_lines.len());
    let bottom = top + ROW * bars.len() as i32;

    for (i, line) in title_lines.iter().enumerate() {
        root.draw(&Text::new(line.clone(), (LEFT, 10 + 30 * i as i32), font(TITLE)))?;
    }
    // Legend: a swatch and a word for each series, side by side.
    let legend_y = top - 28;
    for (i, (colour, label)) in [(ORG, org_label), (BENCH, bench_label)].into_iter().enumerate() {
        let x = LEFT + i as i32 * 170;
        root.draw(&Rectangle::new([(x, legend_y - 8), (x + 16, legend_y + 8)], colour.filled()))?;
        root.draw(&Text::new(label.to_string(), (x + 22, legend_y), font(TEXT).pos(Pos::new(HPos::Left, VPos::Center))))?;
    }
    // Grid lines and the scale along the bottom.
    for step in 0..=4 {
        let v = scale_max * step as f64 / 4.0;
        let x = x_of(v);
        let anchor = match step {
            0 => HPos::Left,
            4 => HPos::Right,
            _ => HPos::Center,
        };
        root.draw(&PathElement::new(vec![(x, top), (x, bottom)], GRID.stroke_width(1)))?;
        root.draw(&Text::new(format_number(v), (x, bottom + 14), font(TEXT).pos(Pos::new(anchor, VPos::Center))))?;
    }
    root.draw(&Text::new("Score".to_string(), (LEFT + plot_width / 2, bottom + 38), font(TEXT).pos(Pos::new(HPos::Center, VPos::Center))))?;

    for (i, bar) in bars.iter().enumerate() {
        let y = top + ROW * i as i32;
        root.draw(&Text::new(bar.label.clone(), (LEFT, y + LABEL / 2), font(TEXT).pos(Pos::new(HPos::Left, VPos::Center))))?;
        for (value, colour, dy) in [(bar.score, ORG, LABEL), (bar.benchmark, BENCH, LABEL + BAR + 4)] {
            let top = y + dy;
            match value {
                Some(v) => {
                    root.draw(&Rectangle::new([(LEFT, top), (x_of(v).max(LEFT + 1), top + BAR)], colour.filled()))?;
                    root.draw(&Text::new(
                        format_number(v),
                        (x_of(v) + 4, top + BAR / 2),
                        font(TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
                    ))?;
                }
                None if dy == LABEL => {
                    root.draw(&Text::new(
                        "not assessed".to_string(),
                        (LEFT + 4, top + BAR / 2),
                        font(TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
                    ))?;
                }
                None => {}
            }
        }
    }
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars() -> Vec<ProfileBar> {
        vec![
            ProfileBar { label: "Records, Assessments & Plans".into(), score: Some(12.0), benchmark: Some(44.0) },
            ProfileBar { label: "Orders & Results Management".into(), score: None, benchmark: Some(55.0) },
            ProfileBar { label: "Leadership".into(), score: Some(84.0), benchmark: None },
        ]
    }

    #[test]
    fn the_chart_has_one_bar_per_figure_and_a_label_per_theme() {
        let svg = dma_profile_chart("GHFT against the national average", "GHFT", "National average", 100.0, &bars());
        assert!(svg.starts_with("<svg"));
        // Two scores and two benchmarks, plus one legend swatch for each series.
        assert_eq!(svg.matches(&format!("fill=\"{BAR_COLOUR}\"")).count(), 2 + 1);
        assert_eq!(svg.matches(&format!("fill=\"{BENCHMARK_COLOUR}\"")).count(), 2 + 1);
        for label in ["Records, Assessments &amp; Plans", "Orders &amp; Results Management", "Leadership", "not assessed"] {
            assert!(svg.contains(label), "missing label {label}");
        }
        for value in [">\n12\n<", ">\n44\n<", ">\n55\n<", ">\n84\n<"] {
            assert!(svg.contains(value), "missing value {value}");
        }
    }

    /// The narrowest column the chart is drawn into: a 390 px screen less the page's margins.
    const PHONE_COLUMN_PX: f64 = 358.0;

    /// Every `font-size` in the SVG, in its own units.
    fn font_sizes(svg: &str) -> Vec<f64> {
        svg.split("font-size=\"").skip(1).map(|rest| rest.split('"').next().unwrap().parse().unwrap()).collect()
    }

    #[test]
    fn every_text_is_at_least_12_px_when_the_chart_shrinks_to_a_phone() {
        let svg =
            dma_profile_chart("GHFT digital maturity against its peer group, 2016/17 Q1", "GHFT", "Peer group average", 100.0, &bars());
        assert!(svg.contains(&format!("viewBox=\"0 0 {WIDTH} ")), "the chart scales with its viewBox");
        let sizes = font_sizes(&svg);
        assert!(sizes.len() > 10, "{sizes:?}");
        let scale = PHONE_COLUMN_PX / f64::from(WIDTH);
        for size in sizes {
            assert!(size * scale >= 12.0, "font-size {size} renders at {:.1} px on a phone", size * scale);
        }
    }

    #[test]
    fn a_long_title_wraps_onto_lines_that_fit() {
        let lines = wrap("GHFT digital maturity against its peer group, 2016/17 Q1", TITLE_CHARS);
        assert_eq!(lines, ["GHFT digital maturity against its", "peer group, 2016/17 Q1"]);
        assert!(lines.iter().all(|l| l.chars().count() <= TITLE_CHARS));
    }

    #[test]
    fn the_chart_is_labelled_for_assistive_technology() {
        let svg = dma_profile_chart("A title", "Org", "Bench", 100.0, &bars());
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"dma-profile-title\">A title</title>"));
    }
}
