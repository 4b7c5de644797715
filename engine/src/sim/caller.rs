//! Who makes an API call. The sandbox has no credentials to check, so the access key id a
//! request is signed with names its caller (issue 14 extends this with IAM users' policies):
//!
//! | access key id             | caller                                                   |
//! |---------------------------|----------------------------------------------------------|
//! | none (console, UI)        | the account's root user, `arn:aws:iam::ACCOUNT:root`     |
//! | `sandbox`                 | the account's root user                                  |
//! | 12 digits                 | the root user of that account (another account, unless it is the sandbox's) |
//! | `NAME@123456789012`       | IAM user NAME of account 123456789012                    |
//! | anything else (`alice`)   | IAM user of that name in the sandbox's account           |
//!
//! Until IAM users carry identity policies, every principal of the sandbox's own account is
//! allowed by them (as with AdministratorAccess); principals of other accounts get only what a
//! resource policy grants them.

use iam_policy::Principal;

/// The principal behind an access key id, in account `account`.
pub fn principal(access_key_id: Option<&str>, account: &str) -> Principal {
    match access_key_id {
        None | Some("sandbox") => Principal::root(account),
        Some(key) if key.len() == 12 && key.bytes().all(|b| b.is_ascii_digit()) => {
            Principal::root(key)
        }
        Some(key) => match key.rsplit_once('@') {
            Some((name, other))
                if other.len() == 12 && other.bytes().all(|b| b.is_ascii_digit()) =>
            {
                Principal::user(other, name)
            }
            _ => Principal::user(account, key),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_keys_name_principals() {
        let a = "000000000000";
        assert_eq!(principal(None, a).arn(), "arn:aws:iam::000000000000:root");
        assert_eq!(principal(Some("sandbox"), a).arn(), "arn:aws:iam::000000000000:root");
        assert_eq!(principal(Some("111122223333"), a).arn(), "arn:aws:iam::111122223333:root");
        assert_eq!(
            principal(Some("bob@111122223333"), a).arn(),
            "arn:aws:iam::111122223333:user/bob"
        );
        assert_eq!(principal(Some("alice"), a).arn(), "arn:aws:iam::000000000000:user/alice");
    }
}
