//! The device filter a page's query string asks for, as the device list's form sends it
//! (`location`, `role`, `platform`, `tenant`, `tag`, each repeatable, and `saved`, a saved
//! filter the fields then narrow), so every page that lists devices filters them alike.

use aurum_inventory::DeviceFilter;
use aurum_services::identity::Principal;
use aurum_services::{ServiceError, Services};

/// The query string's pairs, in order, empty values dropped (an "any" choice sends one).
pub(crate) fn params(raw: Option<&str>) -> Vec<(String, String)> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.unwrap_or_default()).unwrap_or_default();
    pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect()
}

/// The first value of `key`.
pub(crate) fn first(params: &[(String, String)], key: &str) -> Option<String> {
    params
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
}

/// The filter `params` select: the saved filter named by `saved` (which needs
/// `view_savedfilter`), each field given replacing that field's values.
pub(crate) async fn device_filter(
    services: &Services,
    principal: &Principal,
    params: &[(String, String)],
) -> Result<DeviceFilter, ServiceError> {
    let mut filter = match first(params, "saved") {
        Some(name) => services.saved_filter(principal, &name).await?,
        None => DeviceFilter::default(),
    };
    for (field, target) in [
        ("location", &mut filter.location),
        ("role", &mut filter.role),
        ("platform", &mut filter.platform),
        ("tenant", &mut filter.tenant),
        ("tag", &mut filter.tag),
    ] {
        let values: Vec<String> = params
            .iter()
            .filter(|(k, _)| k == field)
            .map(|(_, v)| v.clone())
            .collect();
        if !values.is_empty() {
            *target = values;
        }
    }
    Ok(filter)
}

/// The query string of `params` but `drop`'s keys, for links that change only those (a
/// pager's page, a column's sort).
pub(crate) fn query_without(params: &[(String, String)], drop: &[&str]) -> String {
    let keep: Vec<&(String, String)> = params
        .iter()
        .filter(|(k, _)| !drop.contains(&k.as_str()))
        .collect();
    serde_urlencoded::to_string(keep).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_choices_are_dropped_and_links_keep_the_rest() {
        let params = params(Some("q=&location=ams1&location=fra1&role=&offset=100"));
        assert_eq!(first(&params, "location").as_deref(), Some("ams1"));
        assert_eq!(first(&params, "role"), None);
        assert_eq!(
            query_without(&params, &["offset"]),
            "location=ams1&location=fra1"
        );
    }
}
