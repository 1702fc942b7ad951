//! Access is enforced on the server for every route, by role and footprint: tested as a
//! matrix of route x (signed out, each role).

use reqwest::StatusCode;

use ldr_server::seed::DEMO_USERS;

use crate::support::{location, spawn_app, TestApp};

/// Every page route this issue has, with a real code where the route takes one.
const PAGES: [&str; 43] = [
    "/",
    "/organisations",
    "/organisations/RTE",
    "/organisations/E10000013",
    "/organisations/GLOS-PC",
    "/capabilities",
    "/capabilities/1",
    "/capabilities/10",
    "/dma",
    "/roadmap",
    "/returns",
    "/account/sessions",
    "/trajectories",
    "/trajectories/records",
    "/deployments",
    "/deployments.csv",
    "/gaps",
    "/gaps/aims.csv",
    "/gaps/dma.csv",
    "/gaps/register.csv",
    "/gaps/initiatives.csv",
    "/rules",
    "/aims/4d",
    "/aims/9d",
    "/reports",
    "/exports/data.xlsx?period=2016-17-q1",
    "/exports/csv/aims.csv?period=2016-17-q1",
    "/organisations.csv",
    "/organisations/RTE/dma.csv",
    "/organisations/RTE/trajectory.csv",
    "/organisations/RTE/deployments.csv",
    "/organisations/RTE/measures.csv",
    "/capabilities/1/aims.csv",
    "/capabilities/1/organisations.csv",
    "/aims/4d/projection.csv",
    "/aims/4d/organisations.csv",
    "/aims/4d/history.csv",
    "/roadmap/workstreams.csv",
    "/rules/versions.csv",
    "/dma/dependencies.csv",
    "/dma/answer-scales.csv",
    "/returns/chase.csv",
    "/api/v1/docs",
];

/// Pages not every role may read: (path, [(username, expected status)]) for every demo role.
const ROLE_PAGES: [(&str, [(&str, StatusCode); 5]); 10] = [
    (
        "/periods",
        [
            ("pmo", StatusCode::OK),
            ("steering", StatusCode::OK),
            ("reviewer", StatusCode::OK),
            ("cio.ghft", StatusCode::FORBIDDEN),
            ("cio.gcc", StatusCode::FORBIDDEN),
        ],
    ),
    (
        // A return: its organisation's CIO and the footprint's people; no other CIO.
        "/returns/2016-17-q1/RTE",
        [
            ("pmo", StatusCode::OK),
            ("steering", StatusCode::OK),
            ("reviewer", StatusCode::OK),
            ("cio.ghft", StatusCode::OK),
            ("cio.gcc", StatusCode::FORBIDDEN),
        ],
    ),
    (
        // The footprint's own return (Table 5) is the PMO's; CIOs do not read it.
        "/returns/2016-17-q1/GLOS",
        [
            ("pmo", StatusCode::OK),
            ("steering", StatusCode::OK),
            ("reviewer", StatusCode::OK),
            ("cio.ghft", StatusCode::FORBIDDEN),
            ("cio.gcc", StatusCode::FORBIDDEN),
        ],
    ),
    (
        // Importing DMA scores is the PMO's alone: not the Steering Group, reviewers or CIOs.
        "/imports/dma",
        [
            ("pmo", StatusCode::OK),
            ("steering", StatusCode::FORBIDDEN),
            ("reviewer", StatusCode::FORBIDDEN),
            ("cio.ghft", StatusCode::FORBIDDEN),
            ("cio.gcc", StatusCode::FORBIDDEN),
        ],
    ),
    (
        // Personal API tokens: only the PMO issues and revokes them.
        "/api-tokens",
        [
            ("pmo", StatusCode::OK),
            ("steering", StatusCode::FORBIDDEN),
            ("reviewer", StatusCode::FORBIDDEN),
            ("cio.ghft", StatusCode::FORBIDDEN),
            ("cio.gcc", StatusCode::FORBIDDEN),
        ],
    ),
    (
        // The table of quarters, as its page.
        "/periods.csv",
        [
            ("pmo", StatusCode::OK),
            ("steering", StatusCode::OK),
            ("reviewer", StatusCode::OK),
            ("cio.ghft", StatusCode::FORBIDDEN),
            ("cio.gcc", StatusCode::FORBIDDEN),
        ],
    ),
    (
        // The returns waiting for a decision name every organisation's: not a CIO's to read.
        "/returns/queue.csv",
        [
            ("pmo", StatusCode::OK),
            ("steering", StatusCode::OK),
            ("reviewer", StatusCode::OK),
            ("cio.ghft", StatusCode::FORBIDDEN),
            ("cio.gcc", StatusCode::FORBIDDEN),
        ],
    ),
    (
        "/audit.csv",
        [
            ("pmo", StatusCode::OK),
            ("steering", StatusCode::OK),
            ("reviewer", StatusCode::OK),
            ("cio.ghft", StatusCode::FORBIDDEN),
            ("cio.gcc", StatusCode::FORBIDDEN),
        ],
    ),
    (
        "/national.csv",
        [
            ("pmo", StatusCode::OK),
            ("steering", StatusCode::OK),
            ("reviewer", StatusCode::OK),
            ("cio.ghft", StatusCode::FORBIDDEN),
            ("cio.gcc", StatusCode::FORBIDDEN),
        ],
    ),
    (
        "/audit",
        [
            ("pmo", StatusCode::OK),
            ("steering", StatusCode::OK),
            ("reviewer", StatusCode::OK),
            ("cio.ghft", StatusCode::FORBIDDEN),
            ("cio.gcc", StatusCode::FORBIDDEN),
        ],
    ),
];

