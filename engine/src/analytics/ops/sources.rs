//! What an application reads and writes: inputs, outputs, reference data sources.
use super::*;

pub fn add_application_input(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: AddApplicationInputInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "applicationName", req.application_name.as_deref());
    check_version(&mut v, req.current_application_version_id);
    v.required("input", req.input.as_ref());
    v.finish()?;
    let name = req.application_name.unwrap_or_default();
    let input = req.input.unwrap_or_default();
    let app = updatable_app(&services.analytics, &name, req.current_application_version_id)?;
    if !app.inputs.is_empty() {
        return Err(has_an_input(&name));
    }
    let cfg = input_config(services, &input, format!("{}.1", app.next_input))?;
    let app = app_mut(&mut services.analytics, &name)?;
    app.inputs.push(cfg);
    app.next_input += 1;
    bump(app, ctx);
    Ok(Empty {})
}

pub fn add_application_output(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: AddApplicationOutputInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "applicationName", req.application_name.as_deref());
    check_version(&mut v, req.current_application_version_id);
    v.required("output", req.output.as_ref());
    v.finish()?;
    let name = req.application_name.unwrap_or_default();
    let output = req.output.unwrap_or_default();
    let app = updatable_app(&services.analytics, &name, req.current_application_version_id)?;
    if app.outputs.len() >= 3 {
        return Err(three_outputs());
    }
    let cfg = output_config(services, &output, format!("{}.1", app.next_output))?;
    let app = app_mut(&mut services.analytics, &name)?;
    app.outputs.push(cfg);
    app.next_output += 1;
    bump(app, ctx);
    Ok(Empty {})
}

pub fn delete_application_output(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: DeleteApplicationOutputInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "applicationName", req.application_name.as_deref());
    check_version(&mut v, req.current_application_version_id);
    v.required("outputId", req.output_id.as_ref());
    v.finish()?;
    let name = req.application_name.unwrap_or_default();
    let app =
        updatable_app_mut(&mut services.analytics, &name, req.current_application_version_id)?;
    let id = req.output_id.unwrap_or_default();
    remove_by_id(&mut app.outputs, |o| &o.id, &id, "Output", &name)?;
    bump(app, ctx);
    Ok(Empty {})
}

pub fn add_application_reference_data_source(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: AddApplicationReferenceDataSourceInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "applicationName", req.application_name.as_deref());
    check_version(&mut v, req.current_application_version_id);
    v.required("referenceDataSource", req.reference_data_source.as_ref());
    v.finish()?;
    let name = req.application_name.unwrap_or_default();
    let r = req.reference_data_source.unwrap_or_default();
    let app = updatable_app(&services.analytics, &name, req.current_application_version_id)?;
    let table = r.table_name.clone().unwrap_or_default();
    if table.is_empty() || table.len() > 32 {
        return Err(table_name_length());
    }
    if app.references.iter().any(|x| x.table_name == table) {
        return Err(table_exists(&table, &name));
    }
    let s3 = r.s3_reference_data_source.clone().ok_or_else(s3_reference_needed)?;
    let bucket_arn = s3.bucket_arn.clone().unwrap_or_default();
    let bucket = crate::firehose::ops::bucket_of_arn(&bucket_arn)
        .ok_or_else(|| invalid_bucket_arn(&bucket_arn))?;
    if !services.s3.bucket_exists(bucket) {
        return Err(bucket_missing(bucket));
    }
    let schema = r.reference_schema.clone().ok_or_else(reference_schema_needed)?;
    Mapper::new(&schema).map_err(invalid_schema)?;
    let cfg = ReferenceConfig {
        id: format!("{}.1", app.next_reference),
        table_name: table,
        bucket_arn,
        file_key: s3.file_key.unwrap_or_default(),
        role: s3.reference_role_arn.unwrap_or_default(),
        schema,
    };
    let app = app_mut(&mut services.analytics, &name)?;
    app.references.push(cfg);
    app.next_reference += 1;
    bump(app, ctx);
    Ok(Empty {})
}

pub fn delete_application_reference_data_source(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: DeleteApplicationReferenceDataSourceInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "applicationName", req.application_name.as_deref());
    check_version(&mut v, req.current_application_version_id);
    v.required("referenceId", req.reference_id.as_ref());
    v.finish()?;
    let name = req.application_name.unwrap_or_default();
    let app =
        updatable_app_mut(&mut services.analytics, &name, req.current_application_version_id)?;
    let id = req.reference_id.unwrap_or_default();
    remove_by_id(&mut app.references, |r| &r.id, &id, "Reference", &name)?;
    bump(app, ctx);
    Ok(Empty {})
}

/// Removes the item with `id` from an application's outputs or reference sources, or answers
/// ResourceNotFoundException naming what was missing.
pub(super) fn remove_by_id<T>(
    items: &mut Vec<T>,
    id_of: impl Fn(&T) -> &String,
    id: &str,
    what: &str,
    app: &str,
) -> Result<(), ApiError> {
    let before = items.len();
    items.retain(|x| id_of(x) != id);
    if items.len() == before {
        return Err(item_not_found(what, id, app));
    }
    Ok(())
}
