//! The second step of signing in for the PMO and the Steering Group: setting up an
//! authenticator app the first time, then a security code at every sign-in, and the
//! recovery codes shown once at set-up.

use leptos::prelude::*;

use super::layout::{render_page, PageMeta};
use super::widgets::error_summary;

/// The security-code form, as typed (the code itself is never put back).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CodeForm {
    pub csrf_token: String,
    pub error: Option<String>,
}

/// Set-up: the QR code for an app to scan and the same key as text for typing in by hand.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Enrolment {
    pub username: String,
    /// An SVG made on the server from the `otpauth://` address (modules only, no text).
    pub qr_svg: String,
    /// The key in groups of four, as authenticator apps accept it typed.
    pub key_text: String,
}

fn meta(title: &str, csrf_token: &str) -> PageMeta {
    PageMeta { title: title.into(), csrf_token: csrf_token.to_string(), ..Default::default() }
}

/// The code input and submit button, with the NHS error pattern.
fn code_input(form: &CodeForm, hint: &'static str) -> impl IntoView {
    let has_error = form.error.is_some();
    let group_class = if has_error { "nhsuk-form-group nhsuk-form-group--error" } else { "nhsuk-form-group" };
    let input_class = if has_error { "nhsuk-input nhsuk-input--width-10 nhsuk-input--error" } else { "nhsuk-input nhsuk-input--width-10" };
    let described_by = if has_error { "code-hint code-error" } else { "code-hint" };
    let inline_error = form.error.clone().map(|m| {
        view! {
            <span class="nhsuk-error-message" id="code-error">
                <span class="nhsuk-u-visually-hidden">"Error: "</span>{m}
            </span>
        }
    });
    view! {
        <form action="/login/code" method="post" novalidate>
            <input type="hidden" name="csrf_token" value=form.csrf_token.clone()/>
            <div class=group_class>
                <label class="nhsuk-label nhsuk-label--s" for="code">"Security code"</label>
                <div class="nhsuk-hint" id="code-hint">{hint}</div>
                {inline_error}
                <input class=input_class id="code" name="code" type="text" inputmode="numeric"
                    autocomplete="one-time-code" spellcheck="false" aria-describedby=described_by/>
            </div>
            <button class="nhsuk-button" type="submit" data-module="nhsuk-button">"Continue"</button>
        </form>
    }
}

fn errors_of(form: &CodeForm) -> Vec<(String, String)> {
    form.error.iter().map(|m| ("code".to_string(), m.clone())).collect()
}

pub fn code_page(form: CodeForm) -> String {
    let summary = error_summary(errors_of(&form));
    let input = code_input(&form, "The 6-digit code your authenticator app shows now, or one of your recovery codes");
    let body = view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                {summary}
                <h1>"Enter your security code"</h1>
                <p>"Your role can open quarters or approve returns, so signing in needs a code from your authenticator app as well as your password."</p>
                {input}
                <p>"Lost your phone and your recovery codes? Ask whoever runs LDR Assurance for your organisation to reset your security code."</p>
            </div>
        </div>
    };
    render_page(meta("Enter your security code", &form.csrf_token), body)
}

pub fn enrol_page(enrolment: Enrolment, form: CodeForm) -> String {
    let summary = error_summary(errors_of(&form));
    let input = code_input(&form, "The 6-digit code your authenticator app shows for LDR Assurance after you add it");
    let body = view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                {summary}
                <h1>"Set up your authenticator app"</h1>
                <p>"Your role can open quarters or approve returns, so your account needs a second check at every sign-in: a code from an authenticator app on your phone (for example Microsoft Authenticator or Google Authenticator)."</p>
                <ol class="nhsuk-list nhsuk-list--number">
                    <li>"Open your authenticator app and add an account."</li>
                    <li>"Scan the QR code, or type the key below."</li>
                    <li>"Enter the code the app shows."</li>
                </ol>
                <div class="ldr-qr" role="img" aria-label="QR code for your authenticator app; the same key is written below" inner_html=enrolment.qr_svg></div>
                <dl class="nhsuk-summary-list">
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">"Account"</dt>
                        <dd class="nhsuk-summary-list__value">{enrolment.username}</dd>
                    </div>
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">"Key"</dt>
                        <dd class="nhsuk-summary-list__value"><code id="totp-key">{enrolment.key_text}</code></dd>
                    </div>
                </dl>
                {input}
            </div>
        </div>
    };
    render_page(meta("Set up your authenticator app", &form.csrf_token), body)
}

/// Shown once, right after set-up: only hashes are kept.
pub fn recovery_codes_page(codes: Vec<String>, csrf_token: &str) -> String {
    let items = codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view();
    let body = view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <h1>"Save your recovery codes"</h1>
                <div class="nhsuk-warning-callout">
                    <h2 class="nhsuk-warning-callout__label">
                        <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"These codes are shown only once"</span>
                    </h2>
                    <p>"If you lose your phone, each code signs you in once instead of a security code. Keep them somewhere safe, away from your phone."</p>
                </div>
                <ul class="nhsuk-list ldr-recovery-codes" id="recovery-codes">{items}</ul>
                <a class="nhsuk-button" href="/">"I have saved my recovery codes"</a>
            </div>
        </div>
    };
    render_page(meta("Save your recovery codes", csrf_token), body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_enrolment_page_shows_the_key_as_text_and_escapes_the_username() {
        let html = enrol_page(
            Enrolment { username: "<pat>".into(), qr_svg: "<svg></svg>".into(), key_text: "ABCD EFGH".into() },
            CodeForm { csrf_token: "tok".into(), error: Some("Enter the 6-digit code".into()) },
        );
        assert!(html.contains("ABCD EFGH"));
        assert!(html.contains("&lt;pat&gt;"));
        assert!(html.contains("nhsuk-error-summary"));
        assert!(html.contains("autocomplete=\"one-time-code\""));
        assert!(html.contains("name=\"csrf_token\" value=\"tok\""));
    }

    #[test]
    fn recovery_codes_are_listed() {
        let html = recovery_codes_page(vec!["abcde-fghij".into(), "klmno-pqrst".into()], "tok");
        assert!(html.contains("abcde-fghij") && html.contains("klmno-pqrst"));
        assert!(html.contains("shown only once"));
    }
}
