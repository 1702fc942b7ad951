//! `/imports/dma`: the PMO's upload of a file of DMA scores (a multipart form that works
//! without JavaScript), and the preview of what importing it would do, with the mapping of
//! theme names the framework lacks and the confirm.

use leptos::prelude::*;

use super::dma_import_written::{written_table, Written};
use super::layout::{render_page, Crumb, PageMeta};
use super::widgets::{data_table, error_summary};
use crate::domain::values::format_number;
use crate::import::{Change, Planned, Preview};

pub const UPLOAD_PATH: &str = "/imports/dma";

/// The upload form: the choices offered, what was chosen and its problems.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UploadForm {
    /// (code, label)
    pub frameworks: Vec<(String, String)>,
    pub quarters: Vec<(String, String)>,
    pub framework: String,
    pub quarter: String,
    /// (field id, message), in the form's order.
    pub errors: Vec<(String, String)>,
}

pub fn upload_page(meta: PageMeta, footprint_name: &str, form: UploadForm) -> String {
    let title = "Import DMA scores".to_string();
    let csrf = meta.csrf_token.clone();
    let meta = PageMeta { title: title.clone(), breadcrumbs: vec![Crumb::new("Home", "/")], ..meta };
    let error_for = |id: &str| form.errors.iter().filter(|(f, _)| f == id).map(|(_, m)| m.clone()).collect::<Vec<_>>();
    let file_errors = error_for("file");
    let body = view! {
        {error_summary(form.errors.clone())}
        <h1>{title}</h1>
        <p class="nhsuk-lede-text">{format!("Upload a CSV or Excel file of DMA scores for {footprint_name}'s organisations. You will see what would change before anything is saved.")}</p>
        <p>"The first row names the columns. Either one row per organisation and theme, with columns \u{201c}ODS code\u{201d}, \u{201c}Theme\u{201d} and \u{201c}Score\u{201d}; or one row per organisation, with an \u{201c}ODS code\u{201d} column and one column per theme. Rows of organisations in other footprints are listed and skipped."</p>
        <form method="post" action=UPLOAD_PATH enctype="multipart/form-data" novalidate>
            <input type="hidden" name="csrf_token" value=csrf/>
            {choice("framework", "Assessment framework", "Choose a framework", &form.frameworks, &form.framework, error_for("framework"))}
            {choice("quarter", "Quarter the scores are for", "Choose a quarter", &form.quarters, &form.quarter, error_for("quarter"))}
            {file_input(file_errors)}
            <button class="nhsuk-button" type="submit">"Upload and preview"</button>
        </form>
    };
    render_page(meta, body)
}

fn group_class(has_error: bool) -> &'static str {
    if has_error {
        "nhsuk-form-group nhsuk-form-group--error"
    } else {
        "nhsuk-form-group"
    }
}

fn messages(id: &str, errors: Vec<String>) -> impl IntoView {
    let id = format!("{id}-error");
    (!errors.is_empty()).then(|| {
        let lines = errors.into_iter().map(|m| view! { <span class="nhsuk-u-visually-hidden">"Error: "</span>{m}<br/> }).collect_view();
        view! { <span class="nhsuk-error-message" id=id>{lines}</span> }
    })
}

fn choice(
    id: &'static str,
    label: &'static str,
    blank: &'static str,
    options: &[(String, String)],
    chosen: &str,
    errors: Vec<String>,
) -> impl IntoView {
    let has_error = !errors.is_empty();
    let options = options
        .iter()
        .map(|(value, text)| view! { <option value=value.clone() selected=value == chosen>{text.clone()}</option> })
        .collect_view();
    let class = if has_error { "nhsuk-select nhsuk-select--error" } else { "nhsuk-select" };
    view! {
        <div class=group_class(has_error)>
            <label class="nhsuk-label" for=id>{label}</label>
            {messages(id, errors)}
            <select class=class id=id name=id aria-describedby=has_error.then(|| format!("{id}-error"))>
                <option value="">{blank}</option>
                {options}
            </select>
        </div>
    }
}

fn file_input(errors: Vec<String>) -> impl IntoView {
    let has_error = !errors.is_empty();
    let class = if has_error { "nhsuk-file-upload nhsuk-file-upload--error" } else { "nhsuk-file-upload" };
    let described = if has_error { "file-hint file-error" } else { "file-hint" };
    view! {
        <div class=group_class(has_error)>
            <label class="nhsuk-label" for="file">"File of DMA scores"</label>
            <div class="nhsuk-hint" id="file-hint">"A .csv (saved as CSV UTF-8) or an .xlsx workbook (the first sheet is read), up to 10 MB."</div>
            {messages("file", errors)}
            <input class=class id="file" name="file" type="file" accept=".csv,.xlsx" aria-describedby=described/>
        </div>
    }
}

