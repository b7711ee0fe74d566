//! The core's public API driven by arbitrary bytes: a network within (and just past) the core's
//! limits, parameters and data from any floats (NaN, ±∞, ±1e308, subnormals, −0), then every
//! computation the explorer makes from them — loss, gradient, statistics, chain-rule factors,
//! surface grids and profiles, the line of the update, initializers and training steps with a
//! learning rate and clipping threshold from the bytes. Errors are fine; panics are not, and a
//! refused call must change nothing.
#![no_main]

use arbitrary::{Result, Unstructured};
use gradscope_core::init::{initialize, rng_from_seed, LayerDistribution};
use gradscope_core::surface::{self, Axis};
use gradscope_core::{
    chain_rule, float, line, loss, Activation, Dataset, History, Network, Record, SchemeKind,
    Status, Tape, Trainer, MAX_DEPTH, MAX_WIDTH,
};
use gradscope_fuzz::{count, float as any_float};
use libfuzzer_sys::fuzz_target;

/// Past this many parameters only the single passes run (a grid would take seconds).
const BIG: usize = 4096;

fuzz_target!(|bytes: &[u8]| {
    let _ = scenario(&mut Unstructured::new(bytes));
});

fn scenario(u: &mut Unstructured) -> Result<()> {
    scalars(u)?;
    let depth = count(u, 1..=5, &[0, MAX_DEPTH, MAX_DEPTH + 1])?.min(MAX_DEPTH + 1);
    let mut widths = vec![1; depth + 1];
    for w in widths.iter_mut().take(depth).skip(1) {
        *w = count(u, 1..=6, &[0, MAX_WIDTH, MAX_WIDTH + 1])?;
    }
    if u.ratio(1, 32)? {
        widths[0] = 2;
    }
    let act = *u.choose(&Activation::ALL)?;
    let Ok(mut net) = Network::new(&widths, act) else {
        return Ok(());
    };
    let n = net.param_count();
    let mut params = Vec::with_capacity(n);
    for _ in 0..n.min(256) {
        params.push(any_float(u)?);
    }
    params.resize(n, 0.25);
    let before = net.clone();
    if net.set_params(&params).is_err() {
        assert_eq!(net, before, "a refused set_params changed the network");
    }
    params
        .iter_mut()
        .filter(|p| !p.is_finite())
        .for_each(|p| *p = 0.0);
    net.set_params(&params)
        .expect("finite parameters of the right length");
    for _ in 0..u.int_in_range(0..=3)? {
        let (i, v) = (count(u, 0..=n, &[n, n + 1])?, any_float(u)?);
        let before = net.clone();
        if net.set_param(i, v).is_err() {
            assert_eq!(net, before, "a refused set_param changed the network");
        }
    }
    let data = dataset(u)?;
    passes(u, &net, &data)?;
    if n <= BIG {
        chains(u, &net)?;
        surfaces(u, &net, &data)?;
        lines(u, &net, &data)?;
        init(u, &net)?;
        train(u, net, data)?;
    }
    Ok(())
}

/// The scalar functions on any floats.
fn scalars(u: &mut Unstructured) -> Result<()> {
    let (z, y, a) = (any_float(u)?, any_float(u)?, any_float(u)?);
    let _ = (loss::bce_from_logit(z, y), loss::bce_and_derivative(z, y));
    let _ = loss::bce_from_logit_derivative(z, y);
    let _ = (
        float::exp(z),
        float::ln_1p(z),
        float::log10(z),
        float::tanh(z),
    );
    let _ = (float::sqrt(z), float::sigmoid(z), float::norm(&[z, y, a]));
    for act in Activation::ALL {
        let _ = (act.apply(z), act.derivative(z, a));
    }
    let mut h = History::new(count(u, 0..=8, &[usize::MAX, usize::MAX - 2])?);
    for _ in 0..u.int_in_range(0..=40)? {
        let step: u64 = if u.ratio(1, 8)? {
            u.arbitrary()?
        } else {
            u.int_in_range(0..=64)?
        };
        h.push(Record {
            step,
            loss: z,
            grad_norm: y,
            params: vec![a; 2],
        });
    }
    let _ = (
        h.all().count(),
        h.recent().len(),
        h.last(),
        h.stride(),
        h.capacities(),
    );
    Ok(())
}

