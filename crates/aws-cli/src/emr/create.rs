//! `aws emr create-cluster`: createcluster.py `_run_main_command`, check for check and key
//! for key, into one RunJobFlow call; it prints `{"ClusterId", "ClusterArn"}`.

use super::super::json::Json;
use super::super::CliOutput;
use super::args::Args;
use super::build::{self, apply, extend};
use super::{fail, mutually_exclusive, Ctx};

const EMR_ROLE_NAME: &str = "EMR_DefaultRole";
const EC2_ROLE_NAME: &str = "EMR_EC2_DefaultRole";

/// emrutils.py `apply_boolean_options`.
fn boolean(args: &Args, yes: &str, no: &str) -> Result<bool, CliOutput> {
    boolean_of(args.flag(yes), yes, args.flag(no), no)
}

fn boolean_of(yes: bool, yes_name: &str, no: bool, no_name: &str) -> Result<bool, CliOutput> {
    if yes && no {
        return Err(fail(format!(
            "aws: error: cannot use both --{yes_name} and --{no_name} options together."
        )));
    }
    Ok(yes)
}

pub(super) fn create_cluster(cx: &mut Ctx<'_>, args: &Args) -> Result<(), CliOutput> {
    let mut params = Json::Object(Vec::new());
    params.insert("Name", args.value("name").cloned().unwrap_or(Json::Null));

    let release_label = args.value("release-label");
    let ami_version = args.text("ami-version");
    match (ami_version.is_some(), release_label.is_some()) {
        (true, true) => {
            return Err(fail(mutually_exclusive("--ami-version", "--release-label", "")));
        }
        (false, false) => {
            return Err(fail("aws: error: Either --ami-version or --release-label is required."));
        }
        _ => {}
    }

    let roles_message = " Either choose --use-default-roles or use both --service-role <roleName> and --ec2-attributes InstanceProfile=<profileName>.";
    let use_default_roles = args.flag("use-default-roles");
    let mut ec2_attributes = args.value("ec2-attributes").cloned();
    if use_default_roles && args.value("service-role").is_some() {
        return Err(fail(mutually_exclusive(
            "--use-default-roles",
            "--service-role",
            roles_message,
        )));
    }
    if use_default_roles
        && ec2_attributes.as_ref().is_some_and(|a| a.get("InstanceProfile").is_some())
    {
        return Err(fail(mutually_exclusive(
            "--use-default-roles",
            "--ec2-attributes InstanceProfile",
            roles_message,
        )));
    }

    let mut instances = Json::Object(Vec::new());
    let groups = build::instance_groups_or_shortcut(
        args.value("instance-groups"),
        args.text("instance-type"),
        args.text("instance-count"),
    )?;
    instances.insert("InstanceGroups", groups);

    if let Some(label) = release_label {
        params.insert("ReleaseLabel", label.clone());
        if let Some(text) = args.text("configurations") {
            let configurations = Json::parse(text).map_err(|_| {
                fail("aws: error: invalid json argument for option --configurations")
            })?;
            params.insert("Configurations", configurations);
        }
    }
    if let (None, Some(ami)) = (release_label, ami_version) {
        // re.match(r'\d?\..*', ami): an optional digit, then a dot.
        let rest = ami.strip_prefix(|c: char| c.is_ascii_digit()).filter(|r| r.starts_with('.'));
        if rest.is_none() && !ami.starts_with('.') {
            return Err(fail(format!("aws: error: The supplied AMI version \"{ami}\" is invalid. Please see AMI Versions Supported in Amazon EMR in Amazon Elastic MapReduce Developer Guide: http://docs.aws.amazon.com/ElasticMapReduce/latest/DeveloperGuide/ami-versions-supported.html")));
        }
        params.insert("AmiVersion", ami.into());
    }
    apply(&mut params, "AdditionalInfo", args.value("additional-info"));
    apply(&mut params, "LogUri", args.value("log-uri"));
    apply(&mut params, "OSReleaseLabel", args.value("os-release-label"));
    apply(&mut params, "LogEncryptionKmsKeyId", args.value("log-encryption-kms-key-id"));

    let mut service_role = args.value("service-role").cloned();
    if use_default_roles {
        service_role = Some(EMR_ROLE_NAME.into());
        let attrs = ec2_attributes.get_or_insert_with(|| Json::Object(Vec::new()));
        attrs.insert("InstanceProfile", EC2_ROLE_NAME.into());
    }
    apply(&mut params, "ServiceRole", service_role.as_ref());

    if args.value("instance-groups").is_some() && args.value("auto-scaling-role").is_none() {
        let scaling = match instances.get("InstanceGroups") {
            Some(Json::Array(groups)) => {
                groups.iter().any(|g| g.get("AutoScalingPolicy").is_some())
            }
            _ => false,
        };
        if scaling {
            return Err(fail("aws: error: Must specify --auto-scaling-role when configuring an AutoScaling policy for an instance group."));
        }
    }
    apply(&mut params, "AutoScalingRole", args.value("auto-scaling-role"));
    apply(&mut params, "ScaleDownBehavior", args.value("scale-down-behavior"));

    // Neither flag: the cluster waits for more steps.
    let auto_terminate = args.flag("auto-terminate");
    let no_auto_terminate = args.flag("no-auto-terminate") || !auto_terminate;
    let keep_alive =
        boolean_of(no_auto_terminate, "no-auto-terminate", auto_terminate, "auto-terminate")?;
    instances.insert("KeepJobFlowAliveWhenNoSteps", Json::Bool(keep_alive));
    let protected = boolean(args, "termination-protected", "no-termination-protected")?;
    instances.insert("TerminationProtected", Json::Bool(protected));
    if args.flag("unhealthy-node-replacement") || args.flag("no-unhealthy-node-replacement") {
        let replace = boolean(args, "unhealthy-node-replacement", "no-unhealthy-node-replacement")?;
        instances.insert("UnhealthyNodeReplacement", Json::Bool(replace));
    }

    let no_visible = args.flag("no-visible-to-all-users");
    let visible = args.flag("visible-to-all-users") || !no_visible;
    let visible =
        boolean_of(visible, "visible-to-all-users", no_visible, "no-visible-to-all-users")?;
    params.insert("VisibleToAllUsers", Json::Bool(visible));

    let tags: Vec<String> = match args.value("tags") {
        Some(Json::Array(words)) => {
            words.iter().map(|w| w.as_str().unwrap_or_default().to_string()).collect()
        }
        _ => Vec::new(),
    };
    params.insert("Tags", super::parse_tags(&tags));
    params.insert("Instances", instances);

    if let Some(attrs) = &ec2_attributes {
        ec2(&mut params, attrs)?;
    }

    let debugging = boolean(args, "enable-debugging", "no-enable-debugging")?;
    if debugging && args.value("log-uri").is_none() {
        return Err(fail("aws: error: LogUri not specified. You must specify a logUri if you enable debugging when creating a cluster."));
    }
    if debugging {
        let (jar, arg) = match release_label.filter(|l| l.is_truthy()) {
            Some(_) => ("command-runner.jar".to_string(), "state-pusher-script".to_string()),
            None => (
                format!("s3://{}.elasticmapreduce/libs/script-runner/script-runner.jar", cx.region),
                format!("s3://{}.elasticmapreduce/libs/state-pusher/0.1/fetch", cx.region),
            ),
        };
        let step = Json::Object(vec![
            ("Name".into(), "Setup Hadoop Debugging".into()),
            ("ActionOnFailure".into(), "TERMINATE_CLUSTER".into()),
            (
                "HadoopJarStep".into(),
                Json::Object(vec![
                    ("Jar".into(), Json::String(jar)),
                    ("Args".into(), Json::Array(vec![Json::String(arg)])),
                ]),
            ),
        ]);
        extend(&mut params, "Steps", vec![step]);
    }

    if let Some(applications) = args.value("applications") {
        if release_label.is_none() {
            return Err(fail("aws: error: --applications with --ami-version (AMI 2.x and 3.x clusters) is not available in this console; use --release-label."));
        }
        params.insert("Applications", applications.clone());
    }

    build::bootstrap_actions(&mut params, args.value("bootstrap-actions"))?;

    if args.value("steps").is_some() {
        let label = release_label.and_then(Json::as_str).filter(|l| !l.is_empty());
        let steps = build::steps(args.value("steps"), &cx.region, label)?;
        if let Json::Array(list) = steps {
            extend(&mut params, "Steps", list);
        }
    }

    apply(&mut params, "SecurityConfiguration", args.value("security-configuration"));
    apply(&mut params, "CustomAmiId", args.value("custom-ami-id"));
    for (option, key) in [
        ("ebs-root-volume-size", "EbsRootVolumeSize"),
        ("ebs-root-volume-iops", "EbsRootVolumeIops"),
        ("ebs-root-volume-throughput", "EbsRootVolumeThroughput"),
    ] {
        if let Some(text) = args.text(option) {
            let n = build::python_int(text)?;
            apply(&mut params, key, Some(&Json::Int(n.into())));
        }
    }
    apply(&mut params, "RepoUpgradeOnBoot", args.value("repo-upgrade-on-boot"));
    if let Some(level) = args.value("step-concurrency-level") {
        params.insert("StepConcurrencyLevel", level.clone());
    }
    apply(&mut params, "StepExecutionRoleArn", args.value("step-execution-role-arn"));
    if args.flag("extended-support") || args.flag("no-extended-support") {
        let on = boolean(args, "extended-support", "no-extended-support")?;
        params.insert("ExtendedSupport", Json::Bool(on));
    }
    apply(&mut params, "AutoTerminationPolicy", args.value("auto-termination-policy"));

    required_applications(args)?;

    let response = cx.call("RunJobFlow", params)?;
    let result = match response.get("JobFlowId") {
        Some(id) if *id != Json::Null => Json::Object(vec![
            ("ClusterId".into(), id.clone()),
            ("ClusterArn".into(), response.get("ClusterArn").cloned().unwrap_or(Json::Null)),
        ]),
        _ => Json::Object(Vec::new()),
    };
    cx.display("run_job_flow", result)
}

