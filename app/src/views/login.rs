//! The sign-in page.

use leptos::prelude::*;

use super::layout::{render_page, PageMeta};
use super::widgets::error_summary;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoginForm {
    /// What the person typed, kept when sign-in fails (the password never is).
    pub username: String,
    /// The message for the form as a whole, shown by the username: one for every wrong
    /// username or password, so it never tells which of the two was wrong.
    pub error: Option<String>,
    /// A problem with the password field itself (too long), beside the other.
    pub password_error: Option<String>,
    pub csrf_token: String,
}

/// One field's label, inline error and input, with the NHS.UK error classes when it has one.
fn field(
    id: &'static str,
    label: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    value: String,
    error: Option<String>,
) -> impl IntoView {
    let has_error = error.is_some();
    let group_class = if has_error { "nhsuk-form-group nhsuk-form-group--error" } else { "nhsuk-form-group" };
    let input_class = if has_error { "nhsuk-input nhsuk-input--error" } else { "nhsuk-input" };
    let error_id = format!("{id}-error");
    let described_by = has_error.then(|| error_id.clone());
    let inline_error = error.map(|m| {
        view! {
            <span class="nhsuk-error-message" id=error_id>
                <span class="nhsuk-u-visually-hidden">"Error: "</span>{m}
            </span>
        }
    });
    // The password is never sent back: its value stays empty.
    let value = (kind != "password").then_some(value);
    view! {
        <div class=group_class>
            <label class="nhsuk-label" for=id>{label}</label>
            {inline_error}
            <input class=input_class id=id name=id type=kind autocomplete=autocomplete spellcheck="false"
                value=value aria-describedby=described_by/>
        </div>
    }
}

pub fn login_page(form: LoginForm) -> String {
    let meta = PageMeta { title: "Sign in".into(), csrf_token: form.csrf_token.clone(), ..Default::default() };
    let mut problems: Vec<(String, String)> = form.error.iter().map(|m| ("username".to_string(), m.clone())).collect();
    problems.extend(form.password_error.iter().map(|m| ("password".to_string(), m.clone())));
    let body = view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                {error_summary(problems)}
                <h1>"Sign in to LDR Assurance"</h1>
                <p>"Local Digital Roadmap progress for your footprint. Use the account your programme office gave you."</p>
                <form action="/login" method="post" novalidate>
                    <input type="hidden" name="csrf_token" value=form.csrf_token/>
                    {field("username", "Username", "text", "username", form.username, form.error)}
                    {field("password", "Password", "password", "current-password", String::new(), form.password_error)}
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
            ..Default::default()
        });
        assert!(html.contains("value=\"cio.ghft\""));
        assert!(html.contains("nhsuk-error-summary"));
        assert!(html.contains("Enter a correct username and password"));
        assert!(html.contains("name=\"csrf_token\" value=\"tok\""));
        assert!(!html.contains("Sign out"), "signed-out pages have no account menu");
    }

    #[test]
    fn a_too_long_password_is_named_in_the_summary_and_by_its_field() {
        let html =
            login_page(LoginForm { password_error: Some("Enter a password of 128 characters or fewer".into()), ..Default::default() });
        assert!(html.contains("href=\"#password\""), "{html}");
        assert!(html.contains("id=\"password-error\""));
        assert!(!html.contains("id=\"username-error\""));
    }
}
