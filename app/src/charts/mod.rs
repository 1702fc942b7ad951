//! Charts: pure functions from typed data to an SVG string. Each page that shows a chart
//! also shows the same figures as a table, so the chart is never the only way in.

mod deployment_timeline;
mod dma_profile;
mod svg_a11y;

pub use deployment_timeline::{deployment_timeline_chart, status_colour, status_pattern};
pub use dma_profile::{dma_profile_chart, ProfileBar, BAR_COLOUR, BENCHMARK_COLOUR};
