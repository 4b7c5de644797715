//! RunJobFlow: the request checked member by member as the model says, then as EMR checks it
//! (roles, release label, instance groups, steps), then a cluster built from it and started.
//!
//! Defaults of the API (not the CLI's): KeepJobFlowAliveWhenNoSteps false (a transient
//! cluster that ends after its last step), TerminationProtected false, VisibleToAllUsers true
//! ("By default, the value is set to true"), ActionOnFailure TERMINATE_CLUSTER, JobFlowRole
//! EMR_EC2_DefaultRole, StepConcurrencyLevel 1, applications [Hadoop].

use crate::api::validate::Validator;
use crate::api::ApiError;
use crate::sim::{Ctx, Services};

use super::checks::{long, one_of, required_short, short};
use super::steps::{new_steps, validate_step_configs};
use crate::emr::catalog::{self, Release};
use crate::emr::hdfs::{self, Hdfs};
use crate::emr::model::*;
use crate::emr::wire::*;
use crate::emr::{access, ids, lifecycle, nodes, texts};

/// The cluster ARN: `arn:aws:elasticmapreduce:<region>:<account>:cluster/<id>`.
pub fn cluster_arn(ctx: &Ctx<'_>, id: &str) -> String {
    format!("arn:aws:elasticmapreduce:{}:{}:cluster/{id}", ctx.config.region, ctx.config.account_id)
}

pub fn run_job_flow(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: RunJobFlowInput,
) -> Result<RunJobFlowOutput, ApiError> {
    validate_shape(&input)?;
    let release = check_release(&input)?;
    check_roles(&input)?;
    let instances = input.instances.clone().unwrap_or_default();
    let groups = instance_groups(&instances, &release)?;
    let settings = hdfs_settings(input.configurations.as_deref().unwrap_or(&[]), &groups)?;
    let concurrency = input.step_concurrency_level.unwrap_or(1);
    if !(1..=256).contains(&concurrency) {
        return Err(texts::invalid_step_concurrency());
    }
    let step_configs = input.steps.clone().unwrap_or_default();
    if step_configs.len() > 256 {
        return Err(texts::too_many_steps());
    }
    validate_step_configs(&step_configs, concurrency)?;
    let tags = super::tags::checked_tags(input.tags.as_deref().unwrap_or(&[]))?;
    let applications = applications(&input, &release)?;
    let mut cluster = build(services, ctx, &input, release, groups)?;
    access::prepare_groups(services, ctx, &cluster)?;
    access::check_block_public_access(services, &cluster)?;
    cluster.applications = applications;
    cluster.hdfs = Hdfs {
        block_size: settings.0,
        replication: settings.1,
        replication_configured: settings.2,
        ..Default::default()
    };
    cluster.step_concurrency = concurrency as u32;
    cluster.tags = tags;
    cluster.steps = new_steps(ctx, &step_configs, ActionOnFailure::TerminateCluster);
    for s in &cluster.steps {
        ctx.emit(Event::StepStateChanged {
            cluster: cluster.id.clone(),
            step: s.id.clone(),
            state: "PENDING".into(),
        });
    }
    let out =
        RunJobFlowOutput { job_flow_id: cluster.id.clone(), cluster_arn: cluster.arn.clone() };
    lifecycle::launch(&mut services.emr, ctx, cluster);
    Ok(out)
}

