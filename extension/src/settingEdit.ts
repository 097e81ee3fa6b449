// Setting or removing a member inside an object-valued setting (go.toolsEnvVars.GOPROXY,
// gopls["build.env"].GOPROXY, …) without touching the rest of the value. Pure.

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Returns a copy of `previous` where `member` (a path of literal property names: `["build.env",
 * "GOPROXY"]` is two levels, the first key containing a dot) is set to `value`, or removed when
 * `value` is undefined. Objects that become empty through a removal are dropped, up to the whole
 * value: undefined means "remove the setting". `previous` is never modified.
 *
 * With an empty `member`, the value itself is replaced (undefined removes it).
 */
export function updateMember(previous: unknown, member: readonly string[], value: string | undefined): unknown {
  if (member.length === 0) {
    return value;
  }
  const [head, ...rest] = member as [string, ...string[]];
  const base: JsonObject = isObject(previous) ? { ...previous } : {};
  if (value === undefined && !isObject(previous)) {
    // Nothing to remove: keep the value as it is.
    return previous;
  }
  const child = rest.length === 0 ? value : updateMember(base[head], rest, value);
  if (child === undefined) {
    delete base[head];
  } else {
    base[head] = child;
  }
  if (value === undefined && Object.keys(base).length === 0) {
    return undefined;
  }
  return base;
}

/** True when the two JSON-like values are structurally equal. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue(a[k], b[k]));
  }
  return false;
}
