//! Validation the actions share: the model's patterns and the member-by-member wording of
//! AWS's ValidationException.

use crate::api::validate::{Pattern, Validator};

/// `XmlString` and `XmlStringMaxLen256`: any text without control characters other than tab,
/// line feed and carriage return.
pub const XML_STRING: Pattern = Pattern {
    text: "[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\r\\n\\t]*",
    matches: |s| {
        s.chars().all(|c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= '\u{20}' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
    },
};

/// An `XmlStringMaxLen256` member.
pub fn short(v: &mut Validator, member: &str, value: Option<&str>) {
    v.string(member, value, Some(0), Some(256), Some(XML_STRING));
}

/// An `XmlString` member (up to 10280 characters).
pub fn long(v: &mut Validator, member: &str, value: Option<&str>) {
    v.string(member, value, Some(0), Some(10280), Some(XML_STRING));
}

/// A required string member: "Member must not be null", then its pattern and length.
pub fn required_short(v: &mut Validator, member: &str, value: Option<&str>) {
    if v.required(member, value.as_ref()) {
        short(v, member, value);
    }
}

/// An enum member.
pub fn one_of(v: &mut Validator, member: &str, value: Option<&str>, allowed: &[&str]) {
    v.enumeration(member, value, allowed);
}
