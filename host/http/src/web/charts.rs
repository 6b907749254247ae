//! The compliance overview's charts, drawn on the server as inline SVG: they read without
//! JavaScript and need no chart library. Each chart is an image to assistive technology
//! (`role="img"`) whose name (`aria-label` and `<title>`) says every number it shows, and
//! each also prints its labels and counts as text. Colours are Tabler's palette, so the
//! charts match the pivot's cells.

use std::fmt::Write;

use minijinja::HtmlEscape;

/// Tabler's green (1.6, `$green`): compliant.
pub(crate) const GREEN: &str = "#2fb344";
/// Tabler's red (`$red`): not compliant.
pub(crate) const RED: &str = "#d63939";
/// Tabler's secondary grey (`$gray-500`, 4.7:1 on white): no result.
pub(crate) const GREY: &str = "#737373";
/// Tabler's body text colour (`$gray-800`), for labels.
const TEXT: &str = "#262626";

/// One slice of a pie, or one segment of a bar: what it counts, how many, its colour.
pub(crate) struct Part<'a> {
    pub label: &'a str,
    pub count: usize,
    pub colour: &'static str,
}

/// The pie's radius and centre, in the SVG's own units.
const RADIUS: f64 = 45.0;
const CENTRE: f64 = 50.0;

/// Where a slice starts and how far it turns, in degrees clockwise from twelve o'clock.
#[derive(Debug, PartialEq)]
struct Sweep {
    start: f64,
    degrees: f64,
}

