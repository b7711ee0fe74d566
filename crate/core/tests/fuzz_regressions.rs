//! Inputs the fuzz targets (`make fuzz`, `fuzz/fuzz_targets/core_api.rs`) found panicking, kept
//! as tests: each names what it found and checks the fixed behaviour.

use gradscope_core::surface::{self, Axis};
use gradscope_core::{Dataset, History, Network, Record};

/// core_api: `History::new(usize::MAX)` overflowed adding the three per-record floats
/// ("attempt to add with overflow"). Now the count saturates and the history keeps its
/// smallest capacities.
#[test]
fn a_history_for_an_impossible_parameter_count_keeps_its_minimum_capacity() {
    for count in [usize::MAX, usize::MAX - 2, usize::MAX / 2] {
        let mut h = History::new(count);
        let min = History::MIN_CAPACITY;
        assert_eq!(h.capacities(), (min, min));
        for step in 0..3 * min as u64 {
            h.push(Record {
                step,
                loss: 1.0,
                grad_norm: 1.0,
                params: vec![0.0; 2],
            });
        }
        assert_eq!(h.recent().len(), min);
        assert!(h.all().count() <= 2 * min);
    }
}

/// core_api: `Axis { points: 0, .. }.value(i)` subtracted 1 from 0 points ("attempt to
/// subtract with overflow"). An axis of fewer than two points now has only its minimum, and
/// every function taking one still refuses it.
#[test]
fn an_axis_of_fewer_than_two_points_has_only_its_minimum() {
    let net = Network::seed([0.5, 1.0, 0.8, 0.2, 1.5, -1.0]).unwrap();
    let data = Dataset::threshold();
    for points in [0, 1] {
        let axis = Axis {
            index: 4,
            min: -2.0,
            max: 3.0,
            points,
        };
        for i in [0, 1, 7, usize::MAX] {
            assert_eq!(axis.value(i), -2.0, "points {points}, i {i}");
        }
        let other = Axis {
            index: 5,
            points: 3,
            ..axis
        };
        let mut out = Vec::new();
        assert!(surface::profile(&net, &data, axis, &mut out).is_err());
        assert!(surface::grid(&net, &data, axis, other, &mut out).is_err());
        assert!(surface::grid(&net, &data, other, axis, &mut out).is_err());
    }
}
