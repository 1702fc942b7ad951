//! `/api-tokens`: the PMO's personal API tokens for their footprint's people: each listed by
//! holder, label and first characters (never the whole token), with its dates and state and
//! a button to revoke it; the form to issue one, with its one-time key; and, once, right after
//! issuing, the token (or, when the same form is posted again, which token it already issued).

use leptos::prelude::*;

use super::layout::{in_footprint, render_page, Crumb, PageMeta};
use super::returns::inputs::{date_input, select, text_box, FormState};
use super::widgets::{data_table, error_summary};
use crate::returns::form::{FieldErrors, RawForm};

pub const PATH: &str = "/api-tokens";
pub const TITLE: &str = "API tokens";
pub const HOLDER_FIELD: &str = "holder";
pub const LABEL_FIELD: &str = "label";
pub const EXPIRES_FIELD: &str = "expires";
pub const LABEL_MAX: usize = 100;
/// The hidden field with the form's one-time key: a form posted twice issues one token.
pub const FORM_KEY_FIELD: &str = "form_key";
/// Where a problem with the key is shown: the button that posts the form.
pub const SUBMIT_ID: &str = "issue-token";

/// Where a token stands, in words (and a tag colour).
#[derive(Debug, Clone, PartialEq)]
pub enum Standing {
    Active,
    Expired,
    /// The holder's account was disabled: the token opens nothing.
    HolderDisabled,
    /// On this day, by this person (or the command line).
    Revoked(String),
}

