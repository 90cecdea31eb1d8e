//! The conformance service of `shared/conformance-service.md` §4: typed
//! arithmetic, echo, a sleeping call, an upload store, the classic
//! `validator1` suite and the `system.*` methods (added by the server).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use xmlrpc_core::{Binary, DateTime, Fault, Struct, Value, from_value, rpc_service};

/// Fault code of `divide` by zero.
pub const DIVISION_BY_ZERO: i32 = 1001;
/// Fault code of `download` of a name never uploaded.
pub const NO_SUCH_FILE: i32 = 1002;

/// The service; its upload store is shared by every connection.
#[derive(Debug, Default)]
pub struct Conformance {
    files: Mutex<HashMap<String, Vec<u8>>>,
    validator: Validator1,
    time: CurrentTime,
}

#[rpc_service(rename_all = "camelCase")]
impl Conformance {
    /// Adds two integers exactly; the sum is an `<int>` when it fits 32
    /// bits and an `<i8>` otherwise. A sum beyond 64 bits is fault -32602.
    #[rpc(signature = "int, int, int")]
    pub fn add(&self, a: i64, b: i64) -> Result<Value, Fault> {
        sum(a, b)
    }

    /// Divides `a` by `b`, each an int or a double; the result is always a
    /// double. Fault 1001 "division by zero" when `b` is zero.
    #[rpc(signature = "double, int, int", signature = "double, double, double")]
    pub fn divide(&self, a: Value, b: Value) -> Result<f64, Fault> {
        let (a, b) = (number(&a, "a")?, number(&b, "b")?);
        if b == 0.0 {
            return Err(Fault::new(DIVISION_BY_ZERO, "division by zero"));
        }
        Ok(a / b)
    }

    /// Answers its one parameter unchanged, whatever its type.
    pub fn echo(&self, x: Value) -> Value {
        x
    }

    /// Waits `ms` milliseconds (0 to 10000) without holding up other
    /// calls, then answers `ms`.
    #[rpc(signature = "int, int")]
    pub async fn sleep(&self, ms: i32) -> Result<i32, Fault> {
        let wait = u64::try_from(ms)
            .ok()
            .filter(|ms| *ms <= 10_000)
            .ok_or_else(|| Fault::invalid_params("sleep: ms must be 0 to 10000"))?;
        tokio::time::sleep(Duration::from_millis(wait)).await;
        Ok(ms)
    }

    /// Stores `data` under `name` (1 to 255 characters), replacing what was
    /// there, and answers the number of bytes stored.
    pub fn upload(&self, name: String, data: Binary) -> Result<i32, Fault> {
        let chars = name.chars().count();
        if chars == 0 || chars > 255 {
            return Err(Fault::invalid_params(
                "upload: the name must have 1 to 255 characters",
            ));
        }
        let bytes = data.into_inner();
        let len = i32::try_from(bytes.len())
            .map_err(|_| Fault::invalid_params("upload: the data is too large"))?;
        self.store().insert(name, bytes);
        Ok(len)
    }

    /// Answers the bytes last uploaded under `name`; fault 1002 when there
    /// are none.
    pub fn download(&self, name: String) -> Result<Binary, Fault> {
        self.store()
            .get(&name)
            .map(|bytes| Binary::new(bytes.clone()))
            .ok_or_else(|| Fault::new(NO_SUCH_FILE, format!("no file named {name:?}")))
    }

    /// The classic validator suite, as `validator1.*`.
    #[rpc(nested)]
    pub fn validator1(&self) -> &Validator1 {
        &self.validator
    }

    /// The current time, as `currentTime.*`.
    #[rpc(nested)]
    pub fn current_time(&self) -> &CurrentTime {
        &self.time
    }
}