/// The model's constraints, member by member in AWS's order.
fn validate_shape(input: &RunJobFlowInput) -> Result<(), ApiError> {
    let mut v = Validator::new();
    long(&mut v, "additionalInfo", None);
    short(&mut v, "amiVersion", input.ami_version.as_deref());
    if let Some(actions) = &input.bootstrap_actions {
        for (i, a) in actions.iter().enumerate() {
            let m = format!("bootstrapActions.{}.member", i + 1);
            required_short(&mut v, &format!("{m}.name"), a.name.as_deref());
            if v.required(&format!("{m}.scriptBootstrapAction"), a.script_bootstrap_action.as_ref())
            {
                let path = a.script_bootstrap_action.as_ref().and_then(|s| s.path.as_deref());
                if v.required(&format!("{m}.scriptBootstrapAction.path"), path.as_ref()) {
                    long(&mut v, &format!("{m}.scriptBootstrapAction.path"), path);
                }
            }
        }
    }
    short(&mut v, "customAmiId", input.custom_ami_id.as_deref());
    if v.required("instances", input.instances.as_ref()) {
        if let Some(inst) = &input.instances {
            validate_instances(&mut v, inst);
        }
    }
    long(&mut v, "jobFlowRole", input.job_flow_role.as_deref());
    long(&mut v, "logUri", input.log_uri.as_deref());
    required_short(&mut v, "name", input.name.as_deref());
    short(&mut v, "releaseLabel", input.release_label.as_deref());
    one_of(
        &mut v,
        "repoUpgradeOnBoot",
        input.repo_upgrade_on_boot.as_deref(),
        &["SECURITY", "NONE"],
    );
    one_of(
        &mut v,
        "scaleDownBehavior",
        input.scale_down_behavior.as_deref(),
        &["TERMINATE_AT_INSTANCE_HOUR", "TERMINATE_AT_TASK_COMPLETION"],
    );
    long(&mut v, "serviceRole", input.service_role.as_deref());
    if let Some(steps) = &input.steps {
        super::steps::validate_step_shapes(&mut v, "steps", steps);
    }
    v.finish()
}

fn validate_instances(v: &mut Validator, inst: &JobFlowInstancesConfig) {
    short(v, "instances.ec2KeyName", inst.ec2_key_name.as_deref());
    short(v, "instances.ec2SubnetId", inst.ec2_subnet_id.as_deref());
    if let Some(groups) = &inst.instance_groups {
        for (i, g) in groups.iter().enumerate() {
            let m = format!("instances.instanceGroups.{}.member", i + 1);
            short(v, &format!("{m}.bidPrice"), g.bid_price.as_deref());
            v.required(&format!("{m}.instanceCount"), g.instance_count.as_ref());
            if v.required(&format!("{m}.instanceRole"), g.instance_role.as_ref()) {
                one_of(v, &format!("{m}.instanceRole"), g.instance_role.as_deref(), &Role::names());
            }
            if v.required(&format!("{m}.instanceType"), g.instance_type.as_ref()) {
                let t = g.instance_type.as_deref();
                v.string(
                    &format!("{m}.instanceType"),
                    t,
                    Some(1),
                    Some(256),
                    Some(super::checks::XML_STRING),
                );
            }
            one_of(v, &format!("{m}.market"), g.market.as_deref(), &["ON_DEMAND", "SPOT"]);
            short(v, &format!("{m}.name"), g.name.as_deref());
        }
    }
    for (member, t) in [
        ("instances.masterInstanceType", &inst.master_instance_type),
        ("instances.slaveInstanceType", &inst.slave_instance_type),
    ] {
        v.string(member, t.as_deref(), Some(1), Some(256), Some(super::checks::XML_STRING));
    }
}

fn check_release(input: &RunJobFlowInput) -> Result<Release, ApiError> {
    let ami = input.ami_version.as_deref().filter(|a| !a.is_empty());
    let label = input.release_label.as_deref().filter(|l| !l.is_empty());
    match (ami, label) {
        (Some(a), Some(l)) => Err(texts::validation(texts::ami_and_release(a, l))),
        (Some(a), None) => Err(texts::validation(texts::ami_retired(a))),
        (None, None) => Err(texts::validation(texts::NO_RELEASE)),
        (None, Some(l)) => {
            Release::parse(l).ok_or_else(|| texts::validation(texts::invalid_release(l)))
        }
    }
}

