//! How to draw a network's weights: the initialization schemes ([`Scheme`]), and their kinds as
//! one list ([`SchemeKind`]). [`crate::init::initialize`] draws them.

use alloc::string::ToString;

use crate::init::{LayerDistribution, MAX_SCALE};
use crate::{float, Error, Result};

/// How to draw the weights of every layer; [`crate::init::initialize`] draws them.
///
/// For a weight layer with `fan_in` inputs and `fan_out` outputs:
///
/// | scheme | variance | uniform limit a (Var of U(−a, a) = a²/3) | source |
/// |---|---|---|---|
/// | Xavier/Glorot | 2 / (fan_in + fan_out) | √(6 / (fan_in + fan_out)) | Glorot & Bengio 2010, eq. 12 and 16 |
/// | He | 2 / fan_in | √(6 / fan_in) | He, Zhang, Ren & Sun 2015, eq. 10 |
/// | LeCun | 1 / fan_in | √(3 / fan_in) | LeCun, Bottou, Orr & Müller 1998, §4.6 |
///
/// Normal variants draw N(0, gain²·Var) (not truncated); uniform variants U(−gain·a, gain·a).
/// Biases start at 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scheme {
    /// U(−limit, limit) for every weight, whatever the layer's fan-in: the "large uniform init"
    /// that makes gradients explode when `limit` is large.
    Uniform {
        /// a > 0.
        limit: f64,
    },
    /// Every weight equal to `value` (biases 0).
    Constant {
        /// Any finite value.
        value: f64,
    },
    /// Xavier/Glorot uniform, U(−a, a) with a = gain·√(6/(fan_in + fan_out)).
    XavierUniform {
        /// Multiplier on the standard deviation (1 = the paper's).
        gain: f64,
    },
    /// Xavier/Glorot normal, N(0, gain²·2/(fan_in + fan_out)).
    XavierNormal {
        /// Multiplier on the standard deviation.
        gain: f64,
    },
    /// He uniform, U(−a, a) with a = gain·√(6/fan_in).
    HeUniform {
        /// Multiplier on the standard deviation.
        gain: f64,
    },
    /// He normal, N(0, gain²·2/fan_in).
    HeNormal {
        /// Multiplier on the standard deviation.
        gain: f64,
    },
    /// LeCun uniform, U(−a, a) with a = gain·√(3/fan_in).
    LecunUniform {
        /// Multiplier on the standard deviation.
        gain: f64,
    },
    /// LeCun normal, N(0, gain²/fan_in).
    LecunNormal {
        /// Multiplier on the standard deviation.
        gain: f64,
    },
}

/// Which scheme, without its scale: the one list of schemes the explorer and its controls
/// are built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    /// [`Scheme::Uniform`].
    Uniform,
    /// [`Scheme::Constant`].
    Constant,
    /// [`Scheme::XavierUniform`].
    XavierUniform,
    /// [`Scheme::XavierNormal`].
    XavierNormal,
    /// [`Scheme::HeUniform`].
    HeUniform,
    /// [`Scheme::HeNormal`].
    HeNormal,
    /// [`Scheme::LecunUniform`].
    LecunUniform,
    /// [`Scheme::LecunNormal`].
    LecunNormal,
}

impl SchemeKind {
    /// Every kind, in the order the explorer lists them.
    pub const ALL: [SchemeKind; 8] = [
        SchemeKind::Uniform,
        SchemeKind::Constant,
        SchemeKind::XavierUniform,
        SchemeKind::XavierNormal,
        SchemeKind::HeUniform,
        SchemeKind::HeNormal,
        SchemeKind::LecunUniform,
        SchemeKind::LecunNormal,
    ];

