//! CreateAddress, DescribeAddress, DescribeAddresses, ListPickupLocations.

use super::messages::*;
use super::{new_id, page, ADDRESS_ID};
use crate::api::validate::Validator;
use crate::api::ApiError;
use crate::sim::{Ctx, Services};
use crate::snowball::model::Event;
use crate::snowball::wire::*;

/// The members a carrier needs to deliver: without them AWS's address check fails
/// (InvalidAddressException). Which members AWS requires is not documented; the sandbox asks
/// for a name, a street, a city, a country and a postal code.
fn deliverable(a: &Address) -> bool {
    let has = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
    has(&a.name) && has(&a.street1) && has(&a.city) && has(&a.country) && has(&a.postal_code)
}

pub fn create_address(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: CreateAddressInput,
) -> Result<CreateAddressOutput, ApiError> {
    let mut v = Validator::new();
    v.required("address", input.address.as_ref());
    v.finish()?;
    let mut address = input.address.unwrap_or_default();
    if !deliverable(&address) {
        return Err(invalid_address());
    }
    let id = new_id(ctx, "ADID");
    address.address_id = Some(id.clone());
    let sb = &mut services.snowball;
    sb.address_order.push(id.clone());
    sb.addresses.insert(id.clone(), address);
    ctx.emit(Event::AddressCreated { address_id: id.clone() });
    Ok(CreateAddressOutput { address_id: id })
}

pub fn describe_address(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: DescribeAddressInput,
) -> Result<DescribeAddressOutput, ApiError> {
    let mut v = Validator::new();
    let id = input.address_id.as_deref();
    if v.required("addressId", id.as_ref()) {
        v.string("addressId", id, Some(40), Some(40), Some(ADDRESS_ID));
    }
    v.finish()?;
    let address = services
        .snowball
        .addresses
        .get(id.unwrap_or_default())
        .cloned()
        .ok_or_else(invalid_resource)?;
    Ok(DescribeAddressOutput { address })
}

pub fn describe_addresses(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: PageInput,
) -> Result<DescribeAddressesOutput, ApiError> {
    let sb = &services.snowball;
    let (ids, next_token) =
        page(&sb.address_order, input.max_results, input.next_token.as_deref())?;
    let addresses = ids.iter().filter_map(|id| sb.addresses.get(id).cloned()).collect();
    Ok(DescribeAddressesOutput { addresses, next_token })
}

/// The sandbox has no pickup locations (a feature of a few regions).
pub fn list_pickup_locations(
    _services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: PageInput,
) -> Result<DescribeAddressesOutput, ApiError> {
    page(&[], input.max_results, input.next_token.as_deref())?;
    Ok(DescribeAddressesOutput::default())
}
