//! The report PDF, typeset from the app's sample document and read back with poppler-utils.

use ldr_app::report::sample::sample_document;
use ldr_report_pdf::Typesetter;

const DIGEST: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

#[test]
fn explore() {
    let json = serde_json::to_vec(&sample_document()).unwrap();
    let t = Typesetter::new();
    let start = std::time::Instant::now();
    let pdf = t.pdf(&json, 3, DIGEST).unwrap();
    eprintln!("first {:?}", start.elapsed());
    let start = std::time::Instant::now();
    let _ = t.pdf(&json, 3, DIGEST).unwrap();
    eprintln!("second {:?}", start.elapsed());
    std::fs::write("/tmp/h12-sample.pdf", pdf).unwrap();
}
