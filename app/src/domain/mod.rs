//! Domain types: validated values and typed ids, parsed once at the boundary.

pub mod dates;
pub mod deadline;
pub mod decimal;
pub mod framework_period;
mod ids;
mod kinds;
mod period;
mod rag;
pub mod values;

pub use dates::{long_date, long_date_time};
pub use deadline::deadline_has_passed;
pub use framework_period::{framework_for, framework_for_organisations, FrameworkSpan, InForce};
pub use ids::{AimId, DeploymentId, FootprintId, MeasureId, OrgId, PeriodId, ReturnId, ThemeId, UserId};
pub use kinds::{OrgKind, Role};
pub use period::{FinancialYear, PeriodCode};
pub use rag::Rag;
pub use values::{Percent, Scale, Score, ValueError};
