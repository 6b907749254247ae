//! The `cisco_iosxr` driver Aurum ships: the platform spec of `aurum-driver-specs` as a WASM component.

aurum_driver_specs::shipped_driver!("cisco_iosxr", aurum_driver_specs::cisco_iosxr);
