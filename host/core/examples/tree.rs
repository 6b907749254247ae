//! Prints a config's tree as JSON `[[line, [parents…]], …]` (netutils' `config_lines`):
//! `cargo run -p aurum-core --example tree -- NETWORK_OS FILE`. Used to compare against
//! netutils by hand (see `scripts/crosscheck.py`).

use aurum_core::{ConfigTree, Dialect};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [os, file, ..] = args.as_slice() else {
        eprintln!("usage: tree NETWORK_OS FILE");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("cannot read {file}: {e}"));
    match Dialect::from_name(os).and_then(|d| ConfigTree::parse(d, &text)) {
        Ok(tree) => println!(
            "{}",
            serde_json::to_string(&tree.to_lines()).unwrap_or_default()
        ),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
