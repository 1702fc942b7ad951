//! Computed RAG on the pages: a footprint crafted so that each outcome occurs (aims green,
//! amber, red and no data, asserted by name), the organisations' figures reconciled with the
//! footprint's, each status's explanation, and the PMO's rule versions.

use reqwest::StatusCode;

use crate::support::{spawn_app, strip_tags, TestApp};
use ldr_app::domain::{AimId, FootprintId, OrgId, Percent, PeriodId, Rag};
use ldr_server::db::figures::{write_aim_progress, AimProgress, Provenance};

/// A row's id by its code (`footprints`, `aims`, `organisations`, `themes`, `reporting_periods`).
async fn id_of(app: &TestApp, table: &str, code: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE code = ?")).bind(code).fetch_one(&app.pool).await.unwrap()
}

/// On the 0 to 100 scale of the 2016 DMA.
fn score(v: f64) -> ldr_app::domain::Score {
    ldr_app::domain::Scale { min: 0.0, max: 100.0, step: 1.0 }.score_of(v).unwrap()
}

/// One approved aim figure written as a return's approval writes it (the one write path).
async fn figure(app: &TestApp, organisation: Option<&str>, aim: &str, period: &str, completeness: f64) {
    declared(app, organisation, aim, period, completeness, None).await;
}

/// The same, with the status the return declared.
async fn declared(app: &TestApp, organisation: Option<&str>, aim: &str, period: &str, completeness: f64, rag: Option<Rag>) {
    let mut conn = app.pool.acquire().await.unwrap();
    let (footprint,): (i64,) = sqlx::query_as("SELECT id FROM footprints WHERE code = 'GLOS'").fetch_one(&mut *conn).await.unwrap();
    let (aim_id,): (i64,) = sqlx::query_as("SELECT id FROM aims WHERE code = ?").bind(aim).fetch_one(&mut *conn).await.unwrap();
    let (period_id,): (i64,) =
        sqlx::query_as("SELECT id FROM reporting_periods WHERE code = ?").bind(period).fetch_one(&mut *conn).await.unwrap();
    let org = match organisation {
        Some(code) => {
            let (id,): (i64,) =
                sqlx::query_as("SELECT id FROM organisations WHERE code = ?").bind(code).fetch_one(&mut *conn).await.unwrap();
            Some(OrgId(id))
        }
        None => None,
    };
    let progress = AimProgress {
        footprint: FootprintId(footprint),
        organisation: org,
        aim: AimId(aim_id),
        period: PeriodId(period_id),
        completeness: Some(Percent::new(completeness).unwrap()),
        rag,
        narrative: "",
    };
    write_aim_progress(&mut conn, &progress, &Provenance::published("Test figures")).await.unwrap();
}

/// Gloucestershire after three more quarters: 4d rising 2 points a quarter towards 80 % by
/// 2017/18 (amber), 10a falling below its 10 % due by 2016/17 Q4 (red), 9d's 83 % past its
/// 80 % (green), 1a with no goal (no data); GHFT reports 60 % on 7a, where the footprint says 0 %.
async fn crafted() -> TestApp {
    let app = spawn_app().await;
    for (period, v) in [("2016-17-q2", 72.0), ("2016-17-q3", 74.0), ("2016-17-q4", 76.0)] {
        figure(&app, None, "4d", period, v).await;
    }
    for (period, v) in [("2016-17-q2", 6.0), ("2016-17-q3", 5.0)] {
        figure(&app, None, "10a", period, v).await;
    }
    figure(&app, Some("RTE"), "7a", "2016-17-q2", 60.0).await;
    app
}

/// The text of the table row headed `header` (its first cell, a `<th>`).
fn row_headed(html: &str, header: &str) -> Option<String> {
    let needle = format!(">{header}</th>");
    html.split("<tr").skip(1).map(|row| row.split("</tr>").next().unwrap_or_default()).find(|r| r.contains(&needle)).map(strip_tags)
}

fn computed_cell(html: &str, code: &str) -> String {
    row_headed(html, code).unwrap_or_else(|| panic!("a row for {code}"))
}

