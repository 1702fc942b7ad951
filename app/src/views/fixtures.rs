//! Read models built by hand from the Gloucestershire roadmap (2016), for the views' tests.

use crate::analysis::{BenchmarkCandidate, Cell};
use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::{FinancialYear, OrgId, OrgKind, Percent, PeriodCode, Rag, Scale, ThemeId};
use crate::facts::{AimRow, AnswerScale, CapabilityAims, DmaMatrix, FootprintSummary, OrgSummary, Provenance, Theme};

pub const TRUSTS: &str = "National average of NHS trusts";
pub const COUNCILS: &str = "National average of councils (social-care DMA)";
const TRUST_KINDS: [OrgKind; 4] = [OrgKind::Acute, OrgKind::Community, OrgKind::MentalHealth, OrgKind::Ambulance];

pub fn q1() -> PeriodCode {
    PeriodCode { year: FinancialYear(2016), quarter: 1 }
}

/// The period selector's choices: Q2 (figures from a return) and the roadmap's Q1.
pub fn periods() -> Vec<(String, String)> {
    vec![("2016-17-q2".into(), "2016/17 Q2".into()), (q1().to_string(), q1().label())]
}

pub fn glos() -> FootprintSummary {
    FootprintSummary { code: "GLOS".into(), name: "Gloucestershire".into() }
}

pub fn org(code: &str, name: &str, short: &str, kind: OrgKind, members: i64) -> OrgSummary {
    // Ids in the order the organisations are listed, as the seed gives them.
    let id = OrgId(["11M", "RTE", "R1J", "RTQ", "RYF", "GLOS-PC", "E10000013"].iter().position(|c| *c == code).unwrap_or(99) as i64 + 1);
    OrgSummary { id, code: code.into(), name: name.into(), short_name: short.into(), kind, member_count: members }
}

pub fn organisations() -> Vec<OrgSummary> {
    vec![
        org("11M", "NHS Gloucestershire CCG", "GCCG", OrgKind::Commissioner, 1),
        org("RTE", "Gloucestershire Hospitals NHS Foundation Trust", "GHFT", OrgKind::Acute, 1),
        org("R1J", "Gloucestershire Care Services NHS Trust", "GCS", OrgKind::Community, 1),
        org("RTQ", "2gether NHS Foundation Trust", "2gether", OrgKind::MentalHealth, 1),
        org("RYF", "South Western Ambulance Service NHS Foundation Trust", "SWASFT", OrgKind::Ambulance, 1),
        org("GLOS-PC", "General practices in Gloucestershire", "Primary care", OrgKind::PrimaryCare, 81),
        org("E10000013", "Gloucestershire County Council", "GCC", OrgKind::LocalAuthority, 1),
    ]
}

/// A percentage known to be valid.
pub fn pc(v: f64) -> Percent {
    Percent::new(v).expect("a percentage")
}

/// 31 October 2016 at 09:30, UTC.
pub fn recorded_at() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2016, 10, 31).and_then(|d| d.and_hms_opt(9, 30, 0)).expect("a date")
}

/// A figure loaded from the roadmap: no person, no approval, no return.
pub fn provenance() -> Provenance {
    Provenance {
        source: "LDR 2016 D1, Table 2".into(),
        recorded_at: recorded_at(),
        recorded_by: None,
        approved_at: None,
        approved_by: None,
        revision: None,
    }
}

/// Table 2: (theme, group, national average of NHS trusts, [GHFT, GCS, 2gether, SWAS, GCC]).
pub const TABLE_2: [(&str, &str, f64, [Option<f64>; 5]); 14] = [
    ("Strategic Alignment", "Readiness", 76.0, [Some(80.0), Some(90.0), Some(75.0), Some(65.0), Some(71.0)]),
    ("Leadership", "Readiness", 77.0, [Some(80.0), Some(45.0), Some(70.0), Some(70.0), Some(84.0)]),
    ("Resourcing", "Readiness", 66.0, [Some(65.0), Some(65.0), Some(65.0), Some(70.0), Some(100.0)]),
    ("Governance", "Readiness", 74.0, [Some(90.0), Some(60.0), Some(90.0), Some(90.0), Some(79.0)]),
    ("Information Governance", "Readiness", 73.0, [Some(83.0), Some(67.0), Some(71.0), Some(71.0), Some(100.0)]),
    ("Records, Assessments & Plans", "Capabilities (PF@PoC)", 44.0, [Some(12.0), Some(58.0), Some(51.0), Some(34.0), Some(63.0)]),
    ("Transfers Of Care", "Capabilities (PF@PoC)", 48.0, [Some(51.0), Some(38.0), Some(44.0), Some(49.0), Some(55.0)]),
    ("Orders & Results Management", "Capabilities (PF@PoC)", 55.0, [Some(56.0), Some(36.0), Some(13.0), Some(25.0), None]),
    ("Medicines Management & Optimisation", "Capabilities (PF@PoC)", 30.0, [Some(8.0), Some(3.0), Some(0.0), Some(62.0), None]),
    ("Decision Support", "Capabilities (PF@PoC)", 36.0, [Some(11.0), Some(58.0), Some(33.0), Some(72.0), Some(43.0)]),
    ("Remote & Assistive Care", "Capabilities (PF@PoC)", 32.0, [Some(17.0), Some(58.0), Some(8.0), Some(0.0), Some(90.0)]),
    ("Asset & Resource Optimisation", "Capabilities (PF@PoC)", 42.0, [Some(35.0), Some(45.0), Some(25.0), Some(63.0), None]),
    ("Standards", "Enabling infrastructure", 41.0, [Some(23.0), Some(25.0), Some(21.0), Some(28.0), Some(38.0)]),
    ("Enabling Infrastructure", "Enabling infrastructure", 68.0, [Some(66.0), Some(77.0), Some(64.0), Some(84.0), Some(50.0)]),
];

