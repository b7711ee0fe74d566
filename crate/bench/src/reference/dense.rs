//! W4 by hand: a dense ReLU network `[1, n1, …, 1]` with a sigmoid output, one sample at a time,
//! one flat row-major weight array per layer.

use super::{bce, relu, relu_slope};

/// A dense network of widths `[n0, …, nL]` trained by full-batch gradient descent.
#[derive(Debug, Clone)]
pub struct Dense {
    widths: Vec<usize>,
    /// `weights[l]`: W_(l+1), row-major `n_(l+1) × n_l` (row = output unit).
    pub weights: Vec<Vec<f64>>,
    /// `biases[l]`: b_(l+1), `n_(l+1)` values.
    pub biases: Vec<Vec<f64>>,
    xs: Vec<f64>,
    ys: Vec<f64>,
    learning_rate: f64,
    /// `a[l]`: activations of layer l for the current sample (a[0] = [x]).
    a: Vec<Vec<f64>>,
    /// `z[l]`: pre-activations of layer l + 1 for the current sample.
    z: Vec<Vec<f64>>,
    /// Σᵢ ∂Lᵢ/∂W and Σᵢ ∂Lᵢ/∂b, shaped as `weights` and `biases`.
    grad_w: Vec<Vec<f64>>,
    grad_b: Vec<Vec<f64>>,
    /// ∂Lᵢ/∂z of the layer being back-propagated, and of the one below it.
    delta: Vec<f64>,
    delta_below: Vec<f64>,
}

impl Dense {
    /// The network with `weight(l, row, column)` for W_l[row][column] (l 1-based) and zero
    /// biases, on the given samples. `widths` has at least two entries, each ≥ 1.
    pub fn new(
        widths: &[usize],
        weight: impl Fn(usize, usize, usize) -> f64,
        xs: &[f64],
        ys: &[f64],
        learning_rate: f64,
    ) -> Dense {
        let layers = 1..widths.len();
        let weights: Vec<Vec<f64>> = layers
            .clone()
            .map(|l| {
                (0..widths[l] * widths[l - 1])
                    .map(|i| weight(l, i / widths[l - 1], i % widths[l - 1]))
                    .collect()
            })
            .collect();
        let biases: Vec<Vec<f64>> = layers.clone().map(|l| vec![0.0; widths[l]]).collect();
        let widest = widths.iter().copied().max().unwrap_or(1);
        Dense {
            widths: widths.to_vec(),
            grad_w: weights.iter().map(|w| vec![0.0; w.len()]).collect(),
            grad_b: biases.clone(),
            weights,
            biases,
            xs: xs.to_vec(),
            ys: ys.to_vec(),
            learning_rate,
            a: widths[..widths.len() - 1]
                .iter()
                .map(|&n| vec![0.0; n])
                .collect(),
            z: layers.map(|l| vec![0.0; widths[l]]).collect(),
            delta: vec![0.0; widest],
            delta_below: vec![0.0; widest],
        }
    }

    /// The parameters in the product's flat order (`W1` row-major, `b1`, …, `WL`, `bL`).
    pub fn params(&self) -> Vec<f64> {
        self.weights
            .iter()
            .zip(&self.biases)
            .flat_map(|(w, b)| w.iter().chain(b))
            .copied()
            .collect()
    }

    /// Forward pass of input `x`: fills `a` and `z`, returns the output logit.
    fn forward(&mut self, x: f64) -> f64 {
        let depth = self.weights.len();
        self.a[0][0] = x;
        for l in 0..depth {
            let (n_in, n_out) = (self.widths[l], self.widths[l + 1]);
            for j in 0..n_out {
                let row = &self.weights[l][j * n_in..(j + 1) * n_in];
                let mut z = self.biases[l][j];
                for (w, a) in row.iter().zip(&self.a[l]) {
                    z += w * a;
                }
                self.z[l][j] = z;
                if l + 1 < depth {
                    self.a[l + 1][j] = relu(z);
                }
            }
        }
        self.z[depth - 1][0]
    }

    /// The mean loss (nats) at the current parameters.
    pub fn mean_loss(&mut self) -> f64 {
        let mut sum = 0.0;
        for i in 0..self.xs.len() {
            let z = self.forward(self.xs[i]);
            sum += bce(z, self.ys[i]).0;
        }
        sum / self.xs.len() as f64
    }

    /// One gradient-descent step; returns the mean loss before the update, nats.
    pub fn step(&mut self) -> f64 {
        let depth = self.weights.len();
        self.grad_w.iter_mut().flatten().for_each(|g| *g = 0.0);
        self.grad_b.iter_mut().flatten().for_each(|g| *g = 0.0);
        let mut sum = 0.0;
        for i in 0..self.xs.len() {
            let z = self.forward(self.xs[i]);
            let (loss, dz) = bce(z, self.ys[i]);
            sum += loss;
            self.delta[0] = dz;
            for l in (0..depth).rev() {
                let (n_in, n_out) = (self.widths[l], self.widths[l + 1]);
                for j in 0..n_out {
                    let d = self.delta[j];
                    self.grad_b[l][j] += d;
                    let g = &mut self.grad_w[l][j * n_in..(j + 1) * n_in];
                    for (g, a) in g.iter_mut().zip(&self.a[l]) {
                        *g += d * a;
                    }
                }
                if l > 0 {
                    for k in 0..n_in {
                        let mut s = 0.0;
                        for j in 0..n_out {
                            s += self.weights[l][j * n_in + k] * self.delta[j];
                        }
                        self.delta_below[k] = s * relu_slope(self.z[l - 1][k]);
                    }
                    core::mem::swap(&mut self.delta, &mut self.delta_below);
                }
            }
        }
        let n = self.xs.len() as f64;
        let alpha = self.learning_rate;
        for (p, g) in self
            .weights
            .iter_mut()
            .flatten()
            .zip(self.grad_w.iter().flatten())
        {
            *p -= alpha * (g / n);
        }
        for (p, g) in self
            .biases
            .iter_mut()
            .flatten()
            .zip(self.grad_b.iter().flatten())
        {
            *p -= alpha * (g / n);
        }
        sum / n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradient_matches_central_differences() {
        let widths = [1, 3, 2, 1];
        let weight = |l: usize, r: usize, c: usize| {
            0.3 * (l as f64) - 0.4 * (r as f64) + 0.5 * (c as f64) + 0.2
        };
        let xs = [0.4, 1.3, -0.2, 2.0];
        let ys = [0.0, 1.0, 0.0, 1.0];
        let start = Dense::new(&widths, weight, &xs, &ys, 1.0);
        let theta = start.params();
        let mut d = start.clone();
        d.step();
        let after = d.params();
        let h = 1e-6;
        for i in 0..theta.len() {
            let at = |delta: f64| {
                let mut t = theta.clone();
                t[i] += delta;
                let mut probe = start.clone();
                let mut it = t.into_iter();
                for (w, b) in probe.weights.iter_mut().zip(probe.biases.iter_mut()) {
                    w.iter_mut()
                        .chain(b.iter_mut())
                        .for_each(|p| *p = it.next().unwrap_or(0.0));
                }
                probe.mean_loss()
            };
            let numeric = (at(h) - at(-h)) / (2.0 * h);
            let backprop = theta[i] - after[i];
            assert!(
                (numeric - backprop).abs() < 1e-8,
                "θ{i}: {numeric} vs {backprop}"
            );
        }
    }
}