/// Inputs and labels from any floats; a refused set falls back to a built-in one.
fn dataset(u: &mut Unstructured) -> Result<Dataset> {
    if u.ratio(1, 8)? {
        return Ok(Dataset::breast_cancer().head(count(u, 0..=64, &[0, 10_000])?));
    }
    let len = u.int_in_range(0..=8)?;
    let mut xs = Vec::with_capacity(len);
    let mut ys = Vec::with_capacity(len);
    for _ in 0..len {
        xs.push(any_float(u)?);
        ys.push(if u.ratio(1, 8)? {
            any_float(u)?
        } else {
            f64::from(u.int_in_range(0u8..=1)?)
        });
    }
    Ok(Dataset::new(xs, ys).unwrap_or_else(|_| Dataset::threshold()))
}

/// Forward and backward passes, norms and statistics.
fn passes(u: &mut Unstructured, net: &Network, data: &Dataset) -> Result<()> {
    let l = net.loss(data);
    let mut tape = Tape::default();
    let mut grad = Vec::new();
    let l2 = net.loss_and_gradient(data, &mut tape, &mut grad);
    assert!(
        l.to_bits() == l2.to_bits() || (l.is_nan() && l2.is_nan()),
        "{l} vs {l2}"
    );
    assert_eq!(grad.len(), net.param_count());
    assert!(net.layer_norms(&grad).is_ok());
    assert!(net.layer_norms(&grad[1..]).is_err());
    let _ = (
        net.layer_stats(data),
        net.dead_units(data),
        net.dead_layer(data),
    );
    let x = any_float(u)?;
    let _ = (net.logit(x), net.forward(x, &mut tape));
    let _ = net.layer_params(count(u, 0..=net.depth() + 1, &[])?);
    let _ = net.param_name(count(u, 0..=net.param_count(), &[])?);
    Ok(())
}

/// Chain-rule factors for any input, label and parameter index.
fn chains(u: &mut Unstructured, net: &Network) -> Result<()> {
    let (x, y) = (any_float(u)?, *u.choose(&[0.0, 1.0, 0.5, f64::NAN])?);
    let _ = chain_rule::factors(net, x, y);
    let index = count(u, 0..=net.param_count(), &[net.param_count()])?;
    match chain_rule::for_param(net, x, y, index) {
        Ok(c) => assert!(!c.factors.is_empty()),
        Err(_) => assert!(!net.is_width_one() || index >= net.param_count()),
    }
    Ok(())
}

fn axis(u: &mut Unstructured, n: usize) -> Result<Axis> {
    Ok(Axis {
        index: count(u, 0..=n, &[n, n + 1])?,
        min: any_float(u)?,
        max: any_float(u)?,
        points: count(u, 0..=12, &[0, 1, 2, surface::MAX_RESOLUTION + 1])?,
    })
}

/// Grids, profiles and axis values on any axes.
fn surfaces(u: &mut Unstructured, net: &Network, data: &Dataset) -> Result<()> {
    let n = net.param_count();
    let (x, y) = (axis(u, n)?, axis(u, n)?);
    let _ = (x.value(count(u, 0..=16, &[usize::MAX])?), y.value(0));
    let mut out = Vec::new();
    if x.points.saturating_mul(y.points) <= 256 && surface::grid(net, data, x, y, &mut out).is_ok()
    {
        assert_eq!(out.len(), x.points * y.points);
    }
    if x.points <= 64 && surface::profile(net, data, x, &mut out).is_ok() {
        assert_eq!(out.len(), x.points);
    }
    let values: Vec<f64> = (0..u.int_in_range(0..=6)?)
        .map(|_| any_float(u))
        .collect::<Result<_>>()?;
    let _ = surface::profile_at(net, data, x.index, &values, &mut out);
    Ok(())
}

