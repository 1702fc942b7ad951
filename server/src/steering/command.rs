//! `ldr report`: generates a footprint's steering pack for a quarter from the command line,
//! as the PMO named (the policy must let them run the programme), stores it as the next
//! frozen version exactly as the web form does, writes the PDF and the workbook where asked,
//! and prints how long each step took (what `bench/run.sh` measures on England).

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{anyhow, bail, Context};

use super::{freeze, Author};
use crate::db::{self, audit::Actor, footprints, periods, reports, users};
use crate::exports::{workbook, Frozen as FrozenExport};
use crate::report_html::{self, Downloads, ReportPage, Stylesheets};
use ldr_app::access::Need;

pub struct ReportRequest {
    pub database: PathBuf,
    pub footprint: String,
    pub period: String,
    pub username: String,
    pub pdf: Option<PathBuf>,
    pub xlsx: Option<PathBuf>,
}

pub async fn run(r: ReportRequest) -> anyhow::Result<()> {
    let pool = db::open(&r.database).await?;
    let footprint = footprints::by_code(&pool, &r.footprint).await?.ok_or_else(|| anyhow!("no footprint is called {}", r.footprint))?;
    let code = r.period.parse().map_err(|e: String| anyhow!(e))?;
    let period = periods::by_code(&pool, &code).await?.ok_or_else(|| anyhow!("no quarter {code}"))?;
    let (id, _) = users::credentials(&pool, &r.username).await?.ok_or_else(|| anyhow!("no account is called {}", r.username))?;
    let user = users::active_user(&pool, id).await?.ok_or_else(|| anyhow!("{} is disabled", r.username))?;
    let p = &user.principal;
    if !p.may(Need::RunProgramme(footprint.id)) {
        bail!("{} does not run {}'s programme, so cannot generate its report", r.username, footprint.summary.name);
    }
    let author = Author {
        user_id: p.user_id,
        display_name: p.display_name.clone(),
        actor: Actor { user_id: Some(p.user_id), name: p.username.clone(), role: Some(p.role.code().to_string()) },
    };
    let frozen = freeze(&pool, &footprint, period, &author).await.map_err(|e| anyhow!("{e:?}"))?;

    let clock = Instant::now();
    let (nhsuk, report) = report_html::stylesheet_hrefs();
    let page = ReportPage {
        doc: &frozen.document,
        version: frozen.version,
        sha256: &frozen.sha256,
        endorsed: None,
        back: None,
        downloads: Downloads { pdf: "report.pdf", xlsx: Some("data.xlsx"), csv_prefix: None },
        notice: None,
        stylesheets: Stylesheets { nhsuk: &nhsuk, report: &report },
    };
    let html = report_html::render(&page).context("rendering the report page")?;
    let html_time = clock.elapsed();
    let clock = Instant::now();
    let xlsx = workbook(&frozen.document, Some(FrozenExport { version: frozen.version, sha256: &frozen.sha256 }))?;
    let xlsx_time = clock.elapsed();

    if let Some(path) = &r.pdf {
        let pdf = reports::pdf(&pool, frozen.id).await?.context("the stored PDF")?;
        std::fs::write(path, pdf).with_context(|| format!("writing {}", path.display()))?;
    }
    if let Some(path) = &r.xlsx {
        std::fs::write(path, &xlsx).with_context(|| format!("writing {}", path.display()))?;
    }
    let t = &frozen.timings;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    println!("{} {} version {} (SHA-256 {})", footprint.summary.code, code.label(), frozen.version, frozen.sha256);
    println!(
        "facts {:.0} ms, document {:.0} ms, PDF {:.0} ms ({} KB), stored {:.0} ms; page HTML {:.0} ms ({} KB); XLSX {:.0} ms ({} KB)",
        ms(t.gather),
        ms(t.build),
        ms(t.pdf),
        frozen.pdf_bytes / 1024,
        ms(t.store),
        ms(html_time),
        html.len() / 1024,
        ms(xlsx_time),
        xlsx.len() / 1024
    );
    Ok(())
}
