//! W3 by hand: a width-one ReLU chain of any depth with a sigmoid output, one scalar per unit.

use super::{bce, relu, relu_slope};

/// A chain `x → ReLU → … → ReLU → σ` of `depth` weight layers, parameters `[w1, b1, …, wL, bL]`
/// (the product's flat order), trained by full-batch gradient descent.
#[derive(Debug, Clone)]
pub struct Chain {
    /// θ = [w1, b1, …, wL, bL].
    pub theta: Vec<f64>,
    xs: Vec<f64>,
    ys: Vec<f64>,
    learning_rate: f64,
    /// z_l of the current sample, l = 1..=L (index l − 1).
    z: Vec<f64>,
    /// a_l of the current sample, l = 0..L (a_0 = x).
    a: Vec<f64>,
    /// Σᵢ ∂Lᵢ/∂θ, flat order.
    grad: Vec<f64>,
}

impl Chain {
    /// The chain at θ (`theta.len()` = 2·depth, depth ≥ 1) on the given samples.
    pub fn new(theta: &[f64], xs: &[f64], ys: &[f64], learning_rate: f64) -> Chain {
        let depth = theta.len() / 2;
        Chain {
            theta: theta.to_vec(),
            xs: xs.to_vec(),
            ys: ys.to_vec(),
            learning_rate,
            z: vec![0.0; depth],
            a: vec![0.0; depth],
            grad: vec![0.0; 2 * depth],
        }
    }

    /// The mean loss (nats) at the current θ.
    pub fn mean_loss(&self) -> f64 {
        let depth = self.z.len();
        let mut sum = 0.0;
        for (&x, &y) in self.xs.iter().zip(&self.ys) {
            let mut a = x;
            let mut z = 0.0;
            for l in 0..depth {
                z = self.theta[2 * l] * a + self.theta[2 * l + 1];
                a = relu(z);
            }
            sum += bce(z, y).0;
        }
        sum / self.xs.len() as f64
    }

    /// One gradient-descent step; returns the mean loss before the update, nats.
    pub fn step(&mut self) -> f64 {
        let depth = self.z.len();
        self.grad.iter_mut().for_each(|g| *g = 0.0);
        let mut sum = 0.0;
        for (&x, &y) in self.xs.iter().zip(&self.ys) {
            self.a[0] = x;
            for l in 0..depth {
                self.z[l] = self.theta[2 * l] * self.a[l] + self.theta[2 * l + 1];
                if l + 1 < depth {
                    self.a[l + 1] = relu(self.z[l]);
                }
            }
            let (loss, dz) = bce(self.z[depth - 1], y);
            sum += loss;
            // ∂Lᵢ/∂z_l, walked down from the output.
            let mut delta = dz;
            for l in (0..depth).rev() {
                self.grad[2 * l] += delta * self.a[l];
                self.grad[2 * l + 1] += delta;
                if l > 0 {
                    delta *= self.theta[2 * l] * relu_slope(self.z[l - 1]);
                }
            }
        }
        let n = self.xs.len() as f64;
        for (t, g) in self.theta.iter_mut().zip(&self.grad) {
            *t -= self.learning_rate * (g / n);
        }
        sum / n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradient_matches_central_differences() {
        let theta = [0.9, 0.1, 1.2, -0.2, 0.7, 0.3, -1.1, 0.05];
        let xs = [0.4, 1.3, -0.2, 2.0];
        let ys = [0.0, 1.0, 0.0, 1.0];
        // α = 1: the step subtracts ∂L/∂θ itself.
        let mut c = Chain::new(&theta, &xs, &ys, 1.0);
        c.step();
        let h = 1e-6;
        for i in 0..theta.len() {
            let at = |d: f64| {
                let mut t = theta;
                t[i] += d;
                Chain::new(&t, &xs, &ys, 1.0).mean_loss()
            };
            let numeric = (at(h) - at(-h)) / (2.0 * h);
            let backprop = theta[i] - c.theta[i];
            assert!(
                (numeric - backprop).abs() < 1e-8,
                "θ{i}: {numeric} vs {backprop}"
            );
        }
    }
}
