//! A TextFSM engine for parsed command output, with the semantics of Google's `textfsm`
//! and the `index` of ntc-templates.
//!
//! The toolkit shows parsed output beside raw output. Operators already have the
//! ntc-templates collection (about a thousand templates for netmiko platform names), so
//! rather than a new format Aurum reads those templates as they are: [`TemplateIndex`]
//! picks the template(s) for a platform and command, [`Template`] runs one over text.
//! Python regex syntax is translated for `fancy-regex` (lookaround, backreferences).
//!
//! ```
//! let template = aurum_textfsm::Template::parse_str(
//!     "Value Required PORT (\\S+)\nValue STATE (up|down)\n\nStart\n  ^${PORT} is ${STATE} -> Record\n",
//!     "example.textfsm",
//! )?;
//! let table = template.parse("Gi1 is up\nGi2 is down\n")?;
//! assert_eq!(table.records()[1]["state"], "down");
//! # Ok::<(), aurum_textfsm::TextFsmError>(())
//! ```

mod error;
mod fsm;
mod index;
mod lines;
mod pyregex;
mod pyrepr;
mod rule;
mod substitute;
mod table;
mod template;
mod value;

pub use error::TextFsmError;
pub use index::{IndexEntry, TemplateIndex};
pub use rule::{LineOp, RecordOp};
pub use table::Table;
pub use template::Template;
pub use value::{ValueDef, ValueOption};