/// createcluster.py `_build_ec2_attributes`.
fn ec2(params: &mut Json, attrs: &Json) -> Result<(), CliOutput> {
    let has = |k: &str| attrs.get(k).is_some();
    if has("SubnetId") && has("SubnetIds") {
        return Err(fail(mutually_exclusive("SubnetId", "SubnetIds", "")));
    }
    if has("AvailabilityZone") && has("AvailabilityZones") {
        return Err(fail(mutually_exclusive("AvailabilityZone", "AvailabilityZones", "")));
    }
    if (has("SubnetId") || has("SubnetIds"))
        && (has("AvailabilityZone") || has("AvailabilityZones"))
    {
        return Err(fail("aws: error: You may not specify both a SubnetId and an AvailabilityZone (placement) because ec2SubnetId implies a placement."));
    }
    let mut instances = params.get("Instances").cloned().unwrap_or(Json::Object(Vec::new()));
    apply(&mut instances, "Ec2KeyName", attrs.get("KeyName"));
    apply(&mut instances, "Ec2SubnetId", attrs.get("SubnetId"));
    apply(&mut instances, "Ec2SubnetIds", attrs.get("SubnetIds"));
    for key in ["AvailabilityZone", "AvailabilityZones"] {
        if has(key) {
            let mut placement = Json::Object(Vec::new());
            apply(&mut placement, key, attrs.get(key));
            instances.insert("Placement", placement);
        }
    }
    apply(params, "JobFlowRole", attrs.get("InstanceProfile"));
    for key in [
        "EmrManagedMasterSecurityGroup",
        "EmrManagedSlaveSecurityGroup",
        "ServiceAccessSecurityGroup",
        "AdditionalMasterSecurityGroups",
        "AdditionalSlaveSecurityGroups",
    ] {
        apply(&mut instances, key, attrs.get(key));
    }
    apply(params, "Instances", Some(&instances));
    Ok(())
}

