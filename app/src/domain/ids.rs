//! Typed database ids, so an organisation id cannot be passed where a period id is expected.

macro_rules! typed_id {
    ($($name:ident),*) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { self.0.fmt(f) }
        }
    )*};
}

typed_id!(FootprintId, OrgId, PeriodId, ThemeId, UserId, AimId, MeasureId, DeploymentId, ReturnId);
