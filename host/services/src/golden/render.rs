//! Rendering with minijinja: path templates and intended-config templates, in a sandbox that
//! reads only the templates folder, with strict undefined variables, trimmed blocks, a fuel
//! limit and the filters network engineers use.

use std::net::IpAddr;
use std::path::Path;

use aurum_inventory::{Device, Platform};
use minijinja::{Environment, UndefinedBehavior, Value, context};

use crate::ServiceError;

/// The most output a template may produce; a runaway loop stops here.
const MAX_OUTPUT: usize = 8 * 1024 * 1024;

/// An environment with Aurum's rules and filters; `templates` is the only folder it reads.
pub(crate) fn environment(templates: Option<&Path>) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.set_fuel(Some(5_000_000));
    if let Some(dir) = templates {
        env.set_loader(minijinja::path_loader(dir));
    }
    env.add_filter("ip_address", ip_address);
    env.add_filter("prefix_length", prefix_length);
    env.add_filter("netmask", netmask);
    env.add_filter("vlan_compact", vlan_compact);
    env.add_filter("interface_short", interface_short);
    env.add_filter("slugify", slugify);
    env
}

/// Django's `slugify`, which Golden Config's path templates use: lower case, ASCII letters,
/// digits, `_` and `-`, runs of spaces and dashes as one dash, no dash or `_` at either end.
fn slugify(value: &str) -> String {
    let mut slug = String::with_capacity(value.len());
    let mut dash = false;
    for c in value.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.push(c.to_ascii_lowercase());
        } else if c == '-' || c.is_whitespace() {
            dash = true;
        }
    }
    slug.trim_matches(['-', '_']).to_string()
}

/// The device as templates see it: `device.name`, `device.location`, `device.data.asn`, ...
/// Every field is present (unset ones are `none`), so `device.tenant or 'shared'` works under
/// strict undefined.
pub(crate) fn device_json(device: &Device) -> serde_json::Value {
    let mut value = serde_json::to_value(device).expect("a device always serialises");
    if let Some(map) = value.as_object_mut() {
        for field in [
            "address",
            "platform",
            "location",
            "role",
            "tenant",
            "secrets_group",
        ] {
            map.entry(field).or_insert(serde_json::Value::Null);
        }
        map.entry("tags").or_insert_with(|| serde_json::json!([]));
        map.entry("data").or_insert_with(|| serde_json::json!({}));
    }
    value
}

/// Renders a path template (`{{ device.location }}/{{ device.name }}.cfg`) for one device.
/// `platform` is the device's platform record, as intended templates see it, so a path can
/// follow the driver (`{{ platform.driver }}.j2`, Golden Config's
/// `{{obj.platform.network_driver}}.j2`).
pub(crate) fn render_path(
    template: &str,
    device: &Device,
    platforms: &[Platform],
) -> Result<String, ServiceError> {
    let env = environment(None);
    let platform = device
        .platform
        .as_ref()
        .and_then(|name| platforms.iter().find(|p| &p.name == name));
    env.render_str(
        template,
        context! {
            device => Value::from_serialize(device_json(device)),
            platform => Value::from_serialize(platform),
        },
    )
    .map(|p| p.trim().to_string())
    .map_err(|e| template_error(&format!("path template `{template}`"), &e))
}

/// Renders `template` from the templates folder with `data` (the device's source-of-truth
/// data) as context. Errors name the template file, line and what was undefined.
pub fn render_for_device(
    templates: &Path,
    template: &str,
    data: &serde_json::Value,
) -> Result<String, ServiceError> {
    Renderer::new(templates).render(template, data)
}

/// One templates folder's environment, kept for a whole job so each template is read and
/// compiled once rather than once per device.
pub(crate) struct Renderer {
    env: Environment<'static>,
}

impl Renderer {
    pub(crate) fn new(templates: &Path) -> Renderer {
        Renderer {
            env: environment(Some(templates)),
        }
    }

