//! The codec against the EC2 and IAM models the engine embeds (botocore's, cut to the
//! operations the sandbox serves: tools/prune_model.py).

use serde_json::json;

use super::*;
use crate::rest_xml::parse_query;

fn load(gz: &[u8]) -> Codec {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::GzDecoder::new(gz).read_to_string(&mut text).expect("the model unzips");
    let text: &'static str = Box::leak(text.into_boxed_str());
    Codec::new(&ServiceModel { service: text, paginators: "{}" }).expect("the model loads")
}

fn ec2() -> Codec {
    load(include_bytes!("../../../../engine/models/ec2/2016-11-15/service-2.json.gz"))
}

fn iam() -> Codec {
    load(include_bytes!("../../../../engine/models/iam/2010-05-08/service-2.json.gz"))
}

fn body(r: &Response) -> String {
    String::from_utf8(r.body.clone()).unwrap()
}

#[test]
fn ec2_lists_are_numbered_without_member_and_names_capitalised() {
    // What botocore's EC2 serialiser sends for `aws ec2 authorize-security-group-ingress`.
    let form = parse_query(
        "Action=AuthorizeSecurityGroupIngress&Version=2016-11-15&GroupId=sg-1\
         &IpPermissions.1.IpProtocol=tcp&IpPermissions.1.FromPort=22&IpPermissions.1.ToPort=22\
         &IpPermissions.1.IpRanges.1.CidrIp=198.51.100.7%2F32\
         &IpPermissions.1.Groups.1.GroupId=sg-2&DryRun=false",
    );
    let (op, input) = ec2().decode(&form).unwrap();
    assert_eq!(op, "AuthorizeSecurityGroupIngress");
    assert_eq!(
        input,
        json!({"GroupId": "sg-1", "DryRun": false, "IpPermissions": [{
            "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
            "IpRanges": [{"CidrIp": "198.51.100.7/32"}],
            "UserIdGroupPairs": [{"GroupId": "sg-2"}]}]})
    );
    let form = parse_query(
        "Action=DescribeSecurityGroups&Version=2016-11-15&GroupId.1=sg-1&GroupId.2=sg-2\
         &Filter.1.Name=group-name&Filter.1.Value.1=ElasticMapReduce-*",
    );
    let (_, input) = ec2().decode(&form).unwrap();
    assert_eq!(
        input,
        json!({"GroupIds": ["sg-1", "sg-2"],
               "Filters": [{"Name": "group-name", "Values": ["ElasticMapReduce-*"]}]})
    );
}

#[test]
fn query_lists_carry_member_and_an_empty_list_is_a_bare_name() {
    let form = parse_query(
        "Action=SimulatePrincipalPolicy&Version=2010-05-08\
         &PolicySourceArn=arn%3Aaws%3Aiam%3A%3A000000000000%3Auser%2Fbob\
         &ActionNames.member.1=elasticmapreduce%3ARunJobFlow\
         &ActionNames.member.2=elasticmapreduce%3AListClusters&ResourceArns=",
    );
    let (op, input) = iam().decode(&form).unwrap();
    assert_eq!(op, "SimulatePrincipalPolicy");
    assert_eq!(
        input,
        json!({"PolicySourceArn": "arn:aws:iam::000000000000:user/bob",
               "ActionNames": ["elasticmapreduce:RunJobFlow", "elasticmapreduce:ListClusters"],
               "ResourceArns": []})
    );
}

#[test]
fn answers_wrap_as_each_flavour_does() {
    let r = iam().encode(
        "ListUsers",
        r#"{"Users":[{"Path":"/","UserName":"bob","UserId":"AIDAX","Arn":"arn:aws:iam::000000000000:user/bob","CreateDate":1796000000}],"IsTruncated":false}"#,
        "req-1",
    );
    assert_eq!(
        body(&r),
        "<ListUsersResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListUsersResult>\
         <Users><member><Path>/</Path><UserName>bob</UserName><UserId>AIDAX</UserId>\
         <Arn>arn:aws:iam::000000000000:user/bob</Arn><CreateDate>2026-11-30T00:53:20.000Z</CreateDate>\
         </member></Users><IsTruncated>false</IsTruncated></ListUsersResult><ResponseMetadata>\
         <RequestId>req-1</RequestId></ResponseMetadata></ListUsersResponse>"
    );
    let r = iam().encode("PutUserPolicy", "{}", "req-2");
    assert_eq!(
        body(&r),
        "<PutUserPolicyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\
         <ResponseMetadata><RequestId>req-2</RequestId></ResponseMetadata></PutUserPolicyResponse>"
    );
    let r = ec2().encode("CreateSecurityGroup", r#"{"GroupId":"sg-9"}"#, "req-3");
    assert_eq!(
        body(&r),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CreateSecurityGroupResponse \
         xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>req-3</requestId>\
         <groupId>sg-9</groupId></CreateSecurityGroupResponse>"
    );
    let r = ec2().encode(
        "DescribeSecurityGroups",
        r#"{"SecurityGroups":[{"GroupId":"sg-9","IpPermissions":[{"IpProtocol":"-1","IpRanges":[]}]}]}"#,
        "r",
    );
    assert!(body(&r).contains(
        "<securityGroupInfo><item><groupId>sg-9</groupId><ipPermissions><item>\
         <ipProtocol>-1</ipProtocol><ipRanges></ipRanges></item></ipPermissions></item>\
         </securityGroupInfo>"
    ));
}

#[test]
fn errors_take_each_flavours_form() {
    let e = ApiError::from_aws("InvalidGroup.NotFound", "The security group 'sg-x' does not exist");
    assert_eq!(
        body(&ec2().error(&e, "r")),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>\
         <Code>InvalidGroup.NotFound</Code><Message>The security group &apos;sg-x&apos; does not \
         exist</Message></Error></Errors><RequestID>r</RequestID></Response>"
    );
    let mut e = ApiError::from_aws("NoSuchEntity", "The user with name carol cannot be found.");
    e.status = 404;
    let r = iam().error(&e, "r");
    assert_eq!(r.status, 404);
    assert_eq!(
        body(&r),
        "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender\
         </Type><Code>NoSuchEntity</Code><Message>The user with name carol cannot be found.\
         </Message></Error><RequestId>r</RequestId></ErrorResponse>"
    );
}

#[test]
fn unknown_actions_and_bad_values() {
    let e = ec2().decode(&parse_query("Action=RunInstances&Version=2016-11-15")).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("InvalidAction", "The action RunInstances is not valid for this web service.")
    );
    let e = iam().decode(&parse_query("Action=CreateRole&Version=2010-05-08")).unwrap_err();
    assert_eq!(e.message, "Could not find operation CreateRole for version 2010-05-08");
    let e = iam().decode(&parse_query("Version=2010-05-08")).unwrap_err();
    assert_eq!(e.code.as_str(), "MissingAction");
    let form = parse_query(
        "Action=AuthorizeSecurityGroupIngress&GroupId=sg-1&IpPermissions.1.FromPort=twenty",
    );
    let e = ec2().decode(&form).unwrap_err();
    assert_eq!(e.message, "Value (twenty) for parameter IpPermissions.1.FromPort is invalid.");
}
