//! The loss on the line of a gradient-descent update: s ↦ L(θ − s·d) for a direction d (the
//! gradient, scaled by the clip factor when clipping), and the lowest point s* of that line.
//!
//! A step of size α lands at s = α. When α is well past s*, the update overshoots the bottom of
//! the valley it is crossing; α/s* says by how much. The line minimum needs no Hessian: on a ReLU
//! network curvature estimates (2/λ) are unreliable at the kinks, while the line itself is
//! exact.

use alloc::vec::Vec;

use crate::{float, Dataset, Error, Network, Result};

/// Grid points of the first scan for the minimum.
const SCAN_POINTS: usize = 65;
/// Golden-section iterations inside the best bracket (two scan intervals wide): it shrinks by
/// 0.618 each, so 30 leave s* known to about 10⁻⁶ of the bracket, far below the 3 digits shown.
const REFINE_ITERATIONS: usize = 30;

/// The lowest point of the line found by [`minimum`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineMinimum {
    /// s*, in the units of the learning rate.
    pub s: f64,
    /// L(θ − s*·d), nats.
    pub loss: f64,
}

fn check(net: &Network, direction: &[f64]) -> Result<()> {
    if direction.len() != net.param_count() {
        return Err(Error::BadShape(alloc::format!(
            "the direction has {} components, the network {} parameters",
            direction.len(),
            net.param_count()
        )));
    }
    if let Some(i) = direction.iter().position(|v| !v.is_finite()) {
        return Err(Error::NonFinite {
            what: alloc::format!("component {i} of the direction"),
            value: direction[i],
        });
    }
    Ok(())
}

/// L(θ − s·d) at `s`, nats; +∞ where the parameters or the loss stop being finite.
fn loss_at(net: &Network, probe: &mut Network, data: &Dataset, direction: &[f64], s: f64) -> f64 {
    let moved: Vec<f64> = net
        .params()
        .iter()
        .zip(direction)
        .map(|(p, d)| p - s * d)
        .collect();
    match probe.set_params(&moved) {
        Ok(()) => {
            let l = probe.loss(data);
            if l.is_finite() {
                l
            } else {
                f64::INFINITY
            }
        }
        Err(_) => f64::INFINITY,
    }
}

/// `out[i]` = L(θ − steps[i]·direction), nats (+∞ where it is not finite); `out` is
/// overwritten. Errors: a direction of the wrong length or with a non-finite component, or a
/// non-finite step.
pub fn along(
    net: &Network,
    data: &Dataset,
    direction: &[f64],
    steps: &[f64],
    out: &mut Vec<f64>,
) -> Result<()> {
    check(net, direction)?;
    if let Some(&s) = steps.iter().find(|s| !s.is_finite()) {
        return Err(Error::NonFinite {
            what: "a step size".into(),
            value: s,
        });
    }
    let mut probe = net.clone();
    out.clear();
    out.extend(
        steps
            .iter()
            .map(|&s| loss_at(net, &mut probe, data, direction, s)),
    );
    Ok(())
}

/// The lowest point of s ↦ L(θ − s·direction) on [0, s_max]: a scan of 65 evenly spaced
/// points, then [`refine`]. Errors: those of [`along`], or `s_max` not finite and above 0.
pub fn minimum(
    net: &Network,
    data: &Dataset,
    direction: &[f64],
    s_max: f64,
) -> Result<LineMinimum> {
    if !(s_max.is_finite() && s_max > 0.0) {
        return Err(Error::OutOfRange {
            what: "the longest step must be a finite number above 0".into(),
            value: s_max,
        });
    }
    let h = s_max / (SCAN_POINTS - 1) as f64;
    let steps: Vec<f64> = (0..SCAN_POINTS).map(|i| h * i as f64).collect();
    let mut scan = Vec::new();
    along(net, data, direction, &steps, &mut scan)?;
    refine(net, data, direction, &steps, &scan)
}