impl Standing {
    fn tag(&self) -> (&'static str, String) {
        match self {
            Standing::Active => ("nhsuk-tag--green", "Active".into()),
            Standing::Expired => ("nhsuk-tag--grey", "Expired".into()),
            Standing::HolderDisabled => ("nhsuk-tag--grey", "Account disabled".into()),
            Standing::Revoked(when) => ("nhsuk-tag--red", format!("Revoked {when}")),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TokenLine {
    pub id: i64,
    /// "Jane Smith (jsmith)".
    pub holder: String,
    pub label: String,
    /// The first characters, e.g. `ldr_AbCd1234`.
    pub prefix: String,
    /// "3 April 2017 at 10:15 by Programme Office".
    pub created: String,
    /// The last day it works.
    pub last_day: String,
    pub last_used: Option<String>,
    pub standing: Standing,
}

/// The token just issued: its text, shown on this one response and never again.
#[derive(Debug, Clone, PartialEq)]
pub struct Issued {
    pub text: String,
    pub holder: String,
    pub last_day: String,
}

/// The token a form already issued, when that form is posted again (a refresh or a double
/// click): its label and when, for example "3 April 2017 at 10:15".
#[derive(Debug, Clone, PartialEq)]
pub struct AlreadyIssued {
    pub label: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TokensData {
    pub tokens: Vec<TokenLine>,
    /// The footprint's active people: (user id, "Name (username)").
    pub people: Vec<(String, String)>,
    pub form: RawForm,
    pub errors: FieldErrors,
    /// The parts of the expiry date to mark.
    pub marked: Vec<&'static str>,
    pub issued: Option<Issued>,
    pub already: Option<AlreadyIssued>,
}

pub fn api_tokens_page(meta: PageMeta, data: TokensData) -> String {
    let fp = meta.footprint.clone();
    let fp = fp.as_deref();
    let meta = PageMeta { title: TITLE.into(), breadcrumbs: vec![Crumb::new("Home", in_footprint("/", fp))], nav: None, ..meta };
    let csrf = meta.csrf_token.clone();
    let errors = data.errors.0.iter().map(|e| (e.field.clone(), e.message.clone())).collect();
    let f = FormState { raw: &data.form, errors: &data.errors };
    let body = view! {
        {error_summary(errors)}
        {data.issued.map(issued_callout)}
        {data.already.map(|a| already_callout(a, fp))}
        <h1>{TITLE}</h1>
        <p>"A personal API token lets one named person read the LDR Assurance API from their own tools (for example a spreadsheet or a script). It reads exactly what that person's account may read, nothing more, and changes nothing. It stops working after its last day, when it is revoked, or when the account is disabled."</p>
        {token_table(&data.tokens, &csrf, fp)}
        <h2>"Issue a token"</h2>
        <form method="post" action=in_footprint(PATH, fp) novalidate>
            <input type="hidden" name="csrf_token" value=csrf.clone()/>
            <input type="hidden" name=FORM_KEY_FIELD value=data.form.get(FORM_KEY_FIELD).to_string()/>
            {select(f, HOLDER_FIELD.into(), "Who it is for".into(), "Choose a person", data.people)}
            {text_box(f, LABEL_FIELD.into(), "What it is for".into(), Some(format!("At most {LABEL_MAX} characters, for example \"Quarterly analysis in Excel\"")), "nhsuk-input--width-30", None)}
            {date_input(f, EXPIRES_FIELD, "Last day it works", "At most a year from today. For example, 30 6 2017", &data.marked)}
            <button class="nhsuk-button" type="submit" id=SUBMIT_ID>"Issue token"</button>
        </form>
    };
    render_page(meta, body)
}

fn issued_callout(issued: Issued) -> impl IntoView {
    view! {
        <div class="nhsuk-warning-callout" id="new-token-callout">
            <h2 class="nhsuk-warning-callout__label">
                <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Copy the token now: it is shown only once"</span>
            </h2>
            <p>{format!("The token for {} works until the end of {}. It is not stored, so it cannot be shown again: if it is lost, revoke it and issue another. Send it to its holder by a secure route, never by ordinary email.", issued.holder, issued.last_day)}</p>
            <p><code class="ldr-link-url" id="new-token">{issued.text}</code></p>
        </div>
    }
}

fn already_callout(already: AlreadyIssued, fp: Option<&str>) -> impl IntoView {
    view! {
        <div class="nhsuk-warning-callout" id="already-issued-callout">
            <h2 class="nhsuk-warning-callout__label">
                <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"This form was already used: no new token was issued"</span>
            </h2>
            <p>{format!("The token \u{201c}{}\u{201d} was already issued with this form at {}. Its text was shown only once and cannot be shown again.", already.label, already.at)}</p>
            <p>"If it was lost, revoke it and issue a new one from "<a href=in_footprint(PATH, fp)>"the API tokens page"</a>"."</p>
        </div>
    }
}

fn token_table(tokens: &[TokenLine], csrf: &str, fp: Option<&str>) -> AnyView {
    if tokens.is_empty() {
        return view! { <p>"No token has been issued to anybody in this footprint."</p> }.into_any();
    }
    let rows = tokens
        .iter()
        .map(|t| {
            let (class, words) = t.standing.tag();
            let revoke = (t.standing == Standing::Active).then(|| {
                view! {
                    <form method="post" action=in_footprint(&format!("{PATH}/{}/revoke", t.id), fp) class="ldr-inline-form">
                        <input type="hidden" name="csrf_token" value=csrf.to_string()/>
                        <button class="nhsuk-button nhsuk-button--warning nhsuk-button--small nhsuk-u-margin-bottom-0" type="submit">"Revoke"<span class="nhsuk-u-visually-hidden">{format!(" the token {} of {}", t.prefix, t.holder)}</span></button>
                    </form>
                }
            });
            view! {
                <tr class="nhsuk-table__row" id=format!("token-{}", t.id)>
                    <td class="nhsuk-table__cell">{t.holder.clone()}</td>
                    <td class="nhsuk-table__cell">{t.label.clone()}</td>
                    <td class="nhsuk-table__cell"><code>{format!("{}…", t.prefix)}</code></td>
                    <td class="nhsuk-table__cell">{t.created.clone()}</td>
                    <td class="nhsuk-table__cell">{t.last_day.clone()}</td>
                    <td class="nhsuk-table__cell">{t.last_used.clone().unwrap_or_else(|| "Never".into())}</td>
                    <td class="nhsuk-table__cell"><strong class=format!("nhsuk-tag {class}")>{words}</strong>" "{revoke}</td>
                </tr>
            }
        })
        .collect_view();
    data_table(
        "Tokens of this footprint's people, newest first",
        &["Holder", "For", "Token", "Issued", "Last day", "Last used", "State"],
        rows,
    )
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(standing: Standing) -> TokenLine {
        TokenLine {
            id: 7,
            holder: "Jane <b>Smith</b> (jsmith)".into(),
            label: "Excel".into(),
            prefix: "ldr_AbCd1234".into(),
            created: "1 April 2017 at 10:00 by PMO".into(),
            last_day: "30 June 2017".into(),
            last_used: None,
            standing,
        }
    }

    #[test]
    fn a_token_shows_its_prefix_only_and_an_active_one_can_be_revoked() {
        let data = TokensData { tokens: vec![line(Standing::Active)], ..Default::default() };
        let html = api_tokens_page(PageMeta { csrf_token: "csrf".into(), ..Default::default() }, data);
        assert!(html.contains("ldr_AbCd1234…"));
        assert!(html.contains("/api-tokens/7/revoke"));
        assert!(html.contains("Jane &lt;b&gt;Smith&lt;/b&gt;"), "the holder's name is escaped");
        assert!(html.contains(">Never<"));
        assert!(!html.contains("new-token"), "no token text without an issue");
    }

    #[test]
    fn a_revoked_token_has_no_revoke_button_and_says_when() {
        let data = TokensData { tokens: vec![line(Standing::Revoked("on 2 May 2017 by PMO".into()))], ..Default::default() };
        let html = api_tokens_page(PageMeta::default(), data);
        assert!(html.contains("Revoked on 2 May 2017 by PMO"));
        assert!(!html.contains("/revoke"));
    }

    #[test]
    fn the_issued_token_is_shown_with_the_warning_to_copy_it() {
        let issued = Issued { text: "ldr_secret".into(), holder: "Jane".into(), last_day: "30 June 2017".into() };
        let html = api_tokens_page(PageMeta::default(), TokensData { issued: Some(issued), ..Default::default() });
        assert!(html.contains("id=\"new-token\" class=\"ldr-link-url\">ldr_secret</code>"), "{html}");
        assert!(html.contains("shown only once"));
    }

    #[test]
    fn the_form_carries_its_one_time_key_and_a_form_used_twice_names_its_token_escaped() {
        let mut form = RawForm::default();
        form.set(FORM_KEY_FIELD, "0123456789abcdef0123456789abcdef");
        let already = AlreadyIssued { label: "<i>Excel</i>".into(), at: "3 April 2017 at 10:15".into() };
        let html = api_tokens_page(PageMeta::default(), TokensData { form, already: Some(already), ..Default::default() });
        assert!(html.contains("name=\"form_key\" value=\"0123456789abcdef0123456789abcdef\""), "{html}");
        assert!(
            html.contains("The token \u{201c}&lt;i&gt;Excel&lt;/i&gt;\u{201d} was already issued with this form at 3 April 2017 at 10:15")
        );
        assert!(html.contains("cannot be shown again"));
        assert!(!html.contains("id=\"new-token\""));
    }
}
