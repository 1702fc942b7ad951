//! A capability's trajectories (the roadmap's Figures 8 and 9) as a line chart: each
//! organisation's approved scores by quarter (solid) and its plan for each financial year
//! (dashed, at the year's end), the whole system in bold. Organisations are told apart by
//! marker shape and a label at the line's end as well as by colour.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

use super::dma_profile::wrap;
use super::svg_a11y::label_svg;
use crate::domain::values::format_number;
use crate::domain::{FinancialYear, PeriodCode, Scale};

/// The Analysis Function's categorical palette, in order; the whole system is drawn in ink.
pub const PALETTE: [&str; 4] = ["#12436D", "#28A197", "#801650", "#F46A25"];
const COLOURS: [RGBColor; 4] =
    [RGBColor(0x12, 0x43, 0x6D), RGBColor(0x28, 0xA1, 0x97), RGBColor(0x80, 0x16, 0x50), RGBColor(0xF4, 0x6A, 0x25)];
const INK: RGBColor = RGBColor(0x0B, 0x0C, 0x0C);
const GRID: RGBColor = RGBColor(0xD8, 0xDD, 0xE0);

// Drawn for a phone's 358 px column and scaled by the viewBox: at 500 units wide, text of 21
// (plotters writes 21 / 1.24 = 16.9 units) is 12.1 px on the phone.
const WIDTH: u32 = 500;
const LEFT: i32 = 44;
/// Room at the right for each line's label.
const RIGHT: i32 = 150;
const PLOT_HEIGHT: i32 = 260;
const TEXT: u32 = 21;
const TITLE: u32 = 24;
const TITLE_CHARS: usize = 36;
/// Labels at the lines' ends are at least this far apart, so none overlaps another.
const LABEL_GAP: i32 = 19;
/// Planned lines: dashes of 8 units with gaps of 6.
const DASH: i32 = 8;
const GAP: i32 = 6;
pub const ACTUAL_WIDTH: u32 = 3;
pub const PLANNED_WIDTH: u32 = 2;
pub const SYSTEM_WIDTH: u32 = 5;

/// One line of the chart: approved scores by quarter and plans by financial year.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartLine {
    /// Short, for the label at the line's end ("GHFT").
    pub label: String,
    pub actual: Vec<(PeriodCode, f64)>,
    pub planned: Vec<(FinancialYear, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TrajectoryChart {
    /// States the finding ("The system is 4 points behind its plan for 2017/18").
    pub title: String,
    /// The chart in a sentence or two, for `<desc>`.
    pub description: String,
    pub scale: Scale,
    pub organisations: Vec<ChartLine>,
    pub system: ChartLine,
}

/// Marker shapes, taken in order with the colours (so 20 organisations differ in one or both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    DownTriangle,
}

pub const MARKERS: [Marker; 5] = [Marker::Circle, Marker::Square, Marker::Triangle, Marker::Diamond, Marker::DownTriangle];

/// The colour and marker of the `i`th organisation.
pub fn style_of(i: usize) -> (&'static str, Marker) {
    (PALETTE[i % PALETTE.len()], MARKERS[i % MARKERS.len()])
}

/// A quarter's place along the time axis (one unit a quarter).
fn index(p: PeriodCode) -> i32 {
    p.year.0 * 4 + i32::from(p.quarter) - 1
}

/// A year's plan is for the year's end: its fourth quarter.
fn year_end(y: FinancialYear) -> i32 {
    index(PeriodCode { year: y, quarter: 4 })
}

fn points(line: &ChartLine) -> impl Iterator<Item = i32> + '_ {
    line.actual.iter().map(|(p, _)| index(*p)).chain(line.planned.iter().map(|(y, _)| year_end(*y)))
}

/// Draw the chart: an SVG with a `<title>` and `<desc>`; the page's table gives the same figures.
pub fn trajectory_chart(chart: &TrajectoryChart, id: &str) -> String {
    let title_lines = wrap(&chart.title, TITLE_CHARS);
    let top = 14 + 30 * title_lines.len() as i32 + 44;
    let height = (top + PLOT_HEIGHT + 60) as u32;
    let mut buf = String::new();
    // The string backend cannot fail in practice; if it did, the table under the chart still stands.
    if draw(&mut buf, chart, &title_lines, top, height).is_err() {
        return String::new();
    }
    describe(&label_svg(&buf, id, &chart.title), id, &chart.description)
}

