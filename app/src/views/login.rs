//! The sign-in page.

use leptos::prelude::*;

use super::layout::{render_page, PageMeta};
use super::widgets::error_summary;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoginForm {
    /// What the person typed, kept when sign-in fails (the password never is).
    pub username: String,
    /// One message for every failure, so it never tells which of the two was wrong.
    pub error: Option<String>,
    pub csrf_token: String,
}

pub fn login_page(form: LoginForm) -> String {
    let meta = PageMeta { title: "Sign in".into(), csrf_token: form.csrf_token.clone(), ..Default::default() };
    let has_error = form.error.is_some();
    let group_class = if has_error { "nhsuk-form-group nhsuk-form-group--error" } else { "nhsuk-form-group" };
    let input_class = if has_error { "nhsuk-input nhsuk-input--error" } else { "nhsuk-input" };
    let summary = error_summary(form.error.iter().map(|m| ("username".to_string(), m.clone())).collect());
    let inline_error = form.error.clone().map(|m| {
        view! {
            <span class="nhsuk-error-message" id="username-error">
                <span class="nhsuk-u-visually-hidden">"Error: "</span>{m}
            </span>
        }
    });
    let described_by = has_error.then_some("username-error");
    let body = view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                {summary}
                <h1>"Sign in to LDR Assurance"</h1>
                <p>"Local Digital Roadmap progress for your footprint. Use the account your programme office gave you."</p>
                <form action="/login" method="post" novalidate>
                    <input type="hidden" name="csrf_token" value=form.csrf_token/>
                    <div class=group_class>
                        <label class="nhsuk-label" for="username">"Username"</label>
                        {inline_error}
                        <input class=input_class id="username" name="username" type="text"
                            autocomplete="username" spellcheck="false" value=form.username
                            aria-describedby=described_by/>
                    </div>
                    <div class=group_class>
                        <label class="nhsuk-label" for="password">"Password"</label>
                        <input class=input_class id="password" name="password" type="password"
                            autocomplete="current-password" aria-describedby=described_by/>
                    </div>
                    <button class="nhsuk-button" type="submit" data-module="nhsuk-button">"Sign in"</button>
                </form>
            </div>
        </div>
    };
    render_page(meta, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_sign_in_keeps_the_username_and_shows_one_message() {
        let html = login_page(LoginForm {
            username: "cio.ghft".into(),
            error: Some("Enter a correct username and password".into()),
            csrf_token: "tok".into(),
        });
        assert!(html.contains("value=\"cio.ghft\""));
        assert!(html.contains("nhsuk-error-summary"));
        assert!(html.contains("Enter a correct username and password"));
        assert!(html.contains("name=\"csrf_token\" value=\"tok\""));
        assert!(!html.contains("Sign out"), "signed-out pages have no account menu");
    }
}
