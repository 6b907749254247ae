//! The `cisco_ios` driver Aurum ships: the platform spec of `aurum-driver-specs` as a WASM component.

aurum_driver_specs::shipped_driver!("cisco_ios", aurum_driver_specs::cisco_ios);
