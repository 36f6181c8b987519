// Kept for the command in a package README: `npm run bench -- --suite gradients` does the same.
import { forward } from './legacy.mjs';

forward('gradients');
