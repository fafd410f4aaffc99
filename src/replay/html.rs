//! The replay report as one HTML page for a reviewer or auditor, who reads it instead of the
//! `--report` JSON. The page is a single self-contained file: inline CSS, charts drawn here as
//! inline SVG, one small inline script, and a Content-Security-Policy that forbids fetching
//! anything, so it opens the same offline, from an archive or attached to a ticket, and cannot
//! leak that it was opened.
//!
//! Every string taken from the [`Report`] goes through [`esc`]: category, rule and item ids come
//! from policies and recorded traffic, which the reader's browser must not execute.
//!
//! The script only measures: after layout it counts, per `svg.chart`, the `.mark` elements
//! (bars, lines, points) that have a size, and writes the counts to `data-marks-rendered` and
//! `body[data-charts-rendered]`, so a headless browser (`chromium --headless --dump-dom`) can
//! check the charts actually drew. A chart without data has no `.mark` and does not count.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::report::{
    BandTotals, CategoryCounts, CheckResult, Diff, ExposurePoint, Report, SessionSeries, Verdict,
};

/// Youngest first, as everywhere else in feedguard; unknown bands sort after these.
const BANDS: [&str; 4] = ["under_13", "13_15", "16_17", "adult"];

/// Shown for an absent value, so an empty cell is never mistaken for an empty string.
const DASH: &str = "\u{2014}";

/// Distinct, print-safe line colours for sessions; past its end lines are dashed as well, so
/// two sessions never look the same.
const SESSION_PALETTE: [&str; 12] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#edc948", "#9c755f",
    "#ff9da7", "#6b6ecf", "#8c564b", "#17becf",
];

// Removals chart geometry (viewBox units).
const RC_W: f64 = 1000.0;
const RC_LABEL_RIGHT: f64 = 212.0;
const RC_X0: f64 = 222.0;
const RC_X1: f64 = 920.0;
const RC_TOP: f64 = 44.0;
const RC_BAR_H: f64 = 14.0;
const RC_BAR_GAP: f64 = 2.0;
const RC_GROUP_PAD: f64 = 7.0;
/// Category names are cut to fit the label column; the full name is in the tooltip.
const RC_LABEL_CHARS: usize = 30;

// Exposure chart geometry: two panels sharing the x axis.
const EX_W: f64 = 1000.0;
const EX_X0: f64 = 64.0;
const EX_X1: f64 = 968.0;
const EX_A_TOP: f64 = 40.0;
const EX_A_H: f64 = 200.0;
const EX_B_TOP: f64 = 300.0;
const EX_B_H: f64 = 120.0;
const EX_H: f64 = 484.0;

