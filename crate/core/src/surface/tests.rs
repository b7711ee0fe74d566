use super::*;

/// The scalar path: one sample at a time through the per-sample forward pass and the
/// scalar loss (libm's exp and log1p), summed in order.
fn scalar_loss(net: &Network, data: &Dataset) -> f64 {
    let sum: f64 = data
        .xs()
        .iter()
        .zip(data.ys())
        .map(|(&x, &y)| loss::bce_from_logit(net.logit(x), y))
        .sum();
    sum / data.len() as f64
}

fn data() -> Result<Dataset> {
    Dataset::new(
        alloc::vec![0.5, 1.0, 1.5, 2.0],
        alloc::vec![0.0, 0.0, 1.0, 1.0],
    )
}

#[test]
fn grid_matches_direct_evaluation_for_every_pair() -> Result<()> {
    let net = Network::seed([0.5, 0.1, 0.4, 0.1, 1.0, -0.3])?;
    let d = data()?;
    for (px, py) in [(0, 1), (4, 5), (0, 5), (2, 3)] {
        let x = Axis {
            index: px,
            min: -1.0,
            max: 2.0,
            points: 4,
        };
        let y = Axis {
            index: py,
            min: -0.5,
            max: 0.5,
            points: 3,
        };
        let mut out = Vec::new();
        grid(&net, &d, x, y, &mut out)?;
        assert_eq!(out.len(), 12);
        for iy in 0..3 {
            for ix in 0..4 {
                let mut probe = net.clone();
                probe.set_param(px, x.value(ix))?;
                probe.set_param(py, y.value(iy))?;
                let direct = scalar_loss(&probe, &d);
                assert!((out[iy * 4 + ix] - direct).abs() <= 1e-15 * direct.abs().max(1.0));
            }
        }
    }
    Ok(())
}

#[test]
fn grid_on_real_data_is_within_1e_12_of_the_scalar_path() -> Result<()> {
    let data = Dataset::breast_cancer();
    let mut wide = Network::new(&[1, 4, 3, 1], Activation::Tanh)?;
    let p: Vec<f64> = (0..wide.param_count())
        .map(|i| ((i * 7919) % 13) as f64 / 6.0 - 1.0)
        .collect();
    wide.set_params(&p)?;
    let mut deep = Vec::new();
    for (act, depth) in [(Activation::Sigmoid, 11), (Activation::Tanh, 8)] {
        let mut net = Network::new(&alloc::vec![1; depth + 1], act)?;
        let p: Vec<f64> = (0..2 * depth)
            .map(|i| {
                if i % 2 == 0 {
                    1.3 - 0.1 * i as f64
                } else {
                    0.05 * i as f64
                }
            })
            .collect();
        net.set_params(&p)?;
        deep.push(net);
    }
    let nets = [
        Network::seed([0.5, 1.0, 0.8, 0.2, 1.5, -1.0])?,
        Network::seed([-0.7, 2.0, 1.3, -0.4, 500.0, 0.1])?,
        wide,
        deep.remove(0),
        deep.remove(0),
    ];
    for net in &nets {
        for n in [64, data.len()] {
            let d = data.head(n);
            let last = net.param_count() - 1;
            // Output-layer columns (the row recurrence, 37 columns = more than one
            // segment and a partial group), a lower pair, an output-layer row (transposed).
            for (px, py, span) in [
                (last - 1, last, 3.0),
                (last - 1, last, 300.0),
                (0, 1, 30.0),
                (2, last, 30.0),
            ] {
                let axis = |index, lo: f64, hi: f64, points| Axis {
                    index,
                    min: lo,
                    max: hi,
                    points,
                };
                let (x, y) = (axis(px, -span, span, 37), axis(py, -3.0, 3.0, 5));
                let mut out = Vec::new();
                grid(net, &d, x, y, &mut out)?;
                for (k, &got) in out.iter().enumerate() {
                    let mut probe = net.clone();
                    probe.set_param(px, x.value(k % 37))?;
                    probe.set_param(py, y.value(k / 37))?;
                    let want = scalar_loss(&probe, &d);
                    assert!((got - want).abs() <= 1e-12 * want, "{got} vs {want}");
                }
            }
        }
    }
    Ok(())
}

#[test]
fn bands_of_rows_give_the_whole_grid() -> Result<()> {
    let data = Dataset::breast_cancer().head(50);
    let seed = Network::seed([0.5, 1.0, 0.8, 0.2, 1.5, -1.0])?;
    let mut tanh = Network::new(&[1, 2, 1], Activation::Tanh)?;
    tanh.set_params(&[0.3, -0.8, 0.1, 0.2, 1.1, -0.6, 0.05])?;
    // Output-layer columns, output-layer rows (transposed), a ReLU chain, the general path.
    for (net, px, py) in [(&seed, 4, 5), (&seed, 0, 4), (&seed, 0, 3), (&tanh, 0, 2)] {
        let axis = |index, points| Axis {
            index,
            min: -2.0,
            max: 2.5,
            points,
        };
        let (x, y) = (axis(px, 13), axis(py, 11));
        let mut whole = Vec::new();
        grid(net, &data, x, y, &mut whole)?;
        let mut bands = Vec::new();
        for r in [0..3, 3..4, 4..10, 10..20] {
            grid_rows(net, &data, x, y, r, &mut bands)?;
        }
        if py == 4 {
            // Output-layer rows run the row kernel along y: a band of rows cuts its lines
            // and restarts its recurrence elsewhere, which moves the last bits.
            for (b, w) in bands.iter().zip(&whole) {
                assert!((b - w).abs() <= 1e-14 * w, "({px}, {py})");
            }
        } else {
            let bits = |v: &[f64]| v.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&bands), bits(&whole), "({px}, {py})");
        }
        assert_eq!(bands.len(), whole.len());
    }
    Ok(())
}

#[test]
fn profile_through_w3_at_zero_is_ln2_plus_bias_term() -> Result<()> {
    // With w3 = 0 and b3 = 0 every logit is 0, so the loss is ln 2 whatever the rest.
    let net = Network::seed([0.5, 0.1, 0.4, 0.1, 1.0, 0.0])?;
    let mut out = Vec::new();
    profile(
        &net,
        &data()?,
        Axis {
            index: 4,
            min: -1.0,
            max: 1.0,
            points: 3,
        },
        &mut out,
    )?;
    assert!((out[1] - core::f64::consts::LN_2).abs() < 1e-15);
    Ok(())
}

#[test]
fn bad_axes_are_rejected() -> Result<()> {
    let net = Network::seed([1.0; 6])?;
    let d = data()?;
    let ok = Axis {
        index: 0,
        min: 0.0,
        max: 1.0,
        points: 4,
    };
    let mut out = Vec::new();
    assert!(grid(&net, &d, ok, ok, &mut out).is_err());
    for bad in [
        Axis { index: 9, ..ok },
        Axis { min: 1.0, ..ok },
        Axis {
            max: f64::INFINITY,
            ..ok
        },
        Axis {
            min: f64::NAN,
            ..ok
        },
        Axis { points: 1, ..ok },
        Axis { points: 5000, ..ok },
    ] {
        assert!(profile(&net, &d, bad, &mut out).is_err());
    }
    Ok(())
}
