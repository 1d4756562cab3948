export { toNested } from './toNested.js';
