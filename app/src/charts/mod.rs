//! Charts: pure functions from typed data to an SVG string. Each page that shows a chart
//! also shows the same figures as a table, so the chart is never the only way in.

mod dma_profile;
mod svg_a11y;
mod trajectory_chart;

pub use dma_profile::{dma_profile_chart, ProfileBar, BAR_COLOUR, BENCHMARK_COLOUR};
pub use trajectory_chart::{style_of, trajectory_chart, ChartLine, Marker, TrajectoryChart, PALETTE};