/// Add `<desc>` after the title, named by `aria-describedby`.
fn describe(svg: &str, id: &str, description: &str) -> String {
    let escaped = description.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    svg.replacen(&format!("aria-labelledby=\"{id}\""), &format!("aria-labelledby=\"{id}\" aria-describedby=\"{id}-desc\""), 1).replacen(
        "</title>",
        &format!("</title><desc id=\"{id}-desc\">{escaped}</desc>"),
        1,
    )
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

fn marker(root: &Area, at: (i32, i32), shape: Marker, colour: RGBColor) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    let (x, y) = at;
    let r = 5;
    match shape {
        Marker::Circle => root.draw(&Circle::new(at, r, colour.filled())),
        Marker::Square => root.draw(&Rectangle::new([(x - r, y - r), (x + r, y + r)], colour.filled())),
        Marker::Triangle => root.draw(&Polygon::new(vec![(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)], colour.filled())),
        Marker::Diamond => root.draw(&Polygon::new(vec![(x, y - r - 2), (x + r + 2, y), (x, y + r + 2), (x - r - 2, y)], colour.filled())),
        Marker::DownTriangle => root.draw(&Polygon::new(vec![(x - r - 1, y - r), (x + r + 1, y - r), (x, y + r + 1)], colour.filled())),
    }
}

/// Where the plot sits, and how a quarter and a score map onto it.
struct Frame {
    /// The first and last quarter shown (whole financial years).
    first: i32,
    last: i32,
    top: i32,
    bottom: i32,
    scale: Scale,
}

impl Frame {
    const PLOT_WIDTH: i32 = WIDTH as i32 - LEFT - RIGHT;

    fn x(&self, quarter: i32) -> i32 {
        LEFT + ((quarter - self.first) as f64 / (self.last - self.first) as f64 * Self::PLOT_WIDTH as f64).round() as i32
    }

    fn y(&self, v: f64) -> i32 {
        let (min, max) = (self.scale.min, self.scale.max);
        self.bottom - (((v - min) / (max - min)).clamp(0.0, 1.0) * PLOT_HEIGHT as f64).round() as i32
    }

    fn actual(&self, line: &ChartLine) -> Vec<(i32, i32)> {
        line.actual.iter().map(|(p, v)| (self.x(index(*p)), self.y(*v))).collect()
    }

    fn planned(&self, line: &ChartLine) -> Vec<(i32, i32)> {
        line.planned.iter().map(|(y, v)| (self.x(year_end(*y)), self.y(*v))).collect()
    }
}

type Drawn<'a> = Result<(), Box<dyn std::error::Error + 'a>>;

fn text(
    root: &Area,
    words: impl Into<String>,
    at: (i32, i32),
    font: FontDesc,
    h: HPos,
) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    root.draw(&Text::new(words.into(), at, font.color(&INK).pos(Pos::new(h, VPos::Center))))
}

fn plain(size: u32) -> FontDesc<'static> {
    ("sans-serif", size).into_font()
}

fn bold() -> FontDesc<'static> {
    ("sans-serif", TEXT).into_font().style(FontStyle::Bold)
}

fn draw<'a>(buf: &'a mut String, chart: &TrajectoryChart, title_lines: &[String], top: i32, height: u32) -> Drawn<'a> {
    let root = SVGBackend::with_string(buf, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE)?;
    for (i, line) in title_lines.iter().enumerate() {
        root.draw(&Text::new(line.clone(), (LEFT - 34, 14 + 30 * i as i32), plain(TITLE).color(&INK)))?;
    }
    draw_key(&root, top - 26)?;
    let all = chart.organisations.iter().chain(std::iter::once(&chart.system));
    let xs: Vec<i32> = all.flat_map(points).collect();
    // Whole financial years: from the first year's Q1 to the last year's Q4.
    let first = xs.iter().min().copied().unwrap_or(0).div_euclid(4) * 4;
    let last = xs.iter().max().copied().unwrap_or(0).div_euclid(4) * 4 + 3;
    let frame = Frame { first, last, top, bottom: top + PLOT_HEIGHT, scale: chart.scale };
    draw_axes(&root, &frame)?;
    let labels = draw_lines(&root, chart, &frame)?;
    draw_labels(&root, labels, &frame)?;
    if chart.system.actual.is_empty() && chart.organisations.iter().all(|l| l.actual.is_empty()) {
        text(&root, "No approved scores up to this quarter", (LEFT + 6, top + PLOT_HEIGHT / 2), plain(TEXT), HPos::Left)?;
    }
    root.present()?;
    Ok(())
}

/// The key: what solid, dashed and bold mean.
fn draw_key(root: &Area, y: i32) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    root.draw(&PathElement::new(vec![(LEFT - 34, y), (LEFT - 6, y)], INK.stroke_width(ACTUAL_WIDTH)))?;
    text(root, "Actual", (LEFT, y), plain(TEXT), HPos::Left)?;
    root.draw(&DashedPathElement::new(vec![(LEFT + 76, y), (LEFT + 110, y)], DASH, GAP, INK.stroke_width(PLANNED_WIDTH)))?;
    text(root, "Planned", (LEFT + 116, y), plain(TEXT), HPos::Left)?;
    root.draw(&PathElement::new(vec![(LEFT + 206, y), (LEFT + 234, y)], INK.stroke_width(SYSTEM_WIDTH)))?;
    text(root, "System", (LEFT + 240, y), bold(), HPos::Left)
}

