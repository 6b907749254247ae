use crate::Platform;

/// The table of shipped platforms, shared with the drivers' build and the docs.
const SHIPPED: &str = include_str!("../../../plugins/drivers/shipped.txt");

/// The platforms of the drivers Aurum ships, created by `aurum init` so a new installation can
/// import devices straight away; read from `plugins/drivers/shipped.txt`, the one table of
/// shipped platforms. The network OS names are netutils' parser names.
pub fn shipped_platforms() -> Vec<Platform> {
    SHIPPED
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split('|').map(str::trim).collect();
            let [name, _driver, network_os, description] = fields[..] else {
                panic!("plugins/drivers/shipped.txt: `{line}` needs four `|`-separated fields")
            };
            Platform {
                name: name.to_string(),
                driver: name.to_string(),
                network_os: network_os.to_string(),
                description: description.to_string(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_shipped_platform_is_driven_by_its_namesake() {
        let platforms = super::shipped_platforms();
        assert_eq!(platforms.len(), 6);
        assert!(
            platforms
                .iter()
                .all(|p| p.driver == p.name && !p.network_os.is_empty())
        );
        assert_eq!(platforms[0].description, "Cisco IOS and IOS-XE");
    }
}
