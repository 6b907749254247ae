//! Many simulated devices at once, each on its own loopback port.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::{SimDevice, SimError, SimPlatform, sample_config};

/// What to start: how many devices, of which platforms (round-robin), with which credentials.
#[derive(Debug, Clone)]
pub struct FleetSpec {
    pub devices: usize,
    pub platforms: Vec<SimPlatform>,
    /// Interfaces per device; sets the size of each running configuration.
    pub interfaces: usize,
    pub username: String,
    pub password: String,
    pub enable_secret: String,
    /// Address to listen on; every device gets its own port there.
    pub bind: std::net::IpAddr,
    /// First port; 0 lets the system choose a free port for each device.
    pub base_port: u16,
}

impl Default for FleetSpec {
    fn default() -> Self {
        Self {
            devices: 5,
            platforms: SimPlatform::ALL.to_vec(),
            interfaces: 8,
            username: "admin".to_string(),
            password: "admin".to_string(),
            enable_secret: "enable".to_string(),
            bind: [127, 0, 0, 1].into(),
            base_port: 0,
        }
    }
}

/// Where one simulated device answers.
#[derive(Debug, Clone)]
pub struct SimDeviceInfo {
    pub name: String,
    pub platform: SimPlatform,
    pub addr: SocketAddr,
}

/// A running fleet. Dropping it stops every device.
pub struct Fleet {
    devices: BTreeMap<String, (Arc<SimDevice>, SocketAddr)>,
    tasks: Vec<JoinHandle<()>>,
}

impl Fleet {
    /// Starts the devices and returns once every one is listening.
    pub async fn start(spec: &FleetSpec) -> Result<Fleet, SimError> {
        let mut fleet = Fleet {
            devices: BTreeMap::new(),
            tasks: Vec::with_capacity(spec.devices),
        };
        let platforms = if spec.platforms.is_empty() {
            SimPlatform::ALL.to_vec()
        } else {
            spec.platforms.clone()
        };
        for index in 0..spec.devices {
            let platform = platforms[index % platforms.len()];
            let name = format!("sim-{}-{:04}", short(platform), index + 1);
            let config = sample_config(platform, &name, spec.interfaces);
            let device = SimDevice::new(
                &name,
                platform,
                &spec.username,
                &spec.password,
                &spec.enable_secret,
                &config,
            )?;
            let port = if spec.base_port == 0 {
                0
            } else {
                spec.base_port + index as u16
            };
            fleet
                .add(Arc::new(device), SocketAddr::new(spec.bind, port))
                .await?;
        }
        Ok(fleet)
    }

    /// Adds one device listening at `addr` (port 0: any free port).
    pub async fn add(
        &mut self,
        device: Arc<SimDevice>,
        addr: SocketAddr,
    ) -> Result<SocketAddr, SimError> {
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| SimError::Bind {
                addr: addr.to_string(),
                source,
            })?;
        let bound = listener.local_addr().map_err(|source| SimError::Bind {
            addr: addr.to_string(),
            source,
        })?;
        self.tasks
            .push(tokio::spawn(device.clone().serve(listener)));
        self.devices.insert(device.name.clone(), (device, bound));
        Ok(bound)
    }

    pub fn devices(&self) -> Vec<SimDeviceInfo> {
        self.devices
            .values()
            .map(|(device, addr)| SimDeviceInfo {
                name: device.name.clone(),
                platform: device.platform,
                addr: *addr,
            })
            .collect()
    }

    pub fn device(&self, name: &str) -> Option<&Arc<SimDevice>> {
        self.devices.get(name).map(|(device, _)| device)
    }

    /// The fleet as an Aurum inventory file, ready for `aurum inventory import`.
    pub fn inventory_yaml(&self, secrets_group: &str) -> String {
        let mut out = format!(
            "# Written by `aurum sim`: one entry per simulated device.\nsecrets_groups:\n  - name: {secrets_group}\n    username: {{ env: AURUM_USERNAME }}\n    password: {{ env: AURUM_PASSWORD }}\n    enable_secret: {{ env: AURUM_ENABLE_SECRET }}\ndevices:\n"
        );
        for info in self.devices() {
            out.push_str(&format!(
                "  - {{ name: {}, address: {}, port: {}, platform: {}, role: sim, tags: [simulated], secrets_group: {secrets_group} }}\n",
                info.name,
                info.addr.ip(),
                info.addr.port(),
                info.platform.name()
            ));
        }
        out
    }
}

impl Drop for Fleet {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

fn short(platform: SimPlatform) -> &'static str {
    match platform {
        SimPlatform::CiscoIos => "ios",
        SimPlatform::CiscoNxos => "nxos",
        SimPlatform::CiscoIosxr => "iosxr",
        SimPlatform::AristaEos => "eos",
        SimPlatform::JuniperJunos => "junos",
        SimPlatform::AcmeOs => "acme",
    }
}
