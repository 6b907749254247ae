//! The device side shared by deploys and rollbacks: a session through the toolkit (its
//! credentials, known hosts and options), a backup cleaned like the backup job's, and the
//! transcript every step writes to the plan.

use aurum_connect::Session;
use aurum_inventory::Device;

use super::PlansService;

/// What a deploy or rollback did, as stored on the plan: each line sent with the device's
/// answer, and notes.
#[derive(Debug, Default, Clone)]
pub(crate) struct Transcript(String);

impl Transcript {
    pub(crate) fn sent(&mut self, line: &str, answer: &str) {
        self.0.push_str(&format!("> {line}\n"));
        for text in answer.lines().filter(|l| !l.trim().is_empty()) {
            self.0.push_str(text);
            self.0.push('\n');
        }
    }

    pub(crate) fn note(&mut self, text: &str) {
        self.0.push_str(&format!("# {text}\n"));
    }

    pub(crate) fn text(&self) -> &str {
        &self.0
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
        plugin.clean(&raw).map_err(|e| e.to_string())
    }

    /// The device's configuration now, over a session of its own.
    pub(crate) async fn fetch_config(&self, device: &Device) -> Result<String, String> {
        let (mut session, driver) = self.open(device).await?;
        let config = self.backup_on(&mut session, &driver).await;
        session.close().await;
        config
    }
}
