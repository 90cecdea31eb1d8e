//! Expansions name everything by absolute path: they compile without the
//! prelude and next to user items that shadow prelude names.

// Tests fail by panicking.
#![allow(clippy::unwrap_used)]

mod no_prelude {
    #![no_implicit_prelude]
    #![allow(unreachable_pub, dead_code)]

    pub struct Plain;

    #[::xmlrpc_core::rpc_service(namespace = "plain")]
    impl Plain {
        /// Sync, with an optional parameter.
        pub fn greet(
            &self,
            name: ::std::option::Option<::std::string::String>,
        ) -> ::std::string::String {
            name.unwrap_or_default()
        }

        /// Async, fallible, with the context.
        pub async fn check(
            &self,
            ctx: &::xmlrpc_core::Context,
            ok: bool,
        ) -> ::std::result::Result<i32, ::xmlrpc_core::Fault> {
            let _ = ctx;
            if ok {
                ::std::result::Result::Ok(1)
            } else {
                ::std::result::Result::Err(::xmlrpc_core::Fault::new(9, "no"))
            }
        }

        #[rpc(nested)]
        pub fn shadowed(&self) -> &super::shadowed::Shadowed {
            &super::shadowed::SHADOWED
        }

        /// A nested API is named by a path at which its generated client
        /// and batch are visible too.
        #[rpc(nested)]
        pub fn api(&self) -> &impl super::api::Api {
            &super::shadowed::SHADOWED
        }

        #[rpc(dispatch)]
        async fn hook(
            &self,
            call: ::xmlrpc_core::MethodCall,
            next: ::xmlrpc_core::Next<'_>,
        ) -> ::std::result::Result<::xmlrpc_core::Value, ::xmlrpc_core::Fault> {
            next.call(call).await
        }
    }
}

/// An API declared as a trait, expanded without the prelude.
pub mod api {
    #![no_implicit_prelude]
    #![allow(unreachable_pub, dead_code)]

    /// An API with every kind of method, expanded without the prelude.
    #[::xmlrpc_core::rpc_service(namespace = "api")]
    pub trait Api {
        /// Sync, borrowing, with an optional parameter.
        fn greet(
            &self,
            name: &str,
            title: ::std::option::Option<::std::string::String>,
        ) -> ::std::string::String;

        /// Async, fallible, with the context.
        async fn check(
            &self,
            ctx: &::xmlrpc_core::Context,
            ok: bool,
        ) -> ::std::result::Result<i32, ::xmlrpc_core::Fault>;

        /// Any number of values.
        #[rpc(variadic)]
        fn count(&self, all: ::std::vec::Vec<::xmlrpc_core::Value>) -> usize;
    }
}

mod shadowed {
    #![allow(
        unreachable_pub,
        dead_code,
        non_camel_case_types,
        clippy::upper_case_acronyms
    )]

    // Every prelude name the expansion could lean on, shadowed.
    pub struct Result;
    pub struct Ok;
    pub struct Err;
    pub struct Some;
    pub struct None;
    pub struct Option;
    pub struct Vec;
    pub struct String;
    pub struct Box;
    pub struct Clone;
    pub struct Debug;
    pub struct Into;
    pub struct From;
    pub struct Send;
    pub struct Sync;
    pub trait IntoIterator {}
    pub trait ToOwned {}
    pub trait Iterator {}
    pub type xmlrpc_core = ();

    pub struct Shadowed;
    pub static SHADOWED: Shadowed = Shadowed;

    impl super::api::Api for Shadowed {
        fn greet(
            &self,
            name: &str,
            title: ::std::option::Option<::std::string::String>,
        ) -> ::std::string::String {
            ::std::format!("{}{name}", title.unwrap_or_default())
        }

        async fn check(
            &self,
            _ctx: &::xmlrpc_core::Context,
            ok: bool,
        ) -> ::std::result::Result<i32, ::xmlrpc_core::Fault> {
            if ok {
                ::std::result::Result::Ok(1)
            } else {
                ::std::result::Result::Err(::xmlrpc_core::Fault::new(9, "no"))
            }
        }

        fn count(&self, all: ::std::vec::Vec<::xmlrpc_core::Value>) -> usize {
            all.len()
        }
    }

    #[::xmlrpc_core::rpc_service]
    impl Shadowed {
        /// Returns its argument.
        pub fn echo(&self, v: ::xmlrpc_core::Value) -> ::xmlrpc_core::Value {
            v
        }
    }
}

#[test]
fn expansions_work_without_the_prelude() {
    use futures_lite::future::block_on;
    let client = no_prelude::PlainClient::new(xmlrpc_core::MemoryTransport::new(no_prelude::Plain));
    assert_eq!(block_on(client.greet(Some("x".into()))).unwrap(), "x");
    assert_eq!(block_on(client.greet(None)).unwrap(), "");
    assert_eq!(block_on(client.check(true)).unwrap(), 1);
    assert_eq!(
        block_on(client.check(false))
            .unwrap_err()
            .fault()
            .map(|f| f.code),
        Some(9)
    );
    let echoed = block_on(client.shadowed().echo(xmlrpc_core::Value::Int(3))).unwrap();
    assert_eq!(echoed, xmlrpc_core::Value::Int(3));
    let api = client.api();
    assert_eq!(
        block_on(api.greet("Ann", Some("Dr ".into()))).unwrap(),
        "Dr Ann"
    );
    assert_eq!(
        block_on(api.check(false))
            .unwrap_err()
            .fault()
            .map(|f| f.code),
        Some(9)
    );
    let all = vec![xmlrpc_core::Value::Nil; 3];
    assert_eq!(block_on(api.count(all)).unwrap(), 3);
}