/// The line of an update: along any direction and steps, its minimum and refinement.
fn lines(u: &mut Unstructured, net: &Network, data: &Dataset) -> Result<()> {
    let mut direction = Vec::new();
    net.loss_and_gradient(data, &mut Tape::default(), &mut direction);
    if u.ratio(1, 2)? {
        for d in direction.iter_mut() {
            *d = any_float(u)?;
        }
    }
    if u.ratio(1, 16)? {
        direction.push(1.0);
    }
    let steps: Vec<f64> = (0..u.int_in_range(0..=6)?)
        .map(|_| any_float(u))
        .collect::<Result<_>>()?;
    let mut out = Vec::new();
    if line::along(net, data, &direction, &steps, &mut out).is_ok() {
        assert_eq!(out.len(), steps.len());
        assert!(out.iter().all(|l| !l.is_nan()), "NaN on the line: {out:?}");
    }
    let _ = line::minimum(net, data, &direction, any_float(u)?);
    let losses: Vec<f64> = steps.iter().map(|_| any_float(u)).collect::<Result<_>>()?;
    let _ = line::refine(net, data, &direction, &steps, &losses);
    Ok(())
}

/// Every scheme with any scale and seed, and the layer distributions with any width.
fn init(u: &mut Unstructured, net: &Network) -> Result<()> {
    let kind = *u.choose(&SchemeKind::ALL)?;
    let scheme = kind.with_scale(any_float(u)?);
    let mut probe = net.clone();
    match initialize(&mut probe, scheme, &mut rng_from_seed(u.arbitrary()?)) {
        Ok(()) => assert!(probe.params().iter().all(|p| p.is_finite())),
        Err(_) => assert_eq!(&probe, net, "a refused initialization changed the network"),
    }
    let v = any_float(u)?;
    let dist = *u.choose(&[
        LayerDistribution::Uniform { limit: v },
        LayerDistribution::Normal { std: v },
        LayerDistribution::Constant { value: v },
    ])?;
    let mut out = [0.0; 4];
    let _ = dist.fill(&mut rng_from_seed(u.arbitrary()?), &mut out);
    Ok(())
}

/// Training with a learning rate, clipping threshold, steps and restarts from the bytes.
fn train(u: &mut Unstructured, net: Network, data: Dataset) -> Result<()> {
    let n = net.param_count();
    let Ok(mut t) = Trainer::new(net, data, any_float(u)?) else {
        return Ok(());
    };
    for _ in 0..u.int_in_range(1..=6)? {
        match u.int_in_range(0u8..=4)? {
            0 => {
                let lr = t.learning_rate();
                if t.set_learning_rate(any_float(u)?).is_err() {
                    assert_eq!(t.learning_rate().to_bits(), lr.to_bits());
                }
            }
            1 => {
                let clip = t.clip();
                let c = if u.ratio(1, 4)? {
                    None
                } else {
                    Some(any_float(u)?)
                };
                if t.set_clip(c).is_err() {
                    assert_eq!(t.clip(), clip);
                }
            }
            2 => {
                let before = t.network().clone();
                let p: Vec<f64> = (0..n + usize::from(u.ratio(1, 16)?))
                    .map(|_| any_float(u))
                    .collect::<Result<_>>()?;
                if t.restart_from(&p).is_err() {
                    assert_eq!(t.network(), &before);
                }
            }
            _ => {
                let (steps, asked) = (t.step_count(), u.int_in_range(0..=40)?);
                let done = t.step(asked);
                assert_eq!(t.step_count(), steps + u64::from(done));
                assert!(done == asked || t.status() != Status::Healthy);
            }
        }
        let _ = (
            t.clip_scale(),
            t.next_update().count(),
            t.history().all().count(),
        );
        match t.status() {
            Status::Healthy => {
                assert!(t.loss().is_finite() && t.grad_norm().is_finite());
                assert!(t.network().params().iter().all(|p| p.is_finite()));
                assert!(t.grad().iter().all(|g| g.is_finite()));
            }
            Status::Diverged(d) => {
                assert_eq!(d.step, t.step_count());
                assert!(!d.describe(t.network()).is_empty());
            }
        }
    }
    Ok(())
}