#[tokio::test]
async fn each_computed_outcome_occurs_and_is_named_on_the_dashboard() {
    let app = crafted().await;
    app.login_as("reviewer").await;
    let (status, html) = app.get_page("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Figures for 2016/17 Q4"));
    // (aim, computed word in its row)
    for (code, word) in [("9d", "Green"), ("4d", "Amber"), ("10a", "Red"), ("1a", "No data")] {
        let row = computed_cell(&html, code);
        assert!(row.contains(&format!("{word} computed status: why")), "{code} should be computed {word}: {row}");
    }
    let glance = strip_tags(&html[html.find("Status of the 25 aims").unwrap()..html.find("<h2>Exceptions</h2>").unwrap()]);
    assert!(glance.contains("Green 1 aim"), "{glance}");
    assert!(glance.contains("Amber 1 aim"), "{glance}");
    assert!(glance.contains("Red 1 aim"), "{glance}");
    let exceptions = &html[html.find("<h2>Exceptions</h2>").unwrap()..html.find("<h2>Aims by capability</h2>").unwrap()];
    assert!(exceptions.contains("Computed red (1)"));
    assert!(strip_tags(exceptions).contains("Aim 10a : Computed red: no progress"), "the red aim is named: {exceptions}");
    assert!(exceptions.contains("href=\"/aims/10a?period=2016-17-q4&amp;footprint=GLOS\""));
}

#[tokio::test]
async fn the_organisations_figures_are_set_beside_the_footprints_and_a_difference_is_flagged() {
    let app = crafted().await;
    app.login_as("steering").await;
    let (_, html) = app.get_page("/?period=2016-17-q2").await;
    let row = computed_cell(&html, "7a");
    assert!(row.contains("0 %"), "the footprint's own 0 %: {row}");
    assert!(row.contains("Organisations give 60 % (1 organisation)"), "{row}");
    assert!(row.contains("Differs from the footprint's figure by 60 points"), "{row}");
    assert!(row.contains("On the organisations' figures"), "GHFT's figure is newer: {row}");
    let (_, page) = app.get_page("/aims/7a?period=2016-17-q2").await;
    let text = strip_tags(&page);
    assert!(text.contains("Judged on The organisations' figures"), "judged on: {text}");
    assert!(text.contains("60 % (the figure of 1 organisation)"));
    assert!(row_headed(&page, "GHFT").is_some_and(|r| r.contains("60 %") && r.contains("Test figures")), "GHFT's figure with its source");
}

