//! Per-dialect parsing rules, as data: comment markers, banner style, preprocessing and layout.

use super::Dialect;
use regex::Regex;
use std::sync::LazyLock;

/// How raw text is turned into candidate lines before the tree is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prep {
    /// Drop blank and comment lines, strip trailing whitespace.
    Standard,
    /// Blank lines dropped, comments dropped except inside banners (ArubaOS).
    Aruba,
    /// Standard, plus `end`/`next` dropped and `replacemsg` buffers folded (FortiOS).
    Fortinet,
    /// Standard, plus `echo "Section"` lines become the section title (SR OS).
    Nokia,
    /// Comments dropped, an 8-space prefix removed, no right strip (RAD ETX).
    RadEtx,
    /// Outer strip, `##` and comments dropped, no right strip (airOS).
    AirOs,
    /// Blank lines dropped, comments kept for the layout to see (Comware).
    KeepComments,
    /// `ltm rule` bodies removed, blank lines dropped (F5).
    F5,
    /// Section markers dropped, multi-line banners joined (Onyx).
    Onyx,
}

/// How candidate lines become a tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// Indentation defines parents (the generic netutils algorithm).
    Space,
    /// Indentation with IOS-XR's banner handling.
    IosXr,
    /// Flat `set` lines, brace configs converted first (PAN-OS).
    PanOs,
    /// Indentation where `#` separates sections (Comware).
    Hpe,
    /// `{`/`}` braces define parents (F5).
    Brace,
    /// Flat lines, no parents (Onyx).
    Flat,
    /// Every prepared line at the top level, its indentation dropped (described dialects).
    Lines,
}

/// How a banner (multi-line free text) starts and ends.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Banner {
    /// The dialect has no banners.
    None,
    /// Lines that look like banners are errors (Linux has no banner syntax).
    Unsupported,
    /// Delimited banner, delimiter from a regex; `normalise` rewrites it to `^C` (IOS, NX-OS).
    Cisco { regex: &'static LazyLock<Regex> },
    /// Ends at a line containing a fixed marker (EOS `EOF`, ArubaOS `!`).
    Marker(&'static str),
    /// Delimited, no one-line form, no normalisation (IOS-XR, FastIron).
    Delimited { regex: &'static LazyLock<Regex> },
    /// `/system note set note=` until a line ending in `"` or starting with `/`.
    RouterOs,
    /// One-line `security-banner "..."` only.
    Adva,
    /// Continues until the next `set ` line.
    PanOs,
    /// Comware `header` banners.
    Hpe,
    /// The banners a driver described (see [`super::CustomBanner`]).
    Custom(&'static [super::CustomBanner]),
}

pub(crate) static IOS_BANNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(banner\s+\S+|\s*vacant-message)\s+(?P<d>\^C|.)").expect("static regex")
});
pub(crate) static NXOS_BANNER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^banner\s+\S+\s+(?P<d>\S)").expect("static regex"));
pub(crate) static FASTIRON_BANNER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^banner(\smotd)?\s+(?P<d>\S)").expect("static regex"));
pub(crate) static HPE_BANNER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*header\s(\w+)\s+(?P<d>\^C|\S?)").expect("static regex"));

/// Everything the parser needs to know about a dialect.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spec {
    pub comment_chars: &'static [&'static str],
    pub banner_start: &'static [&'static str],
    pub prep: Prep,
    pub layout: Layout,
    pub banner: Banner,
    /// IOS re-parents exact duplicate lines under the line before them.
    pub dedupe_children: bool,
}

const DEFAULT_BANNERS: &[&str] = &["banner", "vacant-message"];

impl Spec {
    const fn plain(comment_chars: &'static [&'static str]) -> Spec {
        Spec {
            comment_chars,
            banner_start: &[],
            prep: Prep::Standard,
            layout: Layout::Space,
            banner: Banner::None,
            dedupe_children: false,
        }
    }
}