const STYLE: &str = r#"
:root { color-scheme: light; --fg: #1f2933; --muted: #5f6b7a; --line: #e3e7ec; --zebra: #f6f8fa;
  --head: #eef1f4; --pass: #2f7d4f; --fail: #b42318; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--fg); line-height: 1.45; font-size: 15px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 20px 64px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 0 0 4px; }
p { margin: 6px 0; }
.muted { color: var(--muted); }
.how { color: var(--muted); font-size: .9rem; margin: 4px 0 10px; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88em; }
nav.toc { font-size: .85rem; margin: 10px 0 0; }
nav.toc a { color: var(--muted); margin-right: 12px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 120px; }
.card .v { font-size: 1.25rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .k { font-size: .8rem; color: var(--muted); }
.banner { border-radius: 8px; padding: 10px 14px; margin: 12px 0; font-weight: 600; }
.banner.pass { background: #e8f4ec; color: var(--pass); }
.banner.fail { background: #fdecea; color: var(--fail); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: .88rem; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--head); font-weight: 600; }
tbody tr:nth-child(even) { background: var(--zebra); }
tr.total td { font-weight: 600; border-top: 2px solid var(--line); }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.badge { display: inline-block; padding: 1px 9px; border-radius: 10px; font-size: .75rem; font-weight: 700;
  color: #fff; letter-spacing: .04em; vertical-align: middle; margin-left: 6px; }
.badge.pass { background: var(--pass); }
.badge.fail { background: var(--fail); }
.check { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; margin: 10px 0; }
.check.passing { border-left: 4px solid var(--pass); }
.check.failing { border-left: 4px solid var(--fail); }
.dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 6px; }
svg.chart { display: block; width: 100%; height: auto; margin: 8px 0; font-family: inherit; }
svg.chart text { font-size: 12px; fill: #3d4852; }
svg.chart .grid { stroke: #e6e9ed; stroke-width: 1; }
svg.chart .axis { stroke: #9aa5b1; stroke-width: 1; }
svg.chart .zebra { fill: #f7f9fb; }
svg.chart text.value { font-size: 11px; fill: #52606d; }
svg.chart text.empty { font-size: 16px; fill: #7b8794; }
svg.chart text.panel-title { font-weight: 600; }
svg.chart text.axis-title { fill: #5f6b7a; }
.legend { list-style: none; padding: 0; margin: 6px 0; display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: .85rem; }
.swatch { display: inline-block; width: 22px; height: 0; border-top-width: 3px; vertical-align: middle; margin-right: 6px; }
details { margin: 6px 0; }
details summary { cursor: pointer; color: var(--muted); font-size: .9rem; }
ul.plain { margin: 4px 0; padding-left: 20px; }
"#;

/// Counts drawn marks per chart once laid out; see the module doc. ES5 so any headless
/// browser runs it.
const SCRIPT: &str = r#"
(function () {
  function measure() {
    var charts = document.querySelectorAll('svg.chart');
    var rendered = 0;
    for (var i = 0; i < charts.length; i++) {
      var svg = charts[i];
      var marks = svg.querySelectorAll('.mark');
      var count = 0;
      for (var j = 0; j < marks.length; j++) {
        var box;
        try { box = marks[j].getBBox(); } catch (e) { continue; }
        if (box.width > 0 || box.height > 0) { count++; }
      }
      svg.setAttribute('data-marks-rendered', String(count));
      if (svg.getBoundingClientRect().width > 0 && count > 0) { rendered++; }
    }
    document.body.setAttribute('data-charts-rendered', String(rendered));
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', measure);
  } else {
    measure();
  }
})();
"#;

/// The whole page for `report`.
pub fn render(report: &Report) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let policy = format!("{} {}", report.policy.id, report.policy.version);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    // Belt and braces for self-containment: even a URL that slipped into a report string
    // cannot make the browser fetch anything.
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        out,
        "<title>feedguard replay \u{2014} {}</title>",
        esc(&policy)
    );
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>\n<main>");

    header(&mut out, report);
    checks(&mut out, &report.checks);
    band_totals(&mut out, report);

    out.push_str("<section id=\"removals\">\n<h2>Removals by category and band</h2>\n");
    removals_chart(&mut out, report);
    out.push_str(
        "<p class=\"how\">Each row is a content category; each bar is one age band, and its \
         length is the number of items the policy blocked, limited or downranked in that \
         category for that band. Hover a bar for the split; the table under the chart has the \
         exact numbers.</p>\n",
    );
    category_table(&mut out, report);
    out.push_str("</section>\n");

    out.push_str("<section id=\"exposure\">\n<h2>Exposure per child session over time</h2>\n");
    exposure_chart(&mut out, report);
    out.push_str(
        "<p class=\"how\">Each line is one child session (numbered in order of first \
         appearance; no account id), from the session's first exchange. Top: items served so \
         far from the categories the policy limits for that session's band; a line that \
         flattens means the session limit is holding. Bottom: items removed so far. The dot \
         marks a session's last recorded point.</p>\n",
    );
    out.push_str("</section>\n");

    if let Some(d) = &report.diff {
        diff(&mut out, d);
    }
    actions(&mut out, report);
    samples(&mut out, &report.samples);
    reproduction(&mut out, report);
    skipped(&mut out, report);
    unreadable(&mut out, report);

    let _ = writeln!(out, "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>");
    out
}

fn header(out: &mut String, r: &Report) {
    let _ = writeln!(
        out,
        "<header>\n<h1>Replay report: policy <code>{}</code> version <code>{}</code></h1>",
        esc(&r.policy.id),
        esc(&r.policy.version)
    );
    if let Some(b) = r.diff.as_ref().and_then(|d| d.baseline.as_ref()) {
        let _ = writeln!(
            out,
            "<p class=\"muted\">Compared against baseline policy <code>{}</code> version <code>{}</code>.</p>",
            esc(&b.id),
            esc(&b.version)
        );
    }
    if r.inputs.is_empty() {
        out.push_str("<p class=\"muted\">No inputs listed.</p>\n");
    } else {
        out.push_str("<p>Inputs:</p>\n<ul class=\"plain\">\n");
        for i in &r.inputs {
            let _ = writeln!(out, "<li><code>{}</code></li>", esc(i));
        }
        out.push_str("</ul>\n");
    }

    out.push_str("<div class=\"cards\">\n");
    let removed = r.items_in.saturating_sub(r.items_out);
    let cards: [(&str, String); 8] = [
        ("exchanges", r.exchanges.to_string()),
        ("items in", r.items_in.to_string()),
        ("items out", r.items_out.to_string()),
        ("items removed", removed.to_string()),
        ("skipped inputs", r.skipped_count.to_string()),
        ("out of order", r.out_of_order.to_string()),
        ("elapsed", format!("{} s", fixed(r.elapsed_seconds, 2))),
        ("items / s", fixed(r.items_per_second, 0)),
    ];
    for (k, v) in &cards {
        let _ = writeln!(
            out,
            "<div class=\"card\"><div class=\"v\">{}</div><div class=\"k\">{}</div></div>",
            esc(v),
            esc(k)
        );
    }
    out.push_str("</div>\n");
    if r.out_of_order > 0 {
        let _ = writeln!(
            out,
            "<p class=\"muted\">{} exchange(s) arrived after the reorder window and were replayed \
             out of timestamp order (raise <code>--window</code>).</p>",
            r.out_of_order
        );
    }

    let failing: Vec<&str> = r
        .checks
        .iter()
        .filter(|c| c.failures > 0)
        .map(|c| c.name)
        .collect();
    if failing.is_empty() {
        let _ = writeln!(
            out,
            "<div class=\"banner pass\">All {} checks pass.</div>",
            r.checks.len()
        );
    } else {
        let _ = writeln!(
            out,
            "<div class=\"banner fail\">{} of {} checks fail: {}.</div>",
            failing.len(),
            r.checks.len(),
            esc(&failing.join(", "))
        );
    }

    out.push_str(
        "<nav class=\"toc\"><a href=\"#checks\">Checks</a><a href=\"#bands\">Per-band totals</a>",
    );
    out.push_str("<a href=\"#removals\">Removals</a><a href=\"#exposure\">Exposure</a>");
    if r.diff.is_some() {
        out.push_str("<a href=\"#diff\">Policy diff</a>");
    }
    out.push_str("<a href=\"#actions\">Actions by rule</a><a href=\"#samples\">Samples</a>");
    out.push_str("<a href=\"#reproduction\">Reproduction</a>");
    if r.skipped_count > 0 {
        out.push_str("<a href=\"#skipped\">Skipped inputs</a>");
    }
    out.push_str("</nav>\n</header>\n");
}

fn checks(out: &mut String, checks: &[CheckResult]) {
    out.push_str("<section id=\"checks\">\n<h2>Checks</h2>\n");
    if checks.is_empty() {
        out.push_str("<p class=\"muted\">No checks were run.</p>\n");
    }
    for c in checks {
        let pass = c.failures == 0;
        let badge = if pass {
            "<span class=\"badge pass\">PASS</span>".to_owned()
        } else {
            format!(
                "<span class=\"badge fail\">FAIL \u{b7} {}</span>",
                c.failures
            )
        };
        let _ = writeln!(
            out,
            "<div class=\"check {}\">\n<h3><code>{}</code>{badge}</h3>\n<p class=\"muted\">Fails when {}.</p>",
            if pass { "passing" } else { "failing" },
            esc(c.name),
            esc(c.description)
        );
        if !c.offenders.is_empty() {
            let shown = c.offenders.len().min(20);
            if c.failures > (shown as u64) {
                let _ = writeln!(
                    out,
                    "<p class=\"muted\">First {shown} of {} failures:</p>",
                    c.failures
                );
            }
            out.push_str(
                "<div class=\"table-wrap\"><table>\n<thead><tr><th class=\"n\">exchange</th>\
                 <th>position</th><th>item id</th><th>band</th><th>what</th></tr></thead>\n<tbody>\n",
            );
            for o in c.offenders.iter().take(20) {
                let _ = writeln!(
                    out,
                    "<tr><td class=\"n\">{}</td><td class=\"mono\">{}</td><td class=\"mono\">{}</td>\
                     <td>{}</td><td>{}</td></tr>",
                    o.exchange,
                    esc(&o.position),
                    opt(o.item_id.as_deref()),
                    band_cell(o.band),
                    esc(&o.what)
                );
            }
            out.push_str("</tbody></table></div>\n");
        }
        out.push_str("</div>\n");
    }
    out.push_str("</section>\n");
}

fn band_totals(out: &mut String, r: &Report) {
    out.push_str("<section id=\"bands\">\n<h2>Per-band totals</h2>\n");
    if r.by_band.is_empty() {
        out.push_str("<p class=\"muted\">No exchanges were replayed.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<div class=\"table-wrap\"><table>\n<thead><tr><th>band</th><th class=\"n\">exchanges</th>\
         <th class=\"n\">sessions</th><th class=\"n\">items in</th><th class=\"n\">items out</th>\
         <th class=\"n\">blocked</th><th class=\"n\">limited</th><th class=\"n\">downranked</th>\
         <th class=\"n\">ads dropped</th><th class=\"n\">capped</th><th class=\"n\">breaks</th>\
         <th class=\"n\">requests minimised</th></tr></thead>\n<tbody>\n",
    );
    let mut sum = BandTotals::default();
    for (band, t) in ordered_bands(&r.by_band) {
        band_row(out, &band_cell(band), t, "");
        sum.exchanges += t.exchanges;
        sum.sessions += t.sessions;
        sum.items_in += t.items_in;
        sum.items_out += t.items_out;
        sum.blocked += t.blocked;
        sum.limited += t.limited;
        sum.downranked += t.downranked;
        sum.ads_dropped += t.ads_dropped;
        sum.capped += t.capped;
        sum.breaks += t.breaks;
        sum.requests_minimised += t.requests_minimised;
    }
    out.push_str("</tbody>\n<tfoot>\n");
    band_row(out, "all bands", &sum, " class=\"total\"");
    out.push_str(
        "</tfoot></table></div>\n<p class=\"how\">Blocked, limited and downranked count items \
         removed or demoted by category rules; ads dropped, capped (page cap) and breaks come \
         from the other rules; requests minimised counts requests forwarded with a \
         behavioural-profile field removed.</p>\n</section>\n",
    );
}

fn band_row(out: &mut String, band_html: &str, t: &BandTotals, attr: &str) {
    let _ = write!(out, "<tr{attr}><td>{band_html}</td>");
    for v in t.columns() {
        let _ = write!(out, "<td class=\"n\">{v}</td>");
    }
    out.push_str("</tr>\n");
}

fn removed_total(c: &CategoryCounts) -> u64 {
    c.blocked
        .saturating_add(c.limited)
        .saturating_add(c.downranked)
}

/// Grouped horizontal bars: one group per category, one bar slot per band seen anywhere, so
/// a band sits at the same height in every group.
fn removals_chart(out: &mut String, r: &Report) {
    let cats = &r.by_category;
    if cats.is_empty() {
        let _ = writeln!(
            out,
            "<svg class=\"chart\" data-chart=\"removals-by-category\" viewBox=\"0 0 {RC_W} 120\" \
             width=\"100%\" role=\"img\" aria-label=\"Removals by category and band: no removals\">\
             <text class=\"empty\" x=\"{:.1}\" y=\"64\" text-anchor=\"middle\">no removals</text></svg>",
            RC_W / 2.0
        );
        return;
    }
    let mut bands: Vec<&'static str> = cats.values().flat_map(|m| m.keys().copied()).collect();
    bands.sort_by_key(|b| (band_rank(b), *b));
    bands.dedup();
    let nb = bands.len().max(1) as f64;
    let group_h = 2.0 * RC_GROUP_PAD + nb * RC_BAR_H + (nb - 1.0) * RC_BAR_GAP;
    let bottom = RC_TOP + cats.len() as f64 * group_h;
    let height = bottom + 48.0;
    let max = cats
        .values()
        .flat_map(|m| m.values())
        .map(removed_total)
        .max()
        .unwrap_or(0);
    let (top, step) = scale(max as f64, true);
    let xs = |v: f64| RC_X0 + v / top * (RC_X1 - RC_X0);

    let _ = writeln!(
        out,
        "<svg class=\"chart\" data-chart=\"removals-by-category\" viewBox=\"0 0 {RC_W} {height:.0}\" \
         width=\"100%\" role=\"img\" aria-label=\"Removals by category and band\">"
    );
    // Legend, youngest band first.
    let mut lx = RC_X0;
    for b in &bands {
        let _ = writeln!(
            out,
            "<rect x=\"{lx:.1}\" y=\"12\" width=\"12\" height=\"12\" rx=\"2\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"22\">{}</text>",
            band_colour(b),
            lx + 17.0,
            esc(b)
        );
        lx += 28.0 + 7.5 * b.chars().count() as f64;
    }
    // Zebra backgrounds first, so grid lines and bars draw over them.
    for ci in (1..cats.len()).step_by(2) {
        let _ = writeln!(
            out,
            "<rect class=\"zebra\" x=\"0\" y=\"{:.1}\" width=\"{RC_W}\" height=\"{group_h:.1}\"/>",
            RC_TOP + ci as f64 * group_h
        );
    }
    let ticks = (top / step).round() as usize;
    for i in 0..=ticks {
        let v = step * i as f64;
        let x = xs(v);
        let _ = writeln!(
            out,
            "<line class=\"grid\" x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{bottom:.1}\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            RC_TOP - 4.0,
            bottom + 16.0,
            tick_label(v, step)
        );
    }
    let _ = writeln!(
        out,
        "<line class=\"axis\" x1=\"{RC_X0}\" y1=\"{:.1}\" x2=\"{RC_X0}\" y2=\"{bottom:.1}\"/>\
         <line class=\"axis\" x1=\"{RC_X0}\" y1=\"{bottom:.1}\" x2=\"{RC_X1}\" y2=\"{bottom:.1}\"/>",
        RC_TOP - 4.0
    );
    let _ = writeln!(
        out,
        "<text class=\"axis-title\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">items removed or \
         demoted (blocked + limited + downranked)</text>",
        (RC_X0 + RC_X1) / 2.0,
        bottom + 38.0
    );
    for (ci, (cat, per_band)) in cats.iter().enumerate() {
        let gy = RC_TOP + ci as f64 * group_h;
        let _ = writeln!(
            out,
            "<text x=\"{RC_LABEL_RIGHT}\" y=\"{:.1}\" text-anchor=\"end\" dominant-baseline=\"middle\">\
             <title>{}</title>{}</text>",
            gy + group_h / 2.0,
            esc(cat),
            esc(&truncate(cat, RC_LABEL_CHARS))
        );
        for (bi, band) in bands.iter().enumerate() {
            let Some(c) = per_band.get(band) else {
                continue;
            };
            let v = removed_total(c);
            let y = gy + RC_GROUP_PAD + bi as f64 * (RC_BAR_H + RC_BAR_GAP);
            let w = xs(v as f64) - RC_X0;
            let _ = writeln!(
                out,
                "<rect class=\"mark\" x=\"{RC_X0}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{RC_BAR_H}\" \
                 fill=\"{}\"><title>{} \u{b7} {}: {v} removed or demoted (blocked {}, limited {}, \
                 downranked {}; {} on text only)</title></rect>\
                 <text class=\"value\" x=\"{:.1}\" y=\"{:.1}\" dominant-baseline=\"middle\">{v}</text>",
                band_colour(band),
                esc(cat),
                esc(band),
                c.blocked,
                c.limited,
                c.downranked,
                c.by_text_only,
                RC_X0 + w + 4.0,
                y + RC_BAR_H / 2.0
            );
        }
    }
    out.push_str("</svg>\n");
}

/// The exact numbers behind the removals chart, folded away as the chart is the summary.
fn category_table(out: &mut String, r: &Report) {
    if r.by_category.is_empty() {
        return;
    }
    out.push_str(
        "<details><summary>Numbers behind the chart</summary>\n<div class=\"table-wrap\"><table>\n\
         <thead><tr><th>category</th><th>band</th><th class=\"n\">blocked</th><th class=\"n\">limited</th>\
         <th class=\"n\">downranked</th><th class=\"n\">total</th><th class=\"n\">of which text only</th>\
         </tr></thead>\n<tbody>\n",
    );
    for (cat, per_band) in &r.by_category {
        for (band, c) in ordered_bands(per_band) {
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(cat),
                band_cell(band),
                c.blocked,
                c.limited,
                c.downranked,
                removed_total(c),
                c.by_text_only
            );
        }
    }
    out.push_str("</tbody></table></div></details>\n");
}

fn minute(p: &ExposurePoint) -> f64 {
    if p.minute.is_finite() && p.minute > 0.0 {
        p.minute
    } else {
        0.0
    }
}

/// Two panels over the same minutes: sensitive items served (top) and items removed (bottom),
/// as the two differ in scale and one axis would flatten the smaller.
fn exposure_chart(out: &mut String, r: &Report) {
    let series: Vec<&SessionSeries> = r
        .exposure_over_time
        .iter()
        .filter(|s| !s.points.is_empty())
        .collect();
    if series.is_empty() {
        let _ = writeln!(
            out,
            "<svg class=\"chart\" data-chart=\"exposure-over-time\" viewBox=\"0 0 {EX_W} 120\" \
             width=\"100%\" role=\"img\" aria-label=\"Exposure per child session: no child sessions\">\
             <text class=\"empty\" x=\"{:.1}\" y=\"64\" text-anchor=\"middle\">no child sessions to chart</text></svg>",
            EX_W / 2.0
        );
        return;
    }
    let points = || series.iter().flat_map(|s| s.points.iter());
    let (x_top, x_step) = scale(points().map(minute).fold(0.0, f64::max), false);
    let max_s = points().map(|p| p.sensitive_served).max().unwrap_or(0);
    let max_r = points().map(|p| p.removed).max().unwrap_or(0);
    let (s_top, s_step) = scale(max_s as f64, true);
    let (r_top, r_step) = scale(max_r as f64, true);
    let xs = |m: f64| EX_X0 + m / x_top * (EX_X1 - EX_X0);

    let _ = writeln!(
        out,
        "<svg class=\"chart\" data-chart=\"exposure-over-time\" viewBox=\"0 0 {EX_W} {EX_H}\" \
         width=\"100%\" role=\"img\" aria-label=\"Exposure per child session over time\">"
    );
    panel_axes(
        out,
        EX_A_TOP,
        EX_A_H,
        s_top,
        s_step,
        "sensitive items served so far",
    );
    panel_axes(out, EX_B_TOP, EX_B_H, r_top, r_step, "items removed so far");
    // Minute grid through both panels, labelled once under the bottom one.
    let ticks = (x_top / x_step).round() as usize;
    for i in 0..=ticks {
        let m = x_step * i as f64;
        let x = xs(m);
        for (top, h) in [(EX_A_TOP, EX_A_H), (EX_B_TOP, EX_B_H)] {
            let _ = write!(
                out,
                "<line class=\"grid\" x1=\"{x:.1}\" y1=\"{top:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\"/>",
                top + h
            );
        }
        let _ = writeln!(
            out,
            "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            EX_B_TOP + EX_B_H + 16.0,
            tick_label(m, x_step)
        );
    }
    let _ = writeln!(
        out,
        "<text class=\"axis-title\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">minutes since \
         the session's first exchange</text>",
        (EX_X0 + EX_X1) / 2.0,
        EX_B_TOP + EX_B_H + 38.0
    );

    for (i, s) in series.iter().enumerate() {
        let (colour, dash) = session_style(i);
        let label = format!("{} ({})", s.label, s.band);
        let first = s.points.first();
        let last = s.points.last();
        let (Some(first), Some(last)) = (first, last) else {
            continue;
        };
        let highest = s
            .points
            .iter()
            .map(|p| p.sensitive_served)
            .max()
            .unwrap_or(0);
        let ya = |v: u64| EX_A_TOP + EX_A_H - v as f64 / s_top * EX_A_H;
        let yb = |v: u64| EX_B_TOP + EX_B_H - v as f64 / r_top * EX_B_H;

        let mut pa = String::new();
        let mut pb = String::new();
        for p in &s.points {
            let x = xs(minute(p));
            let _ = write!(pa, "{x:.1},{:.1} ", ya(p.sensitive_served));
            let _ = write!(pb, "{x:.1},{:.1} ", yb(p.removed));
        }
        let _ = writeln!(
            out,
            "<polyline class=\"mark\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" \
             stroke-linejoin=\"round\"{dash} points=\"{}\"><title>{}: sensitive items served, \
             {} points over {} min; first {}, highest {highest}, last {}</title></polyline>",
            pa.trim_end(),
            esc(&label),
            s.points.len(),
            fixed(minute(last), 2),
            first.sensitive_served,
            last.sensitive_served
        );
        let _ = writeln!(
            out,
            "<circle class=\"mark\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{colour}\"><title>{} at \
             minute {}: {} sensitive items served, {} removed so far</title></circle>",
            xs(minute(last)),
            ya(last.sensitive_served),
            esc(&label),
            fixed(minute(last), 2),
            last.sensitive_served,
            last.removed
        );
        let _ = writeln!(
            out,
            "<polyline class=\"mark\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" \
             stroke-linejoin=\"round\"{dash} points=\"{}\"><title>{}: items removed so far, \
             first {}, last {} at minute {}</title></polyline>",
            pb.trim_end(),
            esc(&label),
            first.removed,
            last.removed,
            fixed(minute(last), 2)
        );
        let _ = writeln!(
            out,
            "<circle class=\"mark\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"{colour}\"><title>{} at \
             minute {}: {} removed so far</title></circle>",
            xs(minute(last)),
            yb(last.removed),
            esc(&label),
            fixed(minute(last), 2),
            last.removed
        );
    }
    out.push_str("</svg>\n<ul class=\"legend\">\n");
    for (i, s) in series.iter().enumerate() {
        let (colour, dash) = session_style(i);
        let _ = writeln!(
            out,
            "<li><span class=\"swatch\" style=\"border-top-style:{};border-top-color:{colour}\"></span>\
             {} {}</li>",
            if dash.is_empty() { "solid" } else { "dashed" },
            esc(&s.label),
            band_cell(s.band)
        );
    }
    out.push_str("</ul>\n");
}

/// Horizontal grid, y labels, axis lines and title of one exposure panel.
fn panel_axes(out: &mut String, top: f64, h: f64, y_top: f64, y_step: f64, title: &str) {
    let _ = writeln!(
        out,
        "<text class=\"panel-title\" x=\"{EX_X0}\" y=\"{:.1}\">{}</text>",
        top - 12.0,
        esc(title)
    );
    let ticks = (y_top / y_step).round() as usize;
    for i in 0..=ticks {
        let v = y_step * i as f64;
        let y = top + h - v / y_top * h;
        let _ = writeln!(
            out,
            "<line class=\"grid\" x1=\"{EX_X0}\" y1=\"{y:.1}\" x2=\"{EX_X1}\" y2=\"{y:.1}\"/>\
             <text x=\"{:.1}\" y=\"{y:.1}\" text-anchor=\"end\" dominant-baseline=\"middle\">{}</text>",
            EX_X0 - 6.0,
            tick_label(v, y_step)
        );
    }
    let _ = writeln!(
        out,
        "<line class=\"axis\" x1=\"{EX_X0}\" y1=\"{top:.1}\" x2=\"{EX_X0}\" y2=\"{:.1}\"/>\
         <line class=\"axis\" x1=\"{EX_X0}\" y1=\"{:.1}\" x2=\"{EX_X1}\" y2=\"{:.1}\"/>",
        top + h,
        top + h,
        top + h
    );
}

fn session_style(i: usize) -> (&'static str, &'static str) {
    let colour = SESSION_PALETTE[i % SESSION_PALETTE.len()];
    let dash = if i >= SESSION_PALETTE.len() {
        " stroke-dasharray=\"6 3\""
    } else {
        ""
    };
    (colour, dash)
}

fn diff(out: &mut String, d: &Diff) {
    out.push_str("<section id=\"diff\">\n<h2>Policy diff</h2>\n");
    let baseline = d
        .baseline
        .as_ref()
        .map(|b| {
            format!(
                "<code>{}</code> version <code>{}</code>",
                esc(&b.id),
                esc(&b.version)
            )
        })
        .unwrap_or_else(|| "the baseline".to_owned());
    let _ = writeln!(
        out,
        "<p>Against {baseline}: <strong>{}</strong> items newly removed and <strong>{}</strong> \
         newly allowed, of {} items compared.</p>",
        d.newly_blocked, d.newly_allowed, d.items_compared
    );
    if d.by_category.is_empty() {
        out.push_str("<p class=\"muted\">No item was decided differently.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<div class=\"table-wrap\"><table>\n<thead><tr><th>category or rule</th>\
         <th class=\"n\">newly removed</th><th class=\"n\">newly allowed</th>\
         <th>e.g. newly removed</th><th>e.g. newly allowed</th></tr></thead>\n<tbody>\n",
    );
    for (cat, c) in &d.by_category {
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td>{}</td><td>{}</td></tr>",
            esc(cat),
            c.newly_blocked,
            c.newly_allowed,
            examples(&c.examples_newly_blocked),
            examples(&c.examples_newly_allowed)
        );
    }
    out.push_str(
        "</tbody></table></div>\n<p class=\"how\">Rows are keyed by the category that decided the \
         item, or by the rule when the removal is not about a category. Hover an item id for the \
         verdict that changed.</p>\n</section>\n",
    );
}

fn examples(vs: &[Verdict]) -> String {
    if vs.is_empty() {
        return DASH.to_owned();
    }
    let mut s = String::new();
    for (i, v) in vs.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        let _ = write!(
            s,
            "<code title=\"exchange {}, {}, {} by {}\">{}</code>",
            v.exchange,
            esc(v.band),
            esc(v.action),
            esc(v.rule.as_deref().unwrap_or("-")),
            esc(&v.item_id)
        );
    }
    s
}

fn actions(out: &mut String, r: &Report) {
    out.push_str("<section id=\"actions\">\n<h2>Actions by rule</h2>\n");
    if r.actions.is_empty() {
        out.push_str("<p class=\"muted\">No rule acted.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<div class=\"table-wrap\"><table>\n<thead><tr><th>band</th><th>rule</th><th>action</th>\
         <th>category</th><th>reference</th><th class=\"n\">count</th></tr></thead>\n<tbody>\n",
    );
    for a in &r.actions {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td>\
             <td class=\"n\">{}</td></tr>",
            band_cell(&a.band),
            esc(&a.rule),
            esc(&a.action),
            opt(a.category.as_deref()),
            esc(&a.reference),
            a.count
        );
    }
    out.push_str(
        "</tbody></table></div>\n<p class=\"how\">Summed from the decisions, as the proxy's \
         metrics count them; the reference is the policy clause or regulation the rule \
         implements.</p>\n</section>\n",
    );
}

fn samples(out: &mut String, vs: &[Verdict]) {
    out.push_str("<section id=\"samples\">\n<h2>Sample decisions</h2>\n");
    if vs.is_empty() {
        out.push_str("<p class=\"muted\">No item was removed or changed.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<p class=\"how\">The first few items of each category and action, to spot-check against \
         the content.</p>\n<div class=\"table-wrap\"><table>\n<thead><tr><th class=\"n\">exchange</th>\
         <th>item id</th><th>band</th><th>action</th><th>category</th><th>rule</th><th>source</th>\
         <th>reference</th></tr></thead>\n<tbody>\n",
    );
    for v in vs {
        let _ = writeln!(
            out,
            "<tr><td class=\"n\">{}</td><td class=\"mono\">{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td></tr>",
            v.exchange,
            esc(&v.item_id),
            band_cell(v.band),
            esc(v.action),
            opt(v.category.as_deref()),
            opt(v.rule.as_deref()),
            opt(v.source),
            opt(v.reference.as_deref())
        );
    }
    out.push_str("</tbody></table></div>\n</section>\n");
}

fn reproduction(out: &mut String, r: &Report) {
    out.push_str("<section id=\"reproduction\">\n<h2>Reproduction</h2>\n");
    let rep = &r.reproduction;
    if rep.compared == 0 {
        out.push_str(
            "<p class=\"muted\">No exchange was recorded with a decision of this policy id and \
             version, so none could be compared.</p>\n</section>\n",
        );
        return;
    }
    let pct = rep.matched as f64 / rep.compared as f64 * 100.0;
    let _ = writeln!(
        out,
        "<p><span class=\"badge {}\">{}</span> Recorded decisions reproduced: <strong>{} of {}</strong> \
         ({}%).</p>",
        if rep.matched == rep.compared {
            "pass"
        } else {
            "fail"
        },
        if rep.matched == rep.compared {
            "MATCH"
        } else {
            "DRIFT"
        },
        rep.matched,
        rep.compared,
        fixed(pct, 1)
    );
    if !rep.differed.is_empty() {
        out.push_str("<p>Differed at:</p>\n<ul class=\"plain\">\n");
        for p in &rep.differed {
            let _ = writeln!(out, "<li><code>{}</code></li>", esc(p));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn skipped(out: &mut String, r: &Report) {
    if r.skipped_count == 0 && r.skipped.is_empty() {
        return;
    }
    out.push_str("<section id=\"skipped\">\n<h2>Skipped inputs</h2>\n");
    let listed = if r.skipped_count > r.skipped.len() as u64 {
        format!("; the first {} are listed", r.skipped.len())
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "<p>{} input record(s) or line(s) could not be read{listed}.</p>",
        r.skipped_count
    );
    if !r.skipped.is_empty() {
        out.push_str(
            "<div class=\"table-wrap\"><table>\n<thead><tr><th>position</th><th>error</th></tr>\
             </thead>\n<tbody>\n",
        );
        for k in &r.skipped {
            let _ = writeln!(
                out,
                "<tr><td class=\"mono\">{}</td><td>{}</td></tr>",
                esc(&k.position),
                esc(&k.error)
            );
        }
        out.push_str("</tbody></table></div>\n");
    }
    out.push_str("</section>\n");
}

/// Recorded upstream responses the engine could not read: well-formed records, so not
/// "skipped inputs", but each is a call the proxy failed closed on (or, for an adult band that
/// fails open, served unread).
fn unreadable(out: &mut String, r: &Report) {
    if r.unreadable_responses == 0 {
        return;
    }
    out.push_str("<section id=\"unreadable\">\n<h2>Unreadable upstream responses</h2>\n");
    let _ = writeln!(
        out,
        "<p>{} recorded response(s) could not be read by the engine.</p>",
        r.unreadable_responses
    );
    out.push_str(
        "<div class=\"table-wrap\"><table>\n<thead><tr><th>position</th><th>what happened</th></tr>\
         </thead>\n<tbody>\n",
    );
    for k in &r.unreadable_examples {
        let _ = writeln!(
            out,
            "<tr><td class=\"mono\">{}</td><td>{}</td></tr>",
            esc(&k.position),
            esc(&k.error)
        );
    }
    out.push_str("</tbody></table></div>\n</section>\n");
}

/// HTML-escapes text for element content and quoted attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn opt(s: Option<&str>) -> String {
    s.map_or_else(|| DASH.to_owned(), esc)
}

fn band_rank(b: &str) -> usize {
    BANDS.iter().position(|x| *x == b).unwrap_or(BANDS.len())
}

fn band_colour(b: &str) -> &'static str {
    match b {
        "under_13" => "#c8553d",
        "13_15" => "#e09f3e",
        "16_17" => "#2a9d8f",
        "adult" => "#7d8597",
        _ => "#8e7dbe",
    }
}

/// A band name with its colour dot, as in the charts; an empty band shows as a dash.
fn band_cell(b: &str) -> String {
    if b.is_empty() {
        return DASH.to_owned();
    }
    format!(
        "<span class=\"dot\" style=\"background:{}\"></span>{}",
        band_colour(b),
        esc(b)
    )
}

/// Map entries in band order (youngest first) rather than the map's alphabetical order.
fn ordered_bands<'m, V>(m: &'m BTreeMap<&'static str, V>) -> Vec<(&'static str, &'m V)> {
    let mut v: Vec<(&'static str, &V)> = m.iter().map(|(k, v)| (*k, v)).collect();
    v.sort_by_key(|(k, _)| (band_rank(k), *k));
    v
}

/// Axis top and tick step for values in `0..=max`: steps of 1, 2 or 5 times a power of ten,
/// about five ticks. A zero or invalid max still gives a usable axis, so nothing divides by 0.
fn scale(max: f64, integer: bool) -> (f64, f64) {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let rough = max / 5.0;
    let mag = 10f64.powf(rough.log10().floor());
    let norm = rough / mag;
    let unit = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    let mut step = unit * mag;
    if integer && step < 1.0 {
        step = 1.0;
    }
    let top = ((max / step).ceil() * step).max(step);
    (top, step)
}

fn tick_label(v: f64, step: f64) -> String {
    if step >= 1.0 {
        format!("{}", v.round() as i64)
    } else {
        let decimals = (-step.log10().floor()).clamp(0.0, 6.0) as usize;
        format!("{v:.decimals$}")
    }
}

fn fixed(v: f64, decimals: usize) -> String {
    if v.is_finite() {
        format!("{v:.decimals$}")
    } else {
        DASH.to_owned()
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('\u{2026}');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay::report::{
        ActionCount, DiffCounts, Offender, PolicyId, Reproduction, Skipped,
    };

    fn verdict(item: &str) -> Verdict {
        Verdict {
            exchange: 2,
            item_id: item.to_owned(),
            band: "under_13",
            action: "block",
            category: Some("gambling".to_owned()),
            rule: Some("category.block".to_owned()),
            reference: Some("policy 2.1".to_owned()),
            source: Some("text"),
        }
    }

    fn empty_report() -> Report {
        Report::empty(
            PolicyId {
                id: "kids-default".to_owned(),
                version: "1".to_owned(),
            },
            Vec::new(),
        )
    }

    fn small_report() -> Report {
        let mut by_band = BTreeMap::new();
        by_band.insert(
            "under_13",
            BandTotals {
                exchanges: 3,
                sessions: 1,
                items_in: 30,
                items_out: 22,
                blocked: 5,
                limited: 1,
                downranked: 1,
                ads_dropped: 1,
                capped: 0,
                breaks: 0,
                requests_minimised: 3,
            },
        );
        by_band.insert(
            "13_15",
            BandTotals {
                exchanges: 1,
                sessions: 1,
                items_in: 10,
                items_out: 8,
                limited: 2,
                ..BandTotals::default()
            },
        );
        let mut hostile = BTreeMap::new();
        hostile.insert(
            "under_13",
            CategoryCounts {
                blocked: 2,
                limited: 1,
                downranked: 0,
                by_text_only: 1,
            },
        );
        let mut gambling = BTreeMap::new();
        gambling.insert(
            "under_13",
            CategoryCounts {
                blocked: 3,
                limited: 0,
                downranked: 1,
                by_text_only: 0,
            },
        );
        gambling.insert(
            "13_15",
            CategoryCounts {
                blocked: 0,
                limited: 2,
                downranked: 0,
                by_text_only: 2,
            },
        );
        let mut by_category = BTreeMap::new();
        by_category.insert("<script>x</script>".to_owned(), hostile);
        by_category.insert("gambling".to_owned(), gambling);

        let mut diff_by_category = BTreeMap::new();
        diff_by_category.insert(
            "gambling".to_owned(),
            DiffCounts {
                newly_blocked: 1,
                newly_allowed: 0,
                examples_newly_blocked: vec![verdict("item-7")],
                examples_newly_allowed: Vec::new(),
            },
        );

        Report {
            policy: PolicyId {
                id: "kids-default".to_owned(),
                version: "3".to_owned(),
            },
            inputs: vec!["recordings/day1.jsonl".to_owned()],
            exchanges: 4,
            items_in: 40,
            items_out: 30,
            by_band,
            by_category,
            actions: vec![ActionCount {
                band: "under_13".to_owned(),
                rule: "category.block".to_owned(),
                action: "block".to_owned(),
                category: Some("gambling".to_owned()),
                reference: "policy 2.1".to_owned(),
                count: 3,
            }],
            checks: vec![
                CheckResult {
                    name: "child-exposure",
                    description: "an item reaches a child band although it is blocked",
                    failures: 1,
                    offenders: vec![Offender {
                        exchange: 2,
                        position: "day1.jsonl:2".to_owned(),
                        item_id: Some("item-9".to_owned()),
                        band: "under_13",
                        what: "in blocked category gambling, served".to_owned(),
                    }],
                },
                CheckResult {
                    name: "malformed",
                    description: "an input record or line could not be read",
                    failures: 0,
                    offenders: Vec::new(),
                },
            ],
            diff: Some(Diff {
                baseline: Some(PolicyId {
                    id: "kids-default".to_owned(),
                    version: "2".to_owned(),
                }),
                items_compared: 40,
                newly_blocked: 1,
                newly_allowed: 0,
                by_category: diff_by_category,
            }),
            reproduction: Reproduction {
                compared: 4,
                matched: 3,
                differed: vec!["day1.jsonl:4".to_owned()],
            },
            skipped_count: 1,
            skipped: vec![Skipped {
                position: "day1.jsonl:5".to_owned(),
                error: "expected value at line 1 column 1".to_owned(),
            }],
            out_of_order: 0,
            unreadable_responses: 0,
            unreadable_examples: Vec::new(),
            exposure_over_time: vec![
                SessionSeries {
                    label: "session 1".to_owned(),
                    band: "under_13",
                    points: vec![
                        ExposurePoint {
                            minute: 0.0,
                            sensitive_served: 0,
                            removed: 2,
                        },
                        ExposurePoint {
                            minute: 1.5,
                            sensitive_served: 2,
                            removed: 5,
                        },
                        ExposurePoint {
                            minute: 4.0,
                            sensitive_served: 3,
                            removed: 7,
                        },
                    ],
                },
                SessionSeries {
                    label: "session 2".to_owned(),
                    band: "13_15",
                    points: vec![ExposurePoint {
                        minute: 0.0,
                        sensitive_served: 1,
                        removed: 2,
                    }],
                },
            ],
            samples: vec![verdict("item-3")],
            elapsed_seconds: 0.25,
            items_per_second: 160.0,
        }
    }

    #[test]
    fn renders_charts_escaped_and_self_contained() {
        let html = render(&small_report());
        assert!(html.contains("data-chart=\"removals-by-category\""));
        assert!(html.contains("data-chart=\"exposure-over-time\""));
        assert!(html.contains("class=\"mark\""));
        assert!(!html.contains("<script>x"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("http://"));
        assert!(!html.contains("https://"));
        assert!(html.contains("item-9"));
        assert!(html.contains("Policy diff"));
        assert!(html.contains("3 of 4"));
    }

    #[test]
    fn empty_report_renders_without_marks() {
        let html = render(&empty_report());
        assert!(html.contains("no removals"));
        assert!(html.contains("data-chart=\"removals-by-category\""));
        assert!(html.contains("data-chart=\"exposure-over-time\""));
        assert!(!html.contains("class=\"mark\""));
        assert!(!html.contains("Policy diff"));
        assert!(!html.contains("http://"));
        assert!(!html.contains("https://"));
    }
}
