//! A small template and form builder shared by the sections' tests.
use crate::domain::{FinancialYear, PeriodCode, Scale};
use crate::returns::form::RawForm;
use crate::returns::template::{AimItem, FrameworkTemplate, MeasureItem, ReturnTemplate, ThemeItem};

/// Two themes (records is PF@PoC, so it has a trajectory), aim 4d, one percentage measure
/// and one official deployment, for 2016-17 Q2.
pub(crate) fn template() -> ReturnTemplate {
    let theme = |code: &str, pf_poc| ThemeItem { code: code.into(), name: code.to_uppercase(), group: "G".into(), pf_poc };
    ReturnTemplate {
        period: PeriodCode { year: FinancialYear(2016), quarter: 2 },
        framework: Some(FrameworkTemplate {
            id: 1,
            name: "DMA".into(),
            scale: Scale { min: 0.0, max: 100.0, step: 1.0 },
            themes: vec![theme("records", true), theme("leadership", false)],
        }),
        aims: vec![AimItem { code: "4d".into(), text: "Aim".into(), capability: "C".into() }],
        measures: vec![MeasureItem {
            code: "nhs-number".into(),
            name: "NHS number".into(),
            unit: "percent".into(),
            qualifier: String::new(),
        }],
        deployment_ids: vec![7],
    }
}

pub(crate) fn raw(pairs: &[(&str, &str)]) -> RawForm {
    RawForm::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
}
