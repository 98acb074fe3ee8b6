// Jest maps '@electric-sql/pglite' here (jest.config.js): PGlite is loaded once per worker by Node's own `require`,
// outside jest's per-file sandbox.
//
// In the sandbox every test file evaluated PGlite's 0.5 MB bundle again and compiled its 9 MB WebAssembly module
// again, and each start of a database went through jest's --experimental-vm-modules loader for the bundle's dynamic
// `import("module")`, `import("fs/promises")`, …: slow on a loaded machine, and a start still running when its file's
// environment was torn down (a timed-out beforeAll) failed with "Provided module is not an instance of Module"
// (jest returns no module once torn down). Outside, the imports are Node's, and the compiled module PGlite caches is
// shared by every file the worker runs. Only bytes cross between the realms (the wire server), so nothing relies on
// `instanceof` across them.
const getBuiltinModule = typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule : undefined;
const nodeModule = getBuiltinModule && getBuiltinModule('node:module');

module.exports = nodeModule
  ? nodeModule.createRequire(__filename)('@electric-sql/pglite')
  : // Node before 20.16: no way out of the sandbox; load the bundle in it as before (the path escapes the mapping).
    require(require('node:path').join(__dirname, '../../node_modules/@electric-sql/pglite/dist/index.cjs'));
