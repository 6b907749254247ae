//! `aurum graphql`: the inventory's GraphQL API from the shell, for exploring the schema and
//! trying a setting's SoT query against one device before a job runs it.

use std::process::ExitCode;

use anyhow::{Context as _, bail};

use crate::cli::GraphqlArgs;
use crate::context::{Context, read_user_file};

pub async fn run(context: &Context, args: GraphqlArgs) -> anyhow::Result<ExitCode> {
    if args.sdl {
        print!("{}", aurum_graphql::sdl());
        return Ok(ExitCode::SUCCESS);
    }
    let query = match (&args.query, &args.file) {
        (Some(query), _) => query.clone(),
        (None, Some(file)) => read_user_file(file)?,
        (None, None) => bail!("give a QUERY or --file FILE (or --sdl for the schema)"),
    };
    let variables = parse_vars(&args.vars)?;
    let store = context.open_store().await?;
    let configs_off = aurum_services::features::configs_off(&context.loaded.config);
    let response = aurum_graphql::Api::new(store.clone())
        .with_configs_off(&configs_off)
        .execute_json(&query, variables)
        .await;
    store.close().await;
    println!("{}", serde_json::to_string_pretty(&response)?);
    Ok(if response.get("errors").is_some() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `NAME=TEXT` binds a string (what `$device_id` takes), `NAME:=JSON` any JSON value.
fn parse_vars(vars: &[String]) -> anyhow::Result<serde_json::Value> {
    let mut map = serde_json::Map::new();
    for var in vars {
        let Some((name, text)) = var.split_once('=') else {
            bail!("--var {var}: write it as NAME=TEXT or NAME:=JSON");
        };
        let (name, value) = match name.strip_suffix(':') {
            Some(name) => (
                name,
                serde_json::from_str(text)
                    .with_context(|| format!("--var {var}: the value after `:=` is not JSON"))?,
            ),
            None => (name, serde_json::Value::String(text.to_string())),
        };
        map.insert(name.trim().to_string(), value);
    }
    Ok(serde_json::Value::Object(map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vars_are_strings_unless_written_as_json() {
        let vars = parse_vars(&[
            "device_id=ams1-leaf1".into(),
            "limit:=5".into(),
            "names:=[\"a\"]".into(),
            "expr=a:=b".into(),
        ])
        .unwrap();
        assert_eq!(
            vars,
            serde_json::json!({ "device_id": "ams1-leaf1", "limit": 5, "names": ["a"], "expr": "a:=b" })
        );
        assert!(parse_vars(&["nothing".into()]).is_err());
        assert!(parse_vars(&["bad:={".into()]).is_err());
    }
}
