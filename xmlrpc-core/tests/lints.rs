//! Expansions are clean under strict lints: `missing_docs` (every generated
//! public item is documented) and, when run by `cargo clippy`, the whole
//! pedantic group.
#![deny(missing_docs, clippy::pedantic)]
#![allow(clippy::unwrap_used)] // the test itself

/// A service whose expansion must pass the lints above.
pub mod strict {
    use xmlrpc_core::{Fault, rpc_service};

    /// A calculator.
    #[derive(Debug)]
    pub struct Calc;

    #[rpc_service(namespace = "calc")]
    impl Calc {
        /// Adds two numbers.
        #[must_use]
        pub fn add(&self, a: i32, b: i32) -> i32 {
            a.wrapping_add(b)
        }

        /// Divides, or faults on zero.
        ///
        /// # Errors
        ///
        /// Fault 1001 for a zero divisor.
        pub async fn divide(&self, a: f64, b: f64) -> Result<f64, Fault> {
            let b = std::future::ready(b).await;
            if b == 0.0 {
                Err(Fault::new(1001, "division by zero"))
            } else {
                Ok(a / b)
            }
        }

        /// Says nothing.
        pub fn nothing(&self) {}

        /// Lists, with an optional filter.
        #[must_use]
        pub fn list(&self, filter: Option<String>) -> Vec<String> {
            filter.into_iter().collect()
        }
    }
}

/// An API whose expansion must pass the lints above.
pub mod strict_api {
    use xmlrpc_core::{Fault, rpc_service};

    /// A calculator's API.
    #[rpc_service(namespace = "calc")]
    pub trait Calculator {
        /// Adds two numbers.
        fn add(&self, a: i32, b: i32) -> i32;

        /// Divides, or faults on zero.
        async fn divide(&self, a: f64, b: f64) -> Result<f64, Fault>;

        /// Greets, borrowing the name.
        fn greet(&self, name: &str) -> String;
    }

    /// An implementation.
    #[derive(Debug)]
    pub struct Calc;

    impl Calculator for Calc {
        fn add(&self, a: i32, b: i32) -> i32 {
            a.wrapping_add(b)
        }

        async fn divide(&self, a: f64, b: f64) -> Result<f64, Fault> {
            if b == 0.0 {
                Err(Fault::new(1001, "division by zero"))
            } else {
                Ok(a / b)
            }
        }

        fn greet(&self, name: &str) -> String {
            format!("hello, {name}")
        }
    }
}

#[test]
fn the_strict_api_works() {
    use strict_api::{CalculatorClient, CalculatorServer};
    let server = CalculatorServer::new(strict_api::Calc);
    let client = CalculatorClient::new(xmlrpc_core::MemoryTransport::new(server));
    assert_eq!(
        futures_lite::future::block_on(client.greet("ada")).unwrap(),
        "hello, ada"
    );
}

#[test]
fn the_strict_service_works() {
    let client = strict::CalcClient::new(xmlrpc_core::MemoryTransport::new(strict::Calc));
    assert_eq!(futures_lite::future::block_on(client.add(1, 2)).unwrap(), 3);
}
