//! Horizontal bar charts drawn on the server as SVG: no chart library, no
//! script, readable by screen readers (each chart is an image with a
//! title, and its data follows as a table).

/// Width of the drawing, in SVG units.
pub(super) const WIDTH: u32 = 640;
/// Where the bars start (the labels are on their left).
const BARS_FROM: u32 = 250;
/// Room kept right of the longest bar for its count.
const COUNT_ROOM: u32 = 60;
const ROW: u32 = 26;
const BAR: u32 = 18;
/// Longest label drawn, in characters (the table has it whole).
const LABEL_CHARS: usize = 34;

/// One bar: its label, its value and where it is drawn.
pub(super) struct Bar {
    pub label: String,
    /// The label as drawn (shortened).
    pub short: String,
    pub value: u64,
    pub y: u32,
    pub width: u32,
    /// Where the count is written.
    pub count_x: u32,
    pub text_y: u32,
    /// Where its data table's row links to (the search of its projects).
    pub link: Option<String>,
}

/// The bars of `rows` (label, value), scaled to the largest value.
pub(super) fn bars(rows: &[(String, u64)]) -> Vec<Bar> {
    let max = rows.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let room = u64::from(WIDTH - BARS_FROM - COUNT_ROOM);
    rows.iter()
        .enumerate()
        .map(|(i, (label, value))| {
            let width = (value * room / max).max(u64::from(*value > 0)) as u32;
            let y = i as u32 * ROW;
            Bar {
                short: shorten(label),
                label: label.clone(),
                value: *value,
                y,
                width,
                count_x: BARS_FROM + width + 6,
                text_y: y + BAR - 4,
                link: None,
            }
        })
        .collect()
}

/// The drawing's height for `count` bars.
pub(super) fn height(count: usize) -> u32 {
    (count as u32).max(1) * ROW
}

/// Where the bars start.
pub(super) fn bars_from() -> u32 {
    BARS_FROM
}

/// The bar's height.
pub(super) fn bar_height() -> u32 {
    BAR
}

fn shorten(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label.to_owned();
    }
    let mut short: String = label.chars().take(LABEL_CHARS - 1).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value_and_keep_small_ones_visible() {
        let rows = vec![
            ("Alimentation".to_owned(), 100),
            (
                "Une étiquette bien trop longue pour tenir sur la gauche".to_owned(),
                1,
            ),
            ("Rien".to_owned(), 0),
        ];
        let bars = bars(&rows);
        assert_eq!(bars[0].width, WIDTH - BARS_FROM - COUNT_ROOM);
        assert_eq!(bars[1].width, 3, "1% of 330, at least one unit");
        assert_eq!(bars[2].width, 0);
        assert!(bars[1].short.ends_with('…') && bars[1].short.chars().count() == LABEL_CHARS);
        assert_eq!(bars[2].y, 2 * ROW);
        assert_eq!(height(3), 3 * ROW);
    }
}
