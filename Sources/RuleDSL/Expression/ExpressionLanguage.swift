/// The expression language of rule files: a CEL-like subset, checked when rules are loaded and
/// evaluated per event from a compiled form.
///
/// **Syntax** (``ExpressionParser``), lowest precedence first:
///
///     expression  = or ["?" expression ":" expression]
///     or          = and {"||" and}
///     and         = relation {"&&" relation}
///     relation    = coalesce {("==" | "!=" | "<" | "<=" | ">" | ">=" | "in") coalesce}
///     coalesce    = additive {"??" additive}
///     additive    = unary {("+" | "-") unary}
///     unary       = ("!" | "-") unary | postfix
///     postfix     = primary {"." name ["(" arguments ")"] | "[" expression "]"}
///     primary     = literal | name ["(" arguments ")"] | "(" expression ")"
///                 | "[" [expression {"," expression} [","]] "]"
///                 | "{" [expression ":" expression {"," …} [","]] "}"
///     literal     = int (decimal or 0x hex) | double | "…" | '…' | r"…" (raw) | true | false | null
///
/// String escapes: `\\ \" \' \` \? \$ \n \r \t \a \b \f \v \xHH \uHHHH \UHHHHHHHH`.
/// Templates (``Template``): text with `${expression}`; `$${` is a literal `${`.
///
/// **Types** (``ExpressionType``): bool, int, double, string, null, list(T), map(K, V), objects
/// (``ObjectSchema``, closed or open, fields optionally marked optional) and `dyn`. Checking is gradual:
/// `dyn` is accepted anywhere and checked when evaluated.
///
/// **Semantics** (``Value``, ``EvaluationError``):
/// - Reading a missing field, key or list element is the error ``EvaluationError/absent(_:)`` — never
///   `""`. `has(x.f)` is true when every step of `x.f` is present (it is false, not an error, when `x`
///   itself is absent or null). `a ?? b` is `b` when `a` is absent or null.
/// - `&&` and `||` are commutative with respect to errors, as in CEL: `false && error` and
///   `error && false` are false, `true || error` and `error || true` are true; otherwise the (left) error
///   propagates. `c ? a : b` evaluates only the branch taken.
/// - `==`/`!=` never fail on types: values of different types are unequal, `1 == 1.0`. The checker
///   rejects comparisons that can never be true (`event.Cause == 16` when `Cause` is a string).
/// - `< <= > >=` order numbers or strings; `+` adds numbers (int overflow is an error), concatenates
///   strings and lists; `-` subtracts numbers. There is no implicit conversion between text and numbers.
/// - `x in list` tests element equality, `k in map` key presence (int/bool keys as text).
/// - A deferred action result (``DeferredValue``) reads as absent in `when:` and travels symbolically in
///   action arguments.
///
/// **Comprehensions**: `list.exists(x, predicate)` and `list.all(x, predicate)` (over a map: its keys);
/// `x` is visible only inside the predicate; errors on single elements are absorbed like `||` / `&&`.
///
/// **Functions**: see ``FunctionRegistry/standard(phone:)``; `has()`, `exists()` and `all()` are macros. `user_of` and
/// `extension_of` are bound at run time through ``FunctionBindings``.
public enum ExpressionLanguage {}
