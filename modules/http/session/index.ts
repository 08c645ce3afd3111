/**
 * The HTTPSession overlay and the `session:` scheme (spec §11), with in-memory and Redis
 * session stores.
 */
export { HttpSession, type HttpSessionOptions } from './http-session.ts';
export { SessionSpace } from './session-space.ts';
export { registerSessionPrototypes } from './prototype.ts';
export * from './store/index.ts';
