#!/usr/bin/env node
// The `ddx` executable: a shim over the built CLI (npm ci builds dist/ through `prepare`).
import '../dist/main.js';
