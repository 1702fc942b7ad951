//! `/gaps`: the gap analysis on the seed (Gloucestershire's Table 2 against the national
//! averages, each gap worked by hand) and on a generated footprint (gaps to its own plans,
//! checked against the database), the filters, and every CSV download equal to its table.

use reqwest::StatusCode;

use crate::support::{spawn_app, strip_tags, TestApp};

/// Text as the page shows it: words only for screen readers dropped, tags stripped, entities
/// decoded, whitespace folded.
pub fn text(fragment: &str) -> String {
    const HIDDEN: &str = "<span class=\"nhsuk-u-visually-hidden\">";
    let mut shown = fragment.to_string();
    while let Some(at) = shown.find(HIDDEN) {
        let end = shown[at..].find("</span>").map_or(shown.len(), |e| at + e + "</span>".len());
        shown.replace_range(at..end, "");
    }
    strip_tags(&shown).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#x27;", "'").replace("&#39;", "'")
}

/// The rows (cells as text) of the table whose caption contains `caption`, headings first.
pub fn table(html: &str, caption: &str) -> Vec<Vec<String>> {
    let at = html.find(&format!("<caption class=\"nhsuk-table__caption\">{caption}")).unwrap_or_else(|| panic!("a table '{caption}'"));
    let table = &html[at..at + html[at..].find("</table>").expect("table end")];
    table
        .split("<tr")
        .skip(1)
        .map(|row| {
            let row = row.split("</tr>").next().unwrap_or_default();
            row.split("<t")
                .skip(1)
                .filter(|c| c.starts_with('h') || c.starts_with('d'))
                .map(|c| text(&format!("<t{}", c.split("</t").next().unwrap_or_default())))
                .collect()
        })
        .collect()
}

/// A CSV download: its status, content type and rows (headings first).
pub async fn csv(app: &TestApp, path: &str) -> Vec<Vec<String>> {
    let r = app.get(path).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    let kind = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(kind.starts_with("text/csv"), "{path}: {kind}");
    let body = r.text().await.expect("body");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|r| r.expect("a CSV record").iter().map(str::to_string).collect())
        .collect()
}

/// The DMA table's row for an organisation (short name) and theme.
fn dma_row<'a>(rows: &'a [Vec<String>], org: &str, theme: &str) -> &'a Vec<String> {
    rows.iter().find(|r| r[0] == org && r[1] == theme).unwrap_or_else(|| panic!("{org} {theme}"))
}

const DMA_CAPTION: &str = "Digital maturity gaps";
const AIMS_CAPTION: &str = "Aims against their goals";

#[tokio::test]
async fn the_seed_aims_show_their_gap_time_left_and_rates_worst_first() {
    let app = spawn_app().await;
    app.login_as("steering").await;
    let (_, html) = app.get_page("/gaps").await;
    let rows = table(&html, AIMS_CAPTION);
    assert_eq!(
        rows[0][..10],
        [
            "Aim",
            "Goal",
            "Current",
            "Goal minus current",
            "Time left",
            "Rate needed",
            "Rate achieved",
            "Projected to reach the goal",
            "Computed status",
            "Declared status"
        ]
    );
    // seed/aim_goals.csv and aim_progress.csv: 4d is at 70 % against 80 % by the end of 2017/18, seven
    // quarters after 2016/17 Q1: 10 points to go, 10 / 7 = 1.43 a quarter; one figure is no rate.
    assert!(rows[1][0].starts_with("4d: By Sep 17"), "{:?}", rows[1]);
    assert_eq!(
        rows[1][1..10],
        ["80 % by 2017/18 Q4", "70 %", "10 points", "7 quarters", "1.43 points a quarter", "—", "—", "No data", "Not rated"]
    );
    // 10a: 7 % against 10 % by 2016/17 Q4: 3 points in 3 quarters.
    assert!(rows[2][0].starts_with("10a:"));
    assert_eq!(rows[2][3..6], ["3 points", "3 quarters", "1 point a quarter"]);
    // 9d: 83 % against 80 % by 2016/17 Q4: met, green, and so last.
    let last = rows.last().unwrap();
    assert!(last[0].starts_with("9d:"));
    assert_eq!(last[3..9], ["Met", "3 quarters", "—", "—", "Already met", "Green"]);
    assert!(html.contains("href=\"/aims/4d?period=2016-17-q1\""), "the computed tag links to its explanation");
    assert_eq!(csv(&app, "/gaps/aims.csv?period=2016-17-q1").await, rows);
    let (_, html) = app.get_page("/gaps?capability=4").await;
    let rows = table(&html, AIMS_CAPTION);
    assert!(rows.len() > 1 && rows[1..].iter().all(|r| r[0].starts_with('4')), "{rows:?}");
    assert_eq!(csv(&app, "/gaps/aims.csv?period=2016-17-q1&capability=4").await, rows);
}

