//! W1, W2 and W2b by hand: the seed network `x → ReLU → ReLU → σ` written out with six scalars.

use super::{bce, relu, relu_slope};

/// The seed network `[w1, b1, w2, b2, w3, b3]` trained by full-batch gradient descent on `xs`,
/// `ys` (same length N ≥ 1) with learning rate `learning_rate`.
#[derive(Debug, Clone)]
pub struct Seed {
    /// θ = [w1, b1, w2, b2, w3, b3].
    pub theta: [f64; 6],
    xs: Vec<f64>,
    ys: Vec<f64>,
    learning_rate: f64,
}

impl Seed {
    /// The network at θ on the given samples.
    pub fn new(theta: [f64; 6], xs: &[f64], ys: &[f64], learning_rate: f64) -> Seed {
        Seed {
            theta,
            xs: xs.to_vec(),
            ys: ys.to_vec(),
            learning_rate,
        }
    }

    /// The mean loss (nats) at `theta`, one forward pass per sample.
    pub fn mean_loss(&self, theta: &[f64; 6]) -> f64 {
        let [w1, b1, w2, b2, w3, b3] = *theta;
        let mut sum = 0.0;
        for (&x, &y) in self.xs.iter().zip(&self.ys) {
            let a1 = relu(w1 * x + b1);
            let a2 = relu(w2 * a1 + b2);
            sum += bce(w3 * a2 + b3, y).0;
        }
        sum / self.xs.len() as f64
    }

    /// One gradient-descent step: the mean loss and ∂L/∂θ at the current θ, then
    /// θ ← θ − α·∂L/∂θ. Returns the loss before the update, nats.
    pub fn step(&mut self) -> f64 {
        let [w1, b1, w2, b2, w3, b3] = self.theta;
        let mut grad = [0.0; 6];
        let mut sum = 0.0;
        for (&x, &y) in self.xs.iter().zip(&self.ys) {
            let z1 = w1 * x + b1;
            let a1 = relu(z1);
            let z2 = w2 * a1 + b2;
            let a2 = relu(z2);
            let (loss, dz3) = bce(w3 * a2 + b3, y);
            sum += loss;
            let dz2 = dz3 * w3 * relu_slope(z2);
            let dz1 = dz2 * w2 * relu_slope(z1);
            grad[0] += dz1 * x;
            grad[1] += dz1;
            grad[2] += dz2 * a1;
            grad[3] += dz2;
            grad[4] += dz3 * a2;
            grad[5] += dz3;
        }
        let n = self.xs.len() as f64;
        for (t, g) in self.theta.iter_mut().zip(grad) {
            *t -= self.learning_rate * (g / n);
        }
        sum / n
    }

    /// The sum of the mean losses over the grid θ[ix] = `values[i]`, θ[iy] = `values[j]` for
    /// every (i, j), the other parameters at the current θ: each point a fresh forward pass
    /// over every sample.
    pub fn grid_sum(&self, ix: usize, iy: usize, values: &[f64]) -> f64 {
        let mut theta = self.theta;
        let mut total = 0.0;
        for &vy in values {
            theta[iy] = vy;
            for &vx in values {
                theta[ix] = vx;
                total += self.mean_loss(&theta);
            }
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_step_by_hand() {
        // One sample x = 1, y = 1, θ = [1, 0, 1, 0, 1, 0]: z1 = z2 = z3 = 1, σ(1) − 1 = −0.2689…,
        // so every ∂L/∂w and ∂L/∂b is −(1 − σ(1)) = −1/(1 + e), and α = 1 adds 1/(1 + e) to each.
        let mut s = Seed::new([1.0, 0.0, 1.0, 0.0, 1.0, 0.0], &[1.0], &[1.0], 1.0);
        let loss = s.step();
        let e = core::f64::consts::E;
        assert!((loss - (1.0 + 1.0 / e).ln()).abs() < 1e-15);
        let g = 1.0 / (1.0 + e);
        for (t, start) in s.theta.iter().zip([1.0, 0.0, 1.0, 0.0, 1.0, 0.0]) {
            assert!((t - (start + g)).abs() < 1e-15, "{t}");
        }
    }
}
