//! The footprint's progress on the aims (Table 5), entered by the programme office: the
//! aims section's questions (`aims.rs`) and each aim's goal for the plan's years.

use super::{aims, FigureWrite, Section};
use super::{FormPart, SectionTable};
use crate::returns::compare::Change;
use crate::returns::diff::FieldChange;
use crate::returns::figures::{AimFigures, SectionFigures};
use crate::returns::form::{FieldErrors, RawForm};
use crate::returns::template::ReturnTemplate;
use crate::returns::SectionKind;

pub struct FootprintAims;

impl Section for FootprintAims {
    type Figures = AimFigures;
    const KIND: SectionKind = SectionKind::FootprintAims;
    const CODE: &'static str = "footprint_aims";
    const SLUG: &'static str = "footprint-aims";
    const TITLE: &'static str = "Footprint progress on the aims (Table 5)";

    fn wrap(figures: AimFigures) -> SectionFigures {
        SectionFigures::FootprintAims(figures)
    }
    fn unwrap(figures: &SectionFigures) -> Option<&AimFigures> {
        match figures {
            SectionFigures::FootprintAims(f) => Some(f),
            _ => None,
        }
    }
    fn applies(&self, t: &ReturnTemplate) -> bool {
        !t.aims.is_empty()
    }
    fn fields(&self, t: &ReturnTemplate) -> Vec<String> {
        aims::fields(t, true)
    }
    fn to_raw(&self, _: &ReturnTemplate, f: &AimFigures, raw: &mut RawForm) {
        aims::to_raw(f, raw)
    }
    fn parse(&self, t: &ReturnTemplate, raw: &RawForm, errors: &mut FieldErrors) -> AimFigures {
        aims::parse(t, raw, true, errors)
    }
    /// Goals are optional: the footprint may set them in a later quarter.
    fn missing(&self, t: &ReturnTemplate, f: &AimFigures) -> Vec<(String, String)> {
        aims::missing(t, f)
    }
    fn compare(&self, t: &ReturnTemplate, before: Option<&AimFigures>, after: &AimFigures, threshold: f64) -> Vec<Change> {
        aims::compare(Self::KIND, t, before, after, threshold)
    }
    fn diff(&self, t: &ReturnTemplate, before: &AimFigures, after: &AimFigures) -> Vec<FieldChange> {
        aims::diff(t, before, after)
    }
    fn summary(&self, t: &ReturnTemplate, f: &AimFigures) -> String {
        aims::summary(t, f)
    }
    fn figure_writes(&self, _: &ReturnTemplate, f: &AimFigures) -> Vec<FigureWrite> {
        aims::writes(f, true)
    }

    fn form(&self, t: &ReturnTemplate) -> Vec<FormPart> {
        aims::form(t, true)
    }
    fn table(&self, t: &ReturnTemplate, f: &AimFigures) -> SectionTable {
        aims::table(t, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{FinancialYear, Percent};
    use crate::returns::sections::test_support::{raw, template};

    #[test]
    fn goals_are_asked_after_the_rag_status_and_a_bad_goal_names_its_year() {
        let t = template();
        let fields = FootprintAims.fields(&t);
        assert_eq!(
            fields,
            ["completeness-4d", "no-data-4d", "rag-4d", "goal-4d-2016", "goal-4d-2017", "goal-4d-2018", "goal-4d-2019", "narrative-4d"]
        );
        let mut errors = FieldErrors::default();
        let f = FootprintAims.parse(&t, &raw(&[("goal-4d-2017", "150"), ("goal-4d-2018", "60")]), &mut errors);
        assert_eq!(errors.0.len(), 1);
        assert_eq!(
            (errors.0[0].field.as_str(), errors.0[0].message.as_str()),
            ("goal-4d-2017", "Goal for aim 4d in 2017/18 must be between 0 and 100")
        );
        assert_eq!(f.aims["4d"].goals, [(2018, 60.0)].into());
        // Goals alone do not answer the aim.
        assert_eq!(FootprintAims.missing(&t, &f).len(), 2);
    }

    #[test]
    fn approval_replaces_the_footprints_goals_and_an_organisations_aims_leave_goals_alone() {
        let t = template();
        let mut errors = FieldErrors::default();
        let form = raw(&[("no-data-4d", "yes"), ("rag-4d", "red"), ("goal-4d-2018", "60")]);
        let f = FootprintAims.parse(&t, &form, &mut errors);
        let writes = FootprintAims.figure_writes(&t, &f);
        let FigureWrite::AimProgress { completeness, rag, goals, .. } = &writes[0] else { panic!("{writes:?}") };
        assert_eq!((*completeness, *rag), (None, Some(crate::domain::Rag::Red)));
        assert_eq!(goals.as_ref().unwrap(), &[(FinancialYear(2018), Percent::new(60.0).unwrap())].into());
        let FigureWrite::AimProgress { goals, .. } = &super::super::Aims.figure_writes(&t, &f)[0] else { panic!() };
        assert_eq!(goals, &None);
    }
}