    pub(crate) fn render(
        &self,
        template: &str,
        data: &serde_json::Value,
    ) -> Result<String, ServiceError> {
        render_with(&self.env, template, data)
    }
}

fn render_with(
    env: &Environment<'static>,
    template: &str,
    data: &serde_json::Value,
) -> Result<String, ServiceError> {
    let loaded = env
        .get_template(template)
        .map_err(|e| template_error(template, &e))?;
    let text = loaded
        .render(Value::from_serialize(data))
        .map_err(|e| template_error(template, &e))?;
    if text.len() > MAX_OUTPUT {
        return Err(ServiceError::Template {
            location: template.to_string(),
            reason: format!("output is larger than {} MiB", MAX_OUTPUT / 1024 / 1024),
        });
    }
    Ok(text)
}

fn template_error(name: &str, error: &minijinja::Error) -> ServiceError {
    let file = error.name().filter(|n| *n != "<string>").unwrap_or(name);
    let location = match error.line() {
        Some(line) => format!("{file}:{line}"),
        None => file.to_string(),
    };
    let mut reason = error.kind().to_string();
    if let Some(detail) = error.detail() {
        reason = format!("{reason}: {detail}");
        if error.kind() == minijinja::ErrorKind::UnknownFilter
            && crate::postprocess::SECRET_FILTERS
                .iter()
                .any(|f| detail.contains(&format!("filter {f} ")))
        {
            reason.push_str(
                " (secret and hash filters run only in postprocessing: wrap that markup in \
                 {% raw %}...{% endraw %} so the intended config keeps it for `aurum postprocess`)",
            );
        }
    }
    ServiceError::Template { location, reason }
}

fn split_prefix(value: &str) -> Result<(IpAddr, Option<u8>), minijinja::Error> {
    let invalid = || {
        minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            format!("`{value}` is not an IP address or prefix"),
        )
    };
    let (address, length) = match value.split_once('/') {
        Some((a, l)) => (a, Some(l.parse::<u8>().map_err(|_| invalid())?)),
        None => (value, None),
    };
    Ok((address.parse().map_err(|_| invalid())?, length))
}

/// `"10.0.0.1/24" | ip_address` → `10.0.0.1`.
fn ip_address(value: String) -> Result<String, minijinja::Error> {
    Ok(split_prefix(&value)?.0.to_string())
}

/// `"10.0.0.1/24" | prefix_length` → `24`.
fn prefix_length(value: String) -> Result<u8, minijinja::Error> {
    split_prefix(&value)?.1.ok_or_else(|| {
        minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            format!("`{value}` has no prefix length"),
        )
    })
}

/// `"10.0.0.1/24" | netmask` → `255.255.255.0` (IPv4 only).
fn netmask(value: String) -> Result<String, minijinja::Error> {
    let length = prefix_length(value.clone())?;
    if length > 32 {
        return Err(minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            format!("`{value}` is not IPv4"),
        ));
    }
    let mask = if length == 0 {
        0
    } else {
        u32::MAX << (32 - length)
    };
    Ok(std::net::Ipv4Addr::from(mask).to_string())
}