/// A preview as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewData {
    pub id: i64,
    pub file_name: String,
    pub sha256: String,
    pub framework: String,
    pub quarter: String,
    pub layout: String,
    pub preview: Preview,
    /// The hash the confirm posts back (see `Preview::fingerprint`).
    pub digest: String,
    /// The framework's themes, for the mapping step: (theme id, name).
    pub themes: Vec<(String, String)>,
    /// Said above the preview: why it is shown again (it changed since it was seen).
    /// A warning above the page: its heading and its text.
    pub notice: Option<(String, String)>,
    /// Set once confirmed: what was written.
    pub done: Option<(i64, i64, i64)>,
    /// Once confirmed: the scores it wrote, as recorded (the first of them, if many).
    pub written: Vec<Written>,
}

/// Rows listed per table before "and N more": a footprint's file is a few hundred rows.
const LISTED: usize = 500;

pub fn preview_page(meta: PageMeta, d: PreviewData) -> String {
    let title = if d.done.is_some() { "DMA scores imported" } else { "Check the import" }.to_string();
    let csrf = meta.csrf_token.clone();
    let meta =
        PageMeta { title: title.clone(), breadcrumbs: vec![Crumb::new("Home", "/"), Crumb::new("Import DMA scores", UPLOAD_PATH)], ..meta };
    let p = &d.preview;
    let notice = d.notice.clone().map(|(heading, n)| view! { <div class="nhsuk-warning-callout"><h2 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>{heading}</span></h2><p>{n}</p></div> });
    let summary = summary_list(&d);
    let body = match d.done {
        Some((added, changed, unchanged)) => view! {
            {notice}
            <h1>{title}</h1>
            <div class="nhsuk-inset-text"><p>{format!("{added} scores added and {changed} changed; {unchanged} were already recorded and left alone. The import is in the audit log.")}</p></div>
            {summary}
            {written_table(&d.written, (added + changed) as usize)}
            <p><a href=UPLOAD_PATH>"Import another file"</a></p>
        }
        .into_any(),
        None => view! {
            {notice}
            <h1>{title}</h1>
            {summary}
            <p>{format!("{} to add, {} to change, {} unchanged, {} rows of other footprints skipped, {} problems.", p.added(), p.changed(), p.unchanged(), p.skipped.len(), p.problems.len())}</p>
            {problems(p)}
            {mapping_form(&csrf, d.id, &p.unmatched, &d.themes)}
            {changes_table(p)}
            {added_table(p)}
            {skipped_list(p)}
            {confirm(&csrf, &d)}
        }
        .into_any(),
    };
    render_page(meta, body)
}

