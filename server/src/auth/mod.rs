//! Signing in and out, and knowing who is signed in.

pub mod csrf;
pub mod login;
pub mod password;
pub mod second_factor;
pub mod signed_in;
pub mod throttle;
pub mod totp;

pub use signed_in::SignedIn;

/// Session key holding the signed-in user's id.
pub const USER_ID: &str = "user_id";
