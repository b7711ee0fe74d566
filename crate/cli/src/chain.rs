//! The chain rule of every parameter of a one-unit-per-layer network, sample by sample, as the
//! human formats print it.
//!
//! For sample i and parameter θ of layer l the chain runs from the output down through
//! ∂Lᵢ/∂z_L = ŷᵢ − yᵢ ([`gradscope_core::chain_rule::for_param`]), never through
//! ∂Lᵢ/∂o_L = −1/ŷ and σ′(z_L) separately (those overflow and underflow in pairs):
//!
//! `∂Lᵢ/∂θ = (ŷᵢ − yᵢ) · w_L · act′(z_(L−1)) · w_(L−1) · … · act′(z_l) · (o_(l−1) for w_l, 1 for b_l)`
//!
//! and the batch gradient is the mean `∂L/∂θ = (1/n) Σᵢ ∂Lᵢ/∂θ` (mean-reduced BCE).
//!
//! # The chain check
//!
//! Every printed number is rounded to N significant digits (`--digits`), so a printed nonzero
//! p whose first digit has decimal exponent e stands for a value within u(p) = ½ · 10^(e−N+1)
//! of it, and a printed 0 for exactly 0 (zeros are never rounded to). "The printed factors
//! multiply to the printed result" means, for factors p₁ … p_k and result P:
//!
//! * if some pⱼ is 0, P is 0; otherwise
//! * the interval product ∏ [pⱼ − u(pⱼ), pⱼ + u(pⱼ)] meets [P − u(P), P + u(P)],
//!
//! i.e. some numbers that round to the printed factors multiply to a number that rounds to the
//! printed result. It is what rounding allows and no more: each factor's rounding moves the
//! product by up to half a unit of its own last digit (relatively), so ∏ pⱼ taken literally can
//! differ from P in the last digit or two for k factors, and no choice of digits avoids that.
//! The tool meets the check by construction: P is the exact product of the factors' float64
//! values, rounded once ([`crate::decimal`]); `crate/cli/tests/` verifies it from the printed
//! text alone on every reference case, parameter and sample at several `--digits`.

use gradscope_core::chain_rule::{for_param, Link};
use gradscope_core::{Activation, Dataset, Network};

use crate::decimal::{Decimal, Digits};
use crate::wide::Wide;

/// Samples whose chains are written when `--samples` is not given: the first four.
pub const DEFAULT_SHOWN: usize = 4;

/// One sample whose chain is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Its 0-based index in the data (as the explorer's `sample=` counts).
    pub index: usize,
    /// The input x.
    pub x: Decimal,
    /// The label y, 0 or 1.
    pub y: u8,
}

/// The chain of one parameter for one written sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The factors, output first, in the order of [`Chain::links`].
    pub factors: Vec<Decimal>,
    /// ∂Lᵢ/∂θ: the exact product of the factors' values, rounded once.
    pub result: Decimal,
    /// The output logit z_L, when ŷ − y underflowed float64 (|z_L| > 745 with a right
    /// prediction) and is printed from its logarithm, log|ŷ − y| = log|∂L/∂o_L| + log σ′(z_L),
    /// accurate to about 12 digits; the backprop gradient counts this sample as 0.
    pub rebuilt_at: Option<Decimal>,
}

/// The sum over the samples whose chains are not written.
#[derive(Debug, Clone, PartialEq)]
pub struct Rest {
    /// How many samples.
    pub count: usize,
    /// Σ ∂Lᵢ/∂θ over them.
    pub sum: Decimal,
}

/// The chain rule of one parameter: the symbolic factors, the written samples, the mean.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    /// The parameter's flat index (w_l at 2(l−1), b_l at 2(l−1)+1).
    pub param: usize,
    /// Its name, `w1`, `b1`, ….
    pub name: String,
    /// What each factor is, output first.
    pub links: Vec<Link>,
    /// One row per written sample, in the order of [`StepChains::samples`].
    pub rows: Vec<Row>,
    /// The samples not written, if any.
    pub rest: Option<Rest>,
    /// (1/n) Σᵢ ∂Lᵢ/∂θ over every sample, from the chains (extended range: no underflow).
    pub mean: Decimal,
    /// The gradient by backpropagation, as the parameter table prints it.
    pub backprop: Decimal,
}

