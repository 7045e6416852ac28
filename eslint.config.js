// Lint = syntax-level rules from typescript-eslint (type errors are `npm run typecheck`'s job).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'index/', 'index.*/', 'eval/reports/', 'bench/', '.cache/', 'data/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
);
