//! DiscoverInputSchema: a schema guessed from sample records of a stream or an S3 object.
use super::*;

pub fn discover_input_schema(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: DiscoverInputSchemaInput,
) -> Result<DiscoverInputSchemaOutput, ApiError> {
    let samples: Vec<Vec<u8>> = if let Some(s3) = &req.s3_configuration {
        let arn = s3.bucket_arn.clone().unwrap_or_default();
        let bucket =
            crate::firehose::ops::bucket_of_arn(&arn).ok_or_else(|| invalid_bucket_arn(&arn))?;
        let key = s3.file_key.clone().unwrap_or_default();
        let obj =
            services.s3.get_object(bucket, &key).map_err(|_| unreadable_object(bucket, &key))?;
        let text = String::from_utf8_lossy(&obj.bytes).to_string();
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .take(100)
            .map(|l| l.as_bytes().to_vec())
            .collect()
    } else {
        let arn = req.resource_arn.clone().ok_or_else(discovery_source_needed)?;
        let stream =
            arn_tail(&arn, ":stream/").ok_or_else(|| invalid_stream_arn(&arn))?.to_string();
        if !services.kinesis.streams.contains_key(&stream) {
            return Err(discovery_stream_missing(&stream));
        }
        let pos = req
            .input_starting_position_configuration
            .as_ref()
            .and_then(|p| p.input_starting_position.clone())
            .unwrap_or_else(|| "TRIM_HORIZON".into());
        crate::analytics::tick::sample_stream(services, ctx, &stream, &pos, 100)
    };
    if samples.is_empty() {
        return Err(no_samples());
    }
    let schema = schema::discover(&samples).ok_or_else(no_schema)?;
    let mapper = Mapper::new(&schema).map_err(unusable_schema)?;
    let raw: Vec<String> = samples.iter().map(|s| String::from_utf8_lossy(s).to_string()).collect();
    let mut parsed = Vec::new();
    for s in &samples {
        if let Ok(rows) = mapper.map(s) {
            for r in rows {
                parsed.push(r.iter().map(|v| v.to_string()).collect());
            }
        }
    }
    Ok(DiscoverInputSchemaOutput {
        input_schema: schema,
        parsed_input_records: parsed,
        processed_input_records: raw.clone(),
        raw_input_records: raw,
    })
}
