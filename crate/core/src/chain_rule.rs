//! The chain rule written out for width-one networks (one unit per layer, like the seed network):
//! `∂Lᵢ/∂w₁ = ∂Lᵢ/∂o_L · ∂o_L/∂o_(L−1) · … · ∂o₂/∂o₁ · ∂o₁/∂w₁`, one factor per layer, for one
//! sample `i`, where `o_l` is the output of layer l and `o_L = ŷ = σ(z_L)`.
//!
//! * `∂Lᵢ/∂o_L = −1/ŷ` for y = 1 and `1/(1 − ŷ)` for y = 0, evaluated as `−(1 + e^(−z_L))` and
//!   `1 + e^(z_L)` so that a rounded ŷ = 1 does not turn it into ∞ or NaN;
//! * `∂o_L/∂o_(L−1) = σ′(z_L)·w_L` with `σ′ = σ(z)σ(−z) ≤ 1/4`;
//! * `∂o_l/∂o_(l−1) = act′(z_l)·w_l` for the hidden layers l = L−1, …, 2;
//! * `∂o₁/∂w₁ = act′(z₁)·x`.
//!
//! Beyond |z_L| ≈ 709 the first factor overflows while the second underflows (∞·0); their
//! product is exactly `∂Lᵢ/∂z_L · w_L = (ŷ − y)·w_L`, which is how [`Factors::product`] is formed.
//! The batch gradient `∂L/∂w₁` is the mean of the per-sample products.

use alloc::vec::Vec;

use crate::{float, loss, Error, Network, Result};

/// The chain-rule factors of ∂Lᵢ/∂w₁ for one sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Factors {
    /// Pre-activations z₁ … z_L.
    pub z: Vec<f64>,
    /// ŷ = σ(z_L).
    pub yhat: f64,
    /// σ′(z_L).
    pub sigmoid_prime_out: f64,
    /// `[∂Lᵢ/∂o_L, ∂o_L/∂o_(L−1), …, ∂o₂/∂o₁, ∂o₁/∂w₁]`, L + 1 factors.
    pub factors: Vec<f64>,
    /// ∂Lᵢ/∂z_L = ŷ − y.
    pub dl_dz_out: f64,
    /// ∂Lᵢ/∂w₁: `(ŷ − y)·w_L` times the remaining factors.
    pub product: f64,
}

/// The factors for input `x`, label `y`. Errors: [`Error::BadShape`] unless `net` has one unit
/// per layer ([`Network::is_width_one`]).
pub fn factors(net: &Network, x: f64, y: f64) -> Result<Factors> {
    if !net.is_width_one() {
        return Err(Error::BadShape(
            "chain-rule factors are defined here for networks with one unit per layer".into(),
        ));
    }
    let depth = net.depth();
    let p = net.params();
    let hidden = net.hidden_activation();
    // With one unit per layer, layer l (1-based) holds w_l at 2(l−1); its pre-activation is
    // z[l−1].
    let mut z = Vec::with_capacity(depth);
    let mut a = Vec::with_capacity(depth);
    let mut prev = x;
    for l in 0..depth {
        let zl = p[2 * l + 1] + p[2 * l] * prev;
        z.push(zl);
        prev = hidden.apply(zl);
        a.push(prev);
    }
    let z_out = z[depth - 1];
    let e = float::exp(-z_out.abs());
    let sigmoid_prime_out = e / ((1.0 + e) * (1.0 + e));
    let yhat = float::sigmoid(z_out);
    let dl_do_out = if y == 1.0 {
        -(1.0 + float::exp(-z_out))
    } else {
        1.0 + float::exp(z_out)
    };
    let w_out = p[2 * (depth - 1)];
    let mut factors = Vec::with_capacity(depth + 1);
    factors.push(dl_do_out);
    factors.push(sigmoid_prime_out * w_out);
    for l in (1..depth - 1).rev() {
        factors.push(hidden.derivative(z[l], a[l]) * p[2 * l]);
    }
    let first_derivative = if depth > 1 {
        hidden.derivative(z[0], a[0])
    } else {
        // A single layer: o₁ = ŷ itself, and the chain rule gives ∂Lᵢ/∂ŷ · σ′(z₁) · x.
        1.0
    };
    let dl_dz_out = loss::bce_from_logit_derivative(z_out, y);
    let (factors, product) = if depth == 1 {
        // With one layer the "w_L" factor is the input: ∂Lᵢ/∂w₁ = (ŷ − y)·x.
        let f = alloc::vec![dl_do_out, sigmoid_prime_out * x];
        (f, dl_dz_out * x)
    } else {
        factors.push(first_derivative * x);
        let rest: f64 = factors[2..].iter().product();
        (factors, dl_dz_out * w_out * rest)
    };
    Ok(Factors {
        z,
        yhat,
        sigmoid_prime_out,
        factors,
        dl_dz_out,
        product,
    })
}

