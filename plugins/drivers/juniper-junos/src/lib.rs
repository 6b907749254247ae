//! The `juniper_junos` driver Aurum ships: the platform spec of `aurum-driver-specs` as a WASM component.

aurum_driver_specs::shipped_driver!("juniper_junos", aurum_driver_specs::juniper_junos);
