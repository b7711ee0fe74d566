use gradscope_core::surface::{grid, Axis};
use gradscope_core::{Dataset, Network};
use std::time::Instant;
fn scalar(a: &[f64], y: &[f64]) -> f64 {
    let mut s = 0.0;
    for iy in 0..256 {
        let b = -3.0 + 6.0 * iy as f64 / 255.0;
        for ix in 0..256 {
            let w = -3.0 + 6.0 * ix as f64 / 255.0;
            for (&ai, &yi) in a.iter().zip(y) {
                let z = b + w * ai;
                s += z.max(0.0) - z * yi + (-z.abs()).exp().ln_1p();
            }
        }
    }
    s
}
fn main() {
    let net = Network::seed([0.5, 1.0, 0.8, 0.2, 1.5, -1.0]).unwrap();
    let data = Dataset::breast_cancer().head(64);
    let a: Vec<f64> = data
        .xs()
        .iter()
        .map(|&x| {
            let o1 = (1.0 + 0.5 * x).max(0.0);
            (0.2 + 0.8 * o1).max(0.0)
        })
        .collect();
    let mut out = Vec::new();
    for (ix, iy) in [(4usize, 5usize), (0, 1)] {
        let ax = |index| Axis {
            index,
            min: -3.0,
            max: 3.0,
            points: 256,
        };
        let (mut tp, mut tr) = (vec![], vec![]);
        for _ in 0..7 {
            let t = Instant::now();
            grid(&net, &data, ax(ix), ax(iy), &mut out).unwrap();
            tp.push(t.elapsed().as_secs_f64());
            let t = Instant::now();
            std::hint::black_box(scalar(&a, data.ys()));
            tr.push(t.elapsed().as_secs_f64());
        }
        tp.sort_by(f64::total_cmp);
        tr.sort_by(f64::total_cmp);
        println!(
            "({ix},{iy}) product {:.0} k pts/s  plain-glibc(w3,b3) {:.0} k pts/s",
            65536.0 / tp[3] / 1e3,
            65536.0 / tr[3] / 1e3
        );
    }
}
