//! Hidden-unit activation functions, each value next to its derivative.

use crate::float;

/// Activation of the hidden units. The output unit is always the logistic sigmoid, folded into
/// the loss (see [`crate::loss`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    /// ReLU(z) = max(z, 0); ReLU′(z) = 1 for z > 0, else 0 (so ReLU′(0) = 0, the convention of
    /// most frameworks and of the reference cases). A NaN stays NaN in both, so that a
    /// non-finite pre-activation reaches divergence detection instead of becoming 0.
    Relu,
    /// σ(z) = 1 / (1 + e⁻ᶻ); σ′ = σ(1 − σ) ∈ (0, 0.25], largest at z = 0.
    Sigmoid,
    /// tanh(z); tanh′ = 1 − tanh² ∈ (0, 1].
    Tanh,
}

impl Activation {
    /// Every activation, in the order the explorer lists them.
    pub const ALL: [Activation; 3] = [Activation::Relu, Activation::Sigmoid, Activation::Tanh];

    /// The stable identifier (for URLs, attributes and configuration files): "relu", "sigmoid"
    /// or "tanh", as in the `hidden_activation` of the reference cases and the command-line
    /// configuration.
    pub fn id(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
        }
    }

    /// The activation whose [`Activation::id`] is `id` (exactly), if any.
    pub fn from_id(id: &str) -> Option<Activation> {
        Activation::ALL.into_iter().find(|a| a.id() == id)
    }

    /// The name a reader sees: "ReLU", "sigmoid" or "tanh".
    pub fn label(self) -> &'static str {
        match self {
            Activation::Relu => "ReLU",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
        }
    }

    /// a = act(z) for a pre-activation z.
    #[inline]
    pub fn apply(self, z: f64) -> f64 {
        match self {
            Activation::Relu => {
                if z <= 0.0 {
                    0.0
                } else {
                    z
                }
            }
            Activation::Sigmoid => float::sigmoid(z),
            Activation::Tanh => float::tanh(z),
        }
    }

    /// [`Activation::apply`] on four lanes: ReLU exactly; sigmoid and tanh through `wide`'s
    /// `exp` and `tanh`, within 2 (sigmoid) and 7 (tanh, near |z| = 5·10⁻⁸) units in the last
    /// place of the scalar forms (measured over 2·10⁶ values from 10⁻⁶ to 25 in magnitude).
    #[inline]
    pub(crate) fn apply_lanes(self, z: wide::f64x4) -> wide::f64x4 {
        use wide::f64x4;
        match self {
            Activation::Relu => z.simd_le(f64x4::ZERO).select(f64x4::ZERO, z),
            Activation::Sigmoid => {
                let e = (-z.abs()).exp();
                let nonneg = z.simd_ge(f64x4::ZERO);
                let one = f64x4::ONE;
                nonneg.select(one / (one + e), e / (one + e))
            }
            Activation::Tanh => z.tanh(),
        }
    }

    /// ∂a/∂z, given the pre-activation `z` and the activation `a = apply(z)` (sigmoid and tanh
    /// use `a`, which avoids a second transcendental call).
    #[inline]
    pub fn derivative(self, z: f64, a: f64) -> f64 {
        match self {
            Activation::Relu => {
                if z > 0.0 {
                    1.0
                } else if z <= 0.0 {
                    0.0
                } else {
                    f64::NAN
                }
            }
            Activation::Sigmoid => a * (1.0 - a),
            Activation::Tanh => 1.0 - a * a,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_all_lists_each_once() {
        // Exhaustive: a new variant fails to compile here until it is placed in `ALL`.
        let position = |a: Activation| match a {
            Activation::Relu => 0,
            Activation::Sigmoid => 1,
            Activation::Tanh => 2,
        };
        for (i, a) in Activation::ALL.into_iter().enumerate() {
            assert_eq!(position(a), i);
            assert_eq!(Activation::from_id(a.id()), Some(a));
        }
        assert_eq!(
            Activation::ALL.map(Activation::id),
            ["relu", "sigmoid", "tanh"]
        );
        assert_eq!(
            Activation::ALL.map(Activation::label),
            ["ReLU", "sigmoid", "tanh"]
        );
        assert_eq!(Activation::from_id("ReLU"), None);
        assert_eq!(Activation::from_id(""), None);
    }

    #[test]
    fn relu_derivative_at_zero_is_zero() {
        assert_eq!(Activation::Relu.derivative(0.0, 0.0), 0.0);
        assert_eq!(Activation::Relu.derivative(-0.0, 0.0), 0.0);
        assert_eq!(Activation::Relu.derivative(1e-300, 1e-300), 1.0);
    }

    #[test]
    fn relu_propagates_nan() {
        assert!(Activation::Relu.apply(f64::NAN).is_nan());
        assert!(Activation::Relu.derivative(f64::NAN, f64::NAN).is_nan());
    }

    #[test]
    fn sigmoid_derivative_peaks_at_quarter() {
        let a = Activation::Sigmoid.apply(0.0);
        assert_eq!(a, 0.5);
        assert_eq!(Activation::Sigmoid.derivative(0.0, a), 0.25);
    }

    #[test]
    fn sigmoid_is_finite_at_extremes() {
        assert_eq!(Activation::Sigmoid.apply(-1000.0), 0.0);
        assert_eq!(Activation::Sigmoid.apply(1000.0), 1.0);
    }

    #[test]
    fn tanh_derivative_matches_hand_value() {
        // tanh(0.5) = 0.46211715726000974; 1 - t² = 0.7864477329659274.
        let a = Activation::Tanh.apply(0.5);
        assert!((Activation::Tanh.derivative(0.5, a) - 0.786_447_732_965_927_4).abs() < 1e-15);
    }
}
