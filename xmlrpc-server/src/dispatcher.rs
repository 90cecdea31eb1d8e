//! The dispatch table of one endpoint: functions, mounted services, and
//! the `system.*` methods.

use std::collections::HashMap;
use std::fmt;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;

use futures_lite::FutureExt as _;
use tracing::Instrument as _;
use xmlrpc_core::{BoxFuture, Context, Fault, MethodCall, MethodInfo, Service, Value};

use crate::function::{Function, Handler};
use crate::system::{self, System};

/// The methods one endpoint answers, as Python's
/// `SimpleXMLRPCDispatcher` holds them: registered functions, services
/// mounted under a name (or at the root, like `register_instance`), and the
/// `system.*` methods.
///
/// A call goes to the function of that name, else to the mounted method of
/// that name, else to the service mounted under the longest matching name
/// (whose dispatch hook may still answer it), else it gets fault -32601.
/// A method that panics answers -32603 and the server goes on.
///
/// A `Dispatcher` is itself a [`Service`], so it can be tested in memory:
///
/// ```
/// use xmlrpc_core::{MemoryTransport, MethodCall, Transport, Value};
/// use xmlrpc_server::Dispatcher;
///
/// fn twice(n: i32) -> i32 { 2 * n }
///
/// let methods = Dispatcher::new().register_function(twice);
/// let client = MemoryTransport::new(methods);
/// # futures_lite::future::block_on(async {
/// let call = MethodCall::new("twice", vec![Value::Int(21)]);
/// assert_eq!(client.call(call).await?, Value::Int(42));
/// let call = MethodCall::new("system.listMethods", vec![]);
/// let names = client.call(call).await?;
/// assert!(matches!(&names, Value::Array(a) if a.contains(&Value::from("twice"))));
/// # Ok::<(), xmlrpc_core::CallError>(())
/// # }).unwrap();
/// ```
#[derive(Clone, Default)]
pub struct Dispatcher {
    /// Every registered function and every method a mounted service lists,
    /// by name: one lookup per call. A function keeps its name against any
    /// service; among services, the one mounted last does.
    /// Hashed with foldhash, randomly seeded: a third of SipHash's cost
    /// per call, and the keys are the server's own, so a peer's names can
    /// only probe the table, not fill it.
    methods: HashMap<String, Target, foldhash::fast::RandomState>,
    services: Vec<Mounted>,
    system: System,
    multicall_limit: Option<usize>,
}

/// What a method name leads to.
#[derive(Clone)]
enum Target {
    Function(Function),
    /// An index into `services`.
    Service(usize),
}

#[derive(Clone)]
struct Mounted {
    /// `""` at the root, else `"name."`.
    prefix: String,
    service: Arc<dyn Service>,
}

impl Dispatcher {
    /// An empty table with every `system.*` method on.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds every method of `service` under its own names, as Python's
    /// `register_instance` does. The service's dispatch hook, if it has
    /// one, also sees calls that no other entry takes.
    #[must_use]
    pub fn register_instance(self, service: impl Service) -> Self {
        self.mount_arc("", Arc::new(service))
    }

    /// Adds every method of `service` under `name.`, as a Pyro-style
    /// remote object: `mount("greeting_maker", maker)` answers
    /// `greeting_maker.get_fortune`.
    ///
    /// # Panics
    ///
    /// When `name` is empty or ends in a dot.
    #[must_use]
    pub fn mount(self, name: &str, service: impl Service) -> Self {
        assert!(
            !name.is_empty() && !name.ends_with('.'),
            "mount name `{name}` must be non-empty and not end in `.`"
        );
        self.mount_arc(&format!("{name}."), Arc::new(service))
    }

    fn mount_arc(mut self, prefix: &str, service: Arc<dyn Service>) -> Self {
        let index = self.services.len();
        for method in service.methods() {
            let name = format!("{prefix}{}", method.name);
            if !matches!(self.methods.get(&name), Some(Target::Function(_))) {
                self.methods.insert(name, Target::Service(index));
            }
        }
        self.services.push(Mounted {
            prefix: prefix.to_owned(),
            service,
        });
        self
    }

