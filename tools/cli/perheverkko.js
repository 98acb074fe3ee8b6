#!/usr/bin/env node
'use strict';
// The `perheverkko` command (package.json "bin"), from any working directory. In a checkout it runs the TypeScript
// entry through @swc-node/register (the workspace's tsconfig names the @perheverkko/* paths); the images carry only
// the compiled main.js beside it (tools/build/ensure-compiled.mjs), and no compiler.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

if (existsSync(join(__dirname, 'main.ts'))) {
  const root = join(__dirname, '..', '..');
  process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || join(root, 'tsconfig.json');
  require(require.resolve('@swc-node/register', { paths: [root] }));
  require('./main.ts');
} else {
  require('./main.js');
}
