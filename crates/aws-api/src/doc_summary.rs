//! The first sentence of a botocore `documentation` string as plain text: what the console's
//! `aws ... help` shows of it. Also compiled into the engine's build script (by path, it uses
//! nothing but std), which embeds each model with its documentation already cut to this, so
//! the page carries one sentence of each text instead of AWS's whole HTML.

/// Tags dropped, whitespace collapsed, cut after the first ". ". Applied to its own output it
/// changes nothing.
pub fn summary(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(if c == '\n' { ' ' } else { c }),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.find(". ") {
        Some(i) => text[..=i].to_string(),
        None => text,
    }
}