fn check_roles(input: &RunJobFlowInput) -> Result<(), ApiError> {
    let service = input.service_role.as_deref().filter(|r| !r.is_empty());
    let Some(service) = service else {
        return Err(texts::validation(texts::SERVICE_ROLE_REQUIRED));
    };
    if catalog::role_name(service) != catalog::SERVICE_ROLE {
        return Err(texts::validation(texts::no_such_role("Service role", service)));
    }
    if let Some(profile) = input.job_flow_role.as_deref().filter(|r| !r.is_empty()) {
        if catalog::role_name(profile) != catalog::INSTANCE_PROFILE {
            return Err(texts::validation(texts::no_such_role("Instance profile", profile)));
        }
    }
    if let Some(role) = input.auto_scaling_role.as_deref().filter(|r| !r.is_empty()) {
        if catalog::role_name(role) != catalog::AUTO_SCALING_ROLE {
            return Err(texts::validation(texts::no_such_role("Auto scaling role", role)));
        }
    }
    Ok(())
}

/// An instance group as asked for, checked.
pub struct GroupSpec {
    pub name: String,
    pub role: Role,
    pub market: String,
    pub bid_price: Option<String>,
    pub instance_type: &'static catalog::InstanceType,
    pub count: u32,
    pub ebs: Option<Vec<(u32, String)>>,
    pub ebs_optimized: Option<bool>,
}

fn instance_groups(
    inst: &JobFlowInstancesConfig,
    release: &Release,
) -> Result<Vec<GroupSpec>, ApiError> {
    let uniform = inst.master_instance_type.is_some()
        || inst.slave_instance_type.is_some()
        || inst.instance_count.is_some();
    let kinds = [inst.instance_groups.is_some(), inst.instance_fleets.is_some(), uniform];
    if kinds.iter().filter(|k| **k).count() > 1 {
        return Err(texts::validation(texts::ONE_INSTANCE_CONFIG));
    }
    if inst.instance_fleets.is_some() {
        return Err(texts::validation(texts::NO_FLEETS));
    }
    if inst.ec2_subnet_ids.as_ref().is_some_and(|s| !s.is_empty()) {
        return Err(texts::validation(texts::SUBNETS_WITH_GROUPS));
    }
    if inst.emr_managed_master_security_group.is_some()
        != inst.emr_managed_slave_security_group.is_some()
    {
        let (given, missing) = if inst.emr_managed_master_security_group.is_some() {
            ("EmrManagedMasterSecurityGroup", "EmrManagedSlaveSecurityGroup")
        } else {
            ("EmrManagedSlaveSecurityGroup", "EmrManagedMasterSecurityGroup")
        };
        return Err(texts::validation(format!(
            "If you specify {given}, you must also specify {missing}."
        )));
    }
    let configs: Vec<InstanceGroupConfig> = match &inst.instance_groups {
        Some(g) => g.clone(),
        None => uniform_groups(inst),
    };
    let mut specs = Vec::new();
    for g in configs {
        specs.push(group_spec(&g, &specs, release)?);
    }
    if !specs.iter().any(|s| s.role == Role::Master) {
        return Err(texts::validation(texts::ZERO_MASTERS));
    }
    if specs.iter().any(|s| s.role == Role::Task) && !specs.iter().any(|s| s.role == Role::Core) {
        return Err(texts::validation(texts::TASK_WITHOUT_CORE));
    }
    Ok(specs)
}

/// MasterInstanceType + SlaveInstanceType + InstanceCount: one primary node and
/// InstanceCount - 1 core nodes.
fn uniform_groups(inst: &JobFlowInstancesConfig) -> Vec<InstanceGroupConfig> {
    let count = inst.instance_count.unwrap_or(1);
    let mut groups = vec![InstanceGroupConfig {
        name: Some("MASTER".into()),
        instance_role: Some("MASTER".into()),
        instance_type: inst.master_instance_type.clone(),
        instance_count: Some(1),
        ..Default::default()
    }];
    if count > 1 {
        groups.push(InstanceGroupConfig {
            name: Some("CORE".into()),
            instance_role: Some("CORE".into()),
            instance_type: inst.slave_instance_type.clone().or(inst.master_instance_type.clone()),
            instance_count: Some(count - 1),
            ..Default::default()
        });
    }
    groups
}

