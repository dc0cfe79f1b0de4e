// The manifest's handlers, and nothing else (logic lives in src/resolvers/).
export { adminResolver } from './resolvers/admin';
export { pullEndpoint } from './resolvers/pull';
export { pushScheduler, pushWorker } from './resolvers/push';
