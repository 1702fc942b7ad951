//! `/imports/dma`: the PMO uploads a file of DMA scores for their footprint (a multipart
//! form, no JavaScript needed), sees the preview, maps theme names the framework lacks, and
//! confirms. The upload is kept server-side as a pending `dma_imports` row (a file input
//! cannot be filled in again, so re-posting the file would make the PMO choose it twice);
//! the confirm judges the kept file again inside its write transaction and refuses (409,
//! nothing written) if the result is not the one previewed. Pending files are bounded per
//! person and for everyone together; an upload past the global bound is refused (422).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};

use super::home_footprint;
use crate::auth::SignedIn;
use crate::db::dma_import::{self, Kept, NewUpload, Pending};
use crate::db::footprints::Footprint;
use crate::db::{self, periods};
use crate::import::{judge, read_file, sha256_hex, target, write, Importer, Judged, Source, Target};
use crate::web::error::AppError;
use crate::web::limits::MAX_UPLOAD_BYTES;
use crate::web::{multipart, AppState};
use ldr_app::access::Need;
use ldr_app::domain::{FootprintId, ThemeId};
use ldr_app::import::DmaFile;
use ldr_app::views::dma_import::{preview_page, upload_page, PreviewData, UploadForm, UPLOAD_PATH};
use ldr_app::views::dma_import_written::{self as written, Before, Written};

/// The refusal when the pending uploads of everyone are at their bound (`dma_import::Kept::Full`).
const BUSY: &str = "Too many uploads are waiting to be confirmed across the service, so this file was not kept. Try again later: uploads not confirmed within a day are deleted.";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(UPLOAD_PATH, get(show).post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)))
        .route("/imports/dma/{id}", get(preview))
        .route("/imports/dma/{id}/mapping", post(map_themes))
        .route("/imports/dma/{id}/confirm", post(confirm))
}

/// The PMO's own footprint, or 403 for everyone else (CIOs, the Steering Group, reviewers).
async fn programme(state: &AppState, who: &SignedIn) -> Result<Footprint, AppError> {
    let footprint = home_footprint(state, who).await?;
    who.require(Need::RunProgramme(footprint.id))?;
    Ok(footprint)
}

async fn choices(state: &AppState) -> Result<(Vec<(String, String)>, Vec<(String, String)>), AppError> {
    let mut conn = state.pool.acquire().await?;
    let frameworks = dma_import::frameworks(&mut conn).await?.into_iter().map(|f| (f.code, f.name)).collect();
    let quarters = periods::all(&state.pool).await?.into_iter().rev().map(|p| (p.code.to_string(), p.code.label())).collect();
    Ok((frameworks, quarters))
}

async fn upload_form(state: &AppState, who: &SignedIn, footprint: &Footprint, mut form: UploadForm) -> Result<String, AppError> {
    (form.frameworks, form.quarters) = choices(state).await?;
    let meta = who.meta_in(footprint, "Import DMA scores", None, vec![]);
    Ok(upload_page(meta, &footprint.summary.name, form))
}

async fn show(State(state): State<AppState>, who: SignedIn) -> Result<Html<String>, AppError> {
    let footprint = programme(&state, &who).await?;
    Ok(Html(upload_form(&state, &who, &footprint, UploadForm::default()).await?))
}

/// The upload form's fields, read from the multipart body.
#[derive(Default)]
struct Fields {
    framework: String,
    quarter: String,
    file: Option<(String, Vec<u8>)>,
}

fn fields(headers: &HeaderMap, body: &[u8]) -> Option<Fields> {
    let content_type = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let parts = multipart::parts(body, &multipart::boundary(content_type)?)?;
    let mut f = Fields::default();
    for part in parts {
        match (part.name.as_str(), part.file_name.clone()) {
            ("framework", None) => f.framework = part.text(),
            ("quarter", None) => f.quarter = part.text(),
            // A browser sends an empty part with no name when no file was chosen.
            ("file", Some(name)) if !name.is_empty() => f.file = Some((name, part.data.to_vec())),
            _ => {}
        }
    }
    Some(f)
}

