// Lint rules. The restricted globals keep processing time behind one seam (src/shared/util/Clock.ts),
// so every engine runs on a ManualClock in tests; bench/ measures wall time and may read it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const clockMessage = 'Read processing time through the Clock (src/shared/util/Clock.ts) so tests can run in virtual time.';

export default tseslint.config(
  { ignores: ['node_modules/**', 'coverage/**', 'out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'examples/**/*.ts'],
    ignores: ['src/shared/util/Clock.ts'],
    rules: {
      'no-restricted-globals': ['error',
        { name: 'setTimeout', message: clockMessage },
        { name: 'setInterval', message: clockMessage },
        { name: 'setImmediate', message: clockMessage },
        { name: 'performance', message: clockMessage },
      ],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: clockMessage },
        { object: 'performance', property: 'now', message: clockMessage },
        { object: 'globalThis', property: 'setTimeout', message: clockMessage },
      ],
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: clockMessage },
      ],
    },
  },
  {
    files: ['bench/**/*.ts', 'examples/**/*.ts', 'bin/**'],
    rules: { 'no-console': 'off' },
  },
);
