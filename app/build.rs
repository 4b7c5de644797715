//! The release module is cut into the parts the page fetches on demand after linking
//! (`wasm-split-cli`, see `src/on_demand.rs`): it needs the linker's relocations to know what
//! refers to what.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-cdylib=--emit-relocs");
    }
}