/// createcluster.py `_validate_required_applications`: Hive, Pig and Impala steps need their
/// application in `--applications`.
fn required_applications(args: &Args) -> Result<(), CliOutput> {
    let specified: Vec<String> = match args.value("applications") {
        Some(Json::Array(apps)) => apps
            .iter()
            .filter_map(|a| a.get("Name").and_then(Json::as_str))
            .map(str::to_lowercase)
            .collect(),
        _ => Vec::new(),
    };
    let mut missing: Vec<String> = Vec::new();
    if let Some(Json::Array(steps)) = args.value("steps") {
        for step in steps {
            let Some(kind) = step.get("Type").and_then(Json::as_str) else { continue };
            let lower = kind.to_lowercase();
            if ["hive", "pig", "impala"].contains(&lower.as_str()) && !specified.contains(&lower) {
                let title = title_case(kind);
                if !missing.contains(&title) {
                    missing.push(title);
                }
            }
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    Err(fail(format!(
        "aws: error: Some of the steps require the following applications to be installed: {}. Please install the applications using --applications.",
        missing.join(", ")
    )))
}

/// Python's `str.title()` for a word.
fn title_case(word: &str) -> String {
    let mut out = String::new();
    let mut start = true;
    for c in word.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphabetic();
    }
    out
}
