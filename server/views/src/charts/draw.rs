//! Drawing helpers shared by the charts: SVG elements, text width estimates and numbers.

use super::*;

pub(super) fn open_svg(out: &mut String, id: &str, kind: &str, height: f64, title: &str, description: &str) {
    let id = sanitize_id(id);
    let _ = write!(
        out,
        r#"<svg role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg" class="chart {kind}" font-size="{}"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        num(WIDTH),
        num(height),
        num(FONT),
        escape(&clean(title)),
        escape(&clean(description))
    );
}

/// A `<text>` element; `content` is plain text (escaped here).
pub(super) fn text(out: &mut String, class: &str, x: f64, y: f64, anchor: Anchor, content: &str) {
    let anchor = match anchor {
        Anchor::Start => "",
        Anchor::Middle => r#" text-anchor="middle""#,
        Anchor::End => r#" text-anchor="end""#,
    };
    let _ = write!(
        out,
        r#"<text class="{class}" x="{}" y="{}"{anchor} fill="currentColor">{}</text>"#,
        num(x),
        num(y),
        escape(content)
    );
}

/// A `<title>` (tooltip) with the full label and, when given, its value.
pub(super) fn tooltip(out: &mut String, label: &str, value: &str) {
    let label = clean(label);
    let value = clean(value);
    let full = match (label.is_empty(), value.is_empty()) {
        (_, true) => label,
        (true, false) => value,
        (false, false) => format!("{label}: {value}"),
    };
    if !full.is_empty() {
        let _ = write!(out, "<title>{}</title>", escape(&full));
    }
}

pub(super) fn segment_class(index: usize, highlight: bool) -> &'static str {
    if highlight {
        "seg-hi"
    } else if index.is_multiple_of(2) {
        "seg-a"
    } else {
        "seg-b"
    }
}

/// Keeps `[A-Za-z0-9_-]`, replacing anything else with `-`; `chart` when empty.
pub(super) fn sanitize_id(id: &str) -> String {
    let id: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '-' }).collect();
    if id.is_empty() {
        "chart".to_owned()
    } else {
        id
    }
}

/// Collapses runs of whitespace (including line breaks) to one space and trims the ends.
pub(super) fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Estimated width of one character in units (see the module documentation).
pub(super) fn char_units(c: char) -> usize {
    let u = c as u32;
    if c.is_control()
        || matches!(u, 0x0300..=0x036F | 0x200B..=0x200F | 0x2060..=0x2064 | 0xFE00..=0xFE0F | 0xFEFF | 0xE0100..=0xE01EF)
    {
        return 0;
    }
    let wide = matches!(
        u,
        0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xA960..=0xA97F
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE10..=0xFE19
            | 0xFE30..=0xFE6F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x1F300..=0x1F64F
            | 0x1F900..=0x1F9FF
            | 0x20000..=0x3FFFD
    );
    if wide {
        2
    } else {
        1
    }
}

pub(super) fn text_units(s: &str) -> usize {
    s.chars().map(char_units).fold(0, usize::saturating_add)
}

/// How many width units fit in `width` user units.
pub(super) fn units_in(width: f64) -> usize {
    if width.is_finite() && width > 0.0 {
        (width / UNIT).floor() as usize
    } else {
        0
    }
}

/// The text (whitespace cleaned) cut to `max_units` with a final "…"; `true` when cut.
pub(super) fn fit(s: &str, max_units: usize) -> (String, bool) {
    let s = clean(s);
    if text_units(&s) <= max_units {
        return (s, false);
    }
    if max_units < ELLIPSIS_UNITS {
        return (String::new(), true);
    }
    let budget = max_units - ELLIPSIS_UNITS;
    let mut kept = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_units(c);
        if used + w > budget {
            break;
        }
        used += w;
        kept.push(c);
    }
    let mut kept = kept.trim_end().to_owned();
    kept.push('…');
    (kept, true)
}

pub(super) fn finite(v: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        0.0
    }
}

pub(super) fn non_negative(v: f64) -> f64 {
    finite(v).max(0.0)
}

/// `v / scale` clamped to 0..=1 (0 when the scale is not positive).
pub(super) fn fraction(v: f64, scale: f64) -> f64 {
    if !(scale.is_finite() && scale > 0.0) {
        return 0.0;
    }
    let f = finite(v) / scale;
    if f.is_nan() {
        0.0
    } else {
        f.clamp(0.0, 1.0)
    }
}

/// A number for an SVG attribute: at most 2 decimals, no trailing zeros, never `NaN`.
pub(super) fn num(v: f64) -> String {
    let mut s = format!("{:.2}", finite(v));
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" {
        s = "0".to_owned();
    }
    s
}

/// A number for an axis or tooltip: thousands separators, at most 2 decimals; exponent
/// notation from 10^15 up.
pub(super) fn format_number(v: f64) -> String {
    let v = finite(v);
    if v.abs() >= 1e15 {
        return format!("{v:.2e}");
    }
    let plain = num(v);
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// The smallest of 1, 2, 2.5, 5 or 10 times a power of ten that is at least `v` (for `v > 0`);
/// `v` itself when that is not representable.
pub(super) fn nice_ceil(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return 1.0;
    }
    let power = 10f64.powi(v.log10().floor() as i32);
    if !(power.is_finite() && power > 0.0) {
        return v;
    }
    let m = v / power;
    let nice = [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().find(|&n| m <= n * (1.0 + 1e-9)).unwrap_or(10.0) * power;
    if nice.is_finite() && nice >= v {
        nice
    } else {
        v
    }
}
