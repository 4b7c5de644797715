//! `--output table`, ported from awscli/formatter.py `TableFormatter` and awscli/table.py
//! `MultiTable`: one section per dict or list of dicts, scalar keys as sorted column headers,
//! nested values as indented sub-sections, columns scaled to the widest section. The CLI sizes
//! tables for an 80-column terminal when it cannot ask the terminal, as in the console.

use super::width::text_length;
use crate::json::Json;

#[derive(Default)]
struct Section {
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent_level: usize,
    max_widths: Vec<usize>,
}

impl Section {
    fn add_header(&mut self, headers: Vec<String>) {
        self.update_max_widths(&headers);
        self.headers = headers;
    }

    fn add_row(&mut self, row: Vec<String>) {
        self.update_max_widths(&row);
        self.rows.push(row);
    }

    fn update_max_widths(&mut self, row: &[String]) {
        if self.max_widths.is_empty() {
            self.max_widths = row.iter().map(|e| text_length(e)).collect();
        } else {
            for (i, el) in row.iter().enumerate() {
                if let Some(w) = self.max_widths.get_mut(i) {
                    *w = (*w).max(text_length(el));
                }
            }
        }
    }

    /// Column widths scaled to `max_width` (Python's `round` is half-to-even).
    fn column_widths(&self, padding: usize, max_width: Option<usize>) -> Vec<usize> {
        let unscaled: Vec<usize> = self.max_widths.iter().map(|w| w + padding).collect();
        let Some(max_width) = max_width else { return unscaled };
        let total: usize = unscaled.iter().sum();
        if unscaled.is_empty() || total == 0 {
            return unscaled;
        }
        let scale = max_width as f64 / total as f64;
        let mut scaled: Vec<i64> =
            unscaled.iter().map(|w| (scale * *w as f64).round_ties_even() as i64).collect();
        let mut off_by: i64 = scaled.iter().sum::<i64>() - max_width as i64;
        while off_by != 0 {
            let order: Vec<usize> = if off_by < 0 {
                (0..scaled.len()).rev().collect()
            } else {
                (0..scaled.len()).collect()
            };
            for i in order {
                if off_by > 0 {
                    scaled[i] -= 1;
                    off_by -= 1;
                } else {
                    scaled[i] += 1;
                    off_by += 1;
                }
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled.into_iter().map(|w| w.max(0) as usize).collect()
    }

    fn total_width(&self, padding: usize, outer_padding: usize) -> usize {
        let total: usize = self.column_widths(0, None).iter().map(|w| w + padding).sum::<usize>()
            + 2
            + 2 * outer_padding;
        (text_length(&self.title) + 2 + 2 * outer_padding).max(total)
    }
}

pub struct Table {
    sections: Vec<Section>,
    terminal_width: usize,
}

impl Table {
    pub fn new(terminal_width: usize) -> Self {
        Table { sections: Vec::new(), terminal_width }
    }

    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section::default());
        }
        let last = self.sections.len() - 1;
        &mut self.sections[last]
    }

    fn new_section(&mut self, title: &str, indent_level: usize) {
        self.sections.push(Section {
            title: title.to_string(),
            indent_level,
            ..Section::default()
        });
    }

    /// `TableFormatter._build_table`: false when there is nothing to show.
    pub fn build(&mut self, title: Option<&str>, current: &Json, indent_level: usize) -> bool {
        if !current.is_truthy() {
            return false;
        }
        if let Some(title) = title {
            self.new_section(title, indent_level);
        }
        match current {
            Json::Array(items) => {
                if matches!(items.first(), Some(Json::Object(_))) {
                    self.sub_table_from_list(items, indent_level, title.unwrap_or(""));
                } else {
                    for item in items {
                        match item {
                            Json::Array(inner) if inner.iter().all(Json::is_scalar) => {
                                self.current()
                                    .add_row(inner.iter().map(Json::to_python_str).collect());
                            }
                            // Python iterates a dict's keys here, so the row is the keys.
                            Json::Object(members) => {
                                self.current()
                                    .add_row(members.iter().map(|(k, _)| k.clone()).collect());
                            }
                            Json::Array(_) => {
                                self.build(None, item, 0);
                            }
                            scalar => self.current().add_row(vec![scalar.to_python_str()]),
                        }
                    }
                }
            }
            Json::Object(_) => self.sub_table_from_dict(current, indent_level),
            _ => {}
        }
        true
    }

    fn sub_table_from_dict(&mut self, current: &Json, indent_level: usize) {
        let (headers, more) = group_scalar_keys(current);
        if headers.len() == 1 {
            let value = current.get(&headers[0]).map(Json::to_python_str).unwrap_or_default();
            self.current().add_row(vec![headers[0].clone(), value]);
        } else if !headers.is_empty() {
            let row = headers
                .iter()
                .map(|k| current.get(k).map(Json::to_python_str).unwrap_or_default())
                .collect();
            self.current().add_header(headers);
            self.current().add_row(row);
        }
        for key in more {
            if let Some(value) = current.get(&key) {
                self.build(Some(&key), value, indent_level + 1);
            }
        }
    }

    fn sub_table_from_list(&mut self, items: &[Json], indent_level: usize, title: &str) {
        let mut headers: Vec<String> = Vec::new();
        let mut more: Vec<String> = Vec::new();
        for item in items {
            let (h, m) = group_scalar_keys(item);
            for k in h {
                if !headers.contains(&k) {
                    headers.push(k);
                }
            }
            for k in m {
                if !more.contains(&k) {
                    more.push(k);
                }
            }
        }
        headers.sort();
        more.sort();
        self.current().add_header(headers.clone());
        for (i, element) in items.iter().enumerate() {
            if i > 0 && !more.is_empty() {
                self.new_section(title, indent_level);
                self.current().add_header(headers.clone());
            }
            let row = headers
                .iter()
                .map(|h| element.get(h).map(Json::to_python_str).unwrap_or_default())
                .collect();
            self.current().add_row(row);
            for key in &more {
                if let Some(value) = element.get(key) {
                    self.build(Some(key), value, indent_level + 1);
                }
            }
        }
    }

    pub fn render(&mut self, out: &mut String) {
        if self.sections.is_empty() {
            return;
        }
        let mut max_width = self.max_width();
        if max_width > self.terminal_width {
            self.convert_to_vertical();
            max_width = self.max_width();
        }
        out.push_str(&"-".repeat(max_width));
        out.push('\n');
        for section in &self.sections {
            render_section(section, max_width, out);
        }
    }

    fn max_width(&self) -> usize {
        self.sections.iter().map(|s| s.total_width(4, s.indent_level)).max().unwrap_or(0)
    }

    /// Single-row sections become key/value rows when the table is too wide.
    fn convert_to_vertical(&mut self) {
        for section in &mut self.sections {
            if section.rows.len() == 1 && !section.headers.is_empty() {
                let mut new = Section {
                    title: section.title.clone(),
                    indent_level: section.indent_level,
                    ..Section::default()
                };
                for (h, v) in section.headers.iter().zip(section.rows[0].iter()) {
                    new.add_row(vec![h.clone(), v.clone()]);
                }
                *section = new;
            }
        }
    }
}

