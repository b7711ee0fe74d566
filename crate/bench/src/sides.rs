//! The two sides of every workload behind one interface: the product (gradscope-core's public
//! API, as the page and the command-line tool call it) and the plain reference loop.

use gradscope_core::surface::{grid, Axis};
use gradscope_core::{Activation, Dataset, Network, Trainer};

use crate::reference::{chain::Chain, dense::Dense, seed::Seed};
use crate::workloads::{self as w, Workload};

/// One side of a workload, ready to be timed.
pub trait Side {
    /// Puts the side back at the workload's starting state (untimed, before every round, so
    /// each round does the same work whatever the rounds before it did).
    fn reset(&mut self);
    /// Runs `calls` calls of the workload (steps, or whole grids). Returns a checksum of the
    /// result: Σθ after the steps, or the sum of the last grid's mean losses (nats), which the
    /// two sides must agree on. Errors: the product diverged or refused its input.
    fn run(&mut self, calls: u32) -> Result<f64, String>;
}

/// Something that takes gradient-descent steps from a starting state it can be cloned back to.
trait Stepper: Clone {
    fn take_steps(&mut self, n: u32) -> Result<(), String>;
    fn param_sum(&self) -> f64;
}

impl Stepper for Trainer {
    fn take_steps(&mut self, n: u32) -> Result<(), String> {
        let done = self.step(n);
        if done == n {
            Ok(())
        } else {
            Err(format!("the product diverged after {done} of {n} steps"))
        }
    }
    fn param_sum(&self) -> f64 {
        self.network().params().iter().sum()
    }
}

impl Stepper for Seed {
    fn take_steps(&mut self, n: u32) -> Result<(), String> {
        (0..n).for_each(|_| {
            self.step();
        });
        Ok(())
    }
    fn param_sum(&self) -> f64 {
        self.theta.iter().sum()
    }
}

impl Stepper for Chain {
    fn take_steps(&mut self, n: u32) -> Result<(), String> {
        (0..n).for_each(|_| {
            self.step();
        });
        Ok(())
    }
    fn param_sum(&self) -> f64 {
        self.theta.iter().sum()
    }
}

impl Stepper for Dense {
    fn take_steps(&mut self, n: u32) -> Result<(), String> {
        (0..n).for_each(|_| {
            self.step();
        });
        Ok(())
    }
    fn param_sum(&self) -> f64 {
        self.params().iter().sum()
    }
}

/// A stepper with its starting state kept for [`Side::reset`].
struct Steps<T> {
    start: T,
    now: T,
}

impl<T: Stepper> Steps<T> {
    fn boxed(start: T) -> Box<dyn Side>
    where
        T: 'static,
    {
        Box::new(Steps {
            now: start.clone(),
            start,
        })
    }
}

impl<T: Stepper> Side for Steps<T> {
    fn reset(&mut self) {
        self.now.clone_from(&self.start);
    }
    fn run(&mut self, calls: u32) -> Result<f64, String> {
        self.now.take_steps(calls)?;
        Ok(self.now.param_sum())
    }
}

/// The product's landscape: `surface::grid` over two parameters of the seed network.
struct ProductGrid {
    net: Network,
    data: Dataset,
    x: Axis,
    y: Axis,
    out: Vec<f64>,
}

impl Side for ProductGrid {
    fn reset(&mut self) {}
    fn run(&mut self, calls: u32) -> Result<f64, String> {
        for _ in 0..calls {
            grid(&self.net, &self.data, self.x, self.y, &mut self.out)
                .map_err(|e| e.to_string())?;
        }
        Ok(self.out.iter().sum())
    }
}

/// The reference landscape: a fresh forward pass over every sample at every grid point.
struct ReferenceGrid {
    seed: Seed,
    axes: (usize, usize),
    values: Vec<f64>,
}

impl Side for ReferenceGrid {
    fn reset(&mut self) {}
    fn run(&mut self, calls: u32) -> Result<f64, String> {
        let mut sum = 0.0;
        for _ in 0..calls {
            sum = self.seed.grid_sum(self.axes.0, self.axes.1, &self.values);
        }
        Ok(sum)
    }
}

fn fail(e: gradscope_core::Error) -> String {
    e.to_string()
}

/// The product side of `workload`: a [`Trainer`] (W1, W3, W4) or [`grid`] (W2, W2b) built
/// through gradscope-core's public API. Errors: the core refused the workload's definition.
pub fn product(workload: Workload) -> Result<Box<dyn Side>, String> {
    let seed_net = || Network::seed(w::HEALTHY).map_err(fail);
    Ok(match workload {
        Workload::W1 => Steps::boxed(
            Trainer::new(seed_net()?, w::few_samples(), w::W1_LEARNING_RATE).map_err(fail)?,
        ),
        Workload::W2 | Workload::W2b => {
            let (ix, iy) = workload.grid_axes().unwrap_or((4, 5));
            let axis = |index| Axis {
                index,
                min: -w::GRID_HALF_WIDTH,
                max: w::GRID_HALF_WIDTH,
                points: w::GRID_POINTS,
            };
            Box::new(ProductGrid {
                net: seed_net()?,
                data: w::few_samples(),
                x: axis(ix),
                y: axis(iy),
                out: Vec::new(),
            })
        }
        Workload::W3 => {
            let mut net = Network::new(&[1; w::CHAIN_DEPTH + 1], Activation::Relu).map_err(fail)?;
            net.set_params(&w::chain_params()).map_err(fail)?;
            Steps::boxed(Trainer::new(net, w::few_samples(), w::CHAIN_LEARNING_RATE).map_err(fail)?)
        }
        Workload::W4 => {
            let mut net = Network::new(&w::dense_widths(), Activation::Relu).map_err(fail)?;
            net.set_params(&w::dense_params()).map_err(fail)?;
            Steps::boxed(Trainer::new(net, w::all_samples(), w::DENSE_LEARNING_RATE).map_err(fail)?)
        }
    })
}

/// The reference seed network of W1 / W2 / W2b at the healthy preset.
pub fn reference_seed() -> Seed {
    let data = w::few_samples();
    Seed::new(w::HEALTHY, data.xs(), data.ys(), w::W1_LEARNING_RATE)
}

/// The reference chain of W3.
pub fn reference_chain() -> Chain {
    let data = w::few_samples();
    Chain::new(
        &w::chain_params(),
        data.xs(),
        data.ys(),
        w::CHAIN_LEARNING_RATE,
    )
}

/// The reference dense network of W4, its weights from [`w::w4_weight`].
pub fn reference_dense() -> Dense {
    let data = w::all_samples();
    let widths = w::dense_widths();
    let fan_in = widths.clone();
    Dense::new(
        &widths,
        move |l, row, column| w::w4_weight(l, row, column, fan_in[l - 1]),
        data.xs(),
        data.ys(),
        w::DENSE_LEARNING_RATE,
    )
}

/// The reference side of `workload`.
pub fn reference(workload: Workload) -> Box<dyn Side> {
    match workload {
        Workload::W1 => Steps::boxed(reference_seed()),
        Workload::W2 | Workload::W2b => Box::new(ReferenceGrid {
            seed: reference_seed(),
            axes: workload.grid_axes().unwrap_or((4, 5)),
            values: (0..w::GRID_POINTS).map(w::grid_value).collect(),
        }),
        Workload::W3 => Steps::boxed(reference_chain()),
        Workload::W4 => Steps::boxed(reference_dense()),
    }
}
