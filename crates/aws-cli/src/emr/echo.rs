//! A button's EMR calls in the words a learner would type: RunJobFlow as `aws emr
//! create-cluster` (its options, in createcluster.py's terms), so the console teaches the
//! command people use rather than the API's raw form. Only bodies create-cluster can say
//! whole get this form; any other falls back to the generic `aws emr run-job-flow` line.

use super::super::json::Json;
use super::super::lexer::quote;

const EMR_ROLE_NAME: &str = "EMR_DefaultRole";
const EC2_ROLE_NAME: &str = "EMR_EC2_DefaultRole";

/// The `aws emr create-cluster` line that sends exactly `body` as its RunJobFlow, or `None`
/// when create-cluster cannot say something in it (or would add something it lacks).
pub fn create_cluster_line(body: &Json) -> Option<String> {
    let Json::Object(members) = body else { return None };
    const KNOWN: &[&str] = &[
        "Name",
        "ReleaseLabel",
        "Applications",
        "Configurations",
        "ServiceRole",
        "JobFlowRole",
        "VisibleToAllUsers",
        "Instances",
        "Steps",
        "Tags",
    ];
    if members.iter().any(|(k, _)| !KNOWN.contains(&k.as_str())) {
        return None;
    }
    // create-cluster always sends these: a body without them is not one it would send.
    let visible = body.get("VisibleToAllUsers")?;
    if body.get("Tags") != Some(&Json::Array(Vec::new())) {
        return None;
    }
    let mut line = String::from("aws emr create-cluster");
    let mut option = |name: &str, value: Option<String>| {
        line.push_str(" --");
        line.push_str(name);
        if let Some(v) = value {
            line.push(' ');
            line.push_str(&v);
        }
    };
    if let Some(name) = body.get("Name") {
        option("name", Some(quote(name.as_str()?)));
    }
    option("release-label", Some(quote(body.get("ReleaseLabel")?.as_str()?)));
    if let Some(apps) = body.get("Applications") {
        option("applications", Some(applications(apps)?));
    }
    match (
        body.get("ServiceRole").and_then(Json::as_str),
        body.get("JobFlowRole").and_then(Json::as_str),
    ) {
        (Some(EMR_ROLE_NAME), Some(EC2_ROLE_NAME)) => option("use-default-roles", None),
        (Some(service), Some(profile)) => {
            option("service-role", Some(quote(service)));
            option("ec2-attributes", Some(quote(&format!("InstanceProfile={profile}"))));
        }
        _ => return None,
    }
    let instances = body.get("Instances")?;
    let Json::Object(instance_members) = instances else { return None };
    const INSTANCE_KNOWN: &[&str] =
        &["InstanceGroups", "KeepJobFlowAliveWhenNoSteps", "TerminationProtected"];
    if instance_members.iter().any(|(k, _)| !INSTANCE_KNOWN.contains(&k.as_str())) {
        return None;
    }
    option("instance-groups", Some(instance_groups(instances.get("InstanceGroups")?)?));
    match instances.get("KeepJobFlowAliveWhenNoSteps")? {
        Json::Bool(true) => {}
        Json::Bool(false) => option("auto-terminate", None),
        _ => return None,
    }
    match instances.get("TerminationProtected")? {
        Json::Bool(false) => {}
        Json::Bool(true) => option("termination-protected", None),
        _ => return None,
    }
    match visible {
        Json::Bool(true) => {}
        Json::Bool(false) => option("no-visible-to-all-users", None),
        _ => return None,
    }
    if let Some(c) = body.get("Configurations") {
        option("configurations", Some(quote(&c.to_wire())));
    }
    if let Some(steps) = body.get("Steps") {
        option("steps", Some(self::steps(steps)?));
    }
    Some(line)
}

/// `Name=Hadoop Name=Hive`: applications with a name only.
fn applications(apps: &Json) -> Option<String> {
    let Json::Array(list) = apps else { return None };
    let names: Option<Vec<String>> = list
        .iter()
        .map(|a| match a {
            Json::Object(m) if m.len() == 1 => {
                Some(quote(&format!("Name={}", a.get("Name")?.as_str()?)))
            }
            _ => None,
        })
        .collect();
    names.filter(|n| !n.is_empty()).map(|n| n.join(" "))
}

