//! Accessible SVG charts rendered on the server as markup strings (for Leptos `inner_html`).
//!
//! Every chart sits beside an HTML data table that carries the numbers, so the SVG is a
//! labelled picture: the root is `role="img"` named by its `<title>` and `<desc>`, and the
//! text drawn inside is a visual aid only. Colours come from the site stylesheet through class
//! names (`chart`, `bar`, `bar-hi`, `seg-a`, `seg-b`, `seg-hi`, `seg-rest`, `axis`, `ref-line`,
//! `target-line`, `label`, `value`, plus `row`, `row-hi`, `line`, `point`, `grid`); text is
//! drawn with `fill="currentColor"` so it follows the theme.
//!
//! Layout: every chart is 320 user units wide with 14-unit text and has no fixed pixel size
//! (`width="100%"`, height from the viewBox), so at a 288 CSS px wide column (a 320 px phone
//! minus page padding) text is about 12.6 px; the stylesheet caps `.chart` at 32rem wide so it
//! does not grow huge on wide screens. Do not set `font-size` on chart text in CSS: label
//! truncation assumes the 14-unit size set on the root.
//!
//! Text width is estimated, not measured (the server has no fonts): East Asian wide
//! characters (CJK ideographs, kana, Hangul, full-width forms, most emoji) count 2 units,
//! other characters 1 unit, controls and combining marks 0; one unit is 0.6 em, slightly
//! more than the average Latin glyph, so a wide character is budgeted at 1.2 em. Labels
//! longer than their space are cut and end with "…" (budgeted at 2 units, as CJK fonts draw
//! it full width); the full text stays in a `<title>` (a tooltip) of that bar's group.
//!
//! Robustness: no function panics. Non-finite numbers count as 0, negative values draw as 0,
//! numbers in attributes have at most 2 decimals, the output is deterministic, and all
//! caller text is escaped (ids are reduced to `[A-Za-z0-9_-]`).

use std::fmt::Write;

use serde::{Deserialize, Serialize};

mod draw;
use draw::*;

/// Width of every chart, in user units.
const WIDTH: f64 = 320.0;
/// Inset on the left and right so strokes at the edges are not cut.
const PAD: f64 = 2.0;
/// Text size in user units (set once on the root).
const FONT: f64 = 14.0;
/// User units per width unit of [`text_units`] (0.6 em).
const UNIT: f64 = FONT * 0.6;
/// Width units budgeted for the "…" ending a truncated label.
const ELLIPSIS_UNITS: usize = 2;
/// Space between a bar and its value label.
const GAP: f64 = 6.0;
/// Smallest chart height, so an empty chart still has a (blank) drawing area.
const MIN_HEIGHT: f64 = 24.0;

/// One bar of [`horizontal_bars`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// The value as the page shows it (e.g. `1,234票`), drawn at the end of the bar.
    pub value_label: String,
    /// Drawn with class `bar-hi` (e.g. a funded or winning project).
    pub highlight: bool,
}

/// A horizontal bar chart: one row per bar, label above its bar, value label at its end.
#[derive(Debug, Clone, Copy)]
pub struct BarChart<'a> {
    /// Unique on the page; used for the `<title>`/`<desc>` ids.
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub bars: &'a [Bar],
    /// The value of a full-width bar; by default the largest value (or the reference, if larger).
    pub max: Option<f64>,
    /// An optional vertical reference line (value, label), e.g. a threshold.
    pub reference: Option<(f64, &'a str)>,
}

/// One part of a [`budget_line`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Segment {
    pub label: String,
    pub value: f64,
    /// Drawn with class `seg-hi` instead of the alternating `seg-a`/`seg-b`.
    pub highlight: bool,
}

/// One point of a [`line_chart`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Point {
    pub label: String,
    pub value: f64,
}

/// A KPI's progress from its baseline towards its target (see [`progress_bar`]).
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub baseline: f64,
    pub current: f64,
    pub target: f64,
    /// Display labels of the baseline, current value and target (e.g. `基準 120`, `現在 95`, `目標 80`).
    pub labels: (&'a str, &'a str, &'a str),
}

