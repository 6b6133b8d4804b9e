// ESLint (flat config) for the browser modules of the web client: plain ES modules, no build step.
// Run by `mvn verify` (web-client/pom.xml: npm ci, then eslint); by hand: npm ci && npx eslint
import js from '@eslint/js';
import globals from 'globals';

export default [
  // Maven's output (a copy of the sources) and the installed tools.
  { ignores: ['target/**', 'node_modules/**'] },
  js.configs.recommended,
  {
    files: ['src/main/resources/META-INF/resources/js/**/*.js'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: {
        ...globals.browser,
        // UMD bundles loaded by <script> tags (WebJars): @stomp/stompjs in index.html.
        StompJs: 'readonly',
      },
    },
  },
  // Service-worker scripts at the root (classic scripts in the worker's global scope).
  {
    files: ['src/main/resources/META-INF/resources/*.js'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'script',
      globals: { ...globals.serviceworker },
    },
  },
];