/// `InstanceGroupType=MASTER,InstanceCount=1,InstanceType=m5.xlarge ...`: on-demand groups
/// named by their role (what create-cluster sends for a group given without a name).
fn instance_groups(groups: &Json) -> Option<String> {
    let Json::Array(list) = groups else { return None };
    let mut words = Vec::new();
    for g in list {
        let Json::Object(m) = g else { return None };
        let role = g.get("InstanceRole")?.as_str()?;
        let ok = m.len() == 5
            && g.get("Name")?.as_str()? == role
            && g.get("Market")?.as_str()? == "ON_DEMAND";
        let (Json::Int(count), Some(kind)) =
            (g.get("InstanceCount")?, g.get("InstanceType")?.as_str())
        else {
            return None;
        };
        if !ok {
            return None;
        }
        words.push(quote(&format!(
            "InstanceGroupType={role},InstanceCount={count},InstanceType={kind}"
        )));
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// Custom JAR steps (what EMR's console and `--steps Type=CUSTOM_JAR` send), as JSON so that
/// arguments with commas survive.
fn steps(steps: &Json) -> Option<String> {
    let Json::Array(list) = steps else { return None };
    let mut out = Vec::new();
    for s in list {
        let Json::Object(m) = s else { return None };
        let jar_step = s.get("HadoopJarStep")?;
        let Json::Object(j) = jar_step else { return None };
        if m.len() != 3 || j.iter().any(|(k, _)| k != "Jar" && k != "Args") {
            return None;
        }
        out.push(Json::Object(vec![
            ("Type".into(), "CUSTOM_JAR".into()),
            ("Name".into(), s.get("Name")?.clone()),
            ("ActionOnFailure".into(), s.get("ActionOnFailure")?.clone()),
            ("Jar".into(), jar_step.get("Jar")?.clone()),
            ("Args".into(), jar_step.get("Args").cloned().unwrap_or(Json::Array(Vec::new()))),
        ]));
    }
    Some(quote(&Json::Array(out).to_wire()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the EMR view's builder sends for a transient cluster with a word-count step.
    const BODY: &str = r#"{"Name":"my-cluster","ReleaseLabel":"emr-7.1.0","Applications":[{"Name":"Hadoop"}],"Configurations":[{"Classification":"hdfs-site","Properties":{"dfs.replication":"2"}}],"ServiceRole":"EMR_DefaultRole","JobFlowRole":"EMR_EC2_DefaultRole","VisibleToAllUsers":true,"Tags":[],"Instances":{"InstanceGroups":[{"Name":"MASTER","InstanceRole":"MASTER","InstanceType":"m5.xlarge","InstanceCount":1,"Market":"ON_DEMAND"},{"Name":"CORE","InstanceRole":"CORE","InstanceType":"i3.xlarge","InstanceCount":4,"Market":"ON_DEMAND"}],"KeepJobFlowAliveWhenNoSteps":false,"TerminationProtected":true},"Steps":[{"Name":"Word count","ActionOnFailure":"CONTINUE","HadoopJarStep":{"Jar":"command-runner.jar","Args":["hadoop-streaming","-files","s3://elasticmapreduce/samples/wordcount/wordSplitter.py","-input","a,b"]}}]}"#;

    fn sorted(j: &Json) -> serde_json::Value {
        j.to_serde()
    }

    #[test]
    fn the_line_sends_the_same_run_job_flow() {
        let body = Json::parse(BODY).unwrap();
        let line = create_cluster_line(&body).expect("a create-cluster line");
        assert!(line.starts_with("aws emr create-cluster --name my-cluster --release-label emr-7.1.0 --applications Name=Hadoop --use-default-roles --instance-groups InstanceGroupType=MASTER,InstanceCount=1,InstanceType=m5.xlarge InstanceGroupType=CORE,InstanceCount=4,InstanceType=i3.xlarge --auto-terminate --termination-protected --configurations "), "{line}");
        let cli = &crate::TEST_CLI;
        let mut sent = Vec::new();
        let out = cli.run(&line, &mut |target, body| {
            sent.push((target.to_string(), body.to_string()));
            Ok(r#"{"JobFlowId":"j-1ABC","ClusterArn":"arn:aws:elasticmapreduce:us-east-1:000000000000:cluster/j-1ABC"}"#.into())
        });
        assert_eq!(out.exit_code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("\"ClusterId\": \"j-1ABC\""), "{}", out.stdout);
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].0, "ElasticMapReduce.RunJobFlow");
        assert_eq!(sorted(&Json::parse(&sent[0].1).unwrap()), sorted(&body));
    }

    #[test]
    fn what_create_cluster_cannot_say_falls_back() {
        let mut body = Json::parse(BODY).unwrap();
        body.insert("LogUri", "s3://logs/".into());
        assert_eq!(create_cluster_line(&body), None);
        let mut no_tags = Json::parse(BODY).unwrap();
        no_tags.insert("Tags", Json::Null);
        assert_eq!(create_cluster_line(&no_tags), None);
    }
}
