//! The state as the wire shows it: a cluster for DescribeCluster and ListClusters, a step, an
//! instance group, an instance.

use crate::emr::cost;
use crate::emr::model::{Cluster, InstanceGroup, Node, Step};
use crate::emr::wire::*;

pub fn cluster_status(c: &Cluster) -> ClusterStatus {
    ClusterStatus {
        state: c.state.as_str().to_string(),
        state_change_reason: c.reason.wire(),
        timeline: c.times.wire(),
    }
}

pub fn cluster(c: &Cluster, region: &str, now_ms: i64) -> ClusterDescription {
    ClusterDescription {
        id: c.id.clone(),
        name: c.name.clone(),
        status: cluster_status(c),
        ec2_instance_attributes: Ec2InstanceAttributes {
            ec2_key_name: c.ec2.key_name.clone(),
            ec2_subnet_id: c.ec2.subnet_id.clone(),
            requested_ec2_subnet_ids: c.ec2.subnet_id.iter().cloned().collect(),
            ec2_availability_zone: c.ec2.availability_zone.clone(),
            requested_ec2_availability_zones: Vec::new(),
            iam_instance_profile: c.ec2.instance_profile.clone(),
            emr_managed_master_security_group: c.ec2.master_security_group.clone(),
            emr_managed_slave_security_group: c.ec2.slave_security_group.clone(),
            service_access_security_group: c.ec2.service_access_security_group.clone(),
            additional_master_security_groups: c.ec2.additional_master_security_groups.clone(),
            additional_slave_security_groups: c.ec2.additional_slave_security_groups.clone(),
        },
        instance_collection_type: "INSTANCE_GROUP".into(),
        log_uri: c.log_uri.clone(),
        release_label: c.release.label.clone(),
        auto_terminate: !c.keep_alive,
        termination_protected: c.termination_protected,
        unhealthy_node_replacement: c.unhealthy_node_replacement,
        visible_to_all_users: c.visible_to_all_users,
        applications: c
            .applications
            .iter()
            .map(|(n, v)| Application {
                name: Some(n.clone()),
                version: (!v.is_empty()).then(|| v.clone()),
                args: None,
            })
            .collect(),
        tags: c
            .tags
            .iter()
            .map(|(k, v)| Tag { key: Some(k.clone()), value: Some(v.clone()) })
            .collect(),
        service_role: c.service_role.clone(),
        normalized_instance_hours: cost::normalized_instance_hours(c, now_ms) as i64,
        // The primary node's public DNS name appears once its instance is provisioned.
        master_public_dns_name: c
            .master()
            .filter(|m| m.state != crate::emr::model::NodeState::Provisioning)
            .map(|m| m.public_dns(region)),
        configurations: c.configurations.clone(),
        scale_down_behavior: c.scale_down_behavior.clone(),
        kerberos_attributes: Empty,
        cluster_arn: c.arn.clone(),
        step_concurrency_level: c.step_concurrency as i64,
        placement_groups: Vec::new(),
        os_release_label: c.release.os_release_label().map(str::to_string),
    }
}

pub fn summary(c: &Cluster, now_ms: i64) -> ClusterSummary {
    ClusterSummary {
        id: c.id.clone(),
        name: c.name.clone(),
        status: cluster_status(c),
        normalized_instance_hours: cost::normalized_instance_hours(c, now_ms) as i64,
        cluster_arn: c.arn.clone(),
    }
}

pub fn step(s: &Step) -> StepDescription {
    use crate::api::wire::Timestamp;
    StepDescription {
        id: s.id.clone(),
        name: s.name.clone(),
        config: HadoopStepConfig {
            jar: s.jar.clone(),
            properties: s.properties.clone(),
            main_class: s.main_class.clone(),
            args: s.args.clone(),
        },
        action_on_failure: s.action_on_failure.as_str().to_string(),
        status: StepStatus {
            state: s.state.as_str().to_string(),
            // StepStateChangeReasonCode has only NONE: EMR sends an empty reason.
            state_change_reason: StateChangeReason::default(),
            failure_details: s.failure.as_ref().map(|f| FailureDetails {
                reason: f.reason.clone(),
                message: f.message.clone(),
                log_file: f.log_file.clone(),
            }),
            timeline: StepTimeline {
                creation_date_time: Some(Timestamp(s.created_ms)),
                start_date_time: s.started_ms.map(Timestamp),
                end_date_time: s.ended_ms.map(Timestamp),
            },
        },
    }
}

pub fn group(c: &Cluster, g: &InstanceGroup) -> InstanceGroupDescription {
    InstanceGroupDescription {
        id: g.id.clone(),
        name: g.name.clone(),
        market: g.market.clone(),
        instance_group_type: g.role.as_str().to_string(),
        bid_price: g.bid_price.clone(),
        instance_type: g.instance_type.name.to_string(),
        requested_instance_count: g.requested as i64,
        running_instance_count: crate::emr::lifecycle::running_count(c, &g.id) as i64,
        status: InstanceGroupStatus {
            state: g.state.as_str().to_string(),
            state_change_reason: g.reason.wire(),
            timeline: g.times.wire(),
        },
        configurations: Vec::new(),
        configurations_version: 0,
        last_successfully_applied_configurations: Vec::new(),
        last_successfully_applied_configurations_version: 0,
        ebs_block_devices: g
            .ebs
            .iter()
            .enumerate()
            .map(|(i, (size, kind))| EbsBlockDevice {
                volume_specification: VolumeSpecification {
                    volume_type: Some(kind.clone()),
                    size_in_gb: Some(*size as i64),
                    ..Default::default()
                },
                device: format!("/dev/sd{}", (b'b' + i as u8) as char),
            })
            .collect(),
        ebs_optimized: g.ebs_optimized,
        shrink_policy: Empty,
    }
}

pub fn instance(n: &Node, region: &str) -> InstanceDescription {
    InstanceDescription {
        id: n.id.clone(),
        ec2_instance_id: n.ec2_id.clone(),
        public_dns_name: n.public_dns(region),
        public_ip_address: n.public_ip.clone(),
        private_dns_name: n.private_dns(region),
        private_ip_address: n.private_ip.clone(),
        status: InstanceStatus {
            state: n.state.as_str().to_string(),
            state_change_reason: n.reason.wire(),
            timeline: n.times.wire(),
        },
        instance_group_id: n.group_id.clone(),
        market: n.market.clone(),
        instance_type: n.instance_type.name.to_string(),
        ebs_volumes: n
            .disks
            .iter()
            .filter(|d| !d.instance_store)
            .map(|d| EbsVolume { device: d.device.clone(), volume_id: d.volume_id.clone() })
            .collect(),
    }
}
