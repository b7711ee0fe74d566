//! The initialization schemes as JavaScript sees them.

use gradscope_core::init::Scheme;
use wasm_bindgen::prelude::*;

/// Initialization schemes, as in [`gradscope_core::init`] (the scale is the uniform limit for
/// `Uniform`, the value for `Constant`, and a gain on the standard deviation otherwise).
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitScheme {
    /// U(−a, a) whatever the fan-in.
    Uniform,
    /// Every weight equal to the scale.
    Constant,
    /// Xavier/Glorot uniform (Glorot & Bengio 2010).
    XavierUniform,
    /// Xavier/Glorot normal.
    XavierNormal,
    /// He uniform (He et al. 2015).
    HeUniform,
    /// He normal.
    HeNormal,
    /// LeCun uniform (LeCun et al. 1998).
    LecunUniform,
    /// LeCun normal.
    LecunNormal,
}

impl InitScheme {
    /// The core scheme with this `scale` (limit, value or gain).
    pub(crate) fn with_scale(self, s: f64) -> Scheme {
        match self {
            InitScheme::Uniform => Scheme::Uniform { limit: s },
            InitScheme::Constant => Scheme::Constant { value: s },
            InitScheme::XavierUniform => Scheme::XavierUniform { gain: s },
            InitScheme::XavierNormal => Scheme::XavierNormal { gain: s },
            InitScheme::HeUniform => Scheme::HeUniform { gain: s },
            InitScheme::HeNormal => Scheme::HeNormal { gain: s },
            InitScheme::LecunUniform => Scheme::LecunUniform { gain: s },
            InitScheme::LecunNormal => Scheme::LecunNormal { gain: s },
        }
    }

    /// The JS-side name of a core scheme.
    pub(crate) fn of(s: Scheme) -> Self {
        match s {
            Scheme::Uniform { .. } => InitScheme::Uniform,
            Scheme::Constant { .. } => InitScheme::Constant,
            Scheme::XavierUniform { .. } => InitScheme::XavierUniform,
            Scheme::XavierNormal { .. } => InitScheme::XavierNormal,
            Scheme::HeUniform { .. } => InitScheme::HeUniform,
            Scheme::HeNormal { .. } => InitScheme::HeNormal,
            Scheme::LecunUniform { .. } => InitScheme::LecunUniform,
            Scheme::LecunNormal { .. } => InitScheme::LecunNormal,
        }
    }
}
