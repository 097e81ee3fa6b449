// Every user-visible string goes through vscode.l10n.t (or the injected `t` of the pure modules),
// and has a Simplified Chinese translation with the same placeholders; every %key% of the
// manifest is in package.nls.json and package.nls.zh-cn.json.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

const root = path.resolve(__dirname, '..', '..', '..');
const srcDir = path.join(root, 'extension', 'src');

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;
}

interface Found {
  messages: Map<string, string>; // message → first place
  dynamic: string[]; // calls whose message is not a literal
}

function isTranslateCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) {
    return callee.text === 't';
  }
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 't' && callee.expression.getText().endsWith('l10n');
}

function extract(): Found {
  const found: Found = { messages: new Map(), dynamic: [] };
  for (const name of fs.readdirSync(srcDir).filter((f) => f.endsWith('.ts'))) {
    const file = path.join(srcDir, name);
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && isTranslateCall(node)) {
        const arg = node.arguments[0];
        const where = `${name}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) {
          if (!found.messages.has(arg.text)) {
            found.messages.set(arg.text, where);
          }
        } else if (!(arg && ts.isIdentifier(arg) && arg.text === 'message')) {
          // Only the forwarding wrappers `(message, ...args) => vscode.l10n.t(message, ...args)` may pass a variable.
          found.dynamic.push(where);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** Text with words to translate: not just the product name, placeholders and punctuation. */
function needsTranslation(english: string): boolean {
  return english.replace(/Go Env Doctor|\{\d+\}|[\s\p{P}]/gu, '') !== '';
}

function placeholders(s: string): string[] {
  return [...s.matchAll(/\{(\d+)\}/g)].map((m) => m[1] ?? '').sort();
}

describe('l10n bundle', () => {
  const found = extract();
  const zh = readJson('l10n/bundle.l10n.zh-cn.json');

  it('finds the strings', () => {
    assert.ok(found.messages.size > 40, `only ${found.messages.size} strings found`);
    assert.deepEqual(found.dynamic, [], 'l10n.t with a message that is not a string literal');
  });

  it('translates every string with the same placeholders', () => {
    const missing = [...found.messages].filter(([m]) => typeof zh[m] !== 'string').map(([m, where]) => `${where}: ${m}`);
    assert.deepEqual(missing, [], 'missing from l10n/bundle.l10n.zh-cn.json');
    for (const [m] of found.messages) {
      assert.deepEqual(placeholders(zh[m] as string), placeholders(m), `placeholders of ${JSON.stringify(m)}`);
      if (needsTranslation(m)) {
        assert.match(zh[m] as string, /[\u4e00-\u9fff]/, `not Chinese: ${JSON.stringify(zh[m])}`);
      }
    }
  });

  it('has no stale entries', () => {
    const stale = Object.keys(zh).filter((k) => !found.messages.has(k));
    assert.deepEqual(stale, [], 'in l10n/bundle.l10n.zh-cn.json but not in the code');
  });
});

describe('manifest strings', () => {
  const pkgText = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
  const keys = new Set([...pkgText.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1] ?? ''));
  const en = readJson('package.nls.json');
  const zh = readJson('package.nls.zh-cn.json');

  it('every %key% has English and Chinese text, and nothing else is there', () => {
    assert.ok(keys.size > 10);
    assert.deepEqual(Object.keys(en).sort(), [...keys].sort(), 'package.nls.json keys');
    assert.deepEqual(Object.keys(zh).sort(), [...keys].sort(), 'package.nls.zh-cn.json keys');
    for (const k of keys) {
      if (needsTranslation(en[k] as string)) {
        assert.match(zh[k] as string, /[\u4e00-\u9fff]/, `not Chinese: ${k}`);
      }
    }
  });
});
