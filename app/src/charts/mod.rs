//! Charts: pure functions from typed data to an SVG string. Each page that shows a chart
//! also shows the same figures as a table, so the chart is never the only way in.

mod aim_projection;
mod deployment_timeline;
mod dma_profile;
mod sparkline;
mod svg_a11y;
mod trajectory_chart;

pub use aim_projection::{aim_projection_chart, projection_quarters};
pub use deployment_timeline::{deployment_timeline_chart, status_colour, status_pattern};
pub use dma_profile::{dma_profile_chart, ProfileBar, BAR_COLOUR, BENCHMARK_COLOUR};
pub use sparkline::{sparkline_svg, sparkline_words};
pub use trajectory_chart::{style_of, trajectory_chart, ChartLine, Marker, TrajectoryChart, PALETTE};
