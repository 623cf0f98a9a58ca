#!/usr/bin/env node
// Entry point for `whosaid` and `npm start`: runs the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../cli.ts');
