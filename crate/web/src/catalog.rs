//! How the handle describes itself to the page: plain JS objects built from the one home of
//! each list (presets here, schemes and activations in the core), so nothing in `www/`
//! repeats a Rust list or constant.

use gradscope_core::{Activation, Builtin, Network, SchemeKind, LEARNING_RATE_RANGE, MAX_DEPTH};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::figure::Chart;
use crate::presets::Preset;
use crate::views::{OVERSHOOT_ITERATES, PATH_LEN};

/// The deepest and widest networks the page offers (the core allows [`MAX_DEPTH`] weight
/// layers of [`gradscope_core::MAX_WIDTH`] units): a 50 × 32 network already has about 50 000 parameters,
/// which is what one frame can train and draw.
pub const PAGE_MAX_HIDDEN_LAYERS: usize = 50;
/// See [`PAGE_MAX_HIDDEN_LAYERS`].
pub const PAGE_MAX_WIDTH: usize = 32;

/// The id the handle gives the learner's own samples (loaded from CSV) wherever a data set's
/// id goes (`dataset()`, `setDataset`). A link cannot carry them.
pub const OWN_DATA_ID: &str = "own";

/// Most rows a CSV file of the learner's own may have: every step and every landscape point
/// costs one pass over them.
pub const MAX_OWN_ROWS: usize = gradscope_core::DEFAULT_MAX_ROWS;

/// Most gradient-descent steps one `step(n)` call runs: a call blocks the page until it returns.
pub const MAX_STEPS_PER_CALL: u32 = 100_000;

/// A JS object with these fields. `Reflect::set` on a fresh plain object cannot fail.
pub(crate) fn object(fields: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

fn array(items: impl IntoIterator<Item = JsValue>) -> JsValue {
    items.into_iter().collect::<Array>().into()
}

fn s(text: &str) -> JsValue {
    JsValue::from_str(text)
}

fn n(v: f64) -> JsValue {
    JsValue::from_f64(v)
}

/// Names of the parameters of a one-unit-per-layer network of the greatest depth, in flat
/// order (`w1, b1, …`): the link keys and element attributes of parameters. Every shallower
/// such network's names are a prefix of these.
fn width_one_param_names() -> JsValue {
    let widths = [1; MAX_DEPTH + 1];
    match Network::new(&widths, Activation::Relu) {
        Ok(net) => array((0..net.param_count()).map(|i| s(&net.param_name(i)))),
        Err(_) => array([]),
    }
}

/// The lists and constants that do not depend on one explorer's state:
///
/// ```text
/// { presets: [{ id, label, caption }], defaultPreset: id, schemes: [{ id, label, scaleMeaning }],
///   activations: [{ id, label }], datasets: [{ id, label, size, xMeaning, yMeaning }],
///   ownData: { id, label, maxRows },
///   limits: { maxHiddenLayers, maxWidth, maxStepsPerCall, learningRate: [lo, hi],
///             maxSeed },
///   views: { pathLength, overshootIterates }, widthOneParamNames: [...],
///   charts: [id] }
/// ```
///
/// `charts` lists the names `Explorer.chartSvg` takes.
pub fn catalog() -> Object {
    let presets = array(Preset::ALL.into_iter().map(|p| {
        object(&[
            ("id", s(p.id())),
            ("label", s(p.label())),
            ("caption", s(p.caption())),
        ])
        .into()
    }));
    let schemes = array(SchemeKind::ALL.into_iter().map(|k| {
        object(&[
            ("id", s(k.id())),
            ("label", s(k.label())),
            ("scaleMeaning", s(k.scale_meaning())),
        ])
        .into()
    }));
    let activations = array(
        Activation::ALL
            .into_iter()
            .map(|a| object(&[("id", s(a.id())), ("label", s(a.label()))]).into()),
    );
    let datasets = array(Builtin::ALL.into_iter().map(|d| {
        object(&[
            ("id", s(d.id())),
            ("label", s(d.label())),
            ("size", n(d.load().len() as f64)),
            ("xMeaning", s(d.x_meaning())),
            ("yMeaning", s(d.y_meaning())),
        ])
        .into()
    }));
    let limits = object(&[
        ("maxHiddenLayers", n(PAGE_MAX_HIDDEN_LAYERS as f64)),
        ("maxWidth", n(PAGE_MAX_WIDTH as f64)),
        ("maxStepsPerCall", n(f64::from(MAX_STEPS_PER_CALL))),
        (
            "learningRate",
            array([n(LEARNING_RATE_RANGE.0), n(LEARNING_RATE_RANGE.1)]),
        ),
        ("maxSeed", n(f64::from(u32::MAX))),
    ]);
    let views = object(&[
        ("pathLength", n(PATH_LEN as f64)),
        ("overshootIterates", n(OVERSHOOT_ITERATES as f64)),
    ]);
    let own = object(&[
        ("id", s(OWN_DATA_ID)),
        ("label", s("Your data (CSV)")),
        ("maxRows", n(MAX_OWN_ROWS as f64)),
    ]);
    object(&[
        ("presets", presets),
        ("defaultPreset", s(Preset::DEFAULT.id())),
        ("schemes", schemes),
        ("activations", activations),
        ("datasets", datasets),
        ("ownData", own.into()),
        ("limits", limits.into()),
        ("views", views.into()),
        ("widthOneParamNames", width_one_param_names()),
        ("charts", array(Chart::ALL.into_iter().map(|c| s(c.id())))),
    ])
}

/// One network's shape and parameters:
///
/// ```text
/// { widths: [1, n1, …, 1], hiddenLayers, width, activation: id, widthOne: bool,
///   params: [{ name, index, layer, kind: "weight" | "bias", row, column }] }
/// ```
/// `index` is the flat index, `layer` is 1-based (1..=L), `row` the unit of that layer, `column` the input unit (weights
/// only; `undefined` for biases), as in `W_l[row][column]` and `b_l[row]`.
pub fn shape(net: &Network) -> Object {
    let widths = net.widths();
    let mut params = Vec::with_capacity(net.param_count());
    for l in 1..=net.depth() {
        let (n_out, n_in) = (widths[l], widths[l - 1]);
        let Some((w, b)) = net.layer_params(l) else {
            continue;
        };
        for row in 0..n_out {
            for column in 0..n_in {
                let index = w.start + row * n_in + column;
                params.push(param(net, index, l, "weight", row, Some(column)));
            }
        }
        for row in 0..n_out {
            params.push(param(net, b.start + row, l, "bias", row, None));
        }
    }
    object(&[
        ("widths", array(widths.iter().map(|&w| n(w as f64)))),
        ("hiddenLayers", n((net.depth() - 1) as f64)),
        ("width", n(widths.get(1).copied().unwrap_or(1) as f64)),
        ("activation", s(net.hidden_activation().id())),
        ("widthOne", JsValue::from_bool(net.is_width_one())),
        ("params", array(params)),
    ])
}

fn param(
    net: &Network,
    index: usize,
    layer: usize,
    kind: &str,
    row: usize,
    column: Option<usize>,
) -> JsValue {
    object(&[
        ("name", s(&net.param_name(index))),
        ("index", n(index as f64)),
        ("layer", n(layer as f64)),
        ("kind", s(kind)),
        ("row", n(row as f64)),
        ("column", column.map_or(JsValue::UNDEFINED, |c| n(c as f64))),
    ])
    .into()
}
