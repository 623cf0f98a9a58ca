// Lint: typescript-eslint's recommended rules plus the import boundaries of the architecture note
// (which room may import which). Formatting is Prettier's job (.prettierrc.json), not the linter's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const DRIVERS = ['better-sqlite3', 'pg', '@electric-sql/pglite'];
const driverBan = DRIVERS.map((name) => ({ name, message: 'Only src/store/ talks to a database driver.' }));
const discordBan = [{ name: 'discord.js', message: 'Only src/discord/ imports discord.js.' }];

/** A relative import that reaches one of these top-level rooms (src/<room>/… or a file src/<room>.ts). */
const reaches = (rooms, message) => ({ regex: `(^|/)(${rooms.join('|')})(/|\\.ts$)`, message });
const UPWARD = reaches(
  ['app', 'cli', 'slash', 'commands'],
  'Domain rooms never import the composition root, the CLI, the slash machinery or the handlers.',
);

const restrict = (files, { paths = [], patterns = [] }) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
});

const DOMAIN = ['articles', 'extract', 'speakers', 'topics', 'store', 'ingest', 'intake', 'feeds', 'watches', 'net', 'text', 'ops'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'bench-out/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        performance: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        fetch: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-control-regex': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  // Boundaries (architecture.md, "Guards that keep it so").
  restrict(['src/extract/**'], {
    paths: [...driverBan, ...discordBan],
    patterns: [
      reaches(
        [
          'app',
          'cli',
          'slash',
          'commands',
          'store',
          'ingest',
          'intake',
          'feeds',
          'watches',
          'net',
          'discord',
          'console',
          'reply',
          'articles',
          'topics',
          'ops',
          'config',
          'log',
        ],
        'extract/ imports nothing above model/ and text/.',
      ),
    ],
  }),
  ...DOMAIN.filter((room) => room !== 'extract' && room !== 'store').map((room) =>
    restrict([`src/${room}/**`], { paths: [...driverBan, ...discordBan], patterns: [UPWARD] }),
  ),
  restrict(['src/store/**'], { paths: discordBan, patterns: [UPWARD] }),
  restrict(['commands/**', 'src/reply/**'], {
    paths: [...driverBan, ...discordBan],
    patterns: [reaches(['app', 'cli', 'discord', 'console'], 'Handlers and replies are platform-neutral.')],
  }),
  restrict(['src/slash/**'], {
    paths: [...driverBan, ...discordBan],
    patterns: [reaches(['app', 'cli', 'commands', 'discord', 'console'], 'The slash machinery does not know its callers or the handlers.')],
  }),
  restrict(['src/console/**', 'src/app.ts', 'src/cli/**', 'src/cli.ts', 'src/config.ts', 'src/log.ts', 'src/model.ts'], {
    paths: [...driverBan, ...discordBan],
  }),
  {
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
