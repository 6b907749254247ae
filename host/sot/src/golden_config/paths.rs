//! Golden Config's path templates (`{{obj.location.name|slugify}}/{{obj.name}}.cfg`, Jinja
//! over the Nautobot device `obj`) as Aurum's (minijinja over `device`, whose related objects
//! are their names). A reference Aurum's device has no equivalent for is refused with why.

/// `obj.` paths and what they are in Aurum's path context (the device, and its platform's
/// record: Nautobot's `network_driver` is the platform's driver once synced).
const TRANSLATIONS: [(&str, &str); 8] = [
    ("obj.platform.network_driver", "platform.driver"),
    ("obj.location.name", "device.location"),
    ("obj.platform.name", "device.platform"),
    ("obj.role.name", "device.role"),
    ("obj.tenant.name", "device.tenant"),
    ("obj.secrets_group.name", "device.secrets_group"),
    ("obj.name", "device.name"),
    ("obj.cf.", "device.data."),
];

/// The template in Aurum's terms, or why it cannot be carried over.
pub fn translate_path_template(template: &str) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("obj.") {
        let boundary = rest[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(tail.len());
        let path = &tail[..end];
        if !boundary {
            out.push_str(path);
            rest = &tail[end..];
            continue;
        }
        let translated = TRANSLATIONS.iter().find_map(|(from, to)| {
            if from.ends_with('.') {
                path.strip_prefix(from).map(|field| format!("{to}{field}"))
            } else {
                (path == *from).then(|| to.to_string())
            }
        });
        match translated {
            Some(text) => out.push_str(&text),
            None => {
                return Err(format!(
                    "`{path}` has no equivalent on Aurum's device (it has name, location, platform, role, tenant, secrets_group, status, tags and data, and its platform's driver as `platform.driver`); rewrite the template with `device.`"
                ));
            }
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::translate_path_template;

    #[test]
    fn golden_config_paths_become_device_paths() {
        assert_eq!(
            translate_path_template("{{obj.location.name|slugify}}/{{obj.name}}.cfg").unwrap(),
            "{{device.location|slugify}}/{{device.name}}.cfg"
        );
        assert_eq!(
            translate_path_template("{{ obj.role.name }}/{{ obj.name }}.cfg").unwrap(),
            "{{ device.role }}/{{ device.name }}.cfg"
        );
        assert_eq!(translate_path_template("static.j2").unwrap(), "static.j2");
    }

    #[test]
    fn the_network_driver_is_the_platforms_driver() {
        assert_eq!(
            translate_path_template("{{obj.platform.network_driver}}.j2").unwrap(),
            "{{platform.driver}}.j2"
        );
    }

    #[test]
    fn a_reference_without_an_equivalent_is_refused_by_name() {
        let error = translate_path_template("{{obj.device_type.model}}/{{obj.name}}").unwrap_err();
        assert!(error.contains("`obj.device_type.model`"), "{error}");
    }
}
