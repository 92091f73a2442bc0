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

fn open_svg(out: &mut String, id: &str, kind: &str, height: f64, title: &str, description: &str) {
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
fn text(out: &mut String, class: &str, x: f64, y: f64, anchor: Anchor, content: &str) {
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
fn tooltip(out: &mut String, label: &str, value: &str) {
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

fn segment_class(index: usize, highlight: bool) -> &'static str {
    if highlight {
        "seg-hi"
    } else if index.is_multiple_of(2) {
        "seg-a"
    } else {
        "seg-b"
    }
}

/// Keeps `[A-Za-z0-9_-]`, replacing anything else with `-`; `chart` when empty.
fn sanitize_id(id: &str) -> String {
    let id: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '-' }).collect();
    if id.is_empty() {
        "chart".to_owned()
    } else {
        id
    }
}

/// Collapses runs of whitespace (including line breaks) to one space and trims the ends.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Estimated width of one character in units (see the module documentation).
fn char_units(c: char) -> usize {
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

fn text_units(s: &str) -> usize {
    s.chars().map(char_units).fold(0, usize::saturating_add)
}

/// How many width units fit in `width` user units.
fn units_in(width: f64) -> usize {
    if width.is_finite() && width > 0.0 {
        (width / UNIT).floor() as usize
    } else {
        0
    }
}

/// The text (whitespace cleaned) cut to `max_units` with a final "…"; `true` when cut.
fn fit(s: &str, max_units: usize) -> (String, bool) {
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

fn finite(v: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        0.0
    }
}

fn non_negative(v: f64) -> f64 {
    finite(v).max(0.0)
}

/// `v / scale` clamped to 0..=1 (0 when the scale is not positive).
fn fraction(v: f64, scale: f64) -> f64 {
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
fn num(v: f64) -> String {
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
fn format_number(v: f64) -> String {
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
fn nice_ceil(v: f64) -> f64 {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny checker: tags balance, attribute quotes pair up, `&` only starts our entities,
    /// one root `<svg>` element with nothing after it.
    fn assert_well_formed(svg: &str) {
        assert!(svg.starts_with("<svg "), "must start with <svg: {svg}");
        let mut stack: Vec<&str> = Vec::new();
        let mut rest = svg;
        let mut closed_root = false;
        while let Some(start) = rest.find('<') {
            check_text(&rest[..start]);
            assert!(!closed_root || rest[..start].trim().is_empty(), "content after the root: {svg}");
            let after = &rest[start + 1..];
            let end = after.find('>').unwrap_or_else(|| panic!("unclosed tag in {svg}"));
            let tag = &after[..end];
            assert!(!tag.contains('<'), "`<` inside a tag: {tag}");
            assert_eq!(tag.matches('"').count() % 2, 0, "unpaired quote in tag: {tag}");
            assert!(!closed_root, "tag after the root closed: {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                let open = stack.pop().unwrap_or_else(|| panic!("stray </{name}> in {svg}"));
                assert_eq!(open, name.trim(), "mismatched tags in {svg}");
                closed_root = stack.is_empty();
            } else {
                check_text(tag);
                let name = tag.split_whitespace().next().unwrap_or("").trim_end_matches('/');
                assert!(!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()), "bad tag name: {tag}");
                if !tag.ends_with('/') {
                    stack.push(name);
                }
            }
            rest = &after[end + 1..];
        }
        check_text(rest);
        assert!(rest.trim().is_empty() && stack.is_empty() && closed_root, "unbalanced: {svg}");
    }

    fn check_text(s: &str) {
        assert!(!s.contains('>'), "raw `>` in text: {s}");
        for (i, _) in s.match_indices('&') {
            let tail = &s[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].iter().any(|e| tail.starts_with(e)),
                "bad entity at {tail}"
            );
        }
    }

    /// Every number in attribute values is short and finite.
    fn assert_clean_numbers(svg: &str) {
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        for part in svg.split('"') {
            for token in part.split([' ', ',']) {
                if let Some((_, frac)) = token.split_once('.') {
                    if token.parse::<f64>().is_ok() {
                        assert!(frac.len() <= 2, "too many decimals: {token}");
                    }
                }
            }
        }
    }

    fn check(svg: &str) {
        assert_well_formed(svg);
        assert_clean_numbers(svg);
    }

    fn bar(label: &str, value: f64, highlight: bool) -> Bar {
        // Caller text is the caller's: only format sensible numbers, so that the
        // NaN/inf checks below look at what the chart itself writes.
        let value_label = if value.is_finite() && value.abs() < 1e6 { format!("{value}票") } else { "?票".into() };
        Bar { label: label.into(), value, value_label, highlight }
    }

    fn chart<'a>(bars: &'a [Bar]) -> BarChart<'a> {
        BarChart {
            id: "votes", title: "得票数", description: "事業ごとの得票数", bars, max: None, reference: None
        }
    }

    fn count(haystack: &str, needle: &str) -> usize {
        haystack.matches(needle).count()
    }

    #[test]
    fn bars_have_the_accessible_root_and_one_group_per_bar() {
        let bars = [bar("公園の整備", 120.0, true), bar("Library", 80.0, false), bar("道路", 0.0, false)];
        let svg = horizontal_bars(&BarChart { reference: Some((100.0, "基準")), ..chart(&bars) });
        check(&svg);
        assert!(svg.starts_with(r#"<svg role="img" aria-labelledby="votes-title votes-desc" viewBox="0 0 320 "#));
        assert!(svg.contains(r#"width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg""#));
        assert!(svg.contains(r#"<title id="votes-title">得票数</title><desc id="votes-desc">事業ごとの得票数</desc>"#));
        assert_eq!(count(&svg, r#"<g class="row"#), 3);
        assert_eq!(count(&svg, r#"class="bar-hi""#), 1);
        assert_eq!(count(&svg, r#"class="bar""#), 2);
        assert_eq!(count(&svg, r#"class="row row-hi""#), 1);
        assert!(svg.contains(r#"class="ref-line""#) && svg.contains(">基準</text>"));
        assert!(svg.contains(">120票</text>"));
        assert!(!svg.contains("style="));
        // A zero value draws a zero-width bar (its value label still shows).
        assert!(svg.contains(r#"width="0" height="16""#));
    }

    #[test]
    fn caller_text_is_escaped() {
        let bars = [Bar {
            label: r#"<script>alert("x")</script> & 'q'"#.into(),
            value: 1.0,
            value_label: "<b>1</b>".into(),
            highlight: false,
        }];
        let svg = horizontal_bars(&BarChart {
            title: "<script>t</script>",
            description: "\"d\" & 'e'",
            reference: Some((1.0, "<i>")),
            ..chart(&bars)
        });
        check(&svg);
        assert!(!svg.contains("<script") && !svg.contains("<b>") && !svg.contains("<i>"));
        assert!(svg.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"));
        assert!(svg.contains("&quot;d&quot; &amp; &#39;e&#39;"));
        assert_eq!(escape("a\u{0}b\u{1b}c\u{FFFF}"), "abc");

        let segs = [Segment { label: "<x>".into(), value: 1.0, highlight: false }];
        let svg = budget_line("b", "<t>", "\"", 2.0, "<total>", &segs);
        check(&svg);
        assert!(!svg.contains("<x>") && !svg.contains("<total>"));
        let points = [Point { label: "<p>".into(), value: 1.0 }];
        let svg = line_chart("l", "'", "&", &points, Some((2.0, "<goal>")));
        check(&svg);
        assert!(!svg.contains("<p>") && !svg.contains("<goal>"));
        let svg = progress_bar(&Progress {
            id: "p",
            title: "<t>",
            baseline: 0.0,
            current: 1.0,
            target: 2.0,
            labels: ("<a>", "<b>", "<c>"),
        });
        check(&svg);
        assert!(!svg.contains("<a>") && !svg.contains("<b>") && !svg.contains("<c>"));
    }

    #[test]
    fn ids_are_sanitised() {
        let svg = horizontal_bars(&BarChart { id: r#"a b"><script>公園"#, ..chart(&[]) });
        check(&svg);
        assert!(svg.contains(r#"aria-labelledby="a-b---script----title a-b---script----desc""#), "{svg}");
        assert!(svg.contains(r#"<title id="a-b---script----title">"#));
        let svg = budget_line("", "t", "d", 1.0, "", &[]);
        check(&svg);
        assert!(svg.contains(r#"aria-labelledby="chart-title chart-desc""#));
        assert_eq!(sanitize_id("ok_id-1"), "ok_id-1");
    }

    #[test]
    fn bad_numbers_never_panic_or_leak() {
        let bars = [
            bar("n", f64::NAN, false),
            bar("i", f64::INFINITY, true),
            bar("-i", f64::NEG_INFINITY, false),
            bar("neg", -5.0, false),
            bar("huge", f64::MAX, false),
            bar("tiny", f64::MIN_POSITIVE, false),
        ];
        for max in [None, Some(0.0), Some(-1.0), Some(f64::NAN), Some(f64::INFINITY), Some(1e-300), Some(f64::MAX)] {
            for reference in [None, Some((f64::NAN, "r")), Some((f64::MAX, "r")), Some((-3.0, ""))] {
                check(&horizontal_bars(&BarChart { max, reference, ..chart(&bars) }));
            }
        }
        let segs = [
            Segment { label: "a".into(), value: f64::NAN, highlight: false },
            Segment { label: "b".into(), value: f64::MAX, highlight: true },
            Segment { label: "c".into(), value: f64::MAX, highlight: false },
            Segment { label: "d".into(), value: -1.0, highlight: false },
        ];
        for total in [f64::NAN, f64::INFINITY, 0.0, -10.0, 1e-300, f64::MAX] {
            check(&budget_line("b", "t", "d", total, "予算", &segs));
            check(&budget_line("b", "t", "d", total, "予算", &segs[..1]));
        }
        let points: Vec<Point> = [f64::NAN, f64::INFINITY, -1.0, 0.0, f64::MAX, 3.5]
            .iter()
            .map(|&value| Point { label: "x".into(), value })
            .collect();
        for target in [None, Some((f64::NAN, "t")), Some((f64::MAX, "t")), Some((-1.0, "t"))] {
            check(&line_chart("l", "t", "d", &points, target));
            check(&line_chart("l", "t", "d", &points[..1], target));
            check(&line_chart("l", "t", "d", &points[..3], target));
        }
        let many: Vec<Point> = (0..2000).map(|i| Point { label: format!("2026-{i}"), value: i as f64 }).collect();
        check(&line_chart("l", "t", "d", &many, None));
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1.0, 0.0, f64::MAX, f64::MIN] {
            for (b, c, t) in [(v, 1.0, 2.0), (0.0, v, 2.0), (0.0, 1.0, v), (v, v, v)] {
                check(&progress_bar(&Progress {
                    id: "p",
                    title: "t",
                    baseline: b,
                    current: c,
                    target: t,
                    labels: ("a", "b", "c"),
                }));
            }
        }
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(1.005_f64 + 2.0), "3");
        assert_eq!(num(12.3456), "12.35");
        assert_eq!(format_number(1234567.5), "1,234,567.5");
        assert_eq!(format_number(-1000.0), "-1,000");
        assert_eq!(nice_ceil(73.0), 100.0);
        assert_eq!(nice_ceil(1.7e308), 1.7e308);
    }

    #[test]
    fn empty_charts_are_valid_with_title_and_desc() {
        let svgs = [
            horizontal_bars(&chart(&[])),
            horizontal_bars(&BarChart { reference: Some((5.0, "ref")), ..chart(&[]) }),
            budget_line("b", "予算", "説明", 100.0, "1億円", &[]),
            line_chart("l", "推移", "説明", &[], None),
            line_chart("l", "推移", "説明", &[], Some((3.0, "目標"))),
        ];
        for svg in &svgs {
            check(svg);
            assert!(svg.contains("-title\">") && svg.contains("-desc\">"));
            assert!(!svg.contains("class=\"bar") && !svg.contains("<circle") && !svg.contains("seg-a"));
        }
        // The budget line with no segments is all remainder.
        assert!(svgs[2].contains(r#"class="seg-rest" x="2" y="24" width="316""#));
    }

    #[test]
    fn long_japanese_labels_are_truncated_with_the_full_text_in_title() {
        let long = "市民の皆さまからいただいた提案をもとにした駅前広場のバリアフリー化と緑化の推進事業".repeat(2);
        let bars = [Bar { label: long.clone(), value: 10.0, value_label: "10票".into(), highlight: false }];
        let svg = horizontal_bars(&chart(&bars));
        check(&svg);
        assert!(svg.contains(&format!("<title>{long}: 10票</title>")));
        let shown = svg.split(r#"<text class="label" x="2" y="14" fill="currentColor">"#).nth(1).unwrap();
        let shown = shown.split("</text>").next().unwrap();
        assert!(shown.ends_with('…'), "{shown}");
        assert!(long.starts_with(shown.trim_end_matches('…')));
        // Fits the chart: 2 units per character, 0.6 em per unit.
        assert!(text_units(shown) as f64 * UNIT <= WIDTH - 2.0 * PAD);
        // Multi-byte characters are never split.
        let (cut, truncated) = fit("あいうえお", 5);
        assert_eq!((cut.as_str(), truncated), ("あ…", true));
        assert_eq!(fit("short", 5), ("short".to_owned(), false));
        assert_eq!(fit("toolong", 1), (String::new(), true));
        assert_eq!(fit("  a \n b  ", 10), ("a b".to_owned(), false));

        let segs = [Segment { label: long.clone(), value: 1.0, highlight: false }];
        let svg = budget_line("b", "t", "d", 2.0, "予算", &segs);
        check(&svg);
        assert!(svg.contains(&format!("<title>{long}</title>")));
        assert!(svg.contains("…</text>"));
    }

    #[test]
    fn overflowing_budget_segments_are_clipped_at_the_total() {
        let segs = [
            Segment { label: "A".into(), value: 60.0, highlight: false },
            Segment { label: "B".into(), value: 30.0, highlight: true },
            Segment { label: "C".into(), value: 30.0, highlight: false },
            Segment { label: "D".into(), value: 30.0, highlight: false },
        ];
        let svg = budget_line("budget", "予算", "採択事業", 100.0, "1億円", &segs);
        check(&svg);
        // 316 units wide: A 60% = 189.6, B 30% = 94.8, C only the last 10% = 31.6, D nothing.
        assert!(svg.contains(r#"<rect class="seg-a" x="2" y="24" width="189.6" height="24"/>"#), "{svg}");
        assert!(svg.contains(r#"<rect class="seg-hi" x="191.6" y="24" width="94.8" height="24"/>"#));
        assert!(svg.contains(r#"<rect class="seg-a" x="286.4" y="24" width="31.6" height="24"/>"#));
        assert!(svg.contains(r#"<rect class="seg-b" x="318" y="24" width="0" height="24"/>"#));
        assert!(!svg.contains(r#"class="seg-rest""#));
        assert!(svg.contains(r#"<line class="axis" x1="318""#) && svg.contains(">1億円</text>"));

        let under = [Segment { label: "A".into(), value: 25.0, highlight: false }];
        let svg = budget_line("budget", "t", "d", 100.0, "100", &under);
        check(&svg);
        assert!(svg.contains(r#"<rect class="seg-rest" x="81" y="24" width="237" height="24"/>"#), "{svg}");
    }

    #[test]
    fn line_chart_scales_to_the_target_and_dashes_it() {
        let points: Vec<Point> = ["4月", "5月", "6月"]
            .iter()
            .zip([10.0, 30.0, 20.0])
            .map(|(l, v)| Point { label: (*l).into(), value: v })
            .collect();
        let svg = line_chart("kpi", "参加者数", "月ごと", &points, Some((50.0, "目標 50")));
        check(&svg);
        assert!(svg.contains(r#"class="target-line""#) && svg.contains("stroke-dasharray"));
        assert!(svg.contains(">目標 50</text>"));
        // y runs to 50 (the target): the target line sits on the top grid line.
        assert!(svg.contains(r#"<line class="target-line" x1="#) && svg.contains(r#"y1="24" x2="318" y2="24" stroke"#));
        assert!(svg.contains(">50</text>") && svg.contains(">25</text>") && svg.contains(">0</text>"));
        assert_eq!(count(&svg, "<circle"), 3);
        assert!(svg.contains("<polyline") && svg.contains(">4月</text>") && svg.contains(">6月</text>"));
        assert!(svg.contains("<title>5月: 30</title>"));
    }

    #[test]
    fn progress_works_both_ways_and_clamps() {
        let p = |baseline, current, target| Progress {
            id: "kpi",
            title: "待機児童数",
            baseline,
            current,
            target,
            labels: ("基準 120", "現在 100", "目標 80"),
        };
        // Reduce: 120 → 80, now 100: half way.
        assert_eq!(progress_fraction(120.0, 100.0, 80.0), 0.5);
        let svg = progress_bar(&p(120.0, 100.0, 80.0));
        check(&svg);
        assert!(svg.contains(r#"<rect class="bar" x="2" y="22" width="158" height="20"/>"#), "{svg}");
        assert!(svg.contains(r#"<desc id="kpi-desc">基準 120 / 現在 100 / 目標 80</desc>"#));
        // Worse than the baseline, and past the target, clamp.
        assert_eq!(progress_fraction(120.0, 130.0, 80.0), 0.0);
        assert_eq!(progress_fraction(120.0, 60.0, 80.0), 1.0);
        assert_eq!(progress_fraction(0.0, 150.0, 100.0), 1.0);
        assert_eq!(progress_fraction(0.0, 25.0, 100.0), 0.25);
        assert_eq!(progress_fraction(5.0, 1.0, 5.0), 1.0);
        assert_eq!(progress_fraction(f64::NAN, f64::NAN, 10.0), 0.0);
        let svg = progress_bar(&p(120.0, 60.0, 80.0));
        check(&svg);
        assert!(svg.contains(r#"<rect class="bar" x="2" y="22" width="316" height="20"/>"#));
    }

    #[test]
    fn output_is_deterministic() {
        let bars = [bar("a", 1.0, false), bar("b", 2.5, true)];
        let c = BarChart { reference: Some((2.0, "r")), ..chart(&bars) };
        assert_eq!(horizontal_bars(&c), horizontal_bars(&c));
        let segs = [Segment { label: "s".into(), value: 3.0, highlight: true }];
        assert_eq!(budget_line("b", "t", "d", 10.0, "10", &segs), budget_line("b", "t", "d", 10.0, "10", &segs));
        let points = [Point { label: "p".into(), value: 1.0 }, Point { label: "q".into(), value: 2.0 }];
        assert_eq!(
            line_chart("l", "t", "d", &points, Some((3.0, "g"))),
            line_chart("l", "t", "d", &points, Some((3.0, "g")))
        );
        let p = Progress { id: "p", title: "t", baseline: 1.0, current: 2.0, target: 3.0, labels: ("a", "b", "c") };
        assert_eq!(progress_bar(&p), progress_bar(&p));
    }
}
