//! Tags on applications.
use super::*;

pub(super) fn app_by_arn<'a>(
    a: &'a mut Analytics,
    arn: &str,
) -> Result<&'a mut Application, ApiError> {
    let name = arn_tail(arn, ":application/").unwrap_or_default().to_string();
    a.apps.get_mut(&name).filter(|app| app.arn == arn).ok_or_else(|| resource_not_found(arn))
}

pub fn tag_resource(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    req: TagResourceInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    v.required("resourceARN", req.resource_arn.as_ref());
    v.required("tags", req.tags.as_ref());
    v.finish()?;
    let app = app_by_arn(&mut services.analytics, req.resource_arn.as_deref().unwrap_or_default())?;
    let tags = req.tags.unwrap_or_default();
    if app.tags.len() + tags.len() > 50 {
        return Err(too_many_tags());
    }
    for t in tags {
        app.tags.insert(t.key.unwrap_or_default(), t.value.unwrap_or_default());
    }
    Ok(Empty {})
}

pub fn untag_resource(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    req: UntagResourceInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    v.required("resourceARN", req.resource_arn.as_ref());
    v.required("tagKeys", req.tag_keys.as_ref());
    v.finish()?;
    let app = app_by_arn(&mut services.analytics, req.resource_arn.as_deref().unwrap_or_default())?;
    for k in req.tag_keys.unwrap_or_default() {
        app.tags.remove(&k);
    }
    Ok(Empty {})
}

pub fn list_tags_for_resource(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    req: ListTagsForResourceInput,
) -> Result<ListTagsForResourceOutput, ApiError> {
    let mut v = Validator::new();
    v.required("resourceARN", req.resource_arn.as_ref());
    v.finish()?;
    let app = app_by_arn(&mut services.analytics, req.resource_arn.as_deref().unwrap_or_default())?;
    Ok(ListTagsForResourceOutput {
        tags: app
            .tags
            .iter()
            .map(|(k, v)| Tag { key: Some(k.clone()), value: Some(v.clone()) })
            .collect(),
    })
}
