//! What the operations share, so each handler's `#[utoipa::path]` says only what is
//! particular to it: NetBox's list parameters and page envelope, the one error shape behind
//! each refusal status (`E400`…`E429`, referenced from `components.responses`), and the
//! conventions applied to every operation once utoipa has gathered them (a token, hence a
//! possible 401, unless the operation is open; a JSON body, hence 415 and 422).

use utoipa::Modify;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::schema::{ArrayBuilder, Object, ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{
    ContentBuilder, HeaderBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder,
};

/// `limit` and `offset`, as every NetBox-style list takes them. Described here; `page.rs`
/// parses them from the raw query, beside the field filters, so this is never built.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code, reason = "a description of the query page.rs parses")]
pub(crate) struct PageQuery {
    /// Results per page (default 50; 0 or more than 1000 means 1000).
    #[param(required = false)]
    limit: u64,
    /// Results to skip.
    #[param(required = false)]
    offset: u64,
}

/// `q`: the search of a NetBox-style list.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code, reason = "a description of the query page.rs parses")]
pub(crate) struct SearchQuery {
    /// Search: results whose name (or description, command) contains this text, any case.
    #[param(required = false)]
    q: String,
}

/// The fields a device filter takes, as `aurum_inventory`'s filter reads them (it does not
/// export its list; the test below fails when the two differ).
pub(super) const FILTER_FIELDS: [&str; 7] = [
    "name", "location", "role", "platform", "tenant", "tag", "status",
];

/// The device filter's fields as query parameters (`?role=leaf,spine&location=ams1`), one
/// per [`FILTER_FIELDS`] entry.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code, reason = "a description of the query page.rs parses")]
pub(crate) struct DeviceFilterQuery {
    /// Only devices whose name is one of these comma-separated values (names take `*`).
    #[param(required = false)]
    name: String,
    /// Only devices whose location is one of these comma-separated values (names take `*`).
    #[param(required = false)]
    location: String,
    /// Only devices whose role is one of these comma-separated values (names take `*`).
    #[param(required = false)]
    role: String,
    /// Only devices whose platform is one of these comma-separated values (names take `*`).
    #[param(required = false)]
    platform: String,
    /// Only devices whose tenant is one of these comma-separated values (names take `*`).
    #[param(required = false)]
    tenant: String,
    /// Only devices whose tag is one of these comma-separated values (names take `*`).
    #[param(required = false)]
    tag: String,
    /// Only devices whose status is one of these comma-separated values (names take `*`).
    #[param(required = false)]
    status: String,
}

/// The command log's filters (`commands.rs`).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code, reason = "a description of the query commands.rs parses")]
pub(crate) struct LogFilterQuery {
    /// Only this device's entries.
    #[param(required = false)]
    device: String,
    /// Only this user's entries.
    #[param(required = false)]
    username: String,
    /// Only entries at or after this time, in Unix epoch milliseconds.
    #[param(required = false)]
    since: i64,
    /// Only runs that succeeded (`true`) or failed (`false`).
    #[param(required = false)]
    success: bool,
}

/// The command log's order: a column, newest (or longest, or A to Z) first; `-` reverses.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code, reason = "a description of the query commands.rs parses")]
pub(crate) struct LogSortQuery {
    #[param(required = false, schema_with = log_sorts)]
    sort: String,
}

/// The job list's filters and order.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code, reason = "a description of the query jobs.rs parses")]
pub(crate) struct JobFilterQuery {
    /// Only jobs of this kind (`backup`, `intended`, `compliance`, `deploy`, ...).
    #[param(required = false)]
    kind: String,
    #[param(required = false, schema_with = job_statuses)]
    status: String,
    #[param(required = false, schema_with = job_sorts)]
    sort: String,
}

/// A string parameter that takes one of `values`, described (utoipa leaves out the field's
/// own text beside a `schema_with`, so the schema carries it).
pub(crate) fn one_of<S: Into<String>>(
    values: impl IntoIterator<Item = S>,
    description: &str,
) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.into_iter().map(Into::into)))
        .description(Some(description))
        .build()
}

/// Each sort name and its reverse (`-name`).
fn with_reverses<'a>(names: impl Iterator<Item = &'a str>) -> impl Iterator<Item = String> {
    names.flat_map(|name| [name.to_string(), format!("-{name}")])
}

/// The statuses a job can be in.
fn job_statuses() -> Object {
    one_of(
        aurum_store::JobStatus::ALL
            .iter()
            .map(|status| status.as_str()),
        "Only jobs in this status.",
    )
}

/// Each job sort name and its reverse.
fn job_sorts() -> Object {
    one_of(
        with_reverses(aurum_store::JobSort::ALL.iter().map(|sort| sort.name())),
        "The column to sort by, in its own direction; a leading `-` reverses.",
    )
}

/// Each sort name and its reverse.
fn log_sorts() -> Object {
    one_of(
        with_reverses(aurum_store::LogSort::ALL.iter().map(|sort| sort.name())),
        "The column to sort by: `at` and `duration` largest first, the names A to Z; a leading `-` reverses.",
    )
}

