//! The reference loops and the product compute the same numbers on every workload: two
//! independent implementations (the product's batch code with libm, the plain per-sample loops
//! with std's exp/ln_1p), so agreement to a few ulps is evidence for both.

use gradscope_bench::sides::{
    product, reference, reference_chain, reference_dense, reference_seed,
};
use gradscope_bench::workloads::{self as w, Workload};
use gradscope_core::{Activation, Network, Trainer};

/// |a − b| relative to the larger magnitude.
fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs())
}

#[test]
fn w1_loss_after_ten_steps_agrees_within_1e_12() {
    let mut t = Trainer::new(
        Network::seed(w::HEALTHY).unwrap(),
        w::few_samples(),
        w::W1_LEARNING_RATE,
    )
    .unwrap();
    assert_eq!(t.step(10), 10);
    let mut s = reference_seed();
    let first = s.step();
    (0..9).for_each(|_| {
        s.step();
    });
    // The loss before any step is the product's step-0 loss, a second independent check.
    let t0 = Trainer::new(
        Network::seed(w::HEALTHY).unwrap(),
        w::few_samples(),
        w::W1_LEARNING_RATE,
    )
    .unwrap();
    assert!(rel(first, t0.loss()) < 1e-12, "{first} vs {}", t0.loss());
    let theta = s.theta;
    let reference_loss = s.mean_loss(&theta);
    assert!(
        rel(t.loss(), reference_loss) < 1e-12,
        "{} vs {reference_loss}",
        t.loss()
    );
    for (p, r) in t.network().params().iter().zip(theta) {
        assert!(rel(*p, r) < 1e-12, "{p} vs {r}");
    }
}

#[test]
fn w2_and_w2b_grid_sums_agree() {
    for workload in [Workload::W2, Workload::W2b] {
        let mut a = product(workload).unwrap();
        let mut b = reference(workload);
        let (sa, sb) = (a.run(1).unwrap(), b.run(1).unwrap());
        // 65 536 means of 64 losses: the sums differ only by rounding (axis values computed two
        // ways, different summation orders).
        assert!(rel(sa, sb) < 1e-12, "{}: {sa} vs {sb}", workload.id());
    }
}

#[test]
fn w3_parameters_after_twenty_steps_agree() {
    let mut net = Network::new(&[1; w::CHAIN_DEPTH + 1], Activation::Relu).unwrap();
    net.set_params(&w::chain_params()).unwrap();
    let mut t = Trainer::new(net, w::few_samples(), w::CHAIN_LEARNING_RATE).unwrap();
    assert_eq!(t.step(20), 20);
    let mut c = reference_chain();
    (0..20).for_each(|_| {
        c.step();
    });
    assert!(rel(t.loss(), c.mean_loss()) < 1e-12);
    for (p, r) in t.network().params().iter().zip(&c.theta) {
        assert!(rel(*p, *r) < 1e-12, "{p} vs {r}");
    }
}

#[test]
fn w4_starts_from_the_same_weights_and_agrees_after_three_steps() {
    let mut d = reference_dense();
    // The shared formula, laid out by each side on its own: the product's flat vector and the
    // reference's per-layer arrays must hold the same bits.
    assert_eq!(d.params(), w::dense_params());
    let mut net = Network::new(&w::dense_widths(), Activation::Relu).unwrap();
    net.set_params(&w::dense_params()).unwrap();
    let mut t = Trainer::new(net, w::all_samples(), w::DENSE_LEARNING_RATE).unwrap();
    let first = d.step();
    assert!(rel(first, t.loss()) < 1e-12, "{first} vs {}", t.loss());
    assert_eq!(t.step(3), 3);
    (0..2).for_each(|_| {
        d.step();
    });
    // Sums over 569 samples and 16-term dot products, in different orders: the reference
    // cases' tolerance, rtol 1e-9.
    assert!(rel(t.loss(), d.mean_loss()) < 1e-9);
    for (p, r) in t.network().params().iter().zip(d.params()) {
        assert!((p - r).abs() <= 1e-9 * p.abs().max(1e-3), "{p} vs {r}");
    }
}

#[test]
fn the_checksums_of_both_sides_agree_on_every_workload() {
    for workload in Workload::ALL {
        let mut a = product(workload).unwrap();
        let mut b = reference(workload);
        let calls = if workload.unit() == "points" { 1 } else { 3 };
        let (ca, cb) = (a.run(calls).unwrap(), b.run(calls).unwrap());
        assert!(rel(ca, cb) < 1e-9, "{}: {ca} vs {cb}", workload.id());
        // A reset puts a side back where it started: the same calls give the same bits.
        a.reset();
        assert_eq!(a.run(calls).unwrap(), ca);
    }
}
