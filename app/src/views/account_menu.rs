//! The header's account block: the person's name with their role and organisation, their
//! sessions, API tokens for those who manage them, and the sign-out form. Rendered alone too,
//! as the one session-bound part of a cached page.

use leptos::prelude::*;

use super::layout::UserBadge;

/// How the account block is found in a rendered page: the `<nav` with exactly this class, in
/// the header before any content (every text a person typed is escaped, so none can forge it).
pub const ACCOUNT_CLASS: &str = r#"class="nhsuk-header__account""#;
/// Where it ends: the first `</nav>` after its start (it holds no other nav).
pub const ACCOUNT_END: &str = "</nav>";

/// The header's account block alone, as HTML: the one part of a page that belongs to the
/// session (its CSRF token), so a cached page can be served to its reader's other sessions.
pub fn account_html(user: &UserBadge, csrf_token: &str) -> String {
    let (user, csrf_token) = (user.clone(), csrf_token.to_string());
    Owner::new().with(|| account(&user, csrf_token).to_html())
}

/// The person's name, their sessions and the sign-out form.
pub(super) fn account(user: &UserBadge, csrf_token: String) -> impl IntoView {
    let who = account_name(user);
    view! {
        <nav class="nhsuk-header__account" aria-label="Account">
            <ul class="nhsuk-header__account-list">
                <li class="nhsuk-header__account-item">{who}</li>
                <li class="nhsuk-header__account-item">
                    <a class="nhsuk-header__account-link" href="/account/sessions">"Your sessions"</a>
                </li>
                {user.manages_api_tokens.then(|| view! {
                    <li class="nhsuk-header__account-item">
                        <a class="nhsuk-header__account-link" href="/api-tokens">"API tokens"</a>
                    </li>
                })}
                <li class="nhsuk-header__account-item">
                    <form class="nhsuk-header__account-form" action="/logout" method="post" novalidate>
                        <input type="hidden" name="csrf_token" value=csrf_token/>
                        <button class="nhsuk-header__account-button">"Sign out"</button>
                    </form>
                </li>
            </ul>
        </nav>
    }
}

/// "Programme Office (PMO)", "CIO, Gloucestershire Hospitals (GHFT)": the account's name,
/// then its role and organisation in brackets, leaving out whichever the name already says.
fn account_name(user: &UserBadge) -> String {
    let extra: Vec<&str> = [Some(user.role_label.as_str()), user.organisation.as_deref()]
        .into_iter()
        .flatten()
        .filter(|part| !part.is_empty() && !says_word(&user.display_name, part))
        .collect();
    if extra.is_empty() {
        user.display_name.clone()
    } else {
        format!("{} ({})", user.display_name, extra.join(", "))
    }
}

/// Whether `text` contains `phrase` (ignoring case) as whole words.
fn says_word(text: &str, phrase: &str) -> bool {
    let text = text.to_lowercase();
    let phrase = phrase.to_lowercase();
    text.match_indices(&phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// A signed-in person's badge for the views' tests.
#[cfg(test)]
pub(crate) fn badge(name: &str, role: &str, org: Option<&str>) -> UserBadge {
    UserBadge {
        display_name: name.into(),
        role_label: role.into(),
        organisation: org.map(Into::into),
        reads_audit: true,
        manages_api_tokens: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_name_does_not_repeat_the_role_or_organisation() {
        assert_eq!(account_name(&badge("Programme Office (PMO)", "PMO", None)), "Programme Office (PMO)");
        assert_eq!(account_name(&badge("NHS England reviewer", "NHS England reviewer", None)), "NHS England reviewer");
        assert_eq!(account_name(&badge("Steering Group member", "Steering Group", None)), "Steering Group member");
        assert_eq!(account_name(&badge("CIO, Gloucestershire Hospitals", "CIO", Some("GHFT"))), "CIO, Gloucestershire Hospitals (GHFT)");
        assert_eq!(account_name(&badge("Jo Bloggs", "CIO", Some("GCC"))), "Jo Bloggs (CIO, GCC)");
        // A role inside another word is not the role.
        assert_eq!(account_name(&badge("Ciona Smith", "CIO", None)), "Ciona Smith (CIO)");
    }
}
