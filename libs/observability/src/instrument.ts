/**
 * Imported first by each app's main.ts, before anything loads `http`, `pg` or `kafkajs`: the instrumentations' `require`
 * hooks must be in place when those modules load (CommonJS, compiled or not, runs imports in order). Imports nothing else.
 */
import { instrumentLibraries } from './lib/instrumentations';

instrumentLibraries();