pub(crate) fn group_spec(
    g: &InstanceGroupConfig,
    seen: &[GroupSpec],
    release: &Release,
) -> Result<GroupSpec, ApiError> {
    let role = g.instance_role.as_deref().and_then(Role::parse).unwrap_or(Role::Task);
    if seen.iter().any(|s| s.role == role) {
        return Err(texts::validation(texts::duplicate_role(role.as_str())));
    }
    let count = g.instance_count.unwrap_or(0);
    if count < 1 {
        return Err(texts::validation(texts::EMPTY_GROUP));
    }
    if role == Role::Master && count != 1 {
        if !release.allows_three_masters() {
            return Err(texts::validation(texts::SINGLE_MASTER));
        }
        if count != 3 {
            return Err(texts::validation(texts::HA_MASTERS));
        }
    }
    let market = g.market.clone().unwrap_or_else(|| "ON_DEMAND".into());
    if let Some(bid) = &g.bid_price {
        if market != "SPOT" {
            return Err(texts::validation(texts::BID_ON_DEMAND));
        }
        match bid.trim().parse::<f64>() {
            Ok(x) if x.is_finite() && x > 0.0 => {}
            Ok(_) => return Err(texts::validation(texts::BID_NOT_POSITIVE)),
            Err(_) => return Err(texts::validation(texts::BID_INVALID)),
        }
    }
    let type_name = g.instance_type.clone().unwrap_or_default();
    let instance_type = catalog::instance_type(&type_name).ok_or_else(|| {
        texts::validation(texts::unknown_instance_type(&type_name, &catalog::instance_type_names()))
    })?;
    let ebs = g.ebs_configuration.as_ref().and_then(|e| e.ebs_block_device_configs.as_ref()).map(
        |configs| {
            let mut v = Vec::new();
            for c in configs {
                let spec = c.volume_specification.clone().unwrap_or_default();
                let size = spec.size_in_gb.unwrap_or(32).clamp(1, 16384) as u32;
                let kind = spec.volume_type.unwrap_or_else(|| "gp2".into());
                for _ in 0..c.volumes_per_instance.unwrap_or(1).clamp(1, 25) {
                    v.push((size, kind.clone()));
                }
            }
            v
        },
    );
    Ok(GroupSpec {
        name: g.name.clone().unwrap_or_default(),
        role,
        market,
        bid_price: g.bid_price.clone(),
        instance_type,
        count: count.min(500) as u32,
        ebs,
        ebs_optimized: g.ebs_configuration.as_ref().and_then(|e| e.ebs_optimized),
    })
}

/// `hdfs-site`'s `dfs.blocksize` (or `dfs.block.size`) and `dfs.replication`, else the
/// defaults: 128 MiB, and EMR's replication by core-node count. Returns (block size,
/// replication, whether replication was configured).
fn hdfs_settings(
    configs: &[Configuration],
    groups: &[GroupSpec],
) -> Result<(u64, u16, bool), ApiError> {
    let core = groups.iter().filter(|g| g.role == Role::Core).map(|g| g.count).sum::<u32>();
    let mut block_size = hdfs::DEFAULT_BLOCK_SIZE;
    let mut replication = None;
    for c in configs.iter().filter(|c| c.classification.as_deref() == Some("hdfs-site")) {
        for (k, v) in c.properties.iter().flatten() {
            match k.as_str() {
                "dfs.blocksize" | "dfs.block.size" => {
                    block_size = parse_size(v).ok_or_else(|| {
                        texts::validation(format!("Invalid value for {k}: \"{v}\" is not a size in bytes (a number, optionally with k, m or g)."))
                    })?;
                }
                "dfs.replication" => {
                    let n = v
                        .trim()
                        .parse::<u16>()
                        .ok()
                        .filter(|n| (1..=hdfs::MAX_REPLICATION).contains(n));
                    replication = Some(n.ok_or_else(|| {
                        texts::validation(format!(
                            "Invalid value for dfs.replication: \"{v}\" (1 to {}).",
                            hdfs::MAX_REPLICATION
                        ))
                    })?);
                }
                _ => {}
            }
        }
    }
    let configured = replication.is_some();
    let single_node = core == 0;
    let default = if single_node { 1 } else { hdfs::default_replication(core) };
    Ok((block_size, replication.unwrap_or(default), configured))
}

