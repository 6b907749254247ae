//! The device side shared by deploys and rollbacks: a session through the toolkit (its
//! credentials, known hosts and options), a backup cleaned like the backup job's, and the
//! transcript every step writes to the plan.

use aurum_connect::Session;
use aurum_inventory::Device;
use zeroize::Zeroizing;

use super::PlansService;
use crate::postprocess::scrub;

/// What a deploy or rollback did, as stored on the plan: each line sent with the device's
/// answer, and notes.
///
/// Secret values a deploy's postprocessing revealed are handed to [`Transcript::hide`] before
/// anything is sent; every line and note is masked with them, so neither the stored output
/// nor anything derived from it (job results, log lines) carries one.
#[derive(Default, Clone)]
pub(crate) struct Transcript {
    text: String,
    secrets: Vec<Zeroizing<String>>,
}

impl std::fmt::Debug for Transcript {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transcript")
            .field("text", &self.text)
            .field("secrets", &self.secrets.len())
            .finish()
    }
}

impl Transcript {
    /// Masks `secrets` in everything recorded from now on.
    pub(crate) fn hide(&mut self, secrets: Vec<Zeroizing<String>>) {
        self.secrets.extend(secrets);
    }

    /// `text` with every hidden secret replaced by `<secret>`.
    pub(crate) fn mask(&self, text: &str) -> String {
        scrub(text.to_string(), &self.secrets)
    }

    pub(crate) fn sent(&mut self, line: &str, answer: &str) {
        let line = self.mask(line);
        let answer = self.mask(answer);
        self.text.push_str(&format!("> {line}\n"));
        for text in answer.lines().filter(|l| !l.trim().is_empty()) {
            self.text.push_str(text);
            self.text.push('\n');
        }
    }

    pub(crate) fn note(&mut self, text: &str) {
        let text = self.mask(text);
        self.text.push_str(&format!("# {text}\n"));
    }

    pub(crate) fn text(&self) -> &str {
        &self.text
    }
}

impl PlansService {
    /// A logged-in session to `device` and its driver's name.
    pub(crate) async fn open(&self, device: &Device) -> Result<(Session, String), String> {
        let platforms = self.store.platforms().await.map_err(|e| e.to_string())?;
        self.toolkit
            .connect(device, &platforms)
            .await
            .map_err(|e| e.to_string())
    }

    /// The device's configuration now, cleaned by its driver as backups are.
    pub(crate) async fn backup_on(
        &self,
        session: &mut Session,
        driver: &str,
    ) -> Result<String, String> {
        let raw = session.backup().await.map_err(|e| e.to_string())?;
        let plugin = self.registry.driver(driver).map_err(|e| e.to_string())?;
        crate::plugin_calls::timed(driver, "driver", || plugin.clean(&raw))
            .map_err(|e| e.to_string())
    }

    /// The device's configuration now, over a session of its own.
    pub(crate) async fn fetch_config(&self, device: &Device) -> Result<String, String> {
        let (mut session, driver) = self.open(device).await?;
        let config = self.backup_on(&mut session, &driver).await;
        session.close().await;
        config
    }
}
