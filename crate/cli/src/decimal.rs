//! Numbers rounded to N significant decimal digits, exactly: a float64 (or a [`Wide`]) is a
//! dyadic rational `M · 2^E`, so its decimal expansion is finite and is written out in full
//! with big integers before it is rounded once (ties to even). A chain's product is formed the
//! same way from its factors' exact values, so the printed result is the correctly rounded
//! product of the very numbers the printed factors round.
//!
//! That is what makes the chain check ([`crate::chain`]) hold at every `--digits`: each printed
//! factor pᵢ is within half a unit of its last digit of the factor's value vᵢ, and the printed
//! result P within half a unit of its last digit of ∏ vᵢ.

use num_bigint::BigUint;

use crate::wide::Wide;

/// How many significant digits to print: 1 ..= 17 (17 are enough to tell any two float64
/// values apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Digits(u8);

impl Digits {
    /// The most digits: 17.
    pub const MAX: u8 = 17;

    /// `n` digits, or None outside 1 ..= 17.
    pub fn new(n: u8) -> Option<Digits> {
        (1..=Self::MAX).contains(&n).then_some(Digits(n))
    }

    /// The count.
    pub fn get(self) -> usize {
        usize::from(self.0)
    }
}

impl Default for Digits {
    /// Ten digits.
    fn default() -> Self {
        Digits(10)
    }
}

/// A number rounded to some significant digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decimal {
    /// Exactly zero (a −0 is zero too: its sign carries no meaning here).
    Zero,
    /// Not a number.
    NaN,
    /// ±∞.
    Infinite {
        /// −∞.
        negative: bool,
    },
    /// `±0.d₁d₂…d_k × 10^(exp10 + 1)`, i.e. `d₁.d₂…d_k × 10^exp10`.
    Finite {
        /// Below zero.
        negative: bool,
        /// The significant digits, ASCII, the first nonzero, trailing zeros removed
        /// (1 ≤ k ≤ `sig`).
        digits: String,
        /// The decimal exponent of the first digit.
        exp10: i64,
        /// The number of significant digits it was rounded to.
        sig: usize,
    },
}

impl Decimal {
    /// `v` rounded to `digits` significant digits.
    pub fn of(v: f64, digits: Digits) -> Decimal {
        Decimal::of_wide(Wide::from_f64(v), digits)
    }

    /// `w` rounded to `digits` significant digits.
    pub fn of_wide(w: Wide, digits: Digits) -> Decimal {
        Decimal::product(&[w], digits)
    }

    /// The exact product of `factors`, rounded once to `digits` significant digits. A zero
    /// factor makes it [`Decimal::Zero`]; non-finite factors follow float64's rules.
    pub fn product(factors: &[Wide], digits: Digits) -> Decimal {
        if factors.iter().any(|f| !f.is_finite()) {
            let p = factors.iter().fold(Wide::from_f64(1.0), |p, &f| p * f);
            let (m, _) = p.parts();
            return if m.is_nan() {
                Decimal::NaN
            } else if m.is_infinite() {
                Decimal::Infinite { negative: m < 0.0 }
            } else {
                Decimal::Zero
            };
        }
        if factors.iter().any(|f| f.is_zero()) {
            return Decimal::Zero;
        }
        let negative = factors.iter().filter(|f| f.is_negative()).count() % 2 == 1;
        let mut m = BigUint::from(1u32);
        let mut e2: i64 = 0;
        for f in factors {
            let (mantissa, exp2) = f.parts();
            // |mantissa| ∈ [1, 2) has 52 bits after the point: it is the integer
            // |mantissa| · 2⁵² times 2⁻⁵².
            let int = (mantissa.abs() * 4_503_599_627_370_496.0) as u64;
            let zeros = int.trailing_zeros();
            m *= int >> zeros;
            e2 += exp2 - 52 + i64::from(zeros);
        }
        round_exact(negative, m, e2, digits.get())
    }

    /// Whether this is a finite nonzero number.
    pub fn is_finite_nonzero(&self) -> bool {
        matches!(self, Decimal::Finite { .. })
    }
}

