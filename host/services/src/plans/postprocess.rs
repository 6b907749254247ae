//! The postprocessing step of a deploy: the subscribed postprocessing chain (`render_secrets`
//! and any postprocessor plugins) turns a plan's stored commands into what is sent to the one
//! device, for the principal deploying (secrets need its `view_secrets` on the device). The
//! plan keeps its commands as stored; the result is never stored or logged, and the secret
//! values it revealed go to the transcript to be masked in everything recorded after.

use aurum_inventory::Device;

use super::PlansService;
use super::session::Transcript;
use crate::ServiceError;
use crate::identity::Principal;

impl PlansService {
    /// The commands to send to `device` for `commands` as stored; the revealed secrets are
    /// hidden in `transcript` from here on.
    pub(crate) async fn postprocess(
        &self,
        principal: &Principal,
        device: &Device,
        commands: &str,
        transcript: &mut Transcript,
    ) -> Result<String, ServiceError> {
        let rendered = self
            .postprocess
            .process(principal, device, commands)
            .await?;
        transcript.hide(rendered.revealed);
        Ok(rendered.config)
    }
}
