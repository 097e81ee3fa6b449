import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactingChannel, redactLogText } from '../src/logRedaction';

describe('trace log redaction', () => {
  it('masks URL credentials and members named like secrets, and nothing else', () => {
    const msg = `Params: {"hostEnv":{"GOPROXY":"https://alice:canaryPw1@proxy.example/mod,direct","GITHUB_TOKEN":"canaryTok2",` +
      `"GOAUTH":"command /bin/auth --token=canaryTok3","HTTPS_PROXY":"http://canaryTok4@10.0.0.1:3128","HOME":"/home/alice","EMPTY_TOKEN":""}}`;
    const out = redactLogText(msg);
    assert.ok(!/canary/i.test(out), out);
    assert.ok(out.includes('"GOPROXY":"https://***@proxy.example/mod,direct"'), out);
    assert.ok(out.includes('"HOME":"/home/alice"') && out.includes('"EMPTY_TOKEN":""'), out);
    assert.equal(redactLogText('git@github.com:x/y.git and user@example.com'), 'git@github.com:x/y.git and user@example.com');
  });

  it('redacts what is written through a wrapped channel and keeps its other members', () => {
    const written: string[] = [];
    const channel = { logLevel: 1, trace(s: string) { written.push(s); }, appendLine(s: string) { written.push(s); }, name: 'x' };
    const wrapped = redactingChannel(channel);
    wrapped.trace('{"npm_config_password":"canaryPw5"}');
    wrapped.appendLine('https://u:canaryPw6@h');
    assert.deepEqual(written, ['{"npm_config_password":"***"}', 'https://***@h']);
    assert.equal(wrapped.logLevel, 1);
    assert.equal(wrapped.name, 'x');
  });
});
