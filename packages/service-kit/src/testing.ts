// For services' in-process route tests: the kit's app with one test key per role, driven with `app.inject()`.
export { bearer, testApp, testKeys } from './test-support/test-app.js';