fn group_scalar_keys(current: &Json) -> (Vec<String>, Vec<String>) {
    let mut headers = Vec::new();
    let mut more = Vec::new();
    if let Json::Object(members) = current {
        for (k, v) in members {
            if v.is_scalar() {
                headers.push(k.clone());
            } else {
                more.push(k.clone());
            }
        }
    }
    headers.sort();
    more.sort();
    (headers, more)
}

/// `IndentedStream.write`: every line gets the section's indent bars on both sides.
fn write_line(out: &mut String, indent: usize, line: &str) {
    out.push_str(&"|".repeat(indent));
    out.push_str(line);
    out.push_str(&"|".repeat(indent));
    out.push('\n');
}

fn render_section(section: &Section, max_width: usize, out: &mut String) {
    let indent = section.indent_level;
    let max_width = max_width.saturating_sub(indent * 2);
    if !section.title.is_empty() {
        write_line(out, indent, &center_text(&section.title, max_width, "|", "|"));
        if section.headers.is_empty() && section.rows.is_empty() {
            write_line(out, indent, &format!("+{}+", "-".repeat(max_width.saturating_sub(2))));
        }
    }
    if !section.headers.is_empty() {
        let widths = section.column_widths(4, Some(max_width));
        let mut current = String::new();
        for (i, (width, header)) in widths.iter().zip(section.headers.iter()).enumerate() {
            current.push_str(&center_text(header, *width, if i == 0 { "|" } else { "" }, "|"));
        }
        write_line(out, indent, &line_break(&widths));
        write_line(out, indent, &current);
    }
    if !section.rows.is_empty() {
        let widths = section.column_widths(4, Some(max_width));
        if widths.is_empty() {
            return;
        }
        write_line(out, indent, &line_break(&widths));
        for row in &section.rows {
            let mut current = String::new();
            for (i, (width, element)) in widths.iter().zip(row.iter()).enumerate() {
                current.push_str(&align_left(element, *width, if i == 0 { "|" } else { "" }, "|"));
            }
            write_line(out, indent, &current);
        }
        write_line(out, indent, &line_break(&widths));
    }
}

fn line_break(widths: &[usize]) -> String {
    let mut parts = String::new();
    for (i, w) in widths.iter().enumerate() {
        if i == 0 {
            parts.push_str(&format!("+{}+", "-".repeat(w.saturating_sub(2))));
        } else {
            parts.push_str(&format!("{}+", "-".repeat(w.saturating_sub(1))));
        }
    }
    parts
}

fn center_text(text: &str, length: usize, left_edge: &str, right_edge: &str) -> String {
    let text_length = text_length(text) as i64;
    let length = length as i64;
    // Python's `' ' * n` is empty for negative n, but the arithmetic keeps the negative value.
    let char_start = length.div_euclid(2) - text_length.div_euclid(2) - 1;
    let length_so_far = text_length_i(left_edge) + char_start + text_length;
    let right = length - text_length_i(right_edge) - length_so_far;
    format!(
        "{left_edge}{}{text}{}{right_edge}",
        " ".repeat(char_start.max(0) as usize),
        " ".repeat(right.max(0) as usize)
    )
}

fn align_left(text: &str, length: usize, left_edge: &str, right_edge: &str) -> String {
    let text_length = text_length(text) as i64;
    let length = length as i64;
    let computed = text_length + 2 + text_length_i(left_edge) + text_length_i(right_edge);
    let padding = if length - computed >= 0 { 2 } else { 0 };
    let so_far = left_edge.len() as i64 + padding + text_length;
    let right = (length - so_far - right_edge.len() as i64).max(0);
    format!(
        "{left_edge}{}{text}{}{right_edge}",
        " ".repeat(padding as usize),
        " ".repeat(right as usize)
    )
}

fn text_length_i(s: &str) -> i64 {
    text_length(s) as i64
}
