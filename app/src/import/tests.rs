//! The import's pure parts: file type, CSV, layouts, the preview, and a bounded fuzz.

use std::collections::HashMap;

use proptest::prelude::*;

use super::*;
use crate::domain::{FootprintId, OrgId, OrgKind, Scale, ThemeId};

const DMA: Scale = Scale { min: 0.0, max: 100.0, step: 1.0 };

fn orgs() -> HashMap<String, OrgRef> {
    let org = |id, code: &str, fp, kind| {
        (code.to_string(), OrgRef { id: OrgId(id), code: code.to_string(), name: format!("Org {code}"), footprint: FootprintId(fp), kind })
    };
    [
        org(1, "RTE", 1, OrgKind::Acute),
        org(2, "RTQ", 1, OrgKind::MentalHealth),
        org(3, "RXX", 2, OrgKind::Acute),
        org(4, "11M", 1, OrgKind::Commissioner),
    ]
    .into_iter()
    .collect()
}

fn themes() -> Vec<ThemeRef> {
    vec![
        ThemeRef { id: ThemeId(10), code: "leadership".into(), name: "Leadership".into() },
        ThemeRef { id: ThemeId(11), code: "governance".into(), name: "Governance".into() },
    ]
}

fn preview_of(
    csv: &str,
    scope: Option<i64>,
    current: &HashMap<(OrgId, ThemeId), Option<f64>>,
    mapping: &HashMap<String, ThemeId>,
) -> Preview {
    let file = read_layout(&parse_csv(csv.as_bytes()).expect("csv")).expect("layout");
    let (orgs, themes) = (orgs(), themes());
    let cx = Context {
        orgs: &orgs,
        themes: &themes,
        scale: DMA,
        framework_name: "DMA",
        kinds: &[OrgKind::Acute, OrgKind::MentalHealth],
        scope: scope.map(FootprintId),
        current,
        mapping,
    };
    plan(&file, &cx)
}

#[test]
fn the_long_and_the_wide_layout_give_the_same_rows() {
    let long = "ODS code,Theme,Score\nRTE,Leadership,80\nRTE,governance,70\n";
    let wide = "\u{feff}Organisation code,Organisation name,Leadership,Governance\nRTE,Gloucestershire Hospitals,80,70\n";
    let (none, map) = (HashMap::new(), HashMap::new());
    let a = preview_of(long, None, &none, &map);
    let b = preview_of(wide, None, &none, &map);
    assert_eq!(a.problems, vec![]);
    assert_eq!(b.problems, vec![]);
    let scores = |p: &Preview| p.rows.iter().map(|r| (r.org.0, r.theme.0, r.score.value())).collect::<Vec<_>>();
    assert_eq!(scores(&a), vec![(1, 10, 80.0), (1, 11, 70.0)]);
    assert_eq!(scores(&a), scores(&b));
    assert_eq!(read_layout(&parse_csv(wide.as_bytes()).unwrap()).unwrap().layout, LayoutKind::Wide);
}

#[test]
fn each_row_is_an_addition_a_change_or_unchanged_against_the_quarter() {
    let current = HashMap::from([((OrgId(1), ThemeId(10)), Some(80.0)), ((OrgId(1), ThemeId(11)), Some(60.0))]);
    let p = preview_of("ODS code,Theme,Score\nRTE,Leadership,80\nRTE,Governance,70\nRTQ,Leadership,50\n", None, &current, &HashMap::new());
    let changes: Vec<Change> = p.rows.iter().map(|r| r.change).collect();
    assert_eq!(changes, vec![Change::Unchanged, Change::Change { before: Some(60.0) }, Change::Add]);
    assert!(p.ready());
    assert_eq!((p.added(), p.changed(), p.unchanged()), (1, 1, 1));
}

