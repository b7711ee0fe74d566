//! The paths other crates use, each type by exactly one of them (the root for types, the public
//! modules for free functions and the types only they take): this file fails to compile if one
//! moves.

use gradscope_core::chain_rule::{factors, Factors};
use gradscope_core::float::{norm, sigmoid};
use gradscope_core::init::{initialize, rng_from_seed, LayerDistribution, MAX_SCALE};
use gradscope_core::surface::{grid, profile, profile_at, Axis, MAX_RESOLUTION};
use gradscope_core::{
    Activation, Builtin, Dataset, Divergence, DivergenceCause, Error, History, Network, Record,
    Scheme, SchemeKind, Status, Tape, Trainer, DEFAULT_MAX_ROWS, LEARNING_RATE_RANGE, MAX_DEPTH,
    MAX_WIDTH,
};

#[test]
fn every_public_path_resolves_and_works_together() {
    let mut net = Network::new(&[1, 1, 1, 1], Activation::Relu).unwrap();
    let scheme: Scheme = SchemeKind::HeNormal.with_scale(1.0);
    initialize(&mut net, scheme, &mut rng_from_seed(7)).unwrap();
    assert!(matches!(
        scheme.layer_distribution(1, 1),
        LayerDistribution::Normal { .. }
    ));
    let data: Dataset = Builtin::Threshold.load();
    let c: Factors = factors(&net, data.xs()[0], data.ys()[0]).unwrap();
    assert_eq!(c.factors.len(), net.depth() + 1);
    let axis = Axis {
        index: 4,
        min: -1.0,
        max: 1.0,
        points: 3,
    };
    let (mut a, mut b, mut g) = (Vec::new(), Vec::new(), Vec::new());
    profile(&net, &data, axis, &mut a).unwrap();
    profile_at(&net, &data, 4, &[-1.0, 0.0, 1.0], &mut b).unwrap();
    assert_eq!(a, b);
    grid(&net, &data, axis, Axis { index: 5, ..axis }, &mut g).unwrap();
    assert_eq!(g.len(), 9);
    let mut t = Trainer::new(net, data, LEARNING_RATE_RANGE.1).unwrap();
    let _ = t
        .network()
        .loss_and_gradient(t.data(), &mut Tape::default(), &mut Vec::new());
    t.step(1);
    let history: &History = t.history();
    let first: &Record = history.all().next().unwrap();
    assert_eq!(first.step, 0);
    if let Status::Diverged(Divergence { cause, .. }) = t.status() {
        let _: DivergenceCause = cause;
    }
    let e: Error = Network::new(&[1, MAX_WIDTH + 1, 1], Activation::Tanh).unwrap_err();
    assert!(matches!(e, Error::BadShape(_)));
    assert!(Network::new(&vec![1; MAX_DEPTH + 2], Activation::Tanh).is_err());
    assert_eq!(sigmoid(0.0), 0.5);
    assert_eq!(norm(&[3.0, 4.0]), 5.0);
    let _: (f64, usize, usize) = (MAX_SCALE, MAX_RESOLUTION, DEFAULT_MAX_ROWS);
}
