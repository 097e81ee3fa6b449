import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initialHostEnv, parseEnviron } from '../src/hostEnv';

test('parseEnviron reads a NUL-separated block, values may contain = and newlines', () => {
  assert.deepEqual(parseEnviron('A=1\0GOFLAGS=-ldflags=-s -w\0MULTI=a\nb\0junk\0=x\0'), {
    A: '1',
    GOFLAGS: '-ldflags=-s -w',
    MULTI: 'a\nb',
  });
});

test('on Linux the env the process started with wins over the mutated snapshot', () => {
  const read = (p: string) => (p === '/proc/self/environ' ? 'HOME=/h\0PATH=/bin\0' : undefined);
  const got = initialHostEnv('linux', read, { HOME: '/h', PATH: '/bin', GOPROXY: 'copied-by-vscode-go' });
  assert.equal(got.source, 'proc');
  assert.deepEqual(got.env, { HOME: '/h', PATH: '/bin' });
});

test('without /proc the activation snapshot is used', () => {
  const snapshot = { HOME: '/h' };
  for (const [platform, read] of [
    ['darwin', () => 'HOME=/other\0'],
    ['linux', () => undefined],
    ['linux', () => ''],
  ] as const) {
    const got = initialHostEnv(platform, read, snapshot);
    assert.equal(got.source, 'activation', platform);
    assert.deepEqual(got.env, snapshot);
  }
});
