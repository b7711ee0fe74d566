//! Property tests of the mathematics: backprop against central finite differences on random
//! networks, and clipping by global norm bounding the update.

mod common;

use common::*;
use gradscope_core::float::norm;
use gradscope_core::{Activation, Dataset, Network, Status, Tape, Trainer};
use proptest::prelude::*;

/// The hidden pre-activations and the logit for input `x`, computed from the documented flat
/// layout (`W1` row-major, `b1`, …) independently of `Network::forward`.
fn reference_forward(net: &Network, x: f64) -> (Vec<f64>, f64) {
    let (widths, p) = (net.widths(), net.params());
    let (mut a, mut z, mut hidden_z, mut at) = (vec![x], Vec::new(), Vec::new(), 0);
    let act = net.hidden_activation();
    for l in 1..widths.len() {
        if l > 1 {
            a = z.iter().map(|&z| act.apply(z)).collect();
            hidden_z.extend_from_slice(&z);
        }
        let (n_in, n_out) = (widths[l - 1], widths[l]);
        let b = at + n_out * n_in;
        let row = |j: usize| (0..n_in).map(|k| p[at + j * n_in + k] * a[k]).sum::<f64>();
        z = (0..n_out).map(|j| p[b + j] + row(j)).collect();
        at = b + n_out;
    }
    (hidden_z, z[0])
}

/// Which hidden pre-activations over the data set are positive, and the smallest |z|.
fn relu_pattern(net: &Network, data: &Dataset) -> (Vec<bool>, f64) {
    let hidden_z = |&x: &f64| reference_forward(net, x).0;
    let z: Vec<f64> = data.xs().iter().flat_map(hidden_z).collect();
    let margin = z.iter().fold(INF, |m, z| m.min(z.abs()));
    (z.into_iter().map(|z| z > 0.0).collect(), margin)
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn backprop_matches_central_differences(
        net in network((-2.0..2.0f64).boxed()),
        data in data(1..=8),
    ) {
        // ReLU is not differentiable at 0: stay clear of kinks at θ and at every θ ± h below.
        let relu = net.hidden_activation() == Activation::Relu;
        let (pattern, margin) = relu_pattern(&net, &data);
        prop_assume!(!relu || margin > 1e-3);
        let mut grad = Vec::new();
        let loss = net.loss_and_gradient(&data, &mut Tape::default(), &mut grad);
        prop_assert_eq!(loss.to_bits(), net.loss(&data).to_bits(), "the two losses differ");
        prop_assert_eq!(grad.len(), net.param_count());
        for &x in data.xs() {
            let z = reference_forward(&net, x).1;
            prop_assert!((net.logit(x) - z).abs() <= 1e-12 * (1.0 + z.abs()), "logit({})", x);
        }
        let mut probe = net.clone();
        for (i, (&theta, &g)) in net.params().iter().zip(&grad).enumerate() {
            let h = 1e-6 * theta.abs().max(1.0);
            let mut at = |v: f64| {
                probe.set_param(i, v).unwrap();
                (probe.loss(&data), !relu || relu_pattern(&probe, &data).0 == pattern)
            };
            let ((up, smooth_up), (down, smooth_down)) = (at(theta + h), at(theta - h));
            prop_assume!(smooth_up && smooth_down);
            probe.set_param(i, theta).unwrap();
            let fd = (up - down) / ((theta + h) - (theta - h));
            prop_assert!((g - fd).abs() <= 1e-5 * (1.0 + fd.abs()),
                "{}: backprop {} vs finite difference {}", net.param_name(i), g, fd);
        }
    }

    #[test]
    fn clipping_bounds_the_update(
        net in network(prop_oneof![-3.0..3.0f64, -30.0..30.0f64].boxed()),
        data in data(1..=8),
        lr in pow10(-8.0..3.0),
        ratio in prop_oneof![Just(1.0), pow10(-3.0..3.0)],
    ) {
        let mut t = Trainer::new(net, data, lr).unwrap();
        let c = t.grad_norm() * ratio;
        prop_assume!(t.status() == Status::Healthy && c > 0.0 && c.is_finite());
        t.set_clip(Some(c)).unwrap();
        let (g, p0) = (t.grad().to_vec(), t.network().params().to_vec());
        let u: Vec<f64> = t.next_update().collect();
        prop_assert!(norm(&u) <= lr * c * (1.0 + 1e-12), "‖u‖ = {} > α·c", norm(&u));
        if t.grad_norm() <= c {
            let plain: Vec<f64> = g.iter().map(|g| -lr * g).collect();
            prop_assert_eq!(bits(&u), bits(&plain), "an unclipped update is not −α·g");
        } else {
            prop_assert!((norm(&u) - lr * c).abs() <= 1e-12 * lr * c, "clipped ‖u‖ ≠ α·c");
            prop_assert!(u.iter().zip(&g).all(|(u, g)| u * g <= 0.0), "not along −g");
        }
        t.step(1);
        let applied: Vec<f64> = p0.iter().zip(&u).map(|(p, u)| p + u).collect();
        prop_assert_eq!(bits(t.network().params()), bits(&applied), "step applied another update");
    }
}