/// A NetBox page of the component `item`: `count`, links to the pages around it, and the
/// results. The `…Page` markers of `schemas` hold it, used inline (`body =
/// inline(schemas::DevicePage)`), as the envelope has no name of its own.
pub(super) fn page_of(item: &str) -> RefOr<Schema> {
    let link =
        || ObjectBuilder::new().schema_type(SchemaType::from_iter([Type::String, Type::Null]));
    ObjectBuilder::new()
        .property(
            "count",
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(0)),
        )
        .property("next", link())
        .property("previous", link())
        .property(
            "results",
            ArrayBuilder::new().items(Ref::from_schema_name(item)),
        )
        .required("count")
        .required("next")
        .required("previous")
        .required("results")
        .into()
}

/// One refusal: its status, what it means, and the error shape.
fn refusal(status: u16, description: &str) -> RefOr<Response> {
    let mut response = ResponseBuilder::new().description(description).content(
        "application/json",
        ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("Error")))
            .build(),
    );
    let integer = |minimum: Option<i32>| {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(minimum)
    };
    if status == 429 {
        response = response.header(
            "Retry-After",
            HeaderBuilder::new()
                .schema(Some(integer(Some(1))))
                .description(Some(
                    "Seconds until the limit lets the next command through.",
                ))
                .build(),
        );
    }
    if status == 401 {
        response = response.header(
            "WWW-Authenticate",
            HeaderBuilder::new()
                .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                .description(Some("`Token`."))
                .build(),
        );
    }
    response.build().into()
}

/// The refusal responses, one `components.responses` entry each, named `E<status>`.
macro_rules! refusals {
    ($($name:ident = $status:literal: $description:literal,)*) => {
        $(
            #[doc = $description]
            pub(crate) struct $name;

            impl<'r> utoipa::ToResponse<'r> for $name {
                fn response() -> (&'r str, RefOr<Response>) {
                    (stringify!($name), refusal($status, $description))
                }
            }
        )*
    };
}

refusals! {
    E400 = 400: "The request must change: a malformed parameter or body, or an invalid value.",
    E401 = 401: "No valid token: send `Authorization: Token <token>`.",
    E403 = 403: "The user lacks the permission named in the message.",
    E404 = 404: "No such object, or one the user may not see (the same message for both); or a feature switched off in aurum.toml [features], the message naming its switch.",
    E409 = 409: "The object exists already, or its state does not allow this.",
    E413 = 413: "The body is larger than [server] max_body_bytes.",
    E415 = 415: "A body was sent without `Content-Type: application/json`.",
    E422 = 422: "The JSON body does not fit the operation's schema; or (postprocessing) the device's config cannot go through the [postprocessing] chain as it stands.",
    E429 = 429: "The toolkit's rate limit: wait the `Retry-After` seconds.",
}

/// What holds for every operation, applied after utoipa has gathered them from the
/// handlers: the token scheme; a possible 401 unless the operation is open (it says
/// `security(())`, written out as an empty list); 415 and 422 where axum reads a JSON body.
pub(super) struct Conventions;

impl Modify for Conventions {
    fn modify(&self, document: &mut OpenApi) {
        let components = document.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Authorization",
                "`Token <token>`, from `aurum user token NAME` or `POST /api/tokens/provision/`.",
            ))),
        );
        for item in document.paths.paths.values_mut() {
            for operation in operations(item) {
                apply_conventions(operation);
            }
        }
    }
}

fn operations(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.post,
        &mut item.put,
        &mut item.patch,
        &mut item.delete,
    ]
    .into_iter()
    .filter_map(Option::as_mut)
}

fn apply_conventions(operation: &mut Operation) {
    let responses = &mut operation.responses.responses;
    let mut refer = |status: u16| {
        responses.insert(
            status.to_string(),
            RefOr::Ref(Ref::from_response_name(format!("E{status}"))),
        );
    };
    let open = operation.security.as_ref().is_some_and(|requirements| {
        requirements
            .iter()
            .all(|requirement| *requirement == Default::default())
    });
    if open {
        operation.security = Some(Vec::new());
    } else {
        refer(401);
    }
    if operation.request_body.is_some() {
        refer(415);
        refer(422);
    }
}

#[cfg(test)]
mod tests {
    use aurum_inventory::DeviceFilter;
    use utoipa::IntoParams;

    #[test]
    fn the_filter_fields_are_the_inventorys() {
        let fields: Vec<String> = super::DeviceFilterQuery::into_params(|| None)
            .into_iter()
            .map(|parameter| parameter.name)
            .collect();
        assert_eq!(fields, super::FILTER_FIELDS);
        for field in &fields {
            assert!(
                DeviceFilter::parse_terms(&[format!("{field}=x")]).is_ok(),
                "{field}"
            );
        }
        let refused = DeviceFilter::parse_terms(&["colour=red"])
            .unwrap_err()
            .to_string();
        assert!(
            refused.contains(&format!("use one of {}", fields.join(", "))),
            "{refused}"
        );
    }
}