async fn upload(State(state): State<AppState>, who: SignedIn, headers: HeaderMap, body: Bytes) -> Result<Response, AppError> {
    let footprint = programme(&state, &who).await?;
    let f = fields(&headers, &body).ok_or_else(|| AppError::internal("a malformed upload passed the CSRF check"))?;
    let chosen = target(&state.pool, &f.framework, &f.quarter).await?;
    let mut errors = chosen.as_ref().err().cloned().unwrap_or_default();
    let file = match &f.file {
        None => {
            errors.push(("file".to_string(), "Choose a CSV or XLSX file of DMA scores".to_string()));
            None
        }
        // Parsing is CPU work on up to 10 MB: off the request threads.
        Some((name, bytes)) => match read_off_thread(name.clone(), bytes.clone()).await? {
            Ok(file) => Some(file),
            Err(refusals) => {
                let again = if refusals.len() == 1 { " Choose the file again once it is corrected." } else { "" };
                errors.extend(refusals.iter().map(|r| ("file".to_string(), format!("{name}: {r}{again}"))));
                None
            }
        },
    };
    let (Ok(target), Some(_), Some((name, bytes))) = (chosen, file, f.file.as_ref()) else {
        if f.file.is_some() && !errors.iter().any(|(field, _)| field == "file") {
            errors.push(("file".to_string(), "Choose the file again (a browser cannot keep it after a problem)".to_string()));
        }
        let form = UploadForm { framework: f.framework, quarter: f.quarter, errors: errors.clone(), ..Default::default() };
        return Err(AppError::validation(errors, upload_form(&state, &who, &footprint, form).await?));
    };
    let sha256 = sha256_hex(bytes);
    let upload = NewUpload {
        file_name: name,
        sha256: &sha256,
        framework: target.framework.id,
        period: target.period.id,
        footprint: footprint.id,
        by: who.user.principal.user_id,
        content: bytes,
    };
    let mut tx = db::begin_write(&state.pool).await?;
    let Kept::Pending(id) = dma_import::insert_pending(&mut tx, &upload).await? else {
        // Too many files wait for their confirm, everyone's together: nothing is written.
        tx.rollback().await?;
        let errors = vec![("file".to_string(), BUSY.to_string())];
        let form = UploadForm { framework: f.framework, quarter: f.quarter, errors: errors.clone(), ..Default::default() };
        return Err(AppError::validation(errors, upload_form(&state, &who, &footprint, form).await?));
    };
    tx.commit().await?;
    Ok(Redirect::to(&format!("{UPLOAD_PATH}/{id}")).into_response())
}

async fn read_off_thread(name: String, bytes: Vec<u8>) -> Result<Result<DmaFile, Vec<ldr_app::import::Refusal>>, AppError> {
    tokio::task::spawn_blocking(move || read_file(&name, &bytes)).await.map_err(|e| AppError::Internal(e.into()))
}

/// This person's own upload in their own footprint; anyone else's is not found.
async fn own_upload(state: &AppState, who: &SignedIn, footprint: &Footprint, id: i64) -> Result<Pending, AppError> {
    let mut conn = state.pool.acquire().await?;
    let pending = dma_import::pending(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    let mine = pending.uploaded_by == Some(who.user.principal.user_id.0) && pending.footprint_id == Some(footprint.id.0);
    if !mine {
        return Err(AppError::NotFound);
    }
    Ok(pending)
}

/// The kept file's target (its framework and quarter, as when it was uploaded).
async fn target_of(state: &AppState, p: &Pending) -> Result<Target, AppError> {
    let mut conn = state.pool.acquire().await?;
    let framework = dma_import::frameworks(&mut conn).await?.into_iter().find(|f| f.id == p.framework_id).ok_or(AppError::NotFound)?;
    let period = periods::by_id(&state.pool, ldr_app::domain::PeriodId(p.period_id)).await?.ok_or(AppError::NotFound)?;
    Ok(Target { framework, period })
}

/// The kept file read again (it was read once at upload, so it reads).
async fn kept_file(p: &Pending) -> Result<DmaFile, AppError> {
    let bytes = p.content.clone().ok_or(AppError::NotFound)?;
    read_off_thread(p.file_name.clone(), bytes).await?.map_err(|_| AppError::internal("a kept upload no longer reads"))
}

async fn render_preview(
    state: &AppState,
    who: &SignedIn,
    footprint: &Footprint,
    p: &Pending,
    judged: Option<(&DmaFile, Judged)>,
    notice: Option<(String, String)>,
) -> Result<String, AppError> {
    let target = target_of(state, p).await?;
    let mut conn = state.pool.acquire().await?;
    let themes = dma_import::themes(&mut conn, target.framework.id).await?.into_iter().map(|t| (t.id.0.to_string(), t.name)).collect();
    let (layout, preview, digest) = match judged {
        Some((file, j)) => (file.layout.describe().to_string(), j.preview, j.digest),
        None => (String::new(), Default::default(), String::new()),
    };
    let done = p.confirmed_at.map(|_| (p.added.unwrap_or(0), p.changed.unwrap_or(0), p.unchanged.unwrap_or(0)));
    // What a confirmed import wrote, as its confirm recorded it (a pending one has none).
    let written = match done {
        Some(_) => dma_import::written_scores(&mut conn, p.id, written::LISTED as i64).await?.into_iter().map(written_row).collect(),
        None => Vec::new(),
    };
    let data = PreviewData {
        id: p.id,
        file_name: p.file_name.clone(),
        sha256: p.sha256.clone(),
        framework: target.framework.name.clone(),
        quarter: target.period.code.label(),
        layout,
        preview,
        digest,
        themes,
        notice,
        done,
        written,
    };
    let title = if done.is_some() { "DMA scores imported" } else { "Check the import" };
    Ok(preview_page(who.meta_in(footprint, title, None, vec![]), data))
}

fn written_row(w: dma_import::WrittenScore) -> Written {
    let before = match (w.kind.as_str(), w.score_before) {
        ("added", _) => Before::Added,
        (_, None) => Before::NotAssessed,
        (_, Some(v)) => Before::Score(v),
    };
    Written { org_name: w.org_name, org_code: w.org_code, theme: w.theme_name, before, after: w.score_after }
}

async fn preview(State(state): State<AppState>, who: SignedIn, Path(id): Path<i64>) -> Result<Html<String>, AppError> {
    let footprint = programme(&state, &who).await?;
    let p = own_upload(&state, &who, &footprint, id).await?;
    if p.confirmed_at.is_some() {
        return Ok(Html(render_preview(&state, &who, &footprint, &p, None, None).await?));
    }
    let (file, target) = (kept_file(&p).await?, target_of(&state, &p).await?);
    let mut conn = state.pool.acquire().await?;
    let judged = judge(&mut conn, &file, &target, Some(footprint.id), &p.mapping()).await?;
    drop(conn);
    Ok(Html(render_preview(&state, &who, &footprint, &p, Some((&file, judged)), None).await?))
}

/// `name-N` (a theme name in the file) and `theme-N` (the theme id chosen, or empty): a
/// mapping only to a theme of the import's own framework is kept.
async fn map_themes(
    State(state): State<AppState>,
    who: SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let footprint = programme(&state, &who).await?;
    let p = own_upload(&state, &who, &footprint, id).await?;
    if p.confirmed_at.is_some() {
        return Ok(Redirect::to(&format!("{UPLOAD_PATH}/{id}")).into_response());
    }
    let mut conn = state.pool.acquire().await?;
    let themes = dma_import::themes(&mut conn, p.framework_id).await?;
    let values: HashMap<&str, &str> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut mapping = p.mapping();
    for (key, name) in pairs.iter().filter(|(k, _)| k.starts_with("name-")) {
        let chosen = values.get(format!("theme-{}", &key[5..]).as_str()).and_then(|v| v.parse::<i64>().ok());
        if let Some(theme) = chosen.and_then(|id| themes.iter().find(|t| t.id == ThemeId(id))) {
            mapping.insert(ldr_app::import::layout::normalise(name), theme.id);
        }
    }
    drop(conn);
    let mut tx = db::begin_write(&state.pool).await?;
    dma_import::set_mapping(&mut tx, id, &mapping).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("{UPLOAD_PATH}/{id}")).into_response())
}

