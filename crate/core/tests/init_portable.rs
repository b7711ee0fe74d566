//! Same seed → same weights, bit for bit, on every platform: the weights recorded in
//! `init_bits.txt` must come out of this build exactly (the wasm façade tests check the same
//! file inside Chrome).

#[path = "support/init_bits.rs"]
mod init_bits;

#[test]
fn seed_7_gives_the_recorded_bits() {
    init_bits::assert_seed_7_bits();
}