#[tokio::test]
async fn signed_out_every_page_redirects_to_sign_in_and_health_stays_open() {
    let app = spawn_app().await;
    for path in PAGES.into_iter().chain(ROLE_PAGES.map(|(path, _)| path)) {
        let r = app.get(path).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location(&r), "/login", "{path}");
    }
    for open in ["/login", "/healthz", "/style/ldr.css", "/style/vendor/nhsuk-frontend.min.css"] {
        assert_eq!(app.get(open).await.status(), StatusCode::OK, "{open} needs no sign-in");
    }
}

#[tokio::test]
async fn every_role_reads_every_page_of_its_own_footprint() {
    let app = spawn_app().await;
    for (username, _, role, _) in DEMO_USERS {
        let person = app.another_person();
        person.login_as(username).await;
        for path in PAGES {
            let (status, html) = person.get_page(path).await;
            assert_eq!(status, StatusCode::OK, "{username} ({role}) GET {path}");
            // A download is a file, not a page with a menu.
            if !path.contains(".csv") && !path.contains(".xlsx") {
                assert!(html.contains("Sign out"), "{username} sees the account menu on {path}");
            }
        }
    }
}

#[tokio::test]
async fn pages_for_some_roles_answer_each_role_as_the_policy_says() {
    let app = spawn_app().await;
    for (path, roles) in ROLE_PAGES {
        for (username, expected) in roles {
            let person = app.another_person();
            person.login_as(username).await;
            assert_eq!(person.get_page(path).await.0, expected, "{username} GET {path}");
        }
    }
}

/// A second footprint with one organisation, to prove people are kept to their own.
async fn add_other_footprint(app: &TestApp) {
    sqlx::query("INSERT INTO footprints (code, name) VALUES ('WILTS', 'Wiltshire')").execute(&app.pool).await.unwrap();
    sqlx::query(
        "INSERT INTO organisations (footprint_id, code, code_type, name, short_name, kind)
         SELECT id, 'RNZ', 'ods', 'Salisbury NHS Foundation Trust', 'SFT', 'acute' FROM footprints WHERE code = 'WILTS'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
}

#[tokio::test]
async fn only_reviewers_see_another_footprints_organisations() {
    let app = spawn_app().await;
    add_other_footprint(&app).await;
    // (who, expected status for another footprint's organisation page)
    let matrix = [
        ("pmo", StatusCode::FORBIDDEN),
        ("steering", StatusCode::FORBIDDEN),
        ("cio.ghft", StatusCode::FORBIDDEN),
        ("cio.gcc", StatusCode::FORBIDDEN),
        ("reviewer", StatusCode::OK),
    ];
    for (username, expected) in matrix {
        let person = app.another_person();
        person.login_as(username).await;
        let (status, html) = person.get_page("/organisations/RNZ").await;
        assert_eq!(status, expected, "{username} GET /organisations/RNZ");
        if expected == StatusCode::FORBIDDEN {
            assert!(html.contains("You do not have access to this page"));
            assert!(!html.contains("Salisbury"), "nothing of the page leaks");
        }
    }
}

#[tokio::test]
async fn a_disabled_account_loses_its_session_at_once() {
    let app = spawn_app().await;
    app.login_as("cio.gcs").await;
    assert_eq!(app.get("/").await.status(), StatusCode::OK);
    sqlx::query("UPDATE users SET active = 0 WHERE username = 'cio.gcs'").execute(&app.pool).await.unwrap();
    let r = app.get("/").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login");
}
