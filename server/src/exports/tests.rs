//! The exports read back by other programs: the workbook by calamine (and its sheet XML by
//! unzipping it), the CSV by the csv crate. Every cell must come back as the document has it.

use std::io::{Cursor, Read};

use calamine::{open_workbook_from_rs, Data, DataType, Reader, Xlsx};
use chrono::NaiveDate;
use ldr_app::report::sample::sample_document;
use ldr_app::report::{Cell, Column, Table, Value};

use super::{csv_table, workbook, ExportError, Frozen};
use crate::web::error::AppError;

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("calamine opens the workbook")
}

fn sheet_xml(bytes: &[u8], n: usize) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("an xlsx is a zip");
    let mut xml = String::new();
    zip.by_name(&format!("xl/worksheets/sheet{n}.xml")).expect("the sheet's part").read_to_string(&mut xml).expect("UTF-8 XML");
    xml
}

/// The document's cell as calamine should read it.
fn assert_reads_back(got: &Data, cell: &Cell, at: &str) {
    match &cell.value {
        Value::Number(x, _) => assert_eq!(got, &Data::Float(*x), "{at}"),
        #[allow(clippy::cast_precision_loss)]
        Value::Integer(n) => assert_eq!(got, &Data::Float(*n as f64), "{at}"),
        Value::Date(d) => {
            assert!(matches!(got, Data::DateTime(_)), "{at}: {got:?} is not a date cell");
            assert_eq!(got.as_datetime(), d.and_hms_opt(0, 0, 0), "{at}");
        }
        Value::DateTime(t) => {
            assert!(matches!(got, Data::DateTime(_)), "{at}: {got:?} is not a date cell");
            assert_eq!(got.as_datetime(), Some(*t), "{at}");
        }
        Value::Empty if cell.text.is_empty() => assert_eq!(got, &Data::Empty, "{at}"),
        Value::Empty | Value::Text(_) | Value::Rag(_) => assert_eq!(got, &Data::String(cell.text.clone()), "{at}"),
    }
}

#[test]
fn the_workbook_has_an_about_sheet_then_one_sheet_per_table_in_order() {
    let doc = sample_document();
    let book = open(&workbook(&doc, None).unwrap());
    let mut expected = vec!["About".to_string()];
    expected.extend(doc.data.iter().map(|t| t.id.clone()));
    assert_eq!(book.sheet_names(), expected);
}

#[test]
fn every_cell_of_every_table_reads_back_typed_as_the_document_has_it() {
    let doc = sample_document();
    let mut book = open(&workbook(&doc, None).unwrap());
    let mut seen = std::collections::HashSet::new();
    for table in &doc.data {
        let range = book.worksheet_range(&table.id).unwrap();
        for (col, column) in (0u32..).zip(&table.columns) {
            assert_eq!(range.get_value((0, col)), Some(&Data::String(column.heading.clone())), "{} heading {col}", table.id);
        }
        for (row, cells) in (1u32..).zip(&table.rows) {
            for (col, cell) in (0u32..).zip(cells) {
                let got = range.get_value((row, col)).unwrap_or(&Data::Empty);
                assert_reads_back(got, cell, &format!("{} row {row} column {col}", table.id));
                seen.insert(std::mem::discriminant(&cell.value));
            }
        }
        assert_eq!(range.end().map(|(r, _)| r as usize), Some(table.rows.len()), "{}: no row more or less", table.id);
    }
    assert_eq!(seen.len(), 7, "the sample has every kind of value");
}

#[test]
fn a_cell_with_no_value_but_words_keeps_its_words() {
    let doc = sample_document();
    let aims = doc.data_table("aims").unwrap();
    let not_assessed = &aims.rows[1][2];
    assert_eq!((not_assessed.value.clone(), not_assessed.text.as_str()), (Value::Empty, "Not assessed"));
    let mut book = open(&workbook(&doc, None).unwrap());
    assert_eq!(book.worksheet_range("aims").unwrap().get_value((2, 2)), Some(&Data::String("Not assessed".into())));
}

#[test]
fn text_that_looks_like_a_formula_stays_text_and_the_file_has_no_formula() {
    let doc = sample_document();
    let bytes = workbook(&doc, None).unwrap();
    let mut book = open(&bytes);
    let range = book.worksheet_range("aims").unwrap();
    assert_eq!(range.get_value((3, 0)), Some(&Data::String("=HYPERLINK(\"http://x\")".into())));
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "{name} has a formula");
    }
    for n in 1..=doc.data.len() + 1 {
        assert!(!sheet_xml(&bytes, n).contains("<f>"), "sheet{n}.xml has a formula");
    }
}