#[tokio::test]
async fn the_seed_gaps_are_the_national_average_less_the_score_biggest_first() {
    let app = spawn_app().await;
    app.login_as("steering").await;
    let (status, html) = app.get_page("/gaps").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html.matches("<h1").count(), 1);
    let rows = table(&html, DMA_CAPTION);
    assert_eq!(
        rows[0][..8],
        [
            "Organisation",
            "Theme",
            "Score",
            "Gap to the national average",
            "Its own kind",
            "Gap to its own kind's average",
            "Gap to its own plan",
            "Computed status"
        ]
    );
    // 2gether's Orders & Results: 13 against the trusts' 55 (seed/dma_benchmarks.csv): 42 behind, the biggest.
    assert_eq!(
        rows[1][..8],
        [
            "2gether",
            "Orders & Results Management",
            "13",
            "42 behind 55",
            "National average of NHS trusts",
            "42 behind 55",
            "No plan",
            "Red"
        ]
    );
    // GHFT's Records: 12 against 44: 32 behind; no plan, so judged against its kind: red.
    let ghft = dma_row(&rows, "GHFT", "Records, Assessments & Plans");
    assert_eq!(ghft[2..8], ["12", "32 behind 44", "National average of NHS trusts", "32 behind 44", "No plan", "Red"]);
    // The council: 84 on Leadership, ahead of the trusts' 77 and of the councils' own 78.52.
    let gcc = dma_row(&rows, "GCC", "Leadership");
    assert_eq!(
        gcc[2..8],
        ["84", "7 ahead of 77", "National average of councils (social-care DMA)", "5.48 ahead of 78.52", "No plan", "Green"]
    );
    // Its Records: no councils' average and no plan: no comparator, no data.
    let records = dma_row(&rows, "GCC", "Records, Assessments & Plans");
    assert_eq!(records[3..8], ["19 ahead of 44", "No peer group average", "No average", "No plan", "No data"]);
    assert_eq!(dma_row(&rows, "GCC", "Orders & Results Management")[2], "Not assessed");
    // Biggest first: each row's largest gap is no larger than the one above it.
    let biggest = |r: &Vec<String>| -> Option<f64> {
        [&r[3], &r[5], &r[6]]
            .iter()
            .filter_map(|c| {
                let (n, rest) = c.split_once(' ')?;
                let n: f64 = n.parse().ok()?;
                Some(if rest.starts_with("behind") {
                    n
                } else if rest.starts_with("ahead") {
                    -n
                } else {
                    0.0
                })
            })
            .reduce(f64::max)
    };
    let gaps: Vec<Option<f64>> = rows[1..].iter().map(biggest).collect();
    let with: Vec<f64> = gaps.iter().map_while(|g| *g).collect();
    assert!(with.windows(2).all(|w| w[0] >= w[1]), "biggest first: {with:?}");
    assert!(gaps[with.len()..].iter().all(Option::is_none), "rows without a gap come last");
    assert!(html.contains("nhsuk-tag nhsuk-tag--red\">Red<"), "the status is a tag with its word");
}

#[tokio::test]
async fn every_csv_download_equals_its_table_with_the_same_filters() {
    let app = spawn_app().await;
    app.login_as("reviewer").await;
    let query = "?period=2016-17-q1&organisation=RTE&capability=&theme_group=Capabilities+%28PF%40PoC%29";
    let (_, html) = app.get_page(&format!("/gaps{query}")).await;
    let link = "href=\"/gaps/dma.csv?period=2016-17-q1&amp;organisation=RTE&amp;theme_group=Capabilities+%28PF%40PoC%29\"";
    assert!(html.contains(link), "the CSV link keeps the filters");
    let page = table(&html, DMA_CAPTION);
    assert_eq!(page.len(), 1 + 7, "GHFT's seven PF@PoC capabilities");
    assert!(page[1..].iter().all(|r| r[0] == "GHFT"));
    assert_eq!(csv(&app, &format!("/gaps/dma.csv{query}")).await, page);
    assert_eq!(csv(&app, "/gaps/register.csv").await, table(&html, "Gaps against strategic goals"));
    assert_eq!(csv(&app, "/gaps/initiatives.csv").await, table(&html, "Initiatives in priority order"));
}

