/// What can go wrong with a setting's source-of-truth query. Each message names the query
/// file and, once it runs, the device, and says how to try the query by hand.
#[derive(Debug, thiserror::Error)]
pub enum GraphqlError {
    #[error("cannot read the SoT query {path}: {source}; check sot_query in aurum.toml")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("SoT query {path}: {message}; fix the query file")]
    Invalid { path: String, message: String },
    #[error(
        "SoT query {path} failed for device {device}: {message}; try it with `aurum graphql --file {path} --var device_id={device}`"
    )]
    Execute {
        path: String,
        device: String,
        message: String,
    },
}