#[test]
fn every_bad_row_is_a_problem_named_by_row_and_column() {
    let csv = "ODS code,Theme,Score\nZZZ,Leadership,80\nRTE,Leadrship,80\nRTE,Leadership,101\nRTE,Leadership,12.5\nRTE,Governance,40\nRTE,Governance,41\n11M,Leadership,50\n";
    let p = preview_of(csv, None, &HashMap::new(), &HashMap::new());
    let shown: Vec<String> = p.problems.iter().map(ToString::to_string).collect();
    let expected = [
        "row 2, column A: no organisation has the ODS code \"ZZZ\"",
        "row 3, column B: \"Leadrship\" is not a theme of DMA",
        "row 4, column C: \"101\": 101 is above the scale maximum 100",
        "row 5, column C: \"12.5\": 12.5 is not a step of 1",
        "row 7, column C: RTE and Governance are given twice (also on row 6)",
        "row 8, column A: 11M is a commissioner",
    ];
    assert_eq!(shown.len(), expected.len(), "{shown:#?}");
    for (got, want) in shown.iter().zip(expected) {
        assert!(got.starts_with(want), "got {got}, expected {want}");
    }
    assert!(!p.ready());
    assert_eq!(p.unmatched, vec!["Leadrship".to_string()]);
}

#[test]
fn a_mapped_name_stands_for_the_theme_chosen() {
    let mapping = HashMap::from([("leadrship".to_string(), ThemeId(10))]);
    let p = preview_of("ODS code,Leadrship\nRTE,80\n", None, &HashMap::new(), &mapping);
    assert_eq!(p.problems, vec![]);
    assert_eq!(p.rows[0].theme, ThemeId(10));
}

#[test]
fn rows_of_other_footprints_are_skipped_in_a_footprints_own_import() {
    let p = preview_of("ODS code,Leadership,Governance\nRTE,80,70\nRXX,50,50\n", Some(1), &HashMap::new(), &HashMap::new());
    assert_eq!(p.rows.len(), 2);
    assert_eq!(p.skipped.iter().map(|s| (s.row, s.org_code.as_str())).collect::<Vec<_>>(), vec![(3, "RXX")]);
}

#[test]
fn files_that_are_not_what_they_say_are_refused() {
    assert_eq!(detect("scores.pdf", b"x"), Err(Refusal::WrongType));
    assert_eq!(detect("scores.xlsx", b"\x89PNG\r\n\x1a\n"), Err(Refusal::NotWhatItSays(".xlsx")));
    assert_eq!(detect("scores.csv", b"PK\x03\x04rest"), Err(Refusal::NotWhatItSays(".csv")));
    assert_eq!(detect("scores.csv", b""), Err(Refusal::Empty));
    assert_eq!(detect("Scores.CSV", b"a,b"), Ok(FileKind::Csv));
    assert_eq!(detect("scores.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"), Err(Refusal::ProtectedOrOld));
    for name in ["scores.xlsm", "Scores.XLSM", "scores.xltm", "scores.xlam"] {
        assert_eq!(detect(name, b"PK\x03\x04rest"), Err(Refusal::MacroEnabled), "{name}");
    }
    assert_eq!(parse_csv(b"ODS code,Theme,Score\nRTE,Leadership,80\nRTE,Gouvernance \xe9,80\n"), Err(Refusal::NotUtf8 { row: 3 }));
    assert_eq!(read_layout(&parse_csv(b"ODS code,Theme,Score\n").unwrap()), Err(vec![Refusal::Empty]));
    assert_eq!(read_layout(&parse_csv(b"Name,Other\nx,y\n").unwrap()), Err(vec![Refusal::NoLayout]));
}

#[test]
fn a_cell_a_spreadsheet_could_run_is_refused_by_row_and_column() {
    let sheet = parse_csv(b"ODS code,Theme,Score\nRTE,Leadership,80\nRTE,\"=cmd|' /C calc'!A0\",80\nRTE,Governance,-1\n").unwrap();
    let refused = read_layout(&sheet).unwrap_err();
    assert_eq!(refused.len(), 1, "-1 is a number, judged by the scale: {refused:?}");
    assert_eq!(refused[0].position(), Some(Position::new(3, 2)));
    assert!(refused[0].to_string().starts_with("row 3, column B: the cell starts with \"=\""), "{}", refused[0]);
    for start in ["+1+1", "@SUM(A1)", "\tx", "-x"] {
        let sheet = parse_csv(format!("ODS code,Theme,Score\nRTE,Leadership,\"{start}\"\n").as_bytes()).unwrap();
        assert!(read_layout(&sheet).is_err(), "{start:?} must be refused");
    }
}