impl Conformance {
    /// The store, even after a panic elsewhere poisoned its lock: every
    /// write is one `insert`, so what it holds is whole.
    fn store(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<u8>>> {
        self.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// `a + b` as an `<int>` when it fits 32 bits, else an `<i8>`; fault
/// -32602 beyond 64 bits. Also the demo server's `add`.
///
/// # Errors
///
/// When the sum does not fit 64 bits.
pub fn sum(a: i64, b: i64) -> Result<Value, Fault> {
    a.checked_add(b)
        .map(crate::int)
        .ok_or_else(|| Fault::invalid_params("add: the sum does not fit 64 bits"))
}

fn number(value: &Value, name: &str) -> Result<f64, Fault> {
    match value {
        Value::Int(n) => Ok(f64::from(*n)),
        #[allow(clippy::cast_precision_loss)] // as the spec says: `a as f64`
        Value::I8(n) => Ok(*n as f64),
        Value::Double(x) => Ok(*x),
        other => Err(Fault::invalid_params(format!(
            "divide: {name} must be an int or a double, not {}",
            other.type_name()
        ))),
    }
}

/// `currentTime.getCurrentTime`.
#[derive(Debug, Default)]
pub struct CurrentTime;

#[rpc_service]
impl CurrentTime {
    /// The server's current UTC time, to the second.
    #[rpc(name = "getCurrentTime")]
    pub fn get_current_time(&self) -> DateTime {
        DateTime::now_utc()
    }
}

/// The three stooges of the validator suite; other members are ignored.
#[derive(Debug, Serialize, Deserialize)]
pub struct Stooges {
    /// Moe.
    pub moe: i32,
    /// Larry.
    pub larry: i32,
    /// Curly.
    pub curly: i32,
}

impl Stooges {
    fn sum(&self) -> Result<i32, Fault> {
        self.moe
            .checked_add(self.larry)
            .and_then(|s| s.checked_add(self.curly))
            .ok_or_else(overflow)
    }
}

fn overflow() -> Fault {
    Fault::invalid_params("the result does not fit an int")
}

/// What `countTheEntities` answers.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entities {
    /// `<` characters.
    pub ct_left_angle_brackets: i32,
    /// `>` characters.
    pub ct_right_angle_brackets: i32,
    /// `&` characters.
    pub ct_ampersands: i32,
    /// `'` characters.
    pub ct_apostrophes: i32,
    /// `"` characters.
    pub ct_quotes: i32,
}

/// What `simpleStructReturnTest` answers.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Multiples {
    /// `n * 10`.
    pub times10: i32,
    /// `n * 100`.
    pub times100: i32,
    /// `n * 1000`.
    pub times1000: i32,
}

/// The validator1 suite of the original XML-RPC validator.
#[derive(Debug, Default)]
pub struct Validator1;

#[rpc_service(rename_all = "camelCase")]
impl Validator1 {
    /// The sum of the `curly` members of an array of structs.
    pub fn array_of_structs_test(&self, items: Vec<Stooges>) -> Result<i32, Fault> {
        items
            .iter()
            .try_fold(0_i32, |sum, s| sum.checked_add(s.curly))
            .ok_or_else(overflow)
    }

    /// Counts `<`, `>`, `&`, `'` and `"` in a string.
    pub fn count_the_entities(&self, text: String) -> Result<Entities, Fault> {
        let count = |c: char| i32::try_from(text.matches(c).count()).map_err(|_| overflow());
        Ok(Entities {
            ct_left_angle_brackets: count('<')?,
            ct_right_angle_brackets: count('>')?,
            ct_ampersands: count('&')?,
            ct_apostrophes: count('\'')?,
            ct_quotes: count('"')?,
        })
    }

    /// `moe + larry + curly` of a struct.
    pub fn easy_struct_test(&self, stooges: Stooges) -> Result<i32, Fault> {
        stooges.sum()
    }

    /// Answers the struct unchanged.
    #[rpc(signature = "struct, struct")]
    pub fn echo_struct_test(&self, members: Struct) -> Struct {
        members
    }

    /// Answers its six parameters (int, boolean, string, double,
    /// dateTime.iso8601, base64) as an array, in order.
    #[rpc(signature = "array, int, boolean, string, double, dateTime.iso8601, base64")]
    pub fn many_types_test(
        &self,
        n: i32,
        b: bool,
        s: String,
        d: f64,
        dt: DateTime,
        bytes: Binary,
    ) -> Vec<Value> {
        vec![
            Value::Int(n),
            Value::Bool(b),
            Value::String(s),
            Value::Double(d),
            Value::DateTime(dt),
            Value::Base64(bytes.into_inner()),
        ]
    }

    /// The first and the last string of an array, concatenated.
    pub fn moderate_size_array_check(&self, strings: Vec<String>) -> Result<String, Fault> {
        match (strings.first(), strings.last()) {
            (Some(first), Some(last)) => Ok(format!("{first}{last}")),
            _ => Err(Fault::invalid_params(
                "moderateSizeArrayCheck: the array is empty",
            )),
        }
    }

    /// `moe + larry + curly` of the day at `["2000"]["04"]["01"]` of a
    /// calendar of years, months and days.
    #[rpc(signature = "int, struct")]
    pub fn nested_struct_test(&self, calendar: Struct) -> Result<i32, Fault> {
        let day = ["2000", "04", "01"]
            .iter()
            .try_fold(None::<&Value>, |at, key| {
                let members = match at {
                    None => Some(&calendar),
                    Some(value) => value.as_struct(),
                };
                members.and_then(|m| m.get(key)).map(Some)
            })
            .flatten()
            .ok_or_else(|| {
                Fault::invalid_params("nestedStructTest: no day at [\"2000\"][\"04\"][\"01\"]")
            })?;
        let stooges: Stooges = from_value(day.clone())
            .map_err(|e| Fault::invalid_params(format!("nestedStructTest: {e}")))?;
        stooges.sum()
    }

    /// `{times10, times100, times1000}` of `n`.
    pub fn simple_struct_return_test(&self, n: i32) -> Result<Multiples, Fault> {
        let times = |k: i32| n.checked_mul(k).ok_or_else(overflow);
        Ok(Multiples {
            times10: times(10)?,
            times100: times(100)?,
            times1000: times(1000)?,
        })
    }
}
