//! XML as the codec needs it: request bodies read into a small element tree (quick-xml does the
//! parsing), response bodies written as text.

use quick_xml::events::Event;
use quick_xml::Reader;

/// How deep a request document may nest: S3's deepest (CompleteMultipartUpload, Delete) is 3.
const MAX_DEPTH: usize = 32;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Element {
    /// The local name (any namespace prefix dropped).
    pub name: String,
    pub children: Vec<Element>,
    pub text: String,
}

impl Element {
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }
}

/// The document's root element, or `None` for anything that is not one well-formed element.
pub fn parse(body: &[u8]) -> Option<Element> {
    let text = std::str::from_utf8(body).ok()?;
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH || root.is_some() {
                    return None;
                }
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                stack.push(Element { name, ..Element::default() });
            }
            Event::Empty(e) => {
                if root.is_some() {
                    return None;
                }
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let el = Element { name, ..Element::default() };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                let el = stack.pop()?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                let t = t.unescape().ok()?;
                match stack.last_mut() {
                    Some(el) => el.text.push_str(&t),
                    // Only whitespace may stand outside the root.
                    None if t.trim().is_empty() => {}
                    None => return None,
                }
            }
            Event::CData(t) => {
                let el = stack.last_mut()?;
                el.text.push_str(&String::from_utf8_lossy(&t));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return None;
    }
    root
}

/// Text escaped for an element's content, as S3 escapes it (control characters as character
/// references, so a key with a newline survives the round trip).
pub fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 => out.push_str(&format!("&#{};", c as u32)),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_document_and_refuses_broken_ones() {
        let doc = parse(
            br#"<?xml version="1.0"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a &amp; b</Key></Object><Quiet>true</Quiet></Delete>"#,
        )
        .unwrap();
        assert_eq!(doc.name, "Delete");
        assert_eq!(doc.child("Object").unwrap().child("Key").unwrap().text, "a & b");
        assert_eq!(doc.child("Quiet").unwrap().text, "true");
        for bad in [&b"<a>"[..], b"<a></b>", b"text", b"<a/><b/>", b"", b"<a>\xff</a>"] {
            assert_eq!(parse(bad), None, "{}", String::from_utf8_lossy(bad));
        }
        let deep = "<a>".repeat(100) + &"</a>".repeat(100);
        assert_eq!(parse(deep.as_bytes()), None);
    }

    #[test]
    fn escapes_markup_and_control_characters() {
        let mut out = String::new();
        escape("a<b>&\"c'\n", &mut out);
        assert_eq!(out, "a&lt;b&gt;&amp;&quot;c&apos;&#10;");
    }
}
