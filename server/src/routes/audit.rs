//! `/audit`: the footprint's audit log for its PMO and Steering Group and for reviewers,
//! filtered by a GET form and paged by id, 50 entries at a time.

use std::collections::HashMap;

use axum::extract::{RawQuery, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use sqlx::SqlitePool;

use super::home_footprint;
use crate::auth::SignedIn;
use crate::db::audit_log::{self, AuditFilter, LogEntry};
use crate::db::footprints::Footprint;
use crate::db::{organisations, return_template};
use crate::web::csv_download::CsvTable;
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::access::Need;
use ldr_app::domain::PeriodCode;
use ldr_app::returns::diff::diff_section;
use ldr_app::returns::template::ReturnTemplate;
use ldr_app::views::audit_log::{audit_log_page, audit_table, AuditPage, AuditRow, SectionSave};
use ldr_app::views::{Crumb, Nav};

const PAGE_SIZE: usize = 50;

pub fn routes() -> Router<AppState> {
    Router::new().route("/audit", get(show)).route("/audit.csv", get(csv))
}

/// The query string as the form sends it: "All" is an empty value.
#[derive(Debug, Default, Deserialize)]
struct AuditQuery {
    organisation: Option<String>,
    user: Option<String>,
    period: Option<String>,
    kind: Option<String>,
    before: Option<String>,
}

/// The page of entries the query asks for, in words, with the links to the pages either side.
struct Loaded {
    footprint: Footprint,
    filter: AuditFilter,
    rows: Vec<AuditRow>,
    older_href: Option<String>,
    newest_href: Option<String>,
}

async fn load(state: &AppState, who: &SignedIn, query: Option<&str>) -> Result<Loaded, AppError> {
    let footprint = home_footprint(state, who).await?;
    who.require(Need::ReadAudit(footprint.id))?;
    let filter = parse_filter(query.unwrap_or_default())?;
    // One more than a page, to know whether an older page exists without counting.
    let entries = audit_log::page(&state.pool, footprint.id, &filter, PAGE_SIZE + 1).await?;
    let mut rows = in_words(&state.pool, entries).await?;
    let older_href = if rows.len() > PAGE_SIZE {
        rows.truncate(PAGE_SIZE);
        rows.last().map(|last| href("/audit", &filter, Some(last.entry.id)))
    } else {
        None
    };
    let newest_href = filter.before_id.map(|_| href("/audit", &filter, None));
    Ok(Loaded { footprint, filter, rows, older_href, newest_href })
}

async fn show(State(state): State<AppState>, who: SignedIn, RawQuery(query): RawQuery) -> Result<Html<String>, AppError> {
    let Loaded { footprint, filter, rows, older_href, newest_href } = load(&state, &who, query.as_deref()).await?;
    let options = audit_log::filter_options(&state.pool, footprint.id).await?;
    let meta = who.meta_in(&footprint, "Audit log", Some(Nav::Audit), vec![Crumb::new("Home", "/")]);
    let csv_href = ldr_app::views::layout::in_footprint(&href("/audit.csv", &filter, filter.before_id), who.chosen_footprint.as_deref());
    let page = AuditPage { footprint_name: footprint.summary.name, filter, options, rows, older_href, newest_href, csv_href };
    Ok(Html(audit_log_page(meta, page)))
}

/// `/audit.csv` with the page's filters and position: the same entries, as the page words them.
async fn csv(State(state): State<AppState>, who: SignedIn, RawQuery(query): RawQuery) -> Result<CsvTable, AppError> {
    let loaded = load(&state, &who, query.as_deref()).await?;
    let words = audit_table(&loaded.rows);
    Ok(CsvTable { file_stem: format!("{}-audit", loaded.footprint.summary.code), headings: words.headings, rows: words.rows })
}

/// Entries as the page's rows, with section saves as what changed, field by field, labelled
/// by the return's template (one per organisation and quarter on the page, loaded once).
async fn in_words(pool: &SqlitePool, entries: Vec<LogEntry>) -> Result<Vec<AuditRow>, AppError> {
    let mut templates: HashMap<(Option<String>, String), Option<ReturnTemplate>> = HashMap::new();
    let mut rows = Vec::with_capacity(entries.len());
    for LogEntry { entry, section: versions } in entries {
        let mut section = None;
        if let Some(versions) = versions {
            let org = entry.organisation.as_ref().map(|o| o.code.clone());
            let key = (org.clone(), entry.period.clone().unwrap_or_default());
            if !templates.contains_key(&key) {
                let template = template_for(pool, org.as_deref(), entry.period.as_deref()).await?;
                templates.insert(key.clone(), template);
            }
            if let Some(t) = templates.get(&key).and_then(Option::as_ref) {
                let after = versions.after;
                section = Some(SectionSave {
                    kind: after.figures.kind(),
                    status: (versions.before.as_ref().map(|b| b.status), after.status),
                    changes: diff_section(t, versions.before.as_ref().map(|b| &b.figures), &after.figures),
                });
            }
        }
        rows.push(AuditRow { entry, section });
    }
    Ok(rows)
}

/// The template of the return an entry concerns; None when the entry names no quarter.
async fn template_for(pool: &SqlitePool, org: Option<&str>, period: Option<&str>) -> Result<Option<ReturnTemplate>, AppError> {
    let Some(period) = period.and_then(|p| p.parse::<PeriodCode>().ok()) else { return Ok(None) };
    let org = match org {
        Some(code) => organisations::by_code(pool, code).await?,
        None => None,
    };
    Ok(Some(return_template::for_subject(pool, org.as_ref(), period).await?))
}

/// A query string that cannot be read, or a page position that is not a number, names no
/// page of the log: 404, as for any other address that does not exist.
fn parse_filter(query: &str) -> Result<AuditFilter, AppError> {
    let q: AuditQuery = serde_urlencoded::from_str(query).map_err(|_| AppError::NotFound)?;
    let given = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let before_id = given(q.before).map(|b| b.parse::<i64>()).transpose().map_err(|_| AppError::NotFound)?;
    Ok(AuditFilter { organisation: given(q.organisation), user: given(q.user), period: given(q.period), kind: given(q.kind), before_id })
}

/// `path` (`/audit`, `/audit.csv`) with the same filters, at the page before `before`.
fn href(path: &str, filter: &AuditFilter, before: Option<i64>) -> String {
    let mut pairs = filter.pairs();
    pairs.extend(before.map(|id| ("before", id.to_string())));
    match serde_urlencoded::to_string(&pairs) {
        Ok(query) if !query.is_empty() => format!("{path}?{query}"),
        _ => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_choices_mean_all_and_a_bad_page_position_is_not_found() {
        let f = parse_filter("organisation=&user=pmo&period=&kind=&before=").unwrap();
        assert_eq!(f, AuditFilter { user: Some("pmo".into()), ..Default::default() });
        assert_eq!(parse_filter("before=12").unwrap().before_id, Some(12));
        assert!(matches!(parse_filter("before=abc"), Err(AppError::NotFound)));
        assert!(matches!(parse_filter("user=a&user=b"), Err(AppError::NotFound)), "a repeated field");
    }

    #[test]
    fn paging_links_keep_the_filters_and_encode_them() {
        let f = AuditFilter { user: Some("jo bloggs&co".into()), kind: Some("return.submit".into()), ..Default::default() };
        assert_eq!(href("/audit", &f, Some(40)), "/audit?user=jo+bloggs%26co&kind=return.submit&before=40");
        assert_eq!(href("/audit", &AuditFilter::default(), None), "/audit");
    }
}
