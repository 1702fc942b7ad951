//! The query string of every list: the filters (`footprint`, `organisation`, `quarter`,
//! `framework`), `limit` and `cursor`, read strictly. A parameter the endpoint does not take,
//! a repeated one or a value that does not parse is refused with 400 naming the parameter,
//! so a misspelt filter never silently returns everything.

use serde::Deserialize;

use super::problem::ApiError;

/// How many rows a page holds unless `limit` says otherwise, and the most it may ask for.
pub const DEFAULT_LIMIT: usize = 100;
pub const MAX_LIMIT: usize = 500;

/// Every parameter any list takes; each endpoint says which of them it accepts.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub footprint: Option<String>,
    pub organisation: Option<String>,
    pub quarter: Option<String>,
    pub framework: Option<String>,
    limit: Option<String>,
    pub cursor: Option<String>,
}

/// A filter an endpoint may accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    Footprint,
    Organisation,
    Quarter,
    Framework,
}

impl Filter {
    pub fn name(self) -> &'static str {
        match self {
            Filter::Footprint => "footprint",
            Filter::Organisation => "organisation",
            Filter::Quarter => "quarter",
            Filter::Framework => "framework",
        }
    }
}

impl ListQuery {
    /// Parse the raw query string, accepting only `allowed` filters besides `limit` and `cursor`.
    pub fn parse(raw: Option<&str>, allowed: &[Filter]) -> Result<ListQuery, ApiError> {
        let query: ListQuery = serde_urlencoded::from_str(raw.unwrap_or(""))
            .map_err(|e| ApiError::BadRequest(format!("The query string was refused: {e}.")))?;
        let given = [
            (Filter::Footprint, query.footprint.is_some()),
            (Filter::Organisation, query.organisation.is_some()),
            (Filter::Quarter, query.quarter.is_some()),
            (Filter::Framework, query.framework.is_some()),
        ];
        if let Some((f, _)) = given.iter().find(|(f, present)| *present && !allowed.contains(f)) {
            return Err(ApiError::BadRequest(format!("This endpoint does not take the parameter `{}`.", f.name())));
        }
        Ok(query)
    }

    /// `limit`: 1 to [`MAX_LIMIT`], [`DEFAULT_LIMIT`] when absent.
    pub fn limit(&self) -> Result<usize, ApiError> {
        match self.limit.as_deref() {
            None => Ok(DEFAULT_LIMIT),
            Some(text) => text
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| ApiError::BadRequest(format!("`limit` must be a whole number from 1 to {MAX_LIMIT}."))),
        }
    }
}

/// A refusal naming the filter whose value matches nothing.
pub fn unknown(filter: Filter, what: &str) -> ApiError {
    ApiError::BadRequest(format!("`{}`: no {what} has this code.", filter.name()))
}
