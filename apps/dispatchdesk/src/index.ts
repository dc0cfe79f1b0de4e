// The manifest's handlers, and nothing else (logic lives in src/resolvers/).
export { adminHandler, consoleHandler } from './resolvers/index';
export { privacyReport } from './resolvers/privacy';
