// Kept for the command in a package README: `npm run bench -- --suite parse` does the same.
import { forward } from './legacy.mjs';

forward('parse');
