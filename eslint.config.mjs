// @ts-check
// Lint as Starlight does: ESLint's and typescript-eslint's recommended rules with type checking,
// Astro's plugin for .astro files, and Prettier's config so that formatting is Prettier's alone.
import eslint from '@eslint/js';
import prettierConfig from 'eslint-config-prettier';
import astro from 'eslint-plugin-astro';
import { globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Generated output, dependencies, fixtures (real data, copied byte for byte) and hidden folders.
  globalIgnores(['dist/', 'node_modules/', '.astro/', '.cache/', 'content/', 'tests/fixtures/', '**/.*']),

  // Node's globals everywhere; browser code adds the browser's below.
  { languageOptions: { globals: { ...globals.nodeBuiltin } } },

  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  ...astro.configs.recommended,

  // Scripts that run in the browser or the service worker.
  {
    files: ['src/scripts/**/*.ts', 'src/**/*.astro'],
    languageOptions: { globals: { ...globals.browser, ...globals.serviceworker } },
  },

  // JavaScript config files are not part of the TypeScript project. Neither are the templates of
  // .astro files to the type checker ESLint drives: their JSX reads as an error type, so the
  // type-checked rules would flag every `{list.map(…)}`. `astro check` type-checks them instead.
  { files: ['**/*.mjs', '**/*.js', '**/*.astro'], extends: [tseslint.configs.disableTypeChecked] },

  prettierConfig,

  {
    rules: {
      // `expect(object.method)` in tests, and methods passed as callbacks, are fine without a plugin that knows them.
      '@typescript-eslint/unbound-method': 'off',
      // An empty catch says "a failure here means: carry on" (it has a comment saying why).
      'no-empty': ['error', { allowEmptyCatch: true }],
      // `_` marks what is left out on purpose, as in destructuring to omit a property.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          ignoreRestSiblings: true,
          destructuredArrayIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          argsIgnorePattern: '^_',
        },
      ],
    },
  },

  // Vitest's asymmetric matchers (`expect.stringMatching(…)` inside an expected object) are typed
  // `any`; in tests only, putting one in an object literal is what they are for.
  { files: ['tests/**/*.ts'], rules: { '@typescript-eslint/no-unsafe-assignment': 'off' } },
);