#[tokio::test]
async fn the_filters_are_a_get_form_that_keeps_what_was_chosen() {
    let app = spawn_app().await;
    app.login_as("cio.ghft").await;
    let (_, html) = app.get_page("/gaps?organisation=E10000013&theme_group=Readiness").await;
    let form = &html[html.find("class=\"ldr-gap-filters\"").expect("the filter form")..];
    let form = &form[..form.find("</form>").expect("form end")];
    assert!(html.contains("action=\"/gaps\" method=\"get\""), "a GET form: works with JavaScript off");
    assert!(form.contains("<option value=\"E10000013\" selected>"), "{form}");
    assert!(form.contains("<option value=\"Readiness\" selected>Readiness</option>"));
    assert!(form.contains("<option value=\"\">All capabilities</option>"));
    let rows = table(&html, DMA_CAPTION);
    assert_eq!(rows.len(), 1 + 5, "the council's five readiness themes");
    // A value that is none of the choices is ignored, and the form says "All".
    let (status, html) = app.get_page("/gaps?organisation=%3Cscript%3E&capability=99").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("<script>") && table(&html, DMA_CAPTION).len() > 6);
}

#[tokio::test]
async fn the_register_lists_the_roadmaps_gaps_and_its_initiatives_by_priority() {
    let app = spawn_app().await;
    app.login_as("steering").await;
    let (_, html) = app.get_page("/gaps").await;
    let gaps = table(&html, "Gaps against strategic goals");
    assert_eq!(gaps.len(), 1 + 23, "seed/gaps.csv");
    assert_eq!(gaps[1][1], "Limited digital support in trusts for many PF@PoC capabilities");
    let initiatives = table(&html, "Initiatives in priority order");
    // seed/initiatives.csv scored by hand: 1 = 1+1+1+2 = 5; 3, 5 and 7 = 0+1+1+2 = 4; 8 = 2; 4 = 1; 2 and 6 = 1.
    let order: Vec<(&str, &str)> = initiatives[1..].iter().map(|r| (r[1].as_str(), r[7].as_str())).collect();
    assert_eq!(order[0], ("Working towards delivery of Universal Capabilities", "5"));
    assert_eq!(order[1], ("Implementation of shared record solution - Joining Up Your Information (JUYI)", "4"));
    assert_eq!(order[3].1, "4");
    assert_eq!(order[4], ("Whole system analytics", "2"));
    assert_eq!(
        order[5],
        ("Further deployment of Smartcare (GHFT) and further EPR elements in GCS, 2gether and SWAST", "1"),
        "ties keep the roadmap's order"
    );
    assert!(html.contains("One point each for"), "the scoring is stated");
    assert!(!html.contains("/gaps/register/gaps/"), "only the PMO is offered the forms");
}

#[tokio::test]
async fn a_generated_footprints_gaps_to_its_own_plans_match_the_database() {
    let app = spawn_app().await;
    app.generate(1, 8, 3).await;
    app.login_as("reviewer").await;
    let (status, html) = app.get_page("/gaps?footprint=SYN01").await;
    assert_eq!(status, StatusCode::OK);
    let rows = table(&html, DMA_CAPTION);
    let planned: Vec<&Vec<String>> =
        rows[1..].iter().filter(|r| r[6].contains("behind") || r[6].contains("ahead") || r[6].starts_with("On ")).collect();
    assert!(!planned.is_empty(), "a generated footprint has trajectory plans");
    // The quarter shown: the one selected in the filter form (the latest with figures).
    let select = &html[html.find("name=\"period\"").expect("the quarter select")..];
    let select = &select[..select.find("</select>").expect("select end")];
    let period =
        select.split("<option value=\"").find(|o| o.contains("\" selected")).and_then(|o| o.split('"').next()).expect("a quarter selected");
    for row in planned.iter().take(5) {
        let (score, plan): (f64, f64) = sqlx::query_as(
            "SELECT (SELECT d.score FROM dma_scores d WHERE d.organisation_id = o.id AND d.theme_id = t.id AND d.score IS NOT NULL
                     ORDER BY d.period_key DESC LIMIT 1),
                    (SELECT c.planned_score FROM capability_trajectories c JOIN reporting_periods p ON p.code = ?
                     WHERE c.organisation_id = o.id AND c.theme_id = t.id AND c.financial_year = p.financial_year
                       AND c.period_key <= p.financial_year * 10 + p.quarter ORDER BY c.period_key DESC LIMIT 1)
             FROM organisations o JOIN footprints f ON f.id = o.footprint_id JOIN themes t ON t.name = ?
             WHERE f.code = 'SYN01' AND o.short_name = ?",
        )
        .bind(period)
        .bind(&row[1])
        .bind(&row[0])
        .fetch_one(&app.pool)
        .await
        .unwrap();
        let gap = plan - score;
        let fmt = ldr_app::domain::values::format_number;
        let expected = if gap.abs() < 1e-9 {
            format!("On {}", fmt(plan))
        } else if gap > 0.0 {
            format!("{} behind {}", fmt(gap), fmt(plan))
        } else {
            format!("{} ahead of {}", fmt(-gap), fmt(plan))
        };
        assert_eq!(row[6], expected, "{row:?}");
    }
    assert_eq!(csv(&app, &format!("/gaps/dma.csv?period={period}&footprint=SYN01")).await, rows);
    // The aims, worst first by their computed status, as the download gives them.
    let aims = table(&html, AIMS_CAPTION);
    let rank = |s: &str| ["Red", "Amber", "No data", "Green"].iter().position(|w| *w == s).expect("a status word");
    let ranks: Vec<usize> = aims[1..].iter().map(|r| rank(&r[8])).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "worst first: {ranks:?}");
    assert!(ranks.contains(&0) || ranks.contains(&1), "a generated history puts some aim off course: {ranks:?}");
    assert_eq!(csv(&app, &format!("/gaps/aims.csv?period={period}&footprint=SYN01")).await, aims);
}