#[derive(serde::Deserialize)]
struct ConfirmFields {
    #[serde(default)]
    digest: String,
}

async fn confirm(
    State(state): State<AppState>,
    who: SignedIn,
    Path(id): Path<i64>,
    Form(f): Form<ConfirmFields>,
) -> Result<Response, AppError> {
    let footprint = programme(&state, &who).await?;
    let p = own_upload(&state, &who, &footprint, id).await?;
    let back = Redirect::to(&format!("{UPLOAD_PATH}/{id}")).into_response();
    if p.confirmed_at.is_some() {
        return Err(already_imported(&state, &who, &footprint, &p).await);
    }
    let (file, target) = (kept_file(&p).await?, target_of(&state, &p).await?);
    let mut tx = db::begin_write(&state.pool).await?;
    // A double submit: the other confirm wrote while this one waited for the write lock.
    if let Some(done) = dma_import::pending(&mut tx, id).await?.filter(|p| p.confirmed_at.is_some()) {
        drop(tx);
        return Err(already_imported(&state, &who, &footprint, &done).await);
    }
    // Judged again under the write lock: what is written is exactly what this judges.
    let judged = judge(&mut tx, &file, &target, Some(footprint.id), &p.mapping()).await?;
    if judged.digest != f.digest || !judged.preview.problems.is_empty() {
        drop(tx);
        let notice = ("The scores changed".to_string(), "The scores for this quarter changed since you saw the preview, so nothing was imported. Check the preview again below and confirm if it is still right.".to_string());
        return Err(AppError::conflict(render_preview(&state, &who, &footprint, &p, Some((&file, judged)), Some(notice)).await?));
    }
    if !judged.preview.ready() {
        return Ok(back);
    }
    let (actor, user) = (who.actor(), Some(who.user.principal.user_id));
    let uploaded_by = p.uploaded_by.map(ldr_app::domain::UserId);
    let source = Source { file_name: &p.file_name, sha256: &p.sha256 };
    let importer = Importer { uploaded_by, confirmed_by: user, actor: &actor };
    write(&mut tx, &judged.preview, &target, &source, &importer, Some((id, FootprintId(footprint.id.0))), &mut |_| {}).await?;
    tx.commit().await?;
    Ok(back)
}

/// 409 for a second confirm of one upload: the import's record, saying it is done.
async fn already_imported(state: &AppState, who: &SignedIn, footprint: &Footprint, done: &Pending) -> AppError {
    let notice = (
        "Already imported".to_string(),
        "This file was already imported (the confirm was sent twice), so nothing more was written.".to_string(),
    );
    match render_preview(state, who, footprint, done, None, Some(notice)).await {
        Ok(page) => AppError::conflict(page),
        Err(e) => e,
    }
}