impl Dialect {
    pub(crate) fn spec(self) -> Spec {
        use Dialect::*;
        let base = Spec::plain(&["!"]);
        match self {
            CiscoIos => Spec {
                banner_start: DEFAULT_BANNERS,
                banner: Banner::Cisco { regex: &IOS_BANNER },
                dedupe_children: true,
                ..base
            },
            CiscoNxos => Spec {
                banner_start: DEFAULT_BANNERS,
                banner: Banner::Cisco {
                    regex: &NXOS_BANNER,
                },
                ..base
            },
            AristaEos => Spec {
                banner_start: DEFAULT_BANNERS,
                banner: Banner::Marker("EOF"),
                ..base
            },
            CiscoAireos => base,
            Linux => Spec {
                banner_start: DEFAULT_BANNERS,
                banner: Banner::Unsupported,
                ..Spec::plain(&["#"])
            },
            BigipF5 => Spec {
                prep: Prep::F5,
                layout: Layout::Brace,
                ..Spec::plain(&[])
            },
            JuniperJunos | Netscaler | CienaSaos => Spec::plain(&[]),
            CiscoAsa => Spec::plain(&["!", ":"]),
            FortinetFortios => Spec {
                prep: Prep::Fortinet,
                ..Spec::plain(&[])
            },
            NokiaSros => Spec {
                prep: Prep::Nokia,
                ..Spec::plain(&["#"])
            },
            ArubaAoscx | ArubaOs => Spec {
                banner_start: DEFAULT_BANNERS,
                banner: Banner::Marker("!"),
                prep: Prep::Aruba,
                ..base
            },
            CiscoIosxr => Spec {
                banner_start: &["banner "],
                banner: Banner::Delimited {
                    regex: &NXOS_BANNER,
                },
                layout: Layout::IosXr,
                ..base
            },
            MrvOptiswitch | ExtremeNetiron => Spec::plain(&["#", "!"]),
            MikrotikRouteros => Spec {
                banner_start: &["/system note set note=", "set note="],
                banner: Banner::RouterOs,
                ..Spec::plain(&["#"])
            },
            PaloaltoPanos => Spec {
                banner_start: &[
                    "set system login-banner",
                    "set deviceconfig system login-banner",
                ],
                banner: Banner::PanOs,
                layout: Layout::PanOs,
                ..Spec::plain(&[])
            },
            RuckusFastiron => Spec {
                banner_start: &["banner motd", "banner"],
                banner: Banner::Delimited {
                    regex: &FASTIRON_BANNER,
                },
                ..base
            },
            UbiquitiAiros => Spec {
                prep: Prep::AirOs,
                ..Spec::plain(&["#", "###"])
            },
            HpComware => Spec {
                banner_start: &["header "],
                banner: Banner::Hpe,
                prep: Prep::KeepComments,
                layout: Layout::Hpe,
                ..Spec::plain(&["#"])
            },
            NvidiaOnyx => Spec {
                prep: Prep::Onyx,
                layout: Layout::Flat,
                ..Spec::plain(&["#"])
            },
            RadEtx => Spec {
                prep: Prep::RadEtx,
                ..Spec::plain(&["#", "configure", "admin", "file"])
            },
            AdvaFsp150f2 => Spec {
                banner_start: &["security-banner"],
                banner: Banner::Adva,
                ..Spec::plain(&["remark"])
            },
            AdvaFsp150f3 => Spec {
                banner_start: &["security-banner"],
                banner: Banner::Adva,
                ..Spec::plain(&["#", "Preparing configuration file..."])
            },
            Custom(custom) => Spec {
                layout: match custom.sections {
                    super::Sections::Indent => Layout::Space,
                    super::Sections::Braces => Layout::Brace,
                    super::Sections::Flat => Layout::Lines,
                },
                banner: match custom.banners.as_slice() {
                    [] => Banner::None,
                    banners => Banner::Custom(banners),
                },
                ..Spec::plain(custom.comment_chars)
            },
        }
    }
}
