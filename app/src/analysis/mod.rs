//! The analysis behind the dashboards: comparisons with benchmarks, RAG counts, theme summaries,
//! capability trajectories.

mod benchmark;
pub mod computed_rag;
pub mod exceptions;
pub mod initiative_priority;
mod like_for_like;
mod plan_standing;
mod rag_counts;
pub mod series;
pub mod system_trajectory;
mod theme_summary;
mod trajectory;
pub mod trajectory_by_capability;

pub use benchmark::{best_benchmark, compare, BenchmarkCandidate, Cell, Comparison};
pub use like_for_like::{like_for_like, national_by_kind, KindTotal, LikeForLike, METHOD as LIKE_FOR_LIKE_METHOD};
pub use plan_standing::{plan_standing, plan_standing_words, PlanStanding};
pub use rag_counts::RagCounts;
pub use theme_summary::{summarise_theme, ThemeSummary};
pub use trajectory::{plan_years, trajectory_line, TrajectoryLine};
pub use trajectory_by_capability::{judge_capability, year_actual, years_shown, CapabilityJudged, OrgJudged, SystemYear};
