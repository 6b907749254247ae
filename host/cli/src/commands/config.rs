use std::process::ExitCode;

use crate::cli::ConfigCommand;
use crate::context::Context;

pub fn run(context: &Context, command: ConfigCommand) -> anyhow::Result<ExitCode> {
    match command {
        ConfigCommand::Check { file } => {
            let loaded = match file {
                Some(path) => crate::context::load_config(&path)?,
                None => context.loaded.clone(),
            };
            match &loaded.path {
                Some(path) => eprintln!("{}: valid", path.display()),
                None => eprintln!("no configuration file found; these are the defaults"),
            }
            print!("{}", loaded.effective_toml());
            Ok(ExitCode::SUCCESS)
        }
    }
}