/// Escapes text for XML/HTML text and attribute values (`& < > " '`), dropping characters
/// XML does not allow (C0 controls other than tab, line feed and carriage return; U+FFFE/U+FFFF).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Horizontal bars, one row per bar: the label (truncated to the chart width) above the bar,
/// the value label after its end; highlighted bars get class `bar-hi` (and their row `row-hi`).
pub fn horizontal_bars(c: &BarChart) -> String {
    const ROW: f64 = 44.0;
    const BAR_H: f64 = 16.0;
    const MAX_VALUE_UNITS: usize = 16;

    let inner = WIDTH - 2.0 * PAD;
    let largest = c.bars.iter().map(|b| non_negative(b.value)).fold(0.0, f64::max);
    let reference = c.reference.map(|(v, label)| (non_negative(v), label));
    let scale = match c.max.map(finite) {
        Some(m) if m > 0.0 => m,
        _ => largest.max(reference.map_or(0.0, |r| r.0)),
    };

    // A column on the right wide enough for the longest value label (capped).
    let value_units = c.bars.iter().map(|b| text_units(&clean(&b.value_label)).min(MAX_VALUE_UNITS)).max().unwrap_or(0);
    let value_w = if value_units == 0 { 0.0 } else { (value_units as f64 * UNIT + GAP).min(inner * 0.45) };
    let bar_area = inner - value_w;
    let label_units = units_in(inner);
    let value_label_units = units_in(value_w - GAP);

    let top = if reference.is_some() { 24.0 } else { 0.0 };
    let rows_h = c.bars.len() as f64 * ROW;
    let height = (top + rows_h + 4.0).max(MIN_HEIGHT);

    let mut out = String::new();
    open_svg(&mut out, c.id, "chart-bars", height, c.title, c.description);
    for (i, bar) in c.bars.iter().enumerate() {
        let y0 = top + i as f64 * ROW;
        let w = fraction(non_negative(bar.value), scale) * bar_area;
        let (row_class, bar_class) = if bar.highlight { ("row row-hi", "bar-hi") } else { ("row", "bar") };
        let _ = write!(out, r#"<g class="{row_class}">"#);
        tooltip(&mut out, &bar.label, &bar.value_label);
        let (label, _) = fit(&bar.label, label_units);
        text(&mut out, "label", PAD, y0 + 14.0, Anchor::Start, &label);
        let _ = write!(
            out,
            r#"<rect class="{bar_class}" x="{}" y="{}" width="{}" height="{}"/>"#,
            num(PAD),
            num(y0 + 20.0),
            num(w),
            num(BAR_H)
        );
        let (value, _) = fit(&bar.value_label, value_label_units);
        if !value.is_empty() {
            text(&mut out, "value", PAD + w + GAP, y0 + 20.0 + BAR_H / 2.0 + 5.0, Anchor::Start, &value);
        }
        out.push_str("</g>");
    }
    if let Some((value, label)) = reference {
        let x = PAD + fraction(value, scale) * bar_area;
        let bottom = (top + rows_h - 4.0).max(top);
        out.push_str(r#"<g class="reference">"#);
        let _ = write!(out, r#"<line class="ref-line" x1="{x}" y1="18" x2="{x}" y2="{}"/>"#, num(bottom), x = num(x));
        let (anchor, room) =
            if x - PAD <= inner / 2.0 { (Anchor::Start, WIDTH - PAD - x) } else { (Anchor::End, x - PAD) };
        let (shown, _) = fit(label, units_in(room));
        if !shown.is_empty() {
            text(&mut out, "label", x, 14.0, anchor, &shown);
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// One stacked horizontal bar whose full width is `total`, with the segments laid end to end
/// (classes `seg-a`/`seg-b` alternating by position, `seg-hi` when highlighted), the unused
/// remainder as `seg-rest`, and a tick at 100% labelled `total_label`. Segments past the total
/// are cut at the tick. A legend below lists the segments in order (left to right), each with a
/// swatch of its class. When `total` is not positive the segments are scaled to their own sum.
pub fn budget_line(
    id: &str,
    title: &str,
    description: &str,
    total: f64,
    total_label: &str,
    segments: &[Segment],
) -> String {
    const BAR_Y: f64 = 24.0;
    const BAR_H: f64 = 24.0;
    const LEGEND_ROW: f64 = 20.0;
    const SWATCH: f64 = 12.0;

    let inner = WIDTH - 2.0 * PAD;
    let total = finite(total);
    let scale = if total > 0.0 {
        total
    } else {
        let sum = segments.iter().map(|s| non_negative(s.value)).fold(0.0, |a, b| (a + b).min(f64::MAX));
        if sum > 0.0 {
            sum
        } else {
            1.0
        }
    };
    let legend_top = BAR_Y + BAR_H + 12.0;
    let height = legend_top + segments.len() as f64 * LEGEND_ROW + 4.0;

    let mut out = String::new();
    open_svg(&mut out, id, "chart-budget", height, title, description);

    let mut used = 0.0_f64; // fraction of the total already drawn, 0..=1
    for (i, seg) in segments.iter().enumerate() {
        let start = used;
        used = (used + fraction(non_negative(seg.value), scale)).min(1.0);
        let _ = write!(out, r#"<g class="segment">"#);
        tooltip(&mut out, &seg.label, "");
        let _ = write!(
            out,
            r#"<rect class="{}" x="{}" y="{}" width="{}" height="{}"/>"#,
            segment_class(i, seg.highlight),
            num(PAD + start * inner),
            num(BAR_Y),
            num((used - start) * inner),
            num(BAR_H)
        );
        out.push_str("</g>");
    }
    if used < 1.0 {
        let _ = write!(
            out,
            r#"<rect class="seg-rest" x="{}" y="{}" width="{}" height="{}"/>"#,
            num(PAD + used * inner),
            num(BAR_Y),
            num((1.0 - used) * inner),
            num(BAR_H)
        );
    }

    // The 100% tick and its label.
    let x = PAD + inner;
    let _ = write!(
        out,
        r#"<line class="axis" x1="{x}" y1="{}" x2="{x}" y2="{}"/>"#,
        num(BAR_Y - 6.0),
        num(BAR_Y + BAR_H + 6.0),
        x = num(x)
    );
    let (shown, _) = fit(total_label, units_in(inner));
    if !shown.is_empty() {
        text(&mut out, "label", x, 14.0, Anchor::End, &shown);
    }

    // Legend: one line per segment, in bar order.
    let legend_units = units_in(inner - SWATCH - GAP);
    for (i, seg) in segments.iter().enumerate() {
        let y0 = legend_top + i as f64 * LEGEND_ROW;
        let row_class = if seg.highlight { "legend row-hi" } else { "legend" };
        let _ = write!(out, r#"<g class="{row_class}">"#);
        let (label, truncated) = fit(&seg.label, legend_units);
        if truncated {
            tooltip(&mut out, &seg.label, "");
        }
        let _ = write!(
            out,
            r#"<rect class="{}" x="{}" y="{}" width="{s}" height="{s}"/>"#,
            segment_class(i, seg.highlight),
            num(PAD),
            num(y0 + 1.0),
            s = num(SWATCH)
        );
        text(&mut out, "label", PAD + SWATCH + GAP, y0 + 12.0, Anchor::Start, &label);
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// A line through the points in order (labels under the x axis, thinned out so they fit),
/// y from 0 to the larger of the largest value and the target (rounded up to a round number),
/// with grid lines at 0, half and full scale, and an optional dashed target line with its label.
/// Negative values are drawn at 0.
pub fn line_chart(id: &str, title: &str, description: &str, points: &[Point], target: Option<(f64, &str)>) -> String {
    const PLOT_TOP: f64 = 24.0;
    const PLOT_BOTTOM: f64 = 164.0;
    const HEIGHT: f64 = 190.0;
    const MAX_X_LABEL_UNITS: usize = 20;

    let target = target.map(|(v, label)| (non_negative(v), label));
    let largest = points.iter().map(|p| non_negative(p.value)).fold(0.0, f64::max);
    let top_value = largest.max(target.map_or(0.0, |t| t.0));
    let y_max = if top_value > 0.0 { nice_ceil(top_value) } else { 1.0 };
    let ticks = [0.0, y_max / 2.0, y_max];
    let tick_labels: Vec<String> = ticks.iter().map(|&t| format_number(t)).collect();

    let tick_units = tick_labels.iter().map(|t| text_units(t)).max().unwrap_or(1);
    let left = (PAD + tick_units as f64 * UNIT + GAP).min(96.0);
    let right = WIDTH - PAD;
    let plot_w = right - left;
    let plot_h = PLOT_BOTTOM - PLOT_TOP;
    let y_of = |v: f64| PLOT_BOTTOM - fraction(v, y_max) * plot_h;

    let mut out = String::new();
    open_svg(&mut out, id, "chart-line", HEIGHT, title, description);

    // Grid and y labels.
    for (i, (&t, label)) in ticks.iter().zip(&tick_labels).enumerate() {
        let y = y_of(t);
        let class = if i == 0 { "axis" } else { "axis grid" };
        let _ = write!(
            out,
            r#"<line class="{class}" x1="{}" y1="{y}" x2="{}" y2="{y}"/>"#,
            num(left),
            num(right),
            y = num(y)
        );
        text(&mut out, "value", left - GAP, y + 5.0, Anchor::End, label);
    }

    // Target line.
    if let Some((value, label)) = target {
        let y = y_of(value);
        let _ = write!(
            out,
            r#"<g class="target"><line class="target-line" x1="{}" y1="{y}" x2="{}" y2="{y}" stroke-dasharray="6 4"/>"#,
            num(left),
            num(right),
            y = num(y)
        );
        let (shown, _) = fit(label, units_in(plot_w));
        if !shown.is_empty() {
            text(&mut out, "label", right, y - 5.0, Anchor::End, &shown);
        }
        out.push_str("</g>");
    }

    if !points.is_empty() {
        let n = points.len();
        let slot = plot_w / n as f64;
        let x_of = |i: usize| left + slot * (i as f64 + 0.5);

        if n > 1 {
            out.push_str(r#"<polyline class="line" fill="none" points=""#);
            for (i, p) in points.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                let _ = write!(out, "{},{}", num(x_of(i)), num(y_of(non_negative(p.value))));
            }
            out.push_str(r#""/>"#);
        }

        // Show every `step`-th x label so the shown ones have room.
        let widest = points.iter().map(|p| text_units(&clean(&p.label)).min(MAX_X_LABEL_UNITS)).max().unwrap_or(0);
        let needed = widest as f64 * UNIT + 4.0;
        let step = ((needed / slot).ceil() as usize).clamp(1, n);
        let radius = (slot / 3.0).clamp(0.5, 3.5);
        for (i, p) in points.iter().enumerate() {
            let x = x_of(i);
            let value = non_negative(p.value);
            out.push_str(r#"<g class="datum">"#);
            tooltip(&mut out, &p.label, &format_number(finite(p.value)));
            let _ =
                write!(out, r#"<circle class="point" cx="{}" cy="{}" r="{}"/>"#, num(x), num(y_of(value)), num(radius));
            if i.is_multiple_of(step) {
                let room = (step as f64 * slot - 4.0).min(2.0 * (x - PAD)).min(2.0 * (WIDTH - PAD - x));
                let (label, _) = fit(&p.label, units_in(room));
                if !label.is_empty() {
                    text(&mut out, "label", x, PLOT_BOTTOM + 18.0, Anchor::Middle, &label);
                }
            }
            out.push_str("</g>");
        }
    }
    out.push_str("</svg>");
    out
}

/// Progress from the baseline to the target as a filled track (classes `bar` on `seg-rest`),
/// the current label above the fill's end, the baseline and target labels under the ends.
/// Works both ways (a "reduce" KPI has target < baseline); clamped to 0..=100%, and 100% when
/// target equals baseline. The `<desc>` is the three labels joined with " / ".
pub fn progress_bar(p: &Progress) -> String {
    const BAR_Y: f64 = 22.0;
    const BAR_H: f64 = 20.0;
    const HEIGHT: f64 = 70.0;

    let inner = WIDTH - 2.0 * PAD;
    let done = progress_fraction(p.baseline, p.current, p.target);
    let (baseline_label, current_label, target_label) = p.labels;
    let description = [baseline_label, current_label, target_label]
        .iter()
        .map(|s| clean(s))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" / ");

    let mut out = String::new();
    open_svg(&mut out, p.id, "chart-progress", HEIGHT, p.title, &description);
    let _ = write!(
        out,
        r#"<rect class="seg-rest" x="{}" y="{}" width="{}" height="{}"/>"#,
        num(PAD),
        num(BAR_Y),
        num(inner),
        num(BAR_H)
    );
    let x = PAD + done * inner;
    let _ = write!(
        out,
        r#"<rect class="bar" x="{}" y="{}" width="{}" height="{}"/>"#,
        num(PAD),
        num(BAR_Y),
        num(done * inner),
        num(BAR_H)
    );
    for end in [PAD, WIDTH - PAD] {
        let _ = write!(
            out,
            r#"<line class="axis" x1="{x}" y1="{}" x2="{x}" y2="{}"/>"#,
            num(BAR_Y - 4.0),
            num(BAR_Y + BAR_H + 4.0),
            x = num(end)
        );
    }

    // Current label above the end of the fill, kept inside the chart.
    let (anchor, room) = if done < 0.25 {
        (Anchor::Start, WIDTH - PAD - x)
    } else if done > 0.75 {
        (Anchor::End, x - PAD)
    } else {
        (Anchor::Middle, 2.0 * (x - PAD).min(WIDTH - PAD - x))
    };
    let (shown, _) = fit(current_label, units_in(room));
    if !shown.is_empty() {
        text(&mut out, "value", x, 14.0, anchor, &shown);
    }
    let half = units_in(inner / 2.0 - GAP);
    let (shown, _) = fit(baseline_label, half);
    if !shown.is_empty() {
        text(&mut out, "label", PAD, HEIGHT - 8.0, Anchor::Start, &shown);
    }
    let (shown, _) = fit(target_label, half);
    if !shown.is_empty() {
        text(&mut out, "label", WIDTH - PAD, HEIGHT - 8.0, Anchor::End, &shown);
    }
    out.push_str("</svg>");
    out
}

/// How far `current` has gone from `baseline` towards `target`, in 0..=1.
fn progress_fraction(baseline: f64, current: f64, target: f64) -> f64 {
    let (baseline, current, target) = (finite(baseline), finite(current), finite(target));
    let span = target - baseline;
    if span == 0.0 {
        return 1.0;
    }
    let done = (current - baseline) / span;
    if done.is_nan() {
        0.0
    } else {
        done.clamp(0.0, 1.0)
    }
}

#[derive(Clone, Copy)]
enum Anchor {
    Start,
    Middle,
    End,
}

#[cfg(test)]
mod tests;