/// The score grid at the left and the financial years along the bottom: a tick at each year's
/// start and at most four labels, each in the middle of its year.
fn draw_axes(root: &Area, f: &Frame) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    let right = LEFT + Frame::PLOT_WIDTH;
    for step in 0..=4 {
        let v = f.scale.min + (f.scale.max - f.scale.min) * f64::from(step) / 4.0;
        root.draw(&PathElement::new(vec![(LEFT, f.y(v)), (right, f.y(v))], GRID.stroke_width(1)))?;
        text(root, format_number(v), (LEFT - 6, f.y(v)), plain(TEXT), HPos::Right)?;
    }
    let years: Vec<i32> = (f.first / 4..=f.last / 4).collect();
    for y in &years {
        root.draw(&PathElement::new(vec![(f.x(y * 4), f.bottom), (f.x(y * 4), f.bottom + 6)], INK.stroke_width(1)))?;
    }
    for y in years.iter().step_by(years.len().div_ceil(4).max(1)) {
        let middle = (f.x(y * 4) + f.x(y * 4 + 4).min(right)) / 2;
        text(root, FinancialYear(*y).label(), (middle, f.bottom + 20), plain(TEXT), HPos::Center)?;
    }
    text(root, "Financial year", (LEFT + Frame::PLOT_WIDTH / 2, f.bottom + 46), plain(TEXT), HPos::Center)
}

/// A label for the right margin: (height of the line's last point, words, colour, marker;
/// no marker for the whole system, whose label is bold).
type EndLabel = (i32, String, RGBColor, Option<Marker>);

/// A line through two points or more; a single point is only its marker (a one-point
/// polyline is invalid SVG, which renderers such as the PDF's skip with a warning).
fn solid<'a>(root: &Area<'a>, points: &[(i32, i32)], style: ShapeStyle) -> Result<(), Box<dyn std::error::Error + 'a>> {
    if points.len() >= 2 {
        root.draw(&PathElement::new(points.to_vec(), style))?;
    }
    Ok(())
}

fn dashed<'a>(root: &Area<'a>, points: &[(i32, i32)], dash: i32, style: ShapeStyle) -> Result<(), Box<dyn std::error::Error + 'a>> {
    if points.len() >= 2 {
        root.draw(&DashedPathElement::new(points.to_vec(), dash, GAP, style))?;
    }
    Ok(())
}

fn draw_lines<'a>(root: &Area<'a>, chart: &TrajectoryChart, f: &Frame) -> Result<Vec<EndLabel>, Box<dyn std::error::Error + 'a>> {
    let mut labels = Vec::new();
    for (i, line) in chart.organisations.iter().enumerate() {
        let (colour, shape) = (COLOURS[i % COLOURS.len()], MARKERS[i % MARKERS.len()]);
        let (actual, planned) = (f.actual(line), f.planned(line));
        dashed(root, &planned, DASH, colour.stroke_width(PLANNED_WIDTH))?;
        solid(root, &actual, colour.stroke_width(ACTUAL_WIDTH))?;
        for at in actual.iter().chain(&planned) {
            marker(root, *at, shape, colour)?;
        }
        if let Some(end) = actual.iter().chain(&planned).max_by_key(|(x, _)| *x) {
            labels.push((end.1, line.label.clone(), colour, Some(shape)));
        }
    }
    // The whole system last, so it lies on top.
    let (actual, planned) = (f.actual(&chart.system), f.planned(&chart.system));
    dashed(root, &planned, DASH + 4, INK.stroke_width(SYSTEM_WIDTH - 2))?;
    solid(root, &actual, INK.stroke_width(SYSTEM_WIDTH))?;
    if let Some(end) = actual.iter().chain(&planned).max_by_key(|(x, _)| *x) {
        labels.push((end.1, chart.system.label.clone(), INK, None));
    }
    Ok(labels)
}

/// Each line's label in the right margin, level with its last point, nudged apart.
fn draw_labels(root: &Area, mut labels: Vec<EndLabel>, f: &Frame) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    labels.sort_by_key(|l| l.0);
    let mut next_free = f.top - 4;
    let x = LEFT + Frame::PLOT_WIDTH + 12;
    for (y, label, colour, shape) in labels {
        let y = y.max(next_free);
        next_free = y + LABEL_GAP;
        match shape {
            Some(shape) => {
                marker(root, (x, y), shape, colour)?;
                text(root, label, (x + 10, y), plain(TEXT), HPos::Left)?;
            }
            None => text(root, label, (x + 10, y), bold(), HPos::Left)?,
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "trajectory_chart_tests.rs"]
mod tests;
