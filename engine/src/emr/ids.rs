//! Identifiers in the shapes EMR and EC2 give them, drawn from the world's RNG: cluster
//! `j-` + 13 characters of `[0-9A-Z]` (as in `j-3U82I95AMALGE`), steps `s-`, instance groups
//! `ig-`, instances `ci-`, EC2 instances `i-` + 17 hex digits, volumes `vol-`, security groups
//! `sg-`.

use crate::sim::SimRng;

fn upper(rng: &mut SimRng, len: usize) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    (0..len).map(|_| ALPHABET[rng.below(ALPHABET.len() as u64) as usize] as char).collect()
}

fn hex(rng: &mut SimRng, len: usize) -> String {
    const ALPHABET: &[u8] = b"0123456789abcdef";
    (0..len).map(|_| ALPHABET[rng.below(16) as usize] as char).collect()
}

pub fn cluster(rng: &mut SimRng) -> String {
    format!("j-{}", upper(rng, 13))
}

pub fn step(rng: &mut SimRng) -> String {
    format!("s-{}", upper(rng, 13))
}

pub fn instance_group(rng: &mut SimRng) -> String {
    format!("ig-{}", upper(rng, 13))
}

pub fn instance(rng: &mut SimRng) -> String {
    format!("ci-{}", upper(rng, 13))
}

pub fn ec2_instance(rng: &mut SimRng) -> String {
    format!("i-{}", hex(rng, 17))
}

pub fn volume(rng: &mut SimRng) -> String {
    format!("vol-{}", hex(rng, 17))
}

pub fn security_group(rng: &mut SimRng) -> String {
    format!("sg-{}", hex(rng, 17))
}

/// A private address in the default VPC's 172.31.0.0/16.
pub fn private_ip(rng: &mut SimRng) -> String {
    format!("172.31.{}.{}", rng.below(256), 4 + rng.below(250))
}

/// A public address (in EC2's 54.x range).
pub fn public_ip(rng: &mut SimRng) -> String {
    format!("54.{}.{}.{}", 80 + rng.below(160), rng.below(256), 1 + rng.below(254))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_aws_shapes() {
        let mut rng = SimRng::new(3);
        let j = cluster(&mut rng);
        assert_eq!(j.len(), 15);
        assert!(j[2..].bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()));
        let i = ec2_instance(&mut rng);
        assert_eq!(i.len(), 19);
        assert!(i.starts_with("i-"));
    }
}
