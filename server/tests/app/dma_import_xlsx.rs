//! The DMA import's hostile workbooks (issue 13): a huge list of shared text, counts in the
//! XML that would make the reader reserve terabytes, deeply nested XML, macro-enabled
//! workbooks, and zip entries that leave the workbook or are encrypted. Each is refused with a
//! message naming the problem, or read correctly, and nothing is written. The ones that could
//! kill a process go to `ldr serve` as a child, which must still answer afterwards.

use std::io::{Cursor, Read, Write};
use std::time::Duration;

use reqwest::StatusCode;
use zip::unstable::write::FileOptionsExt as _;
use zip::write::SimpleFileOptions;

use crate::cli::serve;
use crate::dma_import::{counts, pmo_app, upload, workbook};
use crate::support::{strip_tags, TestApp};

const STRINGS: &str = "xl/sharedStrings.xml";
const SHEET: &str = "xl/worksheets/sheet1.xml";
const TYPES: &str = "[Content_Types].xml";

/// A good workbook of one score, whose texts are shared strings.
fn scores() -> Vec<u8> {
    workbook(&[&["ODS code", "Theme", "Score"], &["RTE", "Governance", "95"]])
}

fn deflated() -> SimpleFileOptions {
    // Level 1: the test's megabytes of repeated text compress as well and much faster.
    SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).compression_level(Some(1))
}