/// One link of the chain for ∂Lᵢ/∂θ on a width-one network, with the layer it belongs to
/// (1-based, 1..=L).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// ∂Lᵢ/∂z_L = ŷ − y: the output layer's ∂Lᵢ/∂o_L · σ′(z_L), formed without either.
    OutputError,
    /// ∂z_k/∂o_(k−1) = w_k.
    Weight(usize),
    /// ∂o_k/∂z_k = act′(z_k) of hidden layer k.
    Slope(usize),
    /// ∂z_l/∂w_l = o_(l−1), the layer's input (x for l = 1).
    Input(usize),
    /// ∂z_l/∂b_l = 1.
    Bias(usize),
}

/// A factor of the chain: what it is and its value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Factor {
    /// Which derivative this is.
    pub link: Link,
    /// Its value for the sample.
    pub value: f64,
}

/// ∂Lᵢ/∂θ for one parameter θ and one sample, written as a product of factors from the output
/// down: `(ŷ − y) · w_L · act′(z_(L−1)) · w_(L−1) · … · act′(z_l) · (o_(l−1) or 1)`.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamChain {
    /// The factors, output first. Their product is [`ParamChain::product`].
    pub factors: Vec<Factor>,
    /// ∂Lᵢ/∂θ. Formed factor by factor, or from the logarithms when an intermediate product
    /// leaves the float range while the true product does not; ±∞ only when |∂Lᵢ/∂θ| itself
    /// exceeds f64.
    pub product: f64,
    /// log₁₀|∂Lᵢ/∂θ| (−∞ for an exact zero), finite whenever every factor is.
    pub log10_abs_product: f64,
    /// z_L, the output logit.
    pub z_out: f64,
    /// ŷ = σ(z_L).
    pub yhat: f64,
    /// The label y.
    pub y: f64,
    /// log₁₀|∂Lᵢ/∂o_L|, i.e. log₁₀(1/ŷ) for y = 1 and log₁₀(1/(1 − ŷ)) for y = 0, computed
    /// as softplus(∓z_L)/ln 10 so it stays finite where 1/ŷ itself overflows. The sign of
    /// ∂Lᵢ/∂o_L is −1 for y = 1 and +1 for y = 0.
    pub log10_abs_dl_do_out: f64,
    /// log₁₀ σ′(z_L) = −(softplus(z_L) + softplus(−z_L))/ln 10 (σ′ = σ(z)σ(−z) ≤ 1/4), finite
    /// where σ′ itself underflows to 0.
    pub log10_sigmoid_prime_out: f64,
}

/// ln(1 + eᵗ) without overflow.
fn softplus(t: f64) -> f64 {
    t.max(0.0) + float::ln_1p(float::exp(-t.abs()))
}

/// The chain of ∂Lᵢ/∂θ for the parameter at flat `index` (w_l at 2(l−1), b_l at 2(l−1)+1) of
/// a width-one network, for input `x` and label `y` (0 or 1). Errors: [`Error::BadShape`] for
/// a network with more than one unit in a layer or an index out of range.
pub fn for_param(net: &Network, x: f64, y: f64, index: usize) -> Result<ParamChain> {
    if !net.is_width_one() {
        return Err(Error::BadShape(
            "chain-rule factors are defined here for networks with one unit per layer".into(),
        ));
    }
    if index >= net.param_count() {
        return Err(Error::BadShape(alloc::format!(
            "parameter index {index} is out of range (the network has {})",
            net.param_count()
        )));
    }
    let depth = net.depth();
    let p = net.params();
    let hidden = net.hidden_activation();
    // o[k] is the output of layer k (o[0] = x); z[k−1] the pre-activation of layer k.
    let mut z = Vec::with_capacity(depth);
    let mut o = Vec::with_capacity(depth + 1);
    o.push(x);
    for k in 1..=depth {
        let zk = p[2 * (k - 1)] * o[k - 1] + p[2 * (k - 1) + 1];
        z.push(zk);
        o.push(if k < depth {
            hidden.apply(zk)
        } else {
            float::sigmoid(zk)
        });
    }
    let layer = index / 2 + 1;
    let z_out = z[depth - 1];
    let mut factors = Vec::with_capacity(2 * (depth - layer) + 2);
    factors.push(Factor {
        link: Link::OutputError,
        value: loss::bce_from_logit_derivative(z_out, y),
    });
    for k in (layer + 1..=depth).rev() {
        factors.push(Factor {
            link: Link::Weight(k),
            value: p[2 * (k - 1)],
        });
        factors.push(Factor {
            link: Link::Slope(k - 1),
            value: hidden.derivative(z[k - 2], o[k - 1]),
        });
    }
    factors.push(if index % 2 == 0 {
        Factor {
            link: Link::Input(layer),
            value: o[layer - 1],
        }
    } else {
        Factor {
            link: Link::Bias(layer),
            value: 1.0,
        }
    });
    let (product, log10_abs_product) = product_of(&factors);
    let ln10 = core::f64::consts::LN_10;
    let out_sign = if y == 1.0 { -z_out } else { z_out };
    Ok(ParamChain {
        factors,
        product,
        log10_abs_product,
        z_out,
        yhat: o[depth],
        y,
        log10_abs_dl_do_out: softplus(out_sign) / ln10,
        log10_sigmoid_prime_out: -(softplus(z_out) + softplus(-z_out)) / ln10,
    })
}