/// Each part's share of the circle, in order; a part of no count turns no degrees, and
/// nothing turns when every count is zero.
fn sweeps(parts: &[Part<'_>]) -> Vec<Sweep> {
    let total: usize = parts.iter().map(|p| p.count).sum();
    let mut start = 0.0;
    parts
        .iter()
        .map(|part| {
            let degrees = match total {
                0 => 0.0,
                _ => 360.0 * part.count as f64 / total as f64,
            };
            let sweep = Sweep { start, degrees };
            start += degrees;
            sweep
        })
        .collect()
}

/// The point on the pie's rim at `degrees` clockwise from twelve o'clock.
fn rim(degrees: f64) -> (f64, f64) {
    let radians = degrees.to_radians();
    (
        CENTRE + RADIUS * radians.sin(),
        CENTRE - RADIUS * radians.cos(),
    )
}

/// One slice's shape: a `<circle>` for the whole pie (an SVG arc cannot end where it
/// starts), a wedge path otherwise, nothing for an empty slice.
fn slice(sweep: &Sweep, colour: &str) -> String {
    if sweep.degrees <= 0.0 {
        return String::new();
    }
    if sweep.degrees >= 360.0 - 1e-9 {
        return format!(r#"<circle cx="{CENTRE}" cy="{CENTRE}" r="{RADIUS}" fill="{colour}"/>"#);
    }
    let (x0, y0) = rim(sweep.start);
    let (x1, y1) = rim(sweep.start + sweep.degrees);
    let large = u8::from(sweep.degrees > 180.0);
    format!(
        r#"<path d="M{CENTRE},{CENTRE} L{x0:.2},{y0:.2} A{RADIUS},{RADIUS} 0 {large} 1 {x1:.2},{y1:.2} Z" fill="{colour}"/>"#
    )
}

/// The text naming a chart's numbers: "Devices: 3 compliant, 1 not compliant".
fn summary(title: &str, parts: &[Part<'_>]) -> String {
    let counts: Vec<String> = parts
        .iter()
        .map(|p| format!("{} {}", p.count, p.label))
        .collect();
    format!("{title}: {}", counts.join(", "))
}

/// A pie of `parts` with a legend of their labels and counts beside it; an empty grey ring
/// and "no results" when every count is zero.
pub(crate) fn pie(title: &str, parts: &[Part<'_>]) -> String {
    let name = HtmlEscape(&summary(title, parts)).to_string();
    let mut svg = format!(
        r#"<svg class="chart chart-pie" viewBox="0 0 250 100" role="img" aria-label="{name}"><title>{name}</title>"#
    );
    let sweeps = sweeps(parts);
    if sweeps.iter().all(|s| s.degrees == 0.0) {
        let _ = write!(
            svg,
            r#"<circle cx="{CENTRE}" cy="{CENTRE}" r="{RADIUS}" fill="none" stroke="{GREY}" stroke-width="2"/><text x="{CENTRE}" y="{CENTRE}" text-anchor="middle" dominant-baseline="middle" font-size="10" fill="{TEXT}">no results</text>"#
        );
    }
    for (sweep, part) in sweeps.iter().zip(parts) {
        svg.push_str(&slice(sweep, part.colour));
    }
    for (i, part) in parts.iter().enumerate() {
        let y = 22 + i * 22;
        let _ = write!(
            svg,
            r#"<rect x="110" y="{}" width="12" height="12" fill="{}"/><text x="128" y="{y}" dominant-baseline="middle" font-size="12" fill="{TEXT}">{} {}</text>"#,
            y - 6,
            part.colour,
            part.count,
            HtmlEscape(part.label),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One bar of a bar chart: its label and its segments, left to right.
pub(crate) struct Bar<'a> {
    pub label: &'a str,
    pub parts: Vec<Part<'a>>,
}

/// The bars' width in the SVG's units, and the height of one row (label above the bar).
const BAR_WIDTH: f64 = 400.0;
const ROW: usize = 36;

/// Horizontal bars, one per row, each as long as the chart and split into its parts'
/// shares, with the label on the left above it and the first part's share ("3/4 (75%)")
/// on the right.
pub(crate) fn bars(title: &str, bars: &[Bar<'_>]) -> String {
    let described: Vec<String> = bars
        .iter()
        .map(|bar| summary(bar.label, &bar.parts))
        .collect();
    let name = HtmlEscape(&format!("{title}: {}", described.join("; "))).to_string();
    let height = (bars.len() * ROW).max(1);
    let mut svg = format!(
        r#"<svg class="chart chart-bars" viewBox="0 0 {BAR_WIDTH} {height}" role="img" aria-label="{name}"><title>{name}</title>"#
    );
    for (i, bar) in bars.iter().enumerate() {
        let top = i * ROW;
        let total: usize = bar.parts.iter().map(|p| p.count).sum();
        let first = bar.parts.first().map_or(0, |p| p.count);
        let percent = (first * 100).checked_div(total).unwrap_or(0);
        let _ = write!(
            svg,
            r#"<text x="0" y="{}" font-size="12" fill="{TEXT}">{}</text><text x="{BAR_WIDTH}" y="{}" text-anchor="end" font-size="12" fill="{TEXT}">{first}/{total} ({percent}%)</text>"#,
            top + 12,
            HtmlEscape(bar.label),
            top + 12,
        );
        let mut x = 0.0;
        for part in &bar.parts {
            let width = match total {
                0 => 0.0,
                _ => BAR_WIDTH * part.count as f64 / total as f64,
            };
            if width > 0.0 {
                let _ = write!(
                    svg,
                    r#"<rect x="{x:.2}" y="{}" width="{width:.2}" height="14" fill="{}"/>"#,
                    top + 17,
                    part.colour
                );
            }
            x += width;
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two(first: usize, second: usize) -> [Part<'static>; 2] {
        [
            Part {
                label: "compliant",
                count: first,
                colour: GREEN,
            },
            Part {
                label: "not compliant",
                count: second,
                colour: RED,
            },
        ]
    }

    #[test]
    fn a_three_to_one_split_turns_270_and_90_degrees() {
        assert_eq!(
            sweeps(&two(3, 1)),
            [
                Sweep {
                    start: 0.0,
                    degrees: 270.0
                },
                Sweep {
                    start: 270.0,
                    degrees: 90.0
                }
            ]
        );
        // 270 degrees clockwise from twelve o'clock ends at nine, the long way round.
        let wedge = slice(&sweeps(&two(3, 1))[0], GREEN);
        assert!(
            wedge.contains("L50.00,5.00 A45,45 0 1 1 5.00,50.00 Z"),
            "{wedge}"
        );
        let short = slice(&sweeps(&two(3, 1))[1], RED);
        assert!(
            short.contains("L5.00,50.00 A45,45 0 0 1 50.00,5.00 Z"),
            "{short}"
        );
    }

    #[test]
    fn one_kind_only_is_a_whole_circle_and_the_other_draws_nothing() {
        let svg = pie("Devices", &two(4, 0));
        assert_eq!(svg.matches("<circle").count(), 1, "{svg}");
        assert!(svg.contains(&format!(r#"r="45" fill="{GREEN}""#)), "{svg}");
        assert!(!svg.contains("<path"), "{svg}");
        assert!(svg.contains(">4 compliant</text>"), "{svg}");
        assert!(svg.contains(">0 not compliant</text>"), "{svg}");
    }

    #[test]
    fn no_counts_at_all_draw_an_empty_ring_that_says_so() {
        let svg = pie("Devices", &two(0, 0));
        assert!(svg.contains(r#"fill="none""#), "{svg}");
        assert!(svg.contains(">no results</text>"), "{svg}");
        assert!(!svg.contains("<path"), "{svg}");
    }

    #[test]
    fn a_chart_is_an_image_named_by_its_numbers_with_labels_escaped() {
        let svg = pie("Devices", &two(3, 1));
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains(r#"role="img""#), "{svg}");
        let name = "Devices: 3 compliant, 1 not compliant";
        assert!(svg.contains(&format!(r#"aria-label="{name}""#)), "{svg}");
        assert!(svg.contains(&format!("<title>{name}</title>")), "{svg}");
        let bar = bars(
            "By feature",
            &[Bar {
                label: "<acl>",
                parts: two(1, 3).into(),
            }],
        );
        assert!(bar.contains(">&lt;acl&gt;</text>"), "{bar}");
        assert!(!bar.contains("<acl>"), "{bar}");
        assert!(bar.contains(">1/4 (25%)</text>"), "{bar}");
    }

    #[test]
    fn a_bar_is_split_in_its_parts_shares() {
        let svg = bars(
            "By feature",
            &[
                Bar {
                    label: "ntp",
                    parts: two(3, 1).into(),
                },
                Bar {
                    label: "snmp",
                    parts: two(2, 0).into(),
                },
            ],
        );
        assert!(svg.contains(r#"viewBox="0 0 400 72""#), "{svg}");
        assert!(
            svg.contains(&format!(
                r#"<rect x="0.00" y="17" width="300.00" height="14" fill="{GREEN}"/><rect x="300.00" y="17" width="100.00" height="14" fill="{RED}"/>"#
            )),
            "{svg}"
        );
        // A part of no count draws no rectangle.
        assert_eq!(svg.matches("<rect").count(), 3, "{svg}");
        assert!(svg.contains(">2/2 (100%)</text>"), "{svg}");
    }
}
