export { launchBrowser, moduleFrame } from './browser';
