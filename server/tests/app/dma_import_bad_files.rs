//! The DMA import's bad files (issue 13): every kind refused with a message naming the
//! problem and nothing written, and the upload's body caps enforced before it is read in full.

use std::io::Write as _;

use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::dma_import::{counts, pmo_app, upload, BOUNDARY};
use crate::support::{strip_tags, TestApp};

fn zip_bomb() -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..200 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

#[tokio::test]
async fn every_kind_of_bad_file_is_refused_with_a_message_and_writes_nothing() {
    let app = pmo_app().await;
    let mut hundred_thousand = String::from("ODS code,Theme,Score\n");
    for _ in 0..100_000 {
        hundred_thousand.push_str("RTE,Leadership,50\n");
    }
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
    let bomb = zip_bomb();
    assert!(bomb.len() < 1024 * 1024, "the bomb is small: {}", bomb.len());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("scores.pdf", b"%PDF-1.4".to_vec(), "must be a CSV (.csv) or an Excel workbook (.xlsx)"),
        ("scores.xlsx", png.to_vec(), "is named .xlsx but is not one"),
        ("scores.csv", png.to_vec(), "is named .csv but is not one"),
        ("scores.csv", b"ODS code,Theme,Score\nRTE,Leadership,80\nRTE,Gouvernance \xe9,80\n".to_vec(), "not UTF-8 text at row 3"),
        (
            "scores.csv",
            b"ODS code,Theme,Score\nRTE,Leadership,80\nRTE,\"=cmd|' /C calc'!A0\",80\n".to_vec(),
            "row 3, column B: the cell starts with \"=\"",
        ),
        ("scores.csv", Vec::new(), "The file is empty"),
        ("scores.csv", b"ODS code,Theme,Score\n".to_vec(), "The file is empty"),
        ("scores.csv", hundred_thousand.into_bytes(), "more than 20000 rows"),
        ("scores.xlsx", bomb, "larger than 32 MB once unpacked"),
        ("scores.csv", b"Name,Other\nx,y\n".to_vec(), "The first row must name the columns"),
    ];
    let before = counts(&app).await;
    for (name, bytes, message) in cases {
        let r = upload(&app, name, &bytes).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name}: {message}");
        let html = r.text().await.unwrap();
        assert!(html.contains("nhsuk-error-summary"), "{name}");
        let text = strip_tags(&html).replace("&quot;", "\"").replace("&#x27;", "'");
        assert!(text.contains(message), "{name}: expected {message:?} in {text}");
        assert!(html.contains("<option value=\"DMA2016\" selected"), "{name}: the framework chosen is kept");
        assert_eq!(counts(&app).await, before, "{name} wrote nothing");
    }
}

/// Raw HTTP: the request's head, then the body as the test chooses, and the answer's status
/// line, read while the body may still be going.
async fn raw_post(app: &TestApp, head_extra: &str, chunks: usize, chunked: bool) -> String {
    let addr = app.base.trim_start_matches("http://").to_string();
    let stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let head = format!(
        "POST /imports/dma HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\n{head_extra}\r\n"
    );
    write.write_all(head.as_bytes()).await.unwrap();
    let writer = tokio::spawn(async move {
        let data = vec![b'a'; 64 * 1024];
        for _ in 0..chunks {
            let framed = if chunked {
                [format!("{:x}\r\n", data.len()).into_bytes(), data.clone(), b"\r\n".to_vec()].concat()
            } else {
                data.clone()
            };
            if write.write_all(&framed).await.is_err() {
                return;
            }
        }
    });
    let mut answer = vec![0u8; 512];
    let n = tokio::time::timeout(std::time::Duration::from_secs(30), read.read(&mut answer)).await.expect("an answer in time").unwrap();
    writer.abort();
    String::from_utf8_lossy(&answer[..n]).to_string()
}

#[tokio::test]
async fn a_50_mb_upload_is_refused_before_it_is_read_in_full() {
    let app = pmo_app().await;
    let before = counts(&app).await;
    // Declared 50 MB, a little sent: refused on the declaration.
    let declared = raw_post(&app, "Content-Length: 52428800\r\n", 1, false).await;
    assert!(declared.starts_with("HTTP/1.1 413"), "{declared}");
    // No length, a stream that would go on to 60 MB: refused once it passes 10 MB.
    let streamed = raw_post(&app, "Transfer-Encoding: chunked\r\n", 960, true).await;
    assert!(streamed.starts_with("HTTP/1.1 413"), "{streamed}");
    assert_eq!(counts(&app).await, before);
}
