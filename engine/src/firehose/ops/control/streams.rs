//! Creating and deleting delivery streams.

use super::*;

pub fn create_delivery_stream(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: CreateDeliveryStreamInput,
) -> Result<CreateDeliveryStreamOutput, ApiError> {
    check_create(&req)?;
    let name = req.delivery_stream_name.clone().unwrap_or_default();
    let account = ctx.config.account_id.clone();
    let kind = req.delivery_stream_type.as_deref().unwrap_or("DirectPut");
    if matches!(kind, "MSKAsSource" | "DatabaseAsSource") {
        return Err(not_simulated(&format!("DeliveryStreamType {kind}")));
    }
    let source = source_of(services, kind, &req, &account)?;
    let (c, dest_kind, processing_config, extended) = destination_of(&req)?;
    let compression = check_s3_semantics(&c)?;
    if matches!(dest_kind, DestinationKind::Redshift(_)) {
        check_redshift_compression(compression)?;
    }
    let processing = check_processing(processing_config.as_ref())?;
    let encryption = encryption_of(&req, &source)?;
    let fh = &mut services.firehose;
    if fh.streams.contains_key(&name) {
        return Err(already_exists(&name, &account));
    }
    let destination = s3_destination(&c, compression, extended);
    fh.next_generation += 1;
    let generation = fh.next_generation;
    let arn = delivery_stream_arn(ctx, &name);
    let tags = req
        .tags
        .unwrap_or_default()
        .into_iter()
        .map(|t| (t.key.unwrap_or_default(), t.value.unwrap_or_default()))
        .collect();
    ctx.emit(Event::DeliveryStreamCreated {
        stream: name.clone(),
        source: kind.to_string(),
        bucket: destination.bucket.clone(),
    });
    ctx.emit(Event::DeliveryStreamStatusChanged {
        stream: name.clone(),
        status: "CREATING".into(),
    });
    fh.streams.insert(
        name.clone(),
        DeliveryStream {
            name: name.clone(),
            arn: arn.clone(),
            status: DeliveryStreamStatus::Creating,
            source,
            created_ms: ctx.unix_ms(),
            updated_ms: None,
            version: 1,
            generation,
            tags,
            destination,
            kind: dest_kind,
            extended,
            processing,
            buffer: Buffer::default(),
            pending: VecDeque::new(),
            tap: Default::default(),
            retry_scheduled: false,
            outages: Default::default(),
            counters: DestinationCounters::default(),
            delivered: VecDeque::new(),
            error_objects: VecDeque::new(),
            attempts: VecDeque::new(),
            encryption,
            window: PutWindow::default(),
        },
    );
    ctx.schedule_in(ctx.config.transition_delay_ms, Wake::Transition { stream: name, generation });
    Ok(CreateDeliveryStreamOutput { delivery_stream_arn: arn })
}

/// The request's members, as AWS validates them before anything else.
fn check_create(req: &CreateDeliveryStreamInput) -> Result<(), ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "deliveryStreamName", req.delivery_stream_name.as_deref(), true);
    v.enumeration(
        "deliveryStreamType",
        req.delivery_stream_type.as_deref(),
        &DELIVERY_STREAM_TYPES,
    );
    if let Some(c) = &req.extended_s3_destination_configuration {
        check_s3(&mut v, "extendedS3DestinationConfiguration", c, true, true);
    }
    if let Some(k) = &req.kinesis_stream_source_configuration {
        let at = "kinesisStreamSourceConfiguration";
        if v.required(&format!("{at}.kinesisStreamARN"), k.kinesis_stream_arn.as_ref()) {
            v.string(
                &format!("{at}.kinesisStreamARN"),
                k.kinesis_stream_arn.as_deref(),
                Some(1),
                Some(512),
                Some(KINESIS_STREAM_ARN),
            );
        }
        if v.required(&format!("{at}.roleARN"), k.role_arn.as_ref()) {
            v.string(
                &format!("{at}.roleARN"),
                k.role_arn.as_deref(),
                Some(1),
                Some(512),
                Some(ROLE_ARN),
            );
        }
    }
    if let Some(c) = &req.opensearch {
        check_opensearch(&mut v, "amazonopensearchserviceDestinationConfiguration", c, true);
    }
    if let Some(e) = &req.encryption {
        check_encryption_input(&mut v, "deliveryStreamEncryptionConfigurationInput", e);
    }
    if let Some(c) = &req.elasticsearch {
        check_opensearch(&mut v, "elasticsearchDestinationConfiguration", c, true);
    }
    if let Some(c) = &req.redshift {
        check_redshift(&mut v, "redshiftDestinationConfiguration", c, true);
    }
    if let Some(c) = &req.s3_destination_configuration {
        check_s3(&mut v, "s3DestinationConfiguration", c, true, false);
    }
    check_tag_list(&mut v, "tags", req.tags.as_ref());
    v.finish()
}

