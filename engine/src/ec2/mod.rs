//! Amazon EC2, as much as EMR access needs: security groups with their inbound rules (EMR's
//! managed groups are made here at a cluster's launch), the instances under EMR's nodes, and
//! reachability ("connect from SOURCE to NODE on PORT": which rule admitted it, or none did).
//!
//! EC2 speaks the query protocol (`Action=AuthorizeSecurityGroupIngress&...`); its calls
//! reach [`dispatch`] as `ec2.<Action>` commands with the input shape in JSON, member names as
//! botocore's model spells them. No botocore model is embedded (the whole `ec2` model is
//! several megabytes): the sandbox carries the shapes of its five actions in [`wire`].
//!
//! Rooms: [`model`] (groups, rules, events), [`ops`] (the actions), [`instances`]
//! (DescribeInstances), [`reach`] (reachability), [`ssh`] (SSH to a primary node), [`wire`],
//! [`snapshot`], [`learner`] (the learner's Connect and Ssh), [`texts`] (EC2's messages). EC2 schedules nothing: its [`Wake`] is empty.

pub mod instances;
pub(crate) mod learner;
pub mod model;
pub mod ops;
pub mod reach;
mod snapshot;
pub mod ssh;
pub mod texts;
pub mod wire;

use std::collections::BTreeMap;

pub(crate) use learner::command;
pub use learner::{Ec2Command, Ec2Command as LearnerCommand};
pub use model::{Event, Wake};
pub(crate) use ops::{dispatch, wake};
pub use snapshot::*;

/// The account's security groups in the region, by id.
#[derive(Clone, Debug, Default)]
pub struct Ec2 {
    pub(crate) groups: BTreeMap<String, model::SecurityGroup>,
}

/// An IPv4 CIDR block `a.b.c.d/n`: (address, prefix length).
pub fn parse_cidr(text: &str) -> Option<(u32, u32)> {
    let (addr, len) = text.split_once('/')?;
    let len: u32 = len.parse().ok().filter(|l| *l <= 32)?;
    let octets: Vec<&str> = addr.split('.').collect();
    if octets.len() != 4 {
        return None;
    }
    let mut a = 0u32;
    for o in octets {
        if o.is_empty() || o.len() > 3 || !o.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: u32 = o.parse().ok().filter(|v| *v <= 255)?;
        a = (a << 8) | v;
    }
    Some((a, len))
}

/// An IPv6 block the sandbox accepts: hex groups and colons, a prefix up to 128.
pub fn plausible_cidr6(text: &str) -> bool {
    let Some((addr, len)) = text.split_once('/') else { return false };
    len.parse::<u32>().is_ok_and(|l| l <= 128)
        && addr.contains(':')
        && addr.chars().all(|c| c.is_ascii_hexdigit() || c == ':')
}

/// An EC2 filter value: `*` and `?` are wildcards.
pub fn filter_matches(pattern: &str, value: &str) -> bool {
    let (p, v): (Vec<char>, Vec<char>) = (pattern.chars().collect(), value.chars().collect());
    // Greedy match with backtracking to the last `*`.
    let (mut i, mut j, mut star, mut mark) = (0, 0, None, 0);
    while j < v.len() {
        match p.get(i) {
            Some('*') => {
                star = Some(i);
                mark = j;
                i += 1;
            }
            Some(c) if *c == '?' || *c == v[j] => {
                i += 1;
                j += 1;
            }
            _ => match star {
                Some(s) => {
                    i = s + 1;
                    mark += 1;
                    j = mark;
                }
                None => return false,
            },
        }
    }
    p[i.min(p.len())..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_blocks_parse_as_ec2_reads_them() {
        assert_eq!(parse_cidr("0.0.0.0/0"), Some((0, 0)));
        assert_eq!(parse_cidr("198.51.100.7/32"), Some((0xC633_6407, 32)));
        assert_eq!(parse_cidr("10.0.0.300/24"), None);
        assert_eq!(parse_cidr("10.0.0.0/33"), None);
        assert_eq!(parse_cidr("10.0.0/8"), None);
    }

    #[test]
    fn filters_take_wildcards() {
        assert!(filter_matches("ElasticMapReduce-*", "ElasticMapReduce-master"));
        assert!(filter_matches("running", "running"));
        assert!(!filter_matches("run", "running"));
        assert!(filter_matches("j-?B*", "j-AB12"));
    }
}