pub fn theme(i: usize) -> Theme {
    let (name, group, _, _) = TABLE_2[i];
    Theme {
        id: ThemeId(i as i64 + 1),
        code: format!("t{}", i + 1),
        name: name.into(),
        group: group.into(),
        pf_poc: group.starts_with("Capabilities"),
        org_dependency: String::new(),
        system_dependency: String::new(),
    }
}

/// The published benchmarks for a theme: the trusts' average, and the councils' for two themes.
pub fn benchmarks(i: usize) -> Vec<BenchmarkCandidate> {
    let mut b = vec![BenchmarkCandidate { peer_group: TRUSTS.into(), kinds: TRUST_KINDS.to_vec(), value: TABLE_2[i].2 }];
    let council = match TABLE_2[i].0 {
        "Leadership" => Some(78.52),
        "Governance" => Some(76.33),
        _ => None,
    };
    if let Some(value) = council {
        b.push(BenchmarkCandidate { peer_group: COUNCILS.into(), kinds: vec![OrgKind::LocalAuthority], value });
    }
    b
}

/// The DMA 2016 matrix for the five assessed organisations, as Table 2 gives it.
pub fn table_2_matrix() -> DmaMatrix {
    let orgs: Vec<OrgSummary> =
        organisations().into_iter().filter(|o| !matches!(o.kind, OrgKind::Commissioner | OrgKind::PrimaryCare)).collect();
    let cells = (0..14).map(|i| orgs.iter().zip(TABLE_2[i].3).map(|(o, s)| Cell::new(o.kind, s, &benchmarks(i))).collect()).collect();
    DmaMatrix {
        framework: "Digital Maturity Assessment 2016".into(),
        scale: Scale { min: 0.0, max: 100.0, step: 1.0 },
        period: q1(),
        reference_group: Some("National average of NHS trusts".into()),
        themes: (0..14).map(theme).collect(),
        organisations: orgs,
        cells,
        benchmarks: (0..14).map(benchmarks).collect(),
        answer_scales: vec![AnswerScale { name: "Agreement".into(), answers: vec![("Mostly agree".into(), 75.0)] }],
    }
}

pub fn aim(code: &str, completeness: Option<f64>, goal: Option<(i32, f64)>) -> AimRow {
    AimRow {
        code: code.into(),
        text: format!("Text of aim {code}"),
        completeness: completeness.map(pc),
        rag: None,
        goal: goal.map(|(y, v)| (FinancialYear(y), pc(v))),
        narrative: String::new(),
        provenance: Some(Provenance { source: "LDR 2016 E1.3, Table 5".into(), ..provenance() }),
    }
}

/// A capability's number, title and (aim, current completeness) pairs.
type CapabilityRow = (i64, &'static str, &'static [(&'static str, Option<f64>)]);

/// Table 5: the 25 aims with their current completeness and the goals the aims name.
pub fn capabilities() -> Vec<CapabilityAims> {
    let table_5: [CapabilityRow; 10] = [
        (1, "Professionals across care settings can access GP-held information", &[("1a", Some(30.0)), ("1b", Some(10.0))]),
        (2, "Clinicians in urgent and emergency care can access key GP-held information", &[("2a", Some(5.0)), ("2b", Some(5.0))]),
        (3, "Patients can access their GP record", &[("3a", Some(2.0)), ("3b", Some(2.0))]),
        (
            4,
            "GPs can refer electronically to secondary care",
            &[("4a", Some(70.0)), ("4b", Some(50.0)), ("4c", Some(50.0)), ("4d", Some(70.0))],
        ),
        (5, "GPs receive timely electronic discharge summaries", &[("5a", Some(80.0)), ("5b", Some(25.0)), ("5c", Some(25.0))]),
        (6, "Social care receive timely electronic notices", &[("6a", Some(10.0))]),
        (7, "Clinicians can access child protection information", &[("7a", Some(0.0)), ("7b", Some(0.0)), ("7c", Some(0.0))]),
        (8, "Professionals are made aware of end-of-life preference information", &[("8a", None), ("8b", None)]),
        (
            9,
            "GPs and community pharmacists can utilise electronic prescriptions",
            &[("9a", Some(57.0)), ("9b", Some(48.0)), ("9c", Some(13.0)), ("9d", Some(83.0))],
        ),
        (10, "Patients can book appointments and order repeat prescriptions", &[("10a", Some(7.0)), ("10b", Some(10.0))]),
    ];
    table_5
        .into_iter()
        .map(|(number, title, aims)| CapabilityAims {
            number,
            title: title.into(),
            aims: aims
                .iter()
                .map(|&(code, current)| {
                    let goal = match code {
                        "4d" => Some((2017, 80.0)),
                        "9d" => Some((2016, 80.0)),
                        "10a" => Some((2016, 10.0)),
                        _ => None,
                    };
                    aim(code, current, goal)
                })
                .collect(),
        })
        .collect()
}

/// Set a RAG status on one aim, for tests that need some rated.
pub fn rate(caps: &mut [CapabilityAims], code: &str, rag: Rag) {
    for a in caps.iter_mut().flat_map(|c| c.aims.iter_mut()).filter(|a| a.code == code) {
        a.rag = Some(rag);
    }
}

/// The table row (`<tr …>…</tr>`) whose row header or first cell contains `needle`.
pub fn row_containing<'a>(html: &'a str, needle: &str) -> &'a str {
    let at = html.find(needle).unwrap_or_else(|| panic!("'{needle}' not found"));
    let start = html[..at].rfind("<tr").expect("inside a row");
    let end = at + html[at..].find("</tr>").expect("row ends");
    &html[start..end]
}
