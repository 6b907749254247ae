use std::path::PathBuf;

/// Everything that can be wrong with a configuration file. Each message names the file and,
/// where there is one, the line and key, and says what to do next.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read configuration file {path}: {source}; check the path given to --config")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}:{line}:{column}: {message}; fix it, then validate with `aurum config check`")]
    Invalid {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: {section}: {message}")]
    Semantic {
        file: String,
        section: String,
        message: String,
    },
    #[error(
        "secret from environment variable {name} is not set; export it or change the reference in {file}"
    )]
    MissingEnv { name: String, file: String },
    #[error("secret file {path} cannot be read: {source}; check the path and its permissions")]
    SecretFile {
        path: PathBuf,
        source: std::io::Error,
    },
}
