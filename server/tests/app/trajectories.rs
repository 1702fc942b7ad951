//! `/trajectories` and `/trajectories/{capability}`: the seed's figures by organisation, a
//! generated footprint's history, the whole-system method, the organisation page agreeing
//! figure for figure, who may read them, and the bounded reads behind them.

use reqwest::StatusCode;

use crate::support::{repo_root, row_containing, spawn_app, strip_tags, TestApp};
use ldr_server::db::trajectories::SCORES_SQL;

/// The seed's 2016 DMA scores for a capability: (organisation name, score), from the CSVs.
fn seed_scores(theme: &str) -> Vec<(String, String)> {
    let read = |file: &str| std::fs::read_to_string(repo_root().join("seed").join(file)).expect(file);
    let names: Vec<(String, String)> = read("organisations.csv")
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .map(|c| (c[0].to_string(), c[2].to_string()))
        .collect();
    read("dma_scores.csv")
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|c| c[0] == "2016-17-q1" && c[3] == theme && !c[4].is_empty())
        .map(|c| (names.iter().find(|(code, _)| code == c[1]).expect("a named organisation").1.clone(), c[4].to_string()))
        .collect()
}

/// The cells of the table row headed by `name` (tags stripped), the first such row on the page.
fn cells(html: &str, name: &str) -> Vec<String> {
    let needle = format!(">{name}</th>");
    let row = html.split("<tr").find(|r| r.contains(&needle)).unwrap_or_else(|| panic!("a row for {name}"));
    let row = row.split("</tr>").next().unwrap_or_default();
    row.split("</t").filter_map(|c| c.split_once('>').map(|(_, t)| strip_tags(t))).filter(|c| !c.is_empty()).collect()
}

/// The page's first table rows headed by an organisation of the footprint: their names.
fn organisation_rows(html: &str, marker: &str) -> Vec<String> {
    let start = html.find("Each organisation").expect("the organisations' table");
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    table
        .split("scope=\"row\"")
        .skip(1)
        .map(|r| strip_tags(r.split_once('>').unwrap().1.split("</th>").next().unwrap()))
        .filter(|n| n.contains(marker))
        .collect()
}

fn number(cell: &str) -> f64 {
    cell.split(" (").next().unwrap().parse().unwrap_or_else(|_| panic!("a number in {cell}"))
}

#[tokio::test]
async fn on_the_seed_each_organisations_baseline_is_its_2016_dma_score_and_the_system_is_their_mean() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let (status, html) = app.get_page("/trajectories/records?period=2016-17-q1").await;
    assert_eq!(status, StatusCode::OK);
    let seed = seed_scores("records");
    assert_eq!(seed.len(), 5, "GHFT, GCS, 2gether, SWASFT and GCC took the 2016 DMA");
    for (name, score) in &seed {
        let row = cells(&html, name);
        assert_eq!(row[1], format!("{score} (2016/17 Q1)"), "{name}'s baseline: {row:?}");
        assert_eq!(row[3], format!("{score} (2016/17 Q1)"), "{name}'s actual at the baseline quarter: {row:?}");
        assert_eq!(row[2], "Not recorded", "Figures 8 and 9 were lost: {row:?}");
        assert!(row[6].starts_with("No data"), "no plan, no status: {row:?}");
    }
    let mean = seed.iter().map(|(_, s)| s.parse::<f64>().unwrap()).sum::<f64>() / seed.len() as f64;
    let mean = ldr_app::domain::values::format_number(mean);
    let system = cells(&html, "Whole system (mean)");
    assert_eq!((system[1].as_str(), system[3].as_str()), (mean.as_str(), mean.as_str()), "{system:?}");
    assert!(html.contains("Gloucestershire Hospitals NHS Foundation Trust: 12,"), "GHFT pulls the system down: furthest below it");
    assert!(html.contains("Lowest: Gloucestershire Hospitals NHS Foundation Trust (12); highest: Gloucestershire County Council (63)."));
    assert!(html.contains("is the one furthest behind its own plan"), "the rule in words");
    assert!(
        html.contains("<title id=\"trajectory-chart\">") && html.contains("<desc id=\"trajectory-chart-desc\">"),
        "the chart's text alternative"
    );

    let (status, list) = app.get_page("/trajectories?period=2016-17-q1").await;
    assert_eq!(status, StatusCode::OK);
    let records = row_containing(&list, "Records, Assessments & Plans").expect("the capability's row");
    assert!(records.starts_with(&format!("Records, Assessments & Plans {mean} No figure {mean} —")), "{records}");
    assert!(list.contains("href=\"/trajectories/records?period=2016-17-q1\""), "each capability links to its page");
    assert_eq!(list.matches("href=\"/trajectories/").count(), 7, "the seven PF@PoC capabilities");
}