    /// Adds a function under its own name, as Python's
    /// `register_function(twice)` does.
    ///
    /// # Panics
    ///
    /// When `handler` is a closure: it has no name, so use
    /// [`register_function_as`](Self::register_function_as).
    #[must_use]
    pub fn register_function<F: Handler<M>, M: 'static>(self, handler: F) -> Self {
        self.register(Function::named(handler))
    }

    /// Adds a function or closure under `name`, as Python's
    /// `register_function(add, "add")` does.
    #[must_use]
    pub fn register_function_as<F: Handler<M>, M: 'static>(self, name: &str, handler: F) -> Self {
        self.register(Function::new(name, handler))
    }

    /// Adds a [`Function`] with its help and signatures. A later function
    /// of the same name replaces an earlier one.
    #[must_use]
    pub fn register(mut self, function: Function) -> Self {
        self.methods
            .insert(function.info().name.clone(), Target::Function(function));
        self
    }

    /// Which `system.*` methods to answer (all by default).
    #[must_use]
    pub fn system(mut self, system: System) -> Self {
        self.system = system;
        self
    }

    /// The most calls in one `system.multicall` (the server's
    /// [`Limits`](crate::Limits) set it when this is not set).
    #[must_use]
    pub fn multicall_limit(mut self, calls: usize) -> Self {
        self.multicall_limit = Some(calls);
        self
    }

    pub(crate) fn default_multicall_limit(mut self, calls: usize) -> Self {
        self.multicall_limit.get_or_insert(calls);
        self
    }

    /// Every method, sorted by name, as `system.listMethods` lists them.
    fn infos(&self) -> Vec<MethodInfo> {
        let mut all = self.system.methods();
        all.extend(self.methods.values().filter_map(|target| match target {
            Target::Function(f) => Some(f.info().clone()),
            Target::Service(_) => None,
        }));
        for (index, mounted) in self.services.iter().enumerate() {
            all.extend(
                mounted
                    .service
                    .methods()
                    .into_iter()
                    .map(|m| m.prefixed(&mounted.prefix))
                    // A function or an earlier service took the name.
                    .filter(|m| {
                        matches!(self.methods.get(&m.name), Some(Target::Service(i)) if *i == index)
                    }),
            );
        }
        all.sort_by(|a, b| a.name.cmp(&b.name));
        all.dedup_by(|a, b| a.name == b.name);
        all
    }

    fn info(&self, name: &str) -> Option<MethodInfo> {
        let target = self.methods.get(name);
        if let Some(Target::Function(f)) = target {
            return Some(f.info().clone());
        }
        if self.system.has(name) {
            return self.system.methods().into_iter().find(|m| m.name == name);
        }
        let Some(Target::Service(index)) = target else {
            return None;
        };
        let mounted = &self.services[*index];
        let local = name.strip_prefix(&mounted.prefix)?;
        mounted
            .service
            .methods()
            .into_iter()
            .find(|m| m.name == local)
            .map(|m| m.prefixed(&mounted.prefix))
    }

    /// Runs one call in its tracing span, with a panic turned into -32603:
    /// a call from outside and each multicall entry alike. Boxed, as a
    /// multicall entry comes back here (once: multicall does not nest).
    fn run<'a>(
        &'a self,
        call: MethodCall,
        ctx: &'a Context,
    ) -> BoxFuture<'a, Result<Value, Fault>> {
        Box::pin(self.dispatch(call, ctx))
    }

    /// [`run`](Self::run) without the box: the HTTP handler's own future
    /// holds this one, which saves an allocation per call.
    pub(crate) async fn dispatch(&self, call: MethodCall, ctx: &Context) -> Result<Value, Fault> {
        let span = call_span(&call.name);
        // With nobody listening (no metrics, and no subscriber that
        // wants the span or the debug events of `traced`), the call
        // runs bare: no copy of its name, no clock reads, no span.
        if !cfg!(feature = "metrics")
            && span.is_disabled()
            && !tracing::enabled!(tracing::Level::DEBUG)
        {
            return self.guarded(call, ctx).await;
        }
        // Boxed, like `system_call`: only a call that is watched pays for
        // the watching's state.
        Box::pin(async move {
            let method = call.name.clone();
            let watch = crate::observe::Call::start(&method, || self.has_method(&method));
            let result = traced(self.guarded(call, ctx), span, &method).await;
            watch.finish(&result);
            result
        })
        .await
    }

    async fn guarded(&self, call: MethodCall, ctx: &Context) -> Result<Value, Fault> {
        match AssertUnwindSafe(self.route(call, ctx)).catch_unwind().await {
            Ok(result) => result,
            Err(panic) => {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                tracing::error!(panic = %message, "method panicked");
                Err(Fault::internal("internal error: the method panicked"))
            }
        }
    }

    async fn route(&self, call: MethodCall, ctx: &Context) -> Result<Value, Fault> {
        let name = call.name.as_str();
        let target = self.methods.get(name);
        if let Some(Target::Function(function)) = target {
            return function.call(call.params, ctx).await;
        }
        if self.system.has(name) {
            // Boxed: the `system.*` methods (multicall above all) hold far
            // more state than a call, and every call's future would
            // otherwise be sized for them.
            return Box::pin(self.system_call(call, ctx)).await;
        }
        let index = match target {
            Some(Target::Service(index)) => *index,
            _ => self
                .services
                .iter()
                .enumerate()
                .filter(|(_, m)| name.starts_with(&m.prefix))
                .max_by_key(|(_, m)| m.prefix.len())
                .map(|(index, _)| index)
                .ok_or_else(|| Fault::method_not_found(name))?,
        };
        let mounted = &self.services[index];
        let mut call = call;
        call.name.drain(..mounted.prefix.len());
        mounted.service.call(call, ctx).await
    }

    async fn system_call(&self, call: MethodCall, ctx: &Context) -> Result<Value, Fault> {
        let method = call.name.as_str();
        let no_params = || {
            if call.params.is_empty() {
                Ok(())
            } else {
                Err(Fault::invalid_params(format!(
                    "`{method}` takes no parameters, got {}",
                    call.params.len()
                )))
            }
        };
        match method {
            system::LIST_METHODS => {
                no_params()?;
                let names = self.infos().into_iter().map(|m| Value::from(m.name));
                Ok(Value::Array(names.collect()))
            }
            system::METHOD_HELP => {
                let name = system::name_param(method, &call.params)?;
                let info = self
                    .info(&name)
                    .ok_or_else(|| Fault::method_not_found(&name))?;
                Ok(Value::from(info.help))
            }
            system::METHOD_SIGNATURE => {
                let name = system::name_param(method, &call.params)?;
                let info = self
                    .info(&name)
                    .ok_or_else(|| Fault::method_not_found(&name))?;
                Ok(system::signature_value(&info))
            }
            system::GET_CAPABILITIES => {
                no_params()?;
                Ok(system::capabilities(self.system))
            }
            _ => self.multicall(call.params, ctx).await,
        }
    }

    async fn multicall(&self, params: Vec<Value>, ctx: &Context) -> Result<Value, Fault> {
        let Ok([Value::Array(batch)]) = <[Value; 1]>::try_from(params) else {
            return Err(Fault::invalid_params(
                "`system.multicall` takes one parameter, an array of {methodName, params} structs",
            ));
        };
        let limit = self.multicall_limit.unwrap_or(usize::MAX);
        if batch.len() > limit {
            return Err(Fault::invalid_params(format!(
                "system.multicall takes at most {limit} calls, got {}",
                batch.len()
            )));
        }
        let mut results = Vec::with_capacity(batch.len());
        for entry in batch {
            let outcome = match system::multicall_entry(entry) {
                Ok((name, params)) => self.run(MethodCall::new(name, params), ctx).await,
                Err(fault) => Err(fault),
            };
            results.push(match outcome {
                Ok(value) => Value::Array(vec![value]),
                Err(fault) => fault.to_value(),
            });
        }
        Ok(Value::Array(results))
    }
}

