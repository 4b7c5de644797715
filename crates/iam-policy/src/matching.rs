//! Wildcards as IAM matches them: `*` any run of characters, `?` any one character. Actions
//! compare without regard to case (`kinesis:putrecord` is `kinesis:PutRecord`); resources and
//! string conditions with it.

use wildmatch::WildMatch;

pub(crate) fn action_matches(pattern: &str, action: &str) -> bool {
    WildMatch::new_case_insensitive(pattern).matches(action)
}

pub(crate) fn text_matches(pattern: &str, text: &str) -> bool {
    WildMatch::new(pattern).matches(text)
}

/// ArnLike: each of the six colon-separated parts matched on its own, so a `*` in the region
/// does not swallow the account.
pub(crate) fn arn_matches(pattern: &str, arn: &str) -> bool {
    let p: Vec<&str> = pattern.splitn(6, ':').collect();
    let a: Vec<&str> = arn.splitn(6, ':').collect();
    if p.len() != 6 || a.len() != 6 {
        return text_matches(pattern, arn);
    }
    p.iter().zip(&a).all(|(p, a)| text_matches(p, a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(action_matches("kinesis:*", "kinesis:PutRecord"));
        assert!(action_matches("kinesis:put*", "kinesis:PutRecords"));
        assert!(action_matches("kinesis:Get?hardIterator", "kinesis:GetShardIterator"));
        assert!(!action_matches("kinesis:Get*", "kinesis:PutRecord"));
        assert!(text_matches(
            "arn:aws:kinesis:*:*:stream/orders*",
            "arn:aws:kinesis:us-east-1:1:stream/orders-2"
        ));
        assert!(!text_matches(
            "arn:aws:kinesis:*:*:stream/Orders",
            "arn:aws:kinesis:us-east-1:1:stream/orders"
        ));
        assert!(arn_matches(
            "arn:aws:kinesis:*:111122223333:stream/*",
            "arn:aws:kinesis:eu-west-1:111122223333:stream/s"
        ));
        assert!(!arn_matches(
            "arn:aws:kinesis:*:111122223333:stream/*",
            "arn:aws:kinesis:eu-west-1:444455556666:stream/s"
        ));
    }
}
