//! A small SVG writer for the hours charts: horizontal stacked bars, one row per label,
//! one colour per series, the figure written at the end of each bar. It draws what it is
//! given and nothing else (no scripts, every text escaped); each chart on a page comes
//! with a table of the same figures for screen readers and copying.

use crate::message::html::escape;

/// One series of a chart (paid, volunteer…): its name, its CSS colour, a value per label.
pub struct Series {
    pub name: String,
    pub colour: &'static str,
    pub values: Vec<i64>,
}

/// A horizontal stacked bar chart.
pub struct BarChart {
    /// Read by screen readers (`<title>`), and the `id` base of the SVG.
    pub title: String,
    pub id: String,
    pub labels: Vec<String>,
    pub series: Vec<Series>,
    /// How a total reads at the end of its bar (`12h30`).
    pub format: fn(i64) -> String,
}

const WIDTH: i64 = 640;
const LABEL_WIDTH: i64 = 230;
const ROW: i64 = 26;
const BAR: i64 = 18;
const TOP: i64 = 28;

impl BarChart {
    /// The chart as an `<svg>` element.
    pub fn render(&self) -> String {
        let totals: Vec<i64> = (0..self.labels.len())
            .map(|i| {
                self.series
                    .iter()
                    .map(|s| s.values.get(i).copied().unwrap_or(0).max(0))
                    .sum()
            })
            .collect();
        let max = totals.iter().copied().max().unwrap_or(0).max(1);
        let plot = WIDTH - LABEL_WIDTH - 70;
        let height = TOP + ROW * self.labels.len() as i64 + 8;
        let id = escape(&self.id);
        let mut out = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-t\"><title id=\"{id}-t\">{}</title>",
            escape(&self.title)
        );
        // The legend.
        let mut x = LABEL_WIDTH;
        for s in &self.series {
            out.push_str(&format!(
                "<rect x=\"{x}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"16\" font-size=\"13\">{}</text>",
                s.colour,
                x + 16,
                escape(&s.name)
            ));
            x += 24 + 8 * s.name.chars().count() as i64;
        }
        for (i, label) in self.labels.iter().enumerate() {
            let y = TOP + ROW * i as i64;
            // A long label is cut with an ellipsis; the table under the chart has it whole.
            let mut short: String = label.chars().take(32).collect();
            if label.chars().count() > 32 {
                short.pop();
                short = format!("{}…", short.trim_end());
            }
            out.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"end\">{}</text>",
                LABEL_WIDTH - 6,
                y + BAR - 4,
                escape(&short)
            ));
            let mut x = LABEL_WIDTH;
            for s in &self.series {
                let v = s.values.get(i).copied().unwrap_or(0).max(0);
                let w = v * plot / max;
                if w > 0 {
                    out.push_str(&format!(
                        "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{BAR}\" fill=\"{}\"/>",
                        s.colour
                    ));
                }
                x += w;
            }
            out.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>",
                x + 4,
                y + BAR - 4,
                escape(&(self.format)(totals[i]))
            ));
        }
        out.push_str("</svg>");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(labels: &[&str], paid: &[i64], volunteer: &[i64]) -> BarChart {
        BarChart {
            title: "Hours <by> project".into(),
            id: "p".into(),
            labels: labels.iter().map(|s| s.to_string()).collect(),
            series: vec![
                Series {
                    name: "paid".into(),
                    colour: "#2f6db5",
                    values: paid.to_vec(),
                },
                Series {
                    name: "volunteer".into(),
                    colour: "#e08a1e",
                    values: volunteer.to_vec(),
                },
            ],
            format: |m| format!("{}h", m / 60),
        }
    }

    #[test]
    fn the_longest_bar_fills_the_plot_and_the_others_are_in_proportion() {
        let svg = chart(&["web", "care"], &[600, 120], &[0, 180]).render();
        // 640 - 230 - 70 = 340 units for the largest total (600 minutes).
        assert!(svg.contains("width=\"340\" height=\"18\""), "{svg}");
        // 120 and 180 of 600: 68 and 102 units, the volunteer part after the paid one.
        assert!(svg.contains("<rect x=\"230\" y=\"54\" width=\"68\""), "{svg}");
        assert!(svg.contains("<rect x=\"298\" y=\"54\" width=\"102\""), "{svg}");
        assert!(svg.contains(">10h</text>") && svg.contains(">5h</text>"), "{svg}");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }

    #[test]
    fn a_long_label_is_cut_with_an_ellipsis() {
        let svg = chart(&["sysadmin (care and maintenance work)"], &[60], &[0]).render();
        assert!(svg.contains(">sysadmin (care and maintenance…</text>"), "{svg}");
        let svg = chart(&["sysadmin (care and maintenance)"], &[60], &[0]).render();
        assert!(svg.contains(">sysadmin (care and maintenance)</text>"), "{svg}");
    }

    #[test]
    fn labels_and_titles_are_escaped_and_nothing_runs() {
        let svg = chart(&["<script>alert(1)</script>"], &[60], &[0]).render();
        assert!(!svg.contains("<script"), "{svg}");
        assert!(svg.contains("&lt;script&gt;"), "{svg}");
        assert!(
            svg.contains("<title id=\"p-t\">Hours &lt;by&gt; project</title>"),
            "{svg}"
        );
    }

    #[test]
    fn an_empty_or_zero_chart_draws_no_bar() {
        let svg = chart(&["web"], &[0], &[0]).render();
        assert!(!svg.contains("height=\"18\""), "{svg}");
        let svg = chart(&[], &[], &[]).render();
        assert!(svg.ends_with("</svg>"));
    }
}
