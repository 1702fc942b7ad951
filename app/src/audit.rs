//! The audit log read back as facts: the entries and filter choices that the `/audit` page
//! (and later an export) turns into its own output. The server fills them; nothing here
//! words or labels them.

use chrono::NaiveDateTime;
use serde::Serialize;
use serde_json::Value;

/// What the person asked to see: codes as they came in the query string. Values that match
/// nothing are kept as they are, so the page can say so instead of failing.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AuditFilter {
    /// An organisation's code (`RTE`).
    pub organisation: Option<String>,
    /// A username, or the name of the system actor (`seed`, `cli`).
    pub user: Option<String>,
    /// A period code (`2016-17-q1`).
    pub period: Option<String>,
    /// An action (`return.submit`).
    pub kind: Option<String>,
    /// Only entries older than this id: the next page.
    pub before_id: Option<i64>,
}

impl AuditFilter {
    /// The filters as query-string pairs, without the page position.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        [("organisation", &self.organisation), ("user", &self.user), ("period", &self.period), ("kind", &self.kind)]
            .into_iter()
            .filter_map(|(k, v)| v.clone().map(|v| (k, v)))
            .collect()
    }
}

/// One entry of the log, joined to what it names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    /// UTC.
    pub at: NaiveDateTime,
    /// The username (or `seed`, `cli`) written at the time.
    pub actor: String,
    /// The account's display name, when the actor is an account.
    pub actor_name: Option<String>,
    /// The role code recorded at the time, else the account's (sign-ins record none); kept as
    /// written, since an old entry may hold a code that is no longer a role.
    pub role: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub organisation: Option<OrgName>,
    /// The period's code (`2017-18-q1`).
    pub period: Option<String>,
    /// The values before and after, as stored JSON. Text that is not JSON (which the log's
    /// writer never stores) is kept as a JSON string rather than failing the page.
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// An organisation an entry concerns, or a choice of the organisation filter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgName {
    pub code: String,
    pub short_name: String,
}

/// An account a filter can choose, or a system actor (`seed`, `cli`: its name is both).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    pub username: String,
    pub display_name: String,
}

/// What the page's filters can choose from.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FilterChoices {
    /// The footprint's organisations (not GP practices, which report through their group).
    pub organisations: Vec<OrgName>,
    /// The people in its log or belonging to it, by display name.
    pub people: Vec<Person>,
    /// Period codes in its log, newest first.
    pub periods: Vec<String>,
    /// Actions in its log.
    pub kinds: Vec<String>,
}
