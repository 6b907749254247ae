//! The postprocessing step of a deploy: where the subscribed postprocessing chain (secrets
//! rendered for the one device, say) turns a plan's stored commands into what is sent. With
//! no chain subscribed the commands go as stored; the result is never stored or logged.

use aurum_inventory::Device;

use crate::ServiceError;

/// The commands to send to `device` for `commands` as stored.
pub(crate) fn postprocess(_device: &Device, commands: String) -> Result<String, ServiceError> {
    Ok(commands)
}
