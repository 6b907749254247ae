//! The export macros off `wasm32`: they export nothing and only check that the type
//! implements its kind's trait. So a plugin crate also compiles for the host, where
//! `cargo test` runs its unit tests on the trait functions directly.

/// Off `wasm32`: checks that the type is a [`crate::Postprocessor`]; exports nothing.
#[macro_export]
macro_rules! export_postprocessor {
    ($plugin:ty) => {
        const _: fn() = || {
            fn implements<T: $crate::Postprocessor>() {}
            implements::<$plugin>();
        };
    };
}

/// Off `wasm32`: checks that the type is a [`crate::Transposer`]; exports nothing.
#[macro_export]
macro_rules! export_transposer {
    ($plugin:ty) => {
        const _: fn() = || {
            fn implements<T: $crate::Transposer>() {}
            implements::<$plugin>();
        };
    };
}

/// Off `wasm32`: checks that the type is a [`crate::Compliance`]; exports nothing.
#[macro_export]
macro_rules! export_compliance {
    ($plugin:ty) => {
        const _: fn() = || {
            fn implements<T: $crate::Compliance>() {}
            implements::<$plugin>();
        };
    };
}

/// Off `wasm32`: checks that the type is a [`crate::Driver`]; exports nothing.
#[macro_export]
macro_rules! export_driver {
    ($plugin:ty) => {
        const _: fn() = || {
            fn implements<T: $crate::Driver>() {}
            implements::<$plugin>();
        };
    };
}

/// Off `wasm32`: checks that the type is a [`crate::Remediation`]; exports nothing.
#[macro_export]
macro_rules! export_remediation {
    ($plugin:ty) => {
        const _: fn() = || {
            fn implements<T: $crate::Remediation>() {}
            implements::<$plugin>();
        };
    };
}
