//! A rendered page kept for its reader: everything but the header's account block, which holds
//! the session's CSRF token and is drawn afresh for each request (`layout::account_html`).

use super::layout::{account_html, UserBadge, ACCOUNT_CLASS, ACCOUNT_END};

#[derive(Debug, Clone)]
pub struct CachedPage {
    before: String,
    after: String,
}

impl CachedPage {
    /// The page with its account block cut out; None for a page without one (signed out).
    pub fn cut(html: &str) -> Option<CachedPage> {
        // After `<body`: the title, in the head, holds text a person typed (escaped, yet a
        // text's quotes are not). The renderer may put the attributes in any order: find the
        // class, then its tag.
        let body = html.find("<body")?;
        let class = body + html[body..].find(ACCOUNT_CLASS)?;
        let start = body + html[body..class].rfind("<nav")?;
        let end = start + html[start..].find(ACCOUNT_END)? + ACCOUNT_END.len();
        Some(CachedPage { before: html[..start].to_string(), after: html[end..].to_string() })
    }

    /// The whole page again, with this session's account block.
    pub fn serve(&self, user: &UserBadge, csrf_token: &str) -> String {
        let account = account_html(user, csrf_token);
        let mut html = String::with_capacity(self.before.len() + account.len() + self.after.len());
        html.push_str(&self.before);
        html.push_str(&account);
        html.push_str(&self.after);
        html
    }

    /// Whether the page, its account block aside, holds a form of the session's (a CSRF
    /// token): such a page is drawn for every request.
    pub fn has_forms(&self) -> bool {
        [&self.before, &self.after].iter().any(|part| part.contains(r#"name="csrf_token""#))
    }

    /// Bytes kept, for the cache's bound.
    pub fn size(&self) -> usize {
        self.before.len() + self.after.len()
    }
}

#[cfg(test)]
mod tests {
    use leptos::prelude::*;

    use super::*;
    use crate::views::layout::{render_page, Nav, PageMeta};

    fn badge(name: &str) -> UserBadge {
        UserBadge {
            display_name: name.into(),
            role_label: "CIO".into(),
            organisation: Some("GHFT".into()),
            reads_audit: true,
            manages_api_tokens: false,
        }
    }

    fn page(name: &str, token: &str, typed: &str) -> String {
        let meta = PageMeta {
            title: typed.into(),
            user: Some(badge(name)),
            csrf_token: token.into(),
            nav: Some(Nav::Organisations),
            ..Default::default()
        };
        let typed = typed.to_string();
        render_page(meta, view! { <h1>"Test"</h1><p>{typed}</p> })
    }

    #[test]
    fn a_cached_page_served_to_another_session_is_that_sessions_whole_page() {
        let cached = CachedPage::cut(&page("Jo Bloggs", "token-a", "x")).expect("a signed-in page has an account block");
        assert_eq!(cached.serve(&badge("Jo Bloggs"), "token-b"), page("Jo Bloggs", "token-b", "x"));
        assert!(!cached.serve(&badge("Jo Bloggs"), "token-b").contains("token-a"));
    }

    #[test]
    fn text_a_person_typed_cannot_move_the_cut() {
        let typed = r#"<nav class="nhsuk-header__account"></nav> token-a"#;
        let cached = CachedPage::cut(&page("Jo", "token-a", typed)).expect("an account block");
        assert_eq!(cached.serve(&badge("Jo"), "token-b"), page("Jo", "token-b", typed));
    }

    #[test]
    fn a_page_with_a_form_of_its_own_says_so() {
        let plain = CachedPage::cut(&page("Jo", "t", "x")).expect("an account block");
        assert!(!plain.has_forms());
        let meta = PageMeta { title: "Form".into(), user: Some(badge("Jo")), csrf_token: "t".into(), ..Default::default() };
        let html = render_page(meta, view! { <form method="post"><input type="hidden" name="csrf_token" value="t"/></form> });
        assert!(CachedPage::cut(&html).expect("an account block").has_forms());
    }

    #[test]
    fn a_page_without_an_account_block_is_not_kept() {
        let meta = PageMeta { title: "Sign in".into(), ..Default::default() };
        assert!(CachedPage::cut(&render_page(meta, view! { <h1>"Sign in"</h1> })).is_none());
    }
}
