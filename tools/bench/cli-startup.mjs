// Kept for the command in a package README: `npm run bench -- --suite startup` does the same.
import { forward } from './legacy.mjs';

forward('startup');
