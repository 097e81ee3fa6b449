import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sameValue, updateMember } from '../src/settingEdit';

describe('updateMember', () => {
  it('sets a member and keeps the others', () => {
    const prev = { GOPROXY: 'a', GOFLAGS: '-mod=mod' };
    assert.deepEqual(updateMember(prev, ['GOPROXY'], 'b'), { GOPROXY: 'b', GOFLAGS: '-mod=mod' });
    assert.deepEqual(prev, { GOPROXY: 'a', GOFLAGS: '-mod=mod' }, 'previous value unchanged');
  });

  it('creates the object when the setting is unset', () => {
    assert.deepEqual(updateMember(undefined, ['GOPROXY'], 'x'), { GOPROXY: 'x' });
    assert.deepEqual(updateMember(null, ['GOPROXY'], 'x'), { GOPROXY: 'x' });
  });

  it('treats each member element as one literal key (gopls "build.env")', () => {
    const prev = { 'build.env': { GOFLAGS: '-tags=x' }, 'ui.semanticTokens': true };
    assert.deepEqual(updateMember(prev, ['build.env', 'GOPROXY'], 'p'), {
      'build.env': { GOFLAGS: '-tags=x', GOPROXY: 'p' },
      'ui.semanticTokens': true,
    });
    assert.deepEqual(updateMember({ 'ui.semanticTokens': true }, ['build.env', 'GOPROXY'], 'p'), {
      'ui.semanticTokens': true,
      'build.env': { GOPROXY: 'p' },
    });
  });

  it('removes a member', () => {
    assert.deepEqual(updateMember({ GOPROXY: 'a', GOFLAGS: 'f' }, ['GOPROXY'], undefined), { GOFLAGS: 'f' });
  });

  it('removes the whole setting when the object becomes empty', () => {
    assert.equal(updateMember({ GOPROXY: 'a' }, ['GOPROXY'], undefined), undefined);
    assert.equal(updateMember({ 'build.env': { GOPROXY: 'a' } }, ['build.env', 'GOPROXY'], undefined), undefined);
  });

  it('drops an emptied nested object but keeps its siblings', () => {
    assert.deepEqual(updateMember({ 'build.env': { GOPROXY: 'a' }, other: 1 }, ['build.env', 'GOPROXY'], undefined), { other: 1 });
  });

  it('leaves values alone when there is nothing to remove', () => {
    assert.equal(updateMember(undefined, ['GOPROXY'], undefined), undefined);
    assert.deepEqual(updateMember({ a: 1 }, ['b', 'c'], undefined), { a: 1 });
    assert.equal(updateMember('a string', ['x'], undefined), 'a string');
  });

  it('replaces a non-object value when setting a member', () => {
    assert.deepEqual(updateMember('oops', ['GOPROXY'], 'x'), { GOPROXY: 'x' });
  });

  it('replaces or removes the value itself with an empty member path', () => {
    assert.equal(updateMember('http://old', [], 'http://new'), 'http://new');
    assert.equal(updateMember('http://old', [], undefined), undefined);
  });
});

describe('sameValue', () => {
  it('compares structurally', () => {
    assert.ok(sameValue({ a: [1, { b: 'c' }] }, { a: [1, { b: 'c' }] }));
    assert.ok(!sameValue({ a: 1 }, { a: 1, b: undefined }));
    assert.ok(!sameValue([1], [1, 2]));
    assert.ok(sameValue(undefined, undefined));
    assert.ok(!sameValue(undefined, null));
  });
});
