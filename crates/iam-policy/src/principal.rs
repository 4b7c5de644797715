//! Who makes a request: the account's root user, an IAM user, a role's session, or an AWS
//! service.

/// A principal, as a policy's `Principal` element and an AccessDenied text name it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Principal {
    /// The account itself (`arn:aws:iam::111122223333:root`).
    Root { account: String },
    /// `arn:aws:iam::111122223333:user/bob`
    User { account: String, name: String },
    /// `arn:aws:iam::111122223333:role/EMR_DefaultRole`
    Role { account: String, name: String },
    /// `elasticmapreduce.amazonaws.com`
    Service { name: String },
}

impl Principal {
    pub fn root(account: &str) -> Self {
        Principal::Root { account: account.to_string() }
    }

    pub fn user(account: &str, name: &str) -> Self {
        Principal::User { account: account.to_string(), name: name.to_string() }
    }

    pub fn role(account: &str, name: &str) -> Self {
        Principal::Role { account: account.to_string(), name: name.to_string() }
    }

    /// The account the principal belongs to (none for a service).
    pub fn account(&self) -> Option<&str> {
        match self {
            Principal::Root { account }
            | Principal::User { account, .. }
            | Principal::Role { account, .. } => Some(account),
            Principal::Service { .. } => None,
        }
    }

    pub fn arn(&self) -> String {
        match self {
            Principal::Root { account } => format!("arn:aws:iam::{account}:root"),
            Principal::User { account, name } => format!("arn:aws:iam::{account}:user/{name}"),
            Principal::Role { account, name } => format!("arn:aws:iam::{account}:role/{name}"),
            Principal::Service { name } => name.clone(),
        }
    }

    /// Whether a value of a policy's `Principal` element names this principal. `kind` is the
    /// element's key (`AWS`, `Service`, or `*` for the bare `"Principal": "*"`). An account id
    /// or the account's root ARN stands for every principal of that account (IAM: "you are
    /// delegating authority to the account").
    pub(crate) fn named_by(&self, kind: &str, value: &str) -> bool {
        match kind {
            "*" => value == "*",
            "AWS" => {
                if value == "*" {
                    return !matches!(self, Principal::Service { .. });
                }
                let Some(account) = self.account() else { return false };
                value == account
                    || value == format!("arn:aws:iam::{account}:root")
                    || value == self.arn()
            }
            "Service" => matches!(self, Principal::Service { name } if name == value),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_names_all_its_principals() {
        let bob = Principal::user("111122223333", "bob");
        assert_eq!(bob.arn(), "arn:aws:iam::111122223333:user/bob");
        assert!(bob.named_by("AWS", "111122223333"));
        assert!(bob.named_by("AWS", "arn:aws:iam::111122223333:root"));
        assert!(bob.named_by("AWS", "arn:aws:iam::111122223333:user/bob"));
        assert!(!bob.named_by("AWS", "arn:aws:iam::111122223333:user/alice"));
        assert!(!bob.named_by("AWS", "444455556666"));
        assert!(bob.named_by("AWS", "*"));
        let root = Principal::root("111122223333");
        assert!(root.named_by("AWS", "arn:aws:iam::111122223333:root"));
        assert!(!root.named_by("AWS", "arn:aws:iam::111122223333:user/bob"));
    }
}
