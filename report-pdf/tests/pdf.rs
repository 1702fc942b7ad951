//! The report PDF, typeset from the app's sample document and read back with poppler-utils
//! (`pdftotext`, `pdffonts`), which the test command installs: a missing tool fails the test.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

use ldr_app::report::sample::sample_document;
use ldr_app::report::ReportDocument;
use ldr_report_pdf::{PdfError, Typesetter};

const DIGEST: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// One typesetter for the whole file, as the server keeps one (it parses the fonts once).
fn typesetter() -> &'static Typesetter {
    static TYPESETTER: OnceLock<Typesetter> = OnceLock::new();
    TYPESETTER.get_or_init(Typesetter::new)
}

fn render(document: &ReportDocument, version: u32) -> Vec<u8> {
    let json = serde_json::to_vec(document).expect("the document serialises");
    typesetter().pdf(&json, version, DIGEST).expect("the sample typesets")
}

/// Runs a poppler tool on the PDF (written under cargo's per-test temporary directory).
fn poppler(tool: &str, args: &[&str], pdf: &[u8], name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).expect("write the PDF");
    let output = Command::new(tool)
        .args(args)
        .arg(&path)
        .args(if tool == "pdftotext" { &["-"][..] } else { &[][..] })
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed (apt-get install -y poppler-utils): {e}"));
    assert!(output.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8 from poppler")
}

/// Without whitespace: a long cell wraps inside its column. (`-raw` keeps a cell's lines
/// together, in the order typst drew them.)
fn squeezed(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_typesetter_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Typesetter>();
}

#[test]
fn two_renders_of_the_same_version_are_byte_identical() {
    let document = sample_document();
    let first = render(&document, 3);
    // A second typesetter too: nothing may come from the instance, a cache or the clock.
    let json = serde_json::to_vec(&document).expect("the document serialises");
    let second = Typesetter::new().pdf(&json, 3, DIGEST).expect("the sample typesets");
    assert!(first.starts_with(b"%PDF-"));
    assert!(first == second, "two renders differ ({} and {} bytes)", first.len(), second.len());
    assert_ne!(first, render(&document, 4), "the version number is part of the PDF");
}

#[test]
fn the_pdf_prints_each_tables_cells_exactly_with_the_running_header_digest_and_page_numbers() {
    let document = sample_document();
    let pdf = render(&document, 3);
    let text = poppler("pdftotext", &["-raw", "-enc", "UTF-8"], &pdf, "sample-text");
    let flat = squeezed(&text);

    let header = document.running_header(3);
    assert_eq!(header, "Gloucestershire (GLOS) · 2016/17 Q4 · version 3");
    let pages = text.matches(&header).count();
    assert!(pages >= 4, "the running header is on every page (found on {pages}):\n{text}");
    assert!(text.contains("Page 1 of "), "{text}");
    assert!(text.contains(&format!("Page {pages} of {pages}")), "the last page is numbered {pages} of {pages}:\n{text}");
    assert_eq!(text.matches(&format!("SHA-256 {DIGEST}")).count(), pages, "the digest is in every page's footer");
    for words in ["Local Digital Roadmap assurance", "2017-04-12 09:30 UTC", "Pat Morgan (PMO)", "Executive summary", "Digital maturity"] {
        assert!(text.contains(words), "missing {words:?}:\n{text}");
    }

    for section in &document.sections {
        for table in &section.tables {
            assert!(text.contains(&table.caption), "caption {:?}", table.caption);
            for column in &table.columns {
                assert!(flat.contains(&squeezed(&column.heading)), "heading {:?}", column.heading);
            }
            for row in table.rows.iter().take(3).chain(table.rows.last()) {
                for cell in row {
                    assert!(flat.contains(&squeezed(&cell.text)), "cell {:?} of {} is missing:\n{text}", cell.text, table.id);
                }
            }
        }
    }
    // The words of every RAG cell, not only its colour; and figures as the app wrote them.
    for words in
        ["Red", "Amber", "Green", "Not assessed", "=HYPERLINK(\"http://x\")", "Trust <script>alert(1)</script> & \"Co\"", "55.3", "40.0"]
    {
        assert!(flat.contains(&squeezed(words)), "missing {words:?}");
    }
}

#[test]
fn the_chart_labels_and_all_text_are_in_embedded_dejavu_sans() {
    let pdf = render(&sample_document(), 1);
    let text = poppler("pdftotext", &["-raw", "-enc", "UTF-8"], &pdf, "sample-chart");
    // Labels drawn inside the chart's SVG: without a font for its `sans-serif` they vanish.
    for label in ["Records", "Transfers of care", "Orders and results", "48.5"] {
        assert!(text.contains(label), "chart label {label:?} missing:\n{text}");
    }
    let fonts = poppler("pdffonts", &[], &pdf, "sample-fonts");
    let faces: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!faces.is_empty(), "{fonts}");
    for face in faces {
        assert!(face.contains("DejaVuSans"), "a font other than DejaVu Sans: {face}");
        assert!(face.split_whitespace().nth(4) == Some("yes"), "a font that is not embedded: {face}");
    }
}

#[test]
fn text_that_looks_like_typst_markup_is_printed_as_typed() {
    let mut document = sample_document();
    let hostile = r#"Glos #panic("x") *bold* $x^2$ @ref <label> \ ]"#;
    document.footprint_name = hostile.to_string();
    document.sections[0].paragraphs.push(r#"#eval("1 + 1") and ] [ { }"#.to_string());
    let text = poppler("pdftotext", &["-raw", "-enc", "UTF-8"], &render(&document, 1), "hostile");
    let flat = squeezed(&text);
    assert!(flat.contains(&squeezed(hostile)), "{text}");
    assert!(flat.contains(&squeezed(r#"#eval("1 + 1") and ] [ { }"#)), "{text}");
}

#[test]
fn malformed_json_gives_an_error_with_typsts_diagnostics_not_a_panic() {
    let typesetter = typesetter();
    for bad in [&b"{ not json"[..], b"", b"[]", br#"{"schema": 1}"#] {
        match typesetter.pdf(bad, 1, DIGEST) {
            Err(PdfError::Typeset(message)) => assert!(!message.is_empty()),
            other => panic!("{:?} gave {other:?}", String::from_utf8_lossy(bad)),
        }
    }
    let error = typesetter.pdf(b"{ not json", 1, DIGEST).expect_err("malformed");
    assert!(error.to_string().contains("JSON"), "{error}");
}

#[test]
fn a_chart_that_is_not_svg_gives_an_error() {
    let mut document = sample_document();
    document.charts[0].svg = "<svg".to_string();
    let json = serde_json::to_vec(&document).expect("the document serialises");
    let error = typesetter().pdf(&json, 1, DIGEST).expect_err("a broken chart");
    assert!(matches!(error, PdfError::Typeset(_)), "{error}");
}

/// Not a benchmark (numbers come from `bench/`): prints one render's time with `--nocapture`.
#[test]
fn one_render_of_the_sample_takes_a_measurable_time() {
    let json = serde_json::to_vec(&sample_document()).expect("the document serialises");
    let typesetter = Typesetter::new();
    for attempt in ["first", "second", "third"] {
        let start = Instant::now();
        let pdf = typesetter.pdf(&json, 1, DIGEST).expect("the sample typesets");
        eprintln!("{attempt} render: {:?} ({} bytes)", start.elapsed(), pdf.len());
    }
}
