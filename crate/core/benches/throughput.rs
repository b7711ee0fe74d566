//! Throughput of the numerical core (criterion), for a quick look while changing it. `make bench`
//! does not run this: its numbers come from `crate/bench`, which times the same workloads
//! against a plain reference loop, interleaved, natively and in wasm.
//!
//! * `seed_step_64`: one full-batch gradient-descent step of the seed network on the first 64
//!   breast-cancer samples (healthy preset, α = 0.5);
//! * `chain20_step_64`: the same for a width-one network of depth 20 (ReLU, every w = 1.05,
//!   b = 0.1; the id is the one `tests/bench` reads);
//! * `landscape_256_w3_b3` / `landscape_256_w1_b1`: a 256 × 256 loss grid over those samples,
//!   varying the top layer (cheapest: the activations below are cached) and the bottom layer
//!   (dearest: the whole network per point).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use gradscope_core::surface::{grid, Axis};
use gradscope_core::{Activation, Dataset, Network, Trainer};
use std::hint::black_box;

const HEALTHY: [f64; 6] = [0.5, 1.0, 0.8, 0.2, 1.5, -1.0];

fn data64() -> Dataset {
    Dataset::breast_cancer().head(64)
}

fn steps(c: &mut Criterion) {
    let trainer = Trainer::new(Network::seed(HEALTHY).unwrap(), data64(), 0.5).unwrap();
    let mut g = c.benchmark_group("core");
    g.throughput(Throughput::Elements(1000));
    g.bench_function("seed_step_64_x1000", |b| {
        b.iter_batched_ref(
            || trainer.clone(),
            |t| black_box(t.step(1000)),
            BatchSize::SmallInput,
        )
    });
    let mut deep = Network::new(&[1; 21], Activation::Relu).unwrap();
    let params: Vec<f64> = (0..40)
        .map(|i| if i % 2 == 0 { 1.05 } else { 0.1 })
        .collect();
    deep.set_params(&params).unwrap();
    let trainer = Trainer::new(deep, data64(), 1e-3).unwrap();
    g.bench_function("chain20_step_64_x1000", |b| {
        b.iter_batched_ref(
            || trainer.clone(),
            |t| black_box(t.step(1000)),
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

fn landscapes(c: &mut Criterion) {
    let net = Network::seed(HEALTHY).unwrap();
    let data = data64();
    let mut g = c.benchmark_group("core");
    g.throughput(Throughput::Elements(256 * 256));
    g.sample_size(10);
    for (name, ix, iy) in [("landscape_256_w3_b3", 4, 5), ("landscape_256_w1_b1", 0, 1)] {
        let x = Axis {
            index: ix,
            min: -3.0,
            max: 3.0,
            points: 256,
        };
        let y = Axis {
            index: iy,
            min: -3.0,
            max: 3.0,
            points: 256,
        };
        let mut out = Vec::new();
        g.bench_function(name, |b| {
            b.iter(|| grid(black_box(&net), &data, x, y, &mut out).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, steps, landscapes);
criterion_main!(benches);
