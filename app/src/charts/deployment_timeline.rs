//! The deployment timeline (the roadmap's Figure 10) as a hand-built SVG: a row per
//! deployment, grouped by organisation and capability, a column per financial year, and a bar
//! from its first year to its target marked by status three ways: colour, a fill pattern
//! (solid, diagonal hatching, dots in a dashed outline) and the status word beside its title.

use std::fmt::Write;

use super::svg_a11y::label_svg;
use crate::domain::FinancialYear;
use crate::facts::{timeline_years, DeploymentStatus, TimelineDeployment};

// Drawn for a phone's 358 px column and scaled by its viewBox (`.ldr-chart svg`): 460 units
// shown at 358 px make 16-unit text 12.5 px. More deployments make it taller, never smaller.
const WIDTH: f64 = 460.0;
const MARGIN: f64 = 10.0;
const TEXT: u32 = 16;
/// Widths at TEXT size, in user units: a character of a title (Arial averages under half an
/// em; a little over, so a cut title never meets its word), and of the bold status word.
const CHAR: f64 = 8.0;
const BOLD_CHAR: f64 = 9.5;
const BAR: f64 = 18.0;
const INK: &str = "#212B32";
const SECONDARY: &str = "#4C6272";
const GRID: &str = "#D8DDE0";
const PREFIX: &str = "ldr-deployment-timeline";

/// The Analysis Function's accessible palette, in its order, one colour per status.
pub fn status_colour(status: DeploymentStatus) -> &'static str {
    match status {
        DeploymentStatus::Active => "#12436D",
        DeploymentStatus::Committed => "#28A197",
        DeploymentStatus::Aspirational => "#801650",
    }
}

/// The pattern's name as the legend and the page's key say it.
pub fn status_pattern(status: DeploymentStatus) -> &'static str {
    match status {
        DeploymentStatus::Active => "solid",
        DeploymentStatus::Committed => "diagonal hatching",
        DeploymentStatus::Aspirational => "dots in a dashed outline",
    }
}

/// Text as SVG character data or an attribute value: nothing a title holds can become markup.
fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// A title cut to `max` characters, ending in an ellipsis when cut.
fn truncated(title: &str, max: usize) -> String {
    if title.chars().count() <= max {
        title.to_string()
    } else {
        format!("{}…", title.chars().take(max - 1).collect::<String>().trim_end())
    }
}

/// The SVG, or nothing when there is no deployment (the page says so in words). `title` is
/// the chart's accessible name; `description` says what it shows and where the table is.
pub fn deployment_timeline_chart(title: &str, description: &str, deployments: &[TimelineDeployment]) -> String {
    let years = timeline_years(deployments);
    if years.is_empty() {
        return String::new();
    }
    let mut body = String::new();
    let mut y = legend(&mut body);
    y = year_header(&mut body, &years, y);
    let top_of_rows = y;
    let mut last: Option<(&str, Option<&str>)> = None;
    for d in deployments {
        let org_changed = last.is_none_or(|(org, _)| org != d.organisation_code);
        if org_changed {
            y += 24.0;
            text(&mut body, MARGIN, y, &d.organisation, "font-weight=\"bold\"", INK);
            y += 6.0;
        }
        if org_changed || last.is_some_and(|(_, cap)| cap != d.capability_code.as_deref()) {
            y += 20.0;
            let capability = d.capability.as_deref().unwrap_or("No capability named");
            text(&mut body, MARGIN, y, capability, "font-style=\"italic\"", SECONDARY);
        }
        last = Some((&d.organisation_code, d.capability_code.as_deref()));
        y = bar(&mut body, d, &years, y);
    }
    let height = n(y + MARGIN + 6.0);
    let grid = grid_lines(&years, top_of_rows, height - MARGIN);
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{PREFIX}\" width=\"{WIDTH}\" height=\"{height}\" \
         viewBox=\"0 0 {WIDTH} {height}\" font-family=\"Frutiger W01, Arial, sans-serif\" font-size=\"{TEXT}\">\
         {defs}{grid}{body}</svg>",
        defs = patterns()
    );
    describe(&label_svg(&svg, &format!("{PREFIX}-title"), title), description)
}

/// A `<desc>` after the `<title>`, named as the chart's description.
fn describe(svg: &str, description: &str) -> String {
    let id = format!("{PREFIX}-desc");
    let labelled = svg.replacen(" role=\"img\"", &format!(" role=\"img\" aria-describedby=\"{id}\""), 1);
    labelled.replacen("</title>", &format!("</title><desc id=\"{id}\">{}</desc>", esc(description)), 1)
}

/// The two patterns (committed, aspirational); active is a plain fill.
fn patterns() -> String {
    let (committed, aspirational) = (status_colour(DeploymentStatus::Committed), status_colour(DeploymentStatus::Aspirational));
    format!(
        "<defs>\
         <pattern id=\"{PREFIX}-hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <rect width=\"8\" height=\"8\" fill=\"#FFFFFF\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"{committed}\" stroke-width=\"4\"/></pattern>\
         <pattern id=\"{PREFIX}-dots\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\">\
         <rect width=\"7\" height=\"7\" fill=\"#FFFFFF\"/><circle cx=\"3.5\" cy=\"3.5\" r=\"1.5\" fill=\"{aspirational}\"/></pattern>\
         </defs>"
    )
}

