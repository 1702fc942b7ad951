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

const WIDTH: u32 = 760;
const LEFT: i32 = 270;
const RIGHT: i32 = 50;
const TOP: i32 = 70;
const ROW: i32 = 36;
const BAR: i32 = 13;

#[derive(Debug, Clone, PartialEq)]
pub struct ProfileBar {
    pub label: String,
    pub score: Option<f64>,
    pub benchmark: Option<f64>,
}

/// Draw the chart. `scale_max` is the framework's top score (100 for DMA 2016).
pub fn dma_profile_chart(title: &str, org_label: &str, bench_label: &str, scale_max: f64, bars: &[ProfileBar]) -> String {
    let height = (TOP + ROW * bars.len() as i32 + 50) as u32;
    let mut buf = String::new();
    // The string backend cannot fail in practice; if it did, the table beside the chart still stands.
    let drawn = draw(&mut buf, height, title, org_label, bench_label, scale_max, bars).is_ok();
    if drawn {
        label_svg(&buf, "dma-profile-title", title)
    } else {
        String::new()
    }
}

fn draw<'a>(
    buf: &'a mut String,
    height: u32,
    title: &str,
    org_label: &str,
    bench_label: &str,
    scale_max: f64,
    bars: &[ProfileBar],
) -> Result<(), Box<dyn std::error::Error + 'a>> {
    let root = SVGBackend::with_string(buf, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let plot_width = WIDTH as i32 - LEFT - RIGHT;
    let x_of = |v: f64| LEFT + ((v / scale_max).clamp(0.0, 1.0) * plot_width as f64).round() as i32;
    let font = |size: i32| ("sans-serif", size).into_font().color(&INK);
    let bottom = TOP + ROW * bars.len() as i32;

    root.draw(&Text::new(title.to_string(), (10, 8), font(22)))?;
    // Legend: a swatch and a word for each series.
    for (i, (colour, label)) in [(ORG, org_label), (BENCH, bench_label)].into_iter().enumerate() {
        let x = 10 + i as i32 * 330;
        root.draw(&Rectangle::new([(x, 38), (x + 14, 52)], colour.filled()))?;
        root.draw(&Text::new(label.to_string(), (x + 20, 45), font(16).pos(Pos::new(HPos::Left, VPos::Center))))?;
    }
    // Grid lines and the scale along the bottom.
    for step in 0..=4 {
        let v = scale_max * step as f64 / 4.0;
        let x = x_of(v);
        root.draw(&PathElement::new(vec![(x, TOP - 4), (x, bottom)], GRID.stroke_width(1)))?;
        root.draw(&Text::new(format_number(v), (x, bottom + 12), font(15).pos(Pos::new(HPos::Center, VPos::Center))))?;
    }
    root.draw(&Text::new("Score".to_string(), (LEFT + plot_width / 2, bottom + 32), font(16).pos(Pos::new(HPos::Center, VPos::Center))))?;

    for (i, bar) in bars.iter().enumerate() {
        let y = TOP + ROW * i as i32;
        root.draw(&Text::new(bar.label.clone(), (LEFT - 8, y + BAR), font(16).pos(Pos::new(HPos::Right, VPos::Center))))?;
        for (value, colour, dy) in [(bar.score, ORG, 0), (bar.benchmark, BENCH, BAR + 2)] {
            let top = y + dy;
            match value {
                Some(v) => {
                    root.draw(&Rectangle::new([(LEFT, top), (x_of(v).max(LEFT + 1), top + BAR)], colour.filled()))?;
                    root.draw(&Text::new(
                        format_number(v),
                        (x_of(v) + 4, top + BAR / 2),
                        font(14).pos(Pos::new(HPos::Left, VPos::Center)),
                    ))?;
                }
                None if dy == 0 => {
                    root.draw(&Text::new(
                        "not assessed".to_string(),
                        (LEFT + 4, top + BAR / 2),
                        font(14).pos(Pos::new(HPos::Left, VPos::Center)),
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

    #[test]
    fn the_chart_is_labelled_for_assistive_technology() {
        let svg = dma_profile_chart("A title", "Org", "Bench", 100.0, &bars());
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"dma-profile-title\">A title</title>"));
    }
}