    /// The stable identifier (for URLs, attributes and configuration files): "uniform", "constant", "xavier-uniform",
    /// "xavier-normal", "he-uniform", "he-normal", "lecun-uniform" or "lecun-normal".
    pub fn id(self) -> &'static str {
        match self {
            SchemeKind::Uniform => "uniform",
            SchemeKind::Constant => "constant",
            SchemeKind::XavierUniform => "xavier-uniform",
            SchemeKind::XavierNormal => "xavier-normal",
            SchemeKind::HeUniform => "he-uniform",
            SchemeKind::HeNormal => "he-normal",
            SchemeKind::LecunUniform => "lecun-uniform",
            SchemeKind::LecunNormal => "lecun-normal",
        }
    }

    /// The kind whose [`SchemeKind::id`] is `id` (exactly), if any.
    pub fn from_id(id: &str) -> Option<SchemeKind> {
        SchemeKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The name a reader sees, e.g. "Uniform U(−a, a)" or "Xavier/Glorot normal".
    pub fn label(self) -> &'static str {
        match self {
            SchemeKind::Uniform => "Uniform U(−a, a)",
            SchemeKind::Constant => "Constant",
            SchemeKind::XavierUniform => "Xavier/Glorot uniform",
            SchemeKind::XavierNormal => "Xavier/Glorot normal",
            SchemeKind::HeUniform => "He uniform",
            SchemeKind::HeNormal => "He normal",
            SchemeKind::LecunUniform => "LeCun uniform",
            SchemeKind::LecunNormal => "LeCun normal",
        }
    }

    /// What [`Scheme::scale`] is for this kind: "the limit a" (uniform), "the value"
    /// (constant) or "a gain on the standard deviation" (Xavier, He, LeCun).
    pub fn scale_meaning(self) -> &'static str {
        match self {
            SchemeKind::Uniform => "the limit a",
            SchemeKind::Constant => "the value",
            SchemeKind::XavierUniform
            | SchemeKind::XavierNormal
            | SchemeKind::HeUniform
            | SchemeKind::HeNormal
            | SchemeKind::LecunUniform
            | SchemeKind::LecunNormal => "a gain on the standard deviation",
        }
    }

    /// The scheme of this kind whose [`Scheme::scale`] is `scale` (not validated: see
    /// [`Scheme::validate`]).
    pub fn with_scale(self, scale: f64) -> Scheme {
        match self {
            SchemeKind::Uniform => Scheme::Uniform { limit: scale },
            SchemeKind::Constant => Scheme::Constant { value: scale },
            SchemeKind::XavierUniform => Scheme::XavierUniform { gain: scale },
            SchemeKind::XavierNormal => Scheme::XavierNormal { gain: scale },
            SchemeKind::HeUniform => Scheme::HeUniform { gain: scale },
            SchemeKind::HeNormal => Scheme::HeNormal { gain: scale },
            SchemeKind::LecunUniform => Scheme::LecunUniform { gain: scale },
            SchemeKind::LecunNormal => Scheme::LecunNormal { gain: scale },
        }
    }
}

impl Scheme {
    /// Which scheme this is, without its scale.
    pub fn kind(self) -> SchemeKind {
        match self {
            Scheme::Uniform { .. } => SchemeKind::Uniform,
            Scheme::Constant { .. } => SchemeKind::Constant,
            Scheme::XavierUniform { .. } => SchemeKind::XavierUniform,
            Scheme::XavierNormal { .. } => SchemeKind::XavierNormal,
            Scheme::HeUniform { .. } => SchemeKind::HeUniform,
            Scheme::HeNormal { .. } => SchemeKind::HeNormal,
            Scheme::LecunUniform { .. } => SchemeKind::LecunUniform,
            Scheme::LecunNormal { .. } => SchemeKind::LecunNormal,
        }
    }

    /// The scale parameter: `limit`, `value` or `gain`.
    pub fn scale(self) -> f64 {
        match self {
            Scheme::Uniform { limit } => limit,
            Scheme::Constant { value } => value,
            Scheme::XavierUniform { gain }
            | Scheme::XavierNormal { gain }
            | Scheme::HeUniform { gain }
            | Scheme::HeNormal { gain }
            | Scheme::LecunUniform { gain }
            | Scheme::LecunNormal { gain } => gain,
        }
    }

