//! A small SVG writer for a share over the months (`/hours`: the share of the hours that
//! went to meetings): a line through one point per month, the target as a dashed line,
//! the value written over each point. Drawn narrow (360 units, a phone's width) so that it
//! reads at that width without shrinking; it draws what it is given and nothing else (no
//! scripts, every text escaped), and comes with a table of the same figures.

use crate::message::html::escape;

/// A share per label (tenths of a percent; `None`: no hours that month, no point), with an
/// optional target.
pub struct LineChart {
    /// Read by screen readers (`<title>`), and the `id` base of the SVG.
    pub title: String,
    pub id: String,
    /// One short label per point (a month's abbreviation).
    pub labels: Vec<String>,
    pub values: Vec<Option<u32>>,
    /// The target (tenths of a percent) and how its line is labelled.
    pub target: Option<(u32, String)>,
    /// How a value reads (`18.8%`).
    pub format: fn(u32) -> String,
}

const WIDTH: i64 = 360;
const LEFT: i64 = 40;
const RIGHT: i64 = 8;
const TOP: i64 = 22;
const PLOT: i64 = 150;
const BOTTOM: i64 = 24;
const LINE: &str = "#2f6db5";
const TARGET: &str = "#b5452f";

impl LineChart {
    /// The chart as an `<svg>` element.
    pub fn render(&self) -> String {
        let highest = self
            .values
            .iter()
            .flatten()
            .copied()
            .chain(self.target.as_ref().map(|(t, _)| *t))
            .max()
            .unwrap_or(0);
        // The scale's top: the next ten percent above the highest value (at least 10 %).
        let top = (i64::from(highest) / 100 + 1).min(10) * 100;
        let height = TOP + PLOT + BOTTOM;
        let n = self.labels.len().max(1) as i64;
        let slot = (WIDTH - LEFT - RIGHT) / n;
        let x = |i: usize| LEFT + slot * i as i64 + slot / 2;
        let y = |v: u32| TOP + PLOT - i64::from(v).min(top) * PLOT / top;
        let id = escape(&self.id);
        let mut out = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-t\"><title id=\"{id}-t\">{}</title>",
            escape(&self.title)
        );
        // The scale: 0, half and the top, each with its value.
        for v in [0, top / 2, top] {
            let v = v as u32;
            out.push_str(&format!(
                "<line x1=\"{LEFT}\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" stroke=\"#ccc\"/><text x=\"{2}\" y=\"{3}\" font-size=\"12\" text-anchor=\"end\">{4}</text>",
                y(v),
                WIDTH - RIGHT,
                LEFT - 4,
                y(v) + 4,
                escape(&(self.format)(v))
            ));
        }
        if let Some((target, label)) = &self.target {
            let ty = y(*target);
            out.push_str(&format!(
                "<line x1=\"{LEFT}\" y1=\"{ty}\" x2=\"{0}\" y2=\"{ty}\" stroke=\"{TARGET}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"{0}\" y=\"{1}\" font-size=\"12\" text-anchor=\"end\" fill=\"{TARGET}\">{2}</text>",
                WIDTH - RIGHT,
                ty - 4,
                escape(label)
            ));
        }
        // The line, broken where a month has no hours.
        let mut run: Vec<String> = Vec::new();
        let mut lines = Vec::new();
        for (i, v) in self.values.iter().enumerate() {
            match v {
                Some(v) => run.push(format!("{},{}", x(i), y(*v))),
                None => lines.push(std::mem::take(&mut run)),
            }
        }
        lines.push(run);
        for run in lines.into_iter().filter(|r| r.len() > 1) {
            out.push_str(&format!(
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{LINE}\" stroke-width=\"2.5\"/>",
                run.join(" ")
            ));
        }
        for (i, v) in self.values.iter().enumerate() {
            if let Some(v) = v {
                out.push_str(&format!(
                    "<circle cx=\"{0}\" cy=\"{1}\" r=\"3.5\" fill=\"{LINE}\"/><text x=\"{0}\" y=\"{2}\" font-size=\"10\" text-anchor=\"middle\">{3}</text>",
                    x(i),
                    y(*v),
                    y(*v) - 7,
                    escape(&(self.format)(*v))
                ));
            }
        }
        for (i, label) in self.labels.iter().enumerate() {
            let short: String = label.chars().take(4).collect();
            out.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
                x(i),
                TOP + PLOT + 16,
                escape(&short)
            ));
        }
        out.push_str("</svg>");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(values: &[Option<u32>], target: Option<u32>) -> String {
        LineChart {
            title: "Meetings <share>".into(),
            id: "m".into(),
            labels: (1..=values.len()).map(|m| format!("M{m}")).collect(),
            values: values.to_vec(),
            target: target.map(|t| (t, format!("target {}%", t / 10))),
            format: |v| format!("{}%", v / 10),
        }
        .render()
    }

    #[test]
    fn points_sit_on_the_scale_and_the_target_is_a_dashed_line() {
        // 175 (17.5 %) on a scale up to 20 %: 22 + 150 - 175 * 150 / 200 = 41.
        let svg = chart(&[Some(175), Some(100)], Some(150));
        // Two months over 312 units: slots of 156, points at 118 and 274.
        assert!(svg.contains("<circle cx=\"118\" cy=\"41\""), "{svg}");
        assert!(svg.contains("<circle cx=\"274\" cy=\"97\""), "{svg}");
        assert!(svg.contains("<polyline points=\"118,41 274,97\""), "{svg}");
        // 15 %: 22 + 150 - 112 = 60.
        assert!(
            svg.contains("y1=\"60\" x2=\"352\" y2=\"60\" stroke=\"#b5452f\""),
            "{svg}"
        );
        assert!(
            svg.contains(">target 15%</text>") && svg.contains(">20%</text>"),
            "{svg}"
        );
    }

    #[test]
    fn a_month_without_hours_breaks_the_line_and_text_is_escaped() {
        let svg = chart(&[Some(100), None, Some(100)], None);
        assert!(!svg.contains("<polyline"), "{svg}");
        assert_eq!(svg.matches("<circle").count(), 2, "{svg}");
        assert!(
            svg.contains("Meetings &lt;share&gt;") && !svg.contains("<share>"),
            "{svg}"
        );
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn everything_stays_inside_a_phones_width() {
        let svg = chart(&[Some(1000); 12], Some(1000));
        assert!(svg.contains("viewBox=\"0 0 360 196\""), "{svg}");
        for x in svg
            .split(" x=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap().parse::<i64>().unwrap())
        {
            assert!((0..=360).contains(&x), "{x}: {svg}");
        }
    }
}