/// The lowest point of the line given a scan of it (`losses[i]` = L at `steps[i]`, the steps
/// increasing): golden-section search inside the bracket around the lowest scanned point,
/// 0.618× narrower per iteration. The loss along the line of a ReLU network is piecewise
/// smooth; the scan finds the right valley, the refinement its bottom. Errors: those of
/// [`along`], or a scan of fewer than two points or of unequal lengths.
pub fn refine(
    net: &Network,
    data: &Dataset,
    direction: &[f64],
    steps: &[f64],
    losses: &[f64],
) -> Result<LineMinimum> {
    check(net, direction)?;
    if steps.len() < 2 || steps.len() != losses.len() {
        return Err(Error::BadShape(
            "a line scan needs at least two steps, each with its loss".into(),
        ));
    }
    let mut probe = net.clone();
    let mut f = |s: f64| loss_at(net, &mut probe, data, direction, s);
    let best = losses
        .iter()
        .enumerate()
        .fold(0, |b, (i, &v)| if v < losses[b] { i } else { b });
    let mut found = LineMinimum {
        s: steps[best],
        loss: losses[best],
    };
    let (mut a, mut b) = (
        steps[best.saturating_sub(1)],
        steps[(best + 1).min(steps.len() - 1)],
    );
    let ratio = (float::sqrt(5.0) - 1.0) / 2.0;
    let (mut c, mut d) = (b - ratio * (b - a), a + ratio * (b - a));
    let (mut fc, mut fd) = (f(c), f(d));
    for _ in 0..REFINE_ITERATIONS {
        if fc < fd {
            b = d;
            d = c;
            fd = fc;
            c = b - ratio * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + ratio * (b - a);
            fd = f(d);
        }
    }
    for (s, l) in [(c, fc), (d, fd)] {
        if l < found.loss {
            found = LineMinimum { s, loss: l };
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Activation;

    #[test]
    fn the_w3_500_step_overshoots_its_line_minimum_threefold() {
        // The design card's numbers for the w3 = 500 preset at step 0 on all 569 samples:
        // L = 13.4 at s = 0, 38.3 where the step α = 0.003 lands, and the line's lowest
        // point at s ≈ 0.00095 with L ≈ 7.87.
        let net = Network::seed([0.5, 1.0, 0.8, 0.2, 500.0, -600.0]).unwrap();
        let data = Dataset::breast_cancer();
        let mut grad = Vec::new();
        net.loss_and_gradient(&data, &mut crate::Tape::default(), &mut grad);
        let mut l = Vec::new();
        along(&net, &data, &grad, &[0.0, 0.003], &mut l).unwrap();
        assert!(
            (l[0] - 13.4).abs() < 0.05 && (l[1] - 38.3).abs() < 0.05,
            "{l:?}"
        );
        let m = minimum(&net, &data, &grad, 0.006).unwrap();
        assert!((m.s - 0.00095).abs() < 0.00005, "s* = {}", m.s);
        assert!((m.loss - 7.87).abs() < 0.01, "L(s*) = {}", m.loss);
        assert!((0.003 / m.s - 3.16).abs() < 0.2);
    }

    #[test]
    fn a_quadratic_valley_has_its_minimum_where_the_algebra_says() {
        // One sigmoid layer z = w·x + b on x = 0 with y = 1 and y = 0 (one each): L(b) is
        // minimal at b = 0. From b = 2 along d = ∂L/∂b = σ(2) − ½, the minimum is at
        // s* = 2/(σ(2) − ½) (w does not matter on x = 0).
        let mut net = Network::new(&[1, 1], Activation::Relu).unwrap();
        net.set_params(&[0.0, 2.0]).unwrap();
        let data = Dataset::new(alloc::vec![0.0, 0.0], alloc::vec![1.0, 0.0]).unwrap();
        let sig2 = 1.0 / (1.0 + libm::exp(-2.0));
        let d = [0.0, sig2 - 0.5];
        let m = minimum(&net, &data, &d, 10.0).unwrap();
        assert!((m.s - 2.0 / (sig2 - 0.5)).abs() < 1e-6, "{}", m.s);
        assert!((m.loss - core::f64::consts::LN_2).abs() < 1e-12);
    }

    #[test]
    fn bad_directions_and_ranges_are_refused() {
        let net = Network::seed([1.0; 6]).unwrap();
        let data = Dataset::threshold();
        assert!(minimum(&net, &data, &[1.0; 5], 1.0).is_err());
        assert!(minimum(&net, &data, &[f64::NAN; 6], 1.0).is_err());
        assert!(minimum(&net, &data, &[1.0; 6], 0.0).is_err());
        assert!(along(&net, &data, &[1.0; 6], &[f64::INFINITY], &mut Vec::new()).is_err());
    }
}