#[test]
fn a_hundred_thousand_rows_are_refused_at_the_limit() {
    let mut csv = String::from("ODS code,Theme,Score\n");
    for i in 0..100_000 {
        csv.push_str(&format!("R{i},Leadership,50\n"));
    }
    assert_eq!(parse_csv(csv.as_bytes()), Err(Refusal::TooManyRows));
}

#[test]
fn columns_are_lettered_as_a_spreadsheet_does() {
    assert_eq!(Position::new(1, 1).column_letters(), "A");
    assert_eq!(Position::new(1, 26).column_letters(), "Z");
    assert_eq!(Position::new(1, 27).column_letters(), "AA");
    assert_eq!(Position::new(4, 3).to_string(), "row 4, column C");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_the_parser(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = detect("fuzz.csv", &bytes);
        if let Ok(sheet) = parse_csv(&bytes) {
            let _ = read_layout(&sheet);
        }
    }

    #[test]
    fn every_accepted_row_of_csv_ish_text_is_on_the_scale(
        rows in proptest::collection::vec(
            (prop::sample::select(vec!["RTE", "RTQ", "RXX", "", "zz", "=x"]),
             prop::sample::select(vec!["Leadership", "governance", "Nope", "", "+y"]),
             "[-+0-9.eE a-z=@]{0,6}"),
            0..40),
        wide in any::<bool>(),
    ) {
        let mut csv = String::from(if wide { "ODS code,Leadership,Governance\n" } else { "ODS code,Theme,Score\n" });
        for (org, theme, score) in &rows {
            if wide { csv.push_str(&format!("{org},{score},{theme}\n")) } else { csv.push_str(&format!("{org},{theme},{score}\n")) }
        }
        let Ok(sheet) = parse_csv(csv.as_bytes()) else { return Ok(()) };
        let Ok(file) = read_layout(&sheet) else { return Ok(()) };
        let (orgs, themes, none, map) = (orgs(), themes(), HashMap::new(), HashMap::new());
        let cx = Context { orgs: &orgs, themes: &themes, scale: DMA, framework_name: "DMA", kinds: &OrgKind::ALL, scope: None, current: &none, mapping: &map };
        let p = plan(&file, &cx);
        for r in &p.rows {
            prop_assert!(DMA.score_of(r.score.value()).is_ok());
        }
        prop_assert_eq!(p.rows.len() + p.problems.len() >= file.rows.len().min(1), true);
    }
}

#[test]
fn a_byte_order_mark_and_windows_line_ends_read_like_plain_text() {
    let plain = read_layout(&parse_csv(b"ODS code,Theme,Score\nRTE,Leadership,81\n").unwrap()).unwrap();
    for text in [
        "\u{feff}ODS code,Theme,Score\r\nRTE,Leadership,81\r\n",
        "ODS code,Theme,Score\r\nRTE,Leadership,81\r\n",
        "\u{feff}ODS code,Theme,Score\nRTE,Leadership,81\n",
        "ODS code,Theme,Score\rRTE,Leadership,81\r",
    ] {
        let file = read_layout(&parse_csv(text.as_bytes()).unwrap()).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
        assert_eq!(
            file.rows.iter().map(|r| (&r.org, &r.theme, &r.score)).collect::<Vec<_>>(),
            plain.rows.iter().map(|r| (&r.org, &r.theme, &r.score)).collect::<Vec<_>>(),
            "{text:?}"
        );
    }
}

#[test]
fn rows_are_numbered_as_a_spreadsheet_shows_them_whatever_the_line_ends() {
    let text = "ODS code,Theme,Score\r\n\r\nRTE,Leadership,80\r\nRTE,\"Gover\r\nnance\",70\r\nRTE,Leadership,90\r\n";
    let sheet = parse_csv(text.as_bytes()).unwrap();
    assert_eq!(sheet.cell(Position::new(1, 1)), "ODS code");
    assert_eq!(sheet.cell(Position::new(3, 3)), "80");
    assert_eq!(sheet.cell(Position::new(4, 3)), "70");
    assert_eq!(sheet.cell(Position::new(6, 3)), "90");
}
