//! The `cisco_nxos` driver Aurum ships: the platform spec of `aurum-driver-specs` as a WASM component.

aurum_driver_specs::shipped_driver!("cisco_nxos", aurum_driver_specs::cisco_nxos);
