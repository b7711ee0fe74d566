//! The portability check of `landscape_bits.txt`, shared by the native test and the wasm façade
//! test (included with `#[path]`): the landscape's vectorized kernels must give the recorded
//! bits on every target (no fused multiply-add, no target-dependent order).

use gradscope_core::surface::{grid, Axis};
use gradscope_core::{Activation, Dataset, Network};

/// The grids of `landscape_bits.txt`: (name, network, x index, y index), each 24 × 24 over
/// [−3, 3]² on the first 64 breast-cancer samples.
fn grids() -> Vec<(&'static str, Network, usize, usize)> {
    let healthy = Network::seed([0.5, 1.0, 0.8, 0.2, 1.5, -1.0]).unwrap();
    let w3_500 = Network::seed([0.5, 1.0, 0.8, 0.2, 500.0, -600.0]).unwrap();
    let mut sigmoid = Network::new(&[1; 12], Activation::Sigmoid).unwrap();
    let p: Vec<f64> = (0..22)
        .map(|i| if i % 2 == 0 { 1.0 } else { 0.0 })
        .collect();
    sigmoid.set_params(&p).unwrap();
    vec![
        ("healthy_w3_b3", healthy.clone(), 4, 5),
        ("healthy_w1_b1", healthy, 0, 1),
        ("w3_500_w2_b2", w3_500, 2, 3),
        ("sigmoid11_w1_b1", sigmoid, 0, 1),
    ]
}

/// FNV-1a over the grid's bit patterns, row by row.
fn fingerprint(values: &[f64]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for v in values {
        for byte in v.to_bits().to_le_bytes() {
            h = (h ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The fingerprint of each grid, as `name 0x…` lines.
pub fn fingerprints() -> Vec<(String, u64)> {
    let data = Dataset::breast_cancer().head(64);
    let axis = |index| Axis {
        index,
        min: -3.0,
        max: 3.0,
        points: 24,
    };
    grids()
        .into_iter()
        .map(|(name, net, ix, iy)| {
            let mut out = Vec::new();
            grid(&net, &data, axis(ix), axis(iy), &mut out).unwrap();
            (name.to_string(), fingerprint(&out))
        })
        .collect()
}

/// Asserts the fingerprints recorded in `landscape_bits.txt`.
pub fn assert_recorded_bits() {
    let table = include_str!("../landscape_bits.txt");
    let want: Vec<(String, u64)> = table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let (name, hex) = l.split_once(' ').unwrap();
            let bits = u64::from_str_radix(hex.trim().trim_start_matches("0x"), 16).unwrap();
            (name.to_string(), bits)
        })
        .collect();
    assert_eq!(fingerprints(), want);
}
