//! Twenty training steps give the same bits on every platform: the loss and θ recorded in
//! `train_bits.txt` must come out of this build exactly (the wasm façade tests check the same
//! file inside Chrome).
//!
//! To record the file again (after a deliberate change of the arithmetic), run this test with
//! `GRADSCOPE_RECORD_TRAIN_BITS=1`: it rewrites `train_bits.txt` from the native build and
//! checks nothing (the file is compiled into the test); run it again without the variable,
//! then the wasm side with the façade tests.

#[path = "support/train_bits.rs"]
mod train_bits;

#[test]
fn twenty_steps_give_the_recorded_bits() {
    if std::env::var_os("GRADSCOPE_RECORD_TRAIN_BITS").is_some() {
        let mut text = String::from(
            "# Loss and θ after 20 gradient-descent steps, as f64 bit patterns (flat order), per run\n\
             # of tests/support/train_bits.rs. Recorded from the native build; tests/train_portable.rs\n\
             # (native) and the wasm façade tests (crate/web/tests/explorer.rs, in Chrome) must both\n\
             # reproduce them bit for bit. GRADSCOPE_RECORD_TRAIN_BITS=1 records them again.\n",
        );
        for name in train_bits::RUNS {
            text.push_str(&train_bits::line(name));
            text.push('\n');
        }
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/train_bits.txt");
        std::fs::write(path, text).unwrap();
        return;
    }
    train_bits::assert_train_bits();
}
