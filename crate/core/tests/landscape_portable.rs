//! The landscape gives the same bits on every platform: the fingerprints recorded in
//! `landscape_bits.txt` must come out of this build exactly (the wasm façade tests check the
//! same file inside Chrome). `GRADSCOPE_PRINT_BITS=1` prints them instead, to record a change
//! made on purpose.

#[path = "support/landscape_bits.rs"]
mod landscape_bits;

#[test]
fn landscapes_give_the_recorded_bits() {
    if std::env::var_os("GRADSCOPE_PRINT_BITS").is_some() {
        for (name, bits) in landscape_bits::fingerprints() {
            println!("{name} {bits:#018x}");
        }
        return;
    }
    landscape_bits::assert_recorded_bits();
}
