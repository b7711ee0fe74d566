//! The chain-rule panel's numbers: ∂Lᵢ/∂θ for one sample written as its factors, and the batch
//! mean beside it, as a plain JS object for the page to typeset.

use gradscope_core::chain_rule::{for_param, Link};
use gradscope_core::Error;
use js_sys::{Array, Object};
use wasm_bindgen::JsValue;

use crate::catalog::object;
use crate::run::Run;

fn n(v: f64) -> JsValue {
    JsValue::from_f64(v)
}

/// The chain of ∂Lᵢ/∂θ for parameter `index` and sample `sample` of the run, from the output
/// down (see [`gradscope_core::chain_rule::for_param`]):
///
/// ```text
/// { param, sample, x, y, yhat, zOut,
///   factors: [{ kind: "output" | "weight" | "slope" | "input" | "bias", layer, value, log10 }],
///   product, log10Product,          // ∂Lᵢ/∂θ and log₁₀|∂Lᵢ/∂θ| (−∞ for 0)
///   dlDo: { sign, log10 },          // ∂Lᵢ/∂o_L = ∓1/ŷ… as sign and log₁₀ of its magnitude
///   sigmaPrime: { log10 },          // log₁₀ σ′(z_L)
///   batch,                          // ∂L/∂θ, the mean over the data (the trainer's gradient)
///   zeroBySlope, zeroByOutput,      // samples adding exactly 0: an off unit on the path, or
///                                   // ŷ − y rounding to 0; out of `samples`
///   dominant,                       // index of the factor that decides the size (a zero, else
///                                   // the one farthest from 1 on a log scale)
///   saturated }                     // "right" / "wrong" when σ′(z_L) < 10⁻⁶, else undefined
/// ```
/// Errors: [`Error::BadShape`] for a network with more than one unit in a layer, or an index
/// or a sample out of range.
pub fn describe(run: &Run, sample: usize, index: usize) -> Result<Object, Error> {
    let net = run.network();
    let data = run.trainer().data();
    let (Some(&x), Some(&y)) = (data.xs().get(sample), data.ys().get(sample)) else {
        return Err(Error::BadShape(format!("there is no sample {sample}")));
    };
    let chain = for_param(net, x, y, index)?;
    let factors: Array = chain
        .factors
        .iter()
        .map(|f| {
            let (kind, layer) = match f.link {
                Link::OutputError => ("output", net.depth()),
                Link::Weight(l) => ("weight", l),
                Link::Slope(l) => ("slope", l),
                Link::Input(l) => ("input", l),
                Link::Bias(l) => ("bias", l),
            };
            JsValue::from(object(&[
                ("kind", JsValue::from_str(kind)),
                ("layer", n(layer as f64)),
                ("value", n(f.value)),
                ("log10", n(f.value.abs().log10())),
            ]))
        })
        .collect();
    // Samples that add exactly 0: through a slope that is 0 (an off unit), or because
    // ŷ − y itself rounds to 0 (a right prediction beyond |z_L| ≈ 745).
    let (mut by_slope, mut by_output) = (0usize, 0usize);
    for (&xi, &yi) in data.xs().iter().zip(data.ys()) {
        let c = for_param(net, xi, yi, index)?;
        if c.product != 0.0 {
            continue;
        }
        if c.factors[0].value == 0.0 {
            by_output += 1;
        } else {
            by_slope += 1;
        }
    }
    // The factor that decides the product's size: a zero if there is one, else the one
    // farthest from 1 on a log scale.
    let dominant = chain
        .factors
        .iter()
        .position(|f| f.value == 0.0)
        .unwrap_or_else(|| {
            (0..chain.factors.len())
                .max_by(|&a, &b| {
                    let m = |i: usize| chain.factors[i].value.abs().log10().abs();
                    m(a).total_cmp(&m(b))
                })
                .unwrap_or(0)
        });
    // Saturated: σ′(z_L) below 10⁻⁶ (|z_L| > ~14). Right or wrong by which side of ½ ŷ is on.
    let logs_finite =
        chain.log10_sigmoid_prime_out.is_finite() && chain.log10_abs_dl_do_out.is_finite();
    let saturated = if logs_finite && chain.log10_sigmoid_prime_out < -6.0 {
        JsValue::from_str(if (chain.yhat > 0.5) == (y == 1.0) {
            "right"
        } else {
            "wrong"
        })
    } else {
        JsValue::UNDEFINED
    };
    let dl_do_sign = if y == 1.0 { -1.0 } else { 1.0 };
    Ok(object(&[
        ("param", JsValue::from_str(&net.param_name(index))),
        ("sample", n(sample as f64)),
        ("x", n(x)),
        ("y", n(y)),
        ("yhat", n(chain.yhat)),
        ("zOut", n(chain.z_out)),
        ("factors", factors.into()),
        ("product", n(chain.product)),
        ("log10Product", n(chain.log10_abs_product)),
        (
            "dlDo",
            object(&[
                ("sign", n(dl_do_sign)),
                ("log10", n(chain.log10_abs_dl_do_out)),
            ])
            .into(),
        ),
        (
            "sigmaPrime",
            object(&[("log10", n(chain.log10_sigmoid_prime_out))]).into(),
        ),
        ("batch", n(run.trainer().grad()[index])),
        ("zeroBySlope", n(by_slope as f64)),
        ("zeroByOutput", n(by_output as f64)),
        ("dominant", n(dominant as f64)),
        ("saturated", saturated),
        ("samples", n(data.len() as f64)),
    ]))
}
