//! Time-based one-time passwords (RFC 6238, the codes authenticator apps show): the second
//! factor of the roles that approve and open quarters. Pure: the clock is passed in.
//!
//! SHA-1, 6 digits and 30-second steps are what every authenticator app supports by default;
//! a code is accepted one step either side of now (clock drift), and only once (the caller
//! keeps the last step used and passes it as `after_step`).

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha1::Sha1;

pub const STEP_SECONDS: i64 = 30;
pub const DIGITS: u32 = 6;
/// 160 bits, the length RFC 4226 recommends for the shared secret.
pub const SECRET_BYTES: usize = 20;

/// A new random shared secret.
pub fn new_secret() -> Vec<u8> {
    let mut secret = vec![0u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut secret);
    secret
}

/// The time step a Unix time falls in.
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// RFC 4226's HOTP value for a counter, as the zero-padded digits people type.
pub fn code_for_step(secret: &[u8], step: i64) -> String {
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(&(step as u64).to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let binary = u32::from_be_bytes([digest[offset] & 0x7f, digest[offset + 1], digest[offset + 2], digest[offset + 3]]);
    format!("{:0width$}", binary % 10u32.pow(DIGITS), width = DIGITS as usize)
}

/// The step whose code `typed` is, within one step of `now`, and later than `after_step`
/// (a code already used, or an older one, is refused). Spaces people type are ignored.
pub fn verify(secret: &[u8], typed: &str, unix_now: i64, after_step: i64) -> Option<i64> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != DIGITS as usize || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step_at(unix_now);
    [now - 1, now, now + 1]
        .into_iter()
        .filter(|step| *step > after_step)
        .find(|step| subtle::ConstantTimeEq::ct_eq(code_for_step(secret, *step).as_bytes(), typed.as_bytes()).into())
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding: how authenticator apps take a key typed by hand.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let bits = u64::from_be_bytes([0, 0, 0, buf[0], buf[1], buf[2], buf[3], buf[4]]);
        let chars = (chunk.len() * 8).div_ceil(5);
        for i in 0..chars {
            out.push(char::from(BASE32[((bits >> (35 - 5 * i)) & 0x1f) as usize]));
        }
    }
    out
}

/// The inverse of [`base32_encode`]; case, spaces and padding are forgiven.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = BASE32.iter().position(|b| char::from(*b) == c.to_ascii_uppercase())? as u32;
        acc = (acc << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The `otpauth://` address an authenticator app reads from the enrolment QR code.
pub fn provisioning_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => char::from(b).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        enc(issuer),
        enc(account),
        base32_encode(secret),
        enc(issuer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B: the SHA-1 secret is the ASCII of "12345678901234567890" and the
    /// 8-digit codes end in the 6 digits an app shows.
    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn codes_match_the_rfc_6238_test_vectors() {
        for (time, eight_digits) in
            [(59, "94287082"), (1111111109, "07081804"), (1111111111, "14050471"), (1234567890, "89005924"), (2000000000, "69279037")]
        {
            assert_eq!(code_for_step(RFC_SECRET, step_at(time)), eight_digits[2..], "at {time}");
        }
    }

    #[test]
    fn a_code_is_accepted_one_step_either_side_and_only_once() {
        let now = 1_234_567_890;
        let code = code_for_step(RFC_SECRET, step_at(now));
        assert_eq!(verify(RFC_SECRET, &code, now, 0), Some(step_at(now)));
        assert_eq!(verify(RFC_SECRET, &format!("{} {}", &code[..3], &code[3..]), now, 0), Some(step_at(now)), "spaces forgiven");
        assert_eq!(verify(RFC_SECRET, &code, now + 30, 0), Some(step_at(now)), "previous step still accepted");
        assert_eq!(verify(RFC_SECRET, &code, now + 60, 0), None, "two steps late is refused");
        assert_eq!(verify(RFC_SECRET, &code, now, step_at(now)), None, "a used code is refused");
        for bad in ["", "12345", "1234567", "abcdef"] {
            assert_eq!(verify(RFC_SECRET, bad, now, 0), None, "{bad:?}");
        }
    }

    #[test]
    fn base32_round_trips_and_matches_rfc_4648() {
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32_encode(b"f"), "MY");
        assert_eq!(base32_decode("mzxw 6ytb oi======").unwrap(), b"foobar");
        let secret = new_secret();
        assert_eq!(secret.len(), SECRET_BYTES);
        assert_eq!(base32_decode(&base32_encode(&secret)).unwrap(), secret);
        assert!(base32_decode("not base32 1!").is_none());
    }

    #[test]
    fn the_provisioning_uri_escapes_the_account_name() {
        let uri = provisioning_uri("LDR Assurance", "pat&co", b"foobar");
        assert_eq!(
            uri,
            "otpauth://totp/LDR%20Assurance:pat%26co?secret=MZXW6YTBOI&issuer=LDR%20Assurance&algorithm=SHA1&digits=6&period=30"
        );
    }
}
