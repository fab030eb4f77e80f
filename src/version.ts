// The tool's version as reported in SARIF and `--version`; test/conventions.test.ts keeps it
// equal to package.json's (a constant, so the bundled Action needs no package.json at run time).
export const VERSION = '0.1.0';