/// The fill and outline of a bar (or a legend swatch) of this status.
fn bar_style(status: DeploymentStatus) -> String {
    let colour = status_colour(status);
    match status {
        DeploymentStatus::Active => format!("fill=\"{colour}\" stroke=\"{colour}\" stroke-width=\"2\""),
        DeploymentStatus::Committed => format!("fill=\"url(#{PREFIX}-hatch)\" stroke=\"{colour}\" stroke-width=\"2\""),
        DeploymentStatus::Aspirational => {
            format!("fill=\"url(#{PREFIX}-dots)\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"4 3\"")
        }
    }
}

/// A coordinate to a tenth of a unit (no float noise in the markup).
fn n(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn text(out: &mut String, x: f64, y: f64, content: &str, extra: &str, fill: &str) {
    let extra = if extra.is_empty() { String::new() } else { format!(" {extra}") };
    let _ = write!(out, "<text x=\"{}\" y=\"{}\" fill=\"{fill}\"{extra}>{}</text>", n(x), n(y), esc(content));
}

/// The legend: a swatch and the word for each status, on one line. Returns its bottom.
fn legend(out: &mut String) -> f64 {
    let mut x = MARGIN;
    for status in DeploymentStatus::ALL {
        let _ = write!(out, "<rect x=\"{}\" y=\"{}\" width=\"26\" height=\"16\" {}/>", n(x), MARGIN + 2.0, bar_style(status));
        text(out, x + 32.0, MARGIN + 15.0, status.label(), "", INK);
        x += 32.0 + 8.6 * status.label().len() as f64 + 24.0;
    }
    MARGIN + 26.0
}

/// The x of a year's column's left edge, and the columns' width.
fn column(years: &[FinancialYear], year: FinancialYear) -> (f64, f64) {
    let width = (WIDTH - 2.0 * MARGIN) / years.len() as f64;
    (MARGIN + f64::from(year.0 - years[0].0) * width, width)
}

/// A label per column ("2016/17", or "16/17" when columns are narrow, or every other one when
/// narrower still), centred. Returns its bottom.
fn year_header(out: &mut String, years: &[FinancialYear], top: f64) -> f64 {
    let (_, width) = column(years, years[0]);
    let long = width >= 66.0;
    let label_width = if long { 62.0 } else { 44.0 };
    let step = (label_width / width).ceil().max(1.0) as usize;
    let y = top + 24.0;
    for year in years.iter().step_by(step) {
        let (x, w) = column(years, *year);
        let label = if long { year.label() } else { year.label()[2..].to_string() };
        text(out, x + w / 2.0, y, &label, "text-anchor=\"middle\" font-weight=\"bold\"", INK);
    }
    y + 6.0
}

/// A light line at each column's edge, under the rows.
fn grid_lines(years: &[FinancialYear], top: f64, bottom: f64) -> String {
    let mut out = String::new();
    for i in 0..=years.len() {
        let x = n(MARGIN + (WIDTH - 2.0 * MARGIN) * i as f64 / years.len() as f64);
        let _ = write!(out, "<line x1=\"{x}\" y1=\"{top}\" x2=\"{x}\" y2=\"{bottom}\" stroke=\"{GRID}\" stroke-width=\"1\"/>");
    }
    out
}

/// One deployment: its title (cut, the whole in its `<title>`) and status word on a line, its
/// bar under them across its years. Returns the bottom of its row.
fn bar(out: &mut String, d: &TimelineDeployment, years: &[FinancialYear], top: f64) -> f64 {
    let first = d.first_year();
    let span = match d.start_year.filter(|s| *s < d.target_year) {
        Some(start) => format!("{} to {}", start.label(), d.target_year.label()),
        None => d.target_year.label(),
    };
    let tooltip = format!("{} ({}): {}, {span}", d.title, d.organisation, d.status.label());
    let _ = write!(out, "<g class=\"{PREFIX}__bar {PREFIX}__bar--{}\"><title>{}</title>", d.status.code(), esc(&tooltip));
    let label_y = top + 20.0;
    let room = WIDTH - 2.0 * MARGIN - BOLD_CHAR * d.status.label().len() as f64 - 12.0;
    text(out, MARGIN, label_y, &truncated(&d.title, (room / CHAR) as usize), "", INK);
    text(out, WIDTH - MARGIN, label_y, d.status.label(), "text-anchor=\"end\" font-weight=\"bold\"", INK);
    let (x0, width) = column(years, first);
    let (x1, _) = column(years, d.target_year);
    let bar_y = label_y + 6.0;
    let _ = write!(
        out,
        "<rect x=\"{}\" y=\"{bar_y}\" width=\"{}\" height=\"{BAR}\" rx=\"2\" {}/></g>",
        n(x0 + 3.0),
        n(x1 + width - x0 - 6.0),
        bar_style(d.status)
    );
    bar_y + BAR + 4.0
}

#[cfg(test)]
#[path = "deployment_timeline_tests.rs"]
mod tests;