#[tokio::test]
async fn a_generated_footprint_shows_several_quarters_of_actuals_each_the_latest_in_its_year() {
    let app = spawn_app().await;
    app.generate(1, 12, 5).await;
    app.login_as("reviewer").await;
    let quarters: Vec<(i64,)> = sqlx::query_as(
        "SELECT DISTINCT s.period_key FROM dma_scores s JOIN organisations o ON o.id = s.organisation_id
         JOIN footprints f ON f.id = o.footprint_id AND f.code = 'SYN01' JOIN themes t ON t.id = s.theme_id AND t.code = 'records'
         WHERE s.score IS NOT NULL ORDER BY 1",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert!(quarters.len() >= 3, "the generator's history: {quarters:?}");
    let (status, html) = app.get_page("/trajectories/records?footprint=SYN01").await;
    assert_eq!(status, StatusCode::OK);
    let year_table = &html[html.find("Year by year").expect("the year table")..];
    for (key,) in quarters {
        let label = format!("({}/{} Q{})", key / 10, (key / 10 + 1) % 100, key % 10);
        assert!(year_table.contains(&label), "an actual approved in {label}");
    }
    let chart = &html[html.find("ldr-chart").expect("the chart")..];
    let svg = &chart[..chart.find("</svg>").unwrap()];
    assert!(svg.matches("<polyline").count() > 20, "solid and dashed lines for every organisation");
    assert!(svg.contains("Whole system"), "the system's label");
}

#[tokio::test]
async fn each_organisations_figures_equal_those_on_its_own_page() {
    let app = spawn_app().await;
    app.generate(1, 8, 5).await;
    app.login_as("reviewer").await;
    let (_, html) = app.get_page("/trajectories/records?footprint=SYN01").await;
    let names = organisation_rows(&html, "(synthetic)");
    assert!(names.len() >= 7, "{names:?}");
    for name in names {
        let here = cells(&html, &name);
        let (code,): (String,) =
            sqlx::query_as("SELECT code FROM organisations WHERE name = ?").bind(&name).fetch_one(&app.pool).await.unwrap();
        let (status, page) = app.get_page(&format!("/organisations/{code}")).await;
        assert_eq!(status, StatusCode::OK);
        let section = &page[page.find("Capability trajectory").unwrap()..];
        let there = cells(section, "Records, Assessments &amp; Plans");
        let plan_column = section[..section.find("</thead>").unwrap()]
            .split("scope=\"col\"")
            .skip(1)
            .position(|h| h.split_once('>').unwrap().1.starts_with("Planned 2017/18"))
            .expect("this year's plan column");
        assert_eq!(here[1], there[1], "{name}: baseline");
        assert_eq!(here[2], there[plan_column], "{name}: this year's plan");
        assert_eq!(here[3..], there[there.len() - 4..], "{name}: actual, variance, against plan and computed status");
    }
}

#[tokio::test]
async fn the_whole_system_is_the_mean_the_lowest_or_weighted_by_headcount_as_asked() {
    let app = spawn_app().await;
    app.generate(1, 8, 5).await;
    app.login_as("reviewer").await;
    let (_, html) = app.get_page("/trajectories/records?footprint=SYN01&method=minimum").await;
    let actuals: Vec<f64> = organisation_rows(&html, "(synthetic)")
        .iter()
        .map(|n| cells(&html, n)[3].clone())
        .filter(|c| !c.starts_with("Not assessed"))
        .map(|c| number(&c))
        .collect();
    let lowest = actuals.iter().copied().fold(f64::INFINITY, f64::min);
    assert_eq!(number(&cells(&html, "Whole system (lowest organisation)")[3]), lowest);
    assert!(html.contains("the lowest organisation's figure"), "the method in words");

    let (_, html) = app.get_page("/trajectories/records?footprint=SYN01&method=weighted").await;
    assert!(html.contains("weighted by each organisation's staff headcount") && !html.contains("not available"));
    let (weighted,): (f64,) = sqlx::query_as(
        "SELECT SUM(s.score * o.staff_headcount) / SUM(o.staff_headcount) FROM dma_scores s
         JOIN organisations o ON o.id = s.organisation_id JOIN footprints f ON f.id = o.footprint_id AND f.code = 'SYN01'
         JOIN themes t ON t.id = s.theme_id AND t.code = 'records'
         WHERE s.score IS NOT NULL AND s.period_key = (SELECT MAX(g.period_key) FROM dma_scores g
               WHERE g.organisation_id = s.organisation_id AND g.theme_id = s.theme_id AND g.score IS NOT NULL)
           AND NOT EXISTS (SELECT 1 FROM dma_scores n WHERE n.organisation_id = s.organisation_id AND n.theme_id = s.theme_id
               AND n.score IS NULL AND n.period_key > s.period_key)",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let shown = number(&cells(&html, "Whole system (weighted by staff headcount)")[3]);
    assert!((shown - weighted).abs() < 0.006, "{shown} against {weighted}, worked out here");

    // Gloucestershire has no sizes: the page says so and shows the mean.
    let (_, glos) = app.get_page("/trajectories/records?footprint=GLOS&method=weighted").await;
    assert!(glos.contains("Weighted by staff headcount is not available: no staff headcount is recorded for"));
    assert!(glos.contains("use the mean instead") && glos.contains(">Whole system (mean)</th>"));
    assert_eq!(app.get_page("/trajectories/records?method=median").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_unknown_capability_is_not_found_and_every_reader_of_the_footprint_may_read_the_pages() {
    let app = spawn_app().await;
    let r = app.get("/trajectories/records").await;
    assert_eq!((r.status(), crate::support::location(&r).as_str()), (StatusCode::SEE_OTHER, "/login"), "signed out");
    for who in ["cio.ghft", "reviewer", "pmo"] {
        let person = app.another_person();
        person.login_as(who).await;
        for path in ["/trajectories", "/trajectories/records", "/trajectories/assets?period=2016-17-q1"] {
            assert_eq!(person.get_page(path).await.0, StatusCode::OK, "{who} reads {path}");
        }
        for path in ["/trajectories/nope", "/trajectories/leadership", "/trajectories/well-led"] {
            assert_eq!(person.get_page(path).await.0, StatusCode::NOT_FOUND, "{path}: not a PF@PoC capability of the footprint");
        }
    }
}

#[tokio::test]
async fn a_capability_of_an_earlier_framework_says_it_is_not_in_force_instead_of_vanishing() {
    let app = spawn_app().await;
    sqlx::query("INSERT INTO reporting_periods (code, financial_year, quarter, starts_on, ends_on) VALUES ('2024-25-q1', 2024, 1, '2024-04-01', '2024-06-30')")
        .execute(&app.pool)
        .await
        .unwrap();
    app.login_as("reviewer").await;
    let (status, html) = app.get_page("/trajectories/records?period=2024-25-q1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Records, Assessments &amp; Plans is not a capability of the digital maturity framework in force"), "{html}");
    assert_eq!(app.get_page("/trajectories/nope?period=2024-25-q1").await.0, StatusCode::NOT_FOUND);
    let (status, list) = app.get_page("/trajectories?period=2024-25-q1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        list.contains("No capability trajectories can be shown for Gloucestershire"),
        "What Good Looks Like has no PF@PoC capabilities"
    );
}

#[tokio::test]
async fn the_scores_behind_the_pages_are_read_by_index_for_the_footprints_organisations_only() {
    let app: TestApp = spawn_app().await;
    let explain = format!("EXPLAIN QUERY PLAN {SCORES_SQL}");
    let mut query = sqlx::query_as::<_, (i64, i64, i64, String)>(&explain);
    for bind in [1_i64, 1, 1, 1, 20174] {
        query = query.bind(bind);
    }
    let lines: Vec<String> = query.fetch_all(&app.pool).await.unwrap().into_iter().map(|l| l.3).collect();
    assert!(lines.iter().any(|l| l.starts_with("SEARCH s USING INDEX dma_scores_as_at")), "{lines:#?}");
    assert!(!lines.iter().any(|l| l.starts_with("SCAN")), "nothing read whole: {lines:#?}");
}

#[tokio::test]
async fn changing_the_quarter_keeps_the_method_chosen() {
    let app = spawn_app().await;
    app.login_as("reviewer").await;
    for path in ["/trajectories?method=minimum", "/trajectories/records?method=minimum"] {
        let (status, html) = app.get_page(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let selector = &html[html.find("class=\"ldr-period-selector\"").expect("the period selector")..];
        let selector = &selector[..selector.find("</form>").unwrap()];
        assert!(selector.contains(r#"name="method" value="minimum""#), "{path}: {selector}");
    }
    let (_, html) = app.get_page("/trajectories").await;
    let selector = &html[html.find("class=\"ldr-period-selector\"").unwrap()..];
    assert!(!selector[..selector.find("</form>").unwrap()].contains(r#"name="method""#), "the default needs no field");
}