/// The product of the factors' values and log₁₀ of its magnitude: multiplied in order when
/// that stays in range, else rebuilt from the sum of the logarithms.
fn product_of(factors: &[Factor]) -> (f64, f64) {
    let direct: f64 = factors.iter().map(|f| f.value).product();
    if factors.iter().any(|f| f.value == 0.0) {
        return (0.0, f64::NEG_INFINITY);
    }
    let log10: f64 = factors.iter().map(|f| float::log10(f.value.abs())).sum();
    if direct.is_finite() && direct != 0.0 {
        return (direct, float::log10(direct.abs()));
    }
    let negative = factors.iter().filter(|f| f.value < 0.0).count() % 2 == 1;
    let magnitude = float::exp(log10 * core::f64::consts::LN_10);
    (if negative { -magnitude } else { magnitude }, log10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Activation;

    #[test]
    fn product_law_for_an_active_width_one_relu_network() {
        // Depth 5, every w = 2, b = 0 except b5 = −32, x = 1, y = 1 (case 19 by hand):
        // z = 2, 4, 8, 16, 0; ŷ = ½; ∂L/∂w₁ = (ŷ − y)·x·∏_{i≥2} w_i = −½·16 = −8.
        let mut net = Network::new(&[1, 1, 1, 1, 1, 1], Activation::Relu).unwrap();
        net.set_params(&[2.0, 0.0, 2.0, 0.0, 2.0, 0.0, 2.0, 0.0, 2.0, -32.0])
            .unwrap();
        let c = factors(&net, 1.0, 1.0).unwrap();
        assert_eq!(c.z, [2.0, 4.0, 8.0, 16.0, 0.0]);
        assert_eq!(c.factors, [-2.0, 0.5, 2.0, 2.0, 2.0, 1.0]);
        assert_eq!(c.product, -8.0);
    }

    #[test]
    fn saturated_logit_keeps_a_finite_product() {
        // z₃ = 800 with y = 0: ∂L/∂ŷ overflows and σ′ underflows, yet ∂L/∂w₁ = (1 − 0)·w₃·w₂·x.
        let net = Network::seed([1.0, 0.0, 1.0, 0.0, 800.0, 0.0]).unwrap();
        let c = factors(&net, 1.0, 0.0).unwrap();
        assert!(c.factors[0].is_infinite());
        assert_eq!(c.factors[1], 0.0);
        assert_eq!(c.product, 800.0);
    }

    #[test]
    fn wide_networks_are_refused() {
        let net = Network::new(&[1, 2, 1], Activation::Relu).unwrap();
        assert!(factors(&net, 1.0, 1.0).is_err());
    }

    #[test]
    fn for_param_writes_the_seed_chain_and_matches_the_old_w1_product() {
        // Seed network [w1, b1, w2, b2, w3, b3] = [0.5, 1, 0.8, 0.2, 1.5, −1], x = 1, y = 1:
        // z1 = 1.5, o1 = 1.5, z2 = 1.4, o2 = 1.4, z3 = 1.1.
        let net = Network::seed([0.5, 1.0, 0.8, 0.2, 1.5, -1.0]).unwrap();
        let c = for_param(&net, 1.0, 1.0, 0).unwrap();
        let links: Vec<Link> = c.factors.iter().map(|f| f.link).collect();
        assert_eq!(
            links,
            [
                Link::OutputError,
                Link::Weight(3),
                Link::Slope(2),
                Link::Weight(2),
                Link::Slope(1),
                Link::Input(1)
            ]
        );
        let yhat = 1.0 / (1.0 + (-1.1f64).exp());
        assert!((c.factors[0].value - (yhat - 1.0)).abs() < 1e-15);
        assert_eq!(c.factors[1].value, 1.5);
        assert_eq!(c.factors[3].value, 0.8);
        assert_eq!(c.factors[5].value, 1.0);
        let old = factors(&net, 1.0, 1.0).unwrap();
        assert!((c.product - old.product).abs() <= 1e-15 * old.product.abs());
        // ∂L/∂b2 = (ŷ − y)·w3·ReLU′(z2)·1.
        let b2 = for_param(&net, 1.0, 1.0, 3).unwrap();
        assert_eq!(b2.factors.len(), 4);
        assert_eq!(b2.factors[3].link, Link::Bias(2));
        assert!((b2.product - (yhat - 1.0) * 1.5).abs() < 1e-15);
        // ∂L/∂w3 = (ŷ − y)·o2.
        let w3 = for_param(&net, 1.0, 1.0, 4).unwrap();
        assert_eq!(w3.factors.len(), 2);
        assert!((w3.product - (yhat - 1.0) * 1.4).abs() < 1e-15);
    }

    #[test]
    fn saturated_output_logs_stay_finite_and_cancel() {
        // z3 = 800, y = 0: ∂L/∂o3 = 1/(1 − ŷ) = 1 + e^800 ≈ 10^347.4 and σ′(800) ≈ 10^−347.4;
        // their product is ŷ − y = 1.
        let net = Network::seed([1.0, 0.0, 1.0, 0.0, 800.0, 0.0]).unwrap();
        let c = for_param(&net, 1.0, 0.0, 0).unwrap();
        let expected = 800.0 / core::f64::consts::LN_10;
        assert!((c.log10_abs_dl_do_out - expected).abs() < 1e-9);
        assert!((c.log10_sigmoid_prime_out + expected).abs() < 1e-9);
        assert_eq!(c.factors[0].value, 1.0);
        assert_eq!(c.product, 800.0);
    }

    #[test]
    fn an_intermediate_overflow_does_not_reach_the_product() {
        // w3 = w2 = 1e200 and x = 1e−300 with b = 0: o1 = 1e−300, o2 = 1e−100, z3 = 1e100,
        // y = 0 so ŷ − y = 1. ∂L/∂w1 = 1 · 1e200 · 1 · 1e200 · 1 · 1e−300 = 1e100, though
        // 1e200 · 1e200 overflows on the way.
        let net = Network::seed([1.0, 0.0, 1e200, 0.0, 1e200, 0.0]).unwrap();
        let c = for_param(&net, 1e-300, 0.0, 0).unwrap();
        assert!((c.product / 1e100 - 1.0).abs() < 1e-12, "{}", c.product);
        assert!((c.log10_abs_product - 100.0).abs() < 1e-12);
    }

    #[test]
    fn for_param_refuses_wide_networks_and_bad_indices() {
        let net = Network::new(&[1, 2, 1], Activation::Relu).unwrap();
        assert!(for_param(&net, 1.0, 1.0, 0).is_err());
        let seed = Network::seed([1.0; 6]).unwrap();
        assert!(for_param(&seed, 1.0, 1.0, 6).is_err());
    }

    #[test]
    fn per_sample_chains_average_to_the_backprop_gradient() {
        // Two independent computations: the chain written out here, and backprop in
        // propagation.rs. Healthy start on the first 64 breast-cancer samples, and a depth-5
        // tanh network there.
        let data = crate::Dataset::breast_cancer().head(64);
        let mut deep = Network::new(&[1, 1, 1, 1, 1, 1], Activation::Tanh).unwrap();
        deep.set_params(&[1.3, 0.1, -0.9, 0.2, 1.7, 0.0, 0.6, -0.3, 2.0, 0.4])
            .unwrap();
        for net in [
            Network::seed([0.5, 1.0, 0.8, 0.2, 1.5, -1.0]).unwrap(),
            deep,
        ] {
            let mut grad = Vec::new();
            net.loss_and_gradient(&data, &mut crate::Tape::default(), &mut grad);
            for (i, g) in grad.iter().enumerate() {
                let mean = data
                    .xs()
                    .iter()
                    .zip(data.ys())
                    .map(|(&x, &y)| for_param(&net, x, y, i).unwrap().product)
                    .sum::<f64>()
                    / data.len() as f64;
                assert!(
                    (mean - g).abs() <= 1e-12 * g.abs().max(1e-3),
                    "θ{i}: {mean} vs {g}"
                );
            }
        }
    }
}