/// The chain rule at one step, for every parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct StepChains {
    /// L, the number of weight layers.
    pub depth: usize,
    /// The hidden activation (its derivative is the act′ factor).
    pub activation: Activation,
    /// n, the number of samples.
    pub samples_total: usize,
    /// The written samples.
    pub samples: Vec<Sample>,
    /// One chain per parameter, in flat order.
    pub chains: Vec<Chain>,
}

/// The factor values of one chain as [`Wide`] numbers, and z_L when ŷ − y was rebuilt from
/// its logarithm.
fn factor_values(net: &Network, x: f64, y: f64, param: usize) -> Option<(Vec<Wide>, Option<f64>)> {
    let c = for_param(net, x, y, param).ok()?;
    let log10 = c.log10_abs_dl_do_out + c.log10_sigmoid_prime_out;
    let mut rebuilt = None;
    let values = c
        .factors
        .iter()
        .map(|f| {
            if f.link == Link::OutputError && f.value == 0.0 && log10.is_finite() {
                rebuilt = Some(c.z_out);
                Wide::from_log10(y == 1.0, log10)
            } else {
                Wide::from_f64(f.value)
            }
        })
        .collect();
    Some((values, rebuilt))
}

/// The chains of every parameter at the network's current state, writing the samples `shown`
/// (0-based indices, each < n; duplicates are written once). `grad` is the backprop gradient.
/// None unless the network has one unit per layer.
pub fn for_step(
    net: &Network,
    data: &Dataset,
    grad: &[f64],
    shown: &[usize],
    digits: Digits,
) -> Option<StepChains> {
    if !net.is_width_one() {
        return None;
    }
    let (xs, ys) = (data.xs(), data.ys());
    let (&x0, &y0) = (xs.first()?, ys.first()?);
    let mut order: Vec<usize> = Vec::new();
    for &i in shown {
        if i < xs.len() && !order.contains(&i) {
            order.push(i);
        }
    }
    let n = xs.len();
    let mut chains = Vec::with_capacity(net.param_count());
    for param in 0..net.param_count() {
        let links = for_param(net, x0, y0, param)
            .ok()?
            .factors
            .iter()
            .map(|f| f.link)
            .collect();
        let mut rows = vec![None; order.len()];
        let mut total = Wide::ZERO;
        let mut rest = Wide::ZERO;
        for (i, (&x, &y)) in xs.iter().zip(ys).enumerate() {
            let (values, rebuilt) = factor_values(net, x, y, param)?;
            let product = values.iter().fold(Wide::from_f64(1.0), |p, &v| p * v);
            total = total + product;
            match order.iter().position(|&s| s == i) {
                Some(k) => {
                    rows[k] = Some(Row {
                        factors: values
                            .iter()
                            .map(|&v| Decimal::of_wide(v, digits))
                            .collect(),
                        result: Decimal::product(&values, digits),
                        rebuilt_at: rebuilt.map(|z| Decimal::of(z, digits)),
                    })
                }
                None => rest = rest + product,
            }
        }
        let rest = (order.len() < n).then(|| Rest {
            count: n - order.len(),
            sum: Decimal::of_wide(rest, digits),
        });
        chains.push(Chain {
            param,
            name: net.param_name(param),
            links,
            rows: rows.into_iter().flatten().collect(),
            rest,
            mean: Decimal::of_wide(total / n, digits),
            backprop: Decimal::of(grad.get(param).copied().unwrap_or(f64::NAN), digits),
        });
    }
    Some(StepChains {
        depth: net.depth(),
        activation: net.hidden_activation(),
        samples_total: n,
        samples: order
            .iter()
            .map(|&i| Sample {
                index: i,
                x: Decimal::of(xs[i], digits),
                y: u8::from(ys[i] == 1.0),
            })
            .collect(),
        chains,
    })
}

/// The samples written by default: the first [`DEFAULT_SHOWN`] (all when there are fewer).
pub fn default_samples(n: usize) -> Vec<usize> {
    (0..n.min(DEFAULT_SHOWN)).collect()
}

/// Checks `--samples` against the data: every index must be below n. Errors name the index
/// and the sample count.
pub fn check_samples(samples: &[usize], n: usize) -> Result<(), String> {
    match samples.iter().find(|&&i| i >= n) {
        Some(i) => Err(format!(
            "--samples: there is no sample {i}: the data has {n} sample{} (0 to {})",
            if n == 1 { "" } else { "s" },
            n.saturating_sub(1)
        )),
        None => Ok(()),
    }
}
