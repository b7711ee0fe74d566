//! The portability check of `train_bits.txt`, shared by the native test and the wasm façade test
//! (included with `#[path]`): twenty full-batch gradient-descent steps must end at the recorded
//! bit patterns of θ and of the loss, natively and in wasm alike.

use gradscope_core::{Activation, Dataset, Network, Trainer};

/// Steps each run takes before its state is compared.
pub const STEPS: u32 = 20;

/// The recorded runs, by name: the network, its data and α.
fn run(name: &str) -> Trainer {
    let (net, data, learning_rate) = match name {
        // W1 of the benchmarks: the seed network at the healthy preset, 64 samples, α = 0.5.
        "seed_healthy_64" => (
            Network::seed([0.5, 1.0, 0.8, 0.2, 1.5, -1.0]).unwrap(),
            Dataset::breast_cancer().head(64),
            0.5,
        ),
        // Dense layers with leftover rows and samples in every kernel (6, 5 and 569 are not
        // multiples of 4), all the data, α = 0.1.
        "dense_relu_6_5" => (
            dense(&[1, 6, 5, 1], Activation::Relu),
            Dataset::breast_cancer(),
            0.1,
        ),
        "dense_tanh_9" => (
            dense(&[1, 9, 1], Activation::Tanh),
            Dataset::breast_cancer(),
            0.1,
        ),
        other => panic!("no run named {other}"),
    };
    Trainer::new(net, data, learning_rate).unwrap()
}

/// Fixed, irregular parameters (every sign and size, no symmetry between units).
fn dense(widths: &[usize], act: Activation) -> Network {
    let mut net = Network::new(widths, act).unwrap();
    let p: Vec<f64> = (0..net.param_count())
        .map(|i| 0.8 * (((i * 37 + 11) % 23) as f64 / 11.0 - 1.0))
        .collect();
    net.set_params(&p).unwrap();
    net
}

/// Names of the recorded runs.
pub const RUNS: [&str; 3] = ["seed_healthy_64", "dense_relu_6_5", "dense_tanh_9"];

/// One line of `train_bits.txt` for `name`: the name, the loss after [`STEPS`] steps and θ
/// then, as f64 bit patterns.
pub fn line(name: &str) -> String {
    let mut t = run(name);
    assert_eq!(t.step(STEPS), STEPS, "{name} diverged");
    let mut out = format!("{name} {:#018x}", t.loss().to_bits());
    for p in t.network().params() {
        out.push_str(&format!(" {:#018x}", p.to_bits()));
    }
    out
}

/// Asserts every run of `train_bits.txt` against this build.
pub fn assert_train_bits() {
    let table = include_str!("../train_bits.txt");
    let recorded: Vec<&str> = table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    assert_eq!(recorded.len(), RUNS.len());
    for want in recorded {
        let name = want.split_whitespace().next().unwrap();
        assert_eq!(line(name), want, "{name}");
    }
}
