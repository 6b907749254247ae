//! The `arista_eos` driver Aurum ships: the platform spec of `aurum-driver-specs` as a WASM component.

aurum_driver_specs::shipped_driver!("arista_eos", aurum_driver_specs::arista_eos);