    /// Checks the scale: finite, and for everything but `Constant` in (0, [`MAX_SCALE`]].
    pub fn validate(self) -> Result<()> {
        let s = self.scale();
        if !s.is_finite() {
            return Err(Error::NonFinite {
                what: "the initialization scale".to_string(),
                value: s,
            });
        }
        let (ok, rule) = match self {
            Scheme::Constant { .. } => (s.abs() <= MAX_SCALE, "between −1e6 and 1e6"),
            _ => (s > 0.0 && s <= MAX_SCALE, "above 0 and at most 1e6"),
        };
        if ok {
            Ok(())
        } else {
            Err(Error::OutOfRange {
                what: alloc::format!("the initialization scale must be {rule}"),
                value: s,
            })
        }
    }

    /// The distribution this scheme gives a layer with `fan_in` inputs and `fan_out` outputs.
    pub fn layer_distribution(self, fan_in: usize, fan_out: usize) -> LayerDistribution {
        let fan_in = fan_in as f64;
        let fan_sum = fan_in + fan_out as f64;
        match self {
            Scheme::Uniform { limit } => LayerDistribution::Uniform { limit },
            Scheme::Constant { value } => LayerDistribution::Constant { value },
            Scheme::XavierUniform { gain } => LayerDistribution::Uniform {
                limit: gain * float::sqrt(6.0 / fan_sum),
            },
            Scheme::XavierNormal { gain } => LayerDistribution::Normal {
                std: gain * float::sqrt(2.0 / fan_sum),
            },
            Scheme::HeUniform { gain } => LayerDistribution::Uniform {
                limit: gain * float::sqrt(6.0 / fan_in),
            },
            Scheme::HeNormal { gain } => LayerDistribution::Normal {
                std: gain * float::sqrt(2.0 / fan_in),
            },
            Scheme::LecunUniform { gain } => LayerDistribution::Uniform {
                limit: gain * float::sqrt(3.0 / fan_in),
            },
            Scheme::LecunNormal { gain } => LayerDistribution::Normal {
                std: gain * float::sqrt(1.0 / fan_in),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_all_lists_each_kind_once() {
        // Exhaustive: a new kind fails to compile here until it is placed in `ALL`.
        let position = |k: SchemeKind| match k {
            SchemeKind::Uniform => 0,
            SchemeKind::Constant => 1,
            SchemeKind::XavierUniform => 2,
            SchemeKind::XavierNormal => 3,
            SchemeKind::HeUniform => 4,
            SchemeKind::HeNormal => 5,
            SchemeKind::LecunUniform => 6,
            SchemeKind::LecunNormal => 7,
        };
        for (i, k) in SchemeKind::ALL.into_iter().enumerate() {
            assert_eq!(position(k), i);
            assert_eq!(SchemeKind::from_id(k.id()), Some(k));
            assert!(!k.label().is_empty() && !k.scale_meaning().is_empty());
        }
        assert_eq!(
            SchemeKind::ALL.map(SchemeKind::id),
            [
                "uniform",
                "constant",
                "xavier-uniform",
                "xavier-normal",
                "he-uniform",
                "he-normal",
                "lecun-uniform",
                "lecun-normal"
            ]
        );
        assert_eq!(SchemeKind::from_id("he_normal"), None);
        assert_eq!(SchemeKind::from_id(""), None);
    }

    #[test]
    fn with_scale_keeps_the_scale_and_the_kind() {
        for k in SchemeKind::ALL {
            for x in [0.5, 1.0, -3.0, 1e6] {
                let s = k.with_scale(x);
                assert_eq!(s.scale().to_bits(), x.to_bits(), "{k:?}");
                assert_eq!(s.kind(), k);
                assert_eq!(s.kind().with_scale(s.scale()), s);
            }
        }
    }
}
