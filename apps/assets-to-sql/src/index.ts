// The manifest's handlers, and nothing else (logic lives in src/resolvers/).
export { adminResolver } from './resolvers/admin';
export { privacyReport } from './resolvers/privacy';
export { pullEndpoint } from './resolvers/pull';
export { pushScheduler, pushWorker } from './resolvers/push';
