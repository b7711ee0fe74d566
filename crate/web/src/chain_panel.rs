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
///   zeroSamples, samples }          // how many samples contribute exactly 0, out of N
/// ```
/// Errors: [`Error::BadShape`] for a network with more than one unit in a layer or an index
/// out of range.
pub fn describe(run: &Run, sample: usize, index: usize) -> Result<Object, Error> {
    let net = run.network();
    let data = run.trainer().data();
    let (x, y) = (data.xs()[sample], data.ys()[sample]);
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
    let mut zero = 0usize;
    for (&xi, &yi) in data.xs().iter().zip(data.ys()) {
        if for_param(net, xi, yi, index)?.product == 0.0 {
            zero += 1;
        }
    }
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
        ("zeroSamples", n(zero as f64)),
        ("samples", n(data.len() as f64)),
    ]))
}
