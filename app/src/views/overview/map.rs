//! The map: the services of the data path, where they sit, the routes between them, and which
//! events move data along which route.

use engine::Event;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Node {
    Producers,
    Streams,
    Consumers,
    Analytics,
    Firehose,
    S3,
    Redshift,
    OpenSearch,
    Emr,
    Pipeline,
    OnPremises,
    Snowball,
}

pub(super) struct NodeInfo {
    pub node: Node,
    pub label: &'static str,
    /// One line from the study notes.
    pub blurb: &'static str,
    pub x: f64,
    pub y: f64,
    /// Simulated by this build of the engine.
    pub live: bool,
}

pub(super) const W: f64 = 214.0;
pub(super) const H: f64 = 60.0;

pub(super) const NODES: &[NodeInfo] = &[
    NodeInfo {
        node: Node::Producers,
        label: "Producers",
        blurb: "Apps and devices sending records",
        x: 122.0,
        y: 150.0,
        live: true,
    },
    NodeInfo {
        node: Node::Streams,
        label: "Kinesis Data Streams",
        blurb: "Collect and process data records in real time",
        x: 372.0,
        y: 150.0,
        live: true,
    },
    NodeInfo {
        node: Node::Consumers,
        label: "Consumer apps (KCL)",
        blurb: "Read from the shards and run the Streams app",
        x: 632.0,
        y: 50.0,
        live: true,
    },
    NodeInfo {
        node: Node::Analytics,
        label: "Kinesis Data Analytics",
        blurb: "Analyse streaming data in real time with SQL",
        x: 632.0,
        y: 170.0,
        live: true,
    },
    NodeInfo {
        node: Node::Firehose,
        label: "Kinesis Data Firehose",
        blurb: "Load streaming data into S3, Redshift, OpenSearch",
        x: 632.0,
        y: 300.0,
        live: true,
    },
    NodeInfo {
        node: Node::Redshift,
        label: "Amazon Redshift",
        blurb: "Warehouse: Firehose stages to S3, then COPY",
        x: 892.0,
        y: 170.0,
        live: false,
    },
    NodeInfo {
        node: Node::S3,
        label: "Amazon S3",
        blurb: "Object store behind Firehose, EMRFS, Snowball",
        x: 892.0,
        y: 300.0,
        live: true,
    },
    NodeInfo {
        node: Node::OpenSearch,
        label: "Amazon OpenSearch",
        blurb: "Search index fed by Firehose",
        x: 892.0,
        y: 430.0,
        live: false,
    },
    NodeInfo {
        node: Node::Emr,
        label: "Amazon EMR",
        blurb: "Managed, on-demand Hadoop: HDFS and EMRFS",
        x: 1142.0,
        y: 300.0,
        live: false,
    },
    NodeInfo {
        node: Node::Pipeline,
        label: "AWS Data Pipeline",
        blurb: "Batch ETL between stores, at intervals",
        x: 1142.0,
        y: 470.0,
        live: false,
    },
    NodeInfo {
        node: Node::OnPremises,
        label: "On-premises",
        blurb: "Your data center",
        x: 372.0,
        y: 470.0,
        live: false,
    },
    NodeInfo {
        node: Node::Snowball,
        label: "Snowball / Disk",
        blurb: "Ship data on appliances, bypassing the internet",
        x: 632.0,
        y: 470.0,
        live: false,
    },
];

/// The paths data takes, drawn whether or not anything flows yet.
pub(super) const PATHS: &[(Node, Node)] = &[
    (Node::Producers, Node::Streams),
    (Node::Producers, Node::Firehose),
    (Node::Streams, Node::Consumers),
    (Node::Streams, Node::Analytics),
    (Node::Streams, Node::Firehose),
    (Node::Analytics, Node::Firehose),
    (Node::Analytics, Node::Streams),
    (Node::Firehose, Node::Redshift),
    (Node::Firehose, Node::S3),
    (Node::Firehose, Node::OpenSearch),
    (Node::S3, Node::Emr),
    (Node::Pipeline, Node::S3),
    (Node::Pipeline, Node::Emr),
    (Node::OnPremises, Node::Snowball),
    (Node::Snowball, Node::S3),
    (Node::OnPremises, Node::Pipeline),
];

pub(super) fn info(node: Node) -> &'static NodeInfo {
    NODES.iter().find(|n| n.node == node).unwrap_or(&NODES[0])
}

/// The paths an event's data travels along.
pub(super) fn flows(event: &Event) -> Vec<(Node, Node)> {
    use engine::kinesis::Event as K;
    match event {
        Event::Kinesis(K::RecordsPut { .. }) => vec![(Node::Producers, Node::Streams)],
        Event::Kinesis(K::RecordsRead { reader, .. }) if reader.starts_with("firehose/") => {
            vec![(Node::Streams, Node::Firehose)]
        }
        Event::Kinesis(K::RecordsRead { .. }) => vec![(Node::Streams, Node::Consumers)],
        Event::Firehose(engine::firehose::Event::RecordsBuffered { source, .. })
            if source.starts_with("Put") =>
        {
            vec![(Node::Producers, Node::Firehose)]
        }
        // Delivered, not merely flushed: a failed write is retried and lands later.
        Event::S3(engine::s3::Event::ObjectWritten { .. }) => vec![(Node::Firehose, Node::S3)],
        // An application reads its input stream and writes its results on.
        Event::Analytics(engine::analytics::Event::RowsIngested { .. }) => {
            vec![(Node::Streams, Node::Analytics)]
        }
        Event::Analytics(engine::analytics::Event::RecordsDelivered { destination, .. }) => {
            if destination.starts_with("firehose:") {
                vec![(Node::Analytics, Node::Firehose)]
            } else {
                vec![(Node::Analytics, Node::Streams)]
            }
        }
        _ => Vec::new(),
    }
}

/// The service a command addressed, for the pulse.
pub(super) fn target_node(action_target: &str) -> Option<Node> {
    let service = action_target.split('_').next().unwrap_or_default();
    match service {
        "Kinesis" => Some(Node::Streams),
        "Firehose" => Some(Node::Firehose),
        "KinesisAnalytics" => Some(Node::Analytics),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_events_travel_their_routes() {
        let put = Event::Kinesis(engine::kinesis::Event::StreamDeleted { stream: "s".into() });
        assert!(flows(&put).is_empty());
        use engine::api::Call;
        let kinesis = Call::new(&engine::kinesis::wire::PutRecordInput::default()).target;
        let firehose = Call::new(&engine::firehose::wire::PutRecordInput::default()).target;
        assert_eq!(target_node(&kinesis), Some(Node::Streams));
        assert_eq!(target_node(&firehose), Some(Node::Firehose));
        assert_eq!(target_node("nonsense"), None);
    }
}
