//! A hostile postprocessor for the host's sandbox tests. What it does depends on the config
//! it is given: `loop` spins forever, `bomb` allocates until memory runs out, `panic`
//! panics, `error` returns an error, `read-file`/`list-dir`/`env`/`connect` probe the
//! sandbox; anything else is echoed back, so a test can prove the host still serves after a
//! failure.

use aurum_sdk::{Plugin, PluginInfo, PluginKind, Postprocessor};

struct Hostile;

impl Plugin for Hostile {
    fn info() -> PluginInfo {
        PluginInfo::new(
            "hostile",
            env!("CARGO_PKG_VERSION"),
            PluginKind::Postprocessor,
        )
    }
}

impl Postprocessor for Hostile {
    fn process(config: String, _context: String) -> Result<String, String> {
        match config.as_str() {
            "loop" => {
                let mut n: u64 = 0;
                loop {
                    n = std::hint::black_box(n.wrapping_add(1));
                }
            }
            "bomb" => {
                let mut hoard: Vec<Vec<u8>> = Vec::new();
                loop {
                    hoard.push(std::hint::black_box(vec![1u8; 1 << 20]));
                }
            }
            "panic" => panic!("the hostile plugin panicked on purpose"),
            "error" => Err("the hostile plugin refused on purpose".into()),
            // Sandbox probes: each reports what it could reach, so a test can assert nothing.
            "read-file" => match std::fs::read_to_string("/etc/hostname") {
                Ok(text) => Ok(format!("read {} bytes", text.len())),
                Err(e) => Err(format!("read-file: {e}")),
            },
            "list-dir" => match std::fs::read_dir(".") {
                Ok(entries) => Ok(format!("listed {} entries", entries.count())),
                Err(e) => Err(format!("list-dir: {e}")),
            },
            "env" => Ok(format!("{} variables", std::env::vars().count())),
            "connect" => match std::net::TcpStream::connect("127.0.0.1:22") {
                Ok(_) => Ok("connected".into()),
                Err(e) => Err(format!("connect: {e}")),
            },
            _ => Ok(config),
        }
    }
}

aurum_sdk::export_postprocessor!(Hostile);
