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
