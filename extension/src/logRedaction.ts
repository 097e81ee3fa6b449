// Redaction of the LSP trace log ("goEnvDoctor.trace.server": "verbose"). The server redacts
// everything it shows, but the trace logs raw protocol messages: the editor state carries the
// extension host's whole environment, and a fix's edit carries the value it writes back. Pure.

/** Method names of an output channel that take the text to write as their first argument. */
export const WRITE_METHODS = ['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace'] as const;

// scheme://user:password@ (or a token as the user) in a URL anywhere in the text.
const URL_USERINFO = /([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^\s/@"'`]+@/g;
// A JSON member whose name says it holds a secret: GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY, GOAUTH…
const SECRET_MEMBER = /"([A-Za-z_][A-Za-z0-9_]*)"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;
const SECRET_NAME = /TOKEN|SECRET|PASSW|PWD|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH|COOKIE|SESSION|NETRC/i;

/** Masks URL credentials and the values of JSON members named like secrets. */
export function redactLogText(text: string): string {
  return text
    .replace(URL_USERINFO, '$1***@')
    .replace(SECRET_MEMBER, (whole, name: string, colon: string, value: string) =>
      SECRET_NAME.test(name) && value !== '' ? `"${name}"${colon}"***"` : whole);
}

/**
 * Wraps an output channel so that every text written through it is redacted; every other
 * member (logLevel, onDidChangeLogLevel, show…) is the channel's own.
 */
export function redactingChannel<T extends object>(channel: T): T {
  return new Proxy(channel, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') {
        return value;
      }
      if ((WRITE_METHODS as readonly (string | symbol)[]).includes(prop)) {
        return (first: unknown, ...rest: unknown[]) =>
          (value as (...a: unknown[]) => unknown).apply(target, [typeof first === 'string' ? redactLogText(first) : first, ...rest]);
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}
