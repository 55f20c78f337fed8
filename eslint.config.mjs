import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What the dashboard's scripts use of the browser. */
const BROWSER_GLOBALS = Object.fromEntries(
  ['window', 'document', 'Node', 'localStorage', 'sessionStorage', 'fetch', 'URL', 'URLSearchParams', 'Blob', 'crypto', 'requestAnimationFrame', 'setTimeout'].map(
    (name) => [name, 'readonly'],
  ),
);

export default tseslint.config(
  { ignores: ['dist/**', '.build-next/**', 'node_modules/**', 'coverage/**', 'data/**', 'web/vendor/**', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    // The dashboard: plain ES modules run by the browser as they are (no build step).
    files: ['web/**/*.js'],
    languageOptions: { sourceType: 'module', globals: BROWSER_GLOBALS },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'src/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
