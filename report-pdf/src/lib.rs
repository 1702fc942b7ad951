//! Typesets a frozen assurance report (the JSON of an `ldr_app::report::ReportDocument`) as an
//! A4 PDF with typst, in process and without a browser.
//!
//! The crate takes JSON bytes rather than the document type so that it does not depend on
//! `ldr-app`: typst is the workspace's longest build, and edits to the app must not rebuild it.
//! The JSON reaches the template as data (`sys.inputs`), never spliced into markup, so any
//! text in it is printed as it is. The same inputs give the same bytes: no clock, no random
//! document id, and fonts only from the `dejavu` crate.

use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Dict, IntoValue, Smart};
use typst_as_lib::{TypstAsLibError, TypstEngine, TypstTemplateMainFile};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

/// The layout of every report; it reads `sys.inputs.document`, `.version` and `.sha256`.
const TEMPLATE: &str = include_str!("report.typ");

/// Makes PDFs of report documents. Build one (it parses the fonts) and share it: it is
/// `Send + Sync`, and each call to [`Typesetter::pdf`] compiles independently.
pub struct Typesetter {
    engine: TypstEngine<TypstTemplateMainFile>,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The template could not lay the document out: malformed JSON, a missing field, or a
    /// chart that is not valid SVG. The message holds typst's diagnostics.
    #[error("the report could not be typeset: {0}")]
    Typeset(String),
    /// The laid-out document could not be written as PDF.
    #[error("the report could not be written as PDF: {0}")]
    Export(String),
}

impl Default for Typesetter {
    fn default() -> Self {
        Typesetter::new()
    }
}

impl Typesetter {
    pub fn new() -> Typesetter {
        // DejaVu Sans in the four faces: the body uses regular and bold, and chart SVGs may ask
        // for bold or italic labels. typst resolves an SVG's generic `sans-serif` to the
        // surrounding text font (set in the template), so these are the only fonts needed.
        let fonts = [dejavu::sans::regular(), dejavu::sans::bold(), dejavu::sans::oblique(), dejavu::sans::bold_oblique()];
        let engine = TypstEngine::builder().main_file(TEMPLATE).fonts(fonts).build();
        Typesetter { engine }
    }

    /// `document_json`: a serialised `ldr_app::report::ReportDocument`. `version`: the frozen
    /// version number. `sha256`: hex digest of `document_json`, printed in every page's footer.
    pub fn pdf(&self, document_json: &[u8], version: u32, sha256: &str) -> Result<Vec<u8>, PdfError> {
        let mut inputs = Dict::new();
        inputs.insert("document".into(), Bytes::new(document_json.to_vec()).into_value());
        inputs.insert("version".into(), i64::from(version).into_value());
        inputs.insert("sha256".into(), sha256.into_value());

        let Warned { output, .. } = self.engine.compile_with_input::<_, PagedDocument>(inputs);
        let document = output.map_err(|e| PdfError::Typeset(describe(e)))?;

        // A stable identifier instead of one made from the title and author, so that two
        // versions with the same title get different ids and one version always the same id.
        // The creation date comes from the document's `generated_at` (set in the template).
        let options = PdfOptions { ident: Smart::Custom(format!("ldr-report-{sha256}-v{version}")), ..PdfOptions::default() };
        typst_pdf::pdf(&document, &options).map_err(|d| PdfError::Export(join(&d)))
    }
}

fn describe(error: TypstAsLibError) -> String {
    match error {
        TypstAsLibError::TypstSource(diagnostics) => join(&diagnostics),
        other => other.to_string(),
    }
}

/// One line per diagnostic, with its hints, e.g. `failed to parse JSON (expected value at 1:1)`.
fn join(diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            let hints = d.hints.iter().map(|h| format!(" (hint: {})", h.v)).collect::<String>();
            format!("{}{hints}", d.message)
        })
        .collect::<Vec<_>>()
        .join("; ")
}