#[tokio::test]
async fn a_computed_status_explains_its_inputs_rule_projection_and_when_it_changed() {
    let app = crafted().await;
    app.login_as("reviewer").await;
    let (status, html) = app.get_page("/aims/4d?period=2016-17-q4").await;
    assert_eq!(status, StatusCode::OK);
    let text = strip_tags(&html);
    assert!(
        text.contains("Computed amber: at 2 points a quarter the aim reaches 80 % in 2017/18 Q2, by its goal date 2017/18 Q4"),
        "{text}"
    );
    assert!(text.contains("Version 1, in force from 2016/17 Q1."));
    assert!(html.contains("<svg") && html.contains("stroke-dasharray"), "the projection chart");
    let row = row_headed(&html, "2016/17 Q3").expect("the projection table has Q3");
    assert!(row.contains("74 %"), "{row}");
    // Q1 alone is one figure (no data); from Q2 on there is a rate: amber.
    assert!(text.contains("Computed amber since 2016/17 Q2 (it changed that quarter)."), "{text}");
    let (status, _) = app.get_page("/aims/99z").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_falling_figure_is_among_the_largest_falls_since_last_quarter() {
    let app = crafted().await;
    app.login_as("reviewer").await;
    let (_, html) = app.get_page("/?period=2016-17-q3").await;
    let exceptions = strip_tags(&html[html.find("<h2>Exceptions</h2>").unwrap()..html.find("<h2>Aims by capability</h2>").unwrap()]);
    assert!(exceptions.contains("down from 6 % to 5 %"), "{exceptions}");
    assert!(computed_cell(&html, "10a").contains("Down 1 point"));
}

#[tokio::test]
async fn a_new_rule_version_judges_its_quarter_on_and_leaves_earlier_quarters_alone() {
    let app = crafted().await;
    app.login_as("pmo").await;
    let (_, page) = app.get_page("/rules").await;
    assert!(page.contains("Add a new version"));
    let token = crate::support::csrf_from(&page).unwrap();
    let mut fields: Vec<(&str, &str)> = vec![
        ("csrf_token", &token),
        ("based-on", "1"),
        ("effective-from", "2016-17-q4"),
        ("aim-window", "4"),
        ("aim-margin", "2"),
        ("aim-min-progress", "3"),
        ("trajectory-tolerance", "5"),
        ("trajectory-amber", "15"),
        ("plan-tolerance", "5"),
        ("plan-amber", "15"),
        ("peers-tolerance", "5"),
        ("peers-amber", "15"),
    ];
    let r = app.post_form("/rules", &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, q4) = app.get_page("/aims/4d?period=2016-17-q4").await;
    assert!(strip_tags(&q4).contains("Computed red: no progress"), "2 points a quarter is no longer progress");
    assert!(strip_tags(&q4).contains("Version 2, in force from 2016/17 Q4."));
    let (_, q3) = app.get_page("/aims/4d?period=2016-17-q3").await;
    assert!(strip_tags(&q3).contains("Computed amber"), "Q3 keeps the rules of its time");
    let (_, audit) = app.get_page("/audit").await;
    assert!(audit.contains("add_rule_version") || audit.contains("rule version"), "the change is audited");

    // The same form again is stale: version 2 exists now. Nothing is written.
    let r = app.post_form("/rules", &fields).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("Someone added version 2 of the rules since you opened this page"));

    // Every problem at once, with what was typed kept.
    fields[1] = ("based-on", "2");
    fields[3] = ("aim-window", "one");
    fields[5] = ("aim-min-progress", "-1");
    let r = app.post_form("/rules", &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("There is a problem"));
    assert!(html.contains("must be a number, like 5"));
    assert!(html.contains("value=\"one\""), "the typed text is kept");
    let (versions,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM rag_rule_versions").fetch_one(&app.pool).await.unwrap();
    assert_eq!(versions, 2, "nothing partial is written");
}

#[tokio::test]
async fn only_the_footprints_pmo_may_add_a_rule_version_and_everyone_reads_the_rules() {
    for user in ["steering", "reviewer", "cio.ghft"] {
        let app = spawn_app().await;
        app.login_as(user).await;
        let (status, page) = app.get_page("/rules").await;
        assert_eq!(status, StatusCode::OK, "{user} reads the rules");
        assert!(page.contains("An aim with a goal is green when its latest approved figure has reached the goal."));
        assert!(!page.contains("Add a new version"), "{user} has no form");
        let token = crate::support::csrf_from(&page).unwrap();
        let r = app.post_form("/rules", &[("csrf_token", &token), ("based-on", "1"), ("effective-from", "2016-17-q4")]).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{user} may not change the rules");
    }
}

#[tokio::test]
async fn on_a_generated_footprint_every_aim_has_one_computed_status_on_the_dashboard_and_its_explanation() {
    let app = spawn_app().await;
    app.generate(1, 8, 11).await;
    app.login_as("reviewer").await;
    let (status, dashboard) = app.get_page("/?footprint=SYN01").await;
    assert_eq!(status, StatusCode::OK);
    let words = ["Green", "Amber", "Red", "No data"];
    let mut counted = [0u32; 4];
    let codes: Vec<String> = dashboard
        .split("href=\"/aims/")
        .skip(1)
        .filter_map(|s| s.split('?').next().map(str::to_string))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(codes.len(), 25, "every aim links to its explanation");
    for code in &codes {
        let row = computed_cell(&dashboard, code);
        let word = words.iter().position(|w| row.contains(&format!("{w} computed status: why"))).unwrap_or_else(|| panic!("{code}: {row}"));
        counted[word] += 1;
        let (_, page) = app.get_page(&format!("/aims/{code}?footprint=SYN01")).await;
        let computed = row_headed_dl(&page, "Computed");
        assert_eq!(computed, words[word], "{code}: the explanation agrees with the dashboard");
    }
    assert!(counted[..3].iter().sum::<u32>() > 0, "a generated history with goals gives computed colours: {counted:?}");
    let glance = strip_tags(&dashboard[dashboard.find("Status of the 25 aims").unwrap()..dashboard.find("<h2>Exceptions</h2>").unwrap()]);
    for (w, n) in ["Green", "Amber", "Red", "No data or not rated"].iter().zip(counted) {
        let aims = if n == 1 { "1 aim".to_string() } else { format!("{n} aims") };
        assert!(glance.contains(&format!("{w} {aims}")), "{w}: {aims} in {glance}");
    }
}

/// The text of a summary list's value for `key`.
fn row_headed_dl(html: &str, key: &str) -> String {
    let marker = format!(">{key}</dt>");
    let at = html.find(&marker).unwrap_or_else(|| panic!("no {key}")) + marker.len();
    let end = at + html[at..].find("</dd>").unwrap();
    strip_tags(&html[at..end]).trim().to_string()
}

#[tokio::test]
async fn every_trajectory_computed_red_is_an_exception_on_the_dashboard_and_red_on_its_own_page() {
    let app = spawn_app().await;
    // GHFT plans 50 for Records in 2016/17; its 2016 DMA score is 12: 38 points behind, red.
    let (org, theme, period) = (
        id_of(&app, "organisations", "RTE").await,
        id_of(&app, "themes", "records").await,
        id_of(&app, "reporting_periods", "2016-17-q1").await,
    );
    let mut conn = app.pool.acquire().await.unwrap();
    let (org, theme, year) = (OrgId(org), ldr_app::domain::ThemeId(theme), ldr_app::domain::FinancialYear(2016));
    ldr_server::db::figures::write_trajectory(
        &mut conn,
        org,
        theme,
        year,
        PeriodId(period),
        score(50.0),
        &Provenance::published("Test plan"),
    )
    .await
    .unwrap();
    drop(conn);
    app.login_as("reviewer").await;
    let (_, dashboard) = app.get_page("/").await;
    let at = dashboard.find("Trajectories computed red (").expect("the exception heading");
    let count: usize = dashboard[at + 27..].split(')').next().unwrap().parse().unwrap();
    let section = &dashboard[at..dashboard[at..].find("<h3").map_or(dashboard.len(), |i| at + i + 1)];
    let section = &section[..section[1..].find("<h3").map_or(section.len(), |i| i + 1)];
    let items: Vec<&str> = section.split("<li>").skip(1).collect();
    assert_eq!(items.len(), count, "{section}");
    assert!(count > 0, "GHFT's records trajectory is red: {section}");
    for item in items {
        let href = item.split("href=\"").nth(1).unwrap().split('"').next().unwrap().replace("&amp;", "&");
        let text = strip_tags(item);
        let (who, _) = text.split_once(',').unwrap();
        let (_, page) = app.get_page(&href).await;
        let row = page
            .split("<tr")
            .skip(1)
            .map(|r| strip_tags(r.split("</tr>").next().unwrap_or_default()))
            .find(|r| r.contains(who.trim()) && r.contains("Red"));
        assert!(row.is_some(), "{who} is red on {href}: {}", strip_tags(&page).chars().take(3000).collect::<String>());
    }
}

#[tokio::test]
async fn each_dma_theme_shows_its_footprint_mean_trend_and_change_since_last_quarter() {
    let app = spawn_app().await;
    // GHFT's Records rises from 12 (2016 DMA) to 20 in 2016/17 Q2; nobody else changes.
    let (org, theme, period) = (
        id_of(&app, "organisations", "RTE").await,
        id_of(&app, "themes", "records").await,
        id_of(&app, "reporting_periods", "2016-17-q2").await,
    );
    let mut conn = app.pool.acquire().await.unwrap();
    let (org, theme_id) = (OrgId(org), ldr_app::domain::ThemeId(theme));
    ldr_server::db::figures::write_dma_score(
        &mut conn,
        org,
        theme_id,
        PeriodId(period),
        Some(score(20.0)),
        &Provenance::published("Test score"),
    )
    .await
    .unwrap();
    drop(conn);
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM dma_scores WHERE theme_id = ? AND score IS NOT NULL AND period_key = 20161")
        .bind(theme)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    app.login_as("reviewer").await;
    let (_, q2) = app.get_page("/?period=2016-17-q2").await;
    let row = row_headed(&q2, "Records, Assessments &amp; Plans").expect("the heatmap's Records row");
    let expected = ldr_app::domain::values::format_number(((8.0 / n as f64) * 10.0).round() / 10.0);
    assert!(row.contains(&format!("Up {expected} points since last quarter")), "8 points over {n} organisations: {row}");
    assert!(row.contains("History:"), "the trend in words: {row}");
    let (_, q1) = app.get_page("/?period=2016-17-q1").await;
    assert!(row_headed(&q1, "Records, Assessments &amp; Plans").unwrap().contains("— since last quarter"), "no quarter before 2016/17 Q1");
}

#[tokio::test]
async fn a_pmo_cannot_change_another_footprints_rules_and_its_own_do_not_leak() {
    let app = spawn_app().await;
    app.generate(1, 8, 5).await;
    app.login_as("pmo").await;
    let (_, page) = app.get_page("/rules").await;
    let token = crate::support::csrf_from(&page).unwrap();
    let mut fields = vec![("csrf_token", token.as_str()), ("based-on", "1"), ("effective-from", "2016-17-q4")];
    for (id, value) in [
        ("aim-window", "4"),
        ("aim-margin", "0"),
        ("aim-min-progress", "0"),
        ("trajectory-tolerance", "5"),
        ("trajectory-amber", "15"),
        ("plan-tolerance", "5"),
        ("plan-amber", "15"),
        ("peers-tolerance", "5"),
        ("peers-amber", "15"),
    ] {
        fields.push((id, value));
    }
    let r = app.post_form("/rules?footprint=SYN01", &fields).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "Gloucestershire's PMO may not set Northshire's rules");
    let r = app.post_form("/rules", &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "its own footprint's");
    let reviewer = app.another_person();
    reviewer.login_as("reviewer").await;
    let (_, synthetic) = reviewer.get_page("/rules?footprint=SYN01").await;
    assert!(!synthetic.contains("Version 2 in full"), "Gloucestershire's version 2 is not Northshire's");
    let (_, glos) = reviewer.get_page("/rules?footprint=GLOS").await;
    assert!(glos.contains("Version 2 in full"));
}

#[tokio::test]
async fn each_organisations_declared_status_has_its_computed_status_beside_it() {
    let app = spawn_app().await;
    // GHFT declares green on 4d while rising 2 points a quarter from 50 %: 80 % by 2017/18 Q4
    // is 15 quarters away at that rate, far beyond the margin.
    declared(&app, Some("RTE"), "4d", "2016-17-q1", 50.0, Some(Rag::Green)).await;
    declared(&app, Some("RTE"), "4d", "2016-17-q2", 52.0, Some(Rag::Green)).await;
    app.login_as("reviewer").await;
    for path in ["/capabilities/4?period=2016-17-q2", "/aims/4d?period=2016-17-q2"] {
        let (_, html) = app.get_page(path).await;
        let row = html
            .split("<tr")
            .skip(1)
            .map(|r| strip_tags(r.split("</tr>").next().unwrap_or_default()))
            .find(|r| r.contains("GHFT") && r.contains("52 %"))
            .unwrap_or_else(|| panic!("GHFT's row on {path}"));
        assert!(row.contains("Declared green, computed red"), "{path}: {row}");
        assert!(row.contains("Computed red: at 2 points a quarter the aim reaches 80 %"), "{path}: the reason is given: {row}");
    }
}
