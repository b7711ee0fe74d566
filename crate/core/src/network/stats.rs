//! What the forward pass does to the data, layer by layer: the spread of each hidden layer's
//! pre-activations (what Xavier/Glorot, He and LeCun initialization are designed to keep
//! steady with depth) and how many units are on. A ReLU layer with no unit on for any sample
//! passes no signal: the network then outputs the same ŷ for every input. (A saturated tanh or
//! sigmoid unit has a slope that rounds to 0 too, but it still outputs ±1 or 0/1 by sample.)

use alloc::vec::Vec;

use super::Tape;
use crate::{float, Dataset, Network};

/// Statistics of one hidden layer's pre-activations z over all of its units and all samples.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerStats {
    /// Mean of z (NaN once any z is not finite).
    pub mean: f64,
    /// Standard deviation of z (population: divided by the number of values), by Welford's
    /// update (Welford 1962), which does not cancel when |mean| ≫ std; NaN once any z is not
    /// finite.
    pub std: f64,
    /// Fraction of (unit, sample) pairs whose activation has a non-zero slope act′(z): for
    /// ReLU, the units that are on. 0 means the layer is dead for the whole data set.
    pub active: f64,
    /// Per unit: off (slope 0) for every sample.
    pub dead: Vec<bool>,
}

impl Network {
    /// [`LayerStats`] of hidden layers 1 … L−1 over `data`, in one forward pass (empty for a
    /// network without hidden layers).
    pub fn layer_stats(&self, data: &Dataset) -> Vec<LayerStats> {
        let hidden = self.depth() - 1;
        // Per layer: count, running mean, sum of squared deviations, slopes ≠ 0, dead units.
        let mut acc: Vec<(f64, f64, f64, usize, Vec<bool>)> = (1..=hidden)
            .map(|l| (0.0, 0.0, 0.0, 0, alloc::vec![true; self.widths[l]]))
            .collect();
        let mut tape = Tape::default();
        for &x in data.xs() {
            self.forward(x, &mut tape);
            for (l, (n, mean, m2, on, dead)) in acc.iter_mut().enumerate() {
                let layer = l + 1;
                let off = self.units[layer];
                for (j, d) in dead.iter_mut().enumerate() {
                    let z = tape.z[off - 1 + j];
                    *n += 1.0;
                    let delta = z - *mean;
                    *mean += delta / *n;
                    *m2 += delta * (z - *mean);
                    if self.hidden.derivative(z, tape.a[off + j]) != 0.0 {
                        *on += 1;
                        *d = false;
                    }
                }
            }
        }
        acc.into_iter()
            .map(|(n, mean, m2, on, dead)| LayerStats {
                mean,
                std: float::sqrt(m2 / n),
                active: on as f64 / n,
                dead,
            })
            .collect()
    }

    /// For each hidden layer 1 … L−1, whether each unit is off (slope act′(z) = 0) for every
    /// sample of `data`: the dead ReLUs.
    pub fn dead_units(&self, data: &Dataset) -> Vec<Vec<bool>> {
        self.layer_stats(data).into_iter().map(|s| s.dead).collect()
    }

    /// The first hidden layer (1-based) with no unit on for any sample of `data`, if any.
    pub fn dead_layer(&self, data: &Dataset) -> Option<usize> {
        self.layer_stats(data)
            .iter()
            .position(|s| s.active == 0.0)
            .map(|l| l + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Activation;

    #[test]
    fn stats_of_the_seed_network_by_hand() {
        // x = −1, 0, 1; w1 = 2, b1 = 0: z1 = −2, 0, 2 (mean 0, std √(8/3)); ReLU′(0) = 0, so
        // one of three is on. Layer 2: w2 = 1, b2 = −1 on o1 = 0, 0, 2: z2 = −1, −1, 1.
        let net = Network::seed([2.0, 0.0, 1.0, -1.0, 1.0, 0.0]).unwrap();
        let data = Dataset::new(alloc::vec![-1.0, 0.0, 1.0], alloc::vec![0.0, 1.0, 1.0]).unwrap();
        let s = net.layer_stats(&data);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].mean, 0.0);
        assert!((s[0].std - (8.0f64 / 3.0).sqrt()).abs() < 1e-15);
        assert!((s[0].active - 1.0 / 3.0).abs() < 1e-15);
        assert!((s[1].mean - (-1.0 / 3.0)).abs() < 1e-15);
        assert_eq!(net.dead_layer(&data), None);
    }

    #[test]
    fn a_negative_w2_with_zero_biases_kills_layer_two() {
        // o1 = ReLU(x) ≥ 0, so z2 = −0.5·o1 ≤ 0 and ReLU′(z2) = 0 for every sample.
        let net = Network::seed([1.0, 0.0, -0.5, 0.0, 1.0, 0.0]).unwrap();
        let data = Dataset::breast_cancer();
        assert_eq!(net.dead_layer(&data), Some(2));
        assert_eq!(net.dead_units(&data), [[false], [true]]);
        assert_eq!(net.layer_stats(&data)[1].active, 0.0);
        let wide = Network::new(&[1, 3, 1], Activation::Tanh).unwrap();
        // All-zero weights: z = 0 everywhere, tanh′(0) = 1, nothing dead.
        assert_eq!(wide.dead_layer(&data), None);
    }
}
