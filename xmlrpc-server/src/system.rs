//! The `system.*` methods: introspection, capabilities and multicall.

use xmlrpc_core::{Fault, MethodInfo, Struct, Value};

/// Which `system.*` methods an endpoint answers; all of them by default.
///
/// ```
/// use xmlrpc_server::System;
///
/// let system = System::all().multicall(false);
/// assert!(system.has("system.listMethods"));
/// assert!(!system.has("system.multicall"));
/// assert!(!System::none().has("system.methodHelp"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct System {
    list_methods: bool,
    method_help: bool,
    method_signature: bool,
    get_capabilities: bool,
    multicall: bool,
}

impl Default for System {
    fn default() -> Self {
        Self::all()
    }
}

impl System {
    /// Every `system.*` method.
    #[must_use]
    pub const fn all() -> Self {
        Self {
            list_methods: true,
            method_help: true,
            method_signature: true,
            get_capabilities: true,
            multicall: true,
        }
    }

    /// No `system.*` method.
    #[must_use]
    pub const fn none() -> Self {
        Self {
            list_methods: false,
            method_help: false,
            method_signature: false,
            get_capabilities: false,
            multicall: false,
        }
    }

    /// `system.listMethods` on or off.
    #[must_use]
    pub const fn list_methods(mut self, on: bool) -> Self {
        self.list_methods = on;
        self
    }

    /// `system.methodHelp` on or off.
    #[must_use]
    pub const fn method_help(mut self, on: bool) -> Self {
        self.method_help = on;
        self
    }

    /// `system.methodSignature` on or off.
    #[must_use]
    pub const fn method_signature(mut self, on: bool) -> Self {
        self.method_signature = on;
        self
    }

    /// `system.getCapabilities` on or off.
    #[must_use]
    pub const fn get_capabilities(mut self, on: bool) -> Self {
        self.get_capabilities = on;
        self
    }

    /// `system.multicall` on or off.
    #[must_use]
    pub const fn multicall(mut self, on: bool) -> Self {
        self.multicall = on;
        self
    }

    /// Whether the method `name` is on.
    #[must_use]
    pub fn has(&self, name: &str) -> bool {
        match name {
            LIST_METHODS => self.list_methods,
            METHOD_HELP => self.method_help,
            METHOD_SIGNATURE => self.method_signature,
            GET_CAPABILITIES => self.get_capabilities,
            MULTICALL => self.multicall,
            _ => false,
        }
    }

    /// The methods that are on, for introspection.
    pub(crate) fn methods(self) -> Vec<MethodInfo> {
        let all = [
            (
                LIST_METHODS,
                "Lists the names of the methods this server answers.",
                vec!["array"],
            ),
            (
                METHOD_HELP,
                "Gives the help text of a method, given its name.",
                vec!["string", "string"],
            ),
            (
                METHOD_SIGNATURE,
                "Gives a method's signatures, each [result, params...], or \"undef\".",
                vec!["array", "string"],
            ),
            (
                GET_CAPABILITIES,
                "Lists the XML-RPC extensions this server implements.",
                vec!["struct"],
            ),
            (
                MULTICALL,
                "Runs several calls in one request: takes an array of \
                 {methodName, params} structs and answers an array that holds \
                 [result] or a fault struct for each, in order.",
                vec!["array", "array"],
            ),
        ];
        all.into_iter()
            .filter(|(name, ..)| self.has(name))
            .map(|(name, help, sig)| MethodInfo::new(name, help, vec![sig]))
            .collect()
    }
}

pub(crate) const LIST_METHODS: &str = "system.listMethods";
pub(crate) const METHOD_HELP: &str = "system.methodHelp";
pub(crate) const METHOD_SIGNATURE: &str = "system.methodSignature";
pub(crate) const GET_CAPABILITIES: &str = "system.getCapabilities";
pub(crate) const MULTICALL: &str = "system.multicall";

/// The answer to `system.getCapabilities`.
pub(crate) fn capabilities(system: System) -> Value {
    let spec = |url: &str, version: i32| {
        let mut s = Struct::new();
        s.insert("specUrl", Value::from(url));
        s.insert("specVersion", Value::Int(version));
        Value::Struct(s)
    };
    let mut caps = Struct::new();
    caps.insert(
        "faults_interop",
        spec(
            "http://xmlrpc-epi.sourceforge.net/specs/rfc.fault_codes.php",
            20_010_516,
        ),
    );
    if system.list_methods || system.method_help || system.method_signature {
        caps.insert(
            "introspect",
            spec(
                "http://xmlrpc-c.sourceforge.net/xmlrpc-c/introspection.html",
                1,
            ),
        );
    }
    if system.multicall {
        caps.insert(
            "multicall",
            spec("http://www.xmlrpc.com/discuss/msgReader$1208", 1),
        );
    }
    caps.insert(
        "nil",
        spec("http://ontosys.com/xml-rpc/extensions.php", 20_010_518),
    );
    Value::Struct(caps)
}

/// The one string parameter of `system.methodHelp` and
/// `system.methodSignature`.
pub(crate) fn name_param(method: &str, params: &[Value]) -> Result<String, Fault> {
    match params {
        [Value::String(name)] => Ok(name.clone()),
        _ => Err(Fault::invalid_params(format!(
            "`{method}` takes one parameter, a method name string"
        ))),
    }
}

/// A method's signatures as `system.methodSignature` answers them.
pub(crate) fn signature_value(info: &MethodInfo) -> Value {
    if info.signatures.is_empty() {
        return Value::from("undef");
    }
    Value::Array(
        info.signatures
            .iter()
            .map(|sig| Value::Array(sig.iter().map(|t| Value::from(*t)).collect()))
            .collect(),
    )
}

/// One entry of a `system.multicall` batch, checked.
pub(crate) fn multicall_entry(entry: Value) -> Result<(String, Vec<Value>), Fault> {
    let Value::Struct(mut entry) = entry else {
        return Err(Fault::new(
            Fault::INVALID_REQUEST,
            format!(
                "a system.multicall entry must be a struct, found {}",
                entry.type_name()
            ),
        ));
    };
    let name = match entry.remove("methodName") {
        Some(Value::String(name)) => name,
        Some(other) => {
            return Err(Fault::new(
                Fault::INVALID_REQUEST,
                format!(
                    "`methodName` of a system.multicall entry must be a string, found {}",
                    other.type_name()
                ),
            ));
        }
        None => {
            return Err(Fault::new(
                Fault::INVALID_REQUEST,
                "a system.multicall entry has no `methodName`",
            ));
        }
    };
    let params = match entry.remove("params") {
        Some(Value::Array(params)) => params,
        None => Vec::new(),
        Some(other) => {
            return Err(Fault::new(
                Fault::INVALID_REQUEST,
                format!(
                    "`params` of a system.multicall entry must be an array, found {}",
                    other.type_name()
                ),
            ));
        }
    };
    if name == MULTICALL {
        return Err(Fault::new(
            Fault::INVALID_REQUEST,
            "system.multicall cannot be called from system.multicall",
        ));
    }
    Ok((name, params))
}
