//! The report's charts: the pages' own chart functions, drawn once when a version is made.

use super::data::judged;
use super::ReportFacts;
use crate::charts::trajectory_chart;
use crate::report::document::Chart;
use crate::views::deployments::{timeline_chart, TIMELINE_TITLE};
use crate::views::trajectory_capability::capability_chart;

pub const DEPLOYMENT_TIMELINE: &str = "deployment-timeline";

/// The chart id of one capability's trajectory.
pub fn trajectory_id(capability_code: &str) -> String {
    format!("trajectory-{capability_code}")
}

pub fn charts(f: &ReportFacts) -> Vec<Chart> {
    let mut charts = Vec::new();
    if let Some(t) = &f.trajectories {
        let (method, judged) = judged(t);
        for (c, j) in t.capabilities.iter().zip(&judged) {
            let chart = capability_chart(c, j, t.scale, t.period, method);
            let id = trajectory_id(&c.capability.code);
            charts.push(Chart { svg: trajectory_chart(&chart, &id), id, title: chart.title, alt: chart.description });
        }
    }
    if !f.deployments.deployments.is_empty() {
        let (svg, alt) = timeline_chart(&f.deployments.deployments);
        charts.push(Chart { id: DEPLOYMENT_TIMELINE.into(), title: TIMELINE_TITLE.into(), alt, svg });
    }
    charts
}
