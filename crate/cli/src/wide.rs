//! A float with an unbounded binary exponent, for chain-rule products and their sums: a
//! per-sample ∂Lᵢ/∂θ of 10⁻⁴⁰⁰ is a real number the table should print, not the 0 that
//! float64 rounds it to.

/// `mantissa · 2^exp2` with |mantissa| ∈ [1, 2) for a nonzero finite value; a zero is
/// `(0, 0)` (never −0) and a non-finite value is `(±∞ or NaN, 0)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wide {
    mantissa: f64,
    exp2: i64,
}

/// 2^k as an f64 for −1022 ≤ k ≤ 1023 (built from its bits, so exact).
fn pow2(k: i64) -> f64 {
    f64::from_bits(((k + 1023) as u64) << 52)
}

impl Wide {
    /// Zero.
    pub const ZERO: Wide = Wide {
        mantissa: 0.0,
        exp2: 0,
    };

    /// The exact value of `v` (−0 becomes 0).
    pub fn from_f64(v: f64) -> Wide {
        if v == 0.0 {
            return Wide::ZERO;
        }
        if !v.is_finite() {
            return Wide {
                mantissa: v,
                exp2: 0,
            };
        }
        // Subnormals have no implicit leading bit: scale them into the normal range first.
        let (v, shift) = if v.abs() < f64::MIN_POSITIVE {
            (v * pow2(64), -64)
        } else {
            (v, 0)
        };
        let bits = v.to_bits();
        let biased = ((bits >> 52) & 0x7ff) as i64;
        let mantissa = f64::from_bits((bits & !(0x7ff << 52)) | (1023 << 52));
        Wide {
            mantissa,
            exp2: biased - 1023 + shift,
        }
    }

    /// `±10^log10_abs`, the value of a number known by its logarithm (accurate to about
    /// |log10_abs| · 10⁻¹⁶ relative, from the float64 product `log10_abs · log₂10`).
    /// A non-finite `log10_abs` gives 0 (−∞) or ∞ (+∞, NaN as NaN).
    pub fn from_log10(negative: bool, log10_abs: f64) -> Wide {
        let sign = if negative { -1.0 } else { 1.0 };
        if log10_abs == f64::NEG_INFINITY {
            return Wide::ZERO;
        }
        if !log10_abs.is_finite() {
            return Wide::from_f64(sign * log10_abs.abs());
        }
        let t = log10_abs * std::f64::consts::LOG2_10;
        let e = t.floor();
        let m = Wide::from_f64(sign * (t - e).exp2());
        Wide {
            mantissa: m.mantissa,
            exp2: m.exp2 + e as i64,
        }
    }

    /// Whether the value is finite.
    pub fn is_finite(self) -> bool {
        self.mantissa.is_finite()
    }

    /// Whether the value is zero.
    pub fn is_zero(self) -> bool {
        self.mantissa == 0.0
    }

    /// Whether the value is below zero.
    pub fn is_negative(self) -> bool {
        self.mantissa < 0.0
    }

    /// `(mantissa, exp2)`: the value is `mantissa · 2^exp2`, |mantissa| ∈ [1, 2) when finite
    /// and nonzero.
    pub fn parts(self) -> (f64, i64) {
        (self.mantissa, self.exp2)
    }

    /// `self` with its exponent moved by `k` (exact).
    fn scaled(self, k: i64) -> Wide {
        if self.is_zero() || !self.is_finite() {
            return self;
        }
        Wide {
            mantissa: self.mantissa,
            exp2: self.exp2 + k,
        }
    }
}

impl std::ops::Mul for Wide {
    type Output = Wide;

    /// The product, rounded once (relative error ≤ 2⁻⁵³); f64 rules for ∞ and NaN.
    fn mul(self, other: Wide) -> Wide {
        if !self.is_finite() || !other.is_finite() {
            return Wide::from_f64(self.mantissa * other.mantissa);
        }
        if self.is_zero() || other.is_zero() {
            return Wide::ZERO;
        }
        Wide::from_f64(self.mantissa * other.mantissa).scaled(self.exp2 + other.exp2)
    }
}

impl std::ops::Add for Wide {
    type Output = Wide;

    /// The sum, rounded once; f64 rules for ∞ and NaN.
    fn add(self, other: Wide) -> Wide {
        if !self.is_finite() || !other.is_finite() {
            return Wide::from_f64(self.mantissa + other.mantissa);
        }
        if self.is_zero() {
            return other;
        }
        if other.is_zero() {
            return self;
        }
        let (big, small) = if self.exp2 >= other.exp2 {
            (self, other)
        } else {
            (other, self)
        };
        let gap = big.exp2 - small.exp2;
        if gap > 60 {
            // Below half an ulp of `big`: the rounded sum is `big`.
            return big;
        }
        Wide::from_f64(big.mantissa + small.mantissa * pow2(-gap)).scaled(big.exp2)
    }
}

impl std::ops::Div<usize> for Wide {
    type Output = Wide;

    /// The value divided by a whole number `n` ≥ 1, rounded once.
    fn div(self, n: usize) -> Wide {
        if self.is_zero() || !self.is_finite() {
            return Wide::from_f64(self.mantissa / n as f64);
        }
        Wide::from_f64(self.mantissa / n as f64).scaled(self.exp2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposes_normal_subnormal_and_special_values() {
        assert_eq!(Wide::from_f64(-6.0).parts(), (-1.5, 2));
        assert_eq!(Wide::from_f64(0.375).parts(), (1.5, -2));
        // The smallest subnormal is 2⁻¹⁰⁷⁴.
        assert_eq!(Wide::from_f64(f64::from_bits(1)).parts(), (1.0, -1074));
        assert_eq!(Wide::from_f64(-0.0), Wide::ZERO);
        assert!(!Wide::from_f64(f64::NAN).is_finite());
    }

    #[test]
    fn products_and_sums_leave_the_float64_range_and_come_back() {
        let tiny = Wide::from_f64(1e-300);
        let huge = Wide::from_f64(1e300);
        // 1e−300 · 1e−300 = 1e−600, then · 1e300 · 1e300 = 1 (rounding of four products).
        let back = tiny * tiny * huge * huge;
        let (m, e) = back.parts();
        assert_eq!(e, 0);
        assert!((m - 1.0).abs() < 1e-15, "{m}");
        // 2⁻²⁰⁰⁰ + 2⁻²⁰⁰⁰ = 2⁻¹⁹⁹⁹; 2⁻²⁰⁰⁰ + 1 = 1.
        let a = Wide::from_f64(1.0).scaled(-2000);
        assert_eq!((a + a).parts(), (1.0, -1999));
        assert_eq!((a + Wide::from_f64(1.0)).parts(), (1.0, 0));
        assert_eq!(a + a * Wide::from_f64(-1.0), Wide::ZERO);
        assert_eq!((Wide::from_f64(3.0) / 4).parts(), (1.5, -1));
    }

    #[test]
    fn from_log10_matches_powers_of_ten() {
        // 10³ = 1000 = 1.953125 · 2⁹; 10⁻⁴⁰⁰ = 2^(−1328.77…).
        let (m, e) = Wide::from_log10(true, 3.0).parts();
        assert_eq!(e, 9);
        assert!((m + 1.953125).abs() < 1e-14);
        let (_, e) = Wide::from_log10(false, -400.0).parts();
        assert_eq!(e, -1329);
        assert_eq!(Wide::from_log10(false, f64::NEG_INFINITY), Wide::ZERO);
    }
}