/// Where the records come from: direct puts, or a Kinesis stream that must exist.
fn source_of(
    services: &Services,
    kind: &str,
    req: &CreateDeliveryStreamInput,
    account: &str,
) -> Result<Source, ApiError> {
    Ok(match (kind, &req.kinesis_stream_source_configuration) {
        ("KinesisStreamAsSource", Some(k)) => {
            let arn = k.kinesis_stream_arn.clone().unwrap_or_default();
            let stream_name =
                stream_of_arn(&arn).map(|(_, _, n)| n.to_string()).unwrap_or_default();
            if !services.kinesis.streams.contains_key(&stream_name) {
                return Err(source_stream_not_found(&stream_name, account));
            }
            Source::KinesisStream(KinesisSource {
                stream_arn: arn,
                stream_name,
                role_arn: k.role_arn.clone().unwrap_or_default(),
                started_ms: None,
                shards: BTreeMap::new(),
                initialized: false,
            })
        }
        ("KinesisStreamAsSource", None) => return Err(source_configuration_needed()),
        (_, Some(_)) => return Err(source_configuration_not_allowed()),
        (_, None) => Source::DirectPut,
    })
}

/// The one destination the request configures: its S3 configuration (the whole destination,
/// or the staging and backup bucket), its kind, its ProcessingConfiguration, and whether it
/// is the extended S3 shape.
fn destination_of(
    req: &CreateDeliveryStreamInput,
) -> Result<(S3DestinationConfiguration, DestinationKind, Option<serde_json::Value>, bool), ApiError>
{
    let others = [
        (&req.opensearch_serverless, "The OpenSearch Serverless destination"),
        (&req.splunk, "The Splunk destination"),
        (&req.http_endpoint, "The HTTP endpoint destination"),
        (&req.snowflake, "The Snowflake destination"),
        (&req.iceberg, "The Iceberg destination"),
    ];
    let s3_count = req.s3_destination_configuration.is_some() as usize
        + req.extended_s3_destination_configuration.is_some() as usize
        + req.redshift.is_some() as usize
        + req.elasticsearch.is_some() as usize
        + req.opensearch.is_some() as usize;
    let other_count = others.iter().filter(|(c, _)| c.is_some()).count();
    if s3_count + other_count != 1 {
        return Err(one_destination());
    }
    if let Some((_, what)) = others.iter().find(|(c, _)| c.is_some()) {
        return Err(not_simulated(what));
    }
    let extended = req.extended_s3_destination_configuration.is_some();
    let (c, dest_kind, processing_config) = if let Some(r) = &req.redshift {
        let k = DestinationKind::Redshift(redshift_destination(r)?);
        (r.s3_configuration.clone().unwrap_or_default(), k, r.processing_configuration.clone())
    } else if let Some(o) = req.opensearch.as_ref().or(req.elasticsearch.as_ref()) {
        let k = DestinationKind::OpenSearch(opensearch_destination(o, req.opensearch.is_none())?);
        (o.s3_configuration.clone().unwrap_or_default(), k, o.processing_configuration.clone())
    } else {
        let Some(c) = req
            .extended_s3_destination_configuration
            .clone()
            .or(req.s3_destination_configuration.clone())
        else {
            return Err(one_destination());
        };
        // The plain S3 shape has no ProcessingConfiguration.
        let processing = if extended { c.processing_configuration.clone() } else { None };
        (c, DestinationKind::S3, processing)
    };
    Ok((c, dest_kind, processing_config, extended))
}

/// DeliveryStreamEncryptionConfigurationInput: server-side encryption of a DirectPut stream.
fn encryption_of(req: &CreateDeliveryStreamInput, source: &Source) -> Result<Encryption, ApiError> {
    Ok(match &req.encryption {
        Some(e) => {
            if matches!(source, Source::KinesisStream(_)) {
                return Err(encryption_with_kinesis_source());
            }
            let (key_type, key_arn) = encryption_key(e)?;
            Encryption { status: "ENABLED".into(), key_type: Some(key_type), key_arn, serial: 0 }
        }
        None => Encryption::default(),
    })
}

pub fn delete_delivery_stream(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: DeleteDeliveryStreamInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "deliveryStreamName", req.delivery_stream_name.as_deref(), true);
    v.finish()?;
    let name = req.delivery_stream_name.unwrap_or_default();
    let account = ctx.config.account_id.clone();
    let s = services.firehose.any_status(ctx, &name)?;
    match s.status {
        // AWS refuses to delete a delivery stream still being created.
        DeliveryStreamStatus::Creating => return Err(in_use(&name, &account, s.status)),
        DeliveryStreamStatus::Deleting => return Ok(Empty),
        DeliveryStreamStatus::Active => {}
    }
    s.status = DeliveryStreamStatus::Deleting;
    let generation = s.generation;
    let buffer = std::mem::take(&mut s.buffer);
    ctx.emit(Event::DeliveryStreamStatusChanged {
        stream: name.clone(),
        status: "DELETING".into(),
    });
    if !buffer.is_empty() {
        ctx.emit(Event::BufferDiscarded {
            stream: name.clone(),
            records: buffer.records.len() as u64,
            bytes: buffer.bytes,
        });
    }
    ctx.schedule_in(ctx.config.transition_delay_ms, Wake::Transition { stream: name, generation });
    Ok(Empty)
}
