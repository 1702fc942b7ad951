//! Passwords: argon2id with the crate's defaults (19 MiB, 2 passes), and the rule every new
//! password must meet (ASVS 2.1.1, 2.1.2, 2.1.7).

use std::collections::HashSet;
use std::sync::OnceLock;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;

/// Shorter passwords are refused.
pub const MIN_CHARS: usize = 12;
/// Longer passwords are refused, at sign-in too: ASVS asks that at least 64 are allowed, and a
/// bound keeps an anonymous client from making us hash megabytes.
pub const MAX_CHARS: usize = 128;

/// The 19,640 most common passwords, as shipped with Django 5.2
/// (`django/contrib/auth/common-passwords.txt.gz`, from Royce Williams' list of breached
/// passwords; BSD licence). Lower case, one a line, built into the binary: no download.
const COMMON: &str = include_str!("common_passwords.txt");

fn common() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| COMMON.lines().map(str::trim).filter(|l| !l.is_empty()).collect())
}

pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("cannot hash a password: {e}"))
    })
    .await?
}

/// Check a password against a stored hash, on the calling thread (the caller bounds how many
/// run at once: `checks::PasswordChecks`). With no hash (unknown username) it checks against
/// a throwaway hash anyway, so the answer takes as long either way.
pub fn verify_blocking(password: &str, stored: Option<String>) -> anyhow::Result<bool> {
    let known = stored.is_some();
    let phc = stored.unwrap_or_else(|| dummy_hash().to_string());
    let parsed = PasswordHash::new(&phc).map_err(|e| anyhow::anyhow!("a stored password hash is malformed: {e}"))?;
    let ok = Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok();
    Ok(known && ok)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| Argon2::default().hash_password(b"no such account").map(|h| h.to_string()).expect("argon2 hashes a constant"))
}

/// The rule for every password set: from the command line, and the demo accounts' password.
pub fn check_strength(password: &str) -> Result<(), String> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(format!("a password must be at least {MIN_CHARS} characters long"));
    }
    if chars > MAX_CHARS {
        return Err(format!("a password must be at most {MAX_CHARS} characters long"));
    }
    if common().contains(password.trim().to_lowercase().as_str()) {
        return Err("this password is on the list of common passwords: choose another".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_is_argon2id_and_verifies_only_its_password() {
        let h = hash("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_blocking("correct horse battery", Some(h.clone())).unwrap());
        assert!(!verify_blocking("wrong", Some(h)).unwrap());
        assert!(!verify_blocking("no such account", None).unwrap(), "an unknown user never verifies");
    }

    #[test]
    fn the_rule_refuses_short_long_and_common_passwords() {
        for (password, why) in [
            ("abc", "at least 12"),
            ("password1234", "common passwords"),
            ("Password1234", "common passwords"),
            ("qwerty123456", "common passwords"),
            (&"x".repeat(129) as &str, "at most 128"),
        ] {
            assert!(check_strength(password).unwrap_err().contains(why), "{password}");
        }
        assert!(check_strength("ldr-demo-2016").is_ok(), "the default demo password meets the rule");
        assert!(check_strength(&"a long passphrase ".repeat(8)[..128]).is_ok(), "128 characters are allowed");
        assert!(common().len() > 19_000, "the whole list is built in");
    }
}
