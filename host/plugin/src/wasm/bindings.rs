//! Host-side bindings of the five worlds of `sdk/wit/plugin.wit`.

pub(crate) mod driver {
    wasmtime::component::bindgen!({ path: "../../sdk/wit", world: "driver" });
}

pub(crate) mod compliance {
    wasmtime::component::bindgen!({ path: "../../sdk/wit", world: "compliance" });
}

pub(crate) mod transposer {
    wasmtime::component::bindgen!({ path: "../../sdk/wit", world: "transposer" });
}

pub(crate) mod remediation {
    wasmtime::component::bindgen!({ path: "../../sdk/wit", world: "remediation" });
}

pub(crate) mod postprocessor {
    wasmtime::component::bindgen!({ path: "../../sdk/wit", world: "postprocessor" });
}
