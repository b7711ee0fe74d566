//! Decoders shared by the fuzz targets: libFuzzer's bytes turned into the numbers, shapes and
//! CSV text that break naive code, drawn often enough to matter.

use arbitrary::{Result, Unstructured};

/// Floats that break naive numerical code.
pub const SPECIAL: [f64; 20] = [
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::MAX,
    f64::MIN,
    1e308,
    -1e308,
    f64::MIN_POSITIVE,
    5e-324,
    -5e-324,
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    500.0,
    1e-8,
    1e3,
    1e6,
    -1e6,
];

/// Any f64: a special value, a moderate one (−10 … 10 in steps of 0.01), or any bit pattern.
pub fn float(u: &mut Unstructured) -> Result<f64> {
    Ok(match u.int_in_range(0u8..=3)? {
        0 => *u.choose(&SPECIAL)?,
        1 => f64::from(u.int_in_range(-1000i16..=1000)?) / 100.0,
        2 => f64::from(u.int_in_range(-1000i16..=1000)?) * 10f64.powi(u.int_in_range(-320..=310)?),
        _ => f64::from_bits(u.arbitrary()?),
    })
}

/// A count: mostly in `usual`, now and then one of `edges`, rarely any `usize`.
pub fn count(
    u: &mut Unstructured,
    usual: core::ops::RangeInclusive<usize>,
    edges: &[usize],
) -> Result<usize> {
    Ok(match u.int_in_range(0u8..=15)? {
        0 => u.arbitrary()?,
        1..=2 if !edges.is_empty() => *u.choose(edges)?,
        _ => u.int_in_range(usual)?,
    })
}

/// CSV text: arbitrary bytes, or rows `x,y` glued from pieces spreadsheets write (a BOM, a
/// header, CRLF, blank lines, quotes), with hostile numbers and labels among them.
pub fn csv(u: &mut Unstructured) -> Result<Vec<u8>> {
    if u.ratio(1, 4)? {
        let len = u.int_in_range(0..=96)?;
        return Ok(u.bytes(len)?.to_vec());
    }
    const PIECES: [&str; 16] = [
        "\u{feff}", "x,y\n", "\r\n", "\n", "\r", ",", "\"", " ", "0", "1", "-2.5e3", "1e999",
        "1e-400", "inf", "NaN", "abc",
    ];
    let mut text = String::new();
    if u.ratio(1, 4)? {
        text.push('\u{feff}');
    }
    if u.ratio(1, 2)? {
        text.push_str("x,y\n");
    }
    let rows = u.int_in_range(0..=12)?;
    for _ in 0..rows {
        if u.ratio(1, 8)? {
            text.push_str(u.choose(&PIECES)?);
            continue;
        }
        let x = float(u)?;
        let y = *u.choose(&["0", "1", "1", "0", "0.5", "-0", "2"])?;
        text.push_str(&format!("{x:e},{y}"));
        text.push_str(u.choose(&["\n", "\r\n", "\n\n"])?);
    }
    Ok(text.into_bytes())
}
