//! placeholder
pub fn hello() {}
