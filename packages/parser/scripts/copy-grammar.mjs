// Build step: ddx.ohm beside the compiled parser, plus its ohm recipe (a pre-compiled grammar
// that loads in about a millisecond; see src/match.js).
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const ohm = createRequire(import.meta.url)('ohm-js');
copyFileSync('src/ddx.ohm', 'dist/ddx.ohm');
const grammar = ohm.grammar(readFileSync('src/ddx.ohm', 'utf8'));
writeFileSync('dist/ddx.recipe.json', JSON.stringify(grammar.toRecipe()));