/// Each column's width in characters, from a sheet's `<col min max width>` elements (Excel
/// adds 0.71 characters of padding to the width asked for; equal neighbours share one element).
fn column_widths(xml: &str) -> Vec<f64> {
    let attr = |element: &str, name: &str| -> String {
        let element = format!(" {element}");
        let start = element.find(&format!(" {name}=\"")).unwrap_or_else(|| panic!("{name} in {element}")) + name.len() + 3;
        element[start..].split('"').next().unwrap().to_string()
    };
    let mut widths = vec![];
    for element in xml.split("<col ").skip(1).map(|e| e.split("/>").next().unwrap()) {
        let (min, max): (usize, usize) = (attr(element, "min").parse().unwrap(), attr(element, "max").parse().unwrap());
        let width: f64 = attr(element, "width").parse().unwrap();
        assert_eq!(widths.len() + 1, min, "columns in order, none skipped");
        widths.extend(std::iter::repeat_n(((width - 0.710_937_5) * 100.0).round() / 100.0, max - min + 1));
    }
    widths
}

#[test]
fn every_data_sheet_has_a_frozen_filtered_bold_header_and_the_documents_column_widths() {
    let doc = sample_document();
    let bytes = workbook(&doc, None).unwrap();
    for (n, table) in (2..).zip(&doc.data) {
        let xml = sheet_xml(&bytes, n);
        assert!(xml.contains(r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#), "{}: {xml}", table.id);
        let last_col = char::from(b'A' + u8::try_from(table.columns.len() - 1).unwrap());
        assert!(xml.contains(&format!(r#"<autoFilter ref="A1:{last_col}{}"/>"#, table.rows.len() + 1)), "{}: {xml}", table.id);
        let widths = column_widths(&xml);
        let expected: Vec<f64> = table.columns.iter().map(|c| f64::from(c.width)).collect();
        assert_eq!(widths, expected, "{}", table.id);
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
    let mut styles = String::new();
    zip.by_name("xl/styles.xml").unwrap().read_to_string(&mut styles).unwrap();
    for code in ["0.0", "yyyy-mm-dd", "yyyy-mm-dd hh:mm &quot;UTC&quot;"] {
        assert!(styles.contains(&format!(r#"formatCode="{code}""#)), "{code} in {styles}");
    }
    assert!(styles.contains("<b/>"), "a bold font: {styles}");
}

#[test]
fn the_about_sheet_says_whose_report_it_is_and_a_frozen_versions_number_and_hash() {
    let doc = sample_document();
    let sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    let mut book = open(&workbook(&doc, Some(Frozen { version: 3, sha256: sha })).unwrap());
    let about = book.worksheet_range("About").unwrap();
    let value = |label: &str| {
        let row = (0..about.height() as u32)
            .find(|&r| about.get_value((r, 0)) == Some(&Data::String(label.into())))
            .unwrap_or_else(|| panic!("{label}"));
        about.get_value((row, 1)).cloned().unwrap()
    };
    assert_eq!(value("Footprint"), Data::String("Gloucestershire".into()));
    assert_eq!(value("Footprint code"), Data::String("GLOS".into()));
    assert_eq!(value("Quarter"), Data::String(doc.period_label.clone()));
    assert_eq!(value("Generated at").as_datetime(), Some(doc.generated_at));
    assert!(matches!(value("Generated at"), Data::DateTime(_)));
    assert_eq!(value("Generated by"), Data::String("Pat Morgan (PMO)".into()));
    assert_eq!(value("RAG rules version"), Data::Float(1.0));
    assert_eq!(value("Report version"), Data::Float(3.0));
    assert_eq!(value("SHA-256 of the facts"), Data::String(sha.into()));
    assert_eq!(value("dma-scores"), Data::String(doc.data[0].caption.clone()));

    let mut draft = open(&workbook(&doc, None).unwrap());
    let about = draft.worksheet_range("About").unwrap();
    assert!(!about.used_cells().any(|(_, _, c)| c == &Data::String("Report version".into())), "a draft has no version");
}

#[test]
fn the_same_document_gives_the_same_bytes() {
    let doc = sample_document();
    assert_eq!(workbook(&doc, None).unwrap(), workbook(&doc, None).unwrap());
}

#[test]
fn sheet_names_excel_would_refuse_are_made_acceptable_and_unique() {
    let table =
        |id: &str| Table { id: id.into(), caption: "c".into(), columns: vec![Column::words("A", 8)], rows: vec![vec![Cell::text("x")]] };
    let mut doc = sample_document();
    doc.data = ["about", "a/b:c*d?e[f]g\\h", "'quoted'", "history", "", &"x".repeat(40), &"x".repeat(40)].into_iter().map(table).collect();
    let book = open(&workbook(&doc, None).unwrap());
    let names = book.sheet_names();
    assert_eq!(names[..5], ["About", "about-2", "a-b-c-d-e-f-g-h", "quoted", "Sheet 5"]);
    assert_eq!(names[5..], ["Sheet 6".to_string(), "x".repeat(31), format!("{}-2", "x".repeat(29))]);
}

#[test]
fn an_empty_table_still_has_its_header() {
    let mut doc = sample_document();
    doc.data =
        vec![Table { id: "none".into(), caption: "c".into(), columns: vec![Column::words("A", 8), Column::figures("B", 8)], rows: vec![] }];
    let bytes = workbook(&doc, None).unwrap();
    assert!(sheet_xml(&bytes, 2).contains(r#"<autoFilter ref="A1:B1"/>"#));
    assert_eq!(open(&bytes).worksheet_range("none").unwrap().get_value((0, 1)), Some(&Data::String("B".into())));
}

#[test]
fn a_cell_excel_cannot_hold_fails_the_export_naming_its_sheet_and_is_an_internal_error() {
    let mut doc = sample_document();
    doc.data[1].rows[0][0] = Cell::text("x".repeat(32_768));
    let err = workbook(&doc, None).unwrap_err();
    assert!(matches!(&err, ExportError::Sheet { sheet, .. } if sheet == "aims"), "{err:?}");
    assert!(matches!(AppError::from(err), AppError::Internal(_)));
}

/// The CSV read back, with the defusing apostrophe taken off where it was put.
fn csv_rows(table: &Table) -> Vec<Vec<String>> {
    let bytes = csv_table(table, table.id.clone()).to_bytes().unwrap();
    let text = String::from_utf8(bytes).expect("UTF-8");
    let mut reader = ::csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| {
            r.unwrap()
                .iter()
                .map(|c| match c.strip_prefix('\'') {
                    Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
                    _ => c.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn every_csv_cell_is_the_documents_words_with_formulas_defused() {
    let doc = sample_document();
    for table in &doc.data {
        let rows = csv_rows(table);
        assert_eq!(rows[0], table.columns.iter().map(|c| c.heading.clone()).collect::<Vec<_>>());
        let words: Vec<Vec<String>> = table.rows.iter().map(|r| r.iter().map(|c| c.text.clone()).collect()).collect();
        assert_eq!(rows[1..], words, "{}", table.id);
    }
    let raw = String::from_utf8(csv_table(doc.data_table("aims").unwrap(), "aims".into()).to_bytes().unwrap()).unwrap();
    assert!(raw.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{raw}");
}

#[test]
fn a_csv_keeps_non_ascii_words() {
    let name = "Gwasanaeth Iechyd — Cymru (Ysbyty Gwynedd, Bangor)";
    let table = Table {
        id: "organisations".into(),
        caption: "c".into(),
        columns: vec![Column::words("Organisation", 20), Column::figures("Submitted", 10)],
        rows: vec![vec![Cell::text(name), Cell::date(NaiveDate::from_ymd_opt(2017, 3, 31).unwrap())]],
    };
    assert_eq!(csv_rows(&table)[1], [name, "2017-03-31"]);
    let csv = csv_table(&table, "organisations".into());
    assert_eq!(csv.file_stem, "organisations");
}

/// LibreOffice opens the workbook, and shows every cell exactly as the document words it (its
/// CSV export "as shown" applies our number and date formats). Slow (~5 s) and needs
/// `soffice` (Debian: libreoffice-calc-nogui), so run on demand: `-- --ignored`.
#[test]
#[ignore = "needs LibreOffice: apt-get install libreoffice-calc-nogui"]
fn libreoffice_opens_the_workbook_and_shows_every_cell_as_the_document_words_it() {
    let doc = sample_document();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.xlsx");
    std::fs::write(&path, workbook(&doc, None).unwrap()).unwrap();
    // UTF-8, first line kept, contents as shown, every sheet to its own `report-<sheet>.csv`.
    let filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1";
    let status = std::process::Command::new("soffice")
        .args(["--headless", "--norestore", &format!("-env:UserInstallation=file://{}/profile", dir.path().display())])
        .args(["--convert-to", filter, "--outdir"])
        .args([dir.path(), &path])
        .status()
        .expect("soffice runs");
    assert!(status.success());
    for table in &doc.data {
        let text = std::fs::read_to_string(dir.path().join(format!("report-{}.csv", table.id))).unwrap();
        let mut reader = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        let shown: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
        let mut words = vec![table.columns.iter().map(|c| c.heading.clone()).collect::<Vec<_>>()];
        words.extend(table.rows.iter().map(|r| r.iter().map(|c| c.text.clone()).collect()));
        assert_eq!(shown, words, "{}", table.id);
    }
}
