//! `aurum postprocess DEVICE`: the device's intended config through the `[postprocessing]`
//! chain (secrets rendered), printed to standard output and nowhere else. The local CLI acts
//! as the installation's owner.

use std::process::ExitCode;

use aurum_services::identity::Principal;

use crate::context::Context;

pub async fn run(context: &Context, device: &str) -> anyhow::Result<ExitCode> {
    let services = context.services().await?;
    let config = services
        .postprocess
        .intended(&Principal::owner(), device)
        .await;
    services.store.close().await;
    print!("{}", config?);
    Ok(ExitCode::SUCCESS)
}
