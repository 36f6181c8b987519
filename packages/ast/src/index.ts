export * from './nodes.js';
export * from './builders.js';
export * from './operators.js';
export * from './catalogue.js';
export * from './errors.js';
export * from './walk.js';
export * from './intern.js';
export * from './printer.js';
