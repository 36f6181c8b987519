#!/usr/bin/env node
// The `ddx` executable: a shim over the bundled CLI (scripts/bundle.mjs; `npm ci` builds it
// through `prepare`).
import '../bundle/ddx.js';
