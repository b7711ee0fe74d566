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
}