/// Hadoop's `getLongBytes`: a number with an optional k, m, g, t suffix (binary multiples).
pub fn parse_size(v: &str) -> Option<u64> {
    let v = v.trim();
    let (digits, mult) = match v.chars().last()?.to_ascii_lowercase() {
        'k' => (&v[..v.len() - 1], 1u64 << 10),
        'm' => (&v[..v.len() - 1], 1 << 20),
        'g' => (&v[..v.len() - 1], 1 << 30),
        't' => (&v[..v.len() - 1], 1 << 40),
        _ => (v, 1),
    };
    digits.trim().parse::<u64>().ok()?.checked_mul(mult).filter(|n| *n > 0)
}

fn applications(
    input: &RunJobFlowInput,
    release: &Release,
) -> Result<Vec<(String, String)>, ApiError> {
    let requested = input.applications.clone().unwrap_or_default();
    let mut names: Vec<&'static str> = Vec::new();
    for a in &requested {
        let name = a.name.as_deref().unwrap_or("");
        let known = catalog::application_name(name)
            .ok_or_else(|| texts::validation(texts::unknown_application(name)))?;
        if !names.contains(&known) {
            names.push(known);
        }
    }
    if names.is_empty() {
        names.push("Hadoop");
    }
    names.sort_unstable();
    Ok(names
        .into_iter()
        .map(|n| {
            // The sandbox reports the Hadoop version of the release; other applications are
            // installed, not simulated, and reported without a version.
            let version =
                if n == "Hadoop" { release.hadoop_version().to_string() } else { String::new() };
            (n.to_string(), version)
        })
        .collect())
}