/// `[1, 2, 3, 5, 7, 8]` → `1-3,5,7-8`, as `switchport trunk allowed vlan` wants.
fn vlan_compact(value: Vec<i64>) -> String {
    let mut vlans = value;
    vlans.sort_unstable();
    vlans.dedup();
    let mut parts: Vec<String> = Vec::new();
    let mut iter = vlans.into_iter().peekable();
    while let Some(start) = iter.next() {
        let mut end = start;
        while iter.peek() == Some(&(end + 1)) {
            end = iter.next().unwrap_or(end);
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
    }
    parts.join(",")
}

/// `GigabitEthernet1/0/1` → `Gi1/0/1`, `TenGigabitEthernet1` → `Te1`, `Ethernet1` → `Et1`.
fn interface_short(value: String) -> String {
    const NAMES: [(&str, &str); 9] = [
        ("HundredGigE", "Hu"),
        ("FortyGigabitEthernet", "Fo"),
        ("TwentyFiveGigE", "Twe"),
        ("TenGigabitEthernet", "Te"),
        ("GigabitEthernet", "Gi"),
        ("FastEthernet", "Fa"),
        ("Ethernet", "Et"),
        ("Port-channel", "Po"),
        ("Loopback", "Lo"),
    ];
    for (long, short) in NAMES {
        if let Some(rest) = value.strip_prefix(long) {
            return format!("{short}{rest}");
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters() {
        let env = environment(None);
        let render = |t: &str| env.render_str(t, context! {}).unwrap();
        assert_eq!(render("{{ '10.1.2.3/24' | ip_address }}"), "10.1.2.3");
        assert_eq!(render("{{ '10.1.2.3/24' | netmask }}"), "255.255.255.0");
        assert_eq!(render("{{ '10.1.2.3/30' | prefix_length }}"), "30");
        assert_eq!(render("{{ 'AMS 01' | slugify }}"), "ams-01");
        assert_eq!(
            render("{{ ' Floor -- 2. (East)_' | slugify }}"),
            "floor-2-east"
        );
        assert_eq!(
            render("{{ [1,2,3,5,7,8,10] | vlan_compact }}"),
            "1-3,5,7-8,10"
        );
        assert_eq!(
            render("{{ 'GigabitEthernet1/0/1' | interface_short }}"),
            "Gi1/0/1"
        );
        assert!(
            env.render_str("{{ 'banana' | ip_address }}", context! {})
                .is_err()
        );
    }

    #[test]
    fn path_templates_see_the_platform_record() {
        let device: Device = serde_json::from_value(serde_json::json!({
            "name": "ams1-r1", "platform": "Cisco IOS", "location": "AMS 01"
        }))
        .unwrap();
        let platforms = [Platform {
            name: "Cisco IOS".into(),
            driver: "cisco_ios".into(),
            network_os: String::new(),
            description: String::new(),
        }];
        assert_eq!(
            render_path(
                "{{ device.location|slugify }}/{{ platform.driver }}.j2",
                &device,
                &platforms
            )
            .unwrap(),
            "ams-01/cisco_ios.j2"
        );
        let error = render_path("{{ platform.driver }}.j2", &device, &[]).unwrap_err();
        assert!(error.to_string().contains("platform.driver"), "{error}");
    }

    #[test]
    fn undefined_variables_are_errors_with_the_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("t.j2"),
            "hostname {{ device.name }}\nntp server {{ ntp }}\n",
        )
        .unwrap();
        let err = render_for_device(
            dir.path(),
            "t.j2",
            &serde_json::json!({ "device": { "name": "r1" } }),
        )
        .unwrap_err();
        let message = err.to_string();
        assert!(message.contains("t.j2:2"), "{message}");
        assert!(message.contains("undefined"), "{message}");
    }

    #[test]
    fn a_secret_filter_in_an_intended_template_says_to_leave_it_for_postprocessing() {
        let dir = tempfile::tempdir().unwrap();
        for (template, hinted) in [
            (
                "snmp-server community {{ 'sim' | secret('snmp') }} RO\n",
                true,
            ),
            ("x {{ 'p' | encrypt_cisco_type7 }}\n", true),
            ("x {{ 'p' | no_such_filter }}\n", false),
        ] {
            std::fs::write(dir.path().join("t.j2"), template).unwrap();
            let message = render_for_device(dir.path(), "t.j2", &serde_json::json!({}))
                .unwrap_err()
                .to_string();
            assert!(message.contains("t.j2:1"), "{message}");
            assert_eq!(message.contains("{% raw %}"), hinted, "{message}");
        }
    }

    #[test]
    fn templates_cannot_leave_their_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("t.j2"),
            "{% include '../../../../etc/passwd' %}",
        )
        .unwrap();
        assert!(render_for_device(dir.path(), "t.j2", &serde_json::json!({})).is_err());
    }
}
