//! The portability check of `init_bits.txt`, shared by the native test and the wasm façade test
//! (included with `#[path]`): seed 7 must give the recorded bit patterns.

use gradscope_core::init::{initialize, rng_from_seed};
use gradscope_core::{Activation, Network, Scheme};

/// Initializes `[1, 3, 3, 1]` with each scheme of `init_bits.txt` and seed 7 and asserts the
/// recorded bits.
pub fn assert_seed_7_bits() {
    let table = include_str!("../init_bits.txt");
    let mut checked = 0;
    for line in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let mut words = line.split_whitespace();
        let name = words.next().unwrap();
        let gain: f64 = words.next().unwrap().parse().unwrap();
        let scheme = match name {
            "he_normal" => Scheme::HeNormal { gain },
            "xavier_uniform" => Scheme::XavierUniform { gain },
            "lecun_normal" => Scheme::LecunNormal { gain },
            other => panic!("scheme {other}"),
        };
        let want: Vec<u64> = words
            .map(|w| u64::from_str_radix(w.trim_start_matches("0x"), 16).unwrap())
            .collect();
        let mut net = Network::new(&[1, 3, 3, 1], Activation::Relu).unwrap();
        initialize(&mut net, scheme, &mut rng_from_seed(7)).unwrap();
        let got: Vec<u64> = net.params().iter().map(|p| p.to_bits()).collect();
        assert_eq!(got, want, "{name}");
        checked += 1;
    }
    assert_eq!(checked, 3);
}
