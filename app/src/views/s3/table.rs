//! A CSV object previewed as a table: the first line as the header, quoted fields (with `""`
//! for a quote, commas and line breaks inside) read as RFC 4180 says.

use leptos::prelude::*;

/// Most rows a preview table shows.
const TABLE_ROWS: usize = 100;

/// Is this object CSV: by its Content-Type, or by its key (`.csv`, also `.csv.gz` and the like).
pub fn is_csv(key: &str, content_type: &str) -> bool {
    let name = key.to_ascii_lowercase();
    content_type.starts_with("text/csv")
        || name.ends_with(".csv")
        || [".gz", ".zip", ".snappy"]
            .iter()
            .any(|ext| name.strip_suffix(ext).is_some_and(|n| n.ends_with(".csv")))
}

/// The records of `text`; `None` when it does not read as CSV (an unclosed quote, or rows of
/// different widths, as a truncated preview can end mid-row: the last row is then dropped).
pub fn parse(text: &str) -> Option<Vec<Vec<String>>> {
    let mut rows = Vec::new();
    let (mut row, mut field) = (Vec::new(), String::new());
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    let width = rows.first()?.len();
    if width < 2 {
        return None;
    }
    if rows.last().is_some_and(|r| r.len() != width) {
        rows.pop();
    }
    rows.iter().all(|r| r.len() == width).then_some(rows)
}

#[component]
pub fn CsvTable(rows: Vec<Vec<String>>) -> impl IntoView {
    let mut rows = rows.into_iter();
    let header = rows.next().unwrap_or_default();
    let body: Vec<Vec<String>> = rows.collect();
    let more = body.len().saturating_sub(TABLE_ROWS);
    view! {
        <div class="csv-table-wrap">
            <table class="csv-table" data-testid="s3-csv-table">
                <thead>
                    <tr>{header.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {body
                        .into_iter()
                        .take(TABLE_ROWS)
                        .map(|r| view! { <tr>{r.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr> })
                        .collect_view()}
                </tbody>
            </table>
            {(more > 0).then(|| view! { <p class="muted">{format!("…and {more} more rows")}</p> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_keep_their_commas_quotes_and_line_breaks() {
        let rows =
            parse("city,note\r\nLisbon,\"sunny, warm\"\nOslo,\"said \"\"hi\"\"\nthen left\"\n")
                .unwrap();
        assert_eq!(rows[1], ["Lisbon", "sunny, warm"]);
        assert_eq!(rows[2], ["Oslo", "said \"hi\"\nthen left"]);
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn a_cut_off_last_row_is_dropped_and_ragged_text_is_not_csv() {
        assert_eq!(parse("a,b\n1,2\n3").unwrap(), [["a", "b"], ["1", "2"]]);
        assert_eq!(parse("a,b\n1,2,3\n4,5\n"), None);
        assert_eq!(parse("just one column\n"), None);
    }

    #[test]
    fn csv_is_known_by_type_or_name() {
        assert!(is_csv("data/visits.csv", "binary/octet-stream"));
        assert!(is_csv("data/visits.CSV.gz", ""));
        assert!(is_csv("export", "text/csv; charset=utf-8"));
        assert!(!is_csv("events.json.gz", "application/gzip"));
    }
}