#[tokio::test]
async fn the_plans_a_theme_is_set_against_are_read_by_index_not_by_scanning_history() {
    let app = spawn_app().await;
    app.generate(1, 8, 3).await;
    let footprint: i64 = sqlx::query_scalar("SELECT id FROM footprints WHERE code = 'SYN01'").fetch_one(&app.pool).await.unwrap();
    let period = "2017-18-q4".parse().unwrap();
    let sql = ldr_server::db::gap_analysis::plans_sql(ldr_app::domain::FootprintId(footprint), period);
    let plan: Vec<String> = sqlx::query_as::<_, (i64, i64, i64, String)>(&format!("EXPLAIN QUERY PLAN {sql}"))
        .bind(2017_i64)
        .fetch_all(&app.pool)
        .await
        .unwrap()
        .into_iter()
        .map(|(_, _, _, d)| d)
        .collect();
    assert!(!plan.iter().any(|l| l == "SCAN f" || l.starts_with("SCAN f ") || l.starts_with("SCAN g")), "{plan:#?}");
    assert!(plan.iter().any(|l| l.contains("capability_trajectories_as_at")), "{plan:#?}");
    let explain = format!("EXPLAIN QUERY PLAN {}", ldr_server::db::gap_analysis::LATEST_ASSESSED_SQL);
    let plan: Vec<String> = sqlx::query_as::<_, (i64, i64, i64, String)>(&explain)
        .bind(footprint)
        .bind(20174_i64)
        .bind(20174_i64)
        .fetch_all(&app.pool)
        .await
        .unwrap()
        .into_iter()
        .map(|(_, _, _, d)| d)
        .collect();
    assert!(!plan.iter().any(|l| l == "SCAN f" || l.starts_with("SCAN f ") || l.starts_with("SCAN g")), "{plan:#?}");
}

#[tokio::test]
async fn a_not_assessed_quarter_is_skipped_and_the_earlier_score_judged_with_its_quarter() {
    let app = spawn_app().await;
    // GHFT's Records comes back "not assessed" in 2016/17 Q2 (12 in Q1).
    sqlx::query(
        "INSERT INTO dma_scores (organisation_id, theme_id, period_id, score, source, period_key)
         SELECT o.id, t.id, p.id, NULL, 'test', p.financial_year * 10 + p.quarter
         FROM organisations o, themes t, reporting_periods p WHERE o.code = 'RTE' AND t.code = 'records' AND p.code = '2016-17-q2'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    app.login_as("steering").await;
    let (_, html) = app.get_page("/gaps?period=2016-17-q2").await;
    let rows = table(&html, DMA_CAPTION);
    let ghft = dma_row(&rows, "GHFT", "Records, Assessments & Plans");
    assert_eq!(ghft[2..8], ["12 (2016/17 Q1)", "32 behind 44", "National average of NHS trusts", "32 behind 44", "No plan", "Red"]);
    assert!(ghft[8].contains("Not assessed in 2016/17 Q2: skipped, not counted as zero"), "{}", ghft[8]);
}
