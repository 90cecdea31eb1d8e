//! What `#[rpc_service]` expansions use. Not a public API: expansions name
//! these as `::xmlrpc_core::__private::…` and nothing else, and the items
//! may change in any release.
//!
//! The conversions go through traits of our own ([`Param`], [`Arg`],
//! [`Answer`], [`ServerResult`], [`FaultMessage`], [`RpcService`]), each
//! with a `#[diagnostic::on_unimplemented]` message, so that a type that
//! cannot cross the wire is reported in words about XML-RPC, at the type.

mod client;
mod probe;
mod server;

pub use client::{Answer, Arg, params, prepare, send_batch, spread};
pub use probe::{KnownType, OtherType, Probe, ReadType, signature, signatures};
pub use server::{
    DisplayFault, ErrorProbe, FaultMessage, IntoFault, Param, ReturnSerialized, ReturnValue,
    Returned, ServerResult, check_arity, ret,
};

pub use crate::service::{BoxFuture, Caller, Router, Service, Transport};
pub use crate::{
    Batch, Binary, Context, ConvertError, DateTime, Fault, MethodCall, MethodInfo, Next, Slot,
    Slots, Struct, Value, from_value, to_value,
};
pub use std::borrow::{Borrow, Cow, ToOwned};
pub use std::boxed::Box;
pub use std::format;
pub use std::future::Future;
pub use std::marker::{Send, Sync};
pub use std::ops::FnOnce;
pub use std::option::Option;
pub use std::result::Result;
pub use std::string::String;
pub use std::vec::Vec;

/// What an `#[rpc_service]` type is besides a [`Service`]: it knows its
/// generated client and batch, so that a parent's client can hand them
/// out for a nested service.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an XML-RPC service",
    label = "`#[rpc(nested)]` returns a service here",
    note = "return a type whose `impl` block has `#[rpc_service]`, or `&impl Api` for an API declared with `#[rpc_service] trait Api`"
)]
pub trait RpcService: Service {
    /// The generated client over `T`.
    type Client<T>;
    /// The generated batch.
    type Batch<'b>;

    /// The client of this service nested under `outer` (`"currentTime."`).
    fn nested_client<T>(transport: T, outer: &str) -> Self::Client<T>;

    /// The batch of this service nested under `outer`.
    fn nested_batch<'b>(batch: &'b mut Batch, outer: &str) -> Self::Batch<'b>;

    /// [`Service::call`], reached through this trait.
    fn nested_call<'a>(
        &'a self,
        call: MethodCall,
        ctx: &'a Context,
    ) -> BoxFuture<'a, Result<Value, Fault>> {
        Service::call(self, call, ctx)
    }

    /// [`Service::methods`], reached through this trait.
    fn nested_methods(&self) -> Vec<MethodInfo> {
        Service::methods(self)
    }

    /// [`Service::has_method`], reached through this trait.
    fn nested_has(&self, name: &str) -> bool {
        Service::has_method(self, name)
    }
}
