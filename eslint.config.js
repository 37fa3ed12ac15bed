// ESLint with typescript-eslint's type-aware rules (no floating promises anywhere) and the layering of
// docs/architecture.md as import rules, so a wrong import fails `npm run lint` instead of a review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** One restriction: imports whose specifier matches `regex` are refused with `message`. */
const banned = (regex, message) => ({ regex, message });

// Any relative path into one of our top-level folders, e.g. '../store/customers.js' or '../../../bots/x.js'.
const into = (...dirs) => `^(\\.{1,2}/)+(src/)?(${dirs.join('|')})(/|$)`;

const MONGOOSE = banned('^(mongoose|mongodb)$', 'Only src/store talks to the database (conventions §1).');
const CHANNEL_LIBS = banned('^(grammy|@grammyjs/.*|express)$', 'No channel or HTTP library here: bots/ and src/http translate (conventions §1).');

const layer = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.cache/', 'data/', 'coverage/', 'test-artifacts/', '*.js', '**/*.mjs', 'src/web/assets/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Layers, innermost first. Each block lists everything its folder may not import (a later block for the
  // same file would replace, not extend, an earlier one, so the folders do not overlap).
  layer(['src/domain/**/*.ts'], [
    MONGOOSE,
    CHANNEL_LIBS,
    banned('^(node:)?(fs|fs/promises|net|http|https|child_process|dgram|dns|tls)$', 'src/domain is pure rules: no I/O (conventions §1).'),
    banned(into('store', 'engine', 'services', 'channels', 'http', 'cli', 'devdb', 'bots', 'jobs'), 'src/domain imports only src/domain: the rules know no storage, engine or front end.'),
  ]),
  layer(['src/store/**/*.ts'], [
    CHANNEL_LIBS,
    banned(into('engine', 'services', 'channels', 'http', 'cli', 'bots', 'jobs'), 'src/store sits under the engine and the services: take shared types from src/domain instead.'),
  ]),
  layer(['src/services/**/*.ts'], [
    MONGOOSE,
    CHANNEL_LIBS,
    banned(into('engine', 'channels', 'http', 'cli', 'bots', 'jobs'), 'src/services serves every front end and knows none of them: no engine, channel, CLI or HTTP code.'),
  ]),
  layer(['src/engine/**/*.ts'], [
    MONGOOSE,
    CHANNEL_LIBS,
    banned(into('channels', 'http', 'cli', 'bots', 'jobs'), 'src/engine knows no channel: it takes an InboundEvent and returns reply intents.'),
  ]),
  layer(['src/web/**/*.ts', 'src/web/**/*.tsx'], [
    MONGOOSE,
    banned(into('engine', 'channels', 'bots', 'jobs'), 'src/web is a front end over src/services: no engine, channel or job code.'),
  ]),
);
