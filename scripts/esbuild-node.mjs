// esbuild settings shared by the CLI and the Action bundles: one CommonJS file for Node 20+.

export const nodeBundle = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // jsonc-parser's "main" is a UMD build whose requires esbuild cannot follow; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  // CommonJS has no import.meta: the sources use import.meta.url only for createRequire, which a
  // file URL of the bundle itself serves.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
};