/// `±m · 2^e2` (m > 0) rounded to `sig` significant digits, ties to even.
fn round_exact(negative: bool, m: BigUint, e2: i64, sig: usize) -> Decimal {
    // m · 2^e2 = m · 2^e2 exactly for e2 ≥ 0, and (m · 5^(−e2)) · 10^e2 below: either way an
    // integer (as decimal text) times a power of ten.
    let (int, exp_shift) = if e2 >= 0 {
        (m << (e2 as u64), 0i64)
    } else {
        let five = BigUint::from(5u32).pow((-e2) as u32);
        (m * five, e2)
    };
    let text = int.to_str_radix(10);
    let bytes = text.as_bytes();
    let mut exp10 = text.len() as i64 - 1 + exp_shift;
    let mut kept: Vec<u8> = bytes[..bytes.len().min(sig)].to_vec();
    if bytes.len() > sig {
        let rest = &bytes[sig..];
        let first = rest[0];
        let tie = first == b'5' && rest[1..].iter().all(|&b| b == b'0');
        let last_odd = (kept[sig - 1] - b'0') % 2 == 1;
        if first > b'5' || (first == b'5' && !tie) || (tie && last_odd) {
            // Add one in the last kept place, carrying through nines.
            let mut i = sig;
            loop {
                if i == 0 {
                    kept.insert(0, b'1');
                    kept.pop();
                    exp10 += 1;
                    break;
                }
                i -= 1;
                if kept[i] == b'9' {
                    kept[i] = b'0';
                } else {
                    kept[i] += 1;
                    break;
                }
            }
        }
    }
    while kept.len() > 1 && kept.last() == Some(&b'0') {
        kept.pop();
    }
    Decimal::Finite {
        negative,
        digits: String::from_utf8_lossy(&kept).into_owned(),
        exp10,
        sig,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: u8) -> Digits {
        Digits::new(n).unwrap_or_default()
    }

    fn parts(x: &Decimal) -> (bool, &str, i64) {
        match x {
            Decimal::Finite {
                negative,
                digits,
                exp10,
                ..
            } => (*negative, digits.as_str(), *exp10),
            other => panic!("not finite: {other:?}"),
        }
    }

    #[test]
    fn rounds_to_significant_digits() {
        assert_eq!(parts(&Decimal::of(0.5, d(10))), (false, "5", -1));
        assert_eq!(parts(&Decimal::of(-123456.7, d(3))), (true, "123", 5));
        assert_eq!(parts(&Decimal::of(9.996, d(3))), (false, "1", 1));
        // 0.1 is 0.1000000000000000055511151231257827…: 17 digits see the 5 after the 16th.
        assert_eq!(
            parts(&Decimal::of(0.1, d(17))),
            (false, "10000000000000001", -1)
        );
        assert_eq!(parts(&Decimal::of(0.1, d(16))), (false, "1", -1));
        // 2⁻¹⁰⁷⁴ = 4.9406564584124654…e−324.
        assert_eq!(
            parts(&Decimal::of(f64::from_bits(1), d(17))),
            (false, "49406564584124654", -324)
        );
        assert_eq!(Decimal::of(-0.0, d(5)), Decimal::Zero);
        assert_eq!(Decimal::of(f64::NAN, d(5)), Decimal::NaN);
    }

    #[test]
    fn ties_go_to_even() {
        // 0.125 and 0.375 are exact in binary.
        assert_eq!(parts(&Decimal::of(0.125, d(2))), (false, "12", -1));
        assert_eq!(parts(&Decimal::of(0.375, d(2))), (false, "38", -1));
        assert_eq!(parts(&Decimal::of(2.5, d(1))), (false, "2", 0));
    }

    #[test]
    fn products_are_exact_beyond_float64() {
        // 0.1 · 0.1 in float64 arithmetic is 0.010000000000000002; the exact product of the two
        // float64 values is 0.01000000000000000111022302462515654…
        let tenth = Wide::from_f64(0.1);
        assert_eq!(
            parts(&Decimal::product(&[tenth, tenth], d(17))),
            (false, "10000000000000001", -2)
        );
        // 1e−300 · 1e−300 · 3 = 3e−600 (to 10 digits).
        let t = Wide::from_f64(1e-300);
        assert_eq!(
            parts(&Decimal::product(&[t, t, Wide::from_f64(-3.0)], d(10))),
            (true, "3", -600)
        );
        assert_eq!(Decimal::product(&[t, Wide::ZERO], d(10)), Decimal::Zero);
    }
}