/// The workbook's entries again, each passed through `change` (None drops it), then `extra`.
fn repack(book: &[u8], change: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>, extra: Vec<(&str, Vec<u8>, SimpleFileOptions)>) -> Vec<u8> {
    let mut source = zip::ZipArchive::new(Cursor::new(book)).unwrap();
    let mut out = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    for i in 0..source.len() {
        let mut entry = source.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if let Some(data) = change(&name, data) {
            zip.start_file(name, deflated()).unwrap();
            zip.write_all(&data).unwrap();
        }
    }
    for (name, data, options) in extra {
        zip.start_file(name, options).unwrap();
        zip.write_all(&data).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

/// `scores()` with `more` put just before the end tag of one part.
fn with_inserted(part: &'static str, end_tag: &'static str, more: Vec<u8>) -> Vec<u8> {
    repack(
        &scores(),
        move |name, data| {
            if name != part {
                return Some(data);
            }
            let text = String::from_utf8(data).unwrap();
            let at = text.rfind(end_tag).unwrap_or_else(|| panic!("{end_tag} in {part}"));
            Some([&text.as_bytes()[..at], &more, &text.as_bytes()[at..]].concat())
        },
        vec![],
    )
}

/// `scores()` with one part's text changed.
fn with_replaced(part: &'static str, from: &'static str, to: String) -> Vec<u8> {
    repack(
        &scores(),
        move |name, data| {
            let text = String::from_utf8(data).unwrap();
            Some(if name == part { text.replacen(from, &to, 1) } else { text }.into_bytes())
        },
        vec![],
    )
}

fn keep(_: &str, data: Vec<u8>) -> Option<Vec<u8>> {
    Some(data)
}

fn many(piece: &str, times: usize) -> Vec<u8> {
    piece.repeat(times).into_bytes()
}

/// Upload each (name, file) and expect a refusal naming `message`, answered in good time,
/// with nothing written.
async fn refused(app: &TestApp, cases: Vec<(&str, Vec<u8>, &str)>) {
    let before = counts(app).await;
    for (name, bytes, message) in cases {
        let r = tokio::time::timeout(Duration::from_secs(60), upload(app, name, &bytes)).await.expect("an answer, not a hang");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name}: {message}");
        let text = strip_tags(&r.text().await.unwrap()).replace("&quot;", "\"").replace("&#x27;", "'");
        assert!(text.contains(message), "{name}: expected {message:?} in {text}");
        assert_eq!(counts(app).await, before, "{name} wrote nothing");
    }
}

#[tokio::test]
async fn a_shared_text_list_unpacking_past_the_caps_is_refused_quickly_with_a_message_and_writes_nothing() {
    let app = pmo_app().await;
    // Just past the caps: larger files are refused as fast but take the test longer to deflate.
    let one_huge = format!("<si><t>{}</t></si>", "A".repeat(33 * 1024 * 1024)).into_bytes();
    let millions = many("<si><t>a</t></si>", 2_100_000);
    let third = 22 * 1024 * 1024;
    let three_parts = repack(
        &scores(),
        keep,
        vec![
            ("xl/a.xml", many("A", third), deflated()),
            ("xl/b.xml", many("A", third), deflated()),
            ("xl/c.xml", many("A", third), deflated()),
        ],
    );
    refused(
        &app,
        vec![
            ("one-33-mb-string.xlsx", with_inserted(STRINGS, "</sst>", one_huge), "larger than 32 MB once unpacked"),
            ("two-million-strings.xlsx", with_inserted(STRINGS, "</sst>", millions), "larger than 32 MB once unpacked"),
            ("66-mb-in-all.xlsx", three_parts, "larger than 64 MB once unpacked"),
        ],
    )
    .await;
}

#[tokio::test]
async fn a_large_shared_text_list_under_the_caps_is_read_correctly() {
    let app = pmo_app().await;
    // Well under the caps but far past any real file of scores; larger ones only take longer
    // to parse in a debug build (each upload is read twice: for the upload, for the preview).
    let big = format!("<si><t>{}</t></si>", "A".repeat(8 * 1024 * 1024)).into_bytes();
    for (name, more) in [("one-8-mb-string.xlsx", big), ("100-thousand-strings.xlsx", many("<si><t>a</t></si>", 100_000))] {
        let bytes = with_inserted(STRINGS, "</sst>", more);
        let r = tokio::time::timeout(Duration::from_secs(60), upload(&app, name, &bytes)).await.expect("an answer, not a hang");
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{name}: {}", strip_tags(&r.text().await.unwrap()));
        let (_, html) = app.get_page(&crate::support::location(&r)).await;
        assert!(strip_tags(&html).contains("0 to add, 1 to change"), "{name}: {}", strip_tags(&html));
    }
}

/// `ldr serve` as a child on the app's database, and the PMO signed in to it.
async fn child_server(app: &TestApp) -> (std::process::Child, TestApp) {
    let (child, url) = serve(&app.db_path, &[]);
    let real = app.at(&url);
    real.login_as("pmo").await;
    (child, real)
}

async fn still_answers(real: &TestApp, child: &mut std::process::Child, after: &str) {
    assert!(child.try_wait().unwrap().is_none(), "the server died after {after}");
    assert_eq!(real.get_page("/imports/dma").await.0, StatusCode::OK, "the server answers after {after}");
}

#[tokio::test]
async fn counts_in_the_xml_claiming_trillions_are_refused_and_the_server_lives() {
    let app = pmo_app().await;
    let (mut child, real) = child_server(&app).await;
    let trillion = "1000000000000";
    let unique_count = with_replaced(STRINGS, "uniqueCount=\"", format!("uniqueCount=\"{trillion}"));
    let shared_formula = with_replaced(
        SHEET,
        "<c r=\"C2\"",
        format!("<c r=\"D2\"><f t=\"shared\" ref=\"D2:D3\" si=\"{trillion}\">C2</f><v>95</v></c><c r=\"C2\""),
    );
    for (name, bytes, message) in [
        ("unique-count.xlsx", unique_count, "its list of text claims more entries than it holds"),
        ("shared-formula.xlsx", shared_formula, "row 2, column D: the cell holds a formula"),
    ] {
        refused(&real, vec![(name, bytes, message)]).await;
        still_answers(&real, &mut child, name).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

#[tokio::test]
async fn deeply_nested_xml_does_not_overflow_the_stack_and_writes_no_score() {
    let app = pmo_app().await;
    let (mut child, real) = child_server(&app).await;
    let depth = 100_000;
    let nested = |tag: &str| [many(&format!("<{tag}>"), depth), many(&format!("</{tag}>"), depth)].concat();
    let cases = [
        ("nested-sheet.xlsx", with_inserted(SHEET, "</sheetData>", nested("x"))),
        ("nested-cell.xlsx", with_replaced(SHEET, "<v>95</v>", format!("<v>95</v>{}", String::from_utf8(nested("r")).unwrap()))),
        ("nested-strings.xlsx", with_inserted(STRINGS, "</sst>", [b"<si>".to_vec(), nested("r"), b"</si>".to_vec()].concat())),
        ("nested-workbook.xlsx", with_inserted("xl/workbook.xml", "</workbook>", nested("x"))),
    ];
    let (scores_before, audit_before, _) = counts(&app).await;
    for (name, bytes) in cases {
        let r = tokio::time::timeout(Duration::from_secs(60), upload(&real, name, &bytes)).await.expect("an answer, not a hang");
        let status = r.status();
        let text = strip_tags(&r.text().await.unwrap());
        // Either read correctly (a preview, which keeps the file only) or refused with a message.
        assert!(
            status == StatusCode::SEE_OTHER || (status == StatusCode::UNPROCESSABLE_ENTITY && text.contains("The workbook")),
            "{name}: {status} {text}"
        );
        still_answers(&real, &mut child, name).await;
        let (scores, audit, _) = counts(&app).await;
        assert_eq!((scores, audit), (scores_before, audit_before), "{name} wrote no score");
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

fn macro_enabled(content_type: bool, vba: bool) -> Vec<u8> {
    let extra =
        if vba { vec![("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 a VBA project".to_vec(), deflated())] } else { vec![] };
    repack(
        &scores(),
        |name, data| {
            let text = String::from_utf8(data).unwrap();
            let macro_type = "application/vnd.ms-excel.sheet.macroEnabled.main+xml";
            Some(
                if name == TYPES && content_type {
                    text.replace("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", macro_type)
                } else {
                    text
                }
                .into_bytes(),
            )
        },
        extra,
    )
}

#[tokio::test]
async fn macro_enabled_workbooks_are_refused_by_name_or_by_content_and_write_nothing() {
    let app = pmo_app().await;
    let message = "Macro-enabled workbooks are not accepted";
    refused(
        &app,
        vec![
            ("scores.xlsm", scores(), message),
            ("SCORES.XLSM", macro_enabled(true, true), message),
            ("renamed.xlsx", macro_enabled(true, true), message),
            ("project-only.xlsx", macro_enabled(false, true), message),
            ("content-type-only.xlsx", macro_enabled(true, false), message),
        ],
    )
    .await;
}

#[tokio::test]
async fn a_workbook_with_a_path_leaving_it_or_an_encrypted_part_is_refused_and_writes_nothing() {
    let app = pmo_app().await;
    let encrypted = deflated().with_deprecated_encryption(b"secret").unwrap();
    let with = |name: &'static str, options: SimpleFileOptions| repack(&scores(), keep, vec![(name, b"root:x:0:0".to_vec(), options)]);
    let sheet_encrypted = repack(
        &scores(),
        |name, data| (name != SHEET).then_some(data),
        vec![(
            SHEET,
            {
                let mut source = zip::ZipArchive::new(Cursor::new(scores())).unwrap();
                let mut data = Vec::new();
                source.by_name(SHEET).unwrap().read_to_end(&mut data).unwrap();
                data
            },
            encrypted,
        )],
    );
    refused(
        &app,
        vec![
            ("climbing.xlsx", with("../../etc/passwd", deflated()), "a file named to lead outside the workbook"),
            ("down-then-up.xlsx", with("xl/../../evil.xml", deflated()), "a file named to lead outside the workbook"),
            ("encrypted-extra.xlsx", with("xl/extra.xml", encrypted), "protected with a password"),
            ("encrypted-sheet.xlsx", sheet_encrypted, "protected with a password"),
            // Excel saves a workbook with a password to open as an OLE compound file, not a zip.
            ("password.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0EncryptedPackage".to_vec(), "protected with a password"),
        ],
    )
    .await;
}