/// The span of a call to `method`.
fn call_span(method: &str) -> tracing::Span {
    // Field names after OpenTelemetry's RPC conventions (`rpc.jsonrpc.
    // error_code` is the model for the fault code).
    tracing::info_span!(
        "xmlrpc_call",
        rpc.system = "xmlrpc",
        rpc.method = method,
        duration_us = tracing::field::Empty,
        rpc.xmlrpc.fault_code = tracing::field::Empty
    )
}

/// Runs a call inside `span`, recording its time and outcome.
async fn traced(
    call: impl Future<Output = Result<Value, Fault>>,
    span: tracing::Span,
    method: &str,
) -> Result<Value, Fault> {
    let start = Instant::now();
    let result = call.instrument(span.clone()).await;
    let micros = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX);
    span.record("duration_us", micros);
    match &result {
        Ok(_) => tracing::debug!(parent: &span, method, duration_us = micros, "call ok"),
        Err(fault) => {
            span.record("rpc.xmlrpc.fault_code", fault.code);
            tracing::debug!(parent: &span, method, duration_us = micros, code = fault.code, "call fault");
        }
    }
    result
}

impl Service for Dispatcher {
    fn call<'a>(
        &'a self,
        call: MethodCall,
        ctx: &'a Context,
    ) -> BoxFuture<'a, Result<Value, Fault>> {
        self.run(call, ctx)
    }

    fn methods(&self) -> Vec<MethodInfo> {
        self.infos()
    }

    fn has_method(&self, name: &str) -> bool {
        self.methods.contains_key(name) || self.system.has(name)
    }
}

impl fmt::Debug for Dispatcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<&String> = self.methods.keys().collect();
        names.sort();
        f.debug_struct("Dispatcher")
            .field("methods", &names)
            .field("system", &self.system)
            .finish_non_exhaustive()
    }
}
