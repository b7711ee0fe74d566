//! Inputs the fuzz target `run_ops` and the property tests of `run_properties.rs` found
//! breaking the explorer's `Run`, kept as tests: each names what it found and checks the fix.
#![cfg(not(target_arch = "wasm32"))]

use gradscope_core::{Activation, MAX_DEPTH};
use gradscope_web::presets::Preset;
use gradscope_web::run::Run;

/// run_properties: `set_shape(6960869828311162310, …)` allocated the widths before checking
/// them and aborted the process ("memory allocation of 6960869828311162312 bytes failed");
/// `usize::MAX` overflowed `hidden_layers + 2`. Counts the core cannot build are refused
/// first, and the run is left as it was.
#[test]
fn an_impossible_number_of_hidden_layers_is_refused_before_anything_is_allocated() {
    let mut run = Run::new(Preset::W3Is500).unwrap();
    run.step(3);
    let params = run.network().params().to_vec();
    for layers in [
        usize::MAX,
        usize::MAX - 1,
        6_960_869_828_311_162_310,
        1 << 40,
        MAX_DEPTH,
    ] {
        let e = run.set_shape(layers, 1, Activation::Relu).unwrap_err();
        assert!(e.to_string().contains("1 to 63 hidden layers"), "{e}");
    }
    assert!(run.set_shape(0, 4, Activation::Relu).is_err());
    assert_eq!(run.network().params(), &params[..]);
    assert_eq!(run.trainer().step_count(), 3);
    assert_eq!(run.preset(), Some(Preset::W3Is500));
    // The deepest network the core builds (63 hidden layers, 64 weight layers) is accepted.
    run.set_shape(MAX_DEPTH - 1, 1, Activation::Tanh).unwrap();
    assert_eq!(run.network().depth(), MAX_DEPTH);
}
