//! The AWS managed policies a learner can attach to a user (AttachUserPolicy), their documents
//! written from AWS's documentation (the Managed Policy Reference and the EMR Management Guide's
//! "AWS managed policies for Amazon EMR"), abridged: the EMR statements are AWS's, statement by
//! statement, with their Sids; the statements for services the sandbox does not simulate
//! (CloudWatch, EC2 Describe*, Service Quotas, ...) are left out, as they can decide nothing
//! here. The UI and the policy's description say so.

/// An AWS managed policy.
pub struct Managed {
    pub name: &'static str,
    pub description: &'static str,
    pub document: &'static str,
}

impl Managed {
    pub fn arn(&self) -> String {
        format!("arn:aws:iam::aws:policy/{}", self.name)
    }

    /// The document, parsed (it is the sandbox's own text: it always parses).
    pub fn policy(&self) -> Option<iam_policy::Policy> {
        iam_policy::Policy::parse(self.document, iam_policy::PolicyKind::Identity).ok()
    }
}

/// The managed policies the sandbox knows, by name.
pub const MANAGED: &[Managed] = &[
    Managed {
        name: "AdministratorAccess",
        description: "Provides full access to AWS services and resources.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    },
    Managed {
        name: "AmazonEMRFullAccessPolicy_v2",
        description: "Provides full access to Amazon EMR (abridged by the sandbox to its EMR and iam:PassRole statements).",
        document: r#"{"Version":"2012-10-17","Statement":[
{"Sid":"RunJobFlowExplicitlyWithEMRManagedTag","Effect":"Allow","Action":["elasticmapreduce:RunJobFlow"],"Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/for-use-with-amazon-emr-managed-policies":"true"}}},
{"Sid":"ElasticMapReduceActions","Effect":"Allow","Action":["elasticmapreduce:AddInstanceFleet","elasticmapreduce:AddInstanceGroups","elasticmapreduce:AddJobFlowSteps","elasticmapreduce:AddTags","elasticmapreduce:CancelSteps","elasticmapreduce:CreateSecurityConfiguration","elasticmapreduce:DeleteSecurityConfiguration","elasticmapreduce:DescribeCluster","elasticmapreduce:DescribeJobFlows","elasticmapreduce:DescribeSecurityConfiguration","elasticmapreduce:DescribeStep","elasticmapreduce:DescribeReleaseLabel","elasticmapreduce:GetBlockPublicAccessConfiguration","elasticmapreduce:GetManagedScalingPolicy","elasticmapreduce:GetAutoTerminationPolicy","elasticmapreduce:ListBootstrapActions","elasticmapreduce:ListClusters","elasticmapreduce:ListInstanceFleets","elasticmapreduce:ListInstanceGroups","elasticmapreduce:ListInstances","elasticmapreduce:ListSecurityConfigurations","elasticmapreduce:ListSteps","elasticmapreduce:ListSupportedInstanceTypes","elasticmapreduce:ModifyCluster","elasticmapreduce:ModifyInstanceFleet","elasticmapreduce:ModifyInstanceGroups","elasticmapreduce:PutAutoScalingPolicy","elasticmapreduce:PutBlockPublicAccessConfiguration","elasticmapreduce:PutManagedScalingPolicy","elasticmapreduce:RemoveAutoScalingPolicy","elasticmapreduce:RemoveManagedScalingPolicy","elasticmapreduce:RemoveTags","elasticmapreduce:SetTerminationProtection","elasticmapreduce:TerminateJobFlows","elasticmapreduce:ViewEventsFromAllClustersInConsole"],"Resource":"*"},
{"Sid":"PassRoleForElasticMapReduce","Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::*:role/EMR_DefaultRole_V2","Condition":{"StringLike":{"iam:PassedToService":"elasticmapreduce.amazonaws.com*"}}},
{"Sid":"PassRoleForEC2","Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::*:role/EMR_EC2_DefaultRole","Condition":{"StringLike":{"iam:PassedToService":"ec2.amazonaws.com*"}}}
]}"#,
    },
    Managed {
        name: "AmazonEMRReadOnlyAccessPolicy_v2",
        description: "Provides read-only access to Amazon EMR.",
        document: r#"{"Version":"2012-10-17","Statement":[
{"Sid":"ElasticMapReduceActions","Effect":"Allow","Action":["elasticmapreduce:DescribeCluster","elasticmapreduce:DescribeEditor","elasticmapreduce:DescribeJobFlows","elasticmapreduce:DescribeSecurityConfiguration","elasticmapreduce:DescribeStep","elasticmapreduce:DescribeReleaseLabel","elasticmapreduce:GetBlockPublicAccessConfiguration","elasticmapreduce:GetManagedScalingPolicy","elasticmapreduce:GetAutoTerminationPolicy","elasticmapreduce:ListBootstrapActions","elasticmapreduce:ListClusters","elasticmapreduce:ListEditors","elasticmapreduce:ListInstanceFleets","elasticmapreduce:ListInstanceGroups","elasticmapreduce:ListInstances","elasticmapreduce:ListSecurityConfigurations","elasticmapreduce:ListSteps","elasticmapreduce:ListSupportedInstanceTypes","elasticmapreduce:ViewEventsFromAllClustersInConsole"],"Resource":"*"}
]}"#,
    },
];

/// The managed policy with ARN `arn`.
pub fn by_arn(arn: &str) -> Option<&'static Managed> {
    let name = arn.strip_prefix("arn:aws:iam::aws:policy/")?;
    MANAGED.iter().find(|m| m.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_document_parses() {
        for m in MANAGED {
            assert!(m.policy().is_some(), "{}", m.name);
            assert_eq!(by_arn(&m.arn()).map(|f| f.name), Some(m.name));
        }
    }
}
