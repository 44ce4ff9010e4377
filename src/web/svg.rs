//! A small SVG writer for the hours charts: horizontal stacked bars, one row per label
//! (the label on its own line, above its bar, from the left edge: however long it is and
//! whatever font the reader's browser uses, it is never cut at the left), one colour per
//! series, the figure written at the end of each bar. It draws what it is given and
//! nothing else (no scripts, every text escaped); each chart on a page comes with a table
//! of the same figures for screen readers and copying.

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
/// Room left of the plot for the figure at the end of the longest bar.
const FIGURE_WIDTH: i64 = 70;
/// A row: the label's line, then the bar.
const ROW: i64 = 46;
const LABEL_LINE: i64 = 20;
const BAR: i64 = 18;
const TOP: i64 = 28;
/// Characters of a label shown (the table under the chart has it whole): 60 characters of
/// ordinary text at 15 px (8 to 9 units each) stay inside the chart's 640 units.
const LABEL_CHARS: usize = 60;

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
        let plot = WIDTH - FIGURE_WIDTH;
        let height = TOP + ROW * self.labels.len() as i64;
        let id = escape(&self.id);
        let mut out = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-t\"><title id=\"{id}-t\">{}</title>",
            escape(&self.title)
        );
        // The legend.
        let mut x = 0;
        for s in &self.series {
            out.push_str(&format!(
                "<rect x=\"{x}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"16\" font-size=\"14\">{}</text>",
                s.colour,
                x + 16,
                escape(&s.name)
            ));
            x += 24 + 9 * s.name.chars().count() as i64;
        }
        for (i, label) in self.labels.iter().enumerate() {
            let top = TOP + ROW * i as i64;
            let y = top + LABEL_LINE + 2;
            // A very long label is cut with an ellipsis.
            let mut short: String = label.chars().take(LABEL_CHARS).collect();
            if label.chars().count() > LABEL_CHARS {
                short.pop();
                short = format!("{}…", short.trim_end());
            }
            out.push_str(&format!(
                "<text x=\"0\" y=\"{}\" font-size=\"15\">{}</text>",
                top + LABEL_LINE - 4,
                escape(&short)
            ));
            let mut x = 0;
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
                "<text x=\"{}\" y=\"{}\" font-size=\"13\">{}</text>",
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
        // 640 - 70 = 570 units for the largest total (600 minutes).
        assert!(
            svg.contains("<rect x=\"0\" y=\"50\" width=\"570\" height=\"18\""),
            "{svg}"
        );
        // 120 and 180 of 600: 114 and 171 units, the volunteer part after the paid one,
        // under the second label.
        assert!(
            svg.contains("<text x=\"0\" y=\"90\" font-size=\"15\">care</text>"),
            "{svg}"
        );
        assert!(svg.contains("<rect x=\"0\" y=\"96\" width=\"114\""), "{svg}");
        assert!(svg.contains("<rect x=\"114\" y=\"96\" width=\"171\""), "{svg}");
        assert!(svg.contains(">10h</text>") && svg.contains(">5h</text>"), "{svg}");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }

    #[test]
    fn a_label_starts_at_the_left_edge_whole_and_only_a_very_long_one_is_cut() {
        let label = "maintenance-informatique (soin et entretien)";
        let svg = chart(&[label], &[60], &[0]).render();
        assert!(
            svg.contains(&format!("<text x=\"0\" y=\"44\" font-size=\"15\">{label}</text>")),
            "{svg}"
        );
        let long = "x".repeat(70);
        let svg = chart(&[long.as_str()], &[60], &[0]).render();
        assert!(svg.contains(&format!(">{}…</text>", "x".repeat(59))), "{svg}");
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
