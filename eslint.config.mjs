// ESLint flat config: typescript-eslint's type-aware rules (recommendedTypeChecked), so a
// forgotten `await` (no-floating-promises) or a Promise used as a condition (no-misused-promises)
// is an error.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['extension/out/**', 'node_modules/**', 'dist/**', 'server/**', 'test/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['extension/**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode-languageclient', message: "Import from 'vscode-languageclient/node'." }],
        },
      ],
    },
  },
  {
    // Pure modules: unit-tested under plain Node, so they must not load VS Code.
    files: [
      'extension/src/bootstrap.ts',
      'extension/src/editorState.ts',
      'extension/src/hostEnv.ts',
      'extension/src/logRedaction.ts',
      'extension/src/markdown.ts',
      'extension/src/observed.ts',
      'extension/src/protocol.ts',
      'extension/src/reportModel.ts',
      'extension/src/restartBudget.ts',
      'extension/src/selector.ts',
      'extension/src/settingEdit.ts',
      'extension/src/statusView.ts',
      'extension/src/watchdog.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'This module is pure (unit-tested without VS Code).' },
            { name: 'vscode-languageclient', message: 'This module is pure (unit-tested without VS Code).' },
            { name: 'vscode-languageclient/node', message: 'This module is pure (unit-tested without VS Code).' },
          ],
        },
      ],
    },
  },
  {
    // node:test's describe/it return promises the runner awaits.
    files: ['extension/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'suite', 'test'] }] },
      ],
    },
  },
  {
    // The report view's webview script: plain browser JS, no type information.
    files: ['media/**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: 'script',
      globals: { window: 'readonly', document: 'readonly', acquireVsCodeApi: 'readonly' },
    },
  },
  {
    // The build scripts are plain Node ESM.
    files: ['scripts/**/*.mjs', 'eslint.config.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly' },
    },
  },
);