fn summary_list(d: &PreviewData) -> impl IntoView {
    let rows = [
        ("File", d.file_name.clone()),
        ("SHA-256", d.sha256.clone()),
        ("Framework", d.framework.clone()),
        ("Quarter", d.quarter.clone()),
        ("Layout", d.layout.clone()),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| {
        // A digest and a long file name break anywhere rather than widen the page at 390 px.
        let class = "nhsuk-summary-list__value ldr-digest";
        view! { <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">{k}</dt><dd class=class>{v}</dd></div> }
    })
    .collect_view();
    view! { <dl class="nhsuk-summary-list">{rows}</dl> }
}

fn problems(p: &Preview) -> impl IntoView {
    (!p.problems.is_empty()).then(|| {
        let rows = p.problems.iter().take(LISTED).map(|pr| {
            view! { <tr class="nhsuk-table__row"><td class="nhsuk-table__cell">{pr.at.row.to_string()}</td><td class="nhsuk-table__cell">{pr.at.column_letters()}</td><td class="nhsuk-table__cell">{pr.message.clone()}</td></tr> }
        }).collect_view();
        view! {
            <h2 id="problems">"Problems to put right"</h2>
            <p>"Nothing can be imported while the file has problems. Correct the file and upload it again, or choose the themes below."</p>
            {data_table("Problems in the file, by row and column", &["Row", "Column", "Problem"], rows)}
            {more(p.problems.len())}
        }
    })
}

fn more(n: usize) -> impl IntoView {
    (n > LISTED).then(|| view! { <p>{format!("And {} more.", n - LISTED)}</p> })
}

fn mapping_form(csrf: &str, id: i64, unmatched: &[String], themes: &[(String, String)]) -> impl IntoView {
    (!unmatched.is_empty()).then(|| {
        let fields = unmatched.iter().enumerate().map(|(i, name)| {
            let (field, name_field) = (format!("theme-{i}"), format!("name-{i}"));
            let options = themes.iter().map(|(v, t)| view! { <option value=v.clone()>{t.clone()}</option> }).collect_view();
            view! {
                <div class="nhsuk-form-group">
                    <input type="hidden" name=name_field value=name.clone()/>
                    <label class="nhsuk-label" for=field.clone()>{format!("\u{201c}{name}\u{201d} in the file is")}</label>
                    <select class="nhsuk-select" id=field.clone() name=field><option value="">"Not a theme of this framework"</option>{options}</select>
                </div>
            }
        }).collect_view();
        view! {
            <h2>"Themes the framework does not have"</h2>
            <form method="post" action=format!("{UPLOAD_PATH}/{id}/mapping") novalidate>
                <input type="hidden" name="csrf_token" value=csrf.to_string()/>
                {fields}
                <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Use these themes"</button>
            </form>
        }
    })
}

fn text(v: Option<f64>) -> String {
    v.map_or_else(|| "Not assessed".to_string(), format_number)
}

fn changes_table(p: &Preview) -> impl IntoView {
    let changed: Vec<&Planned> = p.rows.iter().filter(|r| matches!(r.change, Change::Change { .. })).collect();
    (!changed.is_empty()).then(|| {
        let n = changed.len();
        let rows = changed.into_iter().take(LISTED).map(|r| {
            let before = match r.change { Change::Change { before } => text(before), _ => String::new() };
            view! { <tr class="nhsuk-table__row"><td class="nhsuk-table__cell">{r.at.row.to_string()}</td><td class="nhsuk-table__cell">{format!("{} ({})", r.org_name, r.org_code)}</td><td class="nhsuk-table__cell">{r.theme_name.clone()}</td><td class="nhsuk-table__cell">{before}</td><td class="nhsuk-table__cell">{format_number(r.score.value())}</td></tr> }
        }).collect_view();
        view! { <h2>"Scores to change"</h2>{data_table("Scores the import changes, before and after", &["Row", "Organisation", "Theme", "Before", "After"], rows)}{more(n)} }
    })
}

fn added_table(p: &Preview) -> impl IntoView {
    let added: Vec<&Planned> = p.rows.iter().filter(|r| matches!(r.change, Change::Add)).collect();
    (!added.is_empty()).then(|| {
        let n = added.len();
        let rows = added.into_iter().take(LISTED).map(|r| {
            view! { <tr class="nhsuk-table__row"><td class="nhsuk-table__cell">{r.at.row.to_string()}</td><td class="nhsuk-table__cell">{format!("{} ({})", r.org_name, r.org_code)}</td><td class="nhsuk-table__cell">{r.theme_name.clone()}</td><td class="nhsuk-table__cell">{format_number(r.score.value())}</td></tr> }
        }).collect_view();
        view! { <h2>"Scores to add"</h2>{data_table("Scores the import adds", &["Row", "Organisation", "Theme", "Score"], rows)}{more(n)} }
    })
}

fn skipped_list(p: &Preview) -> impl IntoView {
    (!p.skipped.is_empty()).then(|| {
        let items = p
            .skipped
            .iter()
            .take(LISTED)
            .map(|s| view! { <li>{format!("Row {}: {} ({})", s.row, s.org_name, s.org_code)}</li> })
            .collect_view();
        view! {
            <h2>"Rows skipped: other footprints"</h2>
            <p>"These organisations are not in your footprint, so their rows are not imported."</p>
            <ul class="nhsuk-list nhsuk-list--bullet">{items}</ul>
            {more(p.skipped.len())}
        }
    })
}

fn confirm(csrf: &str, d: &PreviewData) -> impl IntoView {
    let p = &d.preview;
    if !p.problems.is_empty() {
        return None;
    }
    if !p.ready() {
        return Some(view! { <div class="nhsuk-inset-text"><p>"Nothing to change: every score in the file is already recorded for this quarter."</p></div> }.into_any());
    }
    Some(
        view! {
            <form method="post" action=format!("{UPLOAD_PATH}/{}/confirm", d.id) novalidate>
                <input type="hidden" name="csrf_token" value=csrf.to_string()/>
                <input type="hidden" name="digest" value=d.digest.clone()/>
                <button class="nhsuk-button" type="submit">{format!("Import {} scores", p.added() + p.changed())}</button>
            </form>
        }
        .into_any(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_upload_form_is_multipart_with_the_token_as_its_first_field() {
        let meta = PageMeta { csrf_token: "tok".into(), ..PageMeta::default() };
        let html = upload_page(meta, "Gloucestershire", UploadForm::default());
        let form = &html[html.find("enctype=\"multipart/form-data\"").expect("a multipart form")..];
        let first_field = form.find("name=").unwrap();
        assert!(form[first_field..].starts_with("name=\"csrf_token\""), "{}", &form[..200]);
        assert!(form.contains("type=\"file\""));
    }

    #[test]
    fn a_file_name_is_shown_as_text_never_as_markup() {
        let data = PreviewData {
            id: 1,
            file_name: "<script>x</script>.csv".into(),
            sha256: "ab".into(),
            framework: "DMA".into(),
            quarter: "2016/17 Q2".into(),
            layout: "wide".into(),
            preview: Preview::default(),
            digest: String::new(),
            themes: vec![],
            notice: None,
            done: None,
            written: vec![],
        };
        let html = preview_page(PageMeta::default(), data);
        assert!(!html.contains("<script>x"));
        assert!(html.contains("&lt;script&gt;x"));
        assert!(html.contains("Nothing to change"));
    }
}
