/** A wire-format stand-in for AWS: start it with a model, point the real SDK clients at its endpoint. */
export * from './builders.js';
export * from './duplicates.js';
export * from './model.js';
export * from './process.js';
export * from './server.js';
export {canonicalUserId} from './services/s3.js';
