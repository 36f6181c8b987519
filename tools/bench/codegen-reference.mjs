// The hand-written references moved to src/reference.ts (built to dist/reference.js).
export { graphReferenceSource, lectureReference, mlpReference } from './dist/reference.js';
