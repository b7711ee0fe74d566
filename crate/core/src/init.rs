//! Weight initialization: [`initialize`] draws every weight of a network from a
//! [`Scheme`] (whose documentation gives each scheme's variance and source), with an explicit
//! seeded RNG ([`rng_from_seed`]).
//!
//! Biases start at 0. The RNG is ChaCha8 seeded from a `u64` (`rand_chacha`), whose stream is
//! specified and portable, so a seed gives the same weights bit for bit on every platform.

use rand::distr::{Distribution, Uniform};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::Normal;

use alloc::string::ToString;

use crate::{Error, Network, Result, Scheme};

/// Largest |scale| an initializer accepts (a weight of 1e6 already saturates every unit).
pub const MAX_SCALE: f64 = 1e6;

/// The distribution of one layer's weights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LayerDistribution {
    /// U(−limit, limit).
    Uniform {
        /// Half-width a ≥ 0.
        limit: f64,
    },
    /// N(0, std²).
    Normal {
        /// Standard deviation σ ≥ 0.
        std: f64,
    },
    /// Every weight equal.
    Constant {
        /// The value.
        value: f64,
    },
}

impl LayerDistribution {
    /// Fills `out` with independent draws. Errors only for a negative or non-finite width.
    pub fn fill(self, rng: &mut ChaCha8Rng, out: &mut [f64]) -> Result<()> {
        let bad = |v: f64| Error::OutOfRange {
            what: "the initializer's width must be finite and not negative".to_string(),
            value: v,
        };
        match self {
            LayerDistribution::Uniform { limit } => {
                let dist = Uniform::new_inclusive(-limit, limit).map_err(|_| bad(limit))?;
                out.iter_mut().for_each(|w| *w = dist.sample(rng));
            }
            LayerDistribution::Normal { std } => {
                let dist = Normal::new(0.0, std).map_err(|_| bad(std))?;
                out.iter_mut().for_each(|w| *w = dist.sample(rng));
            }
            LayerDistribution::Constant { value } => out.iter_mut().for_each(|w| *w = value),
        }
        Ok(())
    }
}

/// The RNG every initializer draws from: ChaCha8 seeded with `seed`.
pub fn rng_from_seed(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// Draws every weight of `net` from `scheme` (layer by layer, W1 first, row-major) and sets every
/// bias to 0. Errors: the scheme's [`Scheme::validate`]; the network is then unchanged.
pub fn initialize(net: &mut Network, scheme: Scheme, rng: &mut ChaCha8Rng) -> Result<()> {
    scheme.validate()?;
    let mut params = alloc::vec![0.0; net.param_count()];
    for l in 1..=net.depth() {
        let (w, _b) = net.layer_ranges(l);
        let fan_in = net.widths()[l - 1];
        let fan_out = net.widths()[l];
        scheme
            .layer_distribution(fan_in, fan_out)
            .fill(rng, &mut params[w])?;
    }
    net.set_params(&params)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Activation;

    #[test]
    fn same_seed_same_weights_other_seed_other_weights() {
        let mut a = Network::new(&[1, 8, 8, 1], Activation::Relu).unwrap();
        let mut b = a.clone();
        let mut c = a.clone();
        initialize(
            &mut a,
            Scheme::HeNormal { gain: 1.0 },
            &mut rng_from_seed(7),
        )
        .unwrap();
        initialize(
            &mut b,
            Scheme::HeNormal { gain: 1.0 },
            &mut rng_from_seed(7),
        )
        .unwrap();
        initialize(
            &mut c,
            Scheme::HeNormal { gain: 1.0 },
            &mut rng_from_seed(8),
        )
        .unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn limits_follow_the_papers() {
        // Xavier uniform, fan_in 1, fan_out 16: √(6/17) = 0.5940885257860046 (case 34).
        let d = Scheme::XavierUniform { gain: 1.0 }.layer_distribution(1, 16);
        assert_eq!(
            d,
            LayerDistribution::Uniform {
                limit: 0.5940885257860046
            }
        );
        let d = Scheme::HeNormal { gain: 1.0 }.layer_distribution(1, 1);
        assert_eq!(
            d,
            LayerDistribution::Normal {
                std: core::f64::consts::SQRT_2
            }
        );
        let d = Scheme::LecunUniform { gain: 2.0 }.layer_distribution(3, 1);
        assert_eq!(d, LayerDistribution::Uniform { limit: 2.0 });
    }

    #[test]
    fn bad_scales_are_rejected_and_leave_the_network_alone() {
        let mut net = Network::seed([1.0; 6]).unwrap();
        for s in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e7] {
            let r = initialize(
                &mut net,
                Scheme::Uniform { limit: s },
                &mut rng_from_seed(1),
            );
            assert!(r.is_err(), "scale {s}");
        }
        assert_eq!(net.params(), &[1.0; 6]);
    }

    #[test]
    fn biases_start_at_zero_and_uniform_respects_its_bound() {
        let mut net = Network::new(&[1, 16, 16, 1], Activation::Relu).unwrap();
        initialize(
            &mut net,
            Scheme::Uniform { limit: 3.0 },
            &mut rng_from_seed(3),
        )
        .unwrap();
        for l in 1..=3 {
            let (w, b) = net.layer_ranges(l);
            assert!(net.params()[b].iter().all(|&v| v == 0.0));
            assert!(net.params()[w].iter().all(|&v| v.abs() <= 3.0));
        }
    }
}
