// sqlx::migrate!() embeds ../migrations at compile time; without this a new migration file
// would not trigger a rebuild. The seed files are embedded with include_str! likewise.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
    println!("cargo:rerun-if-changed=../seed");
}