/// The cluster as RunJobFlow creates it (STARTING comes with [`lifecycle::launch`]).
fn build(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: &RunJobFlowInput,
    release: Release,
    specs: Vec<GroupSpec>,
) -> Result<Cluster, ApiError> {
    let inst = input.instances.clone().unwrap_or_default();
    let now = ctx.unix_ms();
    let id = ids::cluster(ctx.rng);
    let private = crate::ec2::model::is_private_subnet(inst.ec2_subnet_id.as_deref());
    let (master_sg, slave_sg, service_sg) = if private {
        match &services.emr.managed_private_groups {
            Some(g) => (g.0.clone(), g.1.clone(), Some(g.2.clone())),
            None => {
                let g = (
                    ids::security_group(ctx.rng),
                    ids::security_group(ctx.rng),
                    ids::security_group(ctx.rng),
                );
                services.emr.managed_private_groups = Some(g.clone());
                (g.0, g.1, Some(g.2))
            }
        }
    } else {
        match &services.emr.managed_groups {
            Some(g) => (g.0.clone(), g.1.clone(), None),
            None => {
                let g = (ids::security_group(ctx.rng), ids::security_group(ctx.rng));
                services.emr.managed_groups = Some(g.clone());
                (g.0, g.1, None)
            }
        }
    };
    services.emr.next_generation += 1;
    let single_node = !specs.iter().any(|s| s.role == Role::Core);
    let three_masters = specs.iter().any(|s| s.role == Role::Master && s.count == 3);
    let mut groups = Vec::new();
    let mut all_nodes = Vec::new();
    for spec in specs {
        let group = InstanceGroup {
            id: ids::instance_group(ctx.rng),
            name: spec.name,
            role: spec.role,
            market: spec.market,
            bid_price: spec.bid_price,
            instance_type: spec.instance_type,
            requested: spec.count,
            state: GroupState::Provisioning,
            reason: Reason::message(""),
            times: Times::new(now),
            ebs: nodes::ebs_volumes(spec.instance_type, spec.ebs),
            ebs_optimized: spec.ebs_optimized,
            resize_serial: 0,
        };
        for _ in 0..spec.count {
            let mut n = nodes::build(ctx, &group, now);
            if single_node && n.role == Role::Master {
                // A single-node cluster's primary node runs the DataNode and NodeManager too.
                n.datanode = true;
                n.nodemanager = true;
            }
            all_nodes.push(n);
        }
        groups.push(group);
    }
    let az = inst
        .placement
        .as_ref()
        .and_then(|p| p.availability_zone.clone())
        .unwrap_or_else(|| format!("{}a", ctx.config.region));
    let keep_alive = inst.keep_job_flow_alive_when_no_steps.unwrap_or(false);
    Ok(Cluster {
        arn: cluster_arn(ctx, &id),
        id,
        name: input.name.clone().unwrap_or_default(),
        generation: services.emr.next_generation,
        state: ClusterState::Starting,
        reason: Reason::default(),
        times: Times::new(now),
        created_at: ctx.now,
        release,
        applications: Vec::new(),
        configurations: input.configurations.clone().unwrap_or_default(),
        log_uri: input.log_uri.clone().filter(|l| !l.is_empty()),
        service_role: input.service_role.clone().unwrap_or_default(),
        // Three primary nodes: EMR "automatically enables termination protection".
        keep_alive: keep_alive || three_masters,
        termination_protected: inst.termination_protected.unwrap_or(false) || three_masters,
        unhealthy_node_replacement: inst.unhealthy_node_replacement.unwrap_or(false),
        visible_to_all_users: input.visible_to_all_users.unwrap_or(true),
        created_by: ctx.principal().arn(),
        step_concurrency: 1,
        scale_down_behavior: input
            .scale_down_behavior
            .clone()
            .unwrap_or_else(|| "TERMINATE_AT_TASK_COMPLETION".into()),
        tags: Vec::new(),
        ec2: Ec2Attributes {
            key_name: inst.ec2_key_name.clone(),
            subnet_id: inst.ec2_subnet_id.clone(),
            availability_zone: az,
            instance_profile: input
                .job_flow_role
                .clone()
                .unwrap_or_else(|| catalog::INSTANCE_PROFILE.into()),
            master_security_group: inst
                .emr_managed_master_security_group
                .clone()
                .unwrap_or(master_sg),
            slave_security_group: inst.emr_managed_slave_security_group.clone().unwrap_or(slave_sg),
            service_access_security_group: inst
                .service_access_security_group
                .clone()
                .or(service_sg),
            additional_master_security_groups: inst
                .additional_master_security_groups
                .clone()
                .unwrap_or_default(),
            additional_slave_security_groups: inst
                .additional_slave_security_groups
                .clone()
                .unwrap_or_default(),
        },
        groups,
        nodes: all_nodes,
        steps: Vec::new(),
        bootstrap_actions: input
            .bootstrap_actions
            .iter()
            .flatten()
            .map(|a| BootstrapAction {
                name: a.name.clone().unwrap_or_default(),
                path: a
                    .script_bootstrap_action
                    .as_ref()
                    .and_then(|s| s.path.clone())
                    .unwrap_or_default(),
                args: a
                    .script_bootstrap_action
                    .as_ref()
                    .and_then(|s| s.args.clone())
                    .unwrap_or_default(),
            })
            .collect(),
        hdfs: Hdfs::default(),
        jobs: Default::default(),
        finished_jobs: Vec::new(),
        next_application: 1,
        hive: Default::default(),
        shell: Default::default(),
        ending: None,
    })
}
